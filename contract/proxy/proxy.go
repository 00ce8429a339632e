// Package proxy is a validating reverse proxy: it passes every request to
// one upstream and every response back unchanged (status, headers and
// bodies byte for byte, streamed), and validates each exchange against the
// specs on the way. Findings are logged as NDJSON; with Enforce, a response
// that drifts is replaced by a 502 problem+json naming the drift. It
// forwards only to its upstream: it is not an open proxy.
package proxy

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/traffic"
)

// Defaults of Options.
const (
	DefaultMaxBody = 8 << 20
	DefaultTimeout = 30 * time.Second
)

// Options configure a Proxy. Only Upstream and Validator are required.
type Options struct {
	Upstream  *url.URL
	Validator *contract.Validator
	// MaxBody is the largest body validated; a larger one is passed on
	// unchanged and reported with a body-too-large finding. 0: DefaultMaxBody.
	MaxBody int64
	// Timeout bounds the whole upstream exchange, from sending the request
	// to the last byte of the response. 0: DefaultTimeout.
	Timeout time.Duration
	// Enforce replaces a response with findings at or above EnforceAt
	// (response findings only) by a 502 problem+json naming them.
	Enforce   bool
	EnforceAt contract.Severity
	// AllowUpgrade lets Enforce pass on upgraded connections (101
	// Switching Protocols), which cannot be validated; they are logged as
	// not validated either way.
	AllowUpgrade bool
	// Log receives the findings, one JSON object a line, secrets redacted.
	// nil: findings are only counted.
	Log io.Writer
	// Recorder, if set, records each complete exchange, secrets redacted.
	Recorder *traffic.Recorder
	// Transport reaches the upstream. nil: NewTransport(). An
	// *http.Transport is used with its DisableCompression set, so that
	// the client's Accept-Encoding and the upstream's bytes pass unchanged.
	Transport http.RoundTripper
	// ErrorLog receives what cannot be reported as a finding (a recording
	// that failed). nil: discarded.
	ErrorLog *log.Logger
	// Observer, if set, is told of each exchange once it is validated.
	Observer Observer
}

// Proxy is the validating reverse proxy; it is an http.Handler.
type Proxy struct {
	opts     Options
	rp       *httputil.ReverseProxy
	upstream string // the upstream's base URL, without userinfo, for sources and messages
	seq      atomic.Int64
	pending  counter       // validations not yet done
	slots    chan struct{} // bounds the validations running after their response was delivered
	logMu    sync.Mutex
	summary  *summary
}

// New returns a proxy to opts.Upstream.
func New(opts Options) (*Proxy, error) {
	if opts.Upstream == nil || opts.Upstream.Host == "" || (opts.Upstream.Scheme != "http" && opts.Upstream.Scheme != "https") {
		return nil, errors.New("proxy: the upstream must be an http or https URL with a host")
	}
	if opts.Validator == nil {
		return nil, errors.New("proxy: no validator")
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	switch t := opts.Transport.(type) {
	case nil:
		opts.Transport = NewTransport()
	case *http.Transport:
		if !t.DisableCompression {
			// Else it asks for gzip when the client did not, and
			// decompresses what the client would have got as it came.
			t = t.Clone()
			t.DisableCompression = true
			opts.Transport = t
		}
	}
	if opts.ErrorLog == nil {
		opts.ErrorLog = log.New(io.Discard, "", 0)
	}
	// The upstream as shown and recorded: a user name or password in its
	// URL never leaves the process (nor is it sent: SetURL drops it).
	p := &Proxy{opts: opts, upstream: strings.TrimSuffix(contract.StripUserinfo(opts.Upstream.String()), "/"),
		slots: make(chan struct{}, 4*runtime.GOMAXPROCS(0)), summary: newSummary()}
	p.rp = &httputil.ReverseProxy{
		Rewrite:        p.rewrite,
		Transport:      opts.Transport,
		ModifyResponse: p.modifyResponse,
		ErrorHandler:   p.errorHandler,
		ErrorLog:       opts.ErrorLog,
	}
	return p, nil
}

// NewTransport is the transport New uses by default: keeps enough idle
// connections for a busy single upstream, no proxy from the environment
// (the upstream is reached directly), and no compression of its own: the
// client's Accept-Encoding goes to the upstream as the client sent it, and
// the response's bytes come back as the upstream sent them.
func NewTransport() *http.Transport {
	return &http.Transport{
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   256,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		ForceAttemptHTTP2:     true,
		DisableCompression:    true,
	}
}

// exchangeKey carries an exchange's state through the reverse proxy.
type exchangeKey struct{}

// state is one exchange on its way through the proxy.
type state struct {
	seq      int64
	in       *http.Request // the request as received
	reqBody  *capture
	gotResp  atomic.Bool
	cancel   context.CancelFunc
	enforced []contract.Finding // set when Enforce withholds the response
	upgrade  upgrade            // what became of a request to upgrade the connection
	start    time.Time
	upstream time.Duration // until the upstream's response header came
	wait     clientWait    // the time spent waiting on the client
}

// ServeHTTP passes the request to the upstream and validates the exchange.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodConnect || r.URL.IsAbs() {
		writeProblem(w, http.StatusBadRequest, problem{Type: "urn:specdrift:problem:not-a-forward-proxy", Title: "Not a forward proxy",
			Detail: "specdrift proxy forwards only to its upstream " + p.upstream + "; send requests for that API to it with a path, not a full URL or CONNECT."})
		return
	}
	if dotSegments(r.URL.Path) {
		p.opts.ErrorLog.Printf("specdrift proxy: refused %s %s: the path has dot segments", r.Method, r.URL.EscapedPath())
		writeProblem(w, http.StatusBadRequest, problem{Type: "urn:specdrift:problem:dot-segments", Title: "The path has dot segments",
			Detail: `The path has a "." or ".." segment (perhaps percent-encoded, or split by an encoded slash or a backslash), which could take the request out of the upstream's base path; specdrift proxy refuses it rather than change what the client sent. Send the path without them.`})
		return
	}
	st := &state{seq: p.seq.Add(1), in: r, start: time.Now()}
	if p.refuseUpgrade(w, st) {
		return
	}
	if r.Body != nil && r.Body != http.NoBody {
		st.reqBody = newCapture(r.Body, r.ContentLength, p.opts.MaxBody, nil)
	}
	// The upstream exchange outlives a client that goes away once the
	// response has started, so that its response can still be validated;
	// before that, the client leaving cancels it.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), p.opts.Timeout)
	defer cancel()
	st.cancel = cancel
	stop := context.AfterFunc(r.Context(), func() {
		if !st.gotResp.Load() {
			cancel()
		}
	})
	defer stop()
	defer watchClient(ctx, st, w)()
	r2 := r.WithContext(context.WithValue(ctx, exchangeKey{}, st))
	if st.reqBody != nil {
		r2.Body = timedBody{st.reqBody, &st.wait}
	}
	p.rp.ServeHTTP(&clientWriter{ResponseWriter: w, wait: &st.wait}, r2)
}

// dotSegments says whether a (decoded) path has a "." or ".." segment, with
// a backslash taken as a slash and a ";parameter" left out, as some
// servers read them.
func dotSegments(path string) bool {
	for _, seg := range strings.FieldsFunc(path, func(r rune) bool { return r == '/' || r == '\\' }) {
		seg, _, _ = strings.Cut(seg, ";")
		if seg == "." || seg == ".." {
			return true
		}
	}
	return false
}

func (p *Proxy) rewrite(pr *httputil.ProxyRequest) {
	pr.SetURL(p.opts.Upstream)
	// As a reverse proxy should: the client's address is appended to the
	// X-Forwarded-For it sent, and X-Forwarded-Host and -Proto say what it
	// asked this proxy for, whatever it claimed. ReverseProxy drops them
	// all before Rewrite.
	if v, ok := pr.In.Header["X-Forwarded-For"]; ok {
		pr.Out.Header["X-Forwarded-For"] = v
	}
	pr.SetXForwarded()
}

func stateOf(r *http.Request) *state {
	st, _ := r.Context().Value(exchangeKey{}).(*state)
	return st
}

// Wait waits for the validations still running; call it after the server
// has shut down and before reading the Summary. It may also be called
// while the proxy serves: it returns once no validation is running.
func (p *Proxy) Wait() { p.pending.Wait() }

// counter is a WaitGroup that may be waited on while it is added to: a
// validation can start while a caller waits between requests.
type counter struct {
	mu   sync.Mutex
	n    int
	zero *sync.Cond
}

func (c *counter) Add(delta int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n += delta
	if c.n == 0 && c.zero != nil {
		c.zero.Broadcast()
	}
}

func (c *counter) Done() { c.Add(-1) }

func (c *counter) Wait() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.zero == nil {
		c.zero = sync.NewCond(&c.mu)
	}
	for c.n > 0 {
		c.zero.Wait()
	}
}

// Summary counts the exchanges and findings so far.
func (p *Proxy) Summary() Summary {
	p.logMu.Lock()
	defer p.logMu.Unlock()
	return p.summary.clone()
}
