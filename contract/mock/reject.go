package mock

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/sign"
)

// The error codes of the mock's own answers, in the body the operation
// documents for its errors (errors.go): the mock names itself in the code,
// so that no one mistakes its verdict for the real service's.
const (
	codeInvalid      = "SPECDRIFT.0400" // the request violates the spec
	codeUnauthorized = "SPECDRIFT.0401" // no credentials, or a signature that does not verify
	codeNoRoute      = "SPECDRIFT.0404" // no operation has this method and path
	codeNoResponse   = "SPECDRIFT.0406" // nothing recorded or documented satisfies the Prefer header
	codeTooLarge     = "SPECDRIFT.0413" // the body exceeds Options.MaxBody or Options.MaxBodyValues
	codeBusy         = "SPECDRIFT.0503" // the bodies held at once would exceed Options.MaxBodyMemory
	codeMock         = "SPECDRIFT.0500" // the mock could not build its answer
)

// rejects says whether findings of a rule make the mock refuse a request:
// those that say the request breaks the spec's parameters, media types or
// body schema, which the real service checks too. The rest (undocumented
// query parameters, parameters sent apart, times out of order, duplicate
// IDs, undocumented fields) are logged and the request is answered: they
// record where the documentation contradicts itself, and the pages' own
// examples commit some of them.
func rejects(id contract.RuleID) bool {
	return id != contract.RuleMissingAuthentication && contract.BreaksRequest(id) // that one is answered 401 (unauthorized)
}

// rejection is the error message for a request whose findings break the
// spec, "" when there are none.
func rejection(fs []contract.Finding) string {
	var msgs []string
	for _, f := range fs {
		if rejects(f.Rule) && f.Severity == contract.SeverityError {
			msgs = append(msgs, describe(f))
		}
	}
	return strings.Join(msgs, " ")
}

// describe renders a finding for an error message: where, and what.
func describe(f contract.Finding) string {
	msg := f.Message
	if f.Expected != "" || f.Actual != "" {
		msg = strings.TrimSuffix(msg, ".") + fmt.Sprintf(" (expected %s, got %s).", orDash(f.Expected), orDash(f.Actual))
	}
	return fmt.Sprintf("[%s %s%s] %s", f.Rule, f.In, pointerSuffix(f.Pointer), msg)
}

func pointerSuffix(p string) string {
	if p == "" {
		return ""
	}
	return " " + p
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// unauthorized says why a request is refused with 401, "" if it is not:
// it carries none of the credentials its operation's security accepts (the
// validator's missing-authentication, as the proxy reports it), or, with
// Options.SecretKeys, it carries a signature of a scheme declared
// x-specdrift-signature: sdk-hmac-sha256 that does not verify.
func (s *Server) unauthorized(r *http.Request, body []byte, res *contract.Result) string {
	for _, f := range res.Findings {
		if f.Rule == contract.RuleMissingAuthentication {
			return f.Message
		}
	}
	if len(s.opts.SecretKeys) == 0 || !slices.ContainsFunc(res.Credentials, verifiable) {
		return ""
	}
	auth, err := sign.Parse(r.Header.Get("Authorization"))
	if err != nil {
		return "The Authorization header is malformed: " + err.Error() + "."
	}
	sk, ok := s.opts.SecretKeys[auth.Access]
	if !ok {
		return fmt.Sprintf("The access key %q is unknown.", auth.Access)
	}
	req := r.Clone(r.Context())
	req.Body = http.NoBody
	if len(body) > 0 {
		req.Body = nopCloser{bytes.NewReader(body)}
	}
	now := s.opts.Now()
	if err := sign.Verify(req, sk, now, signatureWindow); err != nil {
		return "The AK/SK signature does not verify: " + strings.TrimPrefix(err.Error(), "sign: ") + "."
	}
	date, err := time.Parse(sign.DateFormat, r.Header.Get(sign.HeaderDate))
	if s.opts.RejectReplays && (err != nil || !s.replays.first(auth.Signature, date, now)) {
		return "The AK/SK signature was seen before: a replayed request is refused; sign each request anew."
	}
	return ""
}

// verifiable says whether the mock can verify the signature a scheme
// carries with Options.SecretKeys: one of the form sign verifies.
func verifiable(sc contract.SecurityScheme) bool {
	return strings.EqualFold(sc.Signature, sign.FormSDKHMACSHA256)
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

// requestError answers what the generated servers could not bind. A
// request that reached them was accepted by the validator, so the spec
// allows it (an empty value of a required header, which the generated
// binders refuse, satisfies a string schema without minLength): it is
// answered as an operation without generated code is. Only a request
// without the mock's decision gets a 400.
func requestError(w http.ResponseWriter, r *http.Request, err error) {
	if callFrom(r.Context()) != nil {
		serveGeneric(w, r)
		return
	}
	shapeOf(r).write(w, http.StatusBadRequest, codeInvalid, "The request could not be read into the generated types: "+err.Error()+".")
}

// responseError answers a failure to build or write a response.
func responseError(w http.ResponseWriter, r *http.Request, err error) {
	shapeOf(r).write(w, http.StatusInternalServerError, codeMock, "The mock could not build its response: "+err.Error()+".")
}

// shapeOf is the error shape of the operation a request reached a handler
// for, problem details if it has none.
func shapeOf(r *http.Request) *errorShape {
	if c := callFrom(r.Context()); c != nil {
		return c.op.errorShape(http.StatusBadRequest)
	}
	return problem
}

// errorStatus is the status an operation answers an invalid request with:
// the 400 or 422 it documents, else 400.
func errorStatus(o *contract.Operation) int {
	if !documents(o, "400") && documents(o, "422") {
		return http.StatusUnprocessableEntity
	}
	return http.StatusBadRequest
}

func documents(o *contract.Operation, status string) bool {
	return o.Op.Responses != nil && o.Op.Responses.Value(status) != nil
}

// trace is what the log line of one request says.
type trace struct {
	method, uri string
	status      int
	op          string
	from        string
	findings    []contract.Finding
	elapsed     time.Duration
}

func (t *trace) line() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s %s -> %d", t.method, t.uri, t.status)
	if t.op != "" {
		sb.WriteString(" " + t.op)
	}
	if t.from != "" {
		sb.WriteString(" from " + t.from)
	}
	fmt.Fprintf(&sb, " in %s", t.elapsed.Round(time.Microsecond))
	if len(t.findings) == 0 {
		sb.WriteString("; no findings")
		return sb.String()
	}
	fmt.Fprintf(&sb, "; %d finding(s):", len(t.findings))
	for i, f := range t.findings {
		if i > 0 {
			sb.WriteString(" |")
		}
		fmt.Fprintf(&sb, " %s %s", f.Severity, describe(f))
	}
	return strings.ReplaceAll(sb.String(), "\n", " ")
}
