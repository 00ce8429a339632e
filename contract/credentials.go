package contract

import (
	"encoding/base64"
	"net/http"
	"slices"
	"strings"

	"github.com/specdrift/specdrift/contract/sign"
)

// credentials checks that the request carries what one alternative of the
// operation's security wants, and reports missing-authentication naming
// the alternatives when it does not. It checks presence and form only:
// no secret is known to verify a token, a password or a signature with.
func (c *check) credentials(req *http.Request) {
	alts := c.v.security[c.op]
	if alts == nil {
		return
	}
	var met []SecurityScheme
	var reasons []string
	ok := false
	for _, alt := range alts {
		all := true
		for _, s := range alt {
			present, why := s.carried(req)
			switch {
			case present && why == "":
				if !slices.ContainsFunc(met, func(m SecurityScheme) bool { return m.Name == s.Name }) {
					met = append(met, s)
				}
				continue
			case present:
				if r := s.Name + ": " + why; !slices.Contains(reasons, r) {
					reasons = append(reasons, r)
				}
			}
			all = false
		}
		ok = ok || all
	}
	if ok {
		c.res.Credentials = met
		return
	}
	c.add(c.missingCredentials(alts, reasons))
}

// missingCredentials is the finding of a request that satisfies no
// alternative: where credentials go, what each alternative wants, and why
// the credentials it does carry do not count.
func (c *check) missingCredentials(alts []SecurityRequirement, reasons []string) Finding {
	var places, ins []string
	for _, alt := range alts {
		for _, s := range alt {
			if s.In != "" && !slices.Contains(places, s.Param) {
				places = append(places, s.Param)
			}
			if s.In != "" && !slices.Contains(ins, s.In) {
				ins = append(ins, s.In)
			}
		}
	}
	in, part := "request", "request.headers"
	if len(ins) == 1 {
		in = "request." + ins[0]
		if ins[0] == "query" {
			part = "request.url"
		}
	}
	actual, msg := "no credentials", "The request carries no credentials"
	if len(reasons) > 0 {
		actual, msg = "no credentials of the form wanted", "The request carries no credentials of the form"
	}
	msg += " the operation accepts: send " + describeSecurity(alts) + "."
	if len(reasons) > 0 {
		msg += " " + strings.Join(reasons, " ")
	}
	return Finding{Rule: RuleMissingAuthentication, Source: c.ex.Source.At(part), In: in, Pointer: strings.Join(places, "|"),
		Spec: c.spec.Locate(c.securityPointer()), Expected: describeSecurity(alts), Actual: actual, Message: msg}
}

// carried says whether the request carries the scheme's credential, and
// if so why it does not count ("" when it does), never quoting it. A scheme
// a request cannot show is taken as carried: it is not held against the
// request.
func (s SecurityScheme) carried(req *http.Request) (present bool, why string) {
	var value string
	switch s.In {
	case "":
		return true, ""
	case "header":
		value = strings.TrimSpace(req.Header.Get(s.Param))
	case "query":
		value = strings.TrimSpace(req.URL.Query().Get(s.Param))
	case "cookie":
		if ck, err := req.Cookie(s.Param); err == nil {
			value = strings.TrimSpace(ck.Value)
		}
	}
	if value == "" {
		return false, ""
	}
	if s.AuthScheme != "" {
		if why := authorization(value, s.AuthScheme); why != "" {
			return true, why
		}
	}
	if s.Signature != "" {
		if f, ok := sign.FormNamed(s.Signature); ok {
			if err := f.Check(req.Header); err != nil {
				return true, strings.TrimPrefix(err.Error(), "sign: ") + "."
			}
		}
	}
	return true, ""
}

// authorization says why an Authorization value does not use the scheme it
// must ("" when it does): its name (case-insensitive, RFC 9110), then
// credentials after it, which for Basic are base64 of user:password
// (RFC 7617).
func authorization(value, scheme string) string {
	name, cred, _ := strings.Cut(value, " ")
	if !strings.EqualFold(name, scheme) {
		return "Authorization is not of the " + scheme + " scheme."
	}
	cred = strings.TrimSpace(cred)
	if cred == "" {
		return "Authorization: " + scheme + " carries no credentials."
	}
	if strings.EqualFold(scheme, "Basic") {
		raw, err := base64.StdEncoding.DecodeString(cred)
		if err != nil || !strings.Contains(string(raw), ":") {
			return "Authorization: Basic is not base64 of user:password."
		}
	}
	return ""
}
