package sign

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func signedPost(t *testing.T) *http.Request {
	t.Helper()
	req := newRequest(t, "POST", "https://api.example.com/v1/items?b=2&a=1", `{"name":"x"}`,
		map[string][]string{"X-Project-Id": {"p"}, "Content-Type": {"application/json"}})
	if err := Sign(req, testAK, testSK, testNow); err != nil {
		t.Fatal(err)
	}
	return req
}

func TestSignVerifyRoundTrip(t *testing.T) {
	req := signedPost(t)
	if err := Verify(req, testSK, testNow.Add(30*time.Second), time.Minute); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	// Verify restores the body too, so it can run twice.
	if err := Verify(req, testSK, testNow, 0); err != nil {
		t.Fatalf("second Verify: %v", err)
	}
	// Re-signing replaces the previous date and Authorization.
	if err := Sign(req, testAK, testSK, testNow.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n := len(req.Header.Values("Authorization")); n != 1 {
		t.Fatalf("%d Authorization headers after re-signing", n)
	}
	if err := Verify(req, testSK, testNow.Add(time.Hour), time.Minute); err != nil {
		t.Fatalf("Verify after re-signing: %v", err)
	}
}

// TestRoundTripOverHTTP sends a signed request through a real client and
// server: the server sees what the wire carries (Host moved to req.Host,
// added User-Agent/Content-Length/Accept-Encoding headers).
func TestRoundTripOverHTTP(t *testing.T) {
	verified := make(chan error, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		verified <- Verify(r, testSK, time.Now(), 5*time.Minute)
	}))
	defer srv.Close()

	req := newRequest(t, "PUT", srv.URL+"/v1/a%20b/c?x=1&x=0&y=%E4%B8%80", `{"k":"v"}`,
		map[string][]string{"Content-Type": {"application/json"}, "X-Custom": {" v "}})
	if err := Sign(req, testAK, testSK, time.Now()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(req.Header.Get("Authorization"), "SignedHeaders=host;x-custom;x-sdk-date,") {
		t.Fatalf("unexpected Authorization %q", req.Header.Get("Authorization"))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := <-verified; err != nil {
		t.Fatalf("server-side Verify: %v", err)
	}
}

func TestVerifyFailures(t *testing.T) {
	cases := []struct {
		name    string
		mutate  func(*http.Request)
		sk      string
		now     time.Time
		maxSkew time.Duration
		want    error
	}{
		{name: "tampered body", want: ErrSignatureMismatch, mutate: func(r *http.Request) {
			r.Body = io.NopCloser(strings.NewReader(`{"name":"y"}`))
		}},
		{name: "tampered signed header", want: ErrSignatureMismatch, mutate: func(r *http.Request) {
			r.Header.Set("X-Project-Id", "other")
		}},
		{name: "tampered query", want: ErrSignatureMismatch, mutate: func(r *http.Request) {
			r.URL.RawQuery = "a=1&b=3"
		}},
		{name: "tampered path", want: ErrSignatureMismatch, mutate: func(r *http.Request) {
			r.URL.Path = "/v1/other"
		}},
		{name: "tampered method", want: ErrSignatureMismatch, mutate: func(r *http.Request) { r.Method = "PUT" }},
		{name: "tampered date", want: ErrSignatureMismatch, mutate: func(r *http.Request) {
			r.Header.Set(HeaderDate, "20240102T030406Z")
		}},
		{name: "wrong SK", sk: "wrong", want: ErrSignatureMismatch},
		{name: "missing date", want: ErrMissingDate, mutate: func(r *http.Request) { r.Header.Del(HeaderDate) }},
		{name: "malformed date", want: ErrMalformedDate, mutate: func(r *http.Request) {
			r.Header.Set(HeaderDate, "2024-01-02T03:04:05Z")
		}},
		{name: "date too old", now: testNow.Add(16 * time.Minute), maxSkew: 15 * time.Minute, want: ErrDateSkew},
		{name: "date in the future", now: testNow.Add(-16 * time.Minute), maxSkew: 15 * time.Minute, want: ErrDateSkew},
		{name: "missing authorization", want: ErrMissingAuthorization, mutate: func(r *http.Request) {
			r.Header.Del("Authorization")
		}},
		{name: "malformed authorization", want: ErrMalformedAuthorization, mutate: func(r *http.Request) {
			r.Header.Set("Authorization", "SDK-HMAC-SHA256 Access=AK")
		}},
		{name: "signed header removed", want: ErrMissingSignedHeader, mutate: func(r *http.Request) {
			r.Header.Del("X-Project-Id")
		}},
		{name: "date not signed", want: ErrDateNotSigned, mutate: func(r *http.Request) {
			a, _ := Parse(r.Header.Get("Authorization"))
			a.SignedHeaders = []string{"x-project-id"}
			r.Header.Set("Authorization", a.String())
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := signedPost(t)
			sig := mustParse(t, req.Header.Get("Authorization")).Signature
			if tc.mutate != nil {
				tc.mutate(req)
			}
			sk, now := testSK, testNow
			if tc.sk != "" {
				sk = tc.sk
			}
			if !tc.now.IsZero() {
				now = tc.now
			}
			err := Verify(req, sk, now, tc.maxSkew)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Verify error = %v, want %v", err, tc.want)
			}
			msg := err.Error()
			if strings.Contains(msg, testSK) || strings.Contains(msg, sk) || strings.Contains(msg, sig) {
				t.Errorf("error leaks a secret or the signature: %q", msg)
			}
		})
	}
}

func TestVerifyContentSha256(t *testing.T) {
	req := newRequest(t, "PUT", "https://h/obj", "payload", map[string][]string{
		HeaderContentSha256: {UnsignedPayload},
	})
	if err := Sign(req, testAK, testSK, testNow); err != nil {
		t.Fatal(err)
	}
	req.Body = io.NopCloser(strings.NewReader("other payload"))
	if err := Verify(req, testSK, testNow, 0); err != nil {
		t.Errorf("UNSIGNED-PAYLOAD must not cover the body: %v", err)
	}

	req = newRequest(t, "PUT", "https://h/obj", "payload", map[string][]string{
		HeaderContentSha256: {sha("payload")},
	})
	if err := Sign(req, testAK, testSK, testNow); err != nil {
		t.Fatal(err)
	}
	if err := Verify(req, testSK, testNow, 0); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	req.Body = io.NopCloser(strings.NewReader("other payload"))
	if err := Verify(req, testSK, testNow, 0); !errors.Is(err, ErrBodyHashMismatch) {
		t.Errorf("Verify with a body not matching X-Sdk-Content-Sha256 = %v", err)
	}
}

func TestSignRejectsBadCredentials(t *testing.T) {
	for _, c := range []struct{ ak, sk string }{{"", "sk"}, {"a k", "sk"}, {"a,k", "sk"}, {"ak", ""}} {
		req := newRequest(t, "GET", "https://h/", "", nil)
		if err := Sign(req, c.ak, c.sk, testNow); err == nil {
			t.Errorf("Sign(%q, %q) succeeded", c.ak, c.sk)
		}
	}
}

func mustParse(t *testing.T, s string) Authorization {
	t.Helper()
	a, err := Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestSignatureIsBoundToTheHost sends one signed request to the server it
// was signed for and the same bytes to a server on another port: a
// signature that left the host out would verify at both.
func TestSignatureIsBoundToTheHost(t *testing.T) {
	verify := func(got chan<- error) *httptest.Server {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			got <- Verify(r, testSK, testNow, time.Minute)
		}))
		t.Cleanup(srv.Close)
		return srv
	}
	atA, atB := make(chan error, 1), make(chan error, 1)
	a, b := verify(atA), verify(atB)
	req := newRequest(t, "GET", a.URL+"/v1/items", "", nil)
	if err := Sign(req, testAK, testSK, testNow); err != nil {
		t.Fatal(err)
	}
	if got := mustParse(t, req.Header.Get("Authorization")).SignedHeaders; strings.Join(got, ";") != "host;x-sdk-date" {
		t.Fatalf("SignedHeaders = %v, want host signed without a Host header", got)
	}
	for _, target := range []struct {
		srv *httptest.Server
		got chan error
	}{{a, atA}, {b, atB}} {
		out, err := http.NewRequest("GET", target.srv.URL+"/v1/items", nil)
		if err != nil {
			t.Fatal(err)
		}
		out.Header = req.Header.Clone()
		resp, err := http.DefaultClient.Do(out)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if err := <-atA; err != nil {
		t.Errorf("the host it was signed for: %v", err)
	}
	if err := <-atB; !errors.Is(err, ErrSignatureMismatch) {
		t.Errorf("another host: Verify = %v, want a signature mismatch", err)
	}
}
