// Package traffic reads and writes captured HTTP traffic: HAR 1.2 archives
// and NDJSON logs (one exchange a line), streaming, in bounded memory. It
// records exchanges as fixtures, HAR or NDJSON with every secret redacted,
// turns upstream faults (refused, slow, reset, not HTTP) into findings, and
// validates a log of any size through the Validator's ValidateAll.
package traffic

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/specdrift/specdrift/contract"
)

// Line is one exchange of an NDJSON log: a fixture's fields in JSON, and
// the time it was recorded. Its Exchange method converts it.
//
//	{"operation":"ListAuthorisations","request":{"method":"GET","url":"/v3/...","headers":{"X-Auth-Token":"..."}},
//	 "response":{"status":200,"headers":{"Content-Type":"application/json"},"body":"{...}"}}
type Line struct {
	Time string `json:"time,omitempty"` // RFC 3339, when the exchange was recorded
	contract.Fixture
}

// NewLine converts an exchange into a line; bodies that are not UTF-8 text
// are kept in base64.
func NewLine(ex *contract.Exchange, at time.Time) *Line {
	l := &Line{Fixture: *contract.NewFixture(ex)}
	l.Example = ""
	if !at.IsZero() {
		l.Time = at.UTC().Format(time.RFC3339Nano)
	}
	return l
}

// Reader yields the exchanges of a traffic log one at a time. Next returns
// io.EOF after the last one. Any other error concerns one entry (a
// *contract.InputError naming the file and line): the caller may report it
// and call Next again; a reader that cannot go on returns io.EOF next.
type Reader interface {
	Next() (*contract.Exchange, error)
}

// NDJSONReader reads an NDJSON log: one Line a line; blank lines are
// skipped. Memory holds one line at a time, without a body over the limit,
// which is left out of its exchange (see contract.Request.Oversize) to be
// reported as body-too-large; a line that cannot be read is an error of
// its own, and the reader goes on at the next line.
type NDJSONReader struct {
	name    string
	sc      *scanner
	maxBody int64
	done    bool
}

// NewNDJSONReader reads r with DefaultMaxBody; name is used in sources and
// errors.
func NewNDJSONReader(r io.Reader, name string) *NDJSONReader {
	sc := newScanner(r, 0)
	sc.keepLine = true
	sc.isBody = func(p []string) bool {
		return len(p) == 2 && (p[0] == "request" || p[0] == "response") && (p[1] == "body" || p[1] == "body_base64")
	}
	return &NDJSONReader{name: name, sc: sc, maxBody: DefaultMaxBody}
}

// WithMaxBody sets the largest body kept for validation (0:
// DefaultMaxBody); call it before the first Next.
func (r *NDJSONReader) WithMaxBody(n int64) *NDJSONReader {
	if n <= 0 {
		n = DefaultMaxBody
	}
	r.maxBody = n
	r.sc.setLimit(n)
	return r
}

// Next returns the next exchange.
func (r *NDJSONReader) Next() (*contract.Exchange, error) {
	_, ex, err := r.next()
	return ex, err
}

// next returns the next line and its exchange.
func (r *NDJSONReader) next() (*Line, *contract.Exchange, error) {
	if r.done {
		return nil, nil, io.EOF
	}
	// A line in the read buffer and within the limits is decoded where it
	// is; a longer one goes through the scanner.
	for {
		text, n, ok := r.sc.shortLine()
		if !ok {
			break
		}
		text = bytes.TrimSpace(text)
		if len(text) == 0 {
			continue
		}
		return r.line(text, n, nil)
	}
	v, err := r.sc.value()
	if err == nil {
		err = r.sc.endOfLine()
	}
	var se *syntaxError
	switch {
	case errors.Is(err, io.EOF):
		r.done = true
		return nil, nil, io.EOF
	case errors.As(err, &se):
		if !errors.Is(se.err, errLineEnded) && se.line == r.sc.line {
			r.sc.skipLine() // on to the next line
		}
		return nil, nil, &contract.InputError{File: r.name, Line: se.line, Err: fmt.Errorf("not an exchange: %v", se.err)}
	case err != nil:
		r.done = true
		return nil, nil, &contract.InputError{File: r.name, Line: r.sc.line, Err: err}
	}
	sides, err := r.oversize(v)
	if err != nil {
		return nil, nil, &contract.InputError{File: r.name, Line: v.line, Err: err}
	}
	return r.line(v.raw, v.line, sides)
}

// line decodes the text of line n; sides are the bodies left out of it.
func (r *NDJSONReader) line(text []byte, n int, sides map[string]bool) (*Line, *contract.Exchange, error) {
	bad := func(err error) error { return &contract.InputError{File: r.name, Line: n, Err: err} }
	l, err := decodeLine(text)
	if err != nil {
		return nil, nil, bad(fmt.Errorf("not an exchange: %v", err))
	}
	ex, err := l.Exchange(contract.Source{Name: r.name, Entry: "line " + strconv.Itoa(n)})
	if err != nil {
		return nil, nil, bad(err)
	}
	markOversize(ex, sides, r.maxBody)
	return l, ex, nil
}

// oversize says which bodies of a line were left out for their size, or
// why the line cannot be kept at all.
func (r *NDJSONReader) oversize(v *scanned) (map[string]bool, error) {
	if v.tooLarge {
		return nil, fmt.Errorf("line of more than %d bytes besides its bodies (--max-body)", r.maxBody)
	}
	var sides map[string]bool
	for _, d := range v.dropped {
		if !r.sc.isBody(d.path) {
			return nil, fmt.Errorf("%s: a string of more than %d bytes; only a body may be larger than --max-body", strings.Join(d.path, "."), r.maxBody)
		}
		if sides == nil {
			sides = map[string]bool{}
		}
		sides[d.path[0]] = true
	}
	return sides, nil
}

// decodeLine decodes one line strictly: a field the format does not have
// is an error (a misspelled "response" must not make the exchange
// request-only), and so is anything after the object.
func decodeLine(text []byte) (*Line, error) {
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.DisallowUnknownFields()
	var l Line
	if err := dec.Decode(&l); errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, errors.New("unexpected end of JSON input")
	} else if err != nil {
		return nil, errors.New(jsonError(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("more than one JSON value on the line")
	}
	return &l, nil
}

func jsonError(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field == "" {
		return "want a JSON object, found a JSON " + te.Value
	}
	if errors.As(err, &te) {
		// the fields of the embedded Fixture are the line's own
		return fmt.Sprintf("field %s: cannot be a JSON %s", strings.TrimPrefix(te.Field, "Fixture."), te.Value)
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
