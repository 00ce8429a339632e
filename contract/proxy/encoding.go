package proxy

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/andybalholm/brotli"
)

// The proxy passes bodies on as they came, compressed or not, and
// validates a decoded copy: a compressed JSON body is still JSON to the
// client that asked for it.

// maxCodings is the most content codings one body may stack.
const maxCodings = 2

// errUnknownCoding reports a Content-Encoding the proxy cannot decode.
var errUnknownCoding = errors.New("a content coding specdrift does not decode")

// codings lists a Content-Encoding's codings in the order they were
// applied, identity left out, lower case.
func codings(h http.Header) []string {
	var out []string
	for _, v := range h.Values("Content-Encoding") {
		for _, c := range strings.Split(v, ",") {
			if c = strings.ToLower(strings.TrimSpace(c)); c != "" && c != "identity" {
				out = append(out, c)
			}
		}
	}
	return out
}

// decodeBody undoes the body's content codings (gzip, deflate, br) for
// validation, reading at most limit decoded bytes: over says the decoded
// body is larger. A body without a coding is returned as it is. An error
// says the body does not decode, or that a coding is unknown
// (errUnknownCoding).
func decodeBody(h http.Header, body []byte, limit int64) (decoded []byte, over bool, err error) {
	cs := codings(h)
	if len(cs) == 0 || len(body) == 0 { // no body: nothing was encoded (HEAD, 204, 304)
		return body, false, nil
	}
	if len(cs) > maxCodings {
		return nil, false, fmt.Errorf("%w: %d codings stacked (%s)", errUnknownCoding, len(cs), strings.Join(cs, ", "))
	}
	for i := len(cs) - 1; i >= 0; i-- {
		r, err := decoder(cs[i], body)
		if err != nil {
			return nil, false, err
		}
		body, err = io.ReadAll(io.LimitReader(r, limit+1))
		if err != nil {
			return nil, false, codingError(cs[i], err)
		}
		if int64(len(body)) > limit {
			return nil, true, nil
		}
	}
	return body, false, nil
}

func decoder(coding string, body []byte) (io.Reader, error) {
	switch coding {
	case "gzip", "x-gzip":
		r, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, codingError(coding, err)
		}
		return r, nil
	case "deflate":
		// RFC 9110's deflate is zlib; some servers send raw deflate.
		if r, err := zlib.NewReader(bytes.NewReader(body)); err == nil {
			return r, nil
		}
		return flate.NewReader(bytes.NewReader(body)), nil
	case "br":
		return brotli.NewReader(bytes.NewReader(body)), nil
	}
	return nil, fmt.Errorf("%w: %q", errUnknownCoding, coding)
}

// codingError names the coding whose decoder failed, unless the error
// does ("gzip: invalid header").
func codingError(coding string, err error) error {
	if strings.Contains(err.Error(), ": ") {
		return err
	}
	return fmt.Errorf("%s: %w", coding, err)
}
