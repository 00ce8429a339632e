package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/fixtures"
)

// pairFile names a spec of the diff package's version pairs.
func pairFile(pair, side, service string) string {
	return filepath.ToSlash(filepath.Join("..", "..", "contract", "diff", "testdata", "pairs", pair, side, service+".yaml"))
}

func TestDiffFormats(t *testing.T) {
	old, new := pairFile("05-query-parameter-required", "old", "cloudconnect"), pairFile("05-query-parameter-required", "new", "cloudconnect")
	checks := map[string]func(t *testing.T, out string){
		"text": func(t *testing.T, out string) {
			require.Contains(t, out, "  error   request-parameter-became-required\n          the `query` request parameter `limit` became required\n          old: "+old+":105\n          new: "+new+":105\n")
			require.Contains(t, out, "  error   request-parameter  fixtures/cloudconnect/list-authorisations-200.yaml:13 request.query limit\n")
			require.True(t, strings.HasSuffix(out, "— FAIL (2 at or above error)\n"), out)
		},
		"markdown": func(t *testing.T, out string) {
			require.True(t, strings.HasPrefix(out, "## specdrift diff\n"))
			require.Contains(t, out, "| error | `request-parameter-became-required` | GET /v3/{domain_id}/ccaas/authorisations (ListAuthorisations, page 001) |")
		},
		"json": func(t *testing.T, out string) {
			var r struct {
				Summary struct{ Changes, Breaking, Rejected, Failing int }
				Pairs   []struct {
					Service string
					Changes []struct{ Rule, Severity string }
				}
			}
			require.NoError(t, json.Unmarshal([]byte(out), &r))
			require.Equal(t, 1, r.Summary.Changes)
			require.Equal(t, 1, r.Summary.Breaking)
			require.Equal(t, 1, r.Summary.Rejected)
			require.Equal(t, 2, r.Summary.Failing)
			require.Equal(t, "cloudconnect", r.Pairs[0].Service)
			require.Equal(t, "request-parameter-became-required", r.Pairs[0].Changes[0].Rule)
			require.Equal(t, "error", r.Pairs[0].Changes[0].Severity)
		},
		"sarif": func(t *testing.T, out string) {
			var r struct {
				Runs []struct {
					Results []struct {
						RuleID    string
						Locations []struct {
							PhysicalLocation struct {
								ArtifactLocation struct{ URI string }
								Region           struct{ StartLine int }
							}
						}
					}
				}
			}
			require.NoError(t, json.Unmarshal([]byte(out), &r))
			require.Len(t, r.Runs[0].Results, 2)
			for _, res := range r.Runs[0].Results {
				loc := res.Locations[0].PhysicalLocation
				switch res.RuleID {
				case "request-parameter-became-required":
					require.Equal(t, new, loc.ArtifactLocation.URI, "the change is annotated in the new version")
					require.Equal(t, 105, loc.Region.StartLine)
				case "request-parameter":
					require.Equal(t, "fixtures/cloudconnect/list-authorisations-200.yaml", loc.ArtifactLocation.URI)
				default:
					t.Errorf("unexpected result %s", res.RuleID)
				}
			}
		},
		"junit": func(t *testing.T, out string) {
			var r struct {
				Failures int `xml:"failures,attr"`
			}
			require.NoError(t, xml.Unmarshal([]byte(out), &r))
			require.Equal(t, 2, r.Failures)
		},
		"github": func(t *testing.T, out string) {
			require.Contains(t, out, "::error file="+new+",line=105,title=request-parameter-became-required GET /v3/{domain_id}/ccaas/authorisations::")
			require.Contains(t, out, "::error file=fixtures/cloudconnect/list-authorisations-200.yaml,line=13,title=request-parameter GET /v3/{domain_id}/ccaas/authorisations::")
		},
	}
	for format, check := range checks {
		t.Run(format, func(t *testing.T) {
			code, out, stderr := runCLI(t, "diff", "--format", format, old, new)
			require.Equal(t, exitFindings, code, stderr)
			require.Empty(t, stderr)
			check(t, out)
			_, again, _ := runCLI(t, "diff", "--format", format, old, new)
			require.Equal(t, out, again, "report is not deterministic")
		})
	}
}

func TestDiffExitCodes(t *testing.T) {
	dir := t.TempDir()
	pair := func(name string) []string {
		return []string{pairFile(name, "old", "cloudconnect"), pairFile(name, "new", "cloudconnect")}
	}
	cc := pairFile("02-limit-range-widened", "old", "cloudconnect")
	st := pairFile("06-field-type-integer-to-string", "old", "servicetickets")
	malformed := writeFile(t, dir, "broken/cloudconnect.yaml", "openapi: 3.0.3\ninfo:\n  title: [unclosed\n")
	emptyDir := filepath.Join(dir, "empty")
	require.NoError(t, os.MkdirAll(emptyDir, 0o755))
	writeFile(t, dir, "fixtures/bad.yaml", "operation: ListAuthorisations\nrequest: [\n")
	code, baseline, stderr := runCLI(t, "diff", "--format", "json", pair("05-query-parameter-required")[0], pair("05-query-parameter-required")[1])
	require.Equal(t, exitFindings, code, stderr)
	var r struct {
		Pairs []struct{ Changes, Rejected []map[string]any }
	}
	require.NoError(t, json.Unmarshal([]byte(baseline), &r))
	accepted := writeFile(t, dir, "baseline.json", acceptAll(t, r.Pairs[0].Changes, r.Pairs[0].Rejected))

	cases := []struct {
		name   string
		args   []string
		code   int
		stdout string // a substring of stdout
		stderr string // a substring of stderr
	}{
		{"info changes pass at the default error level", pair("02-limit-range-widened"), exitOK, "— pass", ""},
		{"info changes fail at --fail-on info", append([]string{"--fail-on", "info"}, pair("02-limit-range-widened")...), exitFindings, "FAIL (1 at or above info)", ""},
		{"rejected fixtures are warnings", pair("04-response-field-dropped"), exitOK, "2 warnings, 2 infos — pass", ""},
		{"and fail at --fail-on warning", append([]string{"--fail-on", "warning"}, pair("04-response-field-dropped")...), exitFindings, "FAIL (2 at or above warning)", ""},
		{"a breaking change fails", pair("05-query-parameter-required"), exitFindings, "FAIL (2 at or above error)", ""},
		{"a baseline accepts what it lists", append([]string{"--baseline", accepted}, pair("05-query-parameter-required")...), exitOK, "2 accepted by the baseline — pass", ""},
		{"the changelog", append([]string{"--changelog", "--format", "markdown"}, pair("01-page-style-2024-05-to-2024-11")...), exitFindings, "#### Page 001: Querying the Authorization List (updated 2024-05-13 → 2024-11-19)", ""},
		{"the changelog in a CI format", append([]string{"--changelog", "--format", "sarif"}, pair("01-page-style-2024-05-to-2024-11")...), exitUsage, "", "--changelog writes text, markdown, json, not sarif"},
		{"a spec that does not load", []string{cc, malformed}, exitCannot, "", "broken/cloudconnect.yaml:3: malformed YAML"},
		{"a spec that does not exist", []string{cc, filepath.Join(dir, "nope.yaml")}, exitCannot, "", "nope.yaml: file does not exist"},
		{"a folder without specs", []string{cc, emptyDir}, exitCannot, "", "no spec files"},
		{"two specs of different services", []string{cc, st}, exitUsage, "", "describe different services"},
		{"a fixture that does not parse", append([]string{"--fixtures", filepath.Join(dir, "fixtures")}, pair("02-limit-range-widened")...), exitCannot, "— INCOMPLETE", "bad.yaml:3: malformed YAML"},
		{"--base with OLD and NEW", append([]string{"--base", "main"}, pair("02-limit-range-widened")...), exitUsage, "", "--base compares PATH"},
		{"three arguments", []string{cc, cc, cc}, exitUsage, "", "accepts at most 2 arg(s)"},
		{"an unknown format", []string{"--format", "yaml", cc, cc}, exitUsage, "", `--format "yaml"`},
		{"an unknown severity", []string{"--fail-on", "fatal", cc, cc}, exitUsage, "", "--fail-on"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, append([]string{"diff"}, tc.args...)...)
			require.Equal(t, tc.code, code, "stdout:\n%s\nstderr:\n%s", out, stderr)
			require.Contains(t, out, tc.stdout)
			require.Contains(t, stderr, tc.stderr)
		})
	}
}

// acceptAll writes a baseline that accepts the changes and rejections of a
// json report, keyed as findings are.
func acceptAll(t *testing.T, changes, rejected []map[string]any) string {
	t.Helper()
	var entries []map[string]string
	for _, c := range changes {
		src := c["new"].(map[string]any)["file"].(string)
		entries = append(entries, map[string]string{"rule": c["rule"].(string), "operation": c["operation"].(string), "source": src, "in": "spec", "pointer": c["fingerprint"].(string)})
	}
	for _, f := range rejected {
		name, _, _ := strings.Cut(f["source"].(string), ":")
		entries = append(entries, map[string]string{"rule": f["rule"].(string), "operation": f["operation"].(string), "source": name, "in": f["in"].(string), "pointer": f["pointer"].(string)})
	}
	data, err := json.Marshal(map[string]any{"accepted": entries})
	require.NoError(t, err)
	return string(data)
}

// gitRepo makes a repository in a temporary folder: main has the specs and
// the fixtures; the current branch, feature, starts there; main then moves
// on with a change to servicetickets. It returns the folder and the commit
// feature started from.
func gitRepo(t *testing.T) (dir, base string) {
	t.Helper()
	_, err := exec.LookPath("git")
	require.NoError(t, err, "the git-revision tests need git")
	for k, v := range map[string]string{
		"GIT_CONFIG_GLOBAL": os.DevNull, "GIT_CONFIG_NOSYSTEM": "1",
		"GIT_AUTHOR_NAME": "specdrift", "GIT_AUTHOR_EMAIL": "specdrift@example.com", "GIT_AUTHOR_DATE": "2024-11-19T10:00:00Z",
		"GIT_COMMITTER_NAME": "specdrift", "GIT_COMMITTER_EMAIL": "specdrift@example.com", "GIT_COMMITTER_DATE": "2024-11-19T10:00:00Z",
	} {
		t.Setenv(k, v)
	}
	dir = t.TempDir()
	git := func(args ...string) string {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "git %v: %s", args, out)
		return strings.TrimSpace(string(out))
	}
	git("init", "-q", "-b", "main")
	// the specs as the pairs' old versions keep them, snapshots that later
	// edits of spec/ leave alone
	for name, pair := range map[string]string{"cloudconnect": "02-limit-range-widened", "servicetickets": "06-field-type-integer-to-string"} {
		data, err := os.ReadFile(pairFile(pair, "old", name))
		require.NoError(t, err)
		writeFile(t, dir, "spec/"+name+".yaml", string(data))
	}
	for _, name := range []string{"cloudconnect/list-authorisations-200.yaml", "servicetickets/confirm-authorizations-200.yaml"} {
		data, err := fixtures.Files.ReadFile(name)
		require.NoError(t, err)
		writeFile(t, dir, "fixtures/"+name, string(data))
	}
	git("add", ".")
	git("commit", "-q", "-m", "specs and fixtures")
	base = git("rev-parse", "HEAD")
	git("branch", "feature")
	edit(t, filepath.Join(dir, "spec", "servicetickets.yaml"), "          type: integer\n          format: int64\n          description: Specifies the authorization detail ID.", "          type: string\n          description: Specifies the authorization detail ID.")
	edit(t, filepath.Join(dir, "spec", "servicetickets.yaml"), "- auth_detail_id: 123", `- auth_detail_id: "123"`)
	git("commit", "-q", "-am", "servicetickets: auth_detail_id is a string")
	git("checkout", "-q", "feature")
	return dir, base
}

func edit(t *testing.T, file, old, new string) {
	t.Helper()
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	require.Equal(t, 1, strings.Count(string(data), old), "%q in %s", old, file)
	require.NoError(t, os.WriteFile(file, []byte(strings.Replace(string(data), old, new, 1)), 0o644))
}

// limitRequired is the pull request: ListAuthorisations' limit becomes
// required, in the working tree of dir.
func limitRequired(t *testing.T, dir string) {
	t.Helper()
	edit(t, filepath.Join(dir, "spec", "cloudconnect.yaml"), "x-specdrift-page: \"001\"\n      x-specdrift-together: [marker, limit]\n      parameters:\n        - name: limit\n          in: query\n          required: false",
		"x-specdrift-page: \"001\"\n      x-specdrift-together: [marker, limit]\n      parameters:\n        - name: limit\n          in: query\n          required: true")
}

func TestDiffGit(t *testing.T) {
	dir, base := gitRepo(t)
	short := base[:12]
	limitRequired(t, dir)
	t.Chdir(dir)

	cases := []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr string
	}{
		{"the merge base with main against the working tree", nil, exitFindings, []string{
			"old: " + short + ":spec/cloudconnect.yaml (docs 2024-11-19)\nnew: spec/cloudconnect.yaml (docs 2024-11-19)\n",
			"  error   request-parameter-became-required\n",
			"  error   request-parameter  " + short + ":fixtures/cloudconnect/list-authorisations-200.yaml:13 request.query limit\n",
			"== servicetickets\nold: " + short + ":spec/servicetickets.yaml (docs undated)\nnew: spec/servicetickets.yaml (docs undated)\n\nNo changes.\n",
			"diff: 2 service(s), 1 change(s) (1 breaking); 2 fixture(s) checked",
		}, ""},
		{"--base names the revision", []string{"--base", "main"}, exitFindings, []string{
			"old: main:spec/servicetickets.yaml",
			"  error   request-property-type-changed\n          the `auth_detail_list/items/auth_detail_id` request property `type/format` changed from `string` to `integer/int64`\n",
			"diff: 2 service(s), 2 change(s) (2 breaking)",
		}, ""},
		{"one path at the base", []string{"spec/cloudconnect.yaml"}, exitFindings, []string{
			"== cloudconnect\nold: " + short + ":spec/cloudconnect.yaml",
			"diff: 1 service(s), 1 change(s) (1 breaking)",
		}, ""},
		{"git:REV:PATH against a file", []string{"git:" + base + ":spec/cloudconnect.yaml", "spec/cloudconnect.yaml"}, exitFindings, []string{
			"old: " + base + ":spec/cloudconnect.yaml",
			"diff: 1 service(s), 1 change(s) (1 breaking); 3 fixture(s) checked",
		}, ""},
		{"two revisions", []string{"--format", "markdown", "git:feature:spec", "git:main:spec"}, exitFindings, []string{
			"| old | `feature:spec/servicetickets.yaml` |",
			"`request-property-type-changed`",
		}, ""},
		{"a revision that does not exist", []string{"--base", "v9.9.9"}, exitCannot, nil, `revision "v9.9.9" does not exist in this repository`},
		{"a path the revision lacks", []string{"git:main:specs", "spec"}, exitCannot, nil, "main has no file specs"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, append([]string{"diff"}, tc.args...)...)
			require.Equal(t, tc.code, code, "stdout:\n%s\nstderr:\n%s", out, stderr)
			for _, s := range tc.stdout {
				require.Contains(t, out, s)
			}
			require.Contains(t, stderr, tc.stderr)
		})
	}
}

// TestDiffGitAnnotations checks that the formats CI systems read name the
// files of the working tree, where annotations can land, not the revision
// a spec or fixture was read at.
func TestDiffGitAnnotations(t *testing.T) {
	dir, base := gitRepo(t)
	limitRequired(t, dir)
	t.Chdir(dir)
	github := regexp.MustCompile(`(?m)^::\w+ file=([^,:]+?)(?:,line=(\d+))?,title=([\w-]+) `)
	annotated := map[string]func(t *testing.T, out string) []string{
		"github": func(t *testing.T, out string) (files []string) {
			for _, m := range github.FindAllStringSubmatch(out, -1) {
				files = append(files, m[3]+" "+m[1]+":"+m[2])
			}
			return files
		},
		"sarif": func(t *testing.T, out string) (files []string) {
			var r struct {
				Runs []struct {
					Results []struct {
						RuleID    string
						Locations []struct {
							PhysicalLocation struct {
								ArtifactLocation struct{ URI string }
								Region           struct{ StartLine int }
							}
						}
					}
				}
			}
			require.NoError(t, json.Unmarshal([]byte(out), &r))
			for _, res := range r.Runs[0].Results {
				loc := res.Locations[0].PhysicalLocation
				files = append(files, fmt.Sprintf("%s %s:%d", res.RuleID, loc.ArtifactLocation.URI, loc.Region.StartLine))
			}
			return files
		},
		"junit": func(t *testing.T, out string) (files []string) {
			var r struct {
				Suites []struct {
					Cases []struct {
						Name     string `xml:"name,attr"`
						Failures []struct {
							Type string `xml:"type,attr"`
						} `xml:"failure"`
					} `xml:"testcase"`
				} `xml:"testsuite"`
			}
			require.NoError(t, xml.Unmarshal([]byte(out), &r))
			for _, s := range r.Suites {
				for _, c := range s.Cases {
					files = append(files, c.Failures[0].Type+" "+c.Name)
				}
			}
			return files
		},
	}
	for _, args := range [][]string{nil, {"--base", "main", "--fixtures", "git:" + base + ":fixtures"}} {
		for format, files := range annotated {
			t.Run(format+" "+strings.Join(args, " "), func(t *testing.T) {
				code, out, stderr := runCLI(t, append([]string{"diff", "--format", format}, args...)...)
				require.Equal(t, exitFindings, code, stderr)
				got := files(t, out)
				require.Contains(t, got, "request-parameter fixtures/cloudconnect/list-authorisations-200.yaml:13")
				require.Contains(t, got, "request-parameter-became-required spec/cloudconnect.yaml:105")
				for _, f := range got {
					_, err := os.Stat(strings.Split(strings.Fields(f)[1], ":")[0])
					require.NoError(t, err, "%s: annotates a file of the working tree", f)
				}
			})
		}
	}
}

func TestDiffOutsideARepository(t *testing.T) {
	t.Chdir(t.TempDir())
	code, _, stderr := runCLI(t, "diff")
	require.Equal(t, exitCannot, code)
	require.Contains(t, stderr, "not a git repository")
}

// TestDiffGitBaseline writes a baseline of a diff in git mode and reads it
// back with the base named differently: the baseline names files by their
// working-tree path, so it accepts the same findings whatever the revision.
func TestDiffGitBaseline(t *testing.T) {
	dir, base := gitRepo(t)
	limitRequired(t, dir)
	t.Chdir(dir)
	bl := filepath.Join(t.TempDir(), "bl.json")
	code, _, stderr := runCLI(t, "diff", "--write-baseline", bl)
	require.Equal(t, exitOK, code, stderr)
	data, err := os.ReadFile(bl)
	require.NoError(t, err)
	require.NotContains(t, string(data), base[:12]+":", "a baseline names no revision")
	for _, args := range [][]string{nil, {"--base", base}} {
		code, out, stderr := runCLI(t, append([]string{"diff", "--baseline", bl, "--fail-on", "info"}, args...)...)
		require.Equal(t, exitOK, code, "%v: %s%s", args, out, stderr)
	}
}
