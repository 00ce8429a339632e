// Package mock serves the operations of OpenAPI specs from recorded
// exchanges, so that a client can be tested without the real service. Every
// request is validated against the spec first: an invalid one gets an
// error naming what was wrong, in the body the operation documents for its
// errors (RFC 9457 problem details where it documents none), a request
// without the credentials its security asks for gets 401, and a valid one
// gets the recorded response whose request matches it best (or the one a
// Prefer header asks for), with the request's path values echoed where the
// API would echo them.
//
// The operations of the embedded specs are served by the generated strict
// servers of gen/; any other operation by a generic handler.
package mock

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specdrift/specdrift/contract"
)

// Options tune a Server. The zero value is the safe default.
type Options struct {
	// Log receives one line per request (and notes about the fixtures when
	// the server is built); nil: no log.
	Log io.Writer
	// AsRecorded serves fixture bodies byte for byte: not through the
	// generated types, without echoing the request.
	AsRecorded bool
	// SecretKeys maps access keys to secret keys. When set, an AK/SK
	// signature must verify with the secret key of its access key; when
	// not, a well-formed signature is accepted, as its form is all that can
	// be checked without the key.
	SecretKeys map[string]string
	// RejectReplays, with SecretKeys, refuses a signature that verified
	// before within the X-Sdk-Date window: each request must be signed
	// anew.
	RejectReplays bool
	// MaxBody limits request bodies; 0: DefaultMaxBody.
	MaxBody int64
	// MaxBodyMemory limits the bytes of the request bodies held at once,
	// across requests; a body that would pass it is answered 503 with
	// Retry-After. 0: DefaultMaxBodyMemory.
	MaxBodyMemory int64
	// MaxBodyValues limits the members and items of a JSON request body,
	// which bound the work of decoding it; more are answered 413.
	// 0: DefaultMaxBodyValues.
	MaxBodyValues int
	// Now is the clock signatures are checked against; nil: time.Now.
	Now func() time.Time
	// CORS answers CORS preflight requests and adds the CORS headers to
	// every response, for clients in a browser.
	CORS bool
	// Observer, if set, is told of each request answered.
	Observer Observer
}

// Server is the mock: an http.Handler serving every operation of its specs.
// It is safe for concurrent use.
type Server struct {
	v       *contract.Validator
	ops     map[*contract.Operation]*operation
	order   []*operation // every operation, in the order of the specs and of their operations
	opts    Options
	replays replays
	budget  budget
	logMu   sync.Mutex
	names   map[string]string // operation names by operationId, for the Observer
}

// New builds a mock of specs answering from fixtures (which may be empty:
// the specs' examples, or samples built from the schemas, are served then).
// A fixture whose request matches no operation is an error.
func New(specs []*contract.Spec, fixtures []*contract.Exchange, opts Options) (*Server, error) {
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.MaxBodyMemory <= 0 {
		opts.MaxBodyMemory = DefaultMaxBodyMemory
	}
	if opts.MaxBodyValues <= 0 {
		opts.MaxBodyValues = DefaultMaxBodyValues
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{v: contract.NewValidator(specs, contract.Options{}), ops: map[*contract.Operation]*operation{}, opts: opts, budget: budget{left: opts.MaxBodyMemory}}
	bound := bindOperations(specs)
	shapes := map[*openapi3.Response]*errorShape{}
	s.names = map[string]string{}
	for _, sp := range specs {
		for _, o := range sp.Operations {
			op := newOperation(o, bound[o])
			for _, note := range op.addErrorShapes(shapes) {
				s.logf("%s", note)
			}
			s.ops[o] = op
			s.order = append(s.order, op)
			if _, ok := s.names[o.ID]; !ok {
				s.names[o.ID] = o.Name()
			}
		}
	}
	for _, b := range uniqueBindings(bound) {
		h := b.handler()
		for o, bo := range bound {
			if bo.binding == b {
				s.ops[o].handler = h
			}
		}
	}
	if err := s.addFixtures(fixtures); err != nil {
		return nil, err
	}
	for _, sp := range specs {
		for _, o := range sp.Operations {
			s.ops[o].addExamples()
			for _, note := range s.ops[o].prepare(opts.AsRecorded, s.v.Redactor()) {
				s.logf("%s", note)
			}
		}
	}
	return s, nil
}

// addFixtures files each fixture under the operation its request routes to.
func (s *Server) addFixtures(exs []*contract.Exchange) error {
	for _, ex := range exs {
		if ex.Response == nil {
			continue
		}
		res, err := s.v.Validate(context.Background(), &contract.Exchange{Source: ex.Source, Operation: ex.Operation, Request: ex.Request})
		if err != nil {
			part := "request.url"
			var re *contract.RouteError
			if errors.As(err, &re) {
				part = re.Part()
			}
			return ex.Source.InputError(part, err)
		}
		s.ops[res.Operation].addFixture(ex)
	}
	return nil
}

// Operations returns how many operations the server serves.
func (s *Server) Operations() int { return len(s.ops) }

// ServeHTTP validates the request, then answers it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w}
	t := &trace{method: r.Method, uri: r.URL.RequestURI()}
	preflight := s.opts.CORS && isPreflight(r)
	switch {
	case preflight:
		s.preflight(&corsWriter{ResponseWriter: sw, origin: r.Header.Get("Origin")}, r)
	case s.opts.CORS:
		s.serve(&corsWriter{ResponseWriter: sw, origin: r.Header.Get("Origin")}, r, t)
	default:
		s.serve(sw, r, t)
	}
	t.status = sw.status
	t.elapsed = time.Since(start)
	if s.opts.Log != nil {
		t.uri = s.v.Redactor().URL(t.uri) // the findings are redacted already

		s.writeLog(t.line())
	}
	s.observe(t, preflight)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request, t *trace) {
	var body []byte
	var err error
	if r.Body != nil && r.Body != http.NoBody {
		br := &budgeted{r: http.MaxBytesReader(w, r.Body, s.opts.MaxBody), b: &s.budget}
		defer func() { s.budget.give(br.held) }()
		body, err = io.ReadAll(br)
	}
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		s.fail(w, r, nil, http.StatusRequestEntityTooLarge, codeTooLarge, fmt.Sprintf("The request body exceeds %d bytes.", tooLarge.Limit))
		return
	case errors.Is(err, errBusy):
		w.Header().Set("Retry-After", "1")
		s.fail(w, r, nil, http.StatusServiceUnavailable, codeBusy, fmt.Sprintf("The mock holds as many request bodies as it allows at once (%d bytes): send this one again in a moment.", s.opts.MaxBodyMemory))
		return
	case err != nil:
		s.fail(w, r, nil, http.StatusBadRequest, codeInvalid, "The request body could not be read: "+err.Error()+".")
		return
	case tooManyValues(body, s.opts.MaxBodyValues):
		s.fail(w, r, nil, http.StatusRequestEntityTooLarge, codeTooLarge, fmt.Sprintf("The request body has more than %d members and items.", s.opts.MaxBodyValues))
		return
	}
	ex := &contract.Exchange{Source: contract.Source{Name: "request"},
		Request: contract.Request{Method: r.Method, URL: t.uri, Host: r.Host, Header: r.Header, Body: body}}
	res, err := s.v.Validate(r.Context(), ex)
	if err != nil {
		var re *contract.RouteError
		if errors.As(err, &re) {
			s.fail(w, r, nil, http.StatusNotFound, codeNoRoute, fmt.Sprintf("%s %s matches no operation of the specs.", r.Method, r.URL.Path))
			return
		}
		s.fail(w, r, nil, http.StatusBadRequest, codeInvalid, "The request is malformed: "+err.Error()+".")
		return
	}
	op := s.ops[res.Operation]
	t.op, t.findings = op.op.ID, res.Findings
	if msg := s.unauthorized(r, body, res); msg != "" {
		s.fail(w, r, op, http.StatusUnauthorized, codeUnauthorized, msg)
		return
	}
	if msg := rejection(res.Findings); msg != "" {
		s.fail(w, r, op, op.errStatus, codeInvalid, msg)
		return
	}
	c, msg := op.choose(r, body)
	if c == nil {
		// a Prefer header nothing satisfies is the client's error
		s.fail(w, r, op, op.errStatus, codeNoResponse, msg)
		return
	}
	t.from = c.source
	for k, vs := range c.header {
		if k != "Content-Type" && k != "Content-Length" {
			w.Header()[k] = vs
		}
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r = r.WithContext(context.WithValue(r.Context(), callKey{}, &call{cand: c, op: op, asRecorded: s.opts.AsRecorded}))
	op.handler.ServeHTTP(w, r)
}

func (s *Server) logf(format string, args ...any) {
	if s.opts.Log != nil {
		s.writeLog(fmt.Sprintf(format, args...))
	}
}

func (s *Server) writeLog(line string) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	_, _ = io.WriteString(s.opts.Log, "mock: "+line+"\n")
}

// statusWriter remembers the status written, for the log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
