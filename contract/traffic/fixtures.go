package traffic

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/specdrift/specdrift/contract"
)

// Recorded is one exchange read from a fixture path, with the placeholders
// its fixture lists ("{domain_id}" → the value recorded in its place; YAML
// fixtures and NDJSON lines have them, HAR entries do not).
type Recorded struct {
	Exchange     *contract.Exchange
	Placeholders map[string]string
}

// Exchanges lists the exchanges of rs, in order.
func Exchanges(rs []Recorded) []*contract.Exchange {
	out := make([]*contract.Exchange, len(rs))
	for i, r := range rs {
		out[i] = r.Exchange
	}
	return out
}

// FixtureExts are the extensions of the files read below a fixture folder:
// YAML fixtures, NDJSON logs and HAR files.
func FixtureExts() []string { return []string{".yaml", ".yml", ".ndjson", ".jsonl", ".har"} }

// LoadFixtures reads a fixture path: root in fsys is one fixture file (of
// any name; see ReadFixtureFile), or a folder whose files ending in
// FixtureExts are read in path order. display turns a path of fsys into the
// name used in sources (the path as the user gave it). A file or entry
// that cannot be read is reported in errs and the rest are still returned;
// a path that holds no exchange at all is an error too, so that "passed"
// never means "nothing was read".
func LoadFixtures(fsys fs.FS, root string, display func(string) string) ([]Recorded, []error) {
	files, err := fixtureFiles(fsys, root)
	if err != nil {
		return nil, []error{&contract.InputError{File: display(root), Err: err}}
	}
	if len(files) == 0 {
		return nil, []error{&contract.InputError{File: display(root), Err: fmt.Errorf("no fixture files (*%s) found", strings.Join(FixtureExts(), ", *"))}}
	}
	var out []Recorded
	var errs []error
	for _, p := range files {
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs = append(errs, &contract.InputError{File: display(p), Err: err})
			continue
		}
		rs, es := ReadFixtureFile(display(p), data)
		out, errs = append(out, rs...), append(errs, es...)
	}
	return out, errs
}

func fixtureFiles(fsys fs.FS, root string) ([]string, error) {
	st, err := fs.Stat(fsys, root)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{root}, nil
	}
	var out []string
	err = fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && isFixtureFile(p) {
			out = append(out, p)
		}
		return err
	})
	sort.Strings(out)
	return out, err
}

func isFixtureFile(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	for _, e := range FixtureExts() {
		if ext == e {
			return true
		}
	}
	return false
}

// The formats of fixture files.
const (
	formatYAML   = "YAML fixtures"
	formatNDJSON = "NDJSON"
	formatHAR    = "HAR"
)

// ReadFixtureFile reads every exchange of one fixture file, in order: each
// document of a YAML fixture file (contract.ReadFixtures), each line of an
// NDJSON log, each entry of a HAR file. The extension says which
// (.yaml/.yml, .ndjson/.jsonl, .har); for any other name the content does:
// JSON whose first value has a "log" member is HAR, other JSON is NDJSON,
// the rest is YAML. An entry that cannot be read is an error of its own
// (the first 100 of a file are reported one by one, then counted) and the
// others are read; a file with no exchange is an error.
func ReadFixtureFile(name string, data []byte) ([]Recorded, []error) {
	var out []Recorded
	var errs []error
	format := fixtureFormat(name, data)
	switch format {
	case formatYAML:
		fxs, exs, es := contract.ReadFixtures(name, data)
		for i, ex := range exs {
			out = append(out, Recorded{Exchange: ex, Placeholders: fxs[i].Placeholders})
		}
		errs = es
	case formatNDJSON:
		// the file is in memory already: no body is left out of it
		r := NewNDJSONReader(bytes.NewReader(data), name).WithMaxBody(int64(len(data)) + 1)
		out, errs = drainEntries(name, func() (Recorded, error) {
			l, ex, err := r.next()
			if err != nil {
				return Recorded{}, err
			}
			return Recorded{Exchange: ex, Placeholders: l.Placeholders}, nil
		})
	default:
		r := NewHARReader(bytes.NewReader(data), name).WithMaxBody(int64(len(data)) + 1)
		out, errs = drainEntries(name, func() (Recorded, error) {
			ex, err := r.Next()
			return Recorded{Exchange: ex}, err
		})
	}
	if len(out) == 0 && len(errs) == 0 {
		errs = append(errs, &contract.InputError{File: name, Err: fmt.Errorf("no exchanges in the file (read as %s)", format)})
	}
	return out, errs
}

// drainEntries calls next until io.EOF, keeping the first keepErrors errors.
func drainEntries(name string, next func() (Recorded, error)) ([]Recorded, []error) {
	var out []Recorded
	var errs []error
	dropped := 0
	for {
		r, err := next()
		switch {
		case errors.Is(err, io.EOF):
			if dropped > 0 {
				errs = append(errs, &contract.InputError{File: name, Err: fmt.Errorf("and %d more unreadable entries", dropped)})
			}
			return out, errs
		case err != nil && len(errs) < keepErrors:
			errs = append(errs, err)
		case err != nil:
			dropped++
		default:
			out = append(out, r)
		}
	}
}

// fixtureFormat tells the format of a fixture file by its extension, or
// else by its first JSON value.
func fixtureFormat(name string, data []byte) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".yaml", ".yml":
		return formatYAML
	case ".ndjson", ".jsonl":
		return formatNDJSON
	case ".har":
		return formatHAR
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return formatYAML
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return formatYAML
		}
		if key == "log" {
			return formatHAR
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return formatYAML // not JSON: a YAML flow mapping
		}
	}
	return formatNDJSON
}
