package contract

// RuleID names a check; it is stable and kebab-case.
type RuleID string

// Rule is one entry of the rule registry.
type Rule struct {
	ID       RuleID
	Severity Severity // the default severity
	Summary  string
}

// The rule IDs. Each has one entry in Rules.
const (
	RuleUnknownOperation           RuleID = "unknown-operation"
	RulePathParameterSlash         RuleID = "path-parameter-slash"
	RuleRequestParameter           RuleID = "request-parameter"
	RuleMissingAuthentication      RuleID = "missing-authentication"
	RuleUndocumentedQueryParameter RuleID = "undocumented-query-parameter"
	RuleParametersTogether         RuleID = "parameters-together"
	RuleMissingContentType         RuleID = "missing-content-type"
	RuleUndocumentedContentType    RuleID = "undocumented-content-type"
	RuleInvalidJSONBody            RuleID = "invalid-json-body"
	RuleMissingRequestBody         RuleID = "missing-request-body"
	RuleRequestBodySchema          RuleID = "request-body-schema"
	RuleUndocumentedRequestField   RuleID = "undocumented-request-field"
	RuleUndocumentedStatus         RuleID = "undocumented-status"
	RuleMissingResponseBody        RuleID = "missing-response-body"
	RuleUnexpectedResponseBody     RuleID = "unexpected-response-body"
	RuleResponseHeader             RuleID = "response-header"
	RuleResponseBodySchema         RuleID = "response-body-schema"
	RuleUndocumentedResponseField  RuleID = "undocumented-response-field"
	RuleTimeOrder                  RuleID = "time-order"
	RuleDuplicateID                RuleID = "duplicate-id"
	RuleStatusCoverageLost         RuleID = "status-coverage-lost"
	RuleStatusNotCovered           RuleID = "status-not-covered"
	RuleUpstreamUnreachable        RuleID = "upstream-unreachable"
	RuleUpstreamTimeout            RuleID = "upstream-timeout"
	RuleUpstreamReset              RuleID = "upstream-reset"
	RuleUpstreamNotHTTP            RuleID = "upstream-not-http"
	RuleClientTimeout              RuleID = "client-timeout"
	RuleBodyTooLarge               RuleID = "body-too-large"
	RuleContentEncoding            RuleID = "content-encoding"
	RuleUpgradeNotValidated        RuleID = "upgrade-not-validated"
	RuleReplaySkipped              RuleID = "replay-skipped"
)

// The rule IDs of probe's checks on the responses to the requests it
// generates. Each has one entry in Rules.
const (
	RuleServerError            RuleID = "server-error"
	RuleInvalidRequestAccepted RuleID = "invalid-request-accepted"
	RuleValidRequestRejected   RuleID = "valid-request-rejected"
	RuleSlowResponse           RuleID = "slow-response"
	RuleProbeSkipped           RuleID = "probe-skipped"
	RuleLinkFailed             RuleID = "link-failed"
	RuleCreatedNotListed       RuleID = "created-not-listed"
	RuleWorkflowStepFailed     RuleID = "workflow-step-failed"
)

// The rule IDs of a spec's own problems, found as it loads. Each has one
// entry in Rules.
const (
	RuleSpecInvalid        RuleID = "spec-invalid"
	RuleSpecAmbiguousPaths RuleID = "spec-ambiguous-paths"
	RuleSpecExampleInvalid RuleID = "spec-example-invalid"
	RuleSpecDefaultInvalid RuleID = "spec-default-invalid"
	RuleSpecExampleNoValue RuleID = "spec-example-no-value"
)

// The rule IDs of the documentation checks (specdrift docs). Each has one
// entry in Rules.
const (
	RuleDocOperationMissing         RuleID = "doc-operation-missing"
	RuleDocParamMissingInSpec       RuleID = "doc-param-missing-in-spec"
	RuleDocParamMissingInDoc        RuleID = "doc-param-missing-in-doc"
	RuleDocRequiredMismatch         RuleID = "doc-required-mismatch"
	RuleDocTypeMismatch             RuleID = "doc-type-mismatch"
	RuleDocLengthMismatch           RuleID = "doc-length-mismatch"
	RuleDocRangeMismatch            RuleID = "doc-range-mismatch"
	RuleDocEnumMismatch             RuleID = "doc-enum-mismatch"
	RuleDocDefaultMismatch          RuleID = "doc-default-mismatch"
	RuleDocFormatMismatch           RuleID = "doc-format-mismatch"
	RuleDocStatusMissing            RuleID = "doc-status-missing"
	RuleDocStatusMissingInDoc       RuleID = "doc-status-missing-in-doc"
	RuleDocPageUpdated              RuleID = "doc-page-updated"
	RuleDocPageWarning              RuleID = "doc-page-warning"
	RuleDocParamTypeInvalid         RuleID = "doc-param-type-invalid"
	RuleDocStatusInconsistent       RuleID = "doc-status-inconsistent"
	RuleDocExampleType              RuleID = "doc-example-type"
	RuleDocExampleMissingRequired   RuleID = "doc-example-missing-required"
	RuleDocExampleUndocumented      RuleID = "doc-example-undocumented"
	RuleDocExampleBounds            RuleID = "doc-example-bounds"
	RuleDocExampleEnum              RuleID = "doc-example-enum"
	RuleDocExampleFormat            RuleID = "doc-example-format"
	RuleDocExampleStatus            RuleID = "doc-example-status"
	RuleDocExampleRequestLine       RuleID = "doc-example-request-line"
	RuleDocPagesTypeMismatch        RuleID = "doc-pages-type-mismatch"
	RuleDocPagesRequiredMismatch    RuleID = "doc-pages-required-mismatch"
	RuleDocPagesConstraintMismatch  RuleID = "doc-pages-constraint-mismatch"
	RuleDocPagesConstraintMissing   RuleID = "doc-pages-constraint-missing"
	RuleDocPagesFieldMissing        RuleID = "doc-pages-field-missing"
	RuleDocPagesDescriptionMismatch RuleID = "doc-pages-description-mismatch"
	RuleDocTogetherDefault          RuleID = "doc-together-default"
	RuleDocMandatoryConditional     RuleID = "doc-mandatory-conditional"
	RuleDocExampleMissingHeader     RuleID = "doc-example-missing-header"
	RuleDocDescriptionOtherResource RuleID = "doc-description-other-resource"
	RuleDocExampleScenarios         RuleID = "doc-example-scenarios"
	RuleDocEnumNarrower             RuleID = "doc-enum-narrower"
)

// Rules is the registry: every rule specdrift reports, with its default
// severity and a one-line summary. The README's rule list is kept in sync
// with it by a test.
var Rules = []Rule{
	{RuleUnknownOperation, SeverityError, "The request's method and path match no operation of the spec."},
	{RulePathParameterSlash, SeverityWarning, "A path parameter's value has a slash: the request matches its operation only if the template's last parameter takes the rest of the path."},
	{RuleRequestParameter, SeverityError, "A path, query or header parameter is missing or violates its schema."},
	{RuleMissingAuthentication, SeverityError, "The request carries no credentials, or none of the form, that one alternative of its operation's security accepts."},
	{RuleUndocumentedQueryParameter, SeverityWarning, "The request sends a query parameter the operation does not define."},
	{RuleParametersTogether, SeverityWarning, "Parameters that take effect only together (x-specdrift-together) are not sent together."},
	{RuleMissingContentType, SeverityError, "A body is sent without a Content-Type header."},
	{RuleUndocumentedContentType, SeverityError, "A body's content type is not one the operation documents."},
	{RuleInvalidJSONBody, SeverityError, "A body declared as JSON does not parse as JSON."},
	{RuleMissingRequestBody, SeverityError, "The operation requires a request body and none was sent."},
	{RuleRequestBodySchema, SeverityError, "The request body violates its schema."},
	{RuleUndocumentedRequestField, SeverityWarning, "The request body has a field its schema does not list (strict requests)."},
	{RuleUndocumentedStatus, SeverityError, "The response status is not documented for the operation."},
	{RuleMissingResponseBody, SeverityError, "The documented response has a body and the response has none."},
	{RuleUnexpectedResponseBody, SeverityWarning, "The response has a body where the documented response has none."},
	{RuleResponseHeader, SeverityError, "A documented response header is missing or violates its schema."},
	{RuleResponseBodySchema, SeverityError, "The response body violates its schema."},
	{RuleUndocumentedResponseField, SeverityWarning, "The response body has a field its schema does not list (strict responses)."},
	{RuleTimeOrder, SeverityError, "Two times contradict each other: one that must come after another (x-specdrift-order) does not."},
	{RuleDuplicateID, SeverityError, "Items of a list share an ID that must be unique (x-specdrift-unique-by)."},
	{RuleStatusCoverageLost, SeverityWarning, "After a spec change, a documented status that fixtures of the operation exercised is exercised by none of them any more (specdrift diff)."},
	{RuleStatusNotCovered, SeverityInfo, "A status the new version of the spec adds to an operation is exercised by none of the operation's fixtures (specdrift diff)."},
	{RuleUpstreamUnreachable, SeverityError, "The live endpoint could not be reached: the connection was refused or the host does not resolve."},
	{RuleUpstreamTimeout, SeverityError, "The live endpoint sent no complete response within the timeout."},
	{RuleUpstreamReset, SeverityError, "The live endpoint closed or reset the connection before the response was complete."},
	{RuleUpstreamNotHTTP, SeverityError, "The live endpoint answered something that is not an HTTP response."},
	{RuleClientTimeout, SeverityInfo, "The proxy's exchange ran out of time waiting on the client (a request body sent too slowly, a response not taken): not a finding against the API."},
	{RuleBodyTooLarge, SeverityWarning, "A body is larger than the limit for validation (--max-body); it was passed on unchanged (proxy) or left out of its exchange (traffic logs), and not validated."},
	{RuleUpgradeNotValidated, SeverityWarning, "A connection was upgraded (101 Switching Protocols) and what passed over it was not validated; under proxy --enforce the upgrade is refused unless --allow-upgrade."},
	{RuleContentEncoding, SeverityWarning, "A body's Content-Encoding is one specdrift does not decode (an error when the body does not decode by it); it was passed on unchanged but not validated."},
	{RuleReplaySkipped, SeverityInfo, "A recorded request that changes state was not replayed (replay it with --allow-writes)."},
	{RuleServerError, SeverityError, "A generated request got a server error (5xx) (probe)."},
	{RuleInvalidRequestAccepted, SeverityError, "A generated request that breaks one constraint of the spec was accepted (2xx), not refused with a client error (probe)."},
	{RuleValidRequestRejected, SeverityError, "A generated request that satisfies the spec was refused with a client error other than 404 (probe)."},
	{RuleSlowResponse, SeverityWarning, "A response took longer than the latency budget (probe --latency)."},
	{RuleLinkFailed, SeverityError, "A call made with a value an earlier response returned (an OpenAPI link, or the ID a create returned, in a parameter of that name) failed with a 4xx or 5xx (probe)."},
	{RuleCreatedNotListed, SeverityError, "The list of the path a create was sent to does not contain the ID the create returned (probe)."},
	{RuleWorkflowStepFailed, SeverityError, "A step of an Arazzo workflow (probe --workflow) failed: its call failed or its success criteria do not hold."},
	{RuleProbeSkipped, SeverityInfo, "An operation that changes state was not probed (probe it with --allow-writes)."},
	{RuleSpecInvalid, SeverityError, "The spec breaks a rule of OpenAPI that specdrift can read past (a missing field, a bad reference object, a malformed pattern): one finding for each."},
	{RuleSpecAmbiguousPaths, SeverityWarning, "Two path templates of the spec differ only in their parameters' names, so a request that matches one matches the other."},
	{RuleSpecExampleInvalid, SeverityError, "An example in the spec violates its own schema: one finding for each fault of each example."},
	{RuleSpecDefaultInvalid, SeverityError, "A schema's default value violates the schema."},
	{RuleSpecExampleNoValue, SeverityWarning, "An Example Object of the spec has neither a value nor an externalValue."},
	{RuleDocOperationMissing, SeverityError, "A documentation page's method and path match no operation of the specs (docs check)."},
	{RuleDocParamMissingInSpec, SeverityError, "A page documents a parameter, field, body or Content-Type header that its spec operation does not define (docs check)."},
	{RuleDocParamMissingInDoc, SeverityWarning, "A spec operation defines a parameter, field or body that its page does not document (docs check)."},
	{RuleDocRequiredMismatch, SeverityError, "A page and its spec disagree on whether a parameter or field is required (docs check)."},
	{RuleDocTypeMismatch, SeverityError, "A page and its spec give a parameter or field conflicting types (docs check)."},
	{RuleDocLengthMismatch, SeverityError, "A page and its spec give a string or an array different length limits (docs check)."},
	{RuleDocRangeMismatch, SeverityError, "A page and its spec give a number a different minimum or maximum (docs check)."},
	{RuleDocEnumMismatch, SeverityError, "A page and its spec list different allowed values (docs check)."},
	{RuleDocDefaultMismatch, SeverityWarning, "A page and its spec give a parameter or field different defaults (docs check)."},
	{RuleDocFormatMismatch, SeverityWarning, "A page's description states a time format (yyyy-MM-ddTHH:mm:ss) that is not the spec's format (docs check)."},
	{RuleDocStatusMissing, SeverityError, "A page documents a status its spec operation does not (docs check)."},
	{RuleDocStatusMissingInDoc, SeverityWarning, "A spec operation documents a status its page does not (docs check)."},
	{RuleDocPageUpdated, SeverityWarning, "A page's \"Updated on\" date is not the one its spec records in x-specdrift-pages: the page changed since the spec was written (docs check)."},
	{RuleDocPageWarning, SeverityWarning, "The page reader could not make sense of part of a page: a table without a header, an unresolved object, an empty enumeration (docs lint)."},
	{RuleDocParamTypeInvalid, SeverityError, "A path, query or header parameter has a type no URL or header can carry: an object or an array of arrays (docs lint)."},
	{RuleDocStatusInconsistent, SeverityWarning, "A page's response parameters document a status its Status Codes table does not list (docs lint)."},
	{RuleDocExampleType, SeverityError, "A value in a page's example has another type than the page's table gives it (docs lint)."},
	{RuleDocExampleMissingRequired, SeverityError, "A page's example leaves out a field or parameter the page's table marks mandatory (docs lint)."},
	{RuleDocExampleUndocumented, SeverityWarning, "A page's example has a field or query parameter that no table of the page documents (docs lint)."},
	{RuleDocExampleBounds, SeverityError, "A value in a page's example is outside the length, range or array length the page's table gives (docs lint)."},
	{RuleDocExampleEnum, SeverityError, "A value in a page's example is not one of the values the page's table lists (docs lint)."},
	{RuleDocExampleFormat, SeverityWarning, "A time in a page's example does not have the format the page's description states (docs lint)."},
	{RuleDocExampleStatus, SeverityWarning, "A page's response example has a status the page does not document (docs lint)."},
	{RuleDocExampleRequestLine, SeverityWarning, "A page's request example has no method or another method, or a path that does not match the page's URI (docs lint)."},
	{RuleDocPagesTypeMismatch, SeverityError, "Two pages of a service give the same parameter, object field or top-level body field conflicting types (docs lint)."},
	{RuleDocPagesRequiredMismatch, SeverityError, "Two pages of a service disagree on whether the same parameter, object field or top-level body field is required (docs lint)."},
	{RuleDocPagesConstraintMismatch, SeverityError, "Two pages of a service give the same parameter, object field or top-level body field different lengths, ranges, allowed values or defaults (docs lint)."},
	{RuleDocPagesConstraintMissing, SeverityWarning, "One page of a service gives a parameter, object field or top-level body field a length, range, item type, enumeration or default that another page leaves out (docs lint)."},
	{RuleDocPagesFieldMissing, SeverityWarning, "An object's table on one page of a service lists a field that the same object's table on another page does not (docs lint)."},
	{RuleDocPagesDescriptionMismatch, SeverityWarning, "Two pages of a service describe the same parameter or field as different things: one description names the field (\"Request ID.\" for request_id), the other something else (docs lint)."},
	{RuleDocTogetherDefault, SeverityWarning, "A page's text says parameters take effect only together, and its table gives one of them a default, which is in effect whether the other is sent or not (docs lint)."},
	{RuleDocMandatoryConditional, SeverityWarning, "A parameter or field the table marks mandatory has a description that makes it mandatory only under a condition (\"mandatory when token authentication is used\") (docs lint)."},
	{RuleDocExampleMissingHeader, SeverityInfo, "A page's request example leaves out a header the page marks mandatory (credentials aside), or Content-Type where the example has a body (docs lint)."},
	{RuleDocDescriptionOtherResource, SeverityWarning, "A description names the resource of another operation of the service rather than its own (\"used to query authorizations\" on the permissions page) (docs lint)."},
	{RuleDocExampleScenarios, SeverityInfo, "A page's example heading lists several scenarios (separated by /) and the page gives fewer requests: the scenarios left without an example (docs lint)."},
	{RuleDocEnumNarrower, SeverityWarning, "A description names more kinds of things than the field's enumeration allows (\"VPC or virtual gateway\" beside the one value vpc) (docs lint)."},
}

var ruleIndex = func() map[RuleID]Rule {
	m := make(map[RuleID]Rule, len(Rules))
	for _, r := range Rules {
		m[r.ID] = r
	}
	return m
}()

// BreaksRequest says whether findings of a rule mean that the request
// breaks its operation's parameters, media types, body schema or security:
// what a server checks and refuses. The mock refuses such requests, and
// probe sends them to see them refused.
func BreaksRequest(id RuleID) bool {
	switch id {
	case RuleRequestParameter, RuleMissingContentType, RuleUndocumentedContentType,
		RuleInvalidJSONBody, RuleMissingRequestBody, RuleRequestBodySchema, RuleMissingAuthentication:
		return true
	}
	return false
}

// LookupRule returns the registry entry of id.
func LookupRule(id RuleID) (Rule, bool) {
	r, ok := ruleIndex[id]
	return r, ok
}
