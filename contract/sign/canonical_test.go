package sign

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const (
	testAK   = "AKTEST"
	testSK   = "SKSECRET"
	testDate = "20240102T030405Z"
	// emptySHA is the hex SHA-256 of an empty body.
	emptySHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
)

var testNow = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

func newRequest(t *testing.T, method, url, body string, headers map[string][]string) *http.Request {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range headers {
		req.Header[k] = vs // raw keys, e.g. to keep "X_Custom" as is
	}
	return req
}

// The expected signatures below were derived independently of this package
// from the literal canonical requests, with Python's hashlib/hmac:
//
//	sts = "SDK-HMAC-SHA256\n20240102T030405Z\n" + sha256(canonical).hexdigest()
//	hmac.new(b"SKSECRET", sts.encode(), hashlib.sha256).hexdigest()
var canonicalCases = []struct {
	name      string
	method    string
	url       string
	body      string
	headers   map[string][]string
	canonical string
	signature string
}{
	{
		name:   "GET with repeated keys, escaping and unsigned headers",
		method: "GET",
		url: "https://api.example.com/v2/proj/servers?name=web+01&tag=b&tag=a&tag=%C3%A9" +
			"&limit=10&sort=name%3Adesc&empty=&path=%2Ftmp%2Fx&star=*()",
		headers: map[string][]string{
			"X-Project-Id":   {"proj"},
			"Content-Type":   {"application/json"}, // not signed (as the SDK)
			"X_Custom":       {"y"},                // underscore: not signed
			"Content-Length": {"0"},                // transport-managed: not signed
		},
		canonical: "GET\n/v2/proj/servers/\n" +
			"empty=&limit=10&name=web%2001&path=%2Ftmp%2Fx&sort=name%3Adesc&star=%2A%28%29&tag=a&tag=b&tag=%C3%A9\n" +
			"x-project-id:proj\nx-sdk-date:" + testDate + "\n\n" +
			"x-project-id;x-sdk-date\n" + emptySHA,
		signature: "f9c0e2f049a75c2888ec6801489f7b662cdc9b87315740f841f9caffd5bd5cd2",
	},
	{
		name:    "POST with JSON body",
		method:  "POST",
		url:     "https://api.example.com/v1/items",
		body:    `{"name":"a b","n":1}`,
		headers: map[string][]string{"Content-Type": {"application/json;charset=UTF-8"}},
		canonical: "POST\n/v1/items/\n\nx-sdk-date:" + testDate + "\n\nx-sdk-date\n" +
			"cacab33296473515460a38cb8dd110967d432863d5d375e92dd641a4f5ce8b25",
		signature: "4e9f78dfa57e6236bc55a3d65cb7d8a3d100a7458f97d9eb4628947186f4907c",
	},
	{
		name:      "path with trailing slash",
		method:    "GET",
		url:       "https://api.example.com/v1/items/",
		canonical: "GET\n/v1/items/\n\nx-sdk-date:" + testDate + "\n\nx-sdk-date\n" + emptySHA,
		signature: "536d3b1fcf74bcaaa409b61462b2dedc3f43582557af5845c3b2366b29902cb3",
	},
	{
		name:      "path without trailing slash signs the same",
		method:    "GET",
		url:       "https://api.example.com/v1/items",
		canonical: "GET\n/v1/items/\n\nx-sdk-date:" + testDate + "\n\nx-sdk-date\n" + emptySHA,
		signature: "536d3b1fcf74bcaaa409b61462b2dedc3f43582557af5845c3b2366b29902cb3",
	},
	{
		name:      "empty path",
		method:    "GET",
		url:       "https://api.example.com",
		canonical: "GET\n/\n\nx-sdk-date:" + testDate + "\n\nx-sdk-date\n" + emptySHA,
		signature: "6dae28e691be97e68398b546e0f308c0ed2c6e7348b681505e9a420918ac1163",
	},
	{
		name:      "path segments needing escaping, encoded slash kept",
		method:    "DELETE",
		url:       "https://api.example.com/v1/a%20b/c%2Fd/~u/%C3%A9",
		canonical: "DELETE\n/v1/a%20b/c%2Fd/~u/%C3%A9/\n\nx-sdk-date:" + testDate + "\n\nx-sdk-date\n" + emptySHA,
		signature: "c331760083632f9f7482789464207bb3795cf24b9d69c653ed59d7895800c6d1",
	},
	{
		name:    "multi-valued header, values sorted and trimmed",
		method:  "GET",
		url:     "https://api.example.com/v1/items",
		headers: map[string][]string{"X-Tag": {" b ", "a"}},
		canonical: "GET\n/v1/items/\n\nx-sdk-date:" + testDate + "\nx-tag:a\nx-tag:b\n\n" +
			"x-sdk-date;x-tag\n" + emptySHA,
		signature: "b7e1b17390a467f5b2e5047b00e19d59a45da2278deb006a50117706f283dcfa",
	},
}

func TestCanonicalRequestAndSignature(t *testing.T) {
	for _, tc := range canonicalCases {
		t.Run(tc.name, func(t *testing.T) {
			req := newRequest(t, tc.method, tc.url, tc.body, tc.headers)
			if err := signHeaders(req, testAK, testSK, testNow, false); err != nil { // the vectors leave host out, as the SDK does
				t.Fatal(err)
			}
			if got := req.Header.Get(HeaderDate); got != testDate {
				t.Fatalf("X-Sdk-Date = %q, want %q", got, testDate)
			}
			auth, err := Parse(req.Header.Get("Authorization"))
			if err != nil {
				t.Fatal(err)
			}
			cr, err := CanonicalRequest(req, auth.SignedHeaders)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.canonical, cr); diff != "" {
				t.Errorf("canonical request (-want +got):\n%s", diff)
			}
			if auth.Signature != tc.signature {
				t.Errorf("signature = %s, want %s", auth.Signature, tc.signature)
			}
			if auth.Access != testAK {
				t.Errorf("Access = %q", auth.Access)
			}
			// The body is restored after signing.
			if tc.body != "" {
				got, err := io.ReadAll(req.Body)
				if err != nil || string(got) != tc.body {
					t.Errorf("body after Sign = %q, %v; want %q", got, err, tc.body)
				}
			}
		})
	}
}

func TestStringToSign(t *testing.T) {
	got := StringToSign("GET\n/\n\nx-sdk-date:"+testDate+"\n\nx-sdk-date\n"+emptySHA, testDate)
	want := "SDK-HMAC-SHA256\n" + testDate + "\n" +
		sha("GET\n/\n\nx-sdk-date:"+testDate+"\n\nx-sdk-date\n"+emptySHA)
	if got != want {
		t.Errorf("StringToSign = %q, want %q", got, want)
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"AZaz09-_.~":   "AZaz09-_.~",
		"a b+c/d":      "a%20b%2Bc%2Fd",
		"一 (&=?!#%.*)": "%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29", // the SDK's own query test
	} {
		if got := escape(in); got != want {
			t.Errorf("escape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCanonicalRequestContentSha256(t *testing.T) {
	req := newRequest(t, "PUT", "https://h/x", "large body", map[string][]string{
		HeaderContentSha256: {UnsignedPayload},
	})
	cr, err := CanonicalRequest(req, []string{"x-sdk-content-sha256"})
	if err != nil {
		t.Fatal(err)
	}
	want := "PUT\n/x/\n\nx-sdk-content-sha256:UNSIGNED-PAYLOAD\n\nx-sdk-content-sha256\nUNSIGNED-PAYLOAD"
	if cr != want {
		t.Errorf("got %q, want %q", cr, want)
	}
	// Not signed: the body is hashed.
	cr, err = CanonicalRequest(req, []string{"x-sdk-date"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(cr, sha("large body")) {
		t.Errorf("unsigned content header must not replace the body hash: %q", cr)
	}
}
