package proxy

import (
	"fmt"
	"io"
	"sort"
	"text/tabwriter"

	"github.com/specdrift/specdrift/contract"
)

// Summary counts what went through the proxy, by operation and rule.
type Summary struct {
	Exchanges int
	Findings  int
	// Unreachable counts the exchanges whose request could not be passed
	// on at all: the connection to the upstream failed
	// (upstream-unreachable).
	Unreachable int
	// WriteFailures counts the writes to the log and the recorder that
	// failed (a full disk, say): findings or exchanges that were lost.
	// The proxy goes on; its caller should say so, and exit non-zero.
	WriteFailures int
	WriteError    error              // the first of them
	Operations    []OperationSummary // sorted by operation
}

// NeverReached says that requests came and none of them reached the
// upstream: every one failed to connect. For a proxy that is not a drift
// of the API but a proxy that could not do its work.
func (s Summary) NeverReached() bool { return s.Exchanges > 0 && s.Unreachable == s.Exchanges }

// OperationSummary counts the exchanges and findings of one operation
// ("(unknown)" for requests that match none).
type OperationSummary struct {
	Operation string
	Exchanges int
	Rules     []RuleCount // sorted by rule
}

// RuleCount is how often one rule was reported.
type RuleCount struct {
	Rule     contract.RuleID
	Severity contract.Severity
	Count    int
}

// Failing counts the findings at or above sev.
func (s Summary) Failing(sev contract.Severity) int {
	n := 0
	for _, o := range s.Operations {
		for _, r := range o.Rules {
			if r.Severity >= sev {
				n += r.Count
			}
		}
	}
	return n
}

// WriteText renders the summary as a table.
func (s Summary) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "specdrift proxy: %d exchanges, %d findings\n", s.Exchanges, s.Findings)
	for _, o := range s.Operations {
		fmt.Fprintf(tw, "  %s\t%d exchanges\n", o.Operation, o.Exchanges)
		for _, r := range o.Rules {
			fmt.Fprintf(tw, "    %s %s\t%d\n", r.Severity, r.Rule, r.Count)
		}
	}
	return tw.Flush()
}

type ruleKey struct {
	rule contract.RuleID
	sev  contract.Severity
}

type summary struct {
	exchanges, findings, unreachable int
	writeFailures                    int
	writeErr                         error
	ops                              map[string]*opCount
}

// failed counts a write that failed.
func (s *summary) failed(err error) {
	s.writeFailures++
	if s.writeErr == nil {
		s.writeErr = err
	}
}

type opCount struct {
	exchanges int
	rules     map[ruleKey]int
}

func newSummary() *summary { return &summary{ops: map[string]*opCount{}} }

func (s *summary) add(operation string, fs []contract.Finding) {
	s.exchanges++
	s.findings += len(fs)
	o := s.ops[operation]
	if o == nil {
		o = &opCount{rules: map[ruleKey]int{}}
		s.ops[operation] = o
	}
	o.exchanges++
	unreachable := false
	for _, f := range fs {
		o.rules[ruleKey{f.Rule, f.Severity}]++
		unreachable = unreachable || f.Rule == contract.RuleUpstreamUnreachable
	}
	if unreachable {
		s.unreachable++
	}
}

func (s *summary) clone() Summary {
	out := Summary{Exchanges: s.exchanges, Findings: s.findings, Unreachable: s.unreachable, WriteFailures: s.writeFailures, WriteError: s.writeErr}
	for name, o := range s.ops {
		os := OperationSummary{Operation: name, Exchanges: o.exchanges}
		for k, n := range o.rules {
			os.Rules = append(os.Rules, RuleCount{Rule: k.rule, Severity: k.sev, Count: n})
		}
		sort.Slice(os.Rules, func(i, j int) bool {
			if os.Rules[i].Rule != os.Rules[j].Rule {
				return os.Rules[i].Rule < os.Rules[j].Rule
			}
			return os.Rules[i].Severity < os.Rules[j].Severity
		})
		out.Operations = append(out.Operations, os)
	}
	sort.Slice(out.Operations, func(i, j int) bool { return out.Operations[i].Operation < out.Operations[j].Operation })
	return out
}
