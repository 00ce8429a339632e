package traffic

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/internal/atomicfile"
)

func TestFixtureDirRecordsReadableFixtures(t *testing.T) {
	specs := loadSpecs(t)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "list-authorisations-200.yaml"), []byte("kept: true\n"), 0o644))
	sink, err := OpenSink(dir, "specdrift", "test")
	require.NoError(t, err)
	rec := &Recorder{Sink: sink, Origin: "specdrift proxy of http://127.0.0.1:1", Now: func() time.Time { return time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC) }}

	list := loadFixture(t, "cloudconnect/list-authorisations-200.yaml")
	confirm := loadFixture(t, "servicetickets/confirm-authorizations-200.yaml")
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			require.NoError(t, rec.Record(list, operation(t, specs, "ListAuthorisations")))
		}()
	}
	wg.Wait()
	require.NoError(t, rec.Record(confirm, operation(t, specs, "ConfirmAuthorizations")))
	unknown := &contract.Exchange{Request: contract.Request{Method: "DELETE", URL: "/nowhere"}}
	require.NoError(t, rec.Record(unknown, nil))
	require.NoError(t, sink.Close())

	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"confirm-authorizations-200.yaml", "list-authorisations-200.yaml"}
	for i := 2; i <= 9; i++ {
		want = append(want, fmt.Sprintf("list-authorisations-200-%d.yaml", i))
	}
	want = append(want, "unknown-delete-no-response.yaml")
	sort.Strings(want)
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	kept, err := os.ReadFile(filepath.Join(dir, "list-authorisations-200.yaml"))
	require.NoError(t, err)
	require.Equal(t, "kept: true\n", string(kept), "an existing fixture is never replaced")

	data, err := os.ReadFile(filepath.Join(dir, "confirm-authorizations-200.yaml"))
	require.NoError(t, err)
	fx, ex, err := contract.ReadFixture("confirm.yaml", data)
	require.NoError(t, err)
	require.Equal(t, "ConfirmAuthorizations", fx.Operation)
	require.Equal(t, "recorded by specdrift proxy of http://127.0.0.1:1 at 2025-01-02T03:04:05Z", fx.Doc)
	require.Equal(t, []string{"Secrets replaced by markers that validate: request.header X-Auth-Token, request.body /auth_detail_list/0/password, response.body /auth_detail_list/0/password, response.body /auth_detail_list/1/password."}, fx.Notes)
	red, _ := (*contract.Redactor)(nil).Exchange(confirm, operation(t, specs, "ConfirmAuthorizations"))
	red.Source, ex.Source, red.Example = contract.Source{}, contract.Source{}, "recorded"
	red.Operation = "ConfirmAuthorizations"
	if diff := cmp.Diff(red, ex); diff != "" {
		t.Errorf("the fixture reads back as the redacted exchange (-want +got):\n%s", diff)
	}
	require.NotContains(t, string(data), "MIIExampleIAMToken")
}

func TestOpenSinkByExtension(t *testing.T) {
	dir := t.TempDir()
	ex := loadFixture(t, "cloudconnect/list-authorisations-200.yaml")
	for _, name := range []string{"log.ndjson", "log.jsonl", "log.har"} {
		sink, err := OpenSink(filepath.Join(dir, name), "specdrift", "test")
		require.NoError(t, err)
		require.NoError(t, (&Recorder{Sink: sink}).Record(ex, nil))
		require.NoError(t, sink.Close())
		f, err := os.Open(filepath.Join(dir, name))
		require.NoError(t, err)
		var r Reader = NewNDJSONReader(f, name)
		if filepath.Ext(name) == ".har" {
			r = NewHARReader(f, name)
		}
		exs, errs := readAll(r)
		require.NoError(t, f.Close())
		require.Empty(t, errs, name)
		require.Len(t, exs, 1, name)
		require.Equal(t, contract.Marker, exs[0].Request.Header.Get("X-Auth-Token"), name)
	}
	_, err := OpenSink(filepath.Join(dir, "missing", "log.ndjson"), "specdrift", "test")
	require.Error(t, err)
}

// TestOpenSinkWritesLogsAtomically: a log replaces the file at its path
// only when the sink is closed after every write succeeded; until then, and
// after a failed write, the path holds what it held.
func TestOpenSinkWritesLogsAtomically(t *testing.T) {
	ex := loadFixture(t, "cloudconnect/list-authorisations-200.yaml")
	for _, name := range []string{"rec.ndjson", "rec.har"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, name)
			require.NoError(t, os.WriteFile(path, []byte("old\n"), 0o644))
			sink, err := OpenSink(path, "specdrift", "test")
			require.NoError(t, err)
			require.NoError(t, (&Recorder{Sink: sink}).Record(ex, nil))
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			require.Equal(t, "old\n", string(data), "nothing shows before Close")
			require.NoError(t, sink.Close())
			data, err = os.ReadFile(path)
			require.NoError(t, err)
			require.Contains(t, string(data), "/ccaas/authorisations")
			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			require.Len(t, entries, 1, "no temporary file is left")
		})
	}

	dir := t.TempDir()
	path := filepath.Join(dir, "rec.ndjson")
	f, err := atomicfile.Create(path)
	require.NoError(t, err)
	sink := &fileSink{Sink: &failingSink{Sink: NewNDJSONWriter(f), failAt: 2}, file: f}
	rec := &Recorder{Sink: sink}
	require.NoError(t, rec.Record(ex, nil))
	require.ErrorIs(t, rec.Record(ex, nil), errDiskFull)
	require.NoError(t, rec.Record(ex, nil))
	require.ErrorIs(t, sink.Close(), errDiskFull)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Empty(t, entries, "a log with a failed write is not written at all")
}

var errDiskFull = errors.New("no space left on device")

// failingSink fails its failAt'th write.
type failingSink struct {
	Sink
	failAt, n int
}

func (s *failingSink) Write(rec Record) error {
	if s.n++; s.n == s.failAt {
		return errDiskFull
	}
	return s.Sink.Write(rec)
}

func TestFixtureName(t *testing.T) {
	tests := map[string]string{
		"AuthorizeActionApiToInstance": "authorize-action-api-to-instance-204",
		"ListAuthorisations":           "list-authorisations-204",
		"get_v2 things":                "get-v2-things-204",
	}
	for op, want := range tests {
		ex := &contract.Exchange{Operation: op, Response: &contract.Response{Status: 204}}
		require.Equal(t, want, fixtureName(ex))
	}
}
