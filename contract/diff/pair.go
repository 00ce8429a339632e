package diff

import (
	"context"
	"fmt"
	"runtime"
	"sort"

	"golang.org/x/sync/errgroup"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/traffic"
)

// File is one spec file: its bytes and the name reports use for it.
type File struct {
	Name string
	Data []byte
}

// Pair is one service's spec file in the old and the new version. Old is
// nil for a service the new version adds, New for one it removes.
type Pair struct {
	Service string
	Old     *File
	New     *File
}

// PairFiles pairs the spec files of two versions by service, the file's base
// name without extension, in service order.
func PairFiles(old, new []File) []Pair {
	bySvc := map[string]*Pair{}
	for i := range old {
		s := ServiceOf(old[i].Name)
		bySvc[s] = &Pair{Service: s, Old: &old[i]}
	}
	for i := range new {
		s := ServiceOf(new[i].Name)
		if p, ok := bySvc[s]; ok {
			p.New = &new[i]
			continue
		}
		bySvc[s] = &Pair{Service: s, New: &new[i]}
	}
	out := make([]Pair, 0, len(bySvc))
	for _, p := range bySvc {
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Service < out[j].Service })
	return out
}

// Loaded is a pair with both versions loaded; Old or New is nil where the
// pair has no file.
type Loaded struct {
	Service string
	Old     *Version
	New     *Version
}

// ServiceMismatchError says that the two specs of a pair describe different
// services: they share neither a title nor an operation.
type ServiceMismatchError struct {
	Old, New           string // the files
	OldTitle, NewTitle string
}

func (e *ServiceMismatchError) Error() string {
	return fmt.Sprintf("%s (%q) and %s (%q) describe different services: they share no title and no operation; compare two versions of the same spec",
		e.Old, e.OldTitle, e.New, e.NewTitle)
}

// LoadPairs loads every file of every pair, as many at once as there are
// processors, and checks that the two versions of each pair describe the
// same service. The error is that of the first pair (in order) that failed:
// a *contract.InputError for a file that does not load, a
// *ServiceMismatchError for two unrelated specs.
func LoadPairs(ctx context.Context, pairs []Pair) ([]*Loaded, error) {
	out := make([]*Loaded, len(pairs))
	errs := make([]error, 2*len(pairs))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, p := range pairs {
		out[i] = &Loaded{Service: p.Service}
		for j, f := range []*File{p.Old, p.New} {
			if f == nil {
				continue
			}
			dst := &out[i].Old
			if j == 1 {
				dst = &out[i].New
			}
			g.Go(func() error {
				*dst, errs[2*i+j] = LoadVersion(gctx, f.Name, f.Data)
				return nil
			})
		}
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for i, l := range out {
		if err := errs[2*i]; err != nil {
			return nil, err
		}
		if err := errs[2*i+1]; err != nil {
			return nil, err
		}
		if l.Old != nil && l.New != nil && !SameService(l.Old, l.New) {
			return nil, &ServiceMismatchError{Old: l.Old.File, New: l.New.File, OldTitle: l.Old.Title(), NewTitle: l.New.Title()}
		}
	}
	return out, nil
}

// ReadFixtures parses fixture files read from anywhere (a git revision,
// say), each as traffic.ReadFixtureFile reads it: every exchange of it, in
// any format specdrift writes. A file or entry that does not parse is an
// error and the rest are read.
func ReadFixtures(files []File) (exs []*contract.Exchange, errs []error) {
	for _, f := range files {
		rs, es := traffic.ReadFixtureFile(f.Name, f.Data)
		exs, errs = append(exs, traffic.Exchanges(rs)...), append(errs, es...)
	}
	return exs, errs
}
