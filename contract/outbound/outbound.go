// Package outbound builds the requests specdrift sends to a live endpoint:
// replay's today, and those of anything else that sends (a probe). Every
// target is resolved against the base URL by reference resolution and
// refused, before any byte is sent, unless it has the base URL's scheme,
// host and port and lies under its path; the credentials (an IAM token, or
// AK/SK signing, which signs the host) are applied to that request only.
// Nothing here follows a redirect or goes through a proxy from the
// environment: either would take the credentials to another host.
package outbound

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Base is the endpoint requests are sent to: an http or https URL with a
// host. A user name or password in the URL it was made from is dropped: it
// is never sent and never shown.
type Base struct {
	u    url.URL // without userinfo, query and fragment; the path ends in "/"
	text string  // the URL as given, without userinfo
}

// NewBase checks u and returns the base it names.
func NewBase(u *url.URL) (*Base, error) {
	if u == nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") || u.Opaque != "" {
		return nil, errors.New("the base URL must be an http or https URL with a host")
	}
	shown := *u
	shown.User = nil
	b := &Base{u: shown, text: shown.String()}
	b.u.RawQuery, b.u.ForceQuery, b.u.Fragment, b.u.RawFragment = "", false, "", ""
	b.u.Scheme = strings.ToLower(b.u.Scheme)
	b.u.Host = strings.ToLower(b.u.Host)
	if !strings.HasSuffix(b.u.Path, "/") {
		b.u = *b.u.JoinPath("/")
	}
	return b, nil
}

// String is the base URL as given, without user name or password.
func (b *Base) String() string { return b.text }

// Root is the base URL without user name or password and without a
// trailing slash: what a recorded request's path is appended to.
func (b *Base) Root() string { return strings.TrimSuffix(b.u.String(), "/") }

// RefusedError says why a request was not sent: its target is not under
// the base URL. It never shows the query, which may carry secrets.
type RefusedError struct {
	Target string // the path (or URL without its query) as recorded
	Reason string
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("request url %q not sent: %s", e.Target, e.Reason)
}

// SplitRecorded checks a recorded request URL and returns its escaped path
// and raw query. An absolute http or https URL gives its path and query:
// the host it was recorded against is not contacted, the request goes to
// the base URL. Anything else must be a path starting with "/": a relative
// reference ("1/v3/...", "@127.0.0.1/...", ".attacker.example/...") would
// change the host when appended to a base URL, one starting with "//"
// names another host, and a backslash is a slash to some servers and
// clients. Dot segments (".", "..", "%2e%2e") are refused too: they leave
// the base URL's path.
func SplitRecorded(raw string) (path, query string, err error) {
	shown := raw
	if i := strings.IndexAny(shown, "?#"); i >= 0 {
		shown = shown[:i]
	}
	refuse := func(reason string) (string, string, error) {
		return "", "", &RefusedError{Target: stripUserinfo(shown), Reason: reason}
	}
	if strings.ContainsRune(shown, '\\') {
		return refuse("it has a backslash, which some servers read as a slash")
	}
	if !hasScheme(raw) && !strings.HasPrefix(raw, "/") {
		return refuse("a path must start with /: appended to the base URL, this one could change its host or port")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return refuse("it is not a URL")
	}
	switch {
	case u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https", u.Opaque != "":
		return refuse("only http and https URLs, and paths starting with /, are sent")
	case u.Scheme == "" && u.Host != "", u.Scheme == "" && strings.HasPrefix(raw, "//"):
		return refuse("a URL starting with // names another host; record the path, starting with a single /")
	case u.Scheme == "" && !strings.HasPrefix(u.Path, "/"):
		return refuse("a path must start with /: appended to the base URL, this one could change its host or port")
	case u.Scheme != "" && u.Host == "":
		return refuse("the URL has no host")
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	for _, seg := range strings.Split(p, "/") {
		if s, err := url.PathUnescape(seg); err == nil && (s == "." || s == "..") || strings.Contains(seg, "\\") {
			return refuse("a . or .. segment leaves the base URL's path")
		}
	}
	if strings.HasPrefix(p, "//") {
		return refuse("a path starting with // names another host to some clients")
	}
	return p, u.RawQuery, nil
}

// Target resolves ref, an escaped path starting with "/" and its query, as
// a reference relative to the base URL (a recorded path lies under the
// base URL's path), and refuses a result that is not on the base URL's
// scheme, host and port, or not under its path.
func (b *Base) Target(ref string) (*url.URL, error) {
	p, q, _ := strings.Cut(ref, "?")
	if _, _, err := SplitRecorded(p); err != nil {
		return nil, err
	}
	rel, err := url.Parse("./" + strings.TrimPrefix(p, "/"))
	if err != nil {
		return nil, &RefusedError{Target: p, Reason: "it is not a URL path"}
	}
	rel.RawQuery = q
	t := b.u.ResolveReference(rel)
	if err := b.check(t); err != nil {
		return nil, err
	}
	return t, nil
}

// check refuses a URL that is not under the base URL.
func (b *Base) check(t *url.URL) error {
	refuse := func(reason string) error {
		return &RefusedError{Target: t.Scheme + "://" + t.Host + t.EscapedPath(), Reason: reason}
	}
	switch {
	case t.User != nil:
		return refuse("it carries a user name or password")
	case !strings.EqualFold(t.Scheme, b.u.Scheme):
		return refuse("its scheme is not the base URL's")
	case !strings.EqualFold(t.Hostname(), b.u.Hostname()):
		return refuse("its host is not the base URL's")
	case port(t) != port(&b.u):
		return refuse("its port is not the base URL's")
	case !strings.HasPrefix(t.EscapedPath(), b.u.EscapedPath()):
		return refuse("its path is not under the base URL's")
	}
	return nil
}

func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "https") {
		return "443"
	}
	return "80"
}

// hasScheme reports whether raw starts with a URL scheme and ":".
func hasScheme(raw string) bool {
	for i, c := range raw {
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

// stripUserinfo drops what stands between "://" and the last "@" before the
// next "/" of a URL that may not parse.
func stripUserinfo(raw string) string {
	i := strings.Index(raw, "://")
	if i < 0 {
		return raw
	}
	rest := raw[i+3:]
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
		return raw[:i+3] + rest[at+1:]
	}
	return raw
}

// NewClient is a client for requests to one base URL: it follows no
// redirect (the response is the one the endpoint gave) and uses no proxy
// from the environment; conns is the number of idle connections kept.
func NewClient(conns int, tlsTimeout time.Duration) *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			Proxy:               nil,
			DialContext:         (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			MaxIdleConnsPerHost: conns,
			TLSHandshakeTimeout: tlsTimeout,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
