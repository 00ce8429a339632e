package sign

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

// TestCheckForm says why a header is not a well-formed signature, in the
// words of the error it wraps, and never quotes the signature.
func TestCheckForm(t *testing.T) {
	sig := strings.Repeat("ab", 32)
	good := http.Header{}
	good.Set(HeaderDate, testDate)
	good.Set("Authorization", "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature="+sig)
	tests := []struct {
		name   string
		mutate func(http.Header)
		want   error // nil: well-formed
	}{
		{"well-formed", func(http.Header) {}, nil},
		{"no Authorization", func(h http.Header) { h.Del("Authorization") }, ErrMissingAuthorization},
		{"a bearer token", func(h http.Header) { h.Set("Authorization", "Bearer "+sig) }, ErrMalformedAuthorization},
		{"a short signature", func(h http.Header) {
			h.Set("Authorization", "SDK-HMAC-SHA256 Access=AK, SignedHeaders=x-sdk-date, Signature=abcd")
		}, ErrMalformedAuthorization},
		{"no date", func(h http.Header) { h.Del(HeaderDate) }, ErrMissingDate},
		{"a date of another layout", func(h http.Header) { h.Set(HeaderDate, "2024-01-02T03:04:05Z") }, ErrMalformedDate},
		{"the date not signed", func(h http.Header) {
			h.Set("Authorization", "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature="+sig)
		}, ErrDateNotSigned},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := good.Clone()
			tt.mutate(h)
			err := CheckForm(h)
			if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Fatalf("CheckForm = %v, want %v", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), sig) {
				t.Errorf("the error quotes the signature: %v", err)
			}
			if LooksSigned(h) != (tt.want == nil) {
				t.Errorf("LooksSigned = %v, want %v", !(tt.want == nil), tt.want == nil)
			}
		})
	}
}

// TestFormNamed finds the form by the extension's value, whatever its case,
// and no form for a name it does not know.
func TestFormNamed(t *testing.T) {
	for _, name := range []string{"sdk-hmac-sha256", "SDK-HMAC-SHA256", " sdk-hmac-sha256 "} {
		f, ok := FormNamed(name)
		if !ok || f.Name != FormSDKHMACSHA256 || f.Check == nil || !strings.Contains(f.Wants, HeaderDate) {
			t.Errorf("FormNamed(%q) = %+v, %v", name, f, ok)
		}
	}
	if f, ok := FormNamed("aws4-hmac-sha256"); ok {
		t.Errorf("FormNamed(aws4-hmac-sha256) = %+v, want none", f)
	}
}

// TestParseDoesNotRepeatABareValue: an Authorization that is one word may be
// a token, and the error does not quote it; a scheme name before a space is
// named.
func TestParseDoesNotRepeatABareValue(t *testing.T) {
	tests := []struct{ value, says, not string }{
		{"MIIsecretTokenValue", "not of the form SDK-HMAC-SHA256", "MIIsecret"},
		{"ghp_secret/token+value==", "not of the form SDK-HMAC-SHA256", "ghp_secret"},
		{"Bearer MIIsecretTokenValue", `algorithm "Bearer"`, "MIIsecret"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.value)
		if !errors.Is(err, ErrMalformedAuthorization) || !strings.Contains(err.Error(), tt.says) || strings.Contains(err.Error(), tt.not) {
			t.Errorf("Parse(%q) = %v, want it to say %q and not %q", tt.value, err, tt.says, tt.not)
		}
	}
}
