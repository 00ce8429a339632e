package proxy

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/traffic"
)

// Timeout bounds the whole exchange. When it runs out while the proxy was
// mostly waiting on the client (a request body trickled, a response not
// taken), the API is not at fault: the exchange ends with client-timeout,
// not upstream-timeout.

// clientWait adds up the time an exchange spends waiting on its client:
// reading its request body, writing its response.
type clientWait struct {
	mu               sync.Mutex
	total            time.Duration
	reading, writing int
	since            time.Time
}

func (c *clientWait) start(write bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reading+c.writing == 0 {
		c.since = time.Now()
	}
	if write {
		c.writing++
	} else {
		c.reading++
	}
}

func (c *clientWait) end(write bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if write {
		c.writing--
	} else {
		c.reading--
	}
	if c.reading+c.writing == 0 {
		c.total += time.Since(c.since)
	}
}

// waited is the time spent waiting on the client so far, and what the
// proxy is waiting for now.
func (c *clientWait) waited() (d time.Duration, reading, writing bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d = c.total
	if c.reading+c.writing > 0 {
		d += time.Since(c.since)
	}
	return d, c.reading > 0, c.writing > 0
}

// waitedOnClient says whether err is the exchange running out of time
// while it spent at least half of that time waiting on the client.
func waitedOnClient(st *state, err error) bool {
	if err == nil || traffic.FaultRule(err) != contract.RuleUpstreamTimeout {
		return false
	}
	d, _, _ := st.wait.waited()
	return 2*d >= time.Since(st.start)
}

// watchClient stops waiting on the client once ctx's deadline has passed:
// the read or write under way fails, and the exchange ends within the
// timeout rather than whenever the client moves.
func watchClient(ctx context.Context, st *state, w http.ResponseWriter) (stop func() bool) {
	return context.AfterFunc(ctx, func() {
		if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return
		}
		_, reading, writing := st.wait.waited()
		rc := http.NewResponseController(w)
		if writing {
			_ = rc.SetWriteDeadline(time.Now())
		}
		if reading {
			_ = rc.SetReadDeadline(time.Now())
		}
	})
}

// clientWriter is the client's side of the response: it times the writes
// (clientWait) and keeps net/http from adding a Content-Type the upstream
// did not send.
type clientWriter struct {
	http.ResponseWriter
	wait *clientWait
}

func (w *clientWriter) WriteHeader(code int) {
	if _, ok := w.Header()["Content-Type"]; !ok {
		w.Header()["Content-Type"] = nil
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *clientWriter) Write(b []byte) (int, error) {
	w.wait.start(true)
	defer w.wait.end(true)
	return w.ResponseWriter.Write(b)
}

// FlushError flushes what was written to the client.
func (w *clientWriter) FlushError() error {
	w.wait.start(true)
	defer w.wait.end(true)
	return http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap gives http.ResponseController the writer's deadlines and
// hijacking.
func (w *clientWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// timedBody times the reads of a request body from the client.
type timedBody struct {
	*capture
	wait *clientWait
}

func (b timedBody) Read(p []byte) (int, error) {
	b.wait.start(false)
	defer b.wait.end(false)
	return b.capture.Read(p)
}

// clientTimeout is the finding of an exchange that ran out of time
// waiting on its client.
func (p *Proxy) clientTimeout(source contract.Source, operation string) contract.Finding {
	r, _ := contract.LookupRule(contract.RuleClientTimeout)
	return contract.Finding{Rule: r.ID, Severity: r.Severity, Operation: operation, Source: source.At("response"), In: "response",
		Expected: fmt.Sprintf("a client that sends its request and takes the response within %s", p.opts.Timeout),
		Actual:   "the proxy waited on the client",
		Message: fmt.Sprintf("The exchange ran out of time (--timeout %s) waiting mostly on the client, not on %s: the client sent its request or took the response too slowly. This says nothing about the API.",
			p.opts.Timeout, p.upstream)}
}
