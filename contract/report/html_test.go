package report

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// hostile is a finding whose every field an attacker could have chosen:
// the actual value and the pointer come from the exchange.
func hostile() contract.Finding {
	return contract.Finding{
		Rule: `x" onmouseover="window.pwned=1`, Severity: contract.SeverityError,
		Operation: `</code><img src=x onerror="window.pwned=2">`,
		Source:    `fixtures/<b>.yaml:3`, In: "response.body", Pointer: `/a/<svg onload=window.pwned=3>`,
		Expected: "string", Actual: `<script>window.pwned=4</script>`,
		Spec:    contract.Location{File: "spec/a.yaml", Line: 7, Pointer: `/x/'</style><script>window.pwned=5</script>`},
		Message: `</td></tr></table><script>window.pwned=6</script>`,
	}
}

// TestHTMLEscapes checks that nothing a finding carries becomes markup: the
// page has exactly its own script and no element the values spell.
func TestHTMLEscapes(t *testing.T) {
	r := &Report{Tool: "validate", FailOn: contract.SeverityError, Findings: []contract.Finding{hostile()}, Errors: []string{`x.yaml:1: <script>window.pwned=7</script>`}}
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, r, "html"))
	out := buf.String()
	require.Equal(t, 1, strings.Count(out, "<script"), "the page's own script only")
	for _, bad := range []string{"<img", "<svg", "fixtures/<b>", `onmouseover="`, "</style><script>", "<script>window"} {
		require.NotContains(t, out, bad)
	}
	require.Contains(t, out, "&lt;script&gt;window.pwned=4&lt;/script&gt;", "the actual value is shown as text")
	require.Contains(t, out, `data-rule="x&#34; onmouseover=&#34;window.pwned=1"`)
}

// TestHTMLDeterministic: the same report renders to the same bytes.
func TestHTMLDeterministic(t *testing.T) {
	render := func() string {
		r := sampleReport()
		var buf bytes.Buffer
		require.NoError(t, Write(&buf, r, "html"))
		return buf.String()
	}
	first := render()
	for range 5 {
		require.Equal(t, first, render())
	}
}

func sampleReport() *Report {
	c := NewCollector("validate", contract.SeverityError, CollectorOptions{Baseline: contract.NewBaseline([]contract.Finding{field(1)})})
	for n := 1; n <= 30; n++ {
		c.Add(drift(n, 0), field(n))
	}
	r := c.Report()
	r.Coverage = &contract.Coverage{Exchanges: 33, Operations: []contract.OperationCoverage{
		{Operation: listOp, ID: "ListAuthorisations", Exchanges: 31, Statuses: []contract.StatusCoverage{
			{Status: "200", Exchanges: 30, Drifting: 30}, {Status: "400"}, {Status: "undocumented: 500", Exchanges: 1, Drifting: 1}}},
		{Operation: "GET /v3/{domain_id}/ccaas/permissions", ID: "ListPermissions", Exchanges: 2, Statuses: []contract.StatusCoverage{
			{Status: "200", Exchanges: 2}}},
		{Operation: "PUT /v2/x", ID: "Accepted", Exchanges: 1, Statuses: []contract.StatusCoverage{
			{Status: "200", Exchanges: 1, Drifting: 1}}},
	}}
	return r
}

// TestHTMLMatrix checks each cell of the coverage matrix: a status with
// drifting exchanges of an operation with new findings drifts; one whose
// findings are all accepted shows as accepted; a documented status no
// exchange has is not covered; a status an operation does not have is
// none.
func TestHTMLMatrix(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, sampleReport(), "html"))
	row := regexp.MustCompile(`(?s)<tr data-operation="([^"]+)">(.*?)</tr>`)
	cell := regexp.MustCompile(`<td data-status="([^"]+)" data-state="([^"]+)">`)
	got := map[string][]string{}
	for _, m := range row.FindAllStringSubmatch(buf.String(), -1) {
		for _, c := range cell.FindAllStringSubmatch(m[2], -1) {
			got[m[1]] = append(got[m[1]], c[1]+" "+c[2])
		}
	}
	want := map[string][]string{
		listOp:                                  {"200 drifting", "400 not-covered", "undocumented: 500 drifting"},
		"GET /v3/{domain_id}/ccaas/permissions": {"200 covered", "400 none", "undocumented: 500 none"},
		"PUT /v2/x":                             {"200 accepted", "400 none", "undocumented: 500 none"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("matrix (-want +got):\n%s", d)
	}
	require.Contains(t, buf.String(), "<th>500 (undocumented)</th>")
}

// TestHTMLCounts: the rows the filters count add up to the new findings,
// listed or not, and the rule filter offers every rule of the page.
func TestHTMLCounts(t *testing.T) {
	r := sampleReport()
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, r, "html"))
	out := buf.String()
	sum := 0
	for _, m := range regexp.MustCompile(`data-count="(\d+)"`).FindAllStringSubmatch(out, -1) {
		n, err := strconv.Atoi(m[1])
		require.NoError(t, err)
		sum += n
	}
	require.Equal(t, 30, sum, "30 drifting items, 10 listed and 20 omitted")
	require.Contains(t, out, `<b id="shown">30</b> of <span id="total">30</span>`)
	require.Contains(t, out, `<b id="count-accepted">30</b>`)
	require.Contains(t, out, `<option value="response-body-schema">`)
	require.Contains(t, out, `<option value="undocumented-response-field">`, "an accepted finding's rule")
}
