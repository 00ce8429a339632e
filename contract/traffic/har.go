package traffic

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/specdrift/specdrift/contract"
)

// The parts of an HTTP Archive 1.2 entry that make an exchange.
type harEntry struct {
	StartedDateTime string      `json:"startedDateTime"`
	Time            float64     `json:"time"`
	Request         harRequest  `json:"request"`
	Response        harResponse `json:"response"`
	Cache           struct{}    `json:"cache"`
	Timings         harTimings  `json:"timings"`
}

type harRequest struct {
	Method      string         `json:"method"`
	URL         string         `json:"url"`
	HTTPVersion string         `json:"httpVersion"`
	Cookies     []harNameValue `json:"cookies"`
	Headers     []harNameValue `json:"headers"`
	QueryString []harNameValue `json:"queryString"`
	PostData    *harPostData   `json:"postData,omitempty"`
	HeadersSize int            `json:"headersSize"`
	BodySize    int            `json:"bodySize"`
}

type harResponse struct {
	Status      int            `json:"status"`
	StatusText  string         `json:"statusText"`
	HTTPVersion string         `json:"httpVersion"`
	Cookies     []harNameValue `json:"cookies"`
	Headers     []harNameValue `json:"headers"`
	Content     harContent     `json:"content"`
	RedirectURL string         `json:"redirectURL"`
	HeadersSize int            `json:"headersSize"`
	BodySize    int            `json:"bodySize"`
}

type harNameValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type harPostData struct {
	MimeType string `json:"mimeType"`
	Text     string `json:"text"`
	Encoding string `json:"encoding,omitempty"` // not in HAR 1.2, written by some tools
}

type harContent struct {
	Size     int    `json:"size"`
	MimeType string `json:"mimeType"`
	Text     string `json:"text,omitempty"`
	Encoding string `json:"encoding,omitempty"`
}

type harTimings struct {
	Send    float64 `json:"send"`
	Wait    float64 `json:"wait"`
	Receive float64 `json:"receive"`
}

// HARReader reads the entries of an HTTP Archive (HAR 1.2, as browsers,
// Postman and mitmproxy export it) one at a time, in memory bounded by its
// body limit whatever the file holds: one entry, without the whitespace
// between its tokens, and without a body over the limit, which is left out
// of its exchange (see contract.Request.Oversize) to be reported as
// body-too-large. An entry's response with status 0 (a request that got no
// answer) has no response.
type HARReader struct {
	name    string
	sc      *scanner
	maxBody int64
	state   int // 0: before entries, 1: in entries, 2: done
	entry   int
}

// NewHARReader reads r with DefaultMaxBody; name is used in sources and
// errors.
func NewHARReader(r io.Reader, name string) *HARReader {
	h := &HARReader{name: name, sc: newScanner(r, 0), maxBody: DefaultMaxBody}
	h.sc.isBody = func(p []string) bool {
		return len(p) == 3 && (p[0] == "request" && p[1] == "postData" || p[0] == "response" && p[1] == "content") && p[2] == "text"
	}
	return h
}

// WithMaxBody sets the largest body kept for validation (0:
// DefaultMaxBody); call it before the first Next.
func (h *HARReader) WithMaxBody(n int64) *HARReader {
	if n <= 0 {
		n = DefaultMaxBody
	}
	h.maxBody = n
	h.sc.setLimit(n)
	return h
}

func (h *HARReader) fail(err error) error {
	h.state = 2
	line := h.sc.line
	var se *syntaxError
	if errors.As(err, &se) {
		line = se.line
	}
	return &contract.InputError{File: h.name, Line: line, Err: fmt.Errorf("not a HAR file: %v", err)}
}

// Next returns the next entry's exchange.
func (h *HARReader) Next() (*contract.Exchange, error) {
	switch h.state {
	case 2:
		return nil, io.EOF
	case 0:
		if err := h.findEntries(); err != nil {
			return nil, h.fail(err)
		}
		h.state = 1
	}
	c, err := h.sc.space(false)
	if err != nil {
		return nil, h.fail(h.sc.eof(err))
	}
	switch {
	case c == ']':
		h.state = 2
		return nil, io.EOF
	case h.entry > 0 && c != ',':
		return nil, h.fail(h.sc.fail("invalid character %s after array element", quoteChar(c)))
	case h.entry > 0:
		h.sc.readByte()
	}
	v, err := h.sc.value()
	if err != nil {
		return nil, h.fail(h.sc.eof(err))
	}
	n := h.entry
	h.entry++
	// The entry names the exchange; lines of the file would be wrong for
	// the bodies, which are JSON strings in it.
	src := contract.Source{Name: h.name, Entry: "entries/" + strconv.Itoa(n)}
	bad := func(err error) error {
		return &contract.InputError{File: h.name, Line: v.line, Err: fmt.Errorf("entries/%d: %v", n, err)}
	}
	oversize, err := h.oversize(v)
	if err != nil {
		return nil, bad(err)
	}
	var e harEntry
	if err := json.Unmarshal(v.raw, &e); err != nil {
		return nil, bad(errors.New(jsonError(err)))
	}
	ex, err := e.exchange(src)
	if err != nil {
		return nil, bad(err)
	}
	markOversize(ex, oversize, h.maxBody)
	return ex, nil
}

// oversize says which bodies of an entry were left out for their size, or
// why the entry cannot be kept at all.
func (h *HARReader) oversize(v *scanned) (sides map[string]bool, err error) {
	if v.tooLarge {
		return nil, fmt.Errorf("more than %d bytes besides its bodies (--max-body)", h.maxBody)
	}
	for _, d := range v.dropped {
		if !h.sc.isBody(d.path) {
			return nil, fmt.Errorf("%s: a string of more than %d bytes; only a body may be larger than --max-body", strings.Join(d.path, "."), h.maxBody)
		}
		if sides == nil {
			sides = map[string]bool{}
		}
		sides[d.path[0]] = true
	}
	return sides, nil
}

// markOversize leaves out of ex the bodies that are over the limit: those
// the reader did not keep (sides), and those that are over it once decoded.
func markOversize(ex *contract.Exchange, sides map[string]bool, limit int64) {
	if sides["request"] || int64(len(ex.Request.Body)) > limit {
		ex.Request.Body, ex.Request.Oversize = nil, limit
	}
	if r := ex.Response; r != nil && (sides["response"] || int64(len(r.Body)) > limit) {
		r.Body, r.Oversize = nil, limit
	}
}

// findEntries moves the reader to the first element of log.entries,
// skipping every other member without keeping it.
func (h *HARReader) findEntries() error {
	if err := h.sc.expect('{'); err != nil {
		return err
	}
	if err := h.sc.seek("log"); err != nil {
		return err
	}
	if err := h.sc.expect('{'); err != nil {
		return err
	}
	if err := h.sc.seek("entries"); err != nil {
		return err
	}
	return h.sc.expect('[')
}

func (e *harEntry) exchange(src contract.Source) (*contract.Exchange, error) {
	if e.Request.Method == "" || e.Request.URL == "" {
		return nil, errors.New("request needs a method and a url")
	}
	ex := &contract.Exchange{Source: src, Request: contract.Request{
		Method: strings.ToUpper(e.Request.Method), URL: e.Request.URL, Header: harHeader(e.Request.Headers)}}
	if pd := e.Request.PostData; pd != nil && pd.Text != "" {
		body, err := harText(pd.Text, pd.Encoding)
		if err != nil {
			return nil, fmt.Errorf("request postData: %v", err)
		}
		ex.Request.Body = body
		if ex.Request.Header.Get("Content-Type") == "" && pd.MimeType != "" {
			ex.Request.Header.Set("Content-Type", pd.MimeType)
		}
	}
	if e.Response.Status == 0 {
		return ex, nil // no answer was received
	}
	if e.Response.Status < 100 || e.Response.Status > 599 {
		return nil, fmt.Errorf("response status %d is not an HTTP status", e.Response.Status)
	}
	ex.Response = &contract.Response{Status: e.Response.Status, Header: harHeader(e.Response.Headers)}
	if c := e.Response.Content; c.Text != "" {
		body, err := harText(c.Text, c.Encoding)
		if err != nil {
			return nil, fmt.Errorf("response content: %v", err)
		}
		ex.Response.Body = body
	}
	return ex, nil
}

func harText(text, encoding string) ([]byte, error) {
	switch strings.ToLower(encoding) {
	case "":
		return []byte(text), nil
	case "base64":
		return base64.StdEncoding.DecodeString(text)
	}
	return nil, fmt.Errorf("unknown encoding %q", encoding)
}

// harHeader keeps the headers an HTTP/2 capture writes as pseudo-headers
// (":authority") out.
func harHeader(nvs []harNameValue) http.Header {
	h := make(http.Header, len(nvs))
	for _, nv := range nvs {
		if strings.HasPrefix(nv.Name, ":") {
			continue
		}
		h.Add(nv.Name, nv.Value)
	}
	return h
}
