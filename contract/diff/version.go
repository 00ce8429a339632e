package diff

import (
	"context"
	"path"
	"strings"
	"sync"

	"github.com/oasdiff/oasdiff/load"

	"github.com/specdrift/specdrift/contract"
)

// Version is one version of one service's spec, loaded for the validator
// (Spec) and, with the origin of every element, for the diff engine.
type Version struct {
	File       string // the name reports use: "spec/cloudconnect.yaml", "main:spec/cloudconnect.yaml"
	Spec       *contract.Spec
	DocVersion string // the documentation version the spec follows: info.x-specdrift-doc-version, else info.version
	Pages      []Page // info.x-specdrift-pages

	info *load.SpecInfo
	ops  map[string]*contract.Operation // by method and path

	mu         sync.Mutex
	validators map[validatorKey]*contract.Validator
}

// validatorKey is the part of contract.Options that can key a cache; options
// with severities or disabled rules are not cached.
type validatorKey struct{ lenient, strictRequests bool }

// validator returns a validator over this version alone. The validator
// compiles each body schema the first time it meets it, so one validator
// per version and options is kept for every comparison that uses them.
func (v *Version) validator(opts contract.Options) *contract.Validator {
	if opts.Severity != nil || opts.Disabled != nil {
		return contract.NewValidator([]*contract.Spec{v.Spec}, opts)
	}
	k := validatorKey{opts.LenientResponses, opts.StrictRequests}
	v.mu.Lock()
	defer v.mu.Unlock()
	if val, ok := v.validators[k]; ok {
		return val
	}
	if v.validators == nil {
		v.validators = map[validatorKey]*contract.Validator{}
	}
	val := contract.NewValidator([]*contract.Spec{v.Spec}, opts)
	v.validators[k] = val
	return val
}

// Page is one documentation page a spec follows, as info.x-specdrift-pages
// lists it.
type Page struct {
	Page      string `json:"page"`
	Title     string `json:"title,omitempty"`
	Operation string `json:"operation,omitempty"` // the operationId the page documents
	Updated   string `json:"updated,omitempty"`   // the page's "Updated on" date, where it gives one
}

// LoadVersion loads one spec file, once: the validator and the diff engine
// read the same document, loaded with the origin of every element, which
// the engine's locations come from. Errors are *contract.InputError values
// naming the file.
func LoadVersion(ctx context.Context, name string, data []byte) (*Version, error) {
	return loadVersion(ctx, &File{Name: name, Data: data}, contract.SpecLoader{})
}

// loadVersion loads a file with l, and the files its $refs name from its
// folder when it has one.
func loadVersion(ctx context.Context, f *File, l contract.SpecLoader) (*Version, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	l.Origins = true
	var s *contract.Spec
	var err error
	if f.Dir != nil {
		s, err = l.LoadFile(f.Dir, f.Path, func(q string) string {
			if strings.HasSuffix(f.Name, f.Path) {
				return strings.TrimSuffix(f.Name, f.Path) + q
			}
			return q
		})
	} else {
		s, err = l.LoadData(f.Name, f.Data)
	}
	if err != nil {
		return nil, err
	}
	name := f.Name
	v := &Version{File: name, Spec: s, info: &load.SpecInfo{Url: name, Spec: s.Doc}}
	if s.Doc.Info != nil {
		v.info.Version = s.Doc.Info.Version
	}
	v.ops = make(map[string]*contract.Operation, len(v.Spec.Operations))
	for _, o := range v.Spec.Operations {
		v.ops[o.Name()] = o
	}
	if info := v.Spec.Doc.Info; info != nil {
		v.DocVersion = info.Version
		if s, ok := info.Extensions["x-specdrift-doc-version"].(string); ok && s != "" {
			v.DocVersion = s
		}
		v.Pages = pages(info.Extensions["x-specdrift-pages"])
	}
	return v, nil
}

func pages(ext any) []Page {
	list, _ := ext.([]any)
	var out []Page
	for _, e := range list {
		m, _ := e.(map[string]any)
		str := func(k string) string { s, _ := m[k].(string); return s }
		if p := str("page"); p != "" {
			out = append(out, Page{Page: p, Title: str("title"), Operation: str("operation"), Updated: str("updated")})
		}
	}
	return out
}

// Title is the spec's info.title.
func (v *Version) Title() string {
	if v.Spec.Doc.Info == nil {
		return ""
	}
	return v.Spec.Doc.Info.Title
}

// operation finds an operation by method and path ("GET /v3/...").
func (v *Version) operation(name string) *contract.Operation {
	if v == nil {
		return nil
	}
	return v.ops[name]
}

// page returns the documentation page of an operation: its
// x-specdrift-page, else the page that names its operationId.
func (v *Version) page(o *contract.Operation) (Page, bool) {
	if v == nil || o == nil {
		return Page{}, false
	}
	id, _ := o.Op.Extensions["x-specdrift-page"].(string)
	for _, p := range v.Pages {
		if (id != "" && p.Page == id) || (id == "" && p.Operation != "" && p.Operation == o.ID) {
			return p, true
		}
	}
	if id != "" {
		return Page{Page: id}, true
	}
	return Page{}, false
}

// SameService reports whether two versions describe the same service: they
// share the title or at least one operation (by method and path, or by
// operationId).
func SameService(a, b *Version) bool {
	if a.Title() != "" && a.Title() == b.Title() {
		return true
	}
	names, ids := map[string]bool{}, map[string]bool{}
	for _, o := range a.Spec.Operations {
		names[o.Name()] = true
		if o.ID != "" {
			ids[o.ID] = true
		}
	}
	for _, o := range b.Spec.Operations {
		if names[o.Name()] || (o.ID != "" && ids[o.ID]) {
			return true
		}
	}
	return false
}

// ServiceOf names the service of a spec file: its base name without the
// extension ("spec/cloudconnect.yaml" → "cloudconnect").
func ServiceOf(file string) string {
	base := path.Base(strings.ReplaceAll(file, "\\", "/"))
	if i := strings.LastIndexByte(base, ':'); i >= 0 {
		base = base[i+1:]
	}
	return strings.TrimSuffix(base, path.Ext(base))
}
