package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/specdrift/specdrift/contract"
)

// The limits of a Collector: what it lists is bounded by them, whatever
// the number of findings; what it counts is exact.
const (
	KeepPerPlace = 10   // findings listed per rule, operation and place
	KeepPlaces   = 2000 // places listed; the findings of any more are counted per rule
	KeepErrors   = 100  // inputs that could not be checked, listed one by one
)

// CollectorOptions says what a Collector does with each finding.
type CollectorOptions struct {
	// Baseline accepts the findings it lists: they are counted as accepted
	// and do not fail the run.
	Baseline *contract.Baseline
	// AcceptAll accepts every finding, as a run that writes a baseline does.
	AcceptAll bool
	// KeepKeys remembers one finding of each baseline key, for Baseline.
	KeepKeys bool
	// Stream, if set, receives each finding as an NDJSON line as it is
	// added (see WriteNDJSONFinding), and the collector lists none.
	Stream io.Writer
	// KeepStreamed keeps the bounded sample of the findings streamed too,
	// for the other formats of a run that writes several.
	KeepStreamed bool
	// Severity overrides the severity of the findings of a rule, and
	// Disabled drops them, whatever found them (as contract.Options does
	// for a validator).
	Severity map[contract.RuleID]contract.Severity
	Disabled map[contract.RuleID]bool
}

// Collector receives findings as they are found and keeps what a report
// of them needs, in memory bounded by the specs and the number of input
// files rather than by the number of findings: exact counts by severity
// and rule, the first KeepPerPlace findings of each place (rule, operation,
// source file, part of the exchange and pointer, with array indices in the
// pointer counted as one), and how many more of each it did not keep.
// A Collector is not safe for concurrent use.
type Collector struct {
	tool    string
	failOn  contract.Severity
	opts    CollectorOptions
	accepts map[string]bool

	counts   Counts
	fresh    []contract.Finding
	accepted []contract.Finding
	places   map[place]*Omission
	overflow map[place]*Omission // findings of places beyond KeepPlaces, per rule
	errors   []string
	more     int // errors not listed

	added  int // findings given to Add
	keys   map[string]bool
	firsts []contract.Finding // one finding of each baseline key, in order

	streamErr error
}

// place is what a Collector counts findings by.
type place struct {
	accepted                     bool
	rule                         contract.RuleID
	operation, file, in, pointer string
}

// NewCollector starts collecting the findings of tool.
func NewCollector(tool string, failOn contract.Severity, opts CollectorOptions) *Collector {
	c := &Collector{tool: tool, failOn: failOn, opts: opts, places: map[place]*Omission{}, overflow: map[place]*Omission{},
		counts: Counts{Rules: map[contract.RuleID]int{}}}
	if opts.Baseline != nil {
		c.accepts = map[string]bool{}
		for _, e := range opts.Baseline.Accepted {
			f := contract.Finding{Rule: e.Rule, Operation: e.Operation, Source: e.Source, In: e.In, Pointer: e.Pointer}
			c.accepts[f.Key()] = true
		}
	}
	if opts.KeepKeys {
		c.keys = map[string]bool{}
	}
	return c
}

// Add collects findings; the baseline (or AcceptAll) decides which are
// accepted.
func (c *Collector) Add(fs ...contract.Finding) {
	for _, f := range fs {
		if !c.rule(&f) {
			continue
		}
		c.added++
		if c.keys != nil {
			if k := f.Key(); !c.keys[k] {
				c.keys[k] = true
				c.firsts = append(c.firsts, f)
			}
		}
		c.add(f, c.opts.AcceptAll || c.accepts[f.Key()])
	}
}

// AddAccepted collects findings that are accepted whatever the baseline
// says (a deviation the spec records), and that a baseline need not list.
func (c *Collector) AddAccepted(fs ...contract.Finding) {
	for _, f := range fs {
		if !c.rule(&f) {
			continue
		}
		c.counts.BySpec++
		c.add(f, true)
	}
}

// rule applies the options' severity of f's rule, and reports whether
// the rule is enabled.
func (c *Collector) rule(f *contract.Finding) bool {
	if c.opts.Disabled[f.Rule] {
		return false
	}
	if s, ok := c.opts.Severity[f.Rule]; ok {
		f.Severity = s
	}
	return true
}

func (c *Collector) add(f contract.Finding, accepted bool) {
	c.counts.Rules[f.Rule]++
	if accepted {
		c.counts.Accepted++
	} else {
		switch f.Severity {
		case contract.SeverityError:
			c.counts.Errors++
		case contract.SeverityWarning:
			c.counts.Warnings++
		default:
			c.counts.Infos++
		}
		if f.Severity >= c.failOn {
			c.counts.Failing++
		}
	}
	if c.opts.Stream != nil {
		if c.streamErr == nil {
			c.streamErr = WriteNDJSONFinding(c.opts.Stream, f, accepted)
		}
		if !c.opts.KeepStreamed {
			return
		}
	}
	p := place{accepted: accepted, rule: f.Rule, operation: f.Operation, file: fileOf(f.Source), in: f.In, pointer: placePointer(f.In, f.Pointer)}
	o, ok := c.places[p]
	if !ok && len(c.places) >= KeepPlaces {
		p = place{accepted: accepted, rule: f.Rule}
		if o = c.overflow[p]; o == nil {
			o = &Omission{Rule: f.Rule, Severity: f.Severity, Accepted: accepted}
			c.overflow[p] = o
		}
		o.Count++
		return
	}
	if !ok {
		o = &Omission{Rule: f.Rule, Severity: f.Severity, Operation: p.operation, Source: p.file, In: p.in, Pointer: p.pointer, Accepted: accepted}
		c.places[p] = o
	}
	if o.listed < KeepPerPlace {
		o.listed++
		if accepted {
			c.accepted = append(c.accepted, f)
		} else {
			c.fresh = append(c.fresh, f)
		}
		return
	}
	o.Count++
}

// placePointer counts array indices in a body pointer as one: /items/3/id
// and /items/4/id are the same place.
func placePointer(in, ptr string) string {
	if !strings.HasPrefix(ptr, "/") || !strings.HasSuffix(in, ".body") {
		return ptr
	}
	segs := strings.Split(ptr, "/")
	for i, s := range segs {
		if s != "" && strings.Trim(s, "0123456789") == "" {
			segs[i] = "*"
		}
	}
	return strings.Join(segs, "/")
}

// AddError collects an input that could not be checked.
func (c *Collector) AddError(err error) {
	if len(c.errors) < KeepErrors {
		c.errors = append(c.errors, err.Error())
		return
	}
	c.more++
}

// Incomplete reports whether some input could not be checked.
func (c *Collector) Incomplete() bool { return len(c.errors) > 0 }

// Added counts the findings given to Add, accepted or not.
func (c *Collector) Added() int { return c.added }

// StreamErr is the first error writing to the stream, if any.
func (c *Collector) StreamErr() error { return c.streamErr }

// Baseline accepts one finding of each key collected by Add (KeepKeys).
func (c *Collector) Baseline() *contract.Baseline { return contract.NewBaseline(c.firsts) }

// Report is what was collected, as a report; the caller adds the coverage.
func (c *Collector) Report() *Report {
	counts := c.counts
	r := &Report{Tool: c.tool, FailOn: c.failOn, Findings: c.fresh, Accepted: c.accepted, Errors: c.errors, MoreErrors: c.more, Counts: &counts}
	for _, m := range []map[place]*Omission{c.places, c.overflow} {
		for _, o := range m {
			if o.Count > 0 {
				r.Omitted = append(r.Omitted, *o)
			}
		}
	}
	sort.Slice(r.Omitted, func(i, j int) bool { return r.Omitted[i].less(r.Omitted[j]) })
	return r
}

// Counts are the exact counts of a report whose lists hold a sample.
type Counts struct {
	Errors, Warnings, Infos int // new findings, by severity
	Accepted                int // by a baseline or by the spec
	BySpec                  int // of those, by the spec (AddAccepted)
	Failing                 int // new findings at or above the fail-on severity
	Rules                   map[contract.RuleID]int
}

// Omission counts the findings of one place that a report does not list:
// the first KeepPerPlace are listed, these are not. An omission with no
// operation counts the findings of a rule at places beyond KeepPlaces.
type Omission struct {
	Rule      contract.RuleID   `json:"rule"`
	Severity  contract.Severity `json:"severity"`
	Operation string            `json:"operation,omitempty"`
	Source    string            `json:"source,omitempty"`  // the file, without line or entry
	In        string            `json:"in,omitempty"`      // request.body, response.body, ...
	Pointer   string            `json:"pointer,omitempty"` // array indices as *
	Accepted  bool              `json:"accepted,omitempty"`
	Count     int               `json:"count"`
	listed    int
}

func (o Omission) less(p Omission) bool {
	a := []string{o.Operation, o.Source, o.In, o.Pointer, string(o.Rule), fmt.Sprint(o.Accepted)}
	b := []string{p.Operation, p.Source, p.In, p.Pointer, string(p.Rule), fmt.Sprint(p.Accepted)}
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// String says what is left out, for a person.
func (o Omission) String() string {
	if o.Operation == "" {
		return fmt.Sprintf("and %d more %s %s findings at places not listed (a report lists %d places)", o.Count, o.Severity, o.Rule, KeepPlaces)
	}
	where := o.Source
	if o.In != "" {
		where += " " + o.In
	}
	if o.Pointer != "" {
		where += " " + o.Pointer
	}
	return fmt.Sprintf("and %d more like this: %s %s %s", o.Count, o.Severity, o.Rule, where)
}

// ndjsonFinding is a finding as a line of --format ndjson: the finding's
// fields as proxy --log writes them, and whether a baseline accepts it.
type ndjsonFinding struct {
	contract.Finding
	Accepted bool `json:"accepted,omitempty"`
}

// WriteNDJSONFinding writes f as one line of --format ndjson.
func WriteNDJSONFinding(w io.Writer, f contract.Finding, accepted bool) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(ndjsonFinding{Finding: f, Accepted: accepted})
}
