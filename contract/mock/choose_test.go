package mock

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract/traffic"
)

// startWithExtra serves the embedded specs from the embedded fixtures and
// those of testdata/fixtures.
func startWithExtra(t *testing.T, opts Options) *httptest.Server {
	t.Helper()
	specs, exs := embedded(t)
	extraRecorded, errs := traffic.LoadFixtures(os.DirFS("testdata/fixtures"), ".", func(q string) string { return "testdata/fixtures/" + q })
	extra := traffic.Exchanges(extraRecorded)
	require.Empty(t, errs)
	m, err := New(specs, append(exs, extra...), opts)
	require.NoError(t, err)
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	return srv
}

// listed is the part of a ListAuthorisations answer the choice shows.
type listed struct {
	RequestID      string `json:"request_id"`
	Authorisations []struct {
		ID         string `json:"id"`
		DomainID   string `json:"domain_id"`
		InstanceID string `json:"instance_id"`
	} `json:"authorisations"`
	PageInfo struct {
		CurrentCount int `json:"current_count"`
	} `json:"page_info"`
}

type item = struct {
	ID         string `json:"id"`
	DomainID   string `json:"domain_id"`
	InstanceID string `json:"instance_id"`
}

// TestChoose checks which response answers a request: the best match of
// the recorded requests, or what a Prefer header asks for; and that IDs
// echo the request.
func TestChoose(t *testing.T) {
	srv := startWithExtra(t, Options{})
	const other = "1234567890abcdef"
	list := srv.URL + "/v3/" + other + "/ccaas/authorisations"
	auth := "X-Auth-Token: " + token
	tests := []struct {
		name    string
		query   string
		headers []string
		want    listed
	}{
		{"no filter: the page's example", "", nil, listed{RequestID: "bce57c774ed47dd828963e5ec3a0b06d",
			Authorisations: []item{{"XXX", other, "XXX"}}}},
		{"the filter of a recording picks it", "?instance_id=vpc-9", nil, listed{RequestID: "0f5b1c2d3e4f5a6b7c8d9e0f1a2b3c4d",
			Authorisations: []item{{"auth-9", other, "vpc-9"}, {"auth-10", other, "vpc-9"}}}},
		{"Prefer: example=NAME", "", []string{"Prefer: example=by-instance"}, listed{RequestID: "0f5b1c2d3e4f5a6b7c8d9e0f1a2b3c4d",
			Authorisations: []item{{"auth-9", other, "vpc-9"}, {"auth-10", other, "vpc-9"}}}},
		{"Prefer: example=page beats a matching filter", "?instance_id=vpc-9", []string{"Prefer: example=page"}, listed{RequestID: "bce57c774ed47dd828963e5ec3a0b06d",
			Authorisations: []item{{"XXX", other, "vpc-9"}}}},
		{"filters are echoed, limit is kept", "?id=a&id=b&limit=1&marker=m", []string{"Prefer: example=by-instance"}, listed{RequestID: "0f5b1c2d3e4f5a6b7c8d9e0f1a2b3c4d",
			Authorisations: []item{{"a", other, "vpc-9"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := do(t, http.MethodGet, list+tt.query, "", append(tt.headers, auth)...)
			require.Equal(t, http.StatusOK, a.Status, "%+v", a.Error)
			var got listed
			require.NoError(t, json.Unmarshal(a.Body, &got))
			tt.want.PageInfo.CurrentCount = len(tt.want.Authorisations)
			require.Empty(t, cmp.Diff(tt.want, got))
		})
	}
}

// TestPreferCode checks Prefer: code=NNN: a recorded status the spec does
// not document is served as recorded, a documented one without a
// recording is sampled from its schema, and one neither has is refused as
// the operation refuses an invalid request, naming what can be asked for.
func TestPreferCode(t *testing.T) {
	srv := startWithExtra(t, Options{})
	auth, js := "X-Auth-Token: "+token, "Content-Type: application/json"
	create := srv.URL + "/v3/" + domainID + "/ccaas/authorisations"
	action := srv.URL + "/v1/" + projectID + "/service/apis/authorize/action"
	tests := []struct {
		name, url, body string
		headers         []string
		status          int
		want            errorBody
	}{
		{"recorded, undocumented", create, validCreate, []string{"Prefer: code=409"}, 409,
			errorBody{"CC.1001", "The authorization already exists."}},
		{"documented, not recorded", action, `{"api_id": "a1"}`, []string{"Prefer: code=400", "workspace: ws-1"}, 400,
			errorBody{"SPECDRIFT.0400", "A sample of the 400 response AuthorizeActionApiToInstance documents; no fixture or example records one."}},
		{"neither", create, validCreate, []string{"Prefer: code=418"}, 400,
			errorBody{codeNoResponse, "CreateAuthorisation has no response for Prefer: code=418; Prefer can ask for code=201 or code=409; it has code=201 example=page|create-authorisation-201; code=409 example=conflict|create-authorisation-409; code=201 example=page."}},
		{"no such example", create, validCreate, []string{"Prefer: example=nope"}, 400,
			errorBody{codeNoResponse, "CreateAuthorisation has no response for Prefer: example=nope; Prefer can ask for code=201 or code=409; it has code=201 example=page|create-authorisation-201; code=409 example=conflict|create-authorisation-409; code=201 example=page."}},
		{"an example of another status", create, validCreate, []string{"Prefer: code=201, example=conflict"}, 400,
			errorBody{codeNoResponse, "CreateAuthorisation has no response for Prefer: code=201, example=conflict; Prefer can ask for code=201 or code=409; it has code=201 example=page|create-authorisation-201; code=409 example=conflict|create-authorisation-409; code=201 example=page."}},
		{"the documented client error", action, `{"api_id": "a1"}`, []string{"Prefer: code=418", "workspace: ws-1"}, 400,
			errorBody{codeNoResponse, "AuthorizeActionApiToInstance has no response for Prefer: code=418; Prefer can ask for code=204 or code=400; it has code=204 example=page|authorize-action-api-to-instance-204; code=400 example=sample."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := do(t, http.MethodPost, tt.url, tt.body, append(tt.headers, auth, js)...)
			require.Equal(t, tt.status, a.Status)
			require.Empty(t, cmp.Diff(&tt.want, a.Error))
		})
	}
	t.Run("a 2xx without Prefer, even where a conflict matches better", func(t *testing.T) {
		a := do(t, http.MethodPost, create, validCreate, auth, js)
		require.Equal(t, http.StatusCreated, a.Status)
	})
}

// TestAsRecorded checks that --as-recorded serves the fixtures' bodies
// byte for byte: no generated types, no echo.
func TestAsRecorded(t *testing.T) {
	srv, _ := startMock(t, Options{AsRecorded: true})
	_, exs := embedded(t)
	for _, ex := range exs {
		if ex.Response == nil || len(ex.Response.Body) == 0 {
			continue
		}
		t.Run(ex.Operation, func(t *testing.T) {
			req, err := http.NewRequest(ex.Request.Method, srv.URL+pathAndQuery(t, ex.Request.URL), bytesReader(ex.Request.Body))
			require.NoError(t, err)
			req.Header = ex.Request.Header.Clone()
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			got := readAll(t, resp)
			require.Equal(t, ex.Response.Status, resp.StatusCode, "%s", got)
			require.Equal(t, string(ex.Response.Body), string(got))
		})
	}
}

// TestConcurrentEcho checks that concurrent requests each see their own
// echo: the cached response bodies are shared, and must never be changed.
func TestConcurrentEcho(t *testing.T) {
	srv := startWithExtra(t, Options{})
	const clients, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan string, clients*each)
	for c := range clients {
		wg.Go(func() {
			for i := range each {
				domain := fmt.Sprintf("domain-%02d-%04d", c, i)
				id := fmt.Sprintf("auth-%d-%d", c, i)
				a := doQuiet(srv.URL+"/v3/"+domain+"/ccaas/authorisations?id="+id, "X-Auth-Token: "+token, "Prefer: example=by-instance")
				var got listed
				if err := json.Unmarshal(a, &got); err != nil {
					errs <- err.Error()
					continue
				}
				for _, it := range got.Authorisations {
					if it.DomainID != domain || it.ID != id {
						errs <- fmt.Sprintf("asked for %s %s, got %s %s", domain, id, it.DomainID, it.ID)
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// doQuiet is a GET that may run off the test's goroutine: it returns the
// body, or an empty one on failure (which the caller's decoding reports).
func doQuiet(url string, headers ...string) []byte {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Set(k, strings.TrimSpace(v))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return b
}
