package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/report"
	"github.com/specdrift/specdrift/contract/traffic"
)

// secretKinds are the kinds of secret the test plants, one random marker
// each: a secret that reaches any byte specdrift writes names its kind.
var secretKinds = []string{
	"query-sig", "query-access-token", "query-token-after-semicolon", "header-x-auth-token", "header-x-auth-key",
	"header-x-api-key", "header-bearer", "header-proxy-authorization", "cookie-without-equals", "cookie-value",
	"set-cookie", "location-query", "location-fragment", "json-password-in-object", "json-client-secret-in-object",
	"text-plain-body", "multipart-body", "malformed-json-body", "form-password", "replay-token", "replay-ak", "replay-sk",
	"upstream-user", "upstream-password",
}

// planted maps each kind to its marker.
type planted map[string]string

func plant(t *testing.T) planted {
	p := planted{}
	for _, k := range secretKinds {
		b := make([]byte, 10)
		_, err := rand.Read(b)
		require.NoError(t, err)
		p[k] = "s" + hex.EncodeToString(b)
	}
	return p
}

// leaks lists the kinds whose marker appears in data.
func (p planted) leaks(data string) []string {
	var out []string
	for k, m := range p {
		if strings.Contains(data, m) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

const secretsDomain = "0a5e4b2c8d9f41e6b7c3a1d2e4f60718"

// secretExchanges are exchanges of every operation carrying the planted
// secrets in their requests and responses; their URLs are on apiHost.
func secretExchanges(p planted, apiHost string) []*contract.Exchange {
	h := func(kv ...string) http.Header {
		out := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			out.Add(kv[i], kv[i+1])
		}
		return out
	}
	return []*contract.Exchange{
		{Operation: "ListAuthorisations", Request: contract.Request{Method: "GET",
			URL: apiHost + "/v3/" + secretsDomain + "/ccaas/authorisations?sig=" + p["query-sig"] + "&access_token=" + p["query-access-token"] + "&limit=1;token=" + p["query-token-after-semicolon"],
			Header: h("X-Auth-Token", p["header-x-auth-token"], "X-Auth-Key", p["header-x-auth-key"], "X-Api-Key", p["header-x-api-key"],
				"Proxy-Authorization", "Basic "+p["header-proxy-authorization"], "Cookie", p["cookie-without-equals"]+"; theme="+p["cookie-value"])},
			Response: &contract.Response{Status: 200, Header: h("Content-Type", "application/json",
				"Location", "https://app.example/cb?state=1&access_token="+p["location-query"]+"#access_token="+p["location-fragment"],
				"Set-Cookie", "session="+p["set-cookie"]+"; Path=/; HttpOnly"),
				Body: []byte(`{"request_id":"r1","authorisations":{"client_secret":"` + p["json-client-secret-in-object"] + `","id":"a"},"page_info":{"current_count":1}}`)}},
		{Operation: "ConfirmAuthorizations", Request: contract.Request{Method: "PUT", URL: apiHost + "/v2/servicerequest/authorizations/Auth-1",
			Header: h("Authorization", "Bearer "+p["header-bearer"], "X-Auth-Token", p["header-x-auth-token"], "Content-Type", "application/json"),
			Body:   []byte(`{"auth_detail_list":{"account":"a","password":"` + p["json-password-in-object"] + `"},"auth_effective_time":1,"auth_expire_time":2}`)},
			Response: &contract.Response{Status: 200, Header: h("Content-Type", "text/plain"), Body: []byte("your key is " + p["text-plain-body"])}},
		{Operation: "CreateAuthorisation", Request: contract.Request{Method: "POST", URL: apiHost + "/v3/" + secretsDomain + "/ccaas/authorisations",
			Header: h("X-Auth-Token", p["header-x-auth-token"], "Content-Type", "multipart/form-data; boundary=b"),
			Body:   []byte("--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n" + p["multipart-body"] + "\r\n--b--\r\n")},
			Response: &contract.Response{Status: 201, Header: h("Content-Type", "application/json"), Body: []byte(`{"password":"` + p["malformed-json-body"] + `",}`)}},
		{Operation: "AuthorizeActionApiToInstance", Request: contract.Request{Method: "POST", URL: apiHost + "/v1/" + secretsDomain + "/service/apis/authorize/action",
			Header: h("X-Auth-Token", p["header-x-auth-token"], "Content-Type", "application/x-www-form-urlencoded"),
			Body:   []byte("api_id=1&password=" + p["form-password"])},
			Response: &contract.Response{Status: 204, Header: h()}},
	}
}

// secretUpstream answers each operation as secretExchanges record it.
func secretUpstream(t *testing.T, p planted) *httptest.Server {
	byRoute := map[string]*contract.Response{}
	for _, ex := range secretExchanges(p, "") {
		byRoute[ex.Request.Method+" "+strings.SplitN(ex.Request.URL, "?", 2)[0]] = ex.Response
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		resp := byRoute[r.Method+" "+r.URL.Path]
		if resp == nil {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		for k, vs := range resp.Header {
			w.Header()[k] = vs
		}
		w.WriteHeader(resp.Status)
		w.Write(resp.Body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// writeTraffic writes exchanges to path as a HAR file or an NDJSON log, secrets
// and all: the input of the commands under test.
func writeTraffic(t *testing.T, path string, exs []*contract.Exchange) {
	f, err := os.Create(path)
	require.NoError(t, err)
	var sink traffic.Sink = traffic.NewNDJSONWriter(f)
	if strings.HasSuffix(path, ".har") {
		sink = traffic.NewHARWriter(f, "test", "1")
	}
	for _, ex := range exs {
		require.NoError(t, sink.Write(traffic.Record{Exchange: ex}))
	}
	require.NoError(t, sink.Close())
}

// TestNoSecretIsWritten sends one planted secret of each kind through
// proxy (--log, --record in each format, --enforce), replay (--record,
// every report format, a token and AK/SK signing), mock (its log) and
// validate --har, --ndjson and --fixtures (every report format), and
// greps every byte they write, to files, stdout and stderr, and every
// response specdrift makes itself (400, 502): no marker appears.
func TestNoSecretIsWritten(t *testing.T) {
	p := plant(t)
	up := secretUpstream(t, p)
	in, out := t.TempDir(), t.TempDir()
	exs := secretExchanges(p, "https://api.example.com")
	har, ndjson := filepath.Join(in, "traffic.har"), filepath.Join(in, "traffic.ndjson")
	writeTraffic(t, har, exs)
	writeTraffic(t, ndjson, exs)
	var written bytes.Buffer // stdout, stderr and specdrift's own responses
	keep := func(parts ...string) {
		for _, s := range parts {
			written.WriteString(s + "\n")
		}
	}

	// proxy: the client's requests through it, recorded in every form.
	for i, rec := range []string{"recorded", "recorded.ndjson", "recorded.har"} {
		args := []string{"--upstream", up.URL, "--log", filepath.Join(out, "proxy"+rec+".log"), "--record", filepath.Join(out, "proxy-"+rec)}
		if i == 1 {
			args = append(args, "--enforce", "--fail-on", "warning")
		}
		pr := startProxy(t, args...)
		for _, ex := range secretExchanges(p, pr.base) {
			req, err := http.NewRequest(ex.Request.Method, ex.Request.URL, bytes.NewReader(ex.Request.Body))
			require.NoError(t, err)
			req.Header = ex.Request.Header.Clone()
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			require.NoError(t, err)
			if resp.Header.Get("Content-Type") == "application/problem+json" {
				keep(string(body)) // the proxy's own answer: an enforced 502
			}
		}
		conn, err := net.Dial("tcp", strings.TrimPrefix(pr.base, "http://")) // as to a forward proxy: refused
		require.NoError(t, err)
		_, err = io.WriteString(conn, "GET http://elsewhere/?access_token="+p["query-access-token"]+" HTTP/1.1\r\nHost: elsewhere\r\nConnection: close\r\n\r\n")
		require.NoError(t, err)
		answer, err := io.ReadAll(conn)
		require.NoError(t, err)
		conn.Close()
		require.Contains(t, string(answer), "400 Bad Request")
		keep(string(answer))
		pr.stop(t)
		keep(pr.stdout.String(), pr.stderr.String())
	}
	// The upstream's URL with a user name and password: refused, not shown.
	userinfo := "http://" + p["upstream-user"] + ":" + p["upstream-password"] + "@" + strings.TrimPrefix(up.URL, "http://")
	code, stdout, stderr := runCLI(t, "proxy", "--upstream", userinfo, "--listen", "127.0.0.1:0")
	require.Equal(t, exitUsage, code, stderr)
	keep(stdout, stderr)
	code, stdout, stderr = runCLI(t, "replay", "--base-url", userinfo+":x", "--fixtures", ndjson)
	require.Equal(t, exitUsage, code, stderr)
	keep(stdout, stderr)

	// replay: the recorded requests against the upstream.
	for _, format := range report.Formats {
		code, stdout, stderr := runCLI(t, "replay", "--base-url", up.URL, "--fixtures", ndjson, "--allow-writes", "--token", p["replay-token"],
			"--format", format, "--record", filepath.Join(out, "replay-"+format+".ndjson"))
		require.Equal(t, exitFindings, code, stderr)
		keep(stdout, stderr)
	}
	for _, rec := range []string{"replay-aksk", "replay-aksk.har"} {
		code, stdout, stderr := runCLI(t, "replay", "--base-url", up.URL, "--fixtures", har, "--allow-writes", "--ak", p["replay-ak"], "--sk", p["replay-sk"],
			"--record", filepath.Join(out, rec), "--output", filepath.Join(out, rec+".report.json"), "--format", "json")
		require.Equal(t, exitCannot, code, stderr)
		require.Contains(t, stderr, "traffic.har#entries/0: sign: malformed query string", "a query with ; cannot be signed")
		keep(stdout, stderr)
	}

	// mock: the client's requests, and the traffic as its fixtures.
	for _, args := range [][]string{{"mock", "--listen", "127.0.0.1:0"}, {"mock", "--listen", "127.0.0.1:0", "--fixtures", har}} {
		base, stderr, stop := startCLI(t, args...)
		for _, ex := range secretExchanges(p, base) {
			req, err := http.NewRequest(ex.Request.Method, ex.Request.URL, bytes.NewReader(ex.Request.Body))
			require.NoError(t, err)
			req.Header = ex.Request.Header.Clone()
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			resp.Body.Close()
		}
		require.Equal(t, exitOK, stop())
		require.Contains(t, stderr.String(), "mock: PUT /v2/servicerequest/authorizations/Auth-1")
		keep(stderr.String())
	}

	// validate: the logs as live traffic and as fixtures, in every format.
	for _, format := range report.Formats {
		for _, src := range [][]string{{"--har", har}, {"--ndjson", ndjson}, {"--fixtures", har}, {"--fixtures", ndjson}} {
			code, stdout, stderr := runCLI(t, append([]string{"validate", "--format", format}, src...)...)
			require.Equal(t, exitFindings, code, stderr)
			keep(stdout, stderr)
		}
	}
	code, stdout, stderr = runCLI(t, "validate", "--har", har, "--output", filepath.Join(out, "validate.sarif"), "--format", "sarif",
		"--write-baseline", filepath.Join(out, "baseline.json"))
	require.Equal(t, exitOK, code, stderr)
	keep(stdout, stderr)

	require.Empty(t, p.leaks(written.String()), "in stdout, stderr or specdrift's own responses:\n%s", written.String())
	files := 0
	require.NoError(t, filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		files++
		require.Empty(t, p.leaks(string(data)), "%s:\n%s", path, data)
		return nil
	}))
	require.GreaterOrEqual(t, files, 20, "the logs, recordings and reports were written")
	// The inputs did carry every secret of a request or a response.
	inputs, err := os.ReadFile(har)
	require.NoError(t, err)
	require.Len(t, p.leaks(string(inputs)), len(secretKinds)-5, "all but the credentials given on the command line")
}
