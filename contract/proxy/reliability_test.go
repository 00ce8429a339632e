package proxy

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// TestProxyUnderConcurrentLoad sends a few thousand requests over 16
// connections: every response must reach the client byte for byte as the
// upstream sent it, and every drifting response must be logged once.
func TestProxyUnderConcurrentLoad(t *testing.T) {
	const (
		clients  = 16
		requests = 2000
	)
	deadline := time.Now().Add(90 * time.Second)
	u := startUpstream(t)
	var log syncBuffer
	p, base := startProxy(t, u, Options{Log: &log})
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}}
	defer client.CloseIdleConnections()

	var next, drifted atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				i := next.Add(1)
				if i > requests {
					return
				}
				drift := i%10 == 0
				items := 1 + int(i%3)*20
				control := fmt.Sprintf("seed=%d&items=%d", i, items)
				if drift {
					control += "&drift=1"
					drifted.Add(1)
				}
				if i%7 == 0 {
					control += "&chunked=1"
				}
				req, err := http.NewRequest("GET", base+listPath, nil)
				if err != nil {
					errs <- err
					return
				}
				req.Header.Set("X-Auth-Token", "MIIsecretToken")
				req.Header.Set("X-Upstream", control)
				resp, err := client.Do(req)
				if err != nil {
					errs <- err
					return
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil {
					errs <- err
					return
				}
				if want := page(items, fmt.Sprint(i)+"seed", drift); !bytes.Equal(want, body) {
					errs <- fmt.Errorf("request %d: the body differs from what the upstream sent (%d bytes, want %d)", i, len(body), len(want))
					return
				}
				sent := u.headersSent(fmt.Sprint(i))
				if diff := cmp.Diff(sent, resp.Header, cmp.FilterPath(func(p cmp.Path) bool { return p.String() == "Content-Length" }, cmp.Ignore())); diff != "" {
					errs <- fmt.Errorf("request %d: headers (-upstream +client):\n%s", i, diff)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	p.Wait()
	require.GreaterOrEqual(t, next.Load(), int64(requests), "all requests were sent before the deadline")

	found := readFindings(t, log.String())
	seen := map[string]int{}
	for _, f := range found {
		require.Equal(t, contract.RuleResponseBodySchema, f.Rule)
		seen[f.Source]++
	}
	require.Len(t, found, int(drifted.Load()), "one finding per drifting response")
	for src, n := range seen {
		require.Equal(t, 1, n, "logged once: %s", src)
	}
	require.Equal(t, requests, p.Summary().Exchanges)
}

// TestProxyUpstreamFaults sends a faulty request and then a good one
// through the same proxy for each fault: the proxy answers or aborts as a
// proxy must, logs one finding for the fault, and serves the next request.
func TestProxyUpstreamFaults(t *testing.T) {
	u := startUpstream(t)
	var log syncBuffer
	p, base := startProxy(t, u, Options{Log: &log, Timeout: 500 * time.Millisecond})
	tests := []struct {
		fault   string
		status  int // 0: the response is cut off
		rule    contract.RuleID
		problem bool
	}{
		{"fault=hang", 502, contract.RuleUpstreamTimeout, true},
		{"fault=not-http", 502, contract.RuleUpstreamNotHTTP, true},
		{"fault=reset", 0, contract.RuleUpstreamReset, false},
		{"fault=truncate", 0, contract.RuleUpstreamReset, false},
		{"fault=not-json", 200, contract.RuleInvalidJSONBody, false},
		{"seed=x&status=500", 500, contract.RuleUndocumentedStatus, false},
	}
	// A fresh connection for each request: the client would resend a
	// request whose reused connection broke, and log the fault twice.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	logged := 0
	for _, tt := range tests {
		t.Run(tt.fault, func(t *testing.T) {
			req, err := http.NewRequest("GET", base+listPath, nil)
			require.NoError(t, err)
			req.Header.Set("X-Auth-Token", "MIIsecretToken")
			req.Header.Set("X-Upstream", tt.fault)
			resp, err := client.Do(req)
			var body []byte
			if err == nil {
				body, err = io.ReadAll(resp.Body)
				resp.Body.Close()
			}
			if tt.status == 0 {
				require.Error(t, err, "a response cut off upstream is cut off for the client too")
			} else {
				require.NoError(t, err)
				require.Equal(t, tt.status, resp.StatusCode)
			}
			if tt.problem {
				var pr problem
				require.NoError(t, json.Unmarshal(body, &pr))
				require.Equal(t, "urn:specdrift:problem:"+string(tt.rule), pr.Type)
				require.Equal(t, []contract.RuleID{tt.rule}, rulesOf(pr.Findings))
			}
			p.Wait()
			found := readFindings(t, log.String())[logged:]
			require.Equal(t, []contract.RuleID{tt.rule}, rulesOf(found))
			require.Equal(t, "GET /v3/{domain_id}/ccaas/authorisations", found[0].Operation)
			logged++

			resp, good := get(t, client, base+listPath, "seed=after")
			require.Equal(t, 200, resp.StatusCode)
			require.Equal(t, page(1, "afterseed", false), good)
			p.Wait()
			require.Len(t, readFindings(t, log.String()), logged, "the good request after it has no finding")
		})
	}
	require.NotContains(t, log.String(), "MIIsecretToken")
}

// TestProxyClientFaults: a client that leaves in the middle of a response,
// and a request body over the validation limit.
func TestProxyClientFaults(t *testing.T) {
	u := startUpstream(t)
	var log syncBuffer
	p, base := startProxy(t, u, Options{Log: &log, MaxBody: 1 << 20})

	// The client reads a little of a 650 KB drifting page and hangs up.
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, "GET", base+listPath, nil)
	require.NoError(t, err)
	req.Header.Set("X-Auth-Token", "t")
	req.Header.Set("X-Upstream", "seed=gone&items=1000&drift=1&chunked=1")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_, err = io.ReadFull(resp.Body, make([]byte, 1000))
	require.NoError(t, err)
	cancel()
	resp.Body.Close()

	// A request body four times the limit is passed on whole.
	big := bytes.Repeat([]byte("x"), 4<<20)
	post, err := http.NewRequest("POST", base+listPath, bytes.NewReader(big))
	require.NoError(t, err)
	post.Header.Set("Content-Type", "application/json")
	post.Header.Set("X-Auth-Token", "t")
	post.Header.Set("X-Upstream", "seed=big")
	resp, err = http.DefaultClient.Do(post)
	require.NoError(t, err)
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)

	resp, good := get(t, http.DefaultClient, base+listPath, "seed=next")
	require.Equal(t, 200, resp.StatusCode)
	require.Equal(t, page(1, "nextseed", false), good)
	p.Wait()

	u.mu.Lock()
	require.Equal(t, big, u.received[1], "the upstream got the whole request body")
	u.mu.Unlock()
	type got struct {
		Rule    contract.RuleID
		In      string
		Pointer string
	}
	var all []got
	for _, f := range readFindings(t, log.String()) {
		all = append(all, got{f.Rule, f.In, f.Pointer})
	}
	want := []got{
		// The response the client left was still read and validated.
		{contract.RuleResponseBodySchema, "response.body", "/authorisations/0/is_loaded_by_cloud_connection"},
		// POST on this path is CreateAuthorisation: its body was not judged.
		{contract.RuleBodyTooLarge, "request.body", ""},
		{contract.RuleUndocumentedStatus, "response.status", "200"},
	}
	require.ElementsMatch(t, want, all)
}

// TestProxyStreams checks that the proxy passes each piece of a streamed
// response on as it comes: the upstream sends the rest only after the
// client has received the first piece.
func TestProxyStreams(t *testing.T) {
	firstSeen := make(chan struct{})
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"request_id":"abc",`))
		http.NewResponseController(w).Flush()
		select {
		case <-firstSeen:
		case <-time.After(5 * time.Second):
			return
		}
		w.Write([]byte(`"authorisations":[]}`))
	}))
	defer up.Close()
	target, err := url.Parse(up.URL)
	require.NoError(t, err)
	p, err := New(Options{Upstream: target, Validator: contract.NewValidator(loadSpecs(t), contract.Options{})})
	require.NoError(t, err)
	srv := httptest.NewServer(p)
	defer srv.Close()

	req, err := http.NewRequest("GET", srv.URL+listPath, nil)
	require.NoError(t, err)
	req.Header.Set("X-Auth-Token", "t")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	first := make([]byte, len(`{"request_id":"abc",`))
	_, err = io.ReadFull(resp.Body, first)
	require.NoError(t, err)
	close(firstSeen)
	rest, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, `{"request_id":"abc","authorisations":[]}`, string(first)+string(rest))
	p.Wait()
	require.Equal(t, 0, p.Summary().Findings)
}

func TestNewRejectsBadOptions(t *testing.T) {
	v := contract.NewValidator(nil, contract.Options{})
	for _, raw := range []string{"", "ftp://host", "http://", "/path"} {
		u, err := url.Parse(raw)
		require.NoError(t, err)
		_, err = New(Options{Upstream: u, Validator: v})
		require.Error(t, err, raw)
		require.True(t, strings.HasPrefix(err.Error(), "proxy: "))
	}
	u, _ := url.Parse("http://127.0.0.1:1")
	_, err := New(Options{Upstream: u})
	require.EqualError(t, err, "proxy: no validator")
}
