// Package sign implements Huawei Cloud's AK/SK request signing, algorithm
// "SDK-HMAC-SHA256", as described in Huawei Cloud's "API Request Signing
// Guide" and as applied by the official Go SDK
// (github.com/huaweicloud/huaweicloud-sdk-go-v3, core/auth/signer).
//
// The signature is computed as follows:
//
//	CanonicalRequest = Method "\n" CanonicalURI "\n" CanonicalQueryString "\n"
//	                   CanonicalHeaders "\n" SignedHeaders "\n" HexSHA256(body)
//	StringToSign     = "SDK-HMAC-SHA256\n" X-Sdk-Date "\n" HexSHA256(CanonicalRequest)
//	Signature        = Hex(HMAC-SHA256(SK, StringToSign))
//	Authorization    = "SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=sig"
//
// where CanonicalURI is the path with every segment percent-encoded and a
// trailing "/" appended when missing; CanonicalQueryString is the query
// parameters sorted by name, then by value, each name and value
// percent-encoded, joined with "&"; CanonicalHeaders has one
// "name:trimmed value\n" line per signed header value (names lower-case,
// in SignedHeaders order, values trimmed then sorted); and SignedHeaders is the
// lower-case header names joined with ";". Percent-encoding leaves only
// A-Z a-z 0-9 - _ . ~ unescaped and uses upper-case hex.
package sign

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

const (
	// Algorithm is the signing algorithm name used in the Authorization header
	// and the string to sign.
	Algorithm = "SDK-HMAC-SHA256"
	// HeaderDate is the request header carrying the signing time.
	HeaderDate = "X-Sdk-Date"
	// HeaderContentSha256 optionally carries the body hash to sign instead of
	// hashing the body, e.g. UnsignedPayload.
	HeaderContentSha256 = "X-Sdk-Content-Sha256"
	// UnsignedPayload is the HeaderContentSha256 value that excludes the body
	// from the signature.
	UnsignedPayload = "UNSIGNED-PAYLOAD"
	// DateFormat is the time layout of HeaderDate (always UTC).
	DateFormat = "20060102T150405Z"
)

// CanonicalRequest returns the canonical request of req for the given signed
// header names (lower-case, in the order they appear in the Authorization
// header). The "host" header is taken from req.Host (or req.URL.Host). When
// "x-sdk-content-sha256" is signed its value replaces the body hash;
// otherwise the body is read and restored. Signed headers absent from req
// contribute no lines.
func CanonicalRequest(req *http.Request, signedHeaders []string) (string, error) {
	query, err := canonicalQuery(req.URL.RawQuery)
	if err != nil {
		return "", err
	}
	payload, ok := signedContentHash(req, signedHeaders)
	if !ok {
		body, err := readBody(req)
		if err != nil {
			return "", err
		}
		payload = hexSHA256(body)
	}
	var b strings.Builder
	b.WriteString(req.Method + "\n")
	b.WriteString(canonicalURI(req.URL) + "\n")
	b.WriteString(query + "\n")
	for _, name := range signedHeaders {
		for _, v := range headerValues(req, name) {
			b.WriteString(name + ":" + v + "\n")
		}
	}
	b.WriteString("\n")
	b.WriteString(strings.Join(signedHeaders, ";") + "\n")
	b.WriteString(payload)
	return b.String(), nil
}

// StringToSign returns the string to sign for a canonical request and the
// X-Sdk-Date value it was signed at.
func StringToSign(canonicalRequest, date string) string {
	return Algorithm + "\n" + date + "\n" + hexSHA256([]byte(canonicalRequest))
}

// signedContentHash returns the X-Sdk-Content-Sha256 value when that header
// is among the signed headers and present.
func signedContentHash(req *http.Request, signedHeaders []string) (string, bool) {
	for _, name := range signedHeaders {
		if strings.EqualFold(name, HeaderContentSha256) {
			if vs := headerValues(req, name); len(vs) > 0 {
				return vs[0], true
			}
		}
	}
	return "", false
}

// headerValues returns the values of the named header, matching the name
// case-insensitively, trimmed and then sorted (values arrive trimmed on the
// server, so sorting untrimmed values could order them differently there).
// "host" comes from the request's host.
func headerValues(req *http.Request, name string) []string {
	if strings.EqualFold(name, "host") {
		if req.Host != "" {
			return []string{req.Host}
		}
		return []string{req.URL.Host}
	}
	var vs []string
	for k, v := range req.Header {
		if strings.EqualFold(k, name) {
			for _, x := range v {
				vs = append(vs, strings.TrimSpace(x))
			}
		}
	}
	sort.Strings(vs)
	return vs
}

// canonicalURI escapes each path segment and ensures a trailing slash.
func canonicalURI(u *url.URL) string {
	segs := strings.Split(u.EscapedPath(), "/")
	for i, s := range segs {
		if raw, err := url.PathUnescape(s); err == nil {
			s = raw
		}
		segs[i] = escape(s)
	}
	p := strings.Join(segs, "/")
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// canonicalQuery sorts the decoded parameters by name and value and joins
// them escaped.
func canonicalQuery(rawQuery string) (string, error) {
	values, err := url.ParseQuery(rawQuery)
	if err != nil {
		return "", fmt.Errorf("sign: malformed query string: %w", err)
	}
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		vs := append([]string(nil), values[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			parts = append(parts, escape(k)+"="+escape(v))
		}
	}
	return strings.Join(parts, "&"), nil
}

// escape percent-encodes every byte outside A-Z a-z 0-9 - _ . ~.
func escape(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
			c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

// readBody reads req.Body completely and puts an equivalent reader back.
func readBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	body, err := io.ReadAll(req.Body)
	closeErr := req.Body.Close()
	req.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("sign: reading request body: %w", err)
	}
	if closeErr != nil {
		return nil, fmt.Errorf("sign: closing request body: %w", closeErr)
	}
	if req.GetBody == nil {
		req.GetBody = func() (io.ReadCloser, error) {
			return io.NopCloser(bytes.NewReader(body)), nil
		}
	}
	return body, nil
}

func hexSHA256(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
