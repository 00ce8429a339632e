// Package traffic reads and writes captured HTTP traffic: HAR 1.2 archives
// and NDJSON logs (one exchange a line), streaming, in bounded memory. It
// records exchanges as fixtures, HAR or NDJSON with every secret redacted,
// turns upstream faults (refused, slow, reset, not HTTP) into findings, and
// validates a log of any size through the Validator's ValidateAll.
package traffic

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/specdrift/specdrift/contract"
)

// MaxLine is the longest NDJSON line the reader accepts.
const MaxLine = 64 << 20

// Line is one exchange of an NDJSON log, the same fields as a fixture:
//
//	{"operation":"ListAuthorisations","request":{"method":"GET","url":"/v3/...","headers":{"X-Auth-Token":"..."}},
//	 "response":{"status":200,"headers":{"Content-Type":"application/json"},"body":"{...}"}}
type Line struct {
	Time      string        `json:"time,omitempty"` // RFC 3339, when the exchange was recorded
	Operation string        `json:"operation,omitempty"`
	Request   LineRequest   `json:"request"`
	Response  *LineResponse `json:"response,omitempty"`
}

// LineRequest is the request of a Line.
type LineRequest struct {
	Method     string  `json:"method"`
	URL        string  `json:"url"`
	Headers    Headers `json:"headers,omitempty"`
	Body       *string `json:"body,omitempty"`
	BodyBase64 *string `json:"body_base64,omitempty"` // for bodies that are not UTF-8 text
}

// LineResponse is the response of a Line.
type LineResponse struct {
	Status     int     `json:"status"`
	Headers    Headers `json:"headers,omitempty"`
	Body       *string `json:"body,omitempty"`
	BodyBase64 *string `json:"body_base64,omitempty"`
}

// Headers maps a header name to its values; in JSON a single value is a
// string and several are an array, as in fixtures.
type Headers map[string][]string

// MarshalJSON writes single values as strings, names sorted.
func (h Headers) MarshalJSON() ([]byte, error) {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		name, _ := json.Marshal(k)
		buf.Write(name)
		buf.WriteByte(':')
		var v any = h[k]
		if len(h[k]) == 1 {
			v = h[k][0]
		}
		val, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		buf.Write(val)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// UnmarshalJSON accepts a string or an array of strings for each header.
func (h *Headers) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return errors.New("headers must be an object of name to value")
	}
	out := make(Headers, len(raw))
	for k, v := range raw {
		var one string
		if err := json.Unmarshal(v, &one); err == nil {
			out[k] = []string{one}
			continue
		}
		var many []string
		if err := json.Unmarshal(v, &many); err != nil {
			return fmt.Errorf("header %s: value must be a string or an array of strings", k)
		}
		out[k] = many
	}
	*h = out
	return nil
}

// Exchange converts the line into an exchange from source src.
func (l *Line) Exchange(src contract.Source) (*contract.Exchange, error) {
	if l.Request.Method == "" || l.Request.URL == "" {
		return nil, errors.New("request needs a method and a url")
	}
	ex := &contract.Exchange{Source: src, Operation: l.Operation, Request: contract.Request{
		Method: strings.ToUpper(l.Request.Method), URL: l.Request.URL, Header: httpHeader(l.Request.Headers)}}
	var err error
	if ex.Request.Body, err = decodeBody(l.Request.Body, l.Request.BodyBase64); err != nil {
		return nil, fmt.Errorf("request body: %v", err)
	}
	if r := l.Response; r != nil {
		if r.Status < 100 || r.Status > 599 {
			return nil, fmt.Errorf("response status %d is not an HTTP status", r.Status)
		}
		ex.Response = &contract.Response{Status: r.Status, Header: httpHeader(r.Headers)}
		if ex.Response.Body, err = decodeBody(r.Body, r.BodyBase64); err != nil {
			return nil, fmt.Errorf("response body: %v", err)
		}
	}
	return ex, nil
}

// NewLine converts an exchange into a line; bodies that are not UTF-8 text
// are kept in base64.
func NewLine(ex *contract.Exchange, at time.Time) *Line {
	l := &Line{Operation: ex.Operation, Request: LineRequest{Method: ex.Request.Method, URL: ex.Request.URL, Headers: Headers(ex.Request.Header)}}
	if !at.IsZero() {
		l.Time = at.UTC().Format(time.RFC3339Nano)
	}
	l.Request.Body, l.Request.BodyBase64 = encodeBody(ex.Request.Body)
	if r := ex.Response; r != nil {
		l.Response = &LineResponse{Status: r.Status, Headers: Headers(r.Header)}
		l.Response.Body, l.Response.BodyBase64 = encodeBody(r.Body)
	}
	return l
}

func decodeBody(text, b64 *string) ([]byte, error) {
	switch {
	case text != nil && b64 != nil:
		return nil, errors.New("give body or body_base64, not both")
	case text != nil:
		return []byte(*text), nil
	case b64 != nil:
		return base64.StdEncoding.DecodeString(*b64)
	}
	return nil, nil
}

func encodeBody(b []byte) (text, b64 *string) {
	if len(b) == 0 {
		return nil, nil
	}
	if utf8.Valid(b) {
		s := string(b)
		return &s, nil
	}
	s := base64.StdEncoding.EncodeToString(b)
	return nil, &s
}

func httpHeader(h Headers) http.Header {
	out := make(http.Header, len(h))
	for k, vs := range h {
		for _, v := range vs {
			out.Add(k, v)
		}
	}
	return out
}

// Reader yields the exchanges of a traffic log one at a time. Next returns
// io.EOF after the last one. Any other error concerns one entry (a
// *contract.InputError naming the file and line): the caller may report it
// and call Next again; a reader that cannot go on returns io.EOF next.
type Reader interface {
	Next() (*contract.Exchange, error)
}

// NDJSONReader reads an NDJSON log: one Line a line; blank lines are
// skipped. Memory holds one line at a time.
type NDJSONReader struct {
	name string
	sc   *bufio.Scanner
	line int
	done bool
}

// NewNDJSONReader reads r; name is used in sources and errors.
func NewNDJSONReader(r io.Reader, name string) *NDJSONReader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLine)
	return &NDJSONReader{name: name, sc: sc}
}

// Next returns the next exchange.
func (r *NDJSONReader) Next() (*contract.Exchange, error) {
	for !r.done {
		if !r.sc.Scan() {
			r.done = true
			if err := r.sc.Err(); err != nil {
				if errors.Is(err, bufio.ErrTooLong) {
					err = fmt.Errorf("line longer than %d MiB", MaxLine>>20)
				}
				return nil, &contract.InputError{File: r.name, Line: r.line + 1, Err: err}
			}
			break
		}
		r.line++
		text := bytes.TrimSpace(r.sc.Bytes())
		if len(text) == 0 {
			continue
		}
		var l Line
		if err := json.Unmarshal(text, &l); err != nil {
			return nil, &contract.InputError{File: r.name, Line: r.line, Err: fmt.Errorf("not an exchange: %v", jsonError(err))}
		}
		ex, err := l.Exchange(contract.Source{Name: r.name, Entry: "line " + strconv.Itoa(r.line)})
		if err != nil {
			return nil, &contract.InputError{File: r.name, Line: r.line, Err: err}
		}
		return ex, nil
	}
	return nil, io.EOF
}

func jsonError(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field == "" {
		return "want a JSON object, found a JSON " + te.Value
	}
	if errors.As(err, &te) {
		return fmt.Sprintf("field %s: cannot be a JSON %s", te.Field, te.Value)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// NDJSONWriter writes exchanges as NDJSON lines; it is safe for concurrent
// use and writes each line with one Write call.
type NDJSONWriter struct {
	mu sync.Mutex
	w  io.Writer
	c  io.Closer
}

// NewNDJSONWriter writes to w; Close closes w when it is an io.Closer.
func NewNDJSONWriter(w io.Writer) *NDJSONWriter {
	c, _ := w.(io.Closer)
	return &NDJSONWriter{w: w, c: c}
}

// Write appends one exchange.
func (w *NDJSONWriter) Write(rec Record) error {
	b, err := marshalLine(NewLine(rec.Exchange, rec.Time))
	if err != nil {
		return err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	_, err = w.w.Write(b)
	return err
}

// Close closes the underlying writer.
func (w *NDJSONWriter) Close() error {
	if w.c != nil {
		return w.c.Close()
	}
	return nil
}

func marshalLine(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
