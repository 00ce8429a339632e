package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

const listOp = "GET /v3/{domain_id}/ccaas/authorisations"

// drift is the finding of item i of line n of a log.
func drift(n, i int) contract.Finding {
	return contract.Finding{Rule: contract.RuleResponseBodySchema, Severity: contract.SeverityError, Operation: listOp,
		Source: fmt.Sprintf("big.ndjson#line %d", n), In: "response.body", Pointer: fmt.Sprintf("/authorisations/%d/is_loaded_by_cloud_connection", i),
		Message: "value must be a boolean"}
}

func field(n int) contract.Finding {
	return contract.Finding{Rule: contract.RuleUndocumentedResponseField, Severity: contract.SeverityWarning, Operation: listOp,
		Source: fmt.Sprintf("big.ndjson#line %d", n), In: "response.body", Pointer: "/extra", Message: "not in the schema"}
}

// TestCollectorKeepsASampleAndCountsEverything: 1,000 lines of a log, each
// with three drifting items and an undocumented field. The report lists the
// first ten findings of each place (array indices counted as one), says how
// many more of each it leaves out, and counts every one.
func TestCollectorKeepsASampleAndCountsEverything(t *testing.T) {
	b := contract.NewBaseline([]contract.Finding{field(1)})
	c := NewCollector("validate", contract.SeverityError, CollectorOptions{Baseline: b})
	for n := 1; n <= 1000; n++ {
		c.Add(drift(n, 0), drift(n, 1), drift(n, 2), field(n))
	}
	r := c.Report()
	require.Len(t, r.Findings, KeepPerPlace)
	require.Len(t, r.Accepted, KeepPerPlace, "the baseline accepts the field on every line: its key leaves out the line")
	want := []Omission{
		{Rule: contract.RuleResponseBodySchema, Severity: contract.SeverityError, Operation: listOp, Source: "big.ndjson", In: "response.body",
			Pointer: "/authorisations/*/is_loaded_by_cloud_connection", Count: 3000 - KeepPerPlace},
		{Rule: contract.RuleUndocumentedResponseField, Severity: contract.SeverityWarning, Operation: listOp, Source: "big.ndjson", In: "response.body",
			Pointer: "/extra", Accepted: true, Count: 1000 - KeepPerPlace},
	}
	if diff := cmp.Diff(want, r.Omitted, cmpopts.IgnoreUnexported(Omission{})); diff != "" {
		t.Errorf("omitted (-want +got):\n%s", diff)
	}
	s := r.Summary()
	require.Equal(t, Summary{Errors: 3000, Accepted: 1000, Failing: 3000}, s)
	require.Equal(t, map[contract.RuleID]int{contract.RuleResponseBodySchema: 3000, contract.RuleUndocumentedResponseField: 1000}, r.Counts.Rules)

	var text bytes.Buffer
	require.NoError(t, Write(&text, r, "text"))
	for _, line := range []string{
		"  and 2990 more like this: error response-body-schema big.ndjson response.body /authorisations/*/is_loaded_by_cloud_connection\n",
		"Not listed: 2990 new and 990 accepted findings, beyond the first 10 of each rule, operation and place.\n",
		"All findings by rule: response-body-schema 3000, undocumented-response-field 1000\n",
		"validate: 3000 errors, 0 warnings, 0 infos; 1000 accepted by the baseline — FAIL (3000 at or above error)\n",
	} {
		require.Contains(t, text.String(), line)
	}
	var js struct {
		Summary  Summary
		Findings []contract.Finding
		Omitted  []Omission
	}
	var out bytes.Buffer
	require.NoError(t, Write(&out, r, "json"))
	require.NoError(t, json.Unmarshal(out.Bytes(), &js))
	require.Equal(t, s, js.Summary)
	require.Len(t, js.Findings, KeepPerPlace)
	require.Len(t, js.Omitted, 2)
	require.Equal(t, 2990, js.Omitted[0].Count)
}

// TestCollectorBoundsThePlaces: findings at more places than KeepPlaces
// (query parameters named by the traffic, say) are counted per rule.
func TestCollectorBoundsThePlaces(t *testing.T) {
	c := NewCollector("validate", contract.SeverityWarning, CollectorOptions{})
	for i := range KeepPlaces + 500 {
		c.Add(contract.Finding{Rule: contract.RuleUndocumentedQueryParameter, Severity: contract.SeverityWarning, Operation: listOp,
			Source: "big.ndjson#line 1", In: "request.query", Pointer: fmt.Sprintf("p%d", i)})
	}
	r := c.Report()
	require.Len(t, r.Findings, KeepPlaces)
	require.Equal(t, []Omission{{Rule: contract.RuleUndocumentedQueryParameter, Severity: contract.SeverityWarning, Count: 500}}, r.Omitted)
	require.Equal(t, KeepPlaces+500, r.Summary().Failing)
	require.Equal(t, "and 500 more warning undocumented-query-parameter findings at places not listed (a report lists 2000 places)", r.Omitted[0].String())
}

// TestCollectorSmallRunsListEverything: when no place has more than
// KeepPerPlace findings the report is the one the lists make.
func TestCollectorSmallRunsListEverything(t *testing.T) {
	fs := []contract.Finding{drift(1, 0), drift(1, 1), field(1), field(2)}
	c := NewCollector("validate", contract.SeverityError, CollectorOptions{})
	c.Add(fs...)
	want := &Report{Tool: "validate", FailOn: contract.SeverityError, Findings: fs}
	for _, format := range Formats {
		var got, exp bytes.Buffer
		require.NoError(t, Write(&got, c.Report(), format))
		require.NoError(t, Write(&exp, want, format))
		require.Equal(t, exp.String(), got.String(), format)
	}
}

func TestCollectorStreamsNDJSON(t *testing.T) {
	var stream bytes.Buffer
	b := contract.NewBaseline([]contract.Finding{field(1)})
	c := NewCollector("validate", contract.SeverityError, CollectorOptions{Baseline: b, Stream: &stream})
	for n := 1; n <= 50; n++ {
		c.Add(drift(n, 0), field(n))
		require.Equal(t, 2*n, strings.Count(stream.String(), "\n"), "each finding is written as it comes")
	}
	c.AddError(errors.New("big.ndjson:51: not an exchange"))
	r := c.Report()
	require.Empty(t, r.Findings, "nothing is kept")
	require.Empty(t, r.Omitted)
	require.NoError(t, Write(&stream, r, "ndjson"))

	sc := bufio.NewScanner(&stream)
	var lines []map[string]any
	for sc.Scan() {
		var m map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &m), sc.Text())
		lines = append(lines, m)
	}
	require.Len(t, lines, 101)
	require.Equal(t, "response-body-schema", lines[0]["rule"])
	require.Nil(t, lines[0]["accepted"])
	require.Equal(t, true, lines[1]["accepted"])
	last := lines[100]
	require.Equal(t, map[string]any{"exchanges": 0.0, "operations": 0.0, "operations_covered": 0.0, "errors": 50.0, "warnings": 0.0, "infos": 0.0,
		"accepted": 50.0, "accepted_by_spec": 0.0, "unreadable": 1.0, "failing": 50.0}, last["summary"])
	require.Equal(t, []any{"big.ndjson:51: not an exchange"}, last["errors"])
}

// TestCollectorStreamsAndKeeps: with KeepStreamed, the findings streamed
// are kept as a collector without a stream keeps them, for the other
// formats of the run.
func TestCollectorStreamsAndKeeps(t *testing.T) {
	var stream bytes.Buffer
	b := contract.NewBaseline([]contract.Finding{field(1)})
	streamed := NewCollector("validate", contract.SeverityError, CollectorOptions{Baseline: b, Stream: &stream, KeepStreamed: true})
	plain := NewCollector("validate", contract.SeverityError, CollectorOptions{Baseline: b})
	for n := 1; n <= 50; n++ {
		streamed.Add(drift(n, 0), field(n))
		plain.Add(drift(n, 0), field(n))
	}
	require.Equal(t, 100, strings.Count(stream.String(), "\n"))
	if d := cmp.Diff(plain.Report(), streamed.Report(), cmpopts.IgnoreUnexported(Omission{})); d != "" {
		t.Errorf("report (-without stream +with):\n%s", d)
	}
}

// TestCollectorRules: a severity override decides what fails the run, and
// a disabled rule is neither counted nor listed nor given to a baseline.
func TestCollectorRules(t *testing.T) {
	c := NewCollector("validate", contract.SeverityError, CollectorOptions{KeepKeys: true,
		Severity: map[contract.RuleID]contract.Severity{contract.RuleUndocumentedResponseField: contract.SeverityError},
		Disabled: map[contract.RuleID]bool{contract.RuleResponseBodySchema: true}})
	for n := 1; n <= 3; n++ {
		c.Add(drift(n, 0), field(n))
	}
	c.AddAccepted(contract.Finding{Rule: contract.RuleResponseBodySchema, Operation: listOp, Source: "page.txt:3"})
	r := c.Report()
	require.Equal(t, Summary{Errors: 3, Failing: 3}, r.Summary())
	require.Equal(t, map[contract.RuleID]int{contract.RuleUndocumentedResponseField: 3}, r.Counts.Rules)
	require.Len(t, r.Findings, 3)
	require.Equal(t, contract.SeverityError, r.Findings[0].Severity)
	require.Equal(t, 3, c.Added())
	require.Len(t, c.Baseline().Accepted, 1, "one key: the field, on any line")
}

func TestCollectorBaselineAndErrors(t *testing.T) {
	c := NewCollector("validate", contract.SeverityError, CollectorOptions{AcceptAll: true, KeepKeys: true})
	for n := 1; n <= 30; n++ {
		c.Add(drift(n, n%2), field(n))
	}
	c.AddAccepted(contract.Finding{Rule: contract.RuleDocTypeMismatch, Operation: listOp, Source: "page.txt:3"})
	require.Equal(t, 60, c.Added())
	require.False(t, c.Incomplete())
	var keys []string
	for _, e := range c.Baseline().Accepted {
		keys = append(keys, string(e.Rule)+" "+e.Source+" "+e.Pointer)
	}
	require.Equal(t, []string{
		"response-body-schema big.ndjson /authorisations/0/is_loaded_by_cloud_connection",
		"response-body-schema big.ndjson /authorisations/1/is_loaded_by_cloud_connection",
		"undocumented-response-field big.ndjson /extra",
	}, keys, "one entry a key; what the spec accepts is not in it")
	r := c.Report()
	require.Equal(t, Summary{Accepted: 61, BySpec: 1}, r.Summary())

	for i := range KeepErrors + 7 {
		c.AddError(fmt.Errorf("big.ndjson:%d: not an exchange", i+1))
	}
	require.True(t, c.Incomplete())
	r = c.Report()
	require.Len(t, r.Errors, KeepErrors)
	require.Equal(t, KeepErrors+7, r.Summary().Unreadable)
	var text bytes.Buffer
	require.NoError(t, Write(&text, r, "text"))
	require.Contains(t, text.String(), "  and 7 more inputs that could not be checked\n")
	require.Contains(t, text.String(), "; 107 inputs could not be checked — INCOMPLETE")
}

func TestSkippedBodiesCountedNotListed(t *testing.T) {
	cov := &contract.Coverage{Bodies: contract.BodyCoverage{Validated: 3, Unlisted: 5,
		Skipped: []contract.BodySkip{{Source: "big.ndjson#line 1:9", Side: "response", Reason: "content type text/plain is not JSON"}}}}
	for format, want := range map[string]string{
		"text":     "  bodies validated: 3; skipped: 6\n    skipped response body big.ndjson#line 1:9: content type text/plain is not JSON\n    and 5 more skipped bodies\n",
		"markdown": "Bodies validated: 3; skipped: 6.\n- skipped response body `big.ndjson#line 1:9`: content type text/plain is not JSON\n- and 5 more skipped bodies\n",
	} {
		var out bytes.Buffer
		require.NoError(t, Write(&out, &Report{Tool: "validate", Coverage: cov}, format))
		require.Contains(t, out.String(), want, format)
	}
}
