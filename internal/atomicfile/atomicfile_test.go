package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// names lists the folder, temporary files included.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	out := []string{}
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func TestCommitReplacesWholeAndAbortLeavesNothing(t *testing.T) {
	tests := []struct {
		name   string
		before string // "" for no file
		commit bool
		want   string // the file's content after; "" for no file
	}{
		{"new file", "", true, "new\n"},
		{"replaces an old one", "old\n", true, "new\n"},
		{"aborted: no file", "", false, ""},
		{"aborted: the old one stays", "old\n", false, "old\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.json")
			if tt.before != "" {
				require.NoError(t, os.WriteFile(path, []byte(tt.before), 0o644))
			}
			f, err := Create(path)
			require.NoError(t, err)
			_, err = f.Write([]byte("new\n"))
			require.NoError(t, err)
			// until it is committed, the path holds what it held
			data, err := os.ReadFile(path)
			if tt.before == "" {
				require.ErrorIs(t, err, fs.ErrNotExist)
			} else {
				require.Equal(t, tt.before, string(data))
			}
			if tt.commit {
				require.NoError(t, f.Commit())
			}
			f.Abort()
			data, err = os.ReadFile(path)
			if tt.want == "" {
				require.ErrorIs(t, err, fs.ErrNotExist)
				require.Empty(t, names(t, dir))
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, string(data))
			if diff := cmp.Diff([]string{"out.json"}, names(t, dir)); diff != "" {
				t.Errorf("no temporary file is left (-want +got):\n%s", diff)
			}
			_, err = f.Write([]byte("more"))
			require.ErrorIs(t, err, fs.ErrClosed)
		})
	}
}

func TestCommitNewNeverReplaces(t *testing.T) {
	dir := t.TempDir()
	taken := filepath.Join(dir, "a.yaml")
	require.NoError(t, os.WriteFile(taken, []byte("kept\n"), 0o644))
	f, err := Create(filepath.Join(dir, "a.yaml"))
	require.NoError(t, err)
	defer f.Abort()
	_, err = f.Write([]byte("new\n"))
	require.NoError(t, err)
	err = f.CommitNew(taken)
	require.True(t, errors.Is(err, fs.ErrExist), err)
	require.NoError(t, f.CommitNew(filepath.Join(dir, "a-2.yaml")))
	if diff := cmp.Diff([]string{"a-2.yaml", "a.yaml"}, names(t, dir)); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	for name, want := range map[string]string{"a.yaml": "kept\n", "a-2.yaml": "new\n"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		require.Equal(t, want, string(data), name)
	}
}

func TestWriteFileAndErrors(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "baseline.json")
	require.NoError(t, WriteFile(path, []byte("{}\n")))
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, "{}\n", string(data))

	// a folder that does not exist, and a path that is a folder
	require.ErrorIs(t, WriteFile(filepath.Join(dir, "missing", "b.json"), nil), fs.ErrNotExist)
	require.Error(t, WriteFile(dir, []byte("x")))
	if diff := cmp.Diff([]string{"baseline.json"}, names(t, dir)); diff != "" {
		t.Errorf("a failed write leaves nothing behind (-want +got):\n%s", diff)
	}
}

// TestDevicesAreWrittenInPlace: a path naming a device (here through a
// link, as --record /dev/stdout or a link to a full disk would) is written
// in place, the link left as it is, and the device's errors reach Commit.
func TestDevicesAreWrittenInPlace(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("needs Linux's /dev/full")
	}
	link := filepath.Join(t.TempDir(), "rec.ndjson")
	if err := os.Symlink("/dev/full", link); err != nil {
		t.Fatal(err)
	}
	f, err := Create(link)
	if err != nil {
		t.Fatal(err)
	}
	_, werr := f.Write([]byte("{}\n"))
	cerr := f.Commit()
	if werr == nil && cerr == nil {
		t.Fatal("a write to /dev/full succeeded")
	}
	if target, err := os.Readlink(link); err != nil || target != "/dev/full" {
		t.Fatalf("the link was replaced: %q, %v", target, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(link))
	if len(entries) != 1 {
		t.Fatalf("temporary files left: %v", entries)
	}
}
