package docs

import (
	"context"
	"sort"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/diff"
	"github.com/specdrift/specdrift/contract/docpage"
)

// Diff compares two saved versions of a page: it drafts a spec from each
// (Import) and runs the spec diff on the drafts. Every change is located on
// the pages: the file, and the line of the row, status or request line it
// comes from. Two pages that share neither a title nor an operation give a
// *diff.ServiceMismatchError.
func Diff(ctx context.Context, old, new *docpage.Page) (*diff.Result, error) {
	var vs [2]*diff.Version
	var drafts [2]*Draft
	for i, p := range []*docpage.Page{old, new} {
		d, err := Import([]*docpage.Page{p})
		if err != nil {
			return nil, &contract.InputError{File: p.Name, Err: err}
		}
		v, err := diff.LoadVersion(ctx, p.Name, d.YAML)
		if err != nil {
			return nil, err
		}
		vs[i], drafts[i] = v, d
	}
	if !diff.SameService(vs[0], vs[1]) {
		return nil, &diff.ServiceMismatchError{Old: old.Name, New: new.Name, OldTitle: vs[0].Title(), NewTitle: vs[1].Title()}
	}
	pr, err := diff.ComparePair(ctx, &diff.Loaded{Service: PageID(new.Name), Old: vs[0], New: vs[1]}, diff.Options{})
	if err != nil {
		return nil, err
	}
	oldLines, newLines := pageLines(vs[0], drafts[0]), pageLines(vs[1], drafts[1])
	for i := range pr.Changes {
		c := &pr.Changes[i]
		c.Old = oldLines.locate(c.Old)
		c.New = newLines.locate(c.New)
	}
	return &diff.Result{Pairs: []*diff.PairResult{pr}}, nil
}

// lineMap maps lines of a draft to the lines of its page.
type lineMap struct {
	draft []int // draft lines, ascending
	page  []int // the page line of each
}

func pageLines(v *diff.Version, d *Draft) lineMap {
	type pair struct{ draft, page int }
	var ps []pair
	for ptr, o := range d.Origins {
		ps = append(ps, pair{v.Spec.Line(ptr), o.Line})
	}
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].draft != ps[j].draft {
			return ps[i].draft < ps[j].draft
		}
		return ps[i].page < ps[j].page
	})
	var m lineMap
	for _, p := range ps {
		m.draft, m.page = append(m.draft, p.draft), append(m.page, p.page)
	}
	return m
}

// locate moves a location in the draft to the page: the line of the
// nearest element at or above it. The pointer, into the draft, goes.
func (m lineMap) locate(l contract.Location) contract.Location {
	if l.File == "" {
		return l
	}
	out := contract.Location{File: l.File}
	i := sort.SearchInts(m.draft, l.Line+1) - 1
	if i >= 0 {
		out.Line = m.page[i]
	}
	return out
}
