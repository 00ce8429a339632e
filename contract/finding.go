// Package contract checks HTTP exchanges against OpenAPI 3 specs: one
// Exchange in, Findings out, whatever the exchange's source (a fixture file,
// a traffic log, a replayed or proxied call).
package contract

import (
	"fmt"
	"strings"
)

// Severity ranks a finding. The zero value is SeverityInfo.
type Severity int

// The severities, lowest first.
const (
	SeverityInfo Severity = iota
	SeverityWarning
	SeverityError
)

// String returns "info", "warning" or "error".
func (s Severity) String() string {
	switch s {
	case SeverityError:
		return "error"
	case SeverityWarning:
		return "warning"
	}
	return "info"
}

// ParseSeverity is the inverse of Severity.String.
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(s) {
	case "error":
		return SeverityError, nil
	case "warning":
		return SeverityWarning, nil
	case "info":
		return SeverityInfo, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning or info)", s)
}

// MarshalText renders the severity as its name, in JSON and YAML alike.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText parses a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	*s = v
	return err
}

// Location is a place in a spec file.
type Location struct {
	File    string `json:"file,omitempty"`    // slash path, as the spec was named when loaded
	Pointer string `json:"pointer,omitempty"` // RFC 6901 pointer into the spec document
	Line    int    `json:"line,omitempty"`
}

// String renders file:line#pointer, leaving out what is unknown.
func (l Location) String() string {
	s := l.File
	if l.Line > 0 {
		s += fmt.Sprintf(":%d", l.Line)
	}
	if l.Pointer != "" {
		s += "#" + l.Pointer
	}
	return s
}

// Finding is one disagreement between an exchange (or a spec revision) and the contract.
type Finding struct {
	Rule      RuleID   `json:"rule"`
	Severity  Severity `json:"severity"`
	Operation string   `json:"operation"`         // "GET /v3/{domain_id}/ccaas/authorisations"
	Source    string   `json:"source"`            // fixture path and line, HAR entry, log offset, live URL
	In        string   `json:"in,omitempty"`      // request.body, request.query, response.status, ...
	Pointer   string   `json:"pointer,omitempty"` // RFC 6901 pointer into the body, or the parameter or header name
	Spec      Location `json:"spec"`
	Expected  string   `json:"expected,omitempty"`
	Actual    string   `json:"actual,omitempty"`
	Message   string   `json:"message"`
}

// Key identifies a finding across runs, for baselines: it leaves out line
// numbers and messages, which move when unrelated text changes, and how the
// exchange was obtained from its source (see SourceFile), so that a
// baseline written by validate accepts the same findings from replay.
func (f Finding) Key() string {
	return strings.Join([]string{string(f.Rule), f.Operation, SourceFile(f.Source), f.In, f.Pointer}, "|")
}

// SourceFile is the file (or URL path) of a rendered source, without its
// line and without the entry that says how the exchange was obtained from
// it: "fixtures/a.yaml" for "fixtures/a.yaml:12" (validate) and for
// "fixtures/a.yaml#replay" (replay); "log.ndjson" for "log.ndjson#line 7:3";
// "t.har" for "t.har#entries/2".
func SourceFile(src string) string {
	name, _ := SplitSource(src)
	if i := strings.LastIndexByte(name, '#'); i > 0 {
		name = name[:i]
	}
	return name
}
