package engine

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// A oneOf or anyOf that no branch matches is reported, in both engines, as
// one fault of the composition that names the branch the value most nearly
// matches, followed by the faults of that branch only: the discriminator's
// branch when the value names one, else the branch whose faults stand
// deepest in the value (it matched more of it), then the one with the
// fewest faults. The fault's reason sums up the other branches in a line.
// A discriminator the value does not state (or states as no string, or as
// a value no mapping has) is no fault when the branches settle the value
// all the same: exactly one matches (oneOf), or any does (anyOf).

// kinCtx is what expanding a composition needs: the value validated at
// the base pointer, and the options it was validated with. nil: the
// compositions are not expanded.
type kinCtx struct {
	v    any
	opts []openapi3.SchemaValidationOption
}

// branch is the result of validating a value against one branch.
type branch struct {
	i      int
	ref    string
	faults []Fault
	ok     bool
}

// composition reports the failure se of a oneOf, anyOf or discriminator,
// standing at ptr; ok is false when se is not such a failure.
func (x Index) composition(out []Fault, se *openapi3.SchemaError, ptr string, c *kinCtx) ([]Fault, bool) {
	s := se.Schema
	if c == nil || s == nil {
		return out, false
	}
	field, refs := se.SchemaField, s.OneOf
	switch field {
	case "oneOf":
		if strings.Contains(se.Reason, "more than one") {
			return out, false // the value matches several: kin-openapi's reason says which
		}
	case "anyOf":
		refs = s.AnyOf
	case "discriminator":
		if len(refs) == 0 {
			refs = s.AnyOf
		}
	default:
		return out, false
	}
	if len(refs) == 0 {
		return out, false
	}
	kind := "oneOf"
	if len(s.OneOf) == 0 {
		kind = "anyOf"
	}
	value := se.Value
	if field == "discriminator" {
		value = lookup(c.v, se.JSONPointer())
	}
	inner := &kinCtx{v: value, opts: c.opts}
	var bs []branch
	matches := 0
	for i, ref := range refs {
		if ref == nil || ref.Value == nil {
			return out, false
		}
		err := ref.Value.VisitJSON(value, c.opts...)
		b := branch{i: i, ref: ref.Ref, ok: err == nil}
		if err != nil {
			b.faults = x.appendKin(nil, err, ptr, ptr, true, inner)
		} else {
			matches++
		}
		bs = append(bs, b)
	}
	if field == "discriminator" && (matches == 1 || kind == "anyOf" && matches > 0) {
		return out, true
	}
	near := nearest(bs, discriminated(s, value))
	if near == nil {
		return out, false
	}
	reason := reasonOf(se)
	if field == "discriminator" {
		reason += fmt.Sprintf("; %d of the %s branches match", matches, kind)
	}
	reason += "; nearest: " + branchName(kind, bs[near.i]) + ", whose faults follow"
	for _, b := range bs {
		if b.i == near.i {
			continue
		}
		reason += "; " + branchName(kind, b) + ": " + summary(b)
	}
	out = append(out, Fault{Schema: s, Keyword: field, Reason: reason, Actual: value, Pointer: ptr})
	return append(out, near.faults...), true
}

// nearest is the branch to report: the discriminator's (disc, a ref), else
// the failing branch whose shallowest fault is deepest, then with the
// fewest faults, then the first.
func nearest(bs []branch, disc string) *branch {
	var best *branch
	for i := range bs {
		b := &bs[i]
		if disc != "" && b.ref == disc {
			return b
		}
	}
	for i := range bs {
		b := &bs[i]
		if b.ok {
			continue
		}
		if best == nil || shallowest(b.faults) > shallowest(best.faults) ||
			shallowest(b.faults) == shallowest(best.faults) && len(b.faults) < len(best.faults) {
			best = b
		}
	}
	return best
}

func shallowest(fs []Fault) int {
	depth := -1
	for _, f := range fs {
		if d := strings.Count(f.Pointer, "/"); depth < 0 || d < depth {
			depth = d
		}
	}
	return depth
}

// discriminated is the ref of the branch the value's discriminator names,
// "" if none: through the mapping, or a schema of that name.
func discriminated(s *openapi3.Schema, value any) string {
	d := s.Discriminator
	obj, ok := value.(map[string]any)
	if d == nil || !ok {
		return ""
	}
	name, ok := obj[d.PropertyName].(string)
	if !ok {
		return ""
	}
	ref := "#/components/schemas/" + name
	if m, ok := d.Mapping[name]; ok {
		ref = m.Ref
		if !strings.Contains(ref, "/") {
			ref = "#/components/schemas/" + ref
		}
	}
	return ref
}

// branchName names a branch: oneOf/1 (Dog).
func branchName(kind string, b branch) string {
	name := kind + "/" + strconv.Itoa(b.i)
	if i := strings.LastIndexByte(b.ref, '/'); i >= 0 {
		name += " (" + b.ref[i+1:] + ")"
	}
	return name
}

// branchNames names the branches of a composition, "" for none.
func branchNames(kind string, refs openapi3.SchemaRefs) string {
	names := make([]string, len(refs))
	for i, ref := range refs {
		names[i] = branchName(kind, branch{i: i, ref: ref.Ref})
	}
	return strings.Join(names, ", ")
}

// summary says in a few words why a branch does not match.
func summary(b branch) string {
	if b.ok {
		return "matches"
	}
	if len(b.faults) == 0 {
		return "does not match"
	}
	f := b.faults[0]
	out := f.Reason
	if f.Pointer != "" && f.Keyword != "required" {
		out = f.Pointer + ": " + out
	}
	if len(b.faults) > 1 {
		out += fmt.Sprintf(" (and %d more)", len(b.faults)-1)
	}
	return out
}

// lookup is the value at a path of tokens within v, nil if there is none.
func lookup(v any, toks []string) any {
	for _, t := range toks {
		switch val := v.(type) {
		case map[string]any:
			v = val[t]
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(val) {
				return nil
			}
			v = val[i]
		default:
			return nil
		}
	}
	return v
}
