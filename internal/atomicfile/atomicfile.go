// Package atomicfile writes files that appear whole or not at all: the
// bytes go to a temporary file in the destination's folder, which is synced
// and then renamed (or linked) to its name, and the folder synced. A run
// that stops half way, or fails to write, leaves the destination as it was.
// It is the one file writer of specdrift: baselines, reports, recordings
// and drafts all go through it.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// File is a file being written. Its bytes become visible under their name
// only when Commit (or CommitNew) succeeds; Abort, or a failed Commit,
// removes them. Calling Abort after Commit does nothing, so that
//
//	f, err := atomicfile.Create(path)
//	...
//	defer f.Abort()
//	... write ...
//	return f.Commit()
//
// is the pattern. A File is not safe for concurrent use.
type File struct {
	tmp    *os.File
	path   string
	closed bool // tmp is synced and closed
	done   bool // committed or aborted
	direct bool // tmp is path itself: a device or a pipe, which cannot be replaced
}

// Create starts a file that Commit renames onto path, replacing what is
// there. The temporary file is created with mode 0644 less the umask, in
// the folder of path, which must exist.
//
// A path that names something other than a regular file (/dev/stdout, a
// pipe, a device, or a link to one) is written in place: there is nothing
// to rename onto it, and replacing it would remove the device. Its Commit
// reports the errors of the writes that reached it; Abort only closes it.
func Create(path string) (*File, error) {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() && !st.IsDir() {
		out, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return nil, err
		}
		return &File{tmp: out, path: path, direct: true}, nil
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	for range 100 {
		name := filepath.Join(dir, "."+base+"."+strconv.FormatUint(rand.Uint64(), 36)+".tmp")
		tmp, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		return &File{tmp: tmp, path: path}, nil
	}
	return nil, fmt.Errorf("%s: no free name for a temporary file", path)
}

// Write writes to the temporary file.
func (f *File) Write(p []byte) (int, error) {
	if f.done || f.closed {
		return 0, fs.ErrClosed
	}
	return f.tmp.Write(p)
}

// Commit syncs the bytes written and renames them onto the path given to
// Create. On error the temporary file is removed and the path is left as
// it was.
func (f *File) Commit() error {
	if f.done {
		return fs.ErrClosed
	}
	if err := f.close(); err != nil {
		f.Abort()
		return err
	}
	if f.direct {
		f.done = true
		return nil
	}
	if err := os.Rename(f.tmp.Name(), f.path); err != nil {
		f.Abort()
		return err
	}
	f.done = true
	return syncDir(filepath.Dir(f.path))
}

// CommitNew links the bytes written to path, which must not exist: it
// returns an error satisfying errors.Is(err, fs.ErrExist) when it does,
// and the File may then be committed under another name. An existing file
// is never replaced. The path must be in the folder given to Create.
func (f *File) CommitNew(path string) error {
	if f.done {
		return fs.ErrClosed
	}
	if f.direct {
		return fmt.Errorf("%s: not a regular file, written in place", f.path)
	}
	if err := f.close(); err != nil {
		f.Abort()
		return err
	}
	if err := os.Link(f.tmp.Name(), path); err != nil {
		return err
	}
	f.done = true
	os.Remove(f.tmp.Name())
	return syncDir(filepath.Dir(path))
}

// Abort removes the temporary file. It does nothing after a Commit.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	if !f.closed {
		f.tmp.Close()
	}
	if !f.direct {
		os.Remove(f.tmp.Name())
	}
}

func (f *File) close() error {
	if f.closed {
		return nil
	}
	f.closed = true
	err := f.tmp.Sync()
	if f.direct && errors.Is(err, syscall.EINVAL) {
		err = nil // a pipe or a terminal cannot be synced, and need not be
	}
	if cerr := f.tmp.Close(); err == nil {
		err = cerr
	}
	return err
}

// WriteFile writes data to path atomically, replacing what is there.
func WriteFile(path string, data []byte) error {
	f, err := Create(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.Commit()
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
