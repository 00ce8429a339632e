package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/diff"
	"github.com/specdrift/specdrift/contract/traffic"
)

// diffFlags are the flags of specdrift diff.
type diffFlags struct {
	rf        reportFlags
	base      string
	fixtures  string
	changelog bool
	strict    bool
	strictReq bool
}

func newDiffCmd() *cobra.Command {
	var f diffFlags
	c := &cobra.Command{
		Use:   "diff [OLD NEW | PATH]",
		Short: "Compare two versions of the specs: every change, and the fixtures each change breaks",
		Long: `diff compares two versions of the specs with the oasdiff engine and lists every
change with its rule ID, its level (error: breaking; warning; info) and where it
is in both versions. It then validates the fixtures recorded under the old
version against the new one, and lists each exchange the new version rejects,
with the finding, each documented status the fixtures no longer cover, and
each status the new version adds that no fixture covers.

OLD and NEW are spec files, folders of specs (paired by file name), or
git:REV:PATH (a file or folder at a git revision). With one PATH or none, the
old version is PATH (default spec) at --base (default: the merge base of HEAD
with main) and the new version is PATH in the working tree, so a pull request
that edits a spec is checked with no extra files.

The fixtures default to the embedded ones, or in git mode to fixtures/ at the
base revision; --fixtures takes a file, a folder or git:REV:PATH, of YAML
fixtures, NDJSON logs or HAR files. A fixture that names an operation of the
old version, or none, and that no old version routes is bad input (exit 3),
as in validate; fixtures of operations no old version defines are of other
services and are left out.

--changelog lists the changes alone, in documentation order, for release notes
(text, markdown or json).

` + exitCodesHelp,
		Args: cobra.MaximumNArgs(2),
		RunE: func(c *cobra.Command, args []string) error { return f.run(c, args) },
	}
	f.rf.register(c)
	c.Flags().StringVar(&f.base, "base", "", "git revision of the old version when OLD NEW are not given (default: the merge base of HEAD with main)")
	c.Flags().StringVar(&f.fixtures, "fixtures", "", "fixtures recorded under the old version: file, folder or git:REV:PATH (default: the embedded fixtures; in git mode fixtures/ at the base)")
	c.Flags().BoolVar(&f.changelog, "changelog", false, "list the changes alone, in documentation order, for release notes")
	c.Flags().BoolVar(&f.strict, "strict", true, "report response fields the schema does not list (--strict=false to allow them)")
	c.Flags().BoolVar(&f.strictReq, "strict-requests", false, "report request fields the schema does not list")
	return c
}

func (f *diffFlags) run(c *cobra.Command, args []string) error {
	rr, err := f.rf.start(c, "diff")
	if err != nil {
		return err
	}
	defer rr.abort()
	failOn := rr.failOn
	for _, format := range rr.formats() {
		if f.changelog && !slices.Contains(diff.ChangelogFormats, format) {
			return usageError("--changelog writes %s, not %s", strings.Join(diff.ChangelogFormats, ", "), format)
		}
	}
	if len(args) == 2 && f.base != "" {
		return usageError("--base compares PATH at a revision with the working tree: give it one PATH or none, not OLD and NEW")
	}
	ctx := c.Context()
	in, err := f.inputs(ctx, args)
	if err != nil {
		return err
	}
	loaded, err := diff.LoadPairsWith(ctx, in.pairs, specLoader(c))
	var mismatch *diff.ServiceMismatchError
	if errors.As(err, &mismatch) {
		return usageError("%v", err)
	}
	if err != nil {
		return cannotRun(err)
	}
	opts := diff.Options{Validator: contract.Options{LenientResponses: !f.strict, StrictRequests: f.strictReq}}
	var fixtureErrs []string
	if !f.changelog {
		exs, errs := in.fixtures(ctx)
		opts.Fixtures = exs
		for _, e := range errs {
			fixtureErrs = append(fixtureErrs, e.Error())
		}
	}
	res, err := diff.Compare(ctx, loaded, opts)
	if err != nil {
		return cannotRun(err)
	}
	res.Errors = append(res.Errors, fixtureErrs...)
	res.Revisions = in.revs
	rules := settingsOf(c)
	res.ApplyRules(rules.severity, rules.disabled)
	if err := rr.acceptDiff(c, res); err != nil {
		return err
	}
	err = rr.writeEach(func(o *reportOutput) error {
		res.Color = o.color
		if f.changelog {
			return diff.WriteChangelog(o.w, res, o.format)
		}
		return diff.Write(o.w, res, o.format, failOn)
	})
	if err != nil {
		return err
	}
	s := res.Summary(failOn)
	if s.Unreadable > 0 {
		errs := append([]string{}, res.Errors...) // with their revisions
		for _, pr := range res.Pairs {
			errs = append(errs, pr.Errors...)
		}
		for _, e := range errs {
			fmt.Fprintf(c.ErrOrStderr(), "specdrift: %s\n", e)
		}
		return &exitError{code: exitCannot}
	}
	if s.Failing > 0 {
		return &exitError{code: exitFindings}
	}
	return nil
}

// diffInputs are the resolved inputs: the pairs of spec files and where the
// fixtures come from.
type diffInputs struct {
	pairs    []diff.Pair
	fixtures func(context.Context) ([]*contract.Exchange, []error)
	revs     []string // the labels of the revisions files were read at
}

func (f *diffFlags) inputs(ctx context.Context, args []string) (*diffInputs, error) {
	in := &diffInputs{}
	var oldFiles, newFiles []diff.File
	var oldSingle, newSingle bool
	var err error
	git := diff.Git{}
	defaultFixtures := func(ctx context.Context) ([]*contract.Exchange, []error) { return fixtureExchanges("") }
	for _, a := range append([]string{f.fixtures}, args...) {
		if rev, _, ok := diff.ParseGitRef(a); ok {
			in.revs = append(in.revs, rev)
		}
	}
	if len(args) == 2 {
		if oldFiles, oldSingle, err = readSpecs(ctx, git, args[0]); err != nil {
			return nil, err
		}
		if newFiles, newSingle, err = readSpecs(ctx, git, args[1]); err != nil {
			return nil, err
		}
	} else {
		p := "spec"
		if len(args) == 1 {
			p = args[0]
		}
		base, label := f.base, f.base
		if base == "" {
			if base, err = git.MergeBase(ctx); err != nil {
				return nil, cannotRun(err)
			}
			label = base[:min(len(base), 12)]
		}
		in.revs = append(in.revs, label)
		if oldFiles, err = git.Files(ctx, base, label, p, ".yaml", ".yml", ".json"); err != nil {
			return nil, cannotRun(err)
		}
		if newFiles, newSingle, err = readSpecs(ctx, git, p); err != nil {
			return nil, err
		}
		oldSingle = len(oldFiles) == 1 && newSingle
		defaultFixtures = func(ctx context.Context) ([]*contract.Exchange, []error) {
			files, err := git.Files(ctx, base, label, "fixtures", traffic.FixtureExts()...)
			var ge *diff.GitError
			if errors.As(err, &ge) {
				return nil, nil // no fixtures at the base
			}
			return diff.ReadFixtures(files)
		}
	}
	if oldSingle && newSingle {
		in.pairs = []diff.Pair{{Service: diff.ServiceOf(newFiles[0].Name), Old: &oldFiles[0], New: &newFiles[0]}}
	} else {
		in.pairs = diff.PairFiles(oldFiles, newFiles)
	}
	in.fixtures = defaultFixtures
	if f.fixtures != "" {
		in.fixtures = func(ctx context.Context) ([]*contract.Exchange, []error) {
			if rev, p, ok := diff.ParseGitRef(f.fixtures); ok {
				files, err := git.Files(ctx, rev, rev, p, traffic.FixtureExts()...)
				if err != nil {
					return nil, []error{err}
				}
				return diff.ReadFixtures(files)
			}
			return fixtureExchanges(f.fixtures)
		}
	}
	return in, nil
}

func fixtureExchanges(p string) ([]*contract.Exchange, []error) {
	rs, errs := loadFixtures(p)
	return traffic.Exchanges(rs), errs
}

// readSpecs reads OLD or NEW: a git:REV:PATH, a file or a folder. single
// says whether it named one file.
func readSpecs(ctx context.Context, git diff.Git, arg string) (files []diff.File, single bool, err error) {
	if rev, p, ok := diff.ParseGitRef(arg); ok {
		files, err := git.Files(ctx, rev, rev, p, ".yaml", ".yml", ".json")
		if err != nil {
			return nil, false, cannotRun(err)
		}
		return files, len(files) == 1 && hasSpecExt(p), nil
	}
	st, err := os.Stat(arg)
	if err != nil {
		return nil, false, cannotRun(&contract.InputError{File: arg, Err: errNotFound(err)})
	}
	if !st.IsDir() { // read as it loads, from its folder, where its $refs are read too
		clean := filepath.Clean(arg)
		return []diff.File{{Name: filepath.ToSlash(clean), Dir: os.DirFS(filepath.Dir(clean)), Path: filepath.Base(clean)}}, true, nil
	}
	err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !hasSpecExt(p) {
			return err
		}
		rel, err := filepath.Rel(arg, p)
		if err != nil {
			return err
		}
		files = append(files, diff.File{Name: filepath.ToSlash(p), Dir: os.DirFS(arg), Path: filepath.ToSlash(rel)})
		return nil
	})
	if err != nil {
		return nil, false, cannotRun(&contract.InputError{File: arg, Err: err})
	}
	if len(files) == 0 {
		return nil, false, cannotRun(&contract.InputError{File: arg, Err: errors.New("no spec files (*.yaml, *.yml, *.json) found")})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	return files, false, nil
}

func hasSpecExt(p string) bool {
	switch filepath.Ext(p) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return false
}
