package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/diff"
	"github.com/specdrift/specdrift/contract/report"
	"github.com/specdrift/specdrift/internal/atomicfile"
)

// reportFlags are the flags every command that reports findings shares.
type reportFlags struct {
	formats       []string // FORMAT or FORMAT=FILE, repeatable
	failOn        string
	baseline      string
	writeBaseline string
	output        string
	color         string
}

func (f *reportFlags) register(c *cobra.Command) {
	c.Flags().StringArrayVar(&f.formats, "format", []string{"text"}, "report format: "+strings.Join(report.Formats, "|")+" (ndjson: each finding on a line as it is found, then a summary line); FORMAT=FILE writes that report to FILE; repeatable, one format without a file goes to stdout")
	c.Flags().StringVar(&f.failOn, "fail-on", "error", "lowest severity that fails the run: error|warning|info")
	c.Flags().StringVar(&f.baseline, "baseline", "", "file of accepted findings; only new findings count toward the exit code")
	c.Flags().StringVar(&f.writeBaseline, "write-baseline", "", "write every finding of this run to FILE as accepted, and exit 0; a run that could not check every input writes none")
	c.Flags().StringVarP(&f.output, "output", "o", "", "write the report to FILE, whole or not at all, instead of stdout")
	colorFlag(c, &f.color)
}

// check validates the flags' values before any work is done.
func (f *reportFlags) check() (contract.Severity, *contract.Baseline, error) {
	sev, err := contract.ParseSeverity(f.failOn)
	if err != nil {
		return 0, nil, usageError("--fail-on: %v", err)
	}
	if err := checkColor(f.color); err != nil {
		return 0, nil, err
	}
	if f.baseline == "" {
		return sev, nil, nil
	}
	data, err := os.ReadFile(f.baseline)
	if err != nil {
		return 0, nil, cannotRun(err)
	}
	b, err := contract.ParseBaseline(f.baseline, data)
	if err != nil {
		return 0, nil, cannotRun(err)
	}
	return sev, b, nil
}

// reportRun is where one run's report goes: the checked flags, the output
// and the collector the findings flow into as they are found.
type reportRun struct {
	flags    *reportFlags
	failOn   contract.Severity
	baseline *contract.Baseline
	outputs  []*reportOutput // the formats and where each goes
	coll     *report.Collector
}

// start checks the flags, opens the output and starts the collector of
// tool. The caller defers abort.
func (f *reportFlags) start(c *cobra.Command, tool string) (*reportRun, error) {
	failOn, baseline, err := f.check()
	if err != nil {
		return nil, err
	}
	outs, err := parseOutputs(f.formats, f.output)
	if err != nil {
		return nil, err
	}
	if err := openOutputs(outs, c.OutOrStdout()); err != nil {
		return nil, err
	}
	for _, o := range outs {
		o.color = useColor(f.color, o.format, o.w)
	}
	rr := &reportRun{flags: f, failOn: failOn, baseline: baseline, outputs: outs}
	rules := settingsOf(c)
	opts := report.CollectorOptions{Baseline: baseline, Severity: rules.severity, Disabled: rules.disabled}
	if f.writeBaseline != "" {
		opts.AcceptAll, opts.KeepKeys = true, true
	}
	if s := rr.stream(); s != nil {
		opts.Stream = s.w
		opts.KeepStreamed = len(outs) > 1 // the other formats list a sample
	}
	rr.coll = report.NewCollector(tool, failOn, opts)
	return rr, nil
}

// abort removes the output files that were not committed.
func (rr *reportRun) abort() { abortOutputs(rr.outputs) }

// commit makes the output files appear, each whole or not at all.
func (rr *reportRun) commit() error {
	for _, o := range rr.outputs {
		if o.file == nil {
			continue
		}
		if err := o.file.Commit(); err != nil {
			return cannotRun(fmt.Errorf("%s: %w", o.flag, err))
		}
	}
	return nil
}

// finish writes the baseline (with --write-baseline) and the report of
// what was collected, and turns it into the exit code.
func (rr *reportRun) finish(c *cobra.Command, cov *contract.Coverage) error {
	r := rr.coll.Report()
	r.Coverage = cov
	if err := rr.saveBaseline(c, rr.coll.Baseline, rr.coll.Added(), rr.coll.Incomplete()); err != nil {
		return err
	}
	if err := rr.coll.StreamErr(); err != nil {
		return cannotRun(err)
	}
	err := rr.writeEach(func(o *reportOutput) error {
		out := *r
		out.Color = o.color
		if o.format == "ndjson" { // the findings went out as they were found
			out.Findings, out.Accepted = nil, nil
		}
		return report.Write(o.w, &out, o.format)
	})
	if err != nil {
		return err
	}
	if len(r.Errors) > 0 {
		for _, e := range r.Errors {
			fmt.Fprintf(c.ErrOrStderr(), "specdrift: %s\n", e)
		}
		if r.MoreErrors > 0 {
			fmt.Fprintf(c.ErrOrStderr(), "specdrift: and %d more inputs that could not be checked\n", r.MoreErrors)
		}
		return &exitError{code: exitCannot}
	}
	if r.Summary().Failing > 0 {
		return &exitError{code: exitFindings}
	}
	return nil
}

// saveBaseline writes the baseline of the run's findings with
// --write-baseline, unless the run is incomplete: a baseline of part of
// the inputs (a run interrupted half way, an unreadable file) would fail
// the next complete run on findings it never saw.
func (rr *reportRun) saveBaseline(c *cobra.Command, baseline func() *contract.Baseline, findings int, incomplete bool) error {
	path := rr.flags.writeBaseline
	if path == "" {
		return nil
	}
	if incomplete {
		fmt.Fprintf(c.ErrOrStderr(), "specdrift: no baseline written to %s: the run could not check every input\n", path)
		return nil
	}
	data, err := json.MarshalIndent(baseline(), "", "  ")
	if err == nil {
		err = atomicfile.WriteFile(path, append(data, '\n'))
	}
	if err != nil {
		return cannotRun(fmt.Errorf("--write-baseline: %w", err))
	}
	fmt.Fprintf(c.ErrOrStderr(), "specdrift: wrote %d accepted findings to %s\n", findings, path)
	return nil
}

// acceptDiff applies --baseline to the result of a diff, or with
// --write-baseline writes a baseline of all its findings and accepts them.
func (rr *reportRun) acceptDiff(c *cobra.Command, res *diff.Result) error {
	if rr.flags.writeBaseline == "" {
		res.Accept(rr.baseline)
		return nil
	}
	all := res.Report(rr.failOn).Findings
	b := contract.NewBaseline(all)
	if err := rr.saveBaseline(c, func() *contract.Baseline { return b }, len(all), res.Summary(rr.failOn).Unreadable > 0); err != nil {
		return err
	}
	res.Accept(b)
	return nil
}
