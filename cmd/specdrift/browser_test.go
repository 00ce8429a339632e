//go:build browser

// The html reports in a real browser: headless Chromium opens the golden
// pages and the tests read what is on them. make browser-test runs them
// (and installs Chromium); go test ./... leaves them out.

package main

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/report"
)

// browser starts headless Chromium ($SPECDRIFT_CHROMIUM, else chromium on
// the PATH) with a new profile and no network of its own: without the
// background-networking flags it stalls on a closed network.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("SPECDRIFT_CHROMIUM")
	if path == "" {
		var err error
		path, err = exec.LookPath("chromium")
		require.NoError(t, err, "no chromium: make browser-test installs it")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), // a container's /dev/shm is small
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(cancelBrowser)
	require.NoError(t, chromedp.Do(bctx), "start chromium")
	return bctx
}

func fileURL(t *testing.T, name string) string {
	t.Helper()
	abs, err := filepath.Abs(name)
	require.NoError(t, err)
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
}

// screenshot writes the whole page as a PNG to the test's artifact
// directory (kept with go test -artifacts) and logs its path.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(png, []byte("\x89PNG")), "a PNG")
	path := filepath.Join(t.ArtifactDir(), name)
	require.NoError(t, os.WriteFile(path, png, 0o644))
	t.Logf("screenshot: %s", path)
}

// visible counts the elements of selector that are rendered.
const visibleJS = `(function (sel) { return Array.from(document.querySelectorAll(sel)).filter(function (e) { return e.offsetParent !== null; }).length; })`

func visible(t *testing.T, ctx context.Context, selector string) int {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](visibleJS+"("+jsString(selector)+")"))
	require.NoError(t, err)
	return n
}

func jsString(s string) string {
	var b bytes.Buffer
	b.WriteByte('"')
	for _, r := range s {
		if r == '"' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

func text(t *testing.T, ctx context.Context, selector string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(selector)))
	require.NoError(t, err)
	return s
}

// TestBrowserValidateReport opens the golden validate page: the counts,
// each cell of the coverage matrix, and the filters at work.
func TestBrowserValidateReport(t *testing.T) {
	ctx := browser(t)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(fileURL(t, "testdata/validate.html"))))
	title, err := chromedp.Run(ctx, chromedp.Title())
	require.NoError(t, err)
	require.Equal(t, "specdrift validate", title)
	require.Equal(t, "validate: 5 exchanges, 5 of 5 operations covered; 5 errors, 6 warnings, 0 infos — FAIL (5 at or above error)", text(t, ctx, "#summary"))
	counts := map[string]string{}
	for _, id := range []string{"errors", "warnings", "infos", "accepted"} {
		counts[id] = text(t, ctx, "#count-"+id)
	}
	require.Equal(t, map[string]string{"errors": "5", "warnings": "6", "infos": "0", "accepted": "0"}, counts)

	cells, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`(function () {
		var out = {};
		document.querySelectorAll("tr[data-operation]").forEach(function (tr) {
			tr.querySelectorAll("td[data-status]").forEach(function (td) {
				if (td.dataset.state !== "none") { out[tr.dataset.operation + " " + td.dataset.status] = td.dataset.state + ": " + td.innerText; }
			});
		});
		return out;
	})()`))
	require.NoError(t, err)
	want := map[string]string{
		"GET /v3/{domain_id}/ccaas/authorisations 200":                 "covered: covered ×1",
		"GET /v3/{domain_id}/ccaas/permissions 200":                    "covered: covered ×1",
		"POST /v1/{project_id}/service/apis/authorize/action 204":      "covered: covered ×1",
		"POST /v1/{project_id}/service/apis/authorize/action 400":      "not-covered: not covered",
		"POST /v3/{domain_id}/ccaas/authorisations 201":                "drifting: drifting 1 of 1",
		"PUT /v2/servicerequest/authorizations/{authorization_id} 200": "drifting: drifting 1 of 1",
	}
	if d := cmp.Diff(want, cells); d != "" {
		t.Errorf("coverage matrix (-want +got):\n%s", d)
	}
	screenshot(t, ctx, "validate.png")

	require.Equal(t, 11, visible(t, ctx, "tr.finding"))
	require.Equal(t, "11", text(t, ctx, "#shown"))
	// hide the warnings: the errors stay
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`input[data-filter=severity][value=warning]`))))
	require.Equal(t, 0, visible(t, ctx, `tr[data-severity=warning]`))
	require.Equal(t, 5, visible(t, ctx, `tr[data-severity=error]`))
	require.Equal(t, "5", text(t, ctx, "#shown"))
	screenshot(t, ctx, "validate-errors-only.png")
	// one rule, with the warnings back
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`input[data-filter=severity][value=warning]`)),
		chromedp.SetValue(chromedp.CSS("#filter-rule"), "undocumented-response-field"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("filter-rule").dispatchEvent(new Event("change"))`)))
	require.Equal(t, 5, visible(t, ctx, "tr.finding"))
	require.Equal(t, 5, visible(t, ctx, `tr[data-rule=undocumented-response-field]`))
	require.Equal(t, 1, visible(t, ctx, "section.operation"), "the operation with none of the rule's findings is hidden")
}

// TestBrowserDocsDiffReport: the diff page (docs diff renders through the
// spec diff) lists the changes, and the filters reach them too.
func TestBrowserDocsDiffReport(t *testing.T) {
	ctx := browser(t)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(fileURL(t, "testdata/docs.diff.html"))))
	total := visible(t, ctx, "tr.change")
	require.Greater(t, total, 0)
	require.Equal(t, text(t, ctx, "#total"), text(t, ctx, "#shown"))
	errs, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("tr.change[data-severity=error]").length`))
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`input[data-filter=severity][value=warning]`)),
		chromedp.Click(chromedp.CSS(`input[data-filter=severity][value=info]`))))
	require.Equal(t, errs, visible(t, ctx, "tr.change"))
	screenshot(t, ctx, "docs-diff.png")
}

// TestBrowserHostileValues opens a report whose finding carries markup in
// every field an exchange controls: none of it runs, all of it is text.
func TestBrowserHostileValues(t *testing.T) {
	f := contract.Finding{
		Rule: `x" onmouseover="window.pwned=1`, Severity: contract.SeverityError,
		Operation: `</code><img src=x onerror="window.pwned=2">`,
		Source:    "fixtures/a.yaml:3", In: "response.body", Pointer: `/a/<svg onload="window.pwned=3">`,
		Expected: "string", Actual: `<script>window.pwned=4</script>`,
		Message: `</td></tr></table><script>window.pwned=5</script><img src=x onerror="window.pwned=6">`,
	}
	var buf bytes.Buffer
	require.NoError(t, report.Write(&buf, &report.Report{Tool: "validate", FailOn: contract.SeverityError, Findings: []contract.Finding{f}}, "html"))
	page := filepath.Join(t.TempDir(), "hostile.html")
	require.NoError(t, os.WriteFile(page, buf.Bytes(), 0o644))

	ctx := browser(t)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(fileURL(t, page))))
	pwned, err := chromedp.Run(ctx, chromedp.Evaluate[string](`String(window.pwned)`))
	require.NoError(t, err)
	actual := text(t, ctx, "tr.finding td.exp")
	require.Equal(t, "undefined", pwned)
	require.Contains(t, actual, `<script>window.pwned=4</script>`, "shown as text")
	require.Equal(t, 0, visible(t, ctx, "main img, main svg"))
	require.Equal(t, "1", text(t, ctx, "#shown"), "the page's own script ran")
	screenshot(t, ctx, "hostile.png")
}

// TestBrowserDiffImpact opens a golden page of specdrift diff with a fixture
// impact: the changes by operation, the fixture the new version rejects
// and the new status no fixture covers, and a filter on them.
func TestBrowserDiffImpact(t *testing.T) {
	ctx := browser(t)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(fileURL(t, "../../contract/diff/testdata/pairs/07-success-status-changed/report.html"))))
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[map[string][]string](`(function () {
		var out = {};
		document.querySelectorAll("section.service > section.operation").forEach(function (g) {
			out["changes " + g.querySelector("h4").innerText] = Array.from(g.querySelectorAll("tr.change")).map(function (tr) { return tr.dataset.severity + " " + tr.dataset.rule; });
		});
		document.querySelectorAll("section.impact").forEach(function (e) {
			out[e.dataset.impact] = Array.from(e.querySelectorAll("tr.finding")).map(function (tr) { return tr.dataset.severity + " " + tr.dataset.rule + " " + tr.querySelector("td:nth-child(3) code").innerText; });
		});
		return out;
	})()`))
	require.NoError(t, err)
	want := map[string][]string{
		"changes POST /v3/{domain_id}/ccaas/authorisations (CreateAuthorisation, page 000)": {"error response-success-status-removed", "info response-success-status-added"},
		"rejected":    {"error undocumented-status fixtures/cloudconnect/create-authorisation-201.yaml:29"},
		"not-covered": {"info status-not-covered testdata/pairs/07-success-status-changed/new/cloudconnect.yaml:65"},
	}
	if d := cmp.Diff(want, rows); d != "" {
		t.Errorf("the page (-want +got):\n%s", d)
	}
	require.Equal(t, "4", text(t, ctx, "#shown"))
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`input[data-filter=severity][value=info]`))))
	require.Equal(t, "2", text(t, ctx, "#shown"))
	require.Equal(t, 0, visible(t, ctx, `tr[data-severity=info]`))
	require.Equal(t, 0, visible(t, ctx, `[data-impact=not-covered] section.operation`), "the group of info findings alone is hidden")
	screenshot(t, ctx, "diff-impact.png")
}
