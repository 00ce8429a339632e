package diff

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
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
	// Dir is the file system the file is in, and Path its path there: the
	// file is read from it (Data is then unused), and so are the files its
	// $refs name. Nil for a file of a git revision, whose $refs to other
	// files cannot be followed.
	Dir  fs.FS
	Path string
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
	return LoadPairsWith(ctx, pairs, contract.SpecLoader{})
}

// LoadPairsWith is LoadPairs with a spec loader of the caller's (one that
// follows remote $refs, say); the loader always records origins.
func LoadPairsWith(ctx context.Context, pairs []Pair, l contract.SpecLoader) ([]*Loaded, error) {
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
				*dst, errs[2*i+j] = loadVersion(gctx, f, l)
				return nil
			})
		}
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	out, errs = dropFragments(out, errs)
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

// dropFragments leaves out the pairs whose files are not OpenAPI documents
// but files of fragments that loaded versions refer to (shared schemas).
func dropFragments(out []*Loaded, errs []error) ([]*Loaded, []error) {
	referenced := map[string]bool{}
	for _, l := range out {
		for _, v := range []*Version{l.Old, l.New} {
			if v != nil {
				for _, name := range v.Spec.Files()[1:] {
					referenced[name] = true
				}
			}
		}
	}
	fragment := func(err error) bool {
		var ie *contract.InputError
		return errors.As(err, &ie) && errors.Is(err, contract.ErrNotOpenAPI) && referenced[ie.File]
	}
	keptOut, keptErrs := out[:0:0], errs[:0:0]
	for i, l := range out {
		e1, e2 := errs[2*i], errs[2*i+1]
		if (e1 != nil || e2 != nil) && (e1 == nil || fragment(e1)) && (e2 == nil || fragment(e2)) && l.Old == nil && l.New == nil {
			continue
		}
		keptOut, keptErrs = append(keptOut, l), append(keptErrs, e1, e2)
	}
	return keptOut, keptErrs
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
