package outbound

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/sign"
)

// Credentials are what a request to the base URL carries instead of the
// credentials it was recorded with, where the operation's security wants
// them. The zero value sends the recorded ones.
type Credentials struct {
	// Token goes where a scheme that takes a token wants it: an apiKey's
	// header, query parameter or cookie; Authorization with an http
	// scheme's name (Bearer, oauth2 and openIdConnect too); for Basic it is
	// user:password.
	Token string
	// AK and SK sign each request with the signature a scheme declares
	// (x-specdrift-signature), host included.
	AK, SK string
	Now    func() time.Time // the signing time; nil: time.Now
}

// Check says whether the credentials make sense together.
func (c Credentials) Check() error {
	if c.Token != "" && (c.AK != "" || c.SK != "") {
		return errors.New("give a token or an AK/SK pair, not both")
	}
	if (c.AK == "") != (c.SK == "") {
		return errors.New("AK/SK signing needs both the access key and the secret key")
	}
	return nil
}

// any reports whether the credentials replace the recorded ones.
func (c Credentials) any() bool { return c.Token != "" || c.AK != "" }

// NewRequest builds the request of method to target, which must lie under
// the base URL (see Target), with header and body. The recorded Host and
// Content-Length are dropped (the transport sets them from the target and
// the body), and so are the recorded credentials when c gives some: then
// they are placed as the first alternative of security (the operation's,
// contract.Operation.Security) that c satisfies wants them, or the request
// is signed, host included. An operation that takes none of c's gets
// none. Nothing is sent: a target that is not under the base URL is
// refused here too.
func (b *Base) NewRequest(ctx context.Context, method string, target *url.URL, header http.Header, body []byte, c Credentials, security []contract.SecurityRequirement) (*http.Request, error) {
	if err := b.check(target); err != nil {
		return nil, err
	}
	if err := c.Check(); err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, method, target.String(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if err := b.check(req.URL); err != nil { // as the request will go
		return nil, err
	}
	req.Header = header.Clone()
	if req.Header == nil {
		req.Header = http.Header{}
	}
	req.Header.Del("Host")
	req.Header.Del("Content-Length")
	if !c.any() {
		return req, nil
	}
	dropCredentials(req, security)
	for _, alt := range security {
		if len(alt) > 0 && c.satisfies(alt) {
			return req, c.place(req, alt)
		}
	}
	return req, nil
}

// satisfies says whether c gives every credential of an alternative.
func (c Credentials) satisfies(alt contract.SecurityRequirement) bool {
	for _, s := range alt {
		_, signed := sign.FormNamed(s.Signature)
		switch {
		case s.In == "", s.Signature != "" && (!signed || c.AK == ""):
			return false
		case s.Signature == "" && (c.Token == "" || strings.EqualFold(s.AuthScheme, "Basic") && !strings.Contains(c.Token, ":")):
			return false
		}
	}
	return true
}

// place sets the credentials of an alternative c satisfies, signing last
// so that the signature covers the rest.
func (c Credentials) place(req *http.Request, alt contract.SecurityRequirement) error {
	var signer *sign.Form
	for _, s := range alt {
		if s.Signature != "" {
			f, _ := sign.FormNamed(s.Signature)
			signer = &f
			continue
		}
		value := c.Token
		switch {
		case strings.EqualFold(s.AuthScheme, "Basic"):
			value = "Basic " + base64.StdEncoding.EncodeToString([]byte(c.Token))
		case s.AuthScheme != "":
			value = s.AuthScheme + " " + c.Token
		}
		switch s.In {
		case "header":
			req.Header.Set(s.Param, value)
		case "query":
			q := req.URL.Query()
			q.Set(s.Param, value)
			req.URL.RawQuery = q.Encode()
		case "cookie":
			req.AddCookie(&http.Cookie{Name: s.Param, Value: value})
		}
	}
	if signer == nil {
		return nil
	}
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	return signer.Sign(req, c.AK, c.SK, now())
}

// dropCredentials removes the credentials a request was recorded with:
// Authorization, and wherever a scheme of the operation's security puts
// them.
func dropCredentials(req *http.Request, security []contract.SecurityRequirement) {
	req.Header.Del("Authorization")
	for _, alt := range security {
		for _, s := range alt {
			if f, ok := sign.FormNamed(s.Signature); ok {
				for _, h := range f.Headers {
					req.Header.Del(h)
				}
			}
			switch s.In {
			case "header":
				req.Header.Del(s.Param)
			case "query":
				q := req.URL.Query()
				if q.Has(s.Param) {
					q.Del(s.Param)
					req.URL.RawQuery = q.Encode()
				}
			case "cookie":
				dropCookie(req.Header, s.Param)
			}
		}
	}
}

// dropCookie removes the cookie of that name from the Cookie headers.
func dropCookie(h http.Header, name string) {
	var kept []string
	for _, line := range h.Values("Cookie") {
		var parts []string
		for _, part := range strings.Split(line, ";") {
			if n, _, _ := strings.Cut(strings.TrimSpace(part), "="); n != name && strings.TrimSpace(part) != "" {
				parts = append(parts, strings.TrimSpace(part))
			}
		}
		if len(parts) > 0 {
			kept = append(kept, strings.Join(parts, "; "))
		}
	}
	h.Del("Cookie")
	for _, k := range kept {
		h.Add("Cookie", k)
	}
}
