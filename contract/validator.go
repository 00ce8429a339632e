package contract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/specdrift/specdrift/contract/engine"
)

// Options tune a Validator. The zero value is the safe default: responses
// are checked strictly (fields their schema does not list are reported),
// requests are not.
type Options struct {
	LenientResponses bool                // do not report response fields the schema does not list
	StrictRequests   bool                // report request fields the schema does not list
	Severity         map[RuleID]Severity // overrides of the rules' default severities
	Disabled         map[RuleID]bool     // rules whose findings are not reported (nor counted as drift in the coverage)
	Engine           string              // how JSON bodies are validated: EngineFast ("" too) or EngineKin
	// KeepUnparsedBodies makes the Redactor leave recorded bodies that
	// cannot be parsed as they are; by default they are replaced whole.
	KeepUnparsedBodies bool
	// ErrorResponses checks a client error (4xx) that the operation does
	// not document against the error response it answers with elsewhere
	// (Operation.ErrorResponse: another 4xx it documents, or the
	// document's x-specdrift-error-response), as the mock answers it,
	// instead of reporting undocumented-status: for requests sent to be
	// rejected.
	ErrorResponses bool
}

// The engines that validate JSON bodies against their schemas (package
// engine). Both report the same findings: the fast one validates the bytes
// with the spec's schemas compiled once, and has kin-openapi validate any
// value it does not cover; the kin one decodes each body and has
// kin-openapi validate it all.
const (
	EngineFast = "fast"
	EngineKin  = "kin"
)

// Validator checks exchanges against a set of specs. It is safe for
// concurrent use.
type Validator struct {
	specs []*Spec
	opts  Options
	// engines validate the JSON bodies of each spec; echo is the schema of
	// each operation's JSON request body, which fields a response schema
	// does not list are checked against (engine.Options.Echo).
	engines map[*Spec]engine.Engine
	echo    map[*Operation]*openapi3.Schema
	// security holds each operation's security, read once; kinOps a copy
	// of each operation without it, for kin-openapi, whose check of the
	// credentials is replaced by the validator's own (credentials).
	security map[*Operation][]SecurityRequirement
	kinOps   map[*Operation]*openapi3.Operation
	// params is how the fast engine reads each operation's parameters
	// (params.go): only those it can read in full are here.
	params map[*Operation][]paramPlan
	// queryNames are the query parameters each operation documents.
	queryNames map[*Operation]map[string]bool
	redact     *Redactor
}

// NewValidator returns a validator over specs.
func NewValidator(specs []*Spec, opts Options) *Validator {
	v := &Validator{specs: specs, opts: opts, security: map[*Operation][]SecurityRequirement{}, kinOps: map[*Operation]*openapi3.Operation{},
		redact: NewRedactor(specs, opts.KeepUnparsedBodies), engines: map[*Spec]engine.Engine{}, echo: map[*Operation]*openapi3.Schema{},
		params: map[*Operation][]paramPlan{}, queryNames: map[*Operation]map[string]bool{}}
	none := &openapi3.SecurityRequirements{}
	for _, s := range specs {
		if opts.Engine == EngineKin {
			v.engines[s] = engine.NewKin(s.schemas)
		} else {
			v.engines[s] = s.fastEngine()
		}
		for _, o := range s.Operations {
			v.echo[o] = requestSchema(o.Op)
			v.security[o] = o.Security()
			v.queryNames[o] = queryNames(o, v.security[o])
			op := *o.Op
			op.Security = none
			v.kinOps[o] = &op
			if plans, ok := planParams(o); ok && opts.Engine != EngineKin {
				v.params[o] = plans
			}
		}
	}
	return v
}

// requestSchema is the schema of an operation's JSON request body, nil if
// it has none.
func requestSchema(op *openapi3.Operation) *openapi3.Schema {
	rb := op.RequestBody
	if rb == nil || rb.Value == nil {
		return nil
	}
	for _, mt := range sortedKeys(rb.Value.Content) {
		if m := rb.Value.Content[mt]; isJSON(mt) && m.Schema != nil {
			return m.Schema.Value
		}
	}
	return nil
}

// Redactor is the redactor of the validator's specs, which every finding it
// returns has been through: apply it to whatever else is written (recorded
// exchanges, findings made elsewhere, URLs).
func (v *Validator) Redactor() *Redactor { return v.redact }

// Specs returns the specs the validator checks against.
func (v *Validator) Specs() []*Spec { return v.specs }

// BodyCheck says whether a body was validated, and if not, why not.
type BodyCheck struct {
	Present   bool
	Validated bool
	Skipped   string // why a present body was not validated: "content type text/plain has no JSON schema", ...
}

// Result is what validating one exchange found.
type Result struct {
	Operation *Operation
	Status    string // the documented response key the response matched ("200", "default"), "" if none
	// Credentials are the security schemes of the operation whose
	// credentials the request carries in the form they want, when it
	// satisfies the operation's security; nil otherwise.
	Credentials []SecurityScheme
	Findings    []Finding
	Request     BodyCheck
	Response    BodyCheck
}

// RouteError says that an exchange's request matches no operation, or not
// the one the exchange names. Sources of curated exchanges (fixtures) treat
// it as bad input; sources of live traffic report it as an
// unknown-operation finding.
type RouteError struct {
	Method, URL string
	Claimed     string     // the operationId the source claimed, if any
	Named       *Operation // the operation Claimed names, if a spec defines it
	Routed      *Operation // the operation the method and path route to, when it is not the one Claimed names
}

// Error shows the URL with its secrets redacted.
func (e *RouteError) Error() string {
	shown := (*Redactor)(nil).URL(e.URL)
	if e.Routed != nil {
		return fmt.Sprintf("the exchange names operation %s, but its request %s %s routes to %s: fix the operation or the request", e.named(), e.Method, shown, describeOp(e.Routed))
	}
	msg := fmt.Sprintf("%s %s matches no operation of the specs", e.Method, shown)
	if e.Claimed != "" {
		msg += fmt.Sprintf(" (the exchange names operation %s)", e.named())
	}
	return msg
}

// named describes the operation the exchange names.
func (e *RouteError) named() string {
	if e.Named == nil {
		return e.Claimed + ", which no spec defines"
	}
	return describeOp(e.Named)
}

func describeOp(o *Operation) string { return o.ID + " (" + o.Name() + ")" }

// Part is the part of the exchange the error is about, for its line: the
// operation it names when its request routes elsewhere, else the URL.
func (e *RouteError) Part() string {
	if e.Routed != nil {
		return "operation"
	}
	return "request.url"
}

// Finding turns the route error into the unknown-operation finding; its
// path is redacted.
func (e *RouteError) Finding(src Source) Finding {
	return (*Redactor)(nil).Finding(e.finding(src))
}

func (e *RouteError) finding(src Source) Finding {
	f := Finding{Rule: RuleUnknownOperation, Severity: SeverityError, Operation: e.Method + " " + pathOf(e.URL),
		Source: src.At("request.url"), In: "request.url", Actual: e.Method + " " + pathOf(e.URL),
		Message: "No operation of the specs has this method and path: add it to the spec, or fix the request."}
	if e.Routed != nil {
		f.Operation = e.Routed.Name()
		f.Source = src.At(e.Part())
		f.Expected = "the method and path of " + e.named()
		f.Actual = e.Method + " " + pathOf(e.URL) + ", the method and path of " + describeOp(e.Routed)
		f.Message = "The exchange names operation " + e.named() + ", but its method and path are those of " + describeOp(e.Routed) + ": fix the operation or the request."
	}
	return f
}

func pathOf(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Path
	}
	return raw
}

// Validate checks one exchange. The error is non-nil only when the exchange
// could not be checked at all: its request is malformed or routes nowhere
// (a *RouteError).
func (v *Validator) Validate(ctx context.Context, ex *Exchange) (*Result, error) {
	return v.validate(ctx, ex, false)
}

// Judge validates ex as Validate does, for what a generator of requests
// needs to know of each: whether it has findings, and of which rules and
// severities. The findings it returns say no more (no message, no
// expected or actual value), and cost less to make.
func (v *Validator) Judge(ctx context.Context, ex *Exchange) (*Result, error) {
	return v.validate(ctx, ex, true)
}

func (v *Validator) validate(ctx context.Context, ex *Exchange, quiet bool) (*Result, error) {
	req, err := httpRequest(ex.Request)
	if err != nil {
		return nil, err
	}
	host := requestHost(req.URL.Host, ex.Request.Host, req.Header.Get("Host"))
	r := route(v.specs, req.Method, host, splitPath(req.URL.EscapedPath()), ex.Operation)
	if r.op == nil {
		return nil, v.routeError(ex, req, host)
	}
	c := &check{v: v, ex: ex, op: r.op, spec: r.op.Spec, res: &Result{Operation: r.op}, quiet: quiet}
	params, slashed := r.op.bindParams(r.parts)
	if slashed != "" {
		c.slashed(slashed, params[slashed])
	}
	c.request(ctx, req, params)
	if ex.Response != nil {
		c.response()
	}
	sortFindings(c.res.Findings)
	return c.res, nil
}

// ValidateResponse checks the response of an exchange of op whose request
// was validated before, and is not routed nor checked again: what a sender
// of requests it validated itself (probe) needs. ex has a response.
func (v *Validator) ValidateResponse(ex *Exchange, op *Operation) *Result {
	c := &check{v: v, ex: ex, op: op, spec: op.Spec, res: &Result{Operation: op}}
	c.response()
	sortFindings(c.res.Findings)
	return c.res
}

// slashed reports that the operation's last path parameter took a value
// with a slash: the request matched no template otherwise.
func (c *check) slashed(name, value string) {
	ptr := c.op.Pointer
	if i := c.spec.parameterIndex(ptr, name); i >= 0 {
		ptr += "/parameters/" + strconv.Itoa(i)
	} else if i := c.spec.parameterIndex(strings.TrimSuffix(ptr, "/"+strings.ToLower(c.op.Method)), name); i >= 0 {
		ptr = strings.TrimSuffix(ptr, "/"+strings.ToLower(c.op.Method)) + "/parameters/" + strconv.Itoa(i)
	}
	c.add(Finding{Rule: RulePathParameterSlash, Source: c.ex.Source.At("request.url"), In: "request.path", Pointer: name,
		Spec: c.spec.Locate(ptr), Expected: "one path segment (a slash in the value sent as %2F)", Actual: value,
		Message: fmt.Sprintf("Path parameter %q takes %q, which has a slash, so the request matches %s only if the parameter takes the rest of the path: percent-encode the slash (%%2F), or document the parameter as taking several segments.", name, value, c.op.Path)})
}

// routeError says why an exchange routes to no operation: none has its
// method and path, or the one that has is not the one it names.
func (v *Validator) routeError(ex *Exchange, req *http.Request, host string) *RouteError {
	e := &RouteError{Method: ex.Request.Method, URL: ex.Request.URL, Claimed: ex.Operation}
	if ex.Operation == "" {
		return e
	}
	e.Routed = route(v.specs, req.Method, host, splitPath(req.URL.EscapedPath()), "").op
	for _, s := range v.specs {
		for _, o := range s.Operations {
			if o.ID == ex.Operation && e.Named == nil {
				e.Named = o
			}
		}
	}
	return e
}

// httpRequest is the request of r as the checks read it. It has no
// context: nothing it is given to waits on anything (kin-openapi is given
// the validation's context directly).
func httpRequest(r Request) (*http.Request, error) {
	u, err := url.Parse(r.URL)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the URL, which is shown redacted
		}
		return nil, fmt.Errorf("request url %q: %v", (*Redactor)(nil).URL(r.URL), err)
	}
	if r.Method == "" || strings.ContainsAny(r.Method, " \t\r\n") {
		return nil, fmt.Errorf("request method %q is not an HTTP method", r.Method)
	}
	h := r.Header
	if h == nil {
		h = http.Header{}
	}
	// The validator reads the request and never changes it (defaults are not
	// set), so the exchange's header map is used as it is.
	req := &http.Request{Method: r.Method, URL: u, Header: h, Host: u.Host, Body: http.NoBody, ContentLength: int64(len(r.Body))}
	if len(r.Body) > 0 {
		req.Body = io.NopCloser(bytes.NewReader(r.Body))
	}
	return req, nil
}

// check is the state of validating one exchange.
type check struct {
	v       *Validator
	ex      *Exchange
	op      *Operation
	spec    *Spec
	res     *Result
	secrets []string // the exchange's secrets outside its bodies, once a finding needs them
	quiet   bool     // Judge: findings of a rule and a severity only
}

func (c *check) add(f Finding) {
	if c.v.opts.Disabled[f.Rule] {
		return
	}
	if f.Severity == 0 && f.Rule != "" {
		if r, ok := LookupRule(f.Rule); ok {
			f.Severity = r.Severity
		}
	}
	if s, ok := c.v.opts.Severity[f.Rule]; ok {
		f.Severity = s
	}
	if c.quiet {
		c.res.Findings = append(c.res.Findings, Finding{Rule: f.Rule, Severity: f.Severity, In: f.In})
		return
	}
	if f.Operation == "" {
		f.Operation = c.op.Name()
	}
	c.res.Findings = append(c.res.Findings, c.redact(f))
}

func (c *check) request(ctx context.Context, req *http.Request, params map[string]string) {
	q := req.URL.Query() // parsed once, for the parameters and for query
	c.credentials(req)
	if errs, ok := c.fastParams(req, q, params); ok {
		if len(errs) > 0 {
			c.requestErrors(errs)
		}
	} else {
		in := &openapi3filter.RequestValidationInput{
			Request:     req,
			PathParams:  params,
			QueryParams: q, // which kin-openapi only reads
			Route:       &routers.Route{Spec: c.spec.Doc, Path: c.op.Path, PathItem: c.op.Item, Method: c.op.Method, Operation: c.v.kinOps[c.op]},
			Options: &openapi3filter.Options{
				MultiError:          true,
				ExcludeRequestBody:  true,
				SkipSettingDefaults: true,
			},
		}
		c.requestErrors(openapi3filter.ValidateRequest(ctx, in))
	}
	c.query(q)
	c.requestBody(req.Header.Get("Content-Type"))
}

// query reports parameters the operation does not define, and
// x-specdrift-together groups sent in part.
func (c *check) query(q url.Values) {
	defined := c.v.queryNames[c.op]
	for name := range q {
		if !defined[name] {
			c.undocumentedQuery(q, defined)
			break
		}
	}
	if g := c.op.together; len(g) > 1 {
		var sent, missing []string
		for _, name := range g {
			if q.Has(name) {
				sent = append(sent, name)
			} else {
				missing = append(missing, name)
			}
		}
		if len(sent) > 0 && len(missing) > 0 {
			c.add(Finding{Rule: RuleParametersTogether, Source: c.ex.Source.At("request.url"), In: "request.query", Pointer: strings.Join(missing, ","),
				Spec: c.spec.Locate(c.op.Pointer + "/x-specdrift-together"), Expected: strings.Join(g, " and ") + " together", Actual: "only " + strings.Join(sent, ", "),
				Message: fmt.Sprintf("%s take effect only together; send %s too, or none of them.", strings.Join(g, " and "), strings.Join(missing, ", "))})
		}
	}
}

// undocumentedQuery reports each query parameter the operation does not
// define, in the order of their names.
func (c *check) undocumentedQuery(q url.Values, defined map[string]bool) {
	for _, name := range sortedKeys(q) {
		if !defined[name] {
			c.add(Finding{Rule: RuleUndocumentedQueryParameter, Source: c.ex.Source.At("request.url"), In: "request.query", Pointer: name,
				Spec: c.spec.Locate(c.op.Pointer + "/parameters"), Expected: "one of: " + joinOrNone(sortedKeys(defined)), Actual: name + "=" + q.Get(name),
				Message: fmt.Sprintf("Query parameter %q is not defined for %s: document it in the spec, or stop sending it.", name, c.op.ID)})
		}
	}
}

// queryNames are the query parameters an operation defines, and those its
// security schemes document as credentials.
func queryNames(o *Operation, security []SecurityRequirement) map[string]bool {
	defined := map[string]bool{}
	for _, ps := range []openapi3.Parameters{o.Item.Parameters, o.Op.Parameters} {
		for _, p := range ps {
			if p.Value != nil && p.Value.In == openapi3.ParameterInQuery {
				defined[p.Value.Name] = true
			}
		}
	}
	for _, alt := range security {
		for _, s := range alt {
			if s.In == openapi3.ParameterInQuery {
				defined[s.Param] = true
			}
		}
	}
	return defined
}

func joinOrNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// mediaType finds the documented media type for a Content-Type value.
func mediaType(content openapi3.Content, header string) (string, *openapi3.MediaType) {
	mt, _, err := mime.ParseMediaType(header)
	if err != nil {
		mt = strings.TrimSpace(strings.SplitN(header, ";", 2)[0])
	}
	if m := content.Get(mt); m != nil {
		for k, v := range content {
			if v == m {
				return k, m
			}
		}
	}
	return "", nil
}

func isJSON(mt string) bool {
	mt = strings.ToLower(strings.SplitN(mt, ";", 2)[0])
	return mt == "application/json" || strings.HasSuffix(mt, "+json") || mt == "*/*" || mt == "application/*"
}

func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.In != b.In {
			return a.In < b.In
		}
		if a.Pointer != b.Pointer {
			return a.Pointer < b.Pointer
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
}
