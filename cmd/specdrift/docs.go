package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/diff"
	"github.com/specdrift/specdrift/contract/docpage"
	"github.com/specdrift/specdrift/contract/docs"
	"github.com/specdrift/specdrift/internal/atomicfile"
	"github.com/specdrift/specdrift/spec"
)

func newDocsCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "docs",
		Short: "Read the documentation pages: check them against the specs and themselves, draft specs, diff versions",
		Long: `docs reads API reference pages saved from the documentation site (the text of
the page: tables with a cell per line, or pipe tables) and works with what they
say: the operation, every parameter table, the statuses and the examples.

  check   each page against the spec operation it documents
  lint    each page's examples against its own tables, and pages of one service
          against each other
  import  a draft OpenAPI document from pages
  diff    two saved versions of a page, through the spec diff of their drafts

` + exitCodesHelp + `
(import reports no findings: 0 there means the draft was written.)`,
	}
	c.AddCommand(newDocsCheckCmd(), newDocsLintCmd(), newDocsImportCmd(), newDocsDiffCmd())
	return c
}

// readPages reads and parses page files; the names reports use are the
// paths as given, with forward slashes. With none it reads the embedded
// pages, named as in the repository (spec/pages/<file>).
func readPages(args []string) ([]*docpage.Page, error) {
	if len(args) == 0 {
		return embeddedPages()
	}
	pages := make([]*docpage.Page, 0, len(args))
	for _, a := range args {
		data, err := os.ReadFile(a)
		if err != nil {
			return nil, cannotRun(&contract.InputError{File: a, Err: errNotFound(err)})
		}
		pages = append(pages, docpage.Parse(filepath.ToSlash(filepath.Clean(a)), data))
	}
	return pages, nil
}

// embeddedPages parses the documentation pages the embedded specs are
// written from, in the order of their names.
func embeddedPages() ([]*docpage.Page, error) {
	names, err := fs.Glob(spec.Pages, "pages/*.txt")
	if err != nil {
		return nil, cannotRun(err)
	}
	pages := make([]*docpage.Page, 0, len(names))
	for _, n := range names {
		data, err := spec.Pages.ReadFile(n)
		if err != nil {
			return nil, cannotRun(err)
		}
		pages = append(pages, docpage.Parse(path.Join("spec", n), data))
	}
	return pages, nil
}

// defaultPagesHelp says what a docs command reads when given no page.
const defaultPagesHelp = `With no PAGE it reads the pages of the config file (specdrift config), or
with none there the five embedded pages the embedded specs are written from
(spec/pages/*.txt in the repository).`

func newDocsCheckCmd() *cobra.Command {
	var (
		rf       reportFlags
		specPath string
	)
	c := &cobra.Command{
		Use:   "check [PAGE...]",
		Short: "Check each page against the spec operation it documents",
		Long: `check finds the spec operation each page documents (by method and path) and
reports every disagreement between the page's tables and the spec: parameters
and fields one has and the other lacks, required, types, lengths, ranges,
allowed values, defaults, time formats and statuses, each with the page line
and the spec location.

A disagreement on a spec element that records it as deliberate is accepted,
not reported: x-specdrift-deviation (the spec departs from the page here, and
says why), or x-specdrift-completed-from where the page states nothing (the
spec completes what the page lost, and says from where). Accepted findings are
listed in the json report and counted in the summary.

With no --spec it checks against the embedded specs.

` + defaultPagesHelp + `

` + exitCodesHelp,
		Args: cobra.ArbitraryArgs, // PAGE..., or the pages of the config file
		RunE: func(c *cobra.Command, args []string) error {
			args, err := pagesOr(c, args)
			if err != nil {
				return err
			}
			rr, err := rf.start(c, "docs check")
			if err != nil {
				return err
			}
			defer rr.abort()
			pages, err := readPages(args)
			if err != nil {
				return err
			}
			specs, err := loadSpecs(c, specPath)
			if err != nil {
				return cannotRun(err)
			}
			res := docs.Check(pages, specs)
			rr.coll.Add(specProblems(specs)...)
			rr.coll.Add(res.Findings...)
			rr.coll.AddAccepted(res.Honored...)
			for _, e := range res.Errors {
				rr.coll.AddError(errors.New(e))
			}
			return rr.finish(c, nil)
		},
	}
	rf.register(c)
	c.Flags().StringVar(&specPath, "spec", "", "spec file or folder of specs (default: the embedded specs)")
	return c
}

func newDocsLintCmd() *cobra.Command {
	var rf reportFlags
	c := &cobra.Command{
		Use:   "lint [PAGE...]",
		Short: "Check pages against themselves and against each other, without a spec",
		Long: `lint checks each page's examples against the page's own tables: value types,
mandatory and undocumented fields and query parameters, lengths, ranges and
array lengths, allowed values, the time format a description states, the
example's status and request line; mandatory headers an example leaves out
(credentials aside) and Content-Type beside a body, and a heading of several
scenarios over fewer requests, as infos. It reports what the reader could not
make sense of, and parameters typed as nothing a URL or header can carry. It
holds the prose and descriptions against the tables: parameters said to take
effect only together where one has a default, mandatory parameters whose
description makes them conditional, enumerations narrower than the kinds a
description names.

It then compares the pages of one service (the path up to its first segment
that is neither a version nor a parameter) with each other: object tables of
the same name, field by field, parameters and top-level body fields of the
same name: conflicting types, required or constraints, constraints one page
states and another leaves out, and descriptions that name another thing; and
descriptions that name the resource of another page's operation.

` + defaultPagesHelp + `

` + exitCodesHelp,
		Args: cobra.ArbitraryArgs, // PAGE..., or the pages of the config file
		RunE: func(c *cobra.Command, args []string) error {
			args, err := pagesOr(c, args)
			if err != nil {
				return err
			}
			rr, err := rf.start(c, "docs lint")
			if err != nil {
				return err
			}
			defer rr.abort()
			pages, err := readPages(args)
			if err != nil {
				return err
			}
			res := docs.Lint(pages)
			rr.coll.Add(res.Findings...)
			for _, e := range res.Errors {
				rr.coll.AddError(errors.New(e))
			}
			return rr.finish(c, nil)
		},
	}
	rf.register(c)
	return c
}

func newDocsImportCmd() *cobra.Command {
	var output string
	c := &cobra.Command{
		Use:   "import [PAGE...]",
		Short: "Draft an OpenAPI document from pages",
		Long: `import drafts an OpenAPI 3.0 document with one operation per page, read from the
page's tables as they are, as a starting point for a new spec. Objects become
component schemas, shared by pages that describe them alike. What the reader
could not make sense of is listed on stderr.

` + defaultPagesHelp + `

` + exitCodesNoFindingsHelp("the draft was written", "an unreadable page, a draft that cannot be built or written"),
		RunE: func(c *cobra.Command, args []string) error {
			pages, err := readPages(args)
			if err != nil {
				return err
			}
			for _, p := range pages {
				for _, w := range p.Warnings {
					fmt.Fprintf(c.ErrOrStderr(), "specdrift: %s:%d: %s\n", p.Name, w.Line, w.Message)
				}
			}
			d, err := docs.Import(pages)
			if err != nil {
				return cannotRun(err)
			}
			if output == "" {
				_, err = c.OutOrStdout().Write(d.YAML)
			} else {
				err = atomicfile.WriteFile(output, d.YAML)
			}
			if err != nil {
				return cannotRun(err)
			}
			return nil
		},
	}
	c.Flags().StringVarP(&output, "output", "o", "", "write the draft to FILE instead of stdout")
	return c
}

func newDocsDiffCmd() *cobra.Command {
	var rf reportFlags
	c := &cobra.Command{
		Use:   "diff OLD_PAGE NEW_PAGE",
		Short: "Compare two saved versions of a page through the spec diff of their drafts",
		Long: `diff drafts a spec from each version of a page (as import does) and compares
the drafts as specdrift diff compares specs: every change with its rule ID and
level (error: breaking; warning; info), located on the lines of both pages.

` + exitCodesHelp,
		Args: cobra.ExactArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			rr, err := rf.start(c, "docs diff")
			if err != nil {
				return err
			}
			defer rr.abort()
			pages, err := readPages(args)
			if err != nil {
				return err
			}
			res, err := docs.Diff(c.Context(), pages[0], pages[1])
			var mismatch *diff.ServiceMismatchError
			switch {
			case errors.As(err, &mismatch):
				return usageError("%v", err)
			case err != nil:
				return cannotRun(err)
			}
			rules := settingsOf(c)
			res.ApplyRules(rules.severity, rules.disabled)
			if err := rr.acceptDiff(c, res); err != nil {
				return err
			}
			err = rr.writeEach(func(o *reportOutput) error {
				res.Color = o.color
				return diff.Write(o.w, res, o.format, rr.failOn)
			})
			if err != nil {
				return err
			}
			if res.Summary(rr.failOn).Failing > 0 {
				return &exitError{code: exitFindings}
			}
			return nil
		},
	}
	rf.register(c)
	return c
}
