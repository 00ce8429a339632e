package interop

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/basic"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/global"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/config"
	cc "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/cc/v3"
	das "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/dataartsstudio/v1"
	osm "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/osm/v2"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/mock"
	"github.com/specdrift/specdrift/contract/traffic"
	"github.com/specdrift/specdrift/fixtures"
	"github.com/specdrift/specdrift/spec"
)

const (
	accessKey = "AKEXAMPLEINTEROP00000"
	secretKey = "interop-secret-key-example"
	domainID  = "0a5e4b2c8d9f41e6b7c3a1d2e4f60718" // the pages' {domain_id}, as the fixtures give it
	projectID = "0833a5737480d53b2f250010d01a7b88" // page 003's project
)

// env is a mock on a loopback port and the SDK's clients pointed at it.
type env struct {
	log  *syncBuffer
	wire *loopback
	cc   *cc.CcClient
	das  *das.DataArtsStudioClient
	osm  *osm.OsmClient
}

// newEnv starts the mock of the embedded specs, checking AK/SK signatures
// with the key the clients sign with, and builds the SDK's clients with an
// explicit endpoint and explicit domain and project IDs: no region lookup,
// no IAM call. Their transport reaches the mock and nothing else.
func newEnv(t *testing.T) *env {
	t.Helper()
	specs, err := contract.LoadSpecs(spec.Files, ".", func(q string) string { return path.Join("spec", q) })
	require.NoError(t, err)
	exsRecorded, errs := traffic.LoadFixtures(fixtures.Files, ".", func(q string) string { return path.Join("fixtures", q) })
	exs := traffic.Exchanges(exsRecorded)
	require.Empty(t, errs)
	e := &env{log: &syncBuffer{}}
	m, err := mock.New(specs, exs, mock.Options{Log: e.log, SecretKeys: map[string]string{accessKey: secretKey}})
	require.NoError(t, err)
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	e.wire = newLoopback(srv.Listener.Addr().String())
	t.Cleanup(e.wire.base.CloseIdleConnections)
	httpConfig := func() *config.HttpConfig {
		return config.DefaultHttpConfig().WithHttpRoundTripper(e.wire).WithTimeout(10 * time.Second).WithRetries(0)
	}

	globalCreds, err := global.NewCredentialsBuilder().WithAk(accessKey).WithSk(secretKey).WithDomainId(domainID).SafeBuild()
	require.NoError(t, err)
	ccHTTP, err := cc.CcClientBuilder().WithEndpoints([]string{srv.URL}).WithCredential(globalCreds).WithHttpConfig(httpConfig()).SafeBuild()
	require.NoError(t, err)
	e.cc = cc.NewCcClient(ccHTTP)

	osmCreds, err := global.NewCredentialsBuilder().WithAk(accessKey).WithSk(secretKey).WithDomainId(domainID).SafeBuild()
	require.NoError(t, err)
	osmHTTP, err := osm.OsmClientBuilder().WithEndpoints([]string{srv.URL}).WithCredential(osmCreds).WithHttpConfig(httpConfig()).SafeBuild()
	require.NoError(t, err)
	e.osm = osm.NewOsmClient(osmHTTP)

	basicCreds, err := basic.NewCredentialsBuilder().WithAk(accessKey).WithSk(secretKey).WithProjectId(projectID).SafeBuild()
	require.NoError(t, err)
	dasHTTP, err := das.DataArtsStudioClientBuilder().WithEndpoints([]string{srv.URL}).WithCredential(basicCreds).WithHttpConfig(httpConfig()).SafeBuild()
	require.NoError(t, err)
	e.das = das.NewDataArtsStudioClient(dasHTTP)
	return e
}

// exchange is one request the SDK sent and the mock's answer.
type exchange struct {
	method, uri string
	header      http.Header
	status      int
	body        []byte
}

// loopback is the SDK's transport: it lets requests reach the mock's
// address and nothing else, and keeps every exchange.
type loopback struct {
	host string
	base *http.Transport
	mu   sync.Mutex
	seen []exchange
}

func newLoopback(host string) *loopback {
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	l := &loopback{host: host}
	l.base = &http.Transport{
		Proxy: nil, // never a proxy from the environment
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if addr != host {
				return nil, fmt.Errorf("interop: refusing to dial %s: only the mock at %s is allowed", addr, host)
			}
			return dialer.DialContext(ctx, network, addr)
		},
	}
	return l
}

func (l *loopback) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host != l.host {
		return nil, fmt.Errorf("interop: the SDK tried to reach %s; only the mock at %s is allowed", req.URL, l.host)
	}
	resp, err := l.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	l.mu.Lock()
	l.seen = append(l.seen, exchange{method: req.Method, uri: req.URL.RequestURI(), header: req.Header.Clone(), status: resp.StatusCode, body: body})
	l.mu.Unlock()
	return resp, nil
}

// take returns the exchanges since the last call.
func (l *loopback) take() []exchange {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.seen
	l.seen = nil
	return out
}

// undecoded lists every value of the body the mock sent that the SDK's
// decoded response does not hold: what it lost. Numbers compare by value
// and times by instant; fields the SDK adds (zero values of fields the
// body left out) are not losses.
func undecoded(t *testing.T, sent []byte, decoded any) []string {
	t.Helper()
	if len(bytes.TrimSpace(sent)) == 0 {
		return nil
	}
	enc, err := json.Marshal(decoded)
	require.NoError(t, err)
	var s, d any
	require.NoError(t, decodeJSON(sent, &s), "the mock's body: %s", sent)
	require.NoError(t, decodeJSON(enc, &d))
	var out []string
	lost(s, d, "", &out)
	sort.Strings(out)
	return out
}

func decodeJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return dec.Decode(v)
}

func lost(s, d any, ptr string, out *[]string) {
	switch sv := s.(type) {
	case map[string]any:
		dv, ok := d.(map[string]any)
		if !ok {
			*out = append(*out, fmt.Sprintf("%s: an object became %v", ptr, d))
			return
		}
		for k, v := range sv {
			if e, ok := dv[k]; ok {
				lost(v, e, ptr+"/"+k, out)
			} else {
				*out = append(*out, ptr+"/"+k+": not decoded")
			}
		}
	case []any:
		dv, ok := d.([]any)
		if !ok || len(dv) != len(sv) {
			*out = append(*out, fmt.Sprintf("%s: %d items became %v", ptr, len(sv), d))
			return
		}
		for i := range sv {
			lost(sv[i], dv[i], ptr+"/"+strconv.Itoa(i), out)
		}
	default:
		if !sameScalar(s, d) {
			*out = append(*out, fmt.Sprintf("%s: %v became %v", ptr, s, d))
		}
	}
}

func sameScalar(a, b any) bool {
	if an, ok := a.(json.Number); ok {
		bn, ok := b.(json.Number)
		if !ok {
			return false
		}
		fa, _, err1 := big.ParseFloat(string(an), 10, 200, big.ToNearestEven)
		fb, _, err2 := big.ParseFloat(string(bn), 10, 200, big.ToNearestEven)
		return err1 == nil && err2 == nil && fa.Cmp(fb) == 0
	}
	if as, ok := a.(string); ok {
		bs, ok := b.(string)
		if !ok {
			return false
		}
		ta, err1 := time.Parse(time.RFC3339Nano, as)
		tb, err2 := time.Parse(time.RFC3339Nano, bs)
		return as == bs || err1 == nil && err2 == nil && ta.Equal(tb)
	}
	return a == b
}

// syncBuffer is a log the mock's goroutines and the test share.
type syncBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
