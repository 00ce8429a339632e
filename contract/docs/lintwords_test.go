package docs

import (
	"testing"

	"github.com/specdrift/specdrift/contract"
)

// pipePage is a page in the pipe layout: a function text, a path table,
// request header and body tables, a 200 response table and a request
// example (request line and what follows it).
func pipePage(function, uri string, headers, body, response []row, example ...string) []byte {
	parts := []string{"Doing a Thing", "Function", function, "URI", uri,
		pipeTable(row{"project_id", "Yes", "String", "Project ID."}), "Request Parameters"}
	if len(headers) > 0 {
		parts = append(parts, pipeTable(headers...))
	}
	if len(body) > 0 {
		parts = append(parts, pipeTable(body...))
	}
	parts = append(parts, "Response Parameters", "Status code: 200", pipeTable(response...), "Request Example")
	parts = append(parts, example...)
	parts = append(parts, "Response Example", "None", "Status Codes", "Status Code | Description |", "|---|---|", "200 | OK. |")
	return pageText(parts...)
}

var (
	okResponse = []row{{"error_code", "", "String", "Error code."}}
	tokenRow   = row{"X-Auth-Token", "Yes", "String", "User token."}
)

func TestLintTogetherDefault(t *testing.T) {
	const together = "Parameters marker and limit are used for pagination query. The two parameters take effect only when they are used together."
	list := func(function string, limit row) []byte {
		return pageText("Listing Things", "Function", function, "URI", "GET /v3/{domain_id}/things",
			cellTable(1, "Query Parameters", limit, row{"marker", "No", "String", "Pagination marker."}),
			"Response Parameters", "Status code: 200",
			cellTable(2, "Response body parameters", row{"count", "", "Integer", "Number of things."}),
			"Status Codes", "Status Code", "Description", "200", "OK.")
	}
	withDefault := row{"limit", "No", "Integer", "Number of records on each page.\nDefault: 1000"}
	noDefault := row{"limit", "No", "Integer", "Number of records on each page.\nMaximum: 1000"}
	runWordCases(t, contract.RuleDocTogetherDefault, []wordCase{
		{"the names in the sentence before, a default", map[string][]byte{"a.txt": list(together, withDefault)},
			[]at{{"a.txt", "The two parameters", "limit"}}},
		{"no default", map[string][]byte{"a.txt": list(together, noDefault)}, nil},
		{"one sentence, a default", map[string][]byte{"a.txt": list("limit and marker must be used together.", withDefault)},
			[]at{{"a.txt", "must be used together", "limit"}}},
		{"only one parameter named", map[string][]byte{"a.txt": list("The limit takes effect only together with a filter.", withDefault)}, nil},
		{"together, but not only together", map[string][]byte{"a.txt": list("Parameters marker and limit are often sent together.", withDefault)}, nil},
		{"a body field in a pipe table", map[string][]byte{"b.txt": pipePage("Fields start and size take effect only when used together.",
			"POST /v1/{project_id}/things", nil,
			[]row{{"start", "No", "Integer", "Offset."}, {"size", "No", "Integer", "Page size. Default: 10"}}, okResponse)},
			[]at{{"b.txt", "take effect only", "size"}}},
	})
}

func TestLintMandatoryConditional(t *testing.T) {
	page := func(mandatory, desc string) []byte {
		return pipePage("Does a thing.", "POST /v1/{project_id}/things",
			[]row{{"X-Auth-Token", mandatory, "String", desc}, {"Content-Type", "Yes", "String", "Type of the body."}},
			[]row{{"name", "No", "String", "Name."}}, okResponse)
	}
	runWordCases(t, contract.RuleDocMandatoryConditional, []wordCase{
		{"mandatory when", map[string][]byte{"a.txt": page("Yes", "User token. This parameter is mandatory when token authentication is used.")},
			[]at{{"a.txt", "X-Auth-Token |", "X-Auth-Token"}}},
		{"required if", map[string][]byte{"a.txt": page("Yes", "User token. Required if the caller signs no request.")},
			[]at{{"a.txt", "X-Auth-Token |", "X-Auth-Token"}}},
		{"if ..., it is mandatory", map[string][]byte{"a.txt": page("Yes", "User token. If a token is used, this parameter is mandatory.")},
			[]at{{"a.txt", "X-Auth-Token |", "X-Auth-Token"}}},
		{"marked optional, the condition agrees", map[string][]byte{"a.txt": page("No", "User token. This parameter is mandatory when token authentication is used.")}, nil},
		{"mandatory, no condition", map[string][]byte{"a.txt": page("Yes", "User token. This ID is mandatory for operations on things.")}, nil},
		{"a field of an object table", map[string][]byte{"b.txt": pageText("Creating", "Function", "Creates.", "URI", "POST /v3/{domain_id}/things",
			cellTable(1, "Request body parameters", row{"spec", "Yes", "Spec object", "The spec."}),
			cellTable(2, "Spec", row{"size", "Yes", "Integer", "Size. Mandatory if the spec is a disk."}, row{"name", "Yes", "String", "Name."}),
			"Status Codes", "Status Code", "Description", "201", "Created.")},
			[]at{{"b.txt", "size", "Spec/size"}}},
	})
}

func TestLintExampleMissingHeader(t *testing.T) {
	headers := []row{tokenRow, {"workspace", "Yes", "String", "Workspace ID."},
		{"X-Language", "No", "String", "Language."}, {"Content-Type", "Yes", "String", "Type of the body."}}
	body := []row{{"name", "No", "String", "Name."}}
	runWordCases(t, contract.RuleDocExampleMissingHeader, []wordCase{
		{"no headers at all", map[string][]byte{"a.txt": pipePage("Does a thing.", "POST /v1/{project_id}/things", headers, body, okResponse,
			"POST https://{endpoint}/v1/p1/things", `{ "name" : "x" }`)},
			[]at{{"a.txt", "POST https", "workspace"}, {"a.txt", "POST https", "Content-Type"}}},
		{"the headers given, the token left to the fixtures", map[string][]byte{"a.txt": pipePage("Does a thing.", "POST /v1/{project_id}/things",
			headers, body, okResponse, "POST https://{endpoint}/v1/p1/things", "workspace: w1", "content-type: application/json", `{ "name" : "x" }`)},
			nil},
		{"a body and no Content-Type the page lists", map[string][]byte{"a.txt": pipePage("Does a thing.", "POST /v1/{project_id}/things",
			[]row{tokenRow}, body, okResponse, "POST https://{endpoint}/v1/p1/things", `{ "name" : "x" }`)},
			[]at{{"a.txt", "POST https", "Content-Type"}}},
		{"no body, no Content-Type needed", map[string][]byte{"a.txt": pipePage("Does a thing.", "POST /v1/{project_id}/things",
			headers[:2], body, okResponse, "POST https://{endpoint}/v1/p1/things", "workspace: w1")},
			nil},
		{"credentials by name and by description", map[string][]byte{"a.txt": pipePage("Does a thing.", "POST /v1/{project_id}/things",
			[]row{{"Authorization", "Yes", "String", "Signature."}, {"X-Key", "Yes", "String", "The caller's API key."}}, nil, okResponse,
			"POST https://{endpoint}/v1/p1/things")},
			nil},
	})
}

func TestLintExampleScenarios(t *testing.T) {
	page := func(example ...string) []byte {
		return pipePage("Does a thing.", "POST /v1/{project_id}/things", nil, []row{{"kind", "No", "String", "What to do."}}, okResponse, example...)
	}
	req := `/v1/p1/things { "kind" : "a" }`
	runWordCases(t, contract.RuleDocExampleScenarios, []wordCase{
		{"three scenarios, one request", map[string][]byte{"a.txt": page("Create a thing./Delete a thing./Renew a thing.", req)},
			[]at{{"a.txt", "Create a thing./", ""}}},
		{"two scenarios, two requests", map[string][]byte{"a.txt": page("Create a thing./Delete a thing.", req, req)}, nil},
		{"one scenario with a slash in it", map[string][]byte{"a.txt": page("Create a VPC/subnet", req)}, nil},
		{"two headings, each one scenario", map[string][]byte{"a.txt": page("Create a thing", req, "Delete a thing", req)}, nil},
	})
}

func TestLintDescriptionOtherResource(t *testing.T) {
	page := func(uri, desc string) []byte {
		return pageText("Listing", "Function", "Lists.", "URI", uri,
			cellTable(1, "Query Parameters", row{"thing_id", "No", "String", desc}),
			"Response Parameters", "Status code: 200",
			cellTable(2, "Response body parameters", row{"count", "", "Integer", "Number."}),
			"Status Codes", "Status Code", "Description", "200", "OK.")
	}
	things := page("GET /v2/{project_id}/store/things", "Thing ID used to query things.")
	runWordCases(t, contract.RuleDocDescriptionOtherResource, []wordCase{
		{"copied from the other page", map[string][]byte{"things.txt": things,
			"parts.txt": page("GET /v2/{project_id}/store/parts", "Thing ID used to query things.")},
			[]at{{"parts.txt", "thing_id", "thing_id"}}},
		{"British spelling in the path", map[string][]byte{"a.txt": page("GET /v2/{project_id}/store/organisations", "Org ID."),
			"b.txt": page("GET /v2/{project_id}/store/members", "ID of the organization used to filter the list of organizations.")},
			[]at{{"b.txt", "thing_id", "thing_id"}}},
		{"another resource mentioned in passing", map[string][]byte{"things.txt": things,
			"parts.txt": page("GET /v2/{project_id}/store/parts", "ID of the thing the part belongs to. Part of things.")},
			nil},
		{"its own resource", map[string][]byte{"things.txt": things,
			"parts.txt": page("GET /v2/{project_id}/store/things/{id}/parts", "Thing ID used to query things.")},
			nil},
		{"another service", map[string][]byte{"things.txt": things,
			"parts.txt": page("GET /v2/{project_id}/shop/parts", "Thing ID used to query things.")},
			nil},
	})
}

func TestLintEnumNarrower(t *testing.T) {
	create := func(rows ...row) []byte {
		return pageText("Creating", "Function", "Creates.", "URI", "POST /v3/{domain_id}/things",
			cellTable(1, "Request body parameters", row{"thing", "Yes", "Thing object", "The thing."}),
			cellTable(2, "Thing", rows...),
			"Response Parameters", "Status code: 201",
			cellTable(3, "Response body parameters", row{"id", "", "String", "ID."}),
			"Status Codes", "Status Code", "Description", "201", "Created.")
	}
	id := row{"instance_id", "Yes", "String", "ID of the network instance (VPC or virtual gateway)."}
	runWordCases(t, contract.RuleDocEnumNarrower, []wordCase{
		{"the kinds in the ID's description, one value explained", map[string][]byte{"a.txt": create(id,
			row{"instance_type", "Yes", "String", "Type of the instance. vpc indicates VPCs."})},
			[]at{{"a.txt", "instance_type", "Thing/instance_type"}}},
		{"both kinds have values", map[string][]byte{"a.txt": create(id,
			row{"instance_type", "Yes", "String", "Type of the instance. vpc indicates VPCs. vgw indicates virtual gateways."})},
			nil},
		{"an enumeration narrower than the values its description states", map[string][]byte{"a.txt": create(
			row{"mode", "No", "String", "The value can be SHARED or EXCLUSIVE.\nEnumerated values:\nSHARED"})},
			[]at{{"a.txt", "mode", "Thing/mode"}}},
		{"the kinds in its own description", map[string][]byte{"a.txt": create(
			row{"target", "No", "String", "Target (disk, volume or snapshot).\nEnumerated values:\ndisk\nvolume"})},
			[]at{{"a.txt", "target", "Thing/target"}}},
		{"no enumeration", map[string][]byte{"a.txt": create(id, row{"instance_type", "Yes", "String", "Type of the instance."})}, nil},
		{"kinds in words, as many values in code", map[string][]byte{"a.txt": create(
			row{"charging_mode", "No", "String", "Billing mode (yearly/monthly or pay-per-use).\nEnumerated values:\nprePaid\npostPaid"})},
			nil},
		{"fewer kinds than values", map[string][]byte{"a.txt": create(id,
			row{"instance_type", "Yes", "String", "Type of the instance.\nEnumerated values:\nvpc\nvgw\ner"})},
			nil},
		{"an unrelated field's list", map[string][]byte{"a.txt": create(
			row{"region_id", "Yes", "String", "Region (north or south)."},
			row{"instance_type", "Yes", "String", "Type of the instance. vpc indicates VPCs."})},
			nil},
	})
}

func TestLintPagesDescriptionMismatch(t *testing.T) {
	page := func(uri, desc string) []byte {
		return pipePage("Does a thing.", uri, []row{tokenRow}, nil,
			[]row{{"request_id", "", "String", desc}}, "GET https://{endpoint}/v1/p1/things/a")
	}
	a := page("GET /v1/{project_id}/things/a", "Request ID.")
	runWordCases(t, contract.RuleDocPagesDescriptionMismatch, []wordCase{
		{"another thing", map[string][]byte{"a.txt": a, "b.txt": page("GET /v1/{project_id}/things/b", "Resource ID. Minimum length: 32 Maximum length: 36")},
			[]at{{"b.txt", "request_id", "/request_id"}}},
		{"the same in other words", map[string][]byte{"a.txt": a, "b.txt": page("GET /v1/{project_id}/things/b", "ID of the request.")}, nil},
		{"a longer description", map[string][]byte{"a.txt": a, "b.txt": page("GET /v1/{project_id}/things/b", "Unique identifier of this call, for support.")}, nil},
		{"another service", map[string][]byte{"a.txt": a, "b.txt": page("GET /v2/{project_id}/things/b", "Resource ID.")}, nil},
	})
	// the constraint that one page gives the top-level field
	runWordCases(t, contract.RuleDocPagesConstraintMissing, []wordCase{
		{"a length on one page only", map[string][]byte{"a.txt": a, "b.txt": page("GET /v1/{project_id}/things/b", "Request ID. Minimum length: 32 Maximum length: 36")},
			[]at{{"a.txt", "request_id", "/request_id"}}},
	})
}
