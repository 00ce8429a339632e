package traffic

import (
	"encoding/base64"
	"io"
	"net/http"
	"net/url"
	"sort"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/specdrift/specdrift/contract"
)

// HARWriter writes exchanges as an HTTP Archive 1.2, entry by entry; Close
// ends the archive. It is safe for concurrent use.
type HARWriter struct {
	mu      sync.Mutex
	w       io.Writer
	c       io.Closer
	entries int
	err     error
}

// NewHARWriter starts an archive on w; Close closes w when it is an
// io.Closer.
func NewHARWriter(w io.Writer, creator, version string) *HARWriter {
	c, _ := w.(io.Closer)
	h := &HARWriter{w: w, c: c}
	head, err := marshalLine(map[string]any{"name": creator, "version": version})
	if err == nil {
		_, err = io.WriteString(w, `{"log":{"version":"1.2","creator":`+string(head[:len(head)-1])+`,"entries":[`+"\n")
	}
	h.err = err
	return h
}

// Write appends one entry.
func (h *HARWriter) Write(rec Record) error {
	b, err := marshalLine(harEntryOf(rec.Exchange, rec.Time))
	if err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.err != nil {
		return h.err
	}
	if h.entries > 0 {
		b = append([]byte{','}, b...)
	}
	h.entries++
	_, h.err = h.w.Write(b)
	return h.err
}

// Close ends the archive and closes the underlying writer.
func (h *HARWriter) Close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	err := h.err
	if err == nil {
		_, err = io.WriteString(h.w, "]}}\n")
	}
	h.err = io.ErrClosedPipe
	if h.c != nil {
		if cerr := h.c.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

func harEntryOf(ex *contract.Exchange, at time.Time) *harEntry {
	if at.IsZero() {
		at = time.Unix(0, 0)
	}
	e := &harEntry{StartedDateTime: at.UTC().Format(time.RFC3339Nano)}
	e.Request = harRequest{Method: ex.Request.Method, URL: ex.Request.URL, HTTPVersion: "HTTP/1.1",
		Cookies: []harNameValue{}, Headers: harPairs(ex.Request.Header), QueryString: []harNameValue{},
		HeadersSize: -1, BodySize: len(ex.Request.Body)}
	if u, err := url.Parse(ex.Request.URL); err == nil {
		q := u.Query()
		keys := make([]string, 0, len(q))
		for k := range q {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			for _, v := range q[k] {
				e.Request.QueryString = append(e.Request.QueryString, harNameValue{k, v})
			}
		}
	}
	if len(ex.Request.Body) > 0 {
		pd := &harPostData{MimeType: ex.Request.Header.Get("Content-Type")}
		pd.Text, pd.Encoding = harBody(ex.Request.Body)
		e.Request.PostData = pd
	}
	e.Response = harResponse{HTTPVersion: "HTTP/1.1", Cookies: []harNameValue{}, Headers: []harNameValue{}, HeadersSize: -1, BodySize: -1}
	if r := ex.Response; r != nil {
		e.Response.Status, e.Response.StatusText = r.Status, http.StatusText(r.Status)
		e.Response.Headers = harPairs(r.Header)
		e.Response.BodySize = len(r.Body)
		e.Response.Content = harContent{Size: len(r.Body), MimeType: r.Header.Get("Content-Type")}
		e.Response.Content.Text, e.Response.Content.Encoding = harBody(r.Body)
	}
	return e
}

func harBody(b []byte) (text, encoding string) {
	if utf8.Valid(b) {
		return string(b), ""
	}
	return base64.StdEncoding.EncodeToString(b), "base64"
}

func harPairs(h http.Header) []harNameValue {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := []harNameValue{}
	for _, k := range keys {
		for _, v := range h[k] {
			out = append(out, harNameValue{k, v})
		}
	}
	return out
}
