package mock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/internal/sample"
)

// operation is what the mock knows of one operation: how it answers and
// what it can answer with.
type operation struct {
	op        *contract.Operation
	bound     *boundOp            // the generated code of the operation; nil: served by the generic handler
	handler   http.Handler        // the generated strict server, or the generic handler
	errStatus int                 // the status of an invalid request
	errors    map[int]*errorShape // how the mock words its errors, by status
	cands     []*candidate
	params    *pathTemplate
}

// candidate is one response the mock can give: a fixture's, an example of
// the spec, or a sample built from the documented schema.
type candidate struct {
	names   []string // what Prefer: example=NAME matches
	source  string   // where it comes from, for the log
	fixture bool
	status  int
	header  http.Header
	body    []byte
	typed   any // body decoded into its generated type; nil: served as it is
	req     *contract.Request
	query   url.Values        // of req
	leaves  map[string]string // of req's JSON body: pointer → scalar
	reqPath string
}

func newOperation(o *contract.Operation, b *boundOp) *operation {
	op := &operation{op: o, bound: b, errStatus: errorStatus(o), params: newPathTemplate(o.Path)}
	op.handler = http.HandlerFunc(serveGeneric)
	return op
}

func (op *operation) addFixture(ex *contract.Exchange) {
	base := strings.TrimSuffix(path.Base(ex.Source.Name), path.Ext(ex.Source.Name))
	c := &candidate{names: []string{base}, source: ex.Source.Name, fixture: true,
		status: ex.Response.Status, header: ex.Response.Header, body: ex.Response.Body, req: &ex.Request}
	if ex.Example != "" {
		c.names = append([]string{ex.Example}, c.names...)
	}
	if u, err := url.Parse(ex.Request.URL); err == nil {
		c.query, c.reqPath = u.Query(), u.Path
	}
	c.leaves = jsonLeaves(ex.Request.Body)
	op.cands = append(op.cands, c)
}

// addExamples adds the spec's examples of the documented responses, as
// contract.Operation.ExampleExchanges pairs them with their requests, and
// for each documented status with neither fixture nor example, a sample
// built from its schema (or an empty body where it has none).
func (op *operation) addExamples() {
	if op.op.Op.Responses == nil {
		return
	}
	byStatus := map[int][]*contract.Exchange{}
	for _, ex := range op.op.ExampleExchanges() {
		if ex.Response != nil {
			byStatus[ex.Response.Status] = append(byStatus[ex.Response.Status], ex)
		}
	}
	for _, key := range op.op.Statuses() {
		status, err := strconv.Atoi(key)
		if err != nil {
			if status = rangeStatus(key, op.op.Statuses()); status == 0 {
				continue
			}
		}
		resp := op.op.Op.Responses.Value(key).Value
		ptr := op.op.Pointer + "/responses/" + key
		has := op.has(status)
		mt, media := jsonMedia(resp.Content)
		if media == nil {
			if !has {
				op.cands = append(op.cands, &candidate{names: []string{"empty"}, source: op.op.Spec.Name + "#" + ptr, status: status, header: http.Header{}})
			}
			continue
		}
		for _, ex := range byStatus[status] {
			// the request's body is the paired request example, if any: a
			// request like it gets this response
			op.cands = append(op.cands, &candidate{names: []string{ex.Example}, source: ex.Source.Name + "#" + ex.Source.Entry,
				status: status, header: ex.Response.Header, body: ex.Response.Body, leaves: jsonLeaves(ex.Request.Body)})
			has = true
		}
		if !has && media.Schema != nil && media.Schema.Value != nil {
			var b []byte
			var err error
			if status >= 400 {
				// the mock's code, and a message that says what it is, where the schema has fields for them
				shape, _ := newErrorShape(op.op, key, resp)
				b = shape.body(status, fmt.Sprintf("SPECDRIFT.%04d", status),
					fmt.Sprintf("A sample of the %d response %s documents; no fixture or example records one.", status, op.op.ID))
			} else {
				b, err = json.Marshal(sample.Value(media.Schema.Value, 0))
			}
			if err == nil {
				op.cands = append(op.cands, &candidate{names: []string{"sample"}, source: op.op.Spec.Name + "#" + ptr + "/content/" + escape(mt) + "/schema (sample)",
					status: status, header: http.Header{"Content-Type": {mt}}, body: b})
			}
		}
	}
}

// rangeStatus is the status the mock answers a range or default response
// with: 200 for 2XX, and for a default that stands for success (no status
// below 400 is documented beside it); 0 for the others, which answer
// errors the mock makes itself.
func rangeStatus(key string, keys []string) int {
	switch strings.ToUpper(key) {
	case "2XX":
		return http.StatusOK
	case "DEFAULT":
		for _, k := range keys {
			if n, err := strconv.Atoi(k); err == nil && n < 400 || strings.EqualFold(k, "2XX") || strings.EqualFold(k, "3XX") {
				return 0
			}
		}
		return http.StatusOK
	}
	return 0
}

func (op *operation) has(status int) bool {
	for _, c := range op.cands {
		if c.status == status {
			return true
		}
	}
	return false
}

// prepare decodes each candidate's body into its generated type, once, and
// returns notes on the bodies the type cannot carry whole, for the log:
// the values they quote redacted by r.
func (op *operation) prepare(asRecorded bool, r *contract.Redactor) []string {
	if op.bound == nil || asRecorded {
		return nil
	}
	var notes []string
	for _, c := range op.cands {
		newBody := op.bound.responses[c.status]
		if newBody == nil || len(c.body) == 0 {
			continue
		}
		v := newBody()
		losses, err := RoundTrip(c.body, v)
		if err != nil {
			notes = append(notes, fmt.Sprintf("%s: status %d: the body is not JSON (%v); serving it as recorded", c.source, c.status, err))
			continue
		}
		c.typed = v
		for i := range losses {
			losses[i] = redactLoss(r, losses[i])
		}
		if len(losses) > 0 {
			notes = append(notes, fmt.Sprintf("%s: status %d: the body does not fit the generated %s; serving what the type carries: %s (specdrift validate reports each; --as-recorded serves the body as recorded)",
				c.source, c.status, typeName(v), JoinLosses(losses)))
		}
	}
	return notes
}

// redactLoss hides the secrets a loss quotes: all of a value at a secret
// place, the secret members of an object elsewhere.
func redactLoss(r *contract.Redactor, l Loss) Loss {
	if f := r.Finding(contract.Finding{In: "response.body", Pointer: l.Pointer, Actual: "x"}); f.Actual != "x" {
		l.Recorded, l.Typed = redactedIf(l.Recorded), redactedIf(l.Typed)
		return l
	}
	for _, v := range []*string{&l.Recorded, &l.Typed} {
		var decoded any
		if json.Unmarshal([]byte(*v), &decoded) != nil {
			continue
		}
		before, err1 := json.Marshal(decoded)
		after, err2 := json.Marshal(r.Value(decoded, nil))
		if err1 == nil && err2 == nil && !bytes.Equal(before, after) {
			*v = string(after)
		}
	}
	return l
}

func redactedIf(v string) string {
	if v == "" {
		return ""
	}
	return contract.RedactedText
}

// choose picks the response to a valid request: the one a Prefer header
// names (code=NNN, example=NAME), else the success response whose recorded
// request matches the request best. It returns nil and why when nothing
// satisfies the Prefer header: the statuses and examples it can ask for.
func (op *operation) choose(r *http.Request, body []byte) (*candidate, string) {
	code, example := preferences(r.Header.Values("Prefer"))
	var cands []*candidate
	for _, c := range op.cands {
		if (code == 0 || c.status == code) && (example == "" || slices.Contains(c.names, example)) {
			cands = append(cands, c)
		}
	}
	if len(cands) == 0 {
		return nil, fmt.Sprintf("%s has no response for Prefer: %s; %s; it has %s.", op.op.ID, strings.Join(r.Header.Values("Prefer"), ", "), op.askable(), op.describeCandidates())
	}
	if code == 0 {
		var ok []*candidate
		for _, c := range cands {
			if c.status >= 200 && c.status < 300 {
				ok = append(ok, c)
			}
		}
		if len(ok) > 0 {
			cands = ok
		}
	}
	if len(cands) == 1 {
		return cands[0], ""
	}
	query, leaf := r.URL.Query(), leafOf(body)
	best, bestScore := cands[0], -1
	for _, c := range cands {
		if s := c.score(r.URL.Path, query, leaf); s > bestScore {
			best, bestScore = c, s
		}
	}
	return best, ""
}

// score counts what a candidate's recorded request shares with a request:
// the path, query values and body values (leaf gives the request body's
// scalar at a pointer).
func (c *candidate) score(p string, q url.Values, leaf func(ptr string) (string, bool)) int {
	s := 0
	if c.fixture {
		s++ // a recording beats an example when nothing else decides
	}
	if c.reqPath != "" && c.reqPath == p {
		s += 4
	}
	for name, vs := range c.query {
		for _, v := range vs {
			if slices.Contains(q[name], v) {
				s += 2
			}
		}
	}
	for ptr, v := range c.leaves {
		if got, ok := leaf(ptr); ok && got == v {
			s += 2
		}
	}
	return s
}

// askable names the statuses a Prefer header can ask for.
func (op *operation) askable() string {
	var codes []string
	for _, c := range op.cands {
		if code := "code=" + strconv.Itoa(c.status); !slices.Contains(codes, code) {
			codes = append(codes, code)
		}
	}
	slices.Sort(codes)
	switch len(codes) {
	case 0:
		return "Prefer can ask for no status"
	case 1:
		return "Prefer can ask for " + codes[0]
	}
	return "Prefer can ask for " + strings.Join(codes[:len(codes)-1], ", ") + " or " + codes[len(codes)-1]
}

func (op *operation) describeCandidates() string {
	var parts []string
	for _, c := range op.cands {
		parts = append(parts, fmt.Sprintf("code=%d example=%s", c.status, strings.Join(c.names, "|")))
	}
	if len(parts) == 0 {
		return "no responses"
	}
	return strings.Join(parts, "; ")
}

// preferences reads code=NNN and example=NAME from Prefer headers.
func preferences(values []string) (code int, example string) {
	for _, v := range values {
		for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
			k, val, ok := strings.Cut(part, "=")
			if !ok {
				continue
			}
			val = strings.Trim(val, `"`)
			switch strings.ToLower(k) {
			case "code":
				code, _ = strconv.Atoi(val)
			case "example":
				example = val
			}
		}
	}
	return code, example
}

func escape(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}
