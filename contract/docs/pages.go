package docs

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/docpage"
)

// comparePages compares the pages of each service with each other: the
// object tables of the same name (Authorisation on two pages) field by
// field, the path, query and header parameters of the same name, and the
// top-level body fields of the same name (see topLevel); and, for each of
// these, descriptions that name another thing (see describe). A
// service is the path up to its first segment that is neither a version nor
// a parameter ("/v3/{domain_id}/ccaas").
func comparePages(pages []*docpage.Page) []contract.Finding {
	pc := &pageComparer{missing: map[string]*contract.Finding{}, described: map[string]*described{}}
	for _, g := range serviceGroups(pages) {
		ops := make([]*Operation, len(g))
		for i, p := range g {
			ops[i] = FromPage(p)
		}
		for i := range g {
			for j := i + 1; j < len(g); j++ {
				pc.pair(g[i], g[j], ops[i], ops[j])
			}
		}
	}
	keys := sortedKeys(pc.missing)
	for _, k := range keys {
		pc.out = append(pc.out, *pc.missing[k])
	}
	for _, k := range sortedKeys(pc.described) {
		pc.out = append(pc.out, pc.described[k].finding())
	}
	return pc.out
}

// serviceGroups groups the pages with a request line by service, in the
// order the services first appear.
func serviceGroups(pages []*docpage.Page) [][]*docpage.Page {
	groups := map[string][]*docpage.Page{}
	var roots []string
	for _, p := range pages {
		if p.Path == "" {
			continue
		}
		r := serviceRoot(p.Path)
		if groups[r] == nil {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], p)
	}
	out := make([][]*docpage.Page, 0, len(roots))
	for _, r := range roots {
		out = append(out, groups[r])
	}
	return out
}

var versionRe = regexp.MustCompile(`^v\d+(\.\d+)*$`)

func serviceRoot(path string) string {
	var out []string
	for _, s := range strings.Split(strings.Trim(path, "/"), "/") {
		if strings.HasPrefix(s, "{") {
			s = "{}"
		}
		out = append(out, s)
		if s != "{}" && !versionRe.MatchString(s) {
			break
		}
	}
	return "/" + strings.Join(out, "/")
}

type pageComparer struct {
	out []contract.Finding
	// missing gathers, per page, field and other page, what the other
	// page states that the page leaves out: one finding for all of it.
	missing map[string]*contract.Finding
	// described gathers, per page and field, the other pages that
	// describe the field as what its name says where this page does not.
	described map[string]*described
}

// side is one page of a pair.
type side struct {
	page *docpage.Page
	op   *Operation
}

func (pc *pageComparer) pair(pa, pb *docpage.Page, a, b *Operation) {
	sa, sb := side{pa, a}, side{pb, b}
	for _, name := range sortedKeys(a.Objects) {
		ob := b.Objects[name]
		if ob == nil {
			continue
		}
		oa := a.Objects[name]
		for _, f := range oa.Props {
			if g := ob.Prop(f.Name); g != nil {
				pc.diffs(sa, sb, CompareFields(f, g, "object", name+"/"+f.Name, Options{Shallow: true}))
				pc.describe(sa, sb, f, g, "object", name+"/"+f.Name)
			} else {
				pc.fieldMissing(sb, sa, name, f, ob)
			}
		}
		for _, g := range ob.Props {
			if oa.Prop(g.Name) == nil {
				pc.fieldMissing(sa, sb, name, g, oa)
			}
		}
	}
	for _, f := range a.Params {
		for _, g := range b.Params {
			if f.In == g.In && strings.EqualFold(f.Name, g.Name) {
				pc.diffs(sa, sb, CompareFields(f, g, "request."+f.In, f.Name, Options{Shallow: true}))
				pc.describe(sa, sb, f, g, "request."+f.In, f.Name)
			}
		}
	}
	pc.topLevel(sa, sb)
}

// fieldMissing reports at page at that its object table lacks field f,
// which page other lists.
func (pc *pageComparer) fieldMissing(at, other side, object string, f, table *Field) {
	pc.out = append(pc.out, finding(contract.RuleDocPagesFieldMissing, operationName(at.page), source(at.page.Name, table.At.Line),
		contract.Finding{
			In: "object", Pointer: object + "/" + f.Name,
			Expected: fmt.Sprintf("%s: field %s", source(other.page.Name, f.At.Line), f.Name), Actual: "nothing",
			Message: fmt.Sprintf("%s lists the field %s in the %s object; this page's %s table does not.",
				ref(other.page, f.At.Line), f.Name, object, object),
		}))
}

func ref(p *docpage.Page, line int) string {
	return fmt.Sprintf("Page %s (line %d)", filepath.Base(p.Name), line)
}

var pagesRules = map[Kind]contract.RuleID{
	Required: contract.RuleDocPagesRequiredMismatch, TypeKind: contract.RuleDocPagesTypeMismatch,
	Length: contract.RuleDocPagesConstraintMismatch, Count: contract.RuleDocPagesConstraintMismatch,
	Range: contract.RuleDocPagesConstraintMismatch, Enum: contract.RuleDocPagesConstraintMismatch,
	Default: contract.RuleDocPagesConstraintMismatch, Format: contract.RuleDocPagesConstraintMismatch,
}

// diffs turns the differences of two pages' fields into findings: a
// conflict at the later page, something one page leaves out at that page.
func (pc *pageComparer) diffs(a, b side, ds []Difference) {
	for _, d := range ds {
		if d.Kind == TypeKind || d.Kind == ItemType {
			d.AState, d.BState = written(d.A, d.AState), written(d.B, d.BState)
		}
		switch {
		case d.AState == "" || d.BState == "":
			at, other, f, state := a, b, d.A, d.BState
			if d.BState == "" {
				at, other, f, state = b, a, d.B, d.AState
			}
			pc.omits(at, other, d, f, state)
		default:
			rule := pagesRules[d.Kind]
			pc.out = append(pc.out, finding(rule, operationName(b.page), source(b.page.Name, d.B.At.Line), contract.Finding{
				In: d.In, Pointer: d.Pointer,
				Expected: source(a.page.Name, d.A.At.Line) + ": " + d.AState, Actual: d.BState,
				Message: message(d, ref(a.page, d.A.At.Line), "this page"),
			}))
		}
	}
}

func written(f *Field, state string) string {
	if f != nil && f.Written != "" && state != "" {
		return f.Written
	}
	return state
}

// omits records at page at that it leaves out what page other states.
func (pc *pageComparer) omits(at, other side, d Difference, f *Field, state string) {
	o := d.A
	if f == d.A {
		o = d.B
	}
	key := strings.Join([]string{at.page.Name, d.In, d.Pointer, other.page.Name}, "\x00")
	what := phrase(d.Kind, state)
	stmt := source(other.page.Name, o.At.Line) + ": " + state
	if m := pc.missing[key]; m != nil {
		m.Expected += "; " + stmt
		m.Message = strings.TrimSuffix(m.Message, "; this page leaves that out.") + ", and " + what + "; this page leaves that out."
		return
	}
	subj := subject(d.In, d.Pointer, d.Status)
	actual := "nothing"
	if d.Kind == ItemType && f.Written != "" {
		actual = f.Written // "Array", without an item type
	}
	pc.missing[key] = ptr(finding(contract.RuleDocPagesConstraintMissing, operationName(at.page), source(at.page.Name, f.At.Line),
		contract.Finding{
			In: d.In, Pointer: d.Pointer, Expected: stmt, Actual: actual,
			Message: fmt.Sprintf("%s gives %s %s; this page leaves that out.", ref(other.page, o.At.Line), subj, what),
		}))
}
