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
	// Unknown counts the exchanges whose request matches no operation of
	// the specs (those of UnknownOperation).
	Unknown int
	// WriteFailures counts the writes to the log and the recorder that
	// failed (a full disk, say): findings or exchanges that were lost.
	// The proxy goes on; its caller should say so, and exit non-zero.
	WriteFailures int
	WriteError    error              // the first of them
	Operations    []OperationSummary // sorted by operation
}

// UnknownOperation is how the summary names the operation of the requests
// that match none of the specs'.
const UnknownOperation = "(unknown)"

// earlyWarnAt is the exchange at which the proxy says once, if most
// exchanges so far matched no operation, that the specs may not be those of
// the upstream, rather than only in the summary at the end.
const earlyWarnAt = 20

// MostlyUnknown says that most exchanges matched no operation of the specs:
// the specs are likely not those of the upstream.
func (s Summary) MostlyUnknown() bool { return s.Exchanges > 0 && 2*s.Unknown > s.Exchanges }

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
	if s.MostlyUnknown() {
		fmt.Fprintf(tw, "specdrift proxy: warning: %s\n", unknownWarning(s.Unknown, s.Exchanges))
	}
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

// unknownWarning says that unknown of exchanges matched no operation.
func unknownWarning(unknown, exchanges int) string {
	return fmt.Sprintf("%d of %d exchanges match no operation of the specs: are they the specs of this upstream? (--spec)", unknown, exchanges)
}

type summary struct {
	exchanges, findings, unreachable, unknown int
	writeFailures                             int
	writeErr                                  error
	ops                                       map[string]*opCount
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

// add counts an exchange and its findings. It returns the early warning
// that most exchanges so far matched no operation, once, at earlyWarnAt;
// "" otherwise.
func (s *summary) add(operation string, fs []contract.Finding) string {
	s.exchanges++
	if operation == UnknownOperation {
		s.unknown++
	}
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
	if s.exchanges == earlyWarnAt && 2*s.unknown > s.exchanges {
		return unknownWarning(s.unknown, s.exchanges)
	}
	return ""
}

func (s *summary) clone() Summary {
	out := Summary{Exchanges: s.exchanges, Findings: s.findings, Unreachable: s.unreachable, Unknown: s.unknown,
		WriteFailures: s.writeFailures, WriteError: s.writeErr}
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
