package report

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"html/template"
	"io"
	"sort"
	"strings"

	"github.com/specdrift/specdrift/contract"
)

//go:embed html/frame.tmpl html/style.css html/script.js html/report.tmpl
var htmlFiles embed.FS

// HTMLPage is what the frame of an html report shows around its body: the
// title, the summary line and its verdict, the counts, and the filters by
// severity and rule. The page is self-contained: its style and script are
// inline, and its Content-Security-Policy lets it load nothing else nor run
// any script but its own.
type HTMLPage struct {
	Title   string // "specdrift validate"
	Summary string // the summary line
	Verdict string // "pass", "fail" or "incomplete" (see Verdict)
	// Errors, Warnings, Infos and Accepted are the counts shown beside
	// the summary; Total is what the rows with data-count add up to when
	// no filter hides any.
	Errors, Warnings, Infos, Accepted, Total int
	Rules                                    []string // the rules the rule filter offers
	Body                                     any      // the body template's data
}

// Verdict names the outcome of a run for HTMLPage.Verdict.
func Verdict(failing, unreadable int) string {
	switch {
	case unreadable > 0:
		return "incomplete"
	case failing > 0:
		return "fail"
	}
	return "pass"
}

// WriteHTML writes page as one self-contained HTML document. body is the
// text of a template that defines "body", rendered with page.Body; it may
// use the frame's "finding-table" template, whose rows the filters hide.
// Every value is escaped by html/template: a finding's actual value comes
// from the exchange, so from whoever sent it.
func WriteHTML(w io.Writer, page HTMLPage, body string) error {
	css, err := htmlFiles.ReadFile("html/style.css")
	if err != nil {
		return err
	}
	js, err := htmlFiles.ReadFile("html/script.js")
	if err != nil {
		return err
	}
	t, err := template.New("frame").Funcs(template.FuncMap{"orDash": orDash}).ParseFS(htmlFiles, "html/frame.tmpl")
	if err != nil {
		return err
	}
	if _, err := t.New("body").Parse(body); err != nil {
		return err
	}
	style, script := "\n"+string(css), "\n"+string(js)
	view := struct {
		HTMLPage
		CSS template.CSS
		JS  template.JS
		CSP string
	}{page, template.CSS(style), template.JS(script),
		"default-src 'none'; style-src '" + sha256Source(style) + "'; script-src '" + sha256Source(script) + "'"}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "page", view); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// sha256Source is a CSP source that allows exactly the element text s.
func sha256Source(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// HTMLRules lists the rules of findings, sorted, for HTMLPage.Rules.
func HTMLRules(lists ...[]contract.Finding) []string {
	seen := map[string]bool{}
	var out []string
	for _, fs := range lists {
		for _, f := range fs {
			if !seen[string(f.Rule)] {
				seen[string(f.Rule)] = true
				out = append(out, string(f.Rule))
			}
		}
	}
	sort.Strings(out)
	return out
}

// htmlReport is the body of a report's page.
type htmlReport struct {
	Matrix *htmlMatrix
	Bodies *contract.BodyCoverage
	// SkippedBodies counts the bodies skipped, listed or not.
	SkippedBodies int
	Operations    []htmlGroup
	Overflow      HTMLTable // findings of places beyond those listed
	NotListed     string
	Errors        []string
	Accepted      HTMLTable
	Tool          string
}

// htmlGroup is the findings of one operation.
type htmlGroup struct {
	Operation, ID string
	Count         int // new findings, listed or not
	Table         HTMLTable
}

// HTMLTable is the data of the frame's "finding-table" template: a row
// per finding, then one per omission that stands for findings not listed.
type HTMLTable struct {
	Findings []contract.Finding
	Omitted  []Omission
	New      bool   // count the rows toward "findings shown"
	Where    string // the heading of the findings' source: "exchange" if empty, "page"
}

func writeHTML(w io.Writer, r *Report) error {
	body, err := htmlFiles.ReadFile("html/report.tmpl")
	if err != nil {
		return err
	}
	s := r.Summary()
	data := htmlReport{Tool: r.Tool, Matrix: matrixOf(r), Errors: r.errorList()}
	if r.Coverage != nil {
		data.Bodies = &r.Coverage.Bodies
		data.SkippedBodies = len(r.Coverage.Bodies.Skipped) + r.Coverage.Bodies.Unlisted
	}
	ids := map[string]string{}
	if r.Coverage != nil {
		for _, o := range r.Coverage.Operations {
			ids[o.Operation] = o.ID
		}
	}
	where := "exchange"
	if strings.HasPrefix(r.Tool, "docs") {
		where = "page"
	}
	ops, groups := byOperation(r.Findings)
	for _, op := range ops {
		g := htmlGroup{Operation: op, ID: ids[op], Table: HTMLTable{Findings: groups[op], Omitted: r.omitted(op, false), New: true, Where: where}}
		g.Count = len(g.Table.Findings)
		for _, o := range g.Table.Omitted {
			g.Count += o.Count
		}
		data.Operations = append(data.Operations, g)
	}
	data.Overflow = HTMLTable{Omitted: r.omitted("", false), New: true, Where: where}
	if len(r.Omitted) > 0 {
		fresh, accepted := omittedCounts(r)
		data.NotListed = notListedLine(fresh, accepted, r.Counts)
	}
	accepted := append(append([]contract.Finding{}, r.Accepted...), r.AcceptedBySpec...)
	sort.SliceStable(accepted, func(i, j int) bool { return less(accepted[i], accepted[j]) })
	data.Accepted = HTMLTable{Findings: accepted, Where: where}
	for _, o := range r.Omitted {
		if o.Accepted {
			data.Accepted.Omitted = append(data.Accepted.Omitted, o)
		}
	}
	var omitted []contract.Finding
	for _, o := range r.Omitted {
		omitted = append(omitted, contract.Finding{Rule: o.Rule})
	}
	page := HTMLPage{Title: "specdrift " + r.Tool, Summary: summaryLine(r, s), Verdict: Verdict(s.Failing, s.Unreadable),
		Errors: s.Errors, Warnings: s.Warnings, Infos: s.Infos, Accepted: s.Accepted, Total: s.Errors + s.Warnings + s.Infos,
		Rules: HTMLRules(r.Findings, accepted, omitted), Body: data}
	return WriteHTML(w, page, string(body))
}
