package sign

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
)

// Errors returned (wrapped) by Verify; test with errors.Is.
var (
	ErrMissingAuthorization = errors.New("sign: missing Authorization header")
	ErrMissingDate          = errors.New("sign: missing " + HeaderDate + " header")
	ErrMalformedDate        = errors.New("sign: malformed " + HeaderDate + " header")
	ErrDateNotSigned        = errors.New("sign: " + HeaderDate + " is not a signed header")
	ErrDateSkew             = errors.New("sign: " + HeaderDate + " too far from current time")
	ErrMissingSignedHeader  = errors.New("sign: signed header missing from request")
	ErrBodyHashMismatch     = errors.New("sign: body does not match " + HeaderContentSha256)
	ErrSignatureMismatch    = errors.New("sign: signature mismatch")
)

// Sign signs req with the access key ak and secret key sk at time now. It
// sets X-Sdk-Date to now (UTC) and Authorization, replacing any previous
// values, and reads and restores req.Body to hash it.
//
// Like the official Go SDK, it signs every header present in req.Header
// except Authorization, Content-Type (which transports and proxies may
// rewrite), Content-Length and Transfer-Encoding (set by the transport) and
// names containing "_" (dropped by many proxies). Unlike the SDK, which
// signs "host" only when the request has a Host header, it always signs
// "host" (req.Host, or req.URL.Host): a signature that leaves the host out
// is valid for the same request sent to any other host, so a request that
// reached the wrong one could be replayed against the real API. Set
// X-Sdk-Content-Sha256 to UnsignedPayload before signing to leave the body
// out of the signature.
func Sign(req *http.Request, ak, sk string, now time.Time) error {
	return signHeaders(req, ak, sk, now, true)
}

// signHeaders signs as Sign does, with "host" only when host is true or
// req.Header has a Host entry, as the SDK signs.
func signHeaders(req *http.Request, ak, sk string, now time.Time, host bool) error {
	if ak == "" || strings.ContainsAny(ak, " \t,=") {
		return errors.New("sign: access key is empty or contains space, ',' or '='")
	}
	if sk == "" {
		return errors.New("sign: secret key is empty")
	}
	if req.Header == nil {
		req.Header = http.Header{}
	}
	req.Header.Del("Authorization")
	date := now.UTC().Format(DateFormat)
	req.Header.Set(HeaderDate, date)

	signed := signedHeaderNames(req.Header, host)
	cr, err := CanonicalRequest(req, signed)
	if err != nil {
		return err
	}
	auth := Authorization{
		Access:        ak,
		SignedHeaders: signed,
		Signature:     hex.EncodeToString(mac(sk, StringToSign(cr, date))),
	}
	req.Header.Set("Authorization", auth.String())
	return nil
}

// Verify checks req's SDK-HMAC-SHA256 signature against the secret key sk.
// It requires a well-formed X-Sdk-Date that is itself signed and, when
// maxSkew > 0, no further than maxSkew from now. Every signed header must be
// present. When X-Sdk-Content-Sha256 is signed with a value other than
// UnsignedPayload, the body must hash to that value. The signature is
// compared in constant time. The body is read and restored.
//
// Verify does not check the access key; to choose sk by access key, Parse
// the Authorization header first. Errors wrap one of the Err* values (or
// ErrMalformedAuthorization) and never contain sk or the signature.
func Verify(req *http.Request, sk string, now time.Time, maxSkew time.Duration) error {
	if sk == "" {
		return errors.New("sign: secret key is empty")
	}
	value := req.Header.Get("Authorization")
	if value == "" {
		return ErrMissingAuthorization
	}
	auth, err := Parse(value)
	if err != nil {
		return err
	}
	date := req.Header.Get(HeaderDate)
	t, err := parseDate(date)
	if err != nil {
		return err
	}
	if !containsFold(auth.SignedHeaders, HeaderDate) {
		return fmt.Errorf("%w (SignedHeaders=%s)", ErrDateNotSigned, strings.Join(auth.SignedHeaders, ";"))
	}
	if maxSkew > 0 {
		if d := now.Sub(t); d > maxSkew || d < -maxSkew {
			return fmt.Errorf("%w: %s=%s is %s from now (%s), allowed %s",
				ErrDateSkew, HeaderDate, date, d.Round(time.Second), now.UTC().Format(DateFormat), maxSkew)
		}
	}
	for _, name := range auth.SignedHeaders {
		if vs := headerValues(req, name); len(vs) == 0 || vs[0] == "" && strings.EqualFold(name, "host") {
			return fmt.Errorf("%w: %q", ErrMissingSignedHeader, name)
		}
	}
	if h, ok := signedContentHash(req, auth.SignedHeaders); ok && h != UnsignedPayload {
		body, err := readBody(req)
		if err != nil {
			return err
		}
		if !strings.EqualFold(h, hexSHA256(body)) {
			return ErrBodyHashMismatch
		}
	}
	cr, err := CanonicalRequest(req, auth.SignedHeaders)
	if err != nil {
		return err
	}
	got, err := hex.DecodeString(auth.Signature)
	if err != nil {
		return fmt.Errorf("%w: Signature is not hex", ErrMalformedAuthorization)
	}
	if !hmac.Equal(got, mac(sk, StringToSign(cr, date))) {
		return fmt.Errorf("%w: access key %s, SignedHeaders=%s, canonical request sha256 %s",
			ErrSignatureMismatch, auth.Access, strings.Join(auth.SignedHeaders, ";"), hexSHA256([]byte(cr)))
	}
	return nil
}

// LooksSigned reports whether h carries a well-formed SDK-HMAC-SHA256
// Authorization header that signs X-Sdk-Date, and a well-formed X-Sdk-Date
// (CheckForm says why not).
func LooksSigned(h http.Header) bool { return CheckForm(h) == nil }

// signedHeaderNames lists the lower-case, sorted names Sign signs: the
// headers of h, and "host" if host is true.
func signedHeaderNames(h http.Header, host bool) []string {
	seen := map[string]bool{}
	var names []string
	if host {
		seen["host"] = true
		names = append(names, "host")
	}
	for k := range h {
		name := strings.ToLower(k)
		switch {
		case seen[name], strings.Contains(name, "_"),
			name == "authorization", name == "content-type",
			name == "content-length", name == "transfer-encoding":
			continue
		}
		seen[name] = true
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// parseDate strictly parses an X-Sdk-Date value.
func parseDate(date string) (time.Time, error) {
	if date == "" {
		return time.Time{}, ErrMissingDate
	}
	t, err := time.Parse(DateFormat, date)
	if err != nil || t.Format(DateFormat) != date {
		if len(date) > 32 {
			date = date[:32] + "..."
		}
		return time.Time{}, fmt.Errorf("%w: %q, want layout %s", ErrMalformedDate, date, DateFormat)
	}
	return t, nil
}

func mac(sk, stringToSign string) []byte {
	m := hmac.New(sha256.New, []byte(sk))
	m.Write([]byte(stringToSign))
	return m.Sum(nil)
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
