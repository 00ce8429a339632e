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
// Postman and mitmproxy export it) one at a time: memory holds one entry,
// whatever the size of the file. An entry's response with status 0 (a
// request that got no answer) has no response.
type HARReader struct {
	name  string
	lines *lineCounter
	dec   *json.Decoder
	state int // 0: before entries, 1: in entries, 2: done
	entry int
}

// NewHARReader reads r; name is used in sources and errors.
func NewHARReader(r io.Reader, name string) *HARReader {
	lc := &lineCounter{r: r}
	return &HARReader{name: name, lines: lc, dec: json.NewDecoder(lc)}
}

func (h *HARReader) fail(err error) error {
	h.state = 2
	line := h.lines.lineAt(h.dec.InputOffset())
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line = h.lines.lineAt(se.Offset)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		err = io.ErrUnexpectedEOF
		line = h.lines.lineAt(h.lines.read)
	}
	return &contract.InputError{File: h.name, Line: line, Err: fmt.Errorf("not a HAR file: %v", jsonError(err))}
}

// Next returns the next entry's exchange.
func (h *HARReader) Next() (*contract.Exchange, error) {
	switch h.state {
	case 2:
		return nil, io.EOF
	case 0:
		if err := h.findEntries(); err != nil {
			return nil, err
		}
		h.state = 1
	}
	if !h.dec.More() {
		h.state = 2
		if _, err := h.dec.Token(); err != nil { // the closing ']'
			return nil, h.fail(err)
		}
		return nil, io.EOF
	}
	var raw json.RawMessage
	if err := h.dec.Decode(&raw); err != nil {
		return nil, h.fail(err)
	}
	n := h.entry
	h.entry++
	end := h.dec.InputOffset()
	line := h.lines.lineAt(end) - strings.Count(string(raw), "\n")
	// The entry names the exchange; lines of the file would be wrong for
	// the bodies, which are JSON strings in it.
	src := contract.Source{Name: h.name, Entry: "entries/" + strconv.Itoa(n)}
	var e harEntry
	if err := json.Unmarshal(raw, &e); err != nil {
		return nil, &contract.InputError{File: h.name, Line: line, Err: fmt.Errorf("entries/%d: %v", n, jsonError(err))}
	}
	ex, err := e.exchange(src)
	if err != nil {
		return nil, &contract.InputError{File: h.name, Line: line, Err: fmt.Errorf("entries/%d: %v", n, err)}
	}
	return ex, nil
}

// findEntries moves the decoder to the first element of log.entries,
// skipping every other member without keeping it.
func (h *HARReader) findEntries() error {
	if err := h.expectDelim('{'); err != nil {
		return err
	}
	if err := h.seekKey("log"); err != nil {
		return err
	}
	if err := h.expectDelim('{'); err != nil {
		return err
	}
	if err := h.seekKey("entries"); err != nil {
		return err
	}
	return h.expectDelim('[')
}

func (h *HARReader) expectDelim(d json.Delim) error {
	tok, err := h.dec.Token()
	if err != nil {
		return h.fail(err)
	}
	if tok != d {
		return h.fail(fmt.Errorf("want %q, found %v", string(d), tok))
	}
	return nil
}

// seekKey reads the members of the current object until key.
func (h *HARReader) seekKey(key string) error {
	for h.dec.More() {
		tok, err := h.dec.Token()
		if err != nil {
			return h.fail(err)
		}
		if tok == key {
			return nil
		}
		if err := h.skipValue(); err != nil {
			return err
		}
	}
	return h.fail(fmt.Errorf("no %q member", key))
}

// skipValue consumes one value token by token, so that large members
// (pages, a log's comment) are not held in memory.
func (h *HARReader) skipValue() error {
	depth := 0
	for {
		tok, err := h.dec.Token()
		if err != nil {
			return h.fail(err)
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
	}
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

// lineCounter counts the lines of what passes through it, so that a
// position of the decoder can be turned into a line without keeping the
// text. Positions asked for never decrease.
type lineCounter struct {
	r        io.Reader
	read     int64   // bytes read so far
	newlines []int64 // offsets of newlines not yet passed by a query
	passed   int     // newlines before the last query
}

func (l *lineCounter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for i := 0; i < n; i++ {
		if p[i] == '\n' {
			l.newlines = append(l.newlines, l.read+int64(i))
		}
	}
	l.read += int64(n)
	return n, err
}

// lineAt returns the line (from 1) of the byte at offset.
func (l *lineCounter) lineAt(offset int64) int {
	i := 0
	for i < len(l.newlines) && l.newlines[i] < offset {
		i++
	}
	l.passed += i
	l.newlines = append(l.newlines[:0], l.newlines[i:]...)
	return l.passed + 1
}
