package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/specdrift/specdrift/contract"
)

// writeGitHub prints GitHub Actions workflow commands, which annotate the
// fixture (or spec) line in a pull request, then the summary line.
func writeGitHub(w io.Writer, r *Report) error {
	for _, f := range r.Findings {
		cmd := map[contract.Severity]string{contract.SeverityError: "error", contract.SeverityWarning: "warning"}[f.Severity]
		if cmd == "" {
			cmd = "notice"
		}
		props := "file=" + ghProp(fileOf(f.Source))
		if n := lineOf(f.Source); n > 0 {
			props += fmt.Sprintf(",line=%d", n)
		}
		props += ",title=" + ghProp(string(f.Rule)+" "+f.Operation)
		msg := f.Message
		if f.Expected != "" || f.Actual != "" {
			msg += fmt.Sprintf("\nexpected: %s\nactual: %s", orDash(f.Expected), orDash(f.Actual))
		}
		if f.Spec.File != "" {
			msg += "\nspec: " + f.Spec.String()
		}
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", cmd, props, ghData(msg)); err != nil {
			return err
		}
	}
	for _, o := range r.Omitted {
		if o.Accepted {
			continue
		}
		props := "title=" + ghProp(string(o.Rule)+" "+o.Operation)
		if o.Source != "" {
			props = "file=" + ghProp(o.Source) + "," + props
		}
		if _, err := fmt.Fprintf(w, "::notice %s::%s\n", props, ghData(o.String())); err != nil {
			return err
		}
	}
	for _, e := range r.errorList() {
		if _, err := fmt.Fprintf(w, "::error file=%s::%s\n", ghProp(fileOf(e)), ghData(e)); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w, summaryLine(r, r.Summary()))
	return err
}

func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
