package main

import (
	"encoding/json"
	"encoding/xml"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract/traffic/upstreamtest"
)

func TestReplayCommand(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	live := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.Path+" token="+r.Header.Get("X-Auth-Token"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/permissions") {
			w.Write([]byte(`{"request_id":"bce57c774ed47dd828963e5ec3a0b06d","permissions":[],"page_info":{"current_count":0}}`))
			return
		}
		w.Write([]byte(`{"request_id":"r","authorisations":[{"id":"a","is_loaded_by_cloud_connection":"yes"}]}`))
	}))
	defer live.Close()
	dir := t.TempDir()
	vars := writeFile(t, dir, "vars.yaml", "domain_id: 00112233445566778899aabbccddeeff\n")
	t.Setenv("SPECDRIFT_TOKEN", "MIIsecret-env-token")

	code, out, stderr := runCLI(t, "replay", "--base-url", live.URL, "--vars", vars, "--format", "json", "--record", filepath.Join(dir, "rec.ndjson"))
	require.Equal(t, exitFindings, code, stderr)
	require.Equal(t, "specdrift replay: validating against the embedded specs (--spec names others): spec/cloudconnect.yaml (3 operations), "+
		"spec/dataarts.yaml (1 operation), spec/servicetickets.yaml (1 operation); replaying 5 requests of the embedded fixtures\n", stderr)
	var rep struct {
		Summary struct {
			Exchanges, Errors, Infos int
		}
		Findings []struct{ Rule, Source, Pointer string }
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rep), out)
	require.Equal(t, 2, rep.Summary.Exchanges)
	require.Equal(t, 1, rep.Summary.Errors)
	require.Equal(t, 3, rep.Summary.Infos, "the three writes, skipped")
	var rules []string
	for _, f := range rep.Findings {
		rules = append(rules, f.Rule+" "+f.Source+" "+f.Pointer)
	}
	require.Contains(t, rules, "response-body-schema fixtures/cloudconnect/list-authorisations-200.yaml#replay /authorisations/0/is_loaded_by_cloud_connection")
	mu.Lock()
	require.ElementsMatch(t, []string{
		"GET /v3/00112233445566778899aabbccddeeff/ccaas/authorisations token=MIIsecret-env-token",
		"GET /v3/00112233445566778899aabbccddeeff/ccaas/permissions token=MIIsecret-env-token",
	}, seen)
	mu.Unlock()
	recorded, err := os.ReadFile(filepath.Join(dir, "rec.ndjson"))
	require.NoError(t, err)
	require.Equal(t, 2, strings.Count(string(recorded), "\n"))
	require.Contains(t, string(recorded), live.URL+"/v3/00112233445566778899aabbccddeeff/ccaas/permissions")
	require.NotContains(t, out+string(recorded), "MIIsecret-env-token")

	// --operation and a var that matches nothing.
	code, _, stderr = runCLI(t, "replay", "--base-url", live.URL, "--operation", "ListPermissions", "--var", "nothing=1")
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, stderr, "--var nothing matches no placeholder or path parameter")
}

func TestReplayCommandUnreachableAndSlow(t *testing.T) {
	refused := upstreamtest.Start(t, upstreamtest.Refuse)
	code, out, stderr := runCLI(t, "replay", "--base-url", refused, "--token", "t")
	require.Equal(t, exitCannot, code)
	require.Contains(t, out, "upstream-unreachable")
	require.Contains(t, stderr, refused+": unreachable: 2 of 2 requests could not connect")

	hang := upstreamtest.Start(t, upstreamtest.Hang)
	code, out, _ = runCLI(t, "replay", "--base-url", hang, "--token", "t", "--timeout", "200ms", "--concurrency", "2")
	require.Equal(t, exitFindings, code, "a slow endpoint is drift, not a failure to run")
	require.Equal(t, 2, strings.Count(out, "upstream-timeout"))
}

func TestReplayCommandUsage(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
		err  string
	}{
		{[]string{"replay"}, nil, `--base-url "": want the http or https URL`},
		{[]string{"replay", "--base-url", "http://127.0.0.1:1", "--var", "novalue"}, nil, `--var "novalue": want NAME=VALUE`},
		{[]string{"replay", "--base-url", "http://127.0.0.1:1", "--token", "t", "--ak", "a", "--sk", "s"}, nil, "give a token or an AK/SK pair, not both"},
		{[]string{"replay", "--base-url", "http://127.0.0.1:1"}, map[string]string{"SPECDRIFT_AK": "a"}, "AK/SK signing needs both --ak and --sk"},
		{[]string{"replay", "--base-url", "http://127.0.0.1:1", "--concurrency", "0"}, nil, "--timeout and --concurrency must be positive"},
		{[]string{"replay", "--base-url", "http://127.0.0.1:1", "--format", "pdf"}, nil, `--format "pdf"`},
	}
	for _, tt := range tests {
		for k, v := range tt.env {
			t.Setenv(k, v)
		}
		code, _, stderr := runCLI(t, tt.args...)
		require.Equal(t, exitUsage, code, tt.args)
		require.Contains(t, stderr, tt.err)
	}
	code, _, stderr := runCLI(t, "replay", "--base-url", "http://127.0.0.1:1", "--vars", filepath.Join(t.TempDir(), "none.yaml"))
	require.Equal(t, exitCannot, code)
	require.Contains(t, stderr, "none.yaml")
}

// TestReplayJUnitSkipped checks that the write requests replay does not
// send are skipped JUnit test cases, saying why, not passing ones; at
// --fail-on info their finding fails them, as it fails the run.
func TestReplayJUnitSkipped(t *testing.T) {
	live := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/permissions") {
			w.Write([]byte(`{"request_id":"bce57c774ed47dd828963e5ec3a0b06d","permissions":[],"page_info":{"current_count":0}}`))
			return
		}
		w.Write([]byte(`{"request_id":"r","authorisations":[],"page_info":{"current_count":0}}`))
	}))
	defer live.Close()
	type junitCase struct {
		Name    string `xml:"name,attr"`
		Skipped *struct {
			Message string `xml:"message,attr"`
		} `xml:"skipped"`
		Failures []struct {
			Type string `xml:"type,attr"`
		} `xml:"failure"`
	}
	var suites struct {
		Suites []struct {
			Name  string      `xml:"name,attr"`
			Cases []junitCase `xml:"testcase"`
		} `xml:"testsuite"`
	}
	// outcome is each fixture's case: pass, skipped or the failing rules.
	outcome := func(out string) map[string]string {
		require.NoError(t, xml.Unmarshal([]byte(out), &suites), out)
		got := map[string]string{}
		for _, s := range suites.Suites {
			for _, c := range s.Cases {
				if !strings.HasPrefix(c.Name, "fixtures/") {
					continue
				}
				v := "pass"
				switch {
				case len(c.Failures) > 0:
					v = "failure " + c.Failures[0].Type
				case c.Skipped != nil:
					v = "skipped"
					require.Contains(t, c.Skipped.Message, "replay it with --allow-writes", c.Name)
				}
				got[strings.FieldsFunc(c.Name, func(r rune) bool { return r == ':' || r == '#' })[0]] = v // the fixture file
			}
		}
		return got
	}
	tests := []struct {
		name string
		args []string
		code int
		want map[string]string
	}{
		{"writes are skipped", nil, exitOK, map[string]string{
			"fixtures/cloudconnect/create-authorisation-201.yaml":         "skipped",
			"fixtures/cloudconnect/list-authorisations-200.yaml":          "pass",
			"fixtures/cloudconnect/list-permissions-200.yaml":             "pass",
			"fixtures/dataarts/authorize-action-api-to-instance-204.yaml": "skipped",
			"fixtures/servicetickets/confirm-authorizations-200.yaml":     "skipped",
		}},
		{"--fail-on info fails them", []string{"--fail-on", "info"}, exitFindings, map[string]string{
			"fixtures/cloudconnect/create-authorisation-201.yaml":         "failure replay-skipped",
			"fixtures/cloudconnect/list-authorisations-200.yaml":          "pass",
			"fixtures/cloudconnect/list-permissions-200.yaml":             "pass",
			"fixtures/dataarts/authorize-action-api-to-instance-204.yaml": "failure replay-skipped",
			"fixtures/servicetickets/confirm-authorizations-200.yaml":     "failure replay-skipped",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, append([]string{"replay", "--base-url", live.URL, "--token", "t", "--format", "junit"}, tt.args...)...)
			require.Equal(t, tt.code, code, stderr)
			require.Empty(t, cmp.Diff(tt.want, outcome(out)))
		})
	}
}

// TestReplayCommandRefusesOtherHosts replays a fixture whose url, appended
// to --base-url as text, would reach another listener: it exits 3 naming
// the fixture's line, and the other listener receives nothing.
func TestReplayCommandRefusesOtherHosts(t *testing.T) {
	var hits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer other.Close()
	host, port, err := net.SplitHostPort(strings.TrimPrefix(other.URL, "http://"))
	require.NoError(t, err)
	fixture := strings.Replace(cleanFixture, "url: /v3/", "url: "+port[len(port)-1:]+"/v3/", 1)
	require.Contains(t, fixture, "url: "+port[len(port)-1:]+"/v3/")
	path := writeFile(t, t.TempDir(), "evil.yaml", fixture)
	code, _, stderr := runCLI(t, "replay", "--base-url", "http://"+host+":"+port[:len(port)-1], "--fixtures", path, "--token", "MIIsecret")
	require.Equal(t, exitCannot, code, stderr)
	require.Contains(t, stderr, path+":4: request url \""+port[len(port)-1:]+"/v3/")
	require.Contains(t, stderr, "not sent: a path must start with /")
	require.Zero(t, hits.Load())
}

// TestReplayKeysFromTheSignaturesEnv: without --ak/--sk or SPECDRIFT_AK/SK,
// the keys come from the variables the SDKs of the signature a spec
// declares read (the embedded specs' sdk-hmac-sha256: HUAWEICLOUD_SDK_AK
// and _SK), and a spec that declares no signature does not read them.
func TestReplayKeysFromTheSignaturesEnv(t *testing.T) {
	var auth atomic.Value
	live := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth.Store(r.Header.Get("Authorization"))
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"request_id":"bce57c774ed47dd828963e5ec3a0b06d","permissions":[],"page_info":{"current_count":0}}`))
	}))
	defer live.Close()
	t.Setenv("HUAWEICLOUD_SDK_AK", "AKFROMENV")
	t.Setenv("HUAWEICLOUD_SDK_SK", "secret-from-env")
	code, out, stderr := runCLI(t, "replay", "--base-url", live.URL, "--operation", "ListPermissions",
		"--var", "domain_id=00112233445566778899aabbccddeeff")
	require.Equal(t, exitOK, code, stderr+out)
	require.NotContains(t, stderr, "no --token or --ak/--sk")
	require.True(t, strings.HasPrefix(auth.Load().(string), "SDK-HMAC-SHA256 Access=AKFROMENV, "), auth.Load())

	t.Setenv("HUAWEICLOUD_SDK_SK", "")
	spec := filepath.Join(t.TempDir(), "plain.yaml")
	require.NoError(t, os.WriteFile(spec, []byte("openapi: 3.0.3\ninfo: {title: p, version: '1'}\npaths:\n  /p:\n    get:\n"+
		"      operationId: Plain\n      responses: {'200': {description: ok}}\n"), 0o644))
	code, _, stderr = runCLI(t, "replay", "--base-url", live.URL, "--spec", spec)
	require.NotEqual(t, exitUsage, code, "a lone HUAWEICLOUD_SDK_AK is not read for a spec without the signature: %s", stderr)
	require.Contains(t, stderr, "no --token or --ak/--sk")
}
