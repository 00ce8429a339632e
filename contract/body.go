package contract

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specdrift/specdrift/contract/engine"
)

func (c *check) requestBody(contentType string) {
	if n := c.ex.Request.Oversize; n > 0 {
		c.tooLarge("request", n, &c.res.Request)
		return
	}
	body := c.ex.Request.Body
	rb := c.op.Op.RequestBody
	c.res.Request.Present = len(body) > 0
	if rb == nil || rb.Value == nil {
		if len(body) > 0 {
			c.res.Request.Skipped = "the operation documents no request body"
		}
		return
	}
	ptr := c.op.Pointer + "/requestBody"
	if len(body) == 0 {
		if rb.Value.Required {
			c.add(Finding{Rule: RuleMissingRequestBody, Source: c.ex.Source.At("request"), In: "request.body",
				Spec: c.spec.Locate(ptr + "/required"), Expected: "a body", Actual: "no body",
				Message: fmt.Sprintf("%s requires a request body; send one.", c.op.ID)})
		}
		return
	}
	schema, ok := c.bodyMediaType(rb.Value.Content, contentType, "request", ptr+"/content", &c.res.Request)
	if !ok {
		return
	}
	c.body(body, schema, "request", RuleRequestBodySchema, c.v.opts.StrictRequests)
}

// bodyMediaType checks the content type of a present body and returns the
// schema to validate it with; ok is false when the body is not checked.
func (c *check) bodyMediaType(content openapi3.Content, contentType, side, ptr string, bc *BodyCheck) (*openapi3.Schema, bool) {
	if contentType == "" {
		c.add(Finding{Rule: RuleMissingContentType, Source: c.ex.Source.At(side + ".headers"), In: side + ".header", Pointer: "Content-Type",
			Spec: c.spec.Locate(ptr), Expected: joinOrNone(sortedKeys(content)), Actual: "no Content-Type",
			Message: "The " + side + " has a body but no Content-Type header; send the documented media type."})
		bc.Skipped = "no Content-Type"
		return nil, false
	}
	name, mt := mediaType(content, contentType)
	if mt == nil {
		c.add(Finding{Rule: RuleUndocumentedContentType, Source: c.ex.Source.At(side + ".headers"), In: side + ".header", Pointer: "Content-Type",
			Spec: c.spec.Locate(ptr), Expected: joinOrNone(sortedKeys(content)), Actual: contentType,
			Message: "The " + side + "'s content type is not documented for " + c.op.ID + "."})
		bc.Skipped = "content type " + contentType + " is not documented"
		return nil, false
	}
	if !isJSON(name) {
		bc.Skipped = "content type " + name + " is not JSON; specdrift validates JSON bodies"
		return nil, false
	}
	if mt.Schema == nil || mt.Schema.Value == nil {
		bc.Skipped = "media type " + name + " has no schema"
		return nil, false
	}
	return mt.Schema.Value, true
}

// body validates a JSON body with the validator's engine, and reports
// what it found.
func (c *check) body(body []byte, schema *openapi3.Schema, side string, rule RuleID, strict bool) {
	bc := &c.res.Request
	o := engine.Options{Request: true, Strict: strict}
	if side == "response" {
		bc = &c.res.Response
		o = engine.Options{Strict: strict, Echo: c.v.echo[c.op]}
	}
	o.JSONSchema2020 = c.spec.Doc.IsOpenAPI31OrLater()
	o.RawActual = true // a finding shows only the start of a value (actualJSON)
	faults, err := c.v.engines[c.spec].Validate(body, schema, o)
	if err != nil {
		var se *json.SyntaxError
		var ue *engine.UTF8Error
		line := c.ex.Source.Line(side + ".body")
		switch {
		case line <= 0:
		case errors.As(err, &se):
			line += bytes.Count(body[:min(int(se.Offset), len(body))], []byte("\n"))
		case errors.As(err, &ue):
			line += bytes.Count(body[:ue.Offset], []byte("\n"))
		}
		c.add(Finding{Rule: RuleInvalidJSONBody, Source: atLine(c.ex.Source, line), In: side + ".body",
			Spec: c.spec.Locate(c.spec.schemas[schema].PointerOr("")), Expected: "JSON", Actual: err.Error(),
			Message: "The " + side + " body is not valid JSON: " + err.Error() + "."})
		bc.Skipped = "body is not valid JSON"
		return
	}
	bc.Validated = true
	(&bodyReport{c: c, side: side, body: body}).faults(faults, rule)
}

// atLine renders the source at a line, as At renders it at a part's.
func atLine(s Source, line int) string {
	out := s.Name
	if s.Entry != "" {
		out += "#" + s.Entry
	}
	if line > 0 {
		out += ":" + strconv.Itoa(line)
	}
	return out
}

func (c *check) response() {
	r := c.ex.Response
	code := strconv.Itoa(r.Status)
	responses := c.op.Op.Responses
	var resp *openapi3.Response
	if responses != nil {
		if ref := responses.Value(code); ref != nil && ref.Value != nil {
			resp, c.res.Status = ref.Value, code
		} else if ref := responses.Value(code[:1] + "XX"); ref != nil && ref.Value != nil {
			resp, c.res.Status = ref.Value, code[:1]+"XX"
		} else if ref := responses.Default(); ref != nil && ref.Value != nil {
			resp, c.res.Status = ref.Value, "default"
		}
	}
	ptr := c.op.Pointer + "/responses/" + c.res.Status
	if resp == nil && c.v.opts.ErrorResponses && r.Status >= 400 && r.Status < 500 {
		if key, er := c.op.ErrorResponse(r.Status); er != nil {
			resp, c.res.Status, ptr = er, key, c.op.Pointer+"/responses/"+key
			if strings.HasPrefix(key, "#") {
				ptr = key[1:]
			}
		}
	}
	c.res.Response.Present = len(r.Body) > 0
	if resp == nil {
		c.add(Finding{Rule: RuleUndocumentedStatus, Source: c.ex.Source.At("response.status"), In: "response.status", Pointer: code,
			Spec: c.spec.Locate(c.op.Pointer + "/responses"), Expected: joinOrNone(c.op.Statuses()), Actual: code,
			Message: fmt.Sprintf("%s does not document status %s: document it, or fix the server.", c.op.ID, code)})
		if len(r.Body) > 0 {
			c.res.Response.Skipped = "status " + code + " is not documented"
		}
		if r.Oversize > 0 {
			c.tooLarge("response", r.Oversize, &c.res.Response)
		}
		return
	}
	c.responseHeaders(resp, ptr)
	if r.Oversize > 0 {
		c.tooLarge("response", r.Oversize, &c.res.Response)
		return
	}
	if len(resp.Content) == 0 {
		if len(r.Body) > 0 {
			c.add(Finding{Rule: RuleUnexpectedResponseBody, Source: c.ex.Source.At("response.body"), In: "response.body",
				Spec: c.spec.Locate(ptr), Expected: "no body", Actual: fmt.Sprintf("%d bytes", len(r.Body)),
				Message: fmt.Sprintf("Status %s is documented without a body, but the response has one.", code)})
			c.res.Response.Skipped = "the documented response has no body"
		}
		return
	}
	if len(r.Body) == 0 {
		if r.Status != 204 && r.Status != 304 {
			c.add(Finding{Rule: RuleMissingResponseBody, Source: c.ex.Source.At("response.status"), In: "response.body",
				Spec: c.spec.Locate(ptr + "/content"), Expected: joinOrNone(sortedKeys(resp.Content)), Actual: "no body",
				Message: fmt.Sprintf("Status %s is documented with a body, but the response has none.", code)})
		}
		return
	}
	schema, ok := c.bodyMediaType(resp.Content, r.Header.Get("Content-Type"), "response", ptr+"/content", &c.res.Response)
	if !ok {
		return
	}
	c.body(r.Body, schema, "response", RuleResponseBodySchema, !c.v.opts.LenientResponses)
}

// tooLarge reports a body that its source left out for its size: it is
// not validated.
func (c *check) tooLarge(side string, limit int64, bc *BodyCheck) {
	bc.Present = true
	bc.Skipped = fmt.Sprintf("larger than the limit for validation (%d bytes)", limit)
	c.add(Finding{Rule: RuleBodyTooLarge, Source: c.ex.Source.At(side + ".body"), In: side + ".body", Spec: c.spec.Locate(c.op.Pointer),
		Expected: fmt.Sprintf("at most %d bytes to validate", limit), Actual: fmt.Sprintf("more than %d bytes", limit),
		Message: fmt.Sprintf("The %s body is larger than the validation limit (--max-body %d): it was left out and not validated.", side, limit)})
}

func (c *check) responseHeaders(resp *openapi3.Response, ptr string) {
	for _, name := range sortedKeys(resp.Headers) {
		h := resp.Headers[name].Value
		if h == nil {
			continue
		}
		got := c.ex.Response.Header.Values(name)
		hp := ptr + "/headers/" + escapePointer(name)
		if len(got) == 0 {
			if h.Required {
				c.add(Finding{Rule: RuleResponseHeader, Source: c.ex.Source.At("response.headers"), In: "response.header", Pointer: name,
					Spec: c.spec.Locate(hp), Expected: "header " + name, Actual: "missing",
					Message: "The documented response header " + name + " is missing."})
			}
			continue
		}
		if h.Schema == nil || h.Schema.Value == nil {
			continue
		}
		if err := h.Schema.Value.VisitJSON(headerValue(h.Schema.Value, got[0]), openapi3.MultiErrors()); err != nil {
			c.add(Finding{Rule: RuleResponseHeader, Source: c.ex.Source.At("response.headers"), In: "response.header", Pointer: name,
				Spec: c.spec.Locate(hp + "/schema"), Actual: got[0], Message: "Response header " + name + ": " + plainError(err)})
		}
	}
}

func headerValue(s *openapi3.Schema, v string) any {
	if s.Type.Is("integer") || s.Type.Is("number") {
		return json.Number(v)
	}
	if s.Type.Is("boolean") {
		if b, err := strconv.ParseBool(v); err == nil {
			return b
		}
	}
	return v
}
