package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/specdrift/specdrift/contract"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failures  []junitResult `xml:"failure,omitempty"`
	Errors    []junitResult `xml:"error,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
}

type junitSkipped struct {
	Message string `xml:"message,attr,omitempty"`
}

type junitResult struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// writeJUnit makes one test suite per operation and one test case per
// exchange; findings at or above the fail-on severity are failures, and an
// operation with no exchange is a skipped case, so coverage gaps show. An
// exchange that was not checked at all (a write request replay did not
// send) is a skipped case too, never a passing one, unless the fail-on
// severity makes its finding a failure.
func writeJUnit(w io.Writer, r *Report) error {
	out := junitSuites{Name: "specdrift " + r.Tool}
	_, groups := byOperation(r.Findings)
	bySource := map[string][]contract.Finding{}
	for _, fs := range groups {
		for _, f := range fs {
			k := f.Operation + "\x00" + fileOf(f.Source)
			bySource[k] = append(bySource[k], f)
		}
	}
	suites := map[string]*junitSuite{}
	var order []string
	suite := func(op string) *junitSuite {
		if s, ok := suites[op]; ok {
			return s
		}
		suites[op] = &junitSuite{Name: op}
		order = append(order, op)
		return suites[op]
	}
	addCase := func(op, src string) {
		s := suite(op)
		c := junitCase{Name: src, Classname: op}
		var notChecked []string
		for _, f := range bySource[op+"\x00"+fileOf(src)] {
			if f.Severity < r.FailOn {
				if f.Rule == contract.RuleReplaySkipped {
					notChecked = append(notChecked, f.Message)
				}
				continue
			}
			c.Failures = append(c.Failures, junitResult{Message: fmt.Sprintf("%s: %s", f.Rule, f.Message), Type: string(f.Rule), Text: findingText(f)})
		}
		for _, o := range r.omitted(op, false) {
			if o.Source == fileOf(src) && o.Severity >= r.FailOn {
				c.Failures = append(c.Failures, junitResult{Message: o.String(), Type: string(o.Rule)})
			}
		}
		delete(bySource, op+"\x00"+fileOf(src))
		if len(c.Failures) > 0 {
			s.Failures++
		} else if len(notChecked) > 0 {
			c.Skipped = &junitSkipped{Message: strings.Join(notChecked, " ")}
		}
		s.Tests++
		s.Cases = append(s.Cases, c)
	}
	if r.Coverage != nil {
		for _, o := range r.Coverage.Operations {
			suite(o.Operation)
			seen := map[string]bool{}
			for _, src := range o.Sources {
				if !seen[fileOf(src)] {
					seen[fileOf(src)] = true
					addCase(o.Operation, src)
				}
			}
			if o.Exchanges == 0 {
				s := suite(o.Operation)
				s.Tests++
				s.Cases = append(s.Cases, junitCase{Name: "no exchange covers " + o.ID, Classname: o.Operation, Skipped: &junitSkipped{}})
			}
		}
	}
	for _, f := range r.Findings { // findings of exchanges coverage does not list (unknown operations, diffs)
		if _, left := bySource[f.Operation+"\x00"+fileOf(f.Source)]; left {
			addCase(f.Operation, f.Source)
		}
	}
	for _, o := range r.omitted("", false) {
		if o.Severity >= r.FailOn {
			s := suite("not listed")
			s.Tests++
			s.Failures++
			s.Cases = append(s.Cases, junitCase{Name: string(o.Rule), Classname: "not listed", Failures: []junitResult{{Message: o.String(), Type: string(o.Rule)}}})
		}
	}
	for _, e := range r.errorList() {
		s := suite("inputs")
		s.Tests++
		s.Errors++
		s.Cases = append(s.Cases, junitCase{Name: fileOf(e), Classname: "inputs", Errors: []junitResult{{Message: e, Type: "unreadable"}}})
	}
	for _, op := range order {
		s := suites[op]
		out.Suites = append(out.Suites, *s)
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func findingText(f contract.Finding) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s %s at %s", f.Severity, f.Rule, f.Source)
	if f.Pointer != "" {
		fmt.Fprintf(&sb, " %s %s", f.In, f.Pointer)
	}
	if f.Expected != "" || f.Actual != "" {
		fmt.Fprintf(&sb, "\nexpected: %s\nactual:   %s", orDash(f.Expected), orDash(f.Actual))
	}
	if f.Spec.File != "" {
		fmt.Fprintf(&sb, "\nspec:     %s", f.Spec)
	}
	fmt.Fprintf(&sb, "\n%s", f.Message)
	return sb.String()
}
