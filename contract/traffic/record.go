package traffic

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/specdrift/specdrift/contract"
)

// Record is one exchange to write, with where it came from.
type Record struct {
	Exchange *contract.Exchange
	Time     time.Time
	Origin   string   // "specdrift proxy of https://api.example.com", for the fixture's doc
	Redacted []string // what Redact replaced, for the fixture's notes
}

// Sink receives recorded exchanges: a folder of fixtures, an NDJSON log or
// a HAR file. Write is safe for concurrent use.
type Sink interface {
	Write(Record) error
	Close() error
}

// OpenSink opens where --record points: a file ending in .ndjson or .jsonl
// gets an NDJSON log, one ending in .har an HTTP Archive (both created or
// truncated), and anything else is a folder of fixtures (created if
// missing).
func OpenSink(path, creator, version string) (Sink, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".ndjson", ".jsonl":
		f, err := createSynced(path)
		if err != nil {
			return nil, err
		}
		return NewNDJSONWriter(f), nil
	case ".har":
		f, err := createSynced(path)
		if err != nil {
			return nil, err
		}
		return NewHARWriter(f, creator, version), nil
	}
	return NewFixtureDir(path)
}

// syncedFile is a regular file that is synced before it is closed, so
// that a disk that fills up is an error of Close, not a silent loss.
type syncedFile struct{ *os.File }

func (f syncedFile) Close() error {
	err := f.File.Sync()
	if cerr := f.File.Close(); err == nil {
		err = cerr
	}
	return err
}

// createSynced creates path; a regular file is synced on Close (a device
// or a pipe is not: they cannot be).
func createSynced(path string) (io.WriteCloser, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		return syncedFile{f}, nil
	}
	return f, nil
}

// Recorder redacts exchanges and writes them to a sink.
type Recorder struct {
	Sink   Sink
	Origin string
	Now    func() time.Time // nil: time.Now
}

// Record redacts ex (op is its operation, nil if unknown) and writes it.
func (r *Recorder) Record(ex *contract.Exchange, op *contract.Operation) error {
	red, places := Redact(ex, op)
	if op != nil {
		red.Operation = op.ID
	}
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	return r.Sink.Write(Record{Exchange: red, Time: now(), Origin: r.Origin, Redacted: places})
}

// FixtureDir writes each exchange as a fixture file in a folder, named
// after its operation and status like the hand-made ones
// (list-authorisations-200.yaml, then list-authorisations-200-2.yaml, ...).
// A file appears whole or not at all: it is written to a temporary file,
// synced, and linked to its name, and an existing file is never replaced.
type FixtureDir struct {
	dir  string
	mu   sync.Mutex
	next map[string]int
}

// NewFixtureDir creates dir if needed.
func NewFixtureDir(dir string) (*FixtureDir, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &FixtureDir{dir: dir, next: map[string]int{}}, nil
}

// Write writes one fixture.
func (d *FixtureDir) Write(rec Record) error {
	data, err := contract.MarshalFixture(fixtureOf(rec))
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(d.dir, ".recording-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	base := fixtureName(rec.Exchange)
	d.mu.Lock()
	defer d.mu.Unlock()
	for n := max(d.next[base], 1); ; n++ {
		name := base + ".yaml"
		if n > 1 {
			name = base + "-" + strconv.Itoa(n) + ".yaml"
		}
		err := os.Link(tmp.Name(), filepath.Join(d.dir, name))
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return err
		}
		d.next[base] = n + 1
		return syncDir(d.dir)
	}
}

// Close does nothing: every fixture is complete when Write returns.
func (d *FixtureDir) Close() error { return nil }

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

func fixtureOf(rec Record) *contract.Fixture {
	ex := rec.Exchange
	fx := contract.NewFixture(ex)
	fx.Example = "recorded"
	if fx.Operation == "" {
		fx.Operation = "unknown"
	}
	fx.Doc = "recorded"
	if rec.Origin != "" {
		fx.Doc += " by " + rec.Origin
	}
	if !rec.Time.IsZero() {
		fx.Doc += " at " + rec.Time.UTC().Format(time.RFC3339)
	}
	if len(rec.Redacted) > 0 {
		fx.Notes = append(fx.Notes, "Secrets replaced by markers that validate: "+strings.Join(rec.Redacted, ", ")+".")
	}
	return fx
}

// fixtureName is the kebab-case operation and the status:
// ListAuthorisations, 200 → list-authorisations-200.
func fixtureName(ex *contract.Exchange) string {
	var b strings.Builder
	name := ex.Operation
	if name == "" {
		name = "unknown-" + strings.ToLower(ex.Request.Method)
	}
	prev := rune(0)
	for _, r := range name {
		switch {
		case unicode.IsUpper(r):
			if b.Len() > 0 && (unicode.IsLower(prev) || unicode.IsDigit(prev)) {
				b.WriteByte('-')
			}
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			if b.Len() > 0 && prev != '-' {
				b.WriteByte('-')
				r = '-'
			}
		}
		prev = r
	}
	status := "no-response"
	if ex.Response != nil {
		status = fmt.Sprint(ex.Response.Status)
	}
	return strings.Trim(b.String(), "-") + "-" + status
}
