package sign

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	sig := strings.Repeat("0f", 32)
	got, err := Parse("SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=" + sig)
	if err != nil {
		t.Fatal(err)
	}
	want := Authorization{
		Access:        "QTWAOYTTINDUT2QVKYUC",
		SignedHeaders: []string{"content-type", "host", "x-sdk-date"},
		Signature:     sig,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Parse (-want +got):\n%s", diff)
	}
	if s := want.String(); s != "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature="+sig {
		t.Errorf("String() = %q", s)
	}
	// Extra spaces around fields are tolerated.
	if _, err := Parse("  SDK-HMAC-SHA256 Access=AK,SignedHeaders=x-sdk-date ,  Signature=" + sig + " "); err != nil {
		t.Errorf("Parse with loose spacing: %v", err)
	}
}

func TestParseMalformed(t *testing.T) {
	sig := strings.Repeat("ab", 32)
	for name, value := range map[string]string{
		"empty":              "",
		"other algorithm":    "AWS4-HMAC-SHA256 Access=AK, SignedHeaders=x-sdk-date, Signature=" + sig,
		"derived algorithm":  "V11-HMAC-SHA256 Credential=AK/20240102/r/s, SignedHeaders=x-sdk-date, Signature=" + sig,
		"algorithm only":     "SDK-HMAC-SHA256",
		"no access":          "SDK-HMAC-SHA256 SignedHeaders=x-sdk-date, Signature=" + sig,
		"empty access":       "SDK-HMAC-SHA256 Access=, SignedHeaders=x-sdk-date, Signature=" + sig,
		"no signed headers":  "SDK-HMAC-SHA256 Access=AK, Signature=" + sig,
		"empty header name":  "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;;x-sdk-date, Signature=" + sig,
		"no signature":       "SDK-HMAC-SHA256 Access=AK, SignedHeaders=x-sdk-date",
		"short signature":    "SDK-HMAC-SHA256 Access=AK, SignedHeaders=x-sdk-date, Signature=abcdef",
		"non-hex signature":  "SDK-HMAC-SHA256 Access=AK, SignedHeaders=x-sdk-date, Signature=" + strings.Repeat("zz", 32),
		"duplicate field":    "SDK-HMAC-SHA256 Access=AK, Access=BK, SignedHeaders=x-sdk-date, Signature=" + sig,
		"unknown field":      "SDK-HMAC-SHA256 Access=AK, Region=r, SignedHeaders=x-sdk-date, Signature=" + sig,
		"field without =":    "SDK-HMAC-SHA256 Access=AK, SignedHeaders, Signature=" + sig,
		"lower-case keyword": "SDK-HMAC-SHA256 access=AK, SignedHeaders=x-sdk-date, Signature=" + sig,
	} {
		_, err := Parse(value)
		if !errors.Is(err, ErrMalformedAuthorization) {
			t.Errorf("%s: Parse error = %v, want ErrMalformedAuthorization", name, err)
			continue
		}
		if strings.Contains(err.Error(), sig) {
			t.Errorf("%s: error contains the signature: %v", name, err)
		}
	}
}
