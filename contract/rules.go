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
	RuleUpstreamUnreachable        RuleID = "upstream-unreachable"
	RuleUpstreamTimeout            RuleID = "upstream-timeout"
	RuleUpstreamReset              RuleID = "upstream-reset"
	RuleUpstreamNotHTTP            RuleID = "upstream-not-http"
	RuleBodyTooLarge               RuleID = "body-too-large"
	RuleReplaySkipped              RuleID = "replay-skipped"
)

// Rules is the registry: every rule specdrift reports, with its default
// severity and a one-line summary. The README's rule list is kept in sync
// with it by a test.
var Rules = []Rule{
	{RuleUnknownOperation, SeverityError, "The request's method and path match no operation of the spec."},
	{RuleRequestParameter, SeverityError, "A path, query or header parameter is missing or violates its schema."},
	{RuleMissingAuthentication, SeverityError, "The request carries neither an X-Auth-Token nor an SDK-HMAC-SHA256 signature with X-Sdk-Date."},
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
	{RuleStatusCoverageLost, SeverityWarning, "After a spec change, a documented status of an operation is exercised by none of the fixtures that covered the operation (specdrift diff)."},
	{RuleUpstreamUnreachable, SeverityError, "The live endpoint could not be reached: the connection was refused or the host does not resolve."},
	{RuleUpstreamTimeout, SeverityError, "The live endpoint sent no complete response within the timeout."},
	{RuleUpstreamReset, SeverityError, "The live endpoint closed or reset the connection before the response was complete."},
	{RuleUpstreamNotHTTP, SeverityError, "The live endpoint answered something that is not an HTTP response."},
	{RuleBodyTooLarge, SeverityInfo, "A body is larger than the limit for validation; it was passed on unchanged but not validated."},
	{RuleReplaySkipped, SeverityInfo, "A recorded request that changes state was not replayed (replay it with --allow-writes)."},
}

var ruleIndex = func() map[RuleID]Rule {
	m := make(map[RuleID]Rule, len(Rules))
	for _, r := range Rules {
		m[r.ID] = r
	}
	return m
}()

// LookupRule returns the registry entry of id.
func LookupRule(id RuleID) (Rule, bool) {
	r, ok := ruleIndex[id]
	return r, ok
}
