package main

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/traffic"
	"github.com/specdrift/specdrift/fixtures"
	"github.com/specdrift/specdrift/spec"
)

// openPath turns a path the user gave into a file system, the root within
// it, and a function that names its files as the user would.
func openPath(p string) (fs.FS, string, func(string) string) {
	clean := filepath.Clean(p)
	st, err := os.Stat(clean)
	if err == nil && !st.IsDir() {
		dir := filepath.Dir(clean)
		return os.DirFS(dir), filepath.Base(clean), func(q string) string { return filepath.ToSlash(filepath.Join(dir, q)) }
	}
	return os.DirFS(clean), ".", func(q string) string { return filepath.ToSlash(filepath.Join(clean, q)) }
}

// loadSpecs loads the specs of --spec, or the embedded ones.
func loadSpecs(c *cobra.Command, p string) ([]*contract.Spec, error) {
	l := specLoader(c)
	if p == "" {
		return l.LoadDir(spec.Files, ".", func(q string) string { return path.Join("spec", q) })
	}
	if _, err := os.Stat(p); err != nil {
		return nil, &contract.InputError{File: p, Err: errNotFound(err)}
	}
	fsys, root, display := openPath(p)
	return l.LoadDir(fsys, root, display)
}

// loadFixtures reads the fixtures of --fixtures (a file or folder of YAML
// fixtures, NDJSON logs and HAR files), or the embedded ones.
func loadFixtures(p string) ([]traffic.Recorded, []error) {
	if p == "" {
		return traffic.LoadFixtures(fixtures.Files, ".", func(q string) string { return path.Join("fixtures", q) })
	}
	if _, err := os.Stat(p); err != nil {
		return nil, []error{&contract.InputError{File: p, Err: errNotFound(err)}}
	}
	fsys, root, display := openPath(p)
	return traffic.LoadFixtures(fsys, root, display)
}

func errNotFound(err error) error {
	if os.IsNotExist(err) {
		return fs.ErrNotExist
	}
	return err
}
