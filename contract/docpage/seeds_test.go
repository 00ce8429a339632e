package docpage

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// pageCase is what one seed page must parse to.
type pageCase struct {
	seed                         string
	title, updated, method, path string
	methodLine                   int
	sdk                          string // SDKOperation
	tables                       []tableSum
	full                         map[string][]Param // complete rows of some tables
	statuses                     []Status
	examples                     []Example
	warnings                     []Warning
}

func TestSeedPages(t *testing.T) {
	pages := seeds(t)
	cases := []pageCase{case000(), case001(), case002(), case003(), case004()}
	for _, c := range cases {
		t.Run(c.seed, func(t *testing.T) {
			data := pages[c.seed]
			p := Parse(c.seed+".txt", data)
			checkLines(t, p, data)
			require.Equal(t, c.seed+".txt", p.Name)
			require.Equal(t, c.title, p.Title, "title")
			require.Equal(t, c.updated, p.Updated, "updated")
			if c.updated != "" {
				require.Equal(t, 2, p.UpdatedLine, "the date is on the line after the breadcrumb")
			} else {
				require.Zero(t, p.UpdatedLine)
			}
			require.Equal(t, []any{c.method, c.path, c.methodLine}, []any{p.Method, p.Path, p.MethodLine})
			require.Equal(t, c.sdk, p.SDKOperation, "SDK operation")
			if d := cmp.Diff(c.tables, summarize(p.Tables)); d != "" {
				t.Errorf("tables (-want +got):\n%s", d)
			}
			for name, want := range c.full {
				tb := p.Table(name)
				require.NotNil(t, tb, "table %q", name)
				if d := cmp.Diff(want, tb.Rows); d != "" {
					t.Errorf("table %q rows (-want +got):\n%s", name, d)
				}
			}
			if d := cmp.Diff(c.statuses, p.Statuses); d != "" {
				t.Errorf("statuses (-want +got):\n%s", d)
			}
			if d := cmp.Diff(c.examples, p.Examples); d != "" {
				t.Errorf("examples (-want +got):\n%s", d)
			}
			if d := cmp.Diff(c.warnings, p.Warnings); d != "" {
				t.Errorf("warnings (-want +got):\n%s", d)
			}
		})
	}
}

// TestSeedInvariants checks, on every seed, that line numbers point at
// what they describe, that object references resolve and bodies are JSON.
func TestSeedInvariants(t *testing.T) {
	for seed, data := range seeds(t) {
		t.Run(seed, func(t *testing.T) {
			p := Parse(seed, data)
			ls := lines(data)
			at := func(l int) string { return strings.TrimSpace(ls[l-1]) }
			require.Equal(t, p.Method+" "+p.Path, at(p.MethodLine))
			referenced := map[string]bool{}
			for _, tb := range p.Tables {
				for _, r := range tb.Rows {
					referenced[ObjectRef(r.Type)] = true
				}
			}
			for _, tb := range p.Tables {
				require.NotEmpty(t, tb.Name)
				require.Equal(t, referenced[tb.Name], tb.Object, "table %s: an object table iff a row refers to it", tb.Name)
				require.Contains(t, []string{"path", "query", "header", "body", "response"}, tb.In)
				for _, r := range tb.Rows {
					require.True(t, strings.HasPrefix(at(r.Line), r.Name), "%s at line %d", r.Name, r.Line)
					if ref := ObjectRef(r.Type); ref != "" {
						require.NotNil(t, p.Table(ref), "%s refers to %s", r.Name, ref)
						require.Equal(t, tb.In, p.Table(ref).In)
					}
				}
			}
			for _, s := range p.Statuses {
				require.True(t, strings.HasPrefix(at(s.Line), strconv.Itoa(s.Code)))
			}
			for _, e := range p.Examples {
				if e.Kind == "request" {
					require.Contains(t, at(e.Line), e.URL)
				}
				if e.Body != "" {
					require.True(t, json.Valid([]byte(e.Body)), "body at line %d is not JSON", e.Line)
					first, _, _ := strings.Cut(e.Body, "\n")
					require.Contains(t, ls[e.BodyLine-1], first, "the body starts at line %d", e.BodyLine)
				}
			}
		})
	}
}

// TestSeedProse: the prose sections' lines, with their headings; the
// bullets ("-") between 003's paragraphs are not text.
func TestSeedProse(t *testing.T) {
	pages := seeds(t)
	p := Parse("001", pages["001"])
	require.Equal(t, []Prose{
		{"Function", "This API is used to query the list of authorizations that allow another account to use your network instances.", 8},
		{"Function", "Parameters marker and limit are used for pagination query. The two parameters take effect only when they are used together.", 10},
		{"Calling Method", "For details, see Calling APIs.", 14},
		{"Error Codes", "See Error Codes.", 549},
	}, p.Prose)
	p = Parse("003", pages["003"])
	var lines []int
	for _, pr := range p.Prose {
		require.NotEqual(t, "-", pr.Text)
		lines = append(lines, pr.Line)
	}
	require.Equal(t, []int{4, 6, 8, 10, 12, 14, 16, 18, 20, 22}, lines)
}

func TestObjectRef(t *testing.T) {
	for typ, want := range map[string]string{
		"CreateAuthorisation object":               "CreateAuthorisation",
		"Array of Authorisation objects":           "Authorisation",
		"Array of TenantAgreeAuthDetailV2 objects": "TenantAgreeAuthDetailV2",
		"Array of strings":                         "",
		"Array of arrays":                          "",
		"Array":                                    "",
		"String":                                   "",
		"object":                                   "",
		"Array of two objects too":                 "",
	} {
		require.Equal(t, want, ObjectRef(typ), typ)
	}
}

func case000() pageCase {
	return pageCase{
		seed: "000", title: "Creating an Authorization", updated: "",
		method: "POST", path: "/v3/{domain_id}/ccaas/authorisations", methodLine: 208, sdk: "CreateAuthorisation",
		tables: []tableSum{
			{"Path Parameters", "path", 0, 210, names("domain_id")},
			{"Request header parameters", "header", 0, 230, names("X-Auth-Token")},
			{"Request body parameters", "body", 0, 248, names("authorisation")},
			{"CreateAuthorisation", "body", 0, 266, names("name description instance_id project_id " +
				"region_id cloud_connection_id instance_type cloud_connection_domain_id")},
			{"Response body parameters", "response", 201, 344, names("request_id authorisation")},
			{"Authorisation", "response", 201, 364, names("id name description instance_id project_id " +
				"region_id created_at updated_at domain_id cloud_connection_id status instance_type " +
				"cloud_connection_domain_id is_loaded_by_cloud_connection")},
		},
		full: map[string][]Param{
			"Request body parameters": params(
				in("authorisation", true, "CreateAuthorisation object", 258, "Details of the authorization to be created.")),
			"CreateAuthorisation": params(
				in("name", false, "String", 276, "Instance name."),
				in("description", false, "String", 284, "Resource description. Angle brackets (<>) are not allowed."),
				in("instance_id", true, "String", 292, "ID of the network instance (VPC or virtual gateway)."),
				in("project_id", true, "String", 300, "Project ID."),
				in("region_id", true, "String", 308, "Region ID."),
				in("cloud_connection_id", true, "String", 316, "Cloud connection ID."),
				in("instance_type", true, "String", 324, "Type of an authorized network instance. vpc indicates VPCs."),
				in("cloud_connection_domain_id", true, "String", 332,
					"Account ID of the network instance that another account allows you to use.")),
			"Response body parameters": params(
				out("request_id", "String", 352, "Request ID."),
				out("authorisation", "Authorisation object", 358, "Authorization.")),
		},
		statuses: []Status{{201, "The authorization has been created.", 1099}},
		examples: []Example{
			{Kind: "request", Method: "POST", URL: "https://{cc_endpoint}/v3/{domain_id}/ccaas/authorisations",
				Title: "Allowing other users to load your network instances to their cloud connection", TitleLine: 458,
				Body: body000Request, Line: 460, BodyLine: 462},
			{Kind: "response", Status: 201, Title: "The authorization has been created.", TitleLine: 477,
				Body: body000Response, Line: 475, BodyLine: 479},
		},
	}
}

func case001() pageCase {
	return pageCase{
		seed: "001", title: "Querying the Authorization List", updated: "2024-11-19",
		method: "GET", path: "/v3/{domain_id}/ccaas/authorisations", methodLine: 18, sdk: "ListAuthorisations",
		tables: []tableSum{
			{"Path Parameters", "path", 0, 20, names("domain_id")},
			{"Query Parameters", "query", 0, 38, names("limit marker id name description cloud_connection_id instance_id")},
			{"Request header parameters", "header", 0, 108, names("X-Auth-Token")},
			{"Response body parameters", "response", 200, 130, names("request_id page_info authorisations")},
			{"PageInfo", "response", 200, 156, names("next_marker previous_marker current_count")},
			{"Authorisation", "response", 200, 182, names("id name description instance_id project_id " +
				"region_id created_at updated_at domain_id cloud_connection_id status instance_type " +
				"cloud_connection_domain_id is_loaded_by_cloud_connection")},
		},
		full: map[string][]Param{
			"Query Parameters": params(
				in("limit", false, "Integer", 48, "Number of records on each page.\nValue range: 1 to 1000").bounds(1, 1000),
				in("marker", false, "String", 58, "Pagination query information. You can obtain the marker values "+
					"from the response of the last API call. You can enter the marker value of the previous page "+
					"or the next page. If you enter the marker value of the previous page, the previous page will "+
					"be queried. If you enter the marker value of the next page, the next page will be queried. "+
					"During pagination query, the query criteria, including the filters, sorting criteria, and "+
					"the limit value, cannot be modified."),
				in("id", false, "Array of arrays", 66, "Resource ID. Multiple IDs can be queried."),
				in("name", false, "Array of strings", 74, "Resource name. Multiple names can be queried."),
				in("description", false, "Array of strings", 82, "Description. Multiple descriptions can be queried."),
				in("cloud_connection_id", false, "Array of arrays", 90, "Cloud connection IDs."),
				in("instance_id", false, "Array of strings", 98, "Network instance ID used to query authorizations.")),
			"PageInfo": params(
				out("next_marker", "String", 164, "Backward pagination identifier."),
				out("previous_marker", "String", 170, "Forward pagination identifier."),
				out("current_count", "Integer", 176, "Number of the resources in the current list.")),
		},
		statuses: []Status{{200, "The authorization list has been queried.", 543}},
		examples: []Example{
			{Kind: "request", Method: "GET", URL: "https://{cc_endpoint}/v3/{domain_id}/ccaas/authorisations",
				Title: "Querying the authorization list", TitleLine: 276, Line: 278},
			{Kind: "response", Status: 200, Title: "The authorization list has been queried.", TitleLine: 284,
				Body: body001Response, Line: 282, BodyLine: 286},
		},
	}
}
