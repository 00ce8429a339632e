package outbound

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/specdrift/specdrift/contract/sign"
)

// Credentials are what a request to the base URL carries instead of the
// credentials it was recorded with. The zero value sends the recorded ones.
type Credentials struct {
	Token  string           // sent as X-Auth-Token
	AK, SK string           // sign each request (SDK-HMAC-SHA256), host included
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
// the token is set, or the request is signed, host included. Nothing is
// sent: a target that is not under the base URL is refused here too.
func (b *Base) NewRequest(ctx context.Context, method string, target *url.URL, header http.Header, body []byte, c Credentials) (*http.Request, error) {
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
	if c.any() {
		dropCredentials(req.Header)
	}
	switch {
	case c.Token != "":
		req.Header.Set("X-Auth-Token", c.Token)
	case c.AK != "":
		now := time.Now
		if c.Now != nil {
			now = c.Now
		}
		if err := sign.Sign(req, c.AK, c.SK, now()); err != nil {
			return nil, err
		}
	}
	return req, nil
}

// dropCredentials removes the credentials a request was recorded with.
func dropCredentials(h http.Header) {
	for k := range h {
		switch strings.ToLower(k) {
		case "x-auth-token", "authorization", strings.ToLower(sign.HeaderDate):
			delete(h, k)
		}
	}
}
