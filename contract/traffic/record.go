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
	"sync/atomic"
	"time"
	"unicode"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/internal/atomicfile"
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
// gets an NDJSON log, one ending in .har an HTTP Archive, and anything else
// is a folder of fixtures (created if missing). A log appears whole when
// the sink is closed, replacing what was there, and not at all if a write
// failed or the sink is never closed.
func OpenSink(path, creator, version string) (Sink, error) {
	var open func(io.Writer) Sink
	switch strings.ToLower(filepath.Ext(path)) {
	case ".ndjson", ".jsonl":
		open = func(w io.Writer) Sink { return NewNDJSONWriter(w) }
	case ".har":
		open = func(w io.Writer) Sink { return NewHARWriter(w, creator, version) }
	default:
		return NewFixtureDir(path)
	}
	f, err := atomicfile.Create(path)
	if err != nil {
		return nil, err
	}
	return &fileSink{Sink: open(f), file: f}, nil
}

// fileSink commits its file when it is closed after every write succeeded.
type fileSink struct {
	Sink
	file   *atomicfile.File
	failed atomic.Pointer[error]
}

func (s *fileSink) Write(rec Record) error {
	err := s.Sink.Write(rec)
	if err != nil {
		s.failed.CompareAndSwap(nil, &err)
	}
	return err
}

func (s *fileSink) Close() error {
	err := s.Sink.Close()
	if first := s.failed.Load(); err == nil && first != nil {
		err = fmt.Errorf("not written, a write failed: %w", *first)
	}
	if err != nil {
		s.file.Abort()
		return err
	}
	return s.file.Commit()
}

// Recorder redacts exchanges and writes them to a sink.
type Recorder struct {
	Sink   Sink
	Origin string
	// Redactor removes the secrets (Validator.Redactor, which knows the
	// specs' credential names); nil: the rules without them.
	Redactor *contract.Redactor
	Now      func() time.Time // nil: time.Now
}

// Record redacts ex (op is its operation, nil if unknown) and writes it.
func (r *Recorder) Record(ex *contract.Exchange, op *contract.Operation) error {
	red, places := r.Redactor.Exchange(ex, op)
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
// A file appears whole or not at all (internal/atomicfile), and an existing
// file is never replaced.
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
	base := fixtureName(rec.Exchange)
	tmp, err := atomicfile.Create(filepath.Join(d.dir, base+".yaml"))
	if err != nil {
		return err
	}
	defer tmp.Abort()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for n := max(d.next[base], 1); ; n++ {
		name := base + ".yaml"
		if n > 1 {
			name = base + "-" + strconv.Itoa(n) + ".yaml"
		}
		err := tmp.CommitNew(filepath.Join(d.dir, name))
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return err
		}
		d.next[base] = n + 1
		return nil
	}
}

// Close does nothing: every fixture is complete when Write returns.
func (d *FixtureDir) Close() error { return nil }

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
