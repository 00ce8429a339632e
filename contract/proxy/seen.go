package proxy

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/specdrift/specdrift/contract"
)

// view is what validation gets of one body: the bytes to validate (its
// content codings undone), or why there are none.
type view struct {
	body    []byte
	whole   bool  // body is the whole body, decoded
	over    bool  // larger than MaxBody, as sent or decoded
	decoded bool  // the body had content codings, undone in body
	coding  error // the body does not decode, or by a coding the proxy does not know
}

// view decodes a body that was seen whole, within MaxBody.
func (p *Proxy) view(h http.Header, s snapshot) view {
	if !s.complete || s.over {
		return view{over: s.over}
	}
	body, over, err := decodeBody(h, s.body, p.opts.MaxBody)
	decoded := len(codings(h)) > 0
	switch {
	case err != nil:
		return view{coding: err, decoded: decoded}
	case over:
		return view{over: true, decoded: decoded}
	}
	return view{body: body, whole: true, decoded: decoded}
}

// unseen replaces the findings about a body that was not seen whole by
// one that says why: body-too-large or content-encoding (none when the
// body was cut off, which the fault's finding tells).
func (p *Proxy) unseen(fs []contract.Finding, side string, v view, operation, source string) []contract.Finding {
	fs = dropIn(fs, side+".body")
	switch {
	case v.over:
		r, _ := contract.LookupRule(contract.RuleBodyTooLarge)
		what, actual := "The "+side+" body is", fmt.Sprintf("more than %d bytes", p.opts.MaxBody)
		if v.decoded {
			what, actual = "Decoded, the "+side+" body is", actual+" decoded"
		}
		fs = append(fs, contract.Finding{Rule: r.ID, Severity: r.Severity, Operation: operation, Source: source, In: side + ".body",
			Expected: fmt.Sprintf("at most %d bytes to validate", p.opts.MaxBody), Actual: actual,
			Message: fmt.Sprintf("%s larger than the validation limit (--max-body %d): it was passed on unchanged but not validated.", what, p.opts.MaxBody)})
	case v.coding != nil:
		r, _ := contract.LookupRule(contract.RuleContentEncoding)
		f := contract.Finding{Rule: r.ID, Severity: r.Severity, Operation: operation, Source: source, In: side + ".header", Pointer: "Content-Encoding",
			Expected: "gzip, deflate or br", Actual: v.coding.Error(),
			Message: fmt.Sprintf("The %s body's Content-Encoding is one specdrift does not decode: it was passed on unchanged but not validated.", side)}
		if !errors.Is(v.coding, errUnknownCoding) {
			f.Severity, f.In, f.Pointer, f.Expected = contract.SeverityError, side+".body", "", "a body that decodes by its Content-Encoding"
			f.Message = fmt.Sprintf("The %s body does not decode by its Content-Encoding (%s): a client cannot read it. It was passed on unchanged.", side, v.coding)
		}
		fs = append(fs, f)
	}
	return fs
}

// recorded is the header to record with a body whose codings were undone:
// without the Content-Encoding and Content-Length that no longer apply.
func recorded(h http.Header, v view) http.Header {
	if !v.decoded {
		return h
	}
	h = h.Clone()
	h.Del("Content-Encoding")
	h.Del("Content-Length")
	return h
}
