// Package traffic reads and writes captured HTTP traffic: HAR 1.2 archives
// and NDJSON logs (one exchange a line), streaming, in bounded memory. It
// records exchanges as fixtures, HAR or NDJSON with every secret redacted,
// turns upstream faults (refused, slow, reset, not HTTP) into findings, and
// validates a log of any size through the Validator's ValidateAll.
package traffic

import (
	"bufio"
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

// MaxLine is the longest NDJSON line the reader accepts.
const MaxLine = 64 << 20

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
	_, ex, err := r.next()
	return ex, err
}

// next returns the next line and its exchange.
func (r *NDJSONReader) next() (*Line, *contract.Exchange, error) {
	for !r.done {
		if !r.sc.Scan() {
			r.done = true
			if err := r.sc.Err(); err != nil {
				if errors.Is(err, bufio.ErrTooLong) {
					err = fmt.Errorf("line longer than %d MiB", MaxLine>>20)
				}
				return nil, nil, &contract.InputError{File: r.name, Line: r.line + 1, Err: err}
			}
			break
		}
		r.line++
		text := bytes.TrimSpace(r.sc.Bytes())
		if len(text) == 0 {
			continue
		}
		l, err := decodeLine(text)
		if err != nil {
			return nil, nil, &contract.InputError{File: r.name, Line: r.line, Err: fmt.Errorf("not an exchange: %v", err)}
		}
		ex, err := l.Exchange(contract.Source{Name: r.name, Entry: "line " + strconv.Itoa(r.line)})
		if err != nil {
			return nil, nil, &contract.InputError{File: r.name, Line: r.line, Err: err}
		}
		return l, ex, nil
	}
	return nil, nil, io.EOF
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
