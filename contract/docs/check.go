package docs

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/docpage"
)

// Result is what a check or a lint found.
type Result struct {
	Findings []contract.Finding
	// Honored are disagreements the spec records as deliberate
	// (x-specdrift-deviation, x-specdrift-completed-from); each message
	// ends with the recorded reason.
	Honored []contract.Finding
	// Errors are pages that could not be checked.
	Errors []string
}

// Check compares each page with the spec operation it documents, found by
// method and path, and reports every disagreement: the page's file and line
// as the source, the spec's location as the spec. A disagreement on an
// element that carries x-specdrift-deviation, or x-specdrift-completed-from
// where the page states nothing, is honored rather than reported.
func Check(pages []*docpage.Page, specs []*contract.Spec) *Result {
	res := &Result{}
	for _, p := range pages {
		if p.Method == "" || p.Path == "" {
			res.Errors = append(res.Errors, fmt.Sprintf("%s: no request line (such as \"POST /v3/...\") found: cannot tell which operation the page documents", p.Name))
			continue
		}
		o := FindOperation(specs, p.Method, p.Path)
		if o == nil {
			res.Findings = append(res.Findings, finding(contract.RuleDocOperationMissing, p.Method+" "+p.Path,
				source(p.Name, p.MethodLine), contract.Finding{
					In: "request", Expected: p.Method + " " + p.Path,
					Message: fmt.Sprintf("No operation of the specs is %s %s. Add the operation, or check the spec with --spec.", p.Method, p.Path),
				}))
			continue
		}
		c := &checker{page: p, op: o, res: res}
		c.updated()
		for _, d := range Compare(FromPage(p), FromSpec(o), Options{}) {
			c.difference(d)
		}
	}
	return res
}

// FindOperation returns the operation of specs with this method and path,
// matching path parameters by position whatever their names; nil if none.
func FindOperation(specs []*contract.Spec, method, path string) *contract.Operation {
	var loose *contract.Operation
	for _, s := range specs {
		for _, o := range s.Operations {
			if !strings.EqualFold(o.Method, method) {
				continue
			}
			if o.Path == path {
				return o
			}
			if loose == nil && paramRe.ReplaceAllString(o.Path, "{}") == paramRe.ReplaceAllString(path, "{}") {
				loose = o
			}
		}
	}
	return loose
}

var paramRe = regexp.MustCompile(`\{[^}/]*\}`)

type checker struct {
	page *docpage.Page
	op   *contract.Operation
	res  *Result
}

func source(name string, line int) string {
	if line > 0 {
		return fmt.Sprintf("%s:%d", name, line)
	}
	return name
}

// finding fills the rule, severity, operation and source of f.
func finding(rule contract.RuleID, op, src string, f contract.Finding) contract.Finding {
	r, _ := contract.LookupRule(rule)
	f.Rule, f.Severity, f.Operation, f.Source = rule, r.Severity, op, src
	return f
}

// updated compares the page's "Updated on" date with the one the spec
// records for the page in info.x-specdrift-pages.
func (c *checker) updated() {
	doc := c.op.Spec.Doc
	if doc.Info == nil {
		return
	}
	list, _ := doc.Info.Extensions["x-specdrift-pages"].([]any)
	pageID, _ := c.op.Op.Extensions["x-specdrift-page"].(string)
	for i, e := range list {
		m, _ := e.(map[string]any)
		str := func(k string) string { s, _ := m[k].(string); return s }
		if !(pageID != "" && str("page") == pageID || pageID == "" && str("operation") == c.op.ID) {
			continue
		}
		if rec := str("updated"); rec != c.page.Updated {
			line := c.page.UpdatedLine
			if line == 0 {
				line = 1
			}
			c.res.Findings = append(c.res.Findings, finding(contract.RuleDocPageUpdated, c.op.Name(), source(c.page.Name, line), contract.Finding{
				In: "page", Pointer: "updated", Spec: c.op.Spec.Locate(fmt.Sprintf("/info/x-specdrift-pages/%d", i)),
				Expected: orNothing(c.page.Updated, "no date"), Actual: orNothing(rec, "no date"),
				Message: fmt.Sprintf("The page is dated %s; the spec records it as %s. Check the page for changes, then record its date in x-specdrift-pages.",
					orNothing(c.page.Updated, "nothing"), orNothing(rec, "undated")),
			}))
		}
		return
	}
}

func orNothing(s, none string) string {
	if s == "" {
		return none
	}
	return s
}

var checkRules = map[Kind]contract.RuleID{
	MissingInB: contract.RuleDocParamMissingInSpec, MissingInA: contract.RuleDocParamMissingInDoc,
	Required: contract.RuleDocRequiredMismatch, TypeKind: contract.RuleDocTypeMismatch,
	Length: contract.RuleDocLengthMismatch, Count: contract.RuleDocLengthMismatch,
	Range: contract.RuleDocRangeMismatch, Enum: contract.RuleDocEnumMismatch,
	Default: contract.RuleDocDefaultMismatch, Format: contract.RuleDocFormatMismatch, StatusMissingInB: contract.RuleDocStatusMissing,
	StatusMissingInA: contract.RuleDocStatusMissingInDoc,
}

// difference turns a Difference (A the page, B the spec) into a finding.
func (c *checker) difference(d Difference) {
	rule, ok := checkRules[d.Kind]
	if !ok {
		return // a bare "Array" on the page agrees with any item type
	}
	line, ptr := d.AParent.Line, d.BParent.Pointer
	if d.A != nil {
		line = d.A.At.Line
	}
	switch {
	case d.B != nil:
		ptr = d.B.At.Pointer
	case d.Kind == MissingInB && strings.HasPrefix(d.In, "request.") && d.In != "request.body":
		ptr += "/parameters"
	}
	if d.Kind == TypeKind && d.A != nil && d.A.Written != "" {
		d.AState = d.A.Written // as the page writes it
	}
	f := finding(rule, c.op.Name(), source(c.page.Name, line), contract.Finding{
		In: d.In, Pointer: d.Pointer, Spec: c.op.Spec.Locate(ptr),
		Expected: orNothing(d.AState, "nothing"), Actual: orNothing(d.BState, "nothing"),
		Message: message(d, "the page", "the spec"),
	})
	if ext, why := honored(d, rule); ext != "" {
		f.Message += fmt.Sprintf(" The spec records this as deliberate (%s): %s", ext, why)
		c.res.Honored = append(c.res.Honored, f)
		return
	}
	c.res.Findings = append(c.res.Findings, f)
}

// honored returns the extension that records d as deliberate, and why: a
// deviation on the spec's element (about this rule, where its
// x-specdrift-deviation-rules says which), or a completion of something the
// page does not state.
func honored(d Difference, rule contract.RuleID) (ext, why string) {
	f := d.B
	switch {
	case f == nil:
	case f.Deviation != "" && (len(f.DeviationRules) == 0 || slices.Contains(f.DeviationRules, string(rule))):
		return ExtDeviation, f.Deviation
	case f.CompletedFrom != "" && d.AState == "" && d.Kind != TypeKind && d.Kind != Required:
		return ExtCompletedFrom, f.CompletedFrom
	}
	return "", ""
}
