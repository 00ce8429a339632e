package contract

import (
	"encoding/json"
	"fmt"
	"sort"
)

// Baseline is a file of accepted findings (the documentation's own known
// drift, say), so that CI fails only on new drift. Entries are matched by
// Finding.Key, which ignores line numbers, wording and how an exchange was
// obtained (fixture, replay, log line, HAR entry).
type Baseline struct {
	Comment  string          `json:"comment,omitempty"`
	Accepted []BaselineEntry `json:"accepted"`
}

// BaselineEntry is one accepted finding.
type BaselineEntry struct {
	Rule      RuleID `json:"rule"`
	Operation string `json:"operation"`
	Source    string `json:"source"`
	In        string `json:"in,omitempty"`
	Pointer   string `json:"pointer,omitempty"`
	Message   string `json:"message,omitempty"` // for the reader; not matched
}

func (e BaselineEntry) key() string {
	return Finding{Rule: e.Rule, Operation: e.Operation, Source: e.Source, In: e.In, Pointer: e.Pointer}.Key()
}

// NewBaseline accepts every finding given.
func NewBaseline(fs []Finding) *Baseline {
	b := &Baseline{Comment: "Accepted findings: specdrift validate --baseline FILE counts only findings not listed here.", Accepted: []BaselineEntry{}}
	seen := map[string]bool{}
	for _, f := range fs {
		if seen[f.Key()] {
			continue
		}
		seen[f.Key()] = true
		b.Accepted = append(b.Accepted, BaselineEntry{Rule: f.Rule, Operation: f.Operation, Source: SourceFile(f.Source), In: f.In, Pointer: f.Pointer, Message: f.Message})
	}
	sort.SliceStable(b.Accepted, func(i, j int) bool { return b.Accepted[i].key() < b.Accepted[j].key() })
	return b
}

// ParseBaseline reads a baseline file.
func ParseBaseline(name string, data []byte) (*Baseline, error) {
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, &InputError{File: name, Err: fmt.Errorf("not a baseline file: %v", err)}
	}
	return &b, nil
}

// Split separates findings the baseline accepts from new ones.
func (b *Baseline) Split(fs []Finding) (fresh, accepted []Finding) {
	keys := map[string]bool{}
	if b != nil {
		for _, e := range b.Accepted {
			keys[e.key()] = true
		}
	}
	for _, f := range fs {
		if keys[f.Key()] {
			accepted = append(accepted, f)
		} else {
			fresh = append(fresh, f)
		}
	}
	return fresh, accepted
}
