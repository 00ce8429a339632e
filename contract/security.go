package contract

import (
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specdrift/specdrift/contract/sign"
)

// ExtSignature is the extension of a security scheme that names the form of
// the signature its credential is (an apiKey scheme in header
// Authorization, say): the credentials check then wants a well-formed
// signature of that form, not just a value. contract/sign knows the forms
// (sign.FormNamed); one it does not know is checked for a value only.
const ExtSignature = "x-specdrift-signature"

// SecurityScheme is one way a spec lets a request carry credentials: a
// scheme of its components/securitySchemes, reduced to what a request shows.
type SecurityScheme struct {
	Name string // the scheme's key under components/securitySchemes
	Type string // apiKey, http, oauth2, openIdConnect, mutualTLS
	// In and Param say where the credential goes: the header, query
	// parameter or cookie of that name ("header" "Authorization" for http,
	// oauth2 and openIdConnect). In is "" for a scheme a request cannot
	// show: mutualTLS, a type OpenAPI does not define, a name no scheme has.
	In, Param string
	// AuthScheme is the Authorization scheme an http scheme wants ("Basic",
	// "Bearer", "Digest", as the spec writes it); "Bearer" for oauth2 and
	// openIdConnect, whose access tokens are bearer tokens.
	AuthScheme string
	Signature  string // the scheme's x-specdrift-signature, "" for none
	Pointer    string // where the spec defines it: "/components/securitySchemes/token"
}

// SecurityRequirement is one alternative of an operation's security: the
// schemes a request satisfies together. An empty one asks for nothing.
type SecurityRequirement []SecurityScheme

// Wants says what the scheme asks of a request, for messages: "header
// X-Api-Key", "query api_key", "cookie SID", "Authorization: Bearer", or
// what its signature form carries.
func (s SecurityScheme) Wants() string {
	if s.Signature != "" {
		if f, ok := sign.FormNamed(s.Signature); ok {
			return f.Wants
		}
		return s.In + " " + s.Param + " (a " + s.Signature + " signature)"
	}
	switch {
	case s.Type == "mutualTLS":
		return "a TLS client certificate"
	case s.In == "":
		return "credentials specdrift cannot see in a request"
	case s.AuthScheme != "":
		return "Authorization: " + s.AuthScheme
	}
	return s.In + " " + s.Param
}

// describe names the scheme and what it wants: "key (header X-Api-Key)".
func (s SecurityScheme) describe() string { return s.Name + " (" + s.Wants() + ")" }

func (r SecurityRequirement) describe() string {
	if len(r) == 0 {
		return "no credentials"
	}
	parts := make([]string, len(r))
	for i, s := range r {
		parts[i] = s.describe()
	}
	return strings.Join(parts, " and ")
}

// describeSecurity names the alternatives: "key (header X-Api-Key), or
// bearer (Authorization: Bearer)".
func describeSecurity(alts []SecurityRequirement) string {
	parts := make([]string, len(alts))
	for i, r := range alts {
		parts[i] = r.describe()
	}
	return strings.Join(parts, ", or ")
}

// Security returns the alternatives of the operation's security: those of
// its own security field where it has one (`security: []` asks for none),
// else the document's; nil when neither asks for any. An empty alternative
// (`- {}`) makes credentials optional.
func (o *Operation) Security() []SecurityRequirement {
	reqs := o.Spec.Doc.Security
	if o.Op.Security != nil {
		reqs = *o.Op.Security
	}
	if len(reqs) == 0 {
		return nil
	}
	out := make([]SecurityRequirement, 0, len(reqs))
	for _, req := range reqs {
		r := SecurityRequirement{}
		for _, name := range sortedKeys(req) {
			r = append(r, o.Spec.securityScheme(name))
		}
		out = append(out, r)
	}
	return out
}

// securityScheme reads the scheme of this name.
func (s *Spec) securityScheme(name string) SecurityScheme {
	out := SecurityScheme{Name: name, Pointer: "/components/securitySchemes/" + escapePointer(name)}
	var ref *openapi3.SecuritySchemeRef
	if c := s.Doc.Components; c != nil {
		ref = c.SecuritySchemes[name]
	}
	if ref == nil || ref.Value == nil {
		return out
	}
	v := ref.Value
	out.Type = v.Type
	out.Signature, _ = v.Extensions[ExtSignature].(string)
	switch v.Type {
	case "apiKey":
		switch v.In {
		case "header", "query", "cookie":
			out.In, out.Param = v.In, v.Name
		}
		if out.Param == "" {
			out.In = ""
		}
	case "http":
		out.In, out.Param, out.AuthScheme = "header", "Authorization", httpScheme(v.Scheme)
		if out.AuthScheme == "" {
			out.In = ""
		}
	case "oauth2", "openIdConnect":
		out.In, out.Param, out.AuthScheme = "header", "Authorization", "Bearer"
	}
	return out
}

// httpScheme writes the well-known schemes as RFC 7617 and RFC 6750 do, and
// any other as the spec does.
func httpScheme(s string) string {
	switch strings.ToLower(s) {
	case "basic":
		return "Basic"
	case "bearer":
		return "Bearer"
	}
	return s
}

// Credential is a place where a request carries credentials: a header,
// query parameter or cookie.
type Credential struct {
	In   string // header, query or cookie
	Name string // as the spec writes it
}

// Credentials lists every place the spec's security schemes carry
// credentials (header Authorization for http, oauth2 and openIdConnect),
// sorted, each once: what a recording must not keep.
func (s *Spec) Credentials() []Credential {
	var out []Credential
	seen := map[Credential]bool{}
	if s.Doc.Components != nil {
		for _, name := range sortedKeys(s.Doc.Components.SecuritySchemes) {
			sc := s.securityScheme(name)
			c := Credential{In: sc.In, Name: sc.Param}
			if sc.In == "header" {
				c.Name = strings.ToLower(c.Name) // header names are not case-sensitive
			}
			if sc.In == "" || seen[c] {
				continue
			}
			seen[c] = true
			out = append(out, Credential{In: sc.In, Name: sc.Param})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].In != out[j].In {
			return out[i].In < out[j].In
		}
		return out[i].Name < out[j].Name
	})
	return out
}
