package docs

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/specdrift/specdrift/contract"
)

// topLevel compares the top-level fields of two pages' bodies that have
// the same name: the request bodies' with each other, and the response
// bodies' with each other whatever their statuses (a request ID in a 201
// and in a 200). Objects of other names are not compared field by field:
// an Authorisation's id and a Permission's id may well differ.
func (pc *pageComparer) topLevel(a, b side) {
	for _, in := range []string{"request.body", "response.body"} {
		fa, fb := topFields(a.op, in), topFields(b.op, in)
		for _, name := range sortedKeys(fa) {
			g := fb[name]
			if g == nil {
				continue
			}
			f, ptr := fa[name], "/"+escape(name)
			ds := CompareFields(f, g, in, ptr, Options{Shallow: true})
			for i := range ds {
				ds[i].Status = anyStatus
			}
			pc.diffs(a, b, ds)
			pc.describe(a, b, f, g, in, ptr)
		}
	}
}

// topFields are the top-level fields of an operation's request body, or
// of its response bodies (the first of a name, in status order).
func topFields(op *Operation, in string) map[string]*Field {
	out := map[string]*Field{}
	add := func(body *Field) {
		if body == nil {
			return
		}
		for _, p := range body.Props {
			if out[p.Name] == nil {
				out[p.Name] = p
			}
		}
	}
	if in == "request.body" {
		add(op.Body)
		return out
	}
	for _, r := range op.Responses {
		add(r.Body)
	}
	return out
}

// described is a field that a page describes as something else than what
// its name says, where other pages describe it as what the name says.
type described struct {
	at     side
	f      *Field
	in     string
	ptr    string
	others []otherDesc
}

type otherDesc struct {
	s side
	f *Field
}

// describe records where one of two fields of the same name is described
// as what its name says ("Request ID." for request_id) and the other as
// something else ("Resource ID."): the second page describes another
// thing, or copied the description from one.
func (pc *pageComparer) describe(a, b side, f, g *Field, in, ptr string) {
	sf, sg := firstSentence(f.Description), firstSentence(g.Description)
	if sf == "" || sg == "" || strings.EqualFold(sf, sg) {
		return
	}
	nf, ng := namesField(f.Name, sf), namesField(g.Name, sg)
	if nf == ng {
		return
	}
	good, bad, gs, bs := f, g, a, b
	if ng {
		good, bad, gs, bs = g, f, b, a
	}
	if !otherThing(good.Name, firstSentence(good.Description), firstSentence(bad.Description)) {
		return
	}
	key := strings.Join([]string{bs.page.Name, in, ptr}, "\x00")
	d := pc.described[key]
	if d == nil {
		d = &described{at: bs, f: bad, in: in, ptr: ptr}
		pc.described[key] = d
	}
	d.others = append(d.others, otherDesc{gs, good})
}

// namesField reports whether a description's first sentence has every
// word of the field's name: "Request ID." names request_id.
func namesField(name, sentence string) bool {
	ws := contentWords(sentence)
	nw := nameWords(name)
	for _, w := range nw {
		if !ws[w] {
			return false
		}
	}
	return len(nw) > 0
}

// otherThing reports whether the sentence that does not name the field
// names another thing of the same kind, rather than saying the same in
// other words: the two share a word ("ID" of "Request ID." and "Resource
// ID."), every word of the naming sentence is a word of the name or of the
// other sentence, and the other sentence has a word of its own
// ("Resource") in place of the name's.
func otherThing(name, naming, other string) bool {
	nw, ow := contentWords(naming), contentWords(other)
	inName := map[string]bool{}
	for _, w := range nameWords(name) {
		inName[w] = true
	}
	shared := false
	for w := range nw {
		if !inName[w] && !ow[w] {
			return false
		}
		shared = shared || ow[w]
	}
	if !shared {
		return false
	}
	for w := range ow {
		if !nw[w] {
			return true
		}
	}
	return false
}

func (d *described) finding() contract.Finding {
	subj := subject(d.in, d.ptr, anyStatus)
	var refs, exp []string
	for _, o := range d.others {
		refs = append(refs, fmt.Sprintf("%s (line %d)", filepath.Base(o.s.page.Name), o.f.At.Line))
		exp = append(exp, source(o.s.page.Name, o.f.At.Line)+": "+firstSentence(o.f.Description))
	}
	pages := "Page " + refs[0]
	if len(refs) > 1 {
		pages = "Pages " + strings.Join(refs[:len(refs)-1], ", ") + " and " + refs[len(refs)-1]
	}
	own := firstSentence(d.f.Description)
	return finding(contract.RuleDocPagesDescriptionMismatch, operationName(d.at.page), source(d.at.page.Name, d.f.At.Line),
		contract.Finding{
			In: d.in, Pointer: d.ptr, Expected: strings.Join(exp, "; "), Actual: own,
			Message: fmt.Sprintf("%s describe%s %s as %q; this page describes it as %q, something else.",
				pages, map[bool]string{true: "", false: "s"}[len(refs) > 1], subj, firstSentence(d.others[0].f.Description), own),
		})
}
