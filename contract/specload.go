package contract

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specdrift/specdrift/contract/internal/jsonpos"
)

// SpecLoader reads OpenAPI documents for every command: OpenAPI 3.0, 3.1
// and 3.2, and Swagger 2.0 (converted to OpenAPI 3.0, with locations in the
// file as written); JSON read as JSON and YAML as YAML; $refs to other files
// of the spec's file system followed relative to the file that holds them.
// The zero value is the safe default: $refs to files outside the file
// system, and to remote URLs, are errors, and nothing is fetched.
type SpecLoader struct {
	// RemoteRefs allows $refs to http and https URLs, fetched with Client
	// (nil: a client with a 30 s timeout).
	RemoteRefs bool
	Client     *http.Client
	// Origins has kin-openapi record where each element stands
	// (openapi3.Origin), as the diff engine reads them. It costs time and
	// memory: JSON is then read by kin-openapi's YAML parser.
	Origins bool
}

// ErrNotOpenAPI is the error (wrapped in an *InputError) of a file that is
// neither OpenAPI nor Swagger: it may be a file of fragments that specs
// refer to.
var ErrNotOpenAPI = errors.New("not an OpenAPI document: it has neither an openapi nor a swagger field")

// LoadSpec loads one document held in memory with the default loader. A
// $ref to another file is an error: there is no file system to read it from.
func LoadSpec(name string, data []byte) (*Spec, error) { return SpecLoader{}.LoadData(name, data) }

// LoadSpecs loads every spec of dir in fsys with the default loader; see
// SpecLoader.LoadDir.
func LoadSpecs(fsys fs.FS, dir string, display func(string) string) ([]*Spec, error) {
	return SpecLoader{}.LoadDir(fsys, dir, display)
}

// LoadData loads one document held in memory, named name in locations.
func (l SpecLoader) LoadData(name string, data []byte) (*Spec, error) {
	return l.load(nil, name, data, func(string) string { return name })
}

// LoadFile loads the spec at file in fsys, and the files its $refs name.
// display turns a path of fsys into the name used in locations.
func (l SpecLoader) LoadFile(fsys fs.FS, file string, display func(string) string) (*Spec, error) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, &InputError{File: display(file), Err: err}
	}
	return l.load(fsys, file, data, display)
}

// LoadDir loads every *.yaml, *.yml and *.json file of dir in fsys (or the
// one file when dir is a file). A file that is not an OpenAPI document is
// skipped when a spec of dir refers to it (a file of shared schemas, say),
// and an error otherwise. Two specs that define the same method and path
// are an error unless their servers tell them apart (a host or base path
// of one that the other does not list), as routing does.
func (l SpecLoader) LoadDir(fsys fs.FS, dir string, display func(string) string) ([]*Spec, error) {
	files, err := listFiles(fsys, dir, ".yaml", ".yml", ".json")
	if err != nil {
		return nil, &InputError{File: display(dir), Err: err}
	}
	if len(files) == 0 {
		return nil, &InputError{File: display(dir), Err: errors.New("no spec files (*.yaml, *.yml, *.json) found")}
	}
	var specs []*Spec
	type fragment struct {
		file string
		err  error
	}
	var fragments []fragment
	seen := map[string][]*Spec{}
	referenced := map[string]bool{}
	for _, f := range files {
		s, err := l.LoadFile(fsys, f, display)
		if errors.Is(err, ErrNotOpenAPI) {
			fragments = append(fragments, fragment{f, err})
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, o := range s.Operations {
			for _, prev := range seen[o.Name()] {
				if url, shared := s.sharesServer(prev); shared {
					return nil, &InputError{File: s.Name, Line: s.Line(o.Pointer), Err: sameRouteError(o, prev, url)}
				}
			}
			seen[o.Name()] = append(seen[o.Name()], s)
		}
		for _, name := range s.Files()[1:] {
			referenced[name] = true
		}
		specs = append(specs, s)
	}
	for _, f := range fragments {
		if !referenced[display(f.file)] {
			return nil, f.err
		}
	}
	if len(specs) == 0 {
		return nil, &InputError{File: display(dir), Err: errors.New("no OpenAPI document among the spec files")}
	}
	return specs, nil
}

// sameRouteError says that two specs define an operation that requests
// cannot be routed to one of them by.
func sameRouteError(o *Operation, prev *Spec, url string) error {
	if url == "" {
		return fmt.Errorf("%s is defined in %s too, and neither lists servers: give each its servers (host or base path) so that requests can be routed to one of them", o.Name(), prev.Name)
	}
	return fmt.Errorf("%s is defined in %s too, under the same server %s: give each its own servers (host or base path) so that requests can be routed to one of them", o.Name(), prev.Name, url)
}

// load reads the document at file (its path in fsys, which may be nil).
func (l SpecLoader) load(fsys fs.FS, file string, data []byte, display func(string) string) (*Spec, error) {
	name := display(file)
	root, err := parseSpecFile(name, file, data)
	if err != nil {
		return nil, err
	}
	s := &Spec{Name: name, root: root, files: map[string]*specFile{file: root}}
	r := &refReader{loader: l, fsys: fsys, spec: s, display: display, rootData: data}
	loader := &openapi3.Loader{IsExternalRefsAllowed: true, IncludeOrigin: l.Origins, ReadFromURIFunc: r.read, Context: context.Background()}
	openapi, _ := root.topString("openapi")
	swagger, _ := root.topString("swagger")
	var doc *openapi3.T
	switch {
	case strings.HasPrefix(openapi, "3."):
		s.Version = openapi
		doc, err = l.decodeV3(loader, s, data)
	case swagger == "2.0":
		s.Version = swagger
		var d2 openapi2.T
		if err = openapi2.UnmarshalFromData(data, &d2); err == nil {
			s.swagger = newSwaggerMap(&d2)
			doc, err = convertSwagger(&d2, loader, s)
		}
	case openapi != "":
		return nil, &InputError{File: name, Line: s.Line("/openapi"), Err: fmt.Errorf("openapi %q: specdrift reads OpenAPI 3.0, 3.1 and 3.2, and Swagger 2.0", openapi)}
	case swagger != "":
		return nil, &InputError{File: name, Line: s.Line("/swagger"), Err: fmt.Errorf("swagger %q: specdrift reads Swagger 2.0, and OpenAPI 3.0, 3.1 and 3.2", swagger)}
	default:
		return nil, &InputError{File: name, Err: ErrNotOpenAPI}
	}
	if err != nil {
		var re *refError
		if errors.As(err, &re) {
			return nil, &InputError{File: name, Line: s.refLine(re.ref), Err: re}
		}
		line, at := s.refValueAt(err.Error())
		if at != "" {
			return nil, &InputError{File: name, Line: line, Err: fmt.Errorf("not an OpenAPI document: %v, at %s", err, at)}
		}
		return nil, &InputError{File: name, Line: line, Err: fmt.Errorf("not an OpenAPI document: %v", err)}
	}
	s.Doc = doc
	s.build()
	s.Problems = s.problems()
	return s, nil
}

// decodeV3 decodes an OpenAPI 3 document and resolves its refs, reading
// past schema keywords of the wrong type. JSON goes through encoding/json
// unless origins are wanted: kin-openapi's YAML path, which records them,
// takes four times the memory on a large JSON spec.
func (l SpecLoader) decodeV3(loader *openapi3.Loader, s *Spec, data []byte) (*openapi3.T, error) {
	var doc *openapi3.T
	ours := s.root.isJSON() && !l.Origins
	pristine := *loader // a loader keeps what it read: each attempt gets one that has read nothing
	faults, err := s.readPastWrongTypes(data, func(data []byte, idx *jsonpos.Index) (err error) {
		if !ours {
			fresh := pristine
			doc, err = fresh.LoadFromDataWithPath(data, s.location())
			return err
		}
		doc, err = decodeSpecJSON(data, idx)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.decodeFaults = faults
	if !ours {
		return doc, nil
	}
	// nil, not the location: kin-openapi resolves the refs of a document it
	// did not decode itself only from memory (paths are then relative to the
	// root document's folder, as they are for location()).
	if err := loader.ResolveRefsIn(doc, nil); err != nil {
		return nil, err
	}
	return doc, nil
}

// location is where kin-openapi resolves the root document's relative refs
// from: its name, so that the paths it reads are relative to its folder.
func (s *Spec) location() *url.URL { return &url.URL{Path: path.Base(s.root.key)} }

// refError is a $ref the loader would not or could not follow.
type refError struct {
	ref    string // as resolved: a path in the spec's file system, or a URL
	reason string
	err    error
}

func (e *refError) Error() string {
	msg := fmt.Sprintf("$ref to %q: %s", e.ref, e.reason)
	if e.err != nil {
		msg += fmt.Sprintf(": %v", e.err)
	}
	return msg
}

func (e *refError) Unwrap() error { return e.err }

// refReader reads the files a spec's $refs name: from the spec's file
// system, never outside it, and from remote URLs only when the loader
// allows them. Each file read is kept for locations.
type refReader struct {
	loader  SpecLoader
	fsys    fs.FS
	spec    *Spec
	display func(string) string
	// rootData is the root document, which kin-openapi reads again to
	// resolve a ref it cannot follow through the decoded types.
	rootData []byte
	mu       sync.Mutex
}

func (r *refReader) read(_ *openapi3.Loader, u *url.URL) ([]byte, error) {
	key := u.String()
	if u.Scheme == "http" || u.Scheme == "https" {
		if !r.loader.RemoteRefs {
			return nil, &refError{ref: key, reason: "remote references are not followed unless allowed (--remote-refs)"}
		}
		data, err := r.fetch(u)
		if err != nil {
			return nil, &refError{ref: key, reason: "cannot fetch", err: err}
		}
		return data, r.keep(key, key, data)
	}
	if u.Scheme != "" || u.Host != "" {
		return nil, &refError{ref: key, reason: "only relative file references and http(s) URLs are followed"}
	}
	if path.IsAbs(u.Path) {
		return nil, &refError{ref: u.Path, reason: "outside the spec's folder"}
	}
	// the paths kin-openapi asks for are relative to the root document's folder
	p := path.Join(path.Dir(r.spec.root.key), u.Path)
	if p == r.spec.root.key {
		return r.rootData, nil
	}
	if p == ".." || strings.HasPrefix(p, "../") {
		return nil, &refError{ref: u.Path, reason: "outside the spec's folder"}
	}
	if r.fsys == nil {
		return nil, &refError{ref: u.Path, reason: "the spec was not read from a folder, so no other file can be read"}
	}
	data, err := fs.ReadFile(r.fsys, p)
	if err != nil {
		return nil, &refError{ref: r.display(p), reason: "cannot read", err: errors.Unwrap(err)}
	}
	return data, r.keep(p, r.display(p), data)
}

func (r *refReader) keep(key, name string, data []byte) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.spec.files[key]; ok {
		return nil
	}
	f, err := parseSpecFile(name, key, data)
	if err != nil {
		return err
	}
	r.spec.files[key] = f
	return nil
}

func (r *refReader) fetch(u *url.URL) ([]byte, error) {
	cl := r.loader.Client
	if cl == nil {
		cl = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := cl.Get(u.String())
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %s", resp.Status)
	}
	return io.ReadAll(io.LimitReader(resp.Body, 64<<20))
}

// refLine finds the line of the first $ref in the spec's files whose value
// ends with target's file name, for errors; 0 if none.
func (s *Spec) refLine(target string) int {
	base := path.Base(strings.SplitN(target, "#", 2)[0])
	line := 0
	var walk func(n posNode) bool
	walk = func(n posNode) bool {
		if r := n.ref(); r != "" && path.Base(strings.SplitN(r, "#", 2)[0]) == base {
			line = n.line()
			if c, l, ok := n.child("$ref"); ok && c.ok {
				line = l
			}
			return true
		}
		for _, c := range n.children() {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(s.root.root())
	return line
}

// quotedRef is a local $ref as kin-openapi quotes it in its errors, and
// the kind of object it expected there, if it says.
var (
	quotedRef   = regexp.MustCompile(`"(#/[^"]*)"`)
	expectedRef = regexp.MustCompile(`expecting ref to (\w+) object`)
)

// refHolders are the keys that hold a $ref of each kind: the key of the
// object with the $ref, or of the one above it.
var refHolders = map[string][]string{
	"schema":    {"schema", "items", "not", "additionalProperties", "properties", "allOf", "anyOf", "oneOf", "schemas"},
	"response":  {"responses"},
	"parameter": {"parameters"},
	"header":    {"headers"},
	"example":   {"examples"},
}

// refValueAt is the line and JSON pointer of the $ref of the root file that
// an error quotes ("bad data in "#/components/..." (expecting ref to
// schema object)"): of the first one in a place of the kind the error
// expected, else of the first one; 0 and "" if none has the value.
func (s *Spec) refValueAt(msg string) (int, string) {
	m := quotedRef.FindStringSubmatch(msg)
	if m == nil {
		return 0, ""
	}
	var holders []string
	if e := expectedRef.FindStringSubmatch(msg); e != nil {
		holders = refHolders[e[1]]
	}
	first, best := 0, 0
	var firstAt, bestAt string
	var walk func(n posNode, ptr string, keys []string)
	walk = func(n posNode, ptr string, keys []string) {
		if best != 0 {
			return
		}
		if n.ref() == m[1] {
			_, l, _ := n.child("$ref")
			if first == 0 {
				first, firstAt = l, ptr+"/$ref"
			}
			for _, k := range keys[max(0, len(keys)-2):] {
				if slices.Contains(holders, k) {
					best, bestAt = l, ptr+"/$ref"
				}
			}
			return
		}
		n.eachChild(func(key string, c posNode) { walk(c, ptr+"/"+escapePointer(key), append(keys, key)) })
	}
	walk(s.root.root(), "", nil)
	if best != 0 {
		return best, bestAt
	}
	return first, firstAt
}

func listFiles(fsys fs.FS, root string, exts ...string) ([]string, error) {
	st, err := fs.Stat(fsys, root)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{root}, nil
	}
	var out []string
	err = fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		for _, e := range exts {
			if !d.IsDir() && path.Ext(p) == e {
				out = append(out, p)
			}
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}
