package contract

import (
	"net/http"
	"strconv"
	"strings"
)

// Exchange is one request and its response, wherever it came from: a
// fixture file, a traffic log entry, a replayed or a proxied call.
type Exchange struct {
	Source    Source
	Operation string // the operationId the source claims, "" when it does not say
	Example   string // the example's name, for sources that name them
	Request   Request
	Response  *Response // nil when only the request is known
}

// Request is the request half of an exchange. URL may be absolute or a
// path with a query.
type Request struct {
	Method string
	URL    string
	// Host is the host the request was sent to when URL is not absolute:
	// an inbound request's Host, a recorded one's original host. Routing
	// uses it, with the Host header, to tell apart specs whose servers
	// share paths under different hosts.
	Host   string
	Header http.Header
	Body   []byte
	// Oversize, when not 0, says that the body was left out (Body is
	// empty) because it is larger than Oversize bytes, the limit for
	// validation: it is reported as body-too-large, not validated.
	Oversize int64
}

// Response is the response half of an exchange.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	// Oversize is as Request.Oversize.
	Oversize int64
}

// Source says where an exchange came from, precisely enough to find it
// again: a file and line, a log entry or offset, a live URL.
type Source struct {
	Name  string         // slash path of a file, or a URL
	Entry string         // "entries/3" in a HAR file, "line 12" of a log, "" for fixtures
	Lines map[string]int // first line in Name of each part: "request", "request.url", "request.body", "response.status", "response.body", ...
}

// Line returns the line of part, falling back to the line of the exchange.
func (s Source) Line(part string) int {
	if n, ok := s.Lines[part]; ok {
		return n
	}
	return s.Lines["exchange"]
}

// At renders the source at the line of part: "file:12", "file#entries/3".
func (s Source) At(part string) string {
	out := s.Name
	if s.Entry != "" {
		out += "#" + s.Entry
	}
	if n := s.Line(part); n > 0 {
		out += ":" + strconv.Itoa(n)
	}
	return out
}

// InputError is err as bad input at part of the source: its file (with the
// entry, for a log's exchange) and the part's line.
func (s Source) InputError(part string, err error) *InputError {
	file := s.Name
	if s.Entry != "" {
		file += "#" + s.Entry
	}
	return &InputError{File: file, Line: s.Line(part), Err: err}
}

// String renders the source at the exchange's first line.
func (s Source) String() string { return s.At("exchange") }

// SplitSource splits a rendered source ("file:12", "file#entries/3:40")
// into its name (with the entry) and its line (0 if none).
func SplitSource(src string) (name string, line int) {
	i := strings.LastIndexByte(src, ':')
	if i <= 0 || i == len(src)-1 {
		return src, 0
	}
	n, err := strconv.Atoi(src[i+1:])
	if err != nil || n < 0 || strings.ContainsAny(src[i+1:], "+-") {
		return src, 0
	}
	return src[:i], n
}
