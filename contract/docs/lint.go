package docs

import (
	"fmt"
	"strings"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/docpage"
)

// Lint checks pages without any spec: each page's examples against its own
// tables (types, mandatory and undocumented fields and headers, lengths and
// ranges, allowed values, time formats, statuses, the request line, one
// request for several scenarios), the reader's warnings, parameter types no
// URL can carry, the prose and descriptions against the tables (parameters
// that take effect only together given a default, conditions on mandatory
// parameters, enumerations narrower than the descriptions), and then the
// pages of each service against each other (see comparePages and
// otherResources).
func Lint(pages []*docpage.Page) *Result {
	res := &Result{}
	for _, p := range pages {
		l := &linter{page: p, op: FromPage(p), name: operationName(p)}
		l.warnings()
		l.paramTypes()
		l.statuses()
		l.examples()
		l.scenarios()
		l.together()
		l.mandatoryConditional()
		l.enumNarrower()
		res.Findings = append(res.Findings, l.out...)
	}
	res.Findings = append(res.Findings, comparePages(pages)...)
	res.Findings = append(res.Findings, otherResources(pages)...)
	return res
}

// operationName names a page's operation in findings: "GET /v3/...", or
// the page itself when it has no request line.
func operationName(p *docpage.Page) string {
	if p.Method == "" {
		return p.Name
	}
	return p.Method + " " + p.Path
}

type linter struct {
	page   *docpage.Page
	op     *Operation
	name   string
	status int // of the response example being walked
	out    []contract.Finding
}

func (l *linter) add(rule contract.RuleID, line int, in, ptr, expected, actual, msg string) {
	l.out = append(l.out, finding(rule, l.name, source(l.page.Name, line), contract.Finding{
		In: in, Pointer: ptr, Expected: expected, Actual: actual, Message: msg,
	}))
}

// warnings reports what the reader could not make sense of.
func (l *linter) warnings() {
	for _, w := range l.page.Warnings {
		l.add(contract.RuleDocPageWarning, w.Line, "page", "", "", "", capital(w.Message)+".")
	}
}

// paramTypes reports parameters typed as objects or nested arrays, which
// neither a URL nor a header can carry.
func (l *linter) paramTypes() {
	for _, f := range l.op.Params {
		bad := f.Type.Base == "object" ||
			f.Type.Base == "array" && f.Items != nil && (f.Items.Type.Base == "array" || f.Items.Type.Base == "object")
		if !bad {
			continue
		}
		l.add(contract.RuleDocParamTypeInvalid, f.At.Line, "request."+f.In, f.Name, "a scalar or an array of scalars", f.Written,
			fmt.Sprintf("The %s parameter %s is typed %q, which a %s cannot carry.", f.In, f.Name, f.Written, carrier(f.In)))
	}
}

func carrier(in string) string {
	switch in {
	case "header":
		return "header"
	case "path":
		return "path segment"
	}
	return "query string"
}

// statuses reports response tables whose status the Status Codes table
// does not list.
func (l *linter) statuses() {
	if len(l.page.Statuses) == 0 {
		return
	}
	listed := map[int]bool{}
	for _, s := range l.page.Statuses {
		listed[s.Code] = true
	}
	seen := map[int]bool{}
	for _, t := range l.page.Tables {
		if t.In != "response" || t.Object || t.Status == 0 || listed[t.Status] || seen[t.Status] {
			continue
		}
		seen[t.Status] = true
		var codes []string
		for _, s := range l.page.Statuses {
			codes = append(codes, statusName(s.Code))
		}
		l.add(contract.RuleDocStatusInconsistent, t.Line, "response.status", statusName(t.Status),
			strings.Join(codes, ", "), statusName(t.Status),
			fmt.Sprintf("The response parameters document status %d; the Status Codes table lists only %s.", t.Status, strings.Join(codes, ", ")))
	}
}
