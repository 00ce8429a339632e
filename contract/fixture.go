package contract

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Fixture is a recorded exchange as it is stored: one YAML file per
// exchange, bodies kept as the recorded text. See fixtures/README.md.
type Fixture struct {
	Operation    string            `yaml:"operation" json:"operation,omitempty"`
	Example      string            `yaml:"example,omitempty" json:"example,omitempty"`
	Doc          string            `yaml:"doc,omitempty" json:"doc,omitempty"`                   // where the exchange was published or recorded
	Placeholders map[string]string `yaml:"placeholders,omitempty" json:"placeholders,omitempty"` // "{domain_id}" → the concrete value used
	Notes        []string          `yaml:"notes,omitempty" json:"notes,omitempty"`               // what was added to or changed from the record, and why
	Request      FixtureRequest    `yaml:"request" json:"request"`
	Response     *FixtureResponse  `yaml:"response,omitempty" json:"response,omitempty"`
}

// FixtureRequest is the request of a fixture.
type FixtureRequest struct {
	Method     string  `yaml:"method" json:"method"`
	URL        string  `yaml:"url" json:"url"`
	Headers    Headers `yaml:"headers,omitempty" json:"headers,omitempty"`
	Body       *string `yaml:"body,omitempty" json:"body,omitempty"`
	BodyBase64 *string `yaml:"body_base64,omitempty" json:"body_base64,omitempty"` // for bodies that are not UTF-8 text
}

// FixtureResponse is the response of a fixture.
type FixtureResponse struct {
	Status     int     `yaml:"status" json:"status"`
	Headers    Headers `yaml:"headers,omitempty" json:"headers,omitempty"`
	Body       *string `yaml:"body,omitempty" json:"body,omitempty"`
	BodyBase64 *string `yaml:"body_base64,omitempty" json:"body_base64,omitempty"`
}

// Headers maps a header name to its value, or to a list of values.
type Headers map[string][]string

// UnmarshalYAML accepts a scalar or a sequence of scalars for each header.
func (h *Headers) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: headers must be a mapping of name to value", n.Line)
	}
	out := Headers{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch v.Kind {
		case yaml.ScalarNode:
			out[k.Value] = append(out[k.Value], v.Value)
		case yaml.SequenceNode:
			for _, e := range v.Content {
				if e.Kind != yaml.ScalarNode {
					return fmt.Errorf("line %d: header %s: values must be strings", e.Line, k.Value)
				}
				out[k.Value] = append(out[k.Value], e.Value)
			}
		default:
			return fmt.Errorf("line %d: header %s: value must be a string or a list of strings", v.Line, k.Value)
		}
	}
	*h = out
	return nil
}

// MarshalYAML writes single values as scalars.
func (h Headers) MarshalYAML() (any, error) {
	n := &yaml.Node{Kind: yaml.MappingNode}
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k})
		vs := h[k]
		if len(vs) == 1 {
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: vs[0], Style: yaml.DoubleQuotedStyle})
			continue
		}
		seq := &yaml.Node{Kind: yaml.SequenceNode}
		for _, v := range vs {
			seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: v, Style: yaml.DoubleQuotedStyle})
		}
		n.Content = append(n.Content, seq)
	}
	return n, nil
}

// InputError is input that specdrift could not read: a file, and the line
// where it went wrong when that is known.
type InputError struct {
	File string
	Line int
	Err  error
}

func (e *InputError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *InputError) Unwrap() error { return e.Err }

// ReadFixture parses a file of one fixture. name is used in sources and
// errors. A file of several fixtures is read with ReadFixtures.
func ReadFixture(name string, data []byte) (*Fixture, *Exchange, error) {
	fxs, exs, errs := ReadFixtures(name, data)
	switch {
	case len(errs) > 0:
		return nil, nil, errs[0]
	case len(exs) == 0:
		return nil, nil, &InputError{File: name, Line: 1, Err: errors.New("a fixture is a YAML mapping with operation, request and response")}
	case len(exs) > 1:
		return nil, nil, &InputError{File: name, Line: exs[1].Source.Line("exchange"), Err: fmt.Errorf("a second fixture: the file holds %d", len(exs))}
	}
	return fxs[0], exs[0], nil
}

// ReadFixtures parses a YAML fixture file, in which each document (after
// "---") is one fixture, named in sources by its file and the line it
// starts on. fxs[i] is the fixture of exs[i]. A document that is not a
// fixture is an error of its own and the others are read; a syntax error
// ends the file. Keys the format does not have are errors (a misspelled
// "response" must not make a fixture request-only).
func ReadFixtures(name string, data []byte) (fxs []*Fixture, exs []*Exchange, errs []error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return fxs, exs, errs
		}
		if err != nil {
			// the parser cannot find the next document after a syntax error
			errs = append(errs, &InputError{File: name, Line: yamlErrorLine(err, data), Err: fmt.Errorf("malformed YAML: %s", yamlErrorText(err))})
			return fxs, exs, errs
		}
		fx, ex, err := readDocument(name, &doc, data)
		var ie *InputError
		if errors.As(err, &ie) {
			ie.Line = withinLines(ie.Line, data)
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		fxs, exs = append(fxs, fx), append(exs, ex)
	}
}

// readDocument reads one document of a fixture file.
func readDocument(name string, doc *yaml.Node, data []byte) (*Fixture, *Exchange, error) {
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		line := doc.Line
		if len(doc.Content) > 0 {
			line = doc.Content[0].Line
		}
		return nil, nil, &InputError{File: name, Line: max(line, 1), Err: errors.New("a fixture is a YAML mapping with operation, request and response")}
	}
	root := doc.Content[0]
	if err := checkKeys(name, root); err != nil {
		return nil, nil, err
	}
	var fx Fixture
	if err := root.Decode(&fx); err != nil {
		return nil, nil, &InputError{File: name, Line: yamlErrorLine(err, data), Err: errors.New(yamlErrorText(err))}
	}
	lines := map[string]int{"exchange": root.Line}
	collectLines(root, "", lines)
	ex, err := fx.Exchange(Source{Name: name, Lines: lines})
	if err != nil {
		var pe *partError
		if errors.As(err, &pe) {
			return nil, nil, &InputError{File: name, Line: lines[pe.part], Err: pe.err}
		}
		return nil, nil, err
	}
	return &fx, ex, nil
}

// partError is a fault of one part of a fixture ("response.status").
type partError struct {
	part string
	err  error
}

func (e *partError) Error() string { return e.err.Error() }

// Exchange converts a fixture (or an NDJSON log line, which has the same
// fields) into an exchange from src.
func (fx *Fixture) Exchange(src Source) (*Exchange, error) {
	if fx.Request.Method == "" || fx.Request.URL == "" {
		return nil, &partError{"request", errors.New("request needs a method and a url")}
	}
	ex := &Exchange{Source: src, Operation: fx.Operation, Example: fx.Example,
		Request: Request{Method: strings.ToUpper(fx.Request.Method), URL: fx.Request.URL, Header: httpHeader(fx.Request.Headers)}}
	var err error
	if ex.Request.Body, err = fixtureBody(fx.Request.Body, fx.Request.BodyBase64); err != nil {
		return nil, &partError{"request.body_base64", fmt.Errorf("request body: %v", err)}
	}
	if r := fx.Response; r != nil {
		if r.Status < 100 || r.Status > 599 {
			return nil, &partError{"response.status", fmt.Errorf("response status %d is not an HTTP status", r.Status)}
		}
		ex.Response = &Response{Status: r.Status, Header: httpHeader(r.Headers)}
		if ex.Response.Body, err = fixtureBody(r.Body, r.BodyBase64); err != nil {
			return nil, &partError{"response.body_base64", fmt.Errorf("response body: %v", err)}
		}
	}
	return ex, nil
}

// NewFixture records an exchange as a fixture; bodies that are not UTF-8
// text are kept in base64.
func NewFixture(ex *Exchange) *Fixture {
	fx := &Fixture{Operation: ex.Operation, Example: ex.Example,
		Request: FixtureRequest{Method: ex.Request.Method, URL: ex.Request.URL, Headers: Headers(ex.Request.Header)}}
	fx.Request.Body, fx.Request.BodyBase64 = encodeBody(ex.Request.Body)
	if r := ex.Response; r != nil {
		fx.Response = &FixtureResponse{Status: r.Status, Headers: Headers(r.Header)}
		fx.Response.Body, fx.Response.BodyBase64 = encodeBody(r.Body)
	}
	return fx
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

// collectLines records the line of every key of the fixture's request and
// response; a literal block body starts on the line after its indicator.
func collectLines(n *yaml.Node, prefix string, lines map[string]int) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := k.Value
		if prefix != "" {
			key = prefix + "." + key
		}
		lines[key] = v.Line
		if v.Kind == yaml.ScalarNode && (v.Style&(yaml.LiteralStyle|yaml.FoldedStyle)) != 0 {
			lines[key] = v.Line + 1
		}
		if v.Kind == yaml.MappingNode && (prefix == "" && (key == "request" || key == "response")) {
			lines[key] = k.Line
			collectLines(v, key, lines)
		}
	}
}

func fixtureBody(text, b64 *string) ([]byte, error) {
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

func httpHeader(h Headers) http.Header {
	out := make(http.Header, len(h))
	for k, vs := range h {
		for _, v := range vs {
			out.Add(k, v)
		}
	}
	return out
}

// yamlErrorLine is the line yaml.v3 reports for err, corrected and kept
// within data's lines.
func yamlErrorLine(err error, data []byte) int {
	var te *yaml.TypeError
	msg := err.Error()
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	var n int
	if i := strings.Index(msg, "line "); i >= 0 {
		fmt.Sscanf(msg[i+5:], "%d", &n)
	}
	if strings.Contains(msg, "did not find expected") {
		n++ // yaml.v3 counts the lines of parser (not scanner) errors from 0
	}
	return withinLines(n, data) // an error at the end of the input
}

// withinLines keeps line n within data's lines, counted by "\n": yaml.v3
// also counts a lone "\r" as a line break, and an error at the end of the
// input on the line after the last.
func withinLines(n int, data []byte) int {
	return min(n, bytes.Count(data, []byte("\n"))+1)
}

func yamlErrorText(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		return te.Errors[0]
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if strings.HasPrefix(msg, "line ") {
		if i := strings.Index(msg, ": "); i > 0 {
			msg = msg[i+2:] // the line is reported on its own, corrected
		}
	}
	return msg
}

// MarshalFixture renders a fixture in the stored format, bodies as literal
// blocks so that they read as recorded.
func MarshalFixture(fx *Fixture) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(fx); err != nil {
		return nil, err
	}
	return buf.Bytes(), enc.Close()
}
