//go:build corpus

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// corpusTimeout is what one document may take: to load and have its
// examples validated.
const corpusTimeout = 60 * time.Second

// corpusDoc is what `specdrift validate --spec DOC` made of one document of
// the corpus.
type corpusDoc struct {
	file       string
	collection string
	code       int
	elapsed    time.Duration
	hung       bool
	panicked   bool
	err        string // the first line of stderr of a document that did not load
	exchanges  int
	bodies     int
	operations int
	errors     int
	warnings   int
}

// TestCorpus runs `specdrift validate --spec DOC` (SPECDRIFT_BIN) on every
// *.json, *.yaml and *.yml document below SPECDRIFT_CORPUS, whose
// subfolders are the collections, as many at once as there are processors,
// each with a timeout of 60 s. It reports how many documents load and how
// many of their examples are validated, and lists why the others do not
// load; it fails when one panics or hangs. `make corpus` fetches the
// collections from npm and runs it.
func TestCorpus(t *testing.T) {
	root, bin := os.Getenv("SPECDRIFT_CORPUS"), os.Getenv("SPECDRIFT_BIN")
	if root == "" || bin == "" {
		t.Skip("SPECDRIFT_CORPUS and SPECDRIFT_BIN name no corpus and binary (make corpus sets them)")
	}
	var docs []*corpusDoc
	require.NoError(t, filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch filepath.Ext(p) {
		case ".json", ".yaml", ".yml":
			rel, _ := filepath.Rel(root, p)
			if filepath.Base(p) == "package.json" {
				return nil
			}
			docs = append(docs, &corpusDoc{file: p, collection: strings.SplitN(filepath.ToSlash(rel), "/", 2)[0]})
		}
		return nil
	}))
	require.NotEmpty(t, docs, "no documents below %s", root)
	work := make(chan *corpusDoc)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for d := range work {
				d.run(bin)
			}
		})
	}
	for _, d := range docs {
		work <- d
	}
	close(work)
	wg.Wait()
	writeCorpusReport(t, docs)
}

func (d *corpusDoc) run(bin string) {
	ctx, cancel := context.WithTimeout(context.Background(), corpusTimeout)
	defer cancel()
	out, err := os.CreateTemp("", "corpus-*.json")
	if err != nil {
		d.err = err.Error()
		return
	}
	out.Close()
	defer os.Remove(out.Name())
	cmd := exec.CommandContext(ctx, bin, "validate", "--spec", d.file, "--format", "json", "--output", out.Name())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err = cmd.Run()
	d.elapsed = time.Since(start)
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		d.hung = true
		return
	case errors.As(err, &ee):
		d.code = ee.ExitCode()
	case err != nil:
		d.err = err.Error()
		return
	}
	if bytes.Contains(stderr.Bytes(), []byte("panic:")) || bytes.Contains(stderr.Bytes(), []byte("goroutine ")) {
		d.panicked = true
		d.err = firstLines(stderr.String(), 3)
		return
	}
	if d.code != exitOK && d.code != exitFindings {
		d.err = firstLines(stderr.String(), 1)
		return
	}
	data, err := os.ReadFile(out.Name())
	if err != nil {
		d.err = err.Error()
		return
	}
	var rep struct {
		Summary struct {
			Exchanges, Operations, Errors, Warnings int
		}
		Coverage struct {
			Bodies struct{ Validated int }
		}
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		d.err = "report: " + err.Error()
		return
	}
	d.exchanges, d.operations, d.errors, d.warnings = rep.Summary.Exchanges, rep.Summary.Operations, rep.Summary.Errors, rep.Summary.Warnings
	d.bodies = rep.Coverage.Bodies.Validated
}

func (d *corpusDoc) loaded() bool { return d.err == "" && !d.hung && !d.panicked }

func firstLines(s string, n int) string {
	lines := strings.SplitN(strings.TrimSpace(s), "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, " | ")
}

// reasonOf is a document's failure without what names the document: the
// reasons it shares with others are counted together.
var reasonOf = regexp.MustCompile(`^specdrift: [^:]*(:\d+)?: `)

func writeCorpusReport(t *testing.T, docs []*corpusDoc) {
	type total struct{ docs, loaded, withExamples, exchanges, bodies, operations, errors, warnings int }
	by := map[string]*total{}
	var all total
	reasons := map[string][]string{}
	var slowest []*corpusDoc
	for _, d := range docs {
		c := by[d.collection]
		if c == nil {
			c = &total{}
			by[d.collection] = c
		}
		for _, x := range []*total{c, &all} {
			x.docs++
			if d.loaded() {
				x.loaded++
				x.exchanges += d.exchanges
				x.bodies += d.bodies
				x.operations += d.operations
				x.errors += d.errors
				x.warnings += d.warnings
				if d.exchanges > 0 {
					x.withExamples++
				}
			}
		}
		switch {
		case d.hung:
			t.Errorf("%s: still running after %s", d.file, corpusTimeout)
		case d.panicked:
			t.Errorf("%s: panicked: %s", d.file, d.err)
		case !d.loaded():
			r := reasonOf.ReplaceAllString(d.err, "")
			reasons[r] = append(reasons[r], d.file)
		}
		slowest = append(slowest, d)
	}
	sort.Slice(slowest, func(i, j int) bool { return slowest[i].elapsed > slowest[j].elapsed })
	var sb strings.Builder
	fmt.Fprintf(&sb, "%-22s %6s %7s %7s %12s %11s %10s %10s %9s\n", "collection", "docs", "loaded", "share", "operations", "w/examples", "exchanges", "bodies", "findings")
	line := func(name string, x *total) {
		fmt.Fprintf(&sb, "%-22s %6d %7d %6.1f%% %12d %11d %10d %10d %9d\n", name, x.docs, x.loaded, 100*float64(x.loaded)/float64(x.docs),
			x.operations, x.withExamples, x.exchanges, x.bodies, x.errors+x.warnings)
	}
	names := make([]string, 0, len(by))
	for n := range by {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		line(n, by[n])
	}
	line("all", &all)
	keys := make([]string, 0, len(reasons))
	for r := range reasons {
		keys = append(keys, r)
	}
	sort.Slice(keys, func(i, j int) bool {
		return len(reasons[keys[i]]) > len(reasons[keys[j]]) || len(reasons[keys[i]]) == len(reasons[keys[j]]) && keys[i] < keys[j]
	})
	if len(keys) > 0 {
		sb.WriteString("\nwhy the others do not load:\n")
	}
	for _, r := range keys {
		fmt.Fprintf(&sb, "  %4d  %s\n        e.g. %s\n", len(reasons[r]), r, reasons[r][0])
	}
	sb.WriteString("\nslowest:\n")
	for _, d := range slowest[:min(5, len(slowest))] {
		fmt.Fprintf(&sb, "  %6.1f s  %s\n", d.elapsed.Seconds(), d.file)
	}
	fmt.Print(sb.String())
	if path := os.Getenv("SPECDRIFT_CORPUS_REPORT"); path != "" {
		require.NoError(t, os.WriteFile(path, []byte(sb.String()), 0o644))
	}
}
