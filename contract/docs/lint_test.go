package docs

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/docpage"
)

// TestLintSeeds: every contradiction of the five pages, and nothing else.
func TestLintSeeds(t *testing.T) {
	res := Lint(seedPages(t))
	want := []brief{
		{contract.RuleDocPagesConstraintMissing, "000.txt:220", "domain_id"},
		{contract.RuleDocPagesConstraintMissing, "000.txt:240", "X-Auth-Token"},
		{contract.RuleDocEnumNarrower, "000.txt:324", "CreateAuthorisation/instance_type"},
		{contract.RuleDocPagesConstraintMissing, "000.txt:352", "/request_id"},
		{contract.RuleDocExampleMissingHeader, "000.txt:460", "Content-Type"},
		{contract.RuleDocExampleFormat, "000.txt:486", "/authorisation/created_at"},
		{contract.RuleDocExampleFormat, "000.txt:487", "/authorisation/updated_at"},
		{contract.RuleDocPagesConstraintMissing, "001.txt:118", "X-Auth-Token"},
		{contract.RuleDocPagesConstraintMissing, "001.txt:138", "/request_id"},
		{contract.RuleDocPagesConstraintMissing, "001.txt:164", "PageInfo/next_marker"},
		{contract.RuleDocPagesConstraintMissing, "001.txt:170", "PageInfo/previous_marker"},
		{contract.RuleDocPagesConstraintMissing, "001.txt:176", "PageInfo/current_count"},
		{contract.RuleDocExampleFormat, "001.txt:293", "/authorisations/0/created_at"},
		{contract.RuleDocExampleFormat, "001.txt:294", "/authorisations/0/updated_at"},
		{contract.RuleDocPagesConstraintMissing, "001.txt:30", "domain_id"},
		{contract.RuleDocPagesConstraintMissing, "001.txt:48", "limit"},
		{contract.RuleDocPagesConstraintMissing, "001.txt:58", "marker"},
		{contract.RuleDocPagesConstraintMissing, "001.txt:66", "id"},
		{contract.RuleDocParamTypeInvalid, "001.txt:66", "id"},
		{contract.RuleDocPagesConstraintMissing, "001.txt:74", "name"},
		{contract.RuleDocPagesConstraintMissing, "001.txt:82", "description"},
		{contract.RuleDocPagesConstraintMissing, "001.txt:90", "cloud_connection_id"},
		{contract.RuleDocParamTypeInvalid, "001.txt:90", "cloud_connection_id"},
		{contract.RuleDocPagesConstraintMissing, "001.txt:98", "instance_id"},
		{contract.RuleDocTogetherDefault, "002.txt:10", "limit"},
		{contract.RuleDocPagesConstraintMissing, "002.txt:100", "description"},
		{contract.RuleDocPagesConstraintMissing, "002.txt:110", "cloud_connection_id"},
		{contract.RuleDocDescriptionOtherResource, "002.txt:120", "instance_id"},
		{contract.RuleDocPagesConstraintMissing, "002.txt:120", "instance_id"},
		{contract.RuleDocPagesDescriptionMismatch, "002.txt:166", "/request_id"},
		{contract.RuleDocExampleFormat, "002.txt:343", "/permissions/0/created_at"},
		{contract.RuleDocPagesConstraintMissing, "002.txt:80", "id"},
		{contract.RuleDocPagesConstraintMissing, "002.txt:90", "name"},
		{contract.RuleDocMandatoryConditional, "003.txt:40", "X-Auth-Token"},
		{contract.RuleDocMandatoryConditional, "003.txt:52", "Content-Type"},
		{contract.RuleDocPageWarning, "003.txt:73", ""},
		{contract.RuleDocExampleScenarios, "003.txt:95", ""},
		{contract.RuleDocExampleMissingHeader, "003.txt:96", "Content-Type"},
		{contract.RuleDocExampleRequestLine, "003.txt:96", "method"},
		{contract.RuleDocExampleMissingHeader, "003.txt:96", "workspace"},
		{contract.RuleDocExampleMissingHeader, "004.txt:35", "Content-Type"},
		{contract.RuleDocExampleUndocumented, "004.txt:35", "group_id"},
		{contract.RuleDocExampleUndocumented, "004.txt:51", "/auth_detail_list"},
		{contract.RuleDocExampleUndocumented, "004.txt:62", "/auth_effective_time"},
		{contract.RuleDocExampleUndocumented, "004.txt:63", "/auth_expire_time"},
		{contract.RuleDocExampleUndocumented, "004.txt:64", "/group_id"},
		{contract.RuleDocExampleUndocumented, "004.txt:65", "/agency_id"},
	}
	if d := cmp.Diff(want, briefs(res.Findings)); d != "" {
		t.Errorf("findings (-want +got):\n%s", d)
	}
	for _, f := range res.Findings {
		r, ok := contract.LookupRule(f.Rule)
		require.True(t, ok, f.Rule)
		require.Equal(t, r.Severity, f.Severity)
		require.NotEmpty(t, f.Message)
		require.Empty(t, f.Spec, "lint has no spec")
	}
}

// TestLintFindsContradictions edits the seeds and expects the findings
// the edit adds and removes.
func TestLintFindsContradictions(t *testing.T) {
	type edit struct {
		seed     string
		from     int
		old, new string
	}
	cases := []struct {
		name           string
		edits          []edit
		added, removed []brief
	}{
		{"a value of another type", []edit{{"000", 462, `"project_id" : "XXX"`, `"project_id" : 123`}},
			[]brief{{contract.RuleDocExampleType, "000.txt:469", "/authorisation/project_id"}}, nil},
		{"a mandatory field left out, an undocumented one added", []edit{{"000", 462, `"instance_id" : "XXX"`, `"instance_idx" : "XXX"`}},
			[]brief{{contract.RuleDocExampleMissingRequired, "000.txt:463", "/authorisation/instance_id"},
				{contract.RuleDocExampleUndocumented, "000.txt:465", "/authorisation/instance_idx"}}, nil},
		{"a value too short", []edit{{"002", 336, `"bce57c774ed47dd828963e5ec3a0b06d"`, `"bce57c77"`}},
			[]brief{{contract.RuleDocExampleBounds, "002.txt:337", "/request_id"}}, nil},
		{"a value the enumeration lacks", []edit{{"003", 73, "Enumerated values:", "Enumerated values: APPLY_TYPE_APPLY APPLY_TYPE_RENEW"}},
			[]brief{{contract.RuleDocExampleEnum, "003.txt:96", "/apply_type"}},
			[]brief{{contract.RuleDocPageWarning, "003.txt:73", ""}}},
		{"an example of an undocumented status", []edit{{"002", 330, "Status code: 200", "Status code: 202"}},
			[]brief{{contract.RuleDocExampleStatus, "002.txt:332", "202"}},
			// with no table for the status, its body is not checked
			[]brief{{contract.RuleDocExampleFormat, "002.txt:343", "/permissions/0/created_at"}}},
		{"another method, another path", []edit{{"001", 278, "GET https", "POST https"}, {"002", 328, "ccaas/permissions", "ccaas/permission"}},
			[]brief{{contract.RuleDocExampleRequestLine, "001.txt:278", "method"}, {contract.RuleDocExampleRequestLine, "002.txt:328", "path"}}, nil},
		{"a response table of a status the Status Codes table lacks", []edit{{"003", 80, "Status code: 400", "Status code: 401"}},
			[]brief{{contract.RuleDocStatusInconsistent, "003.txt:84", "401"}}, nil},
		{"query and path values out of bounds or of another type", []edit{
			{"002", 328, "ccaas/permissions\n", "ccaas/permissions?limit=5000&marker=&id=a&instance_id=1&instance_id=2&instance_id=3&instance_id=4&instance_id=5&instance_id=6&instance_id=7&instance_id=8&instance_id=9&instance_id=10&instance_id=11\n"},
			{"001", 278, "ccaas/authorisations\n", "ccaas/authorisations?limit=ten\n"},
			{"004", 35, "Auth-123456", "Auth-123456789012345678901234567890"}},
			[]brief{{contract.RuleDocExampleType, "001.txt:278", "limit"},
				{contract.RuleDocExampleBounds, "002.txt:328", "instance_id"},
				{contract.RuleDocExampleBounds, "002.txt:328", "limit"}, {contract.RuleDocExampleBounds, "002.txt:328", "marker"},
				{contract.RuleDocExampleBounds, "004.txt:35", "authorization_id"}}, nil},
		{"a body that is not JSON", []edit{{"004", 36, `"port" : 80,`, `"port" : ,`}},
			[]brief{{contract.RuleDocPageWarning, "004.txt:36", ""}}, nil},
		{"an object typed differently on two pages", []edit{{"001", 182, "is_loaded_by_cloud_connection\n\nBoolean", "is_loaded_by_cloud_connection\n\nString"}},
			[]brief{{contract.RuleDocPagesTypeMismatch, "001.txt:268", "Authorisation/is_loaded_by_cloud_connection"},
				{contract.RuleDocExampleType, "001.txt:302", "/authorisations/0/is_loaded_by_cloud_connection"}}, nil},
		{"an object field renamed on one page", []edit{{"001", 182, "\nstatus\n", "\nstate\n"}},
			[]brief{{contract.RuleDocPagesFieldMissing, "000.txt:364", "Authorisation/state"},
				{contract.RuleDocPagesFieldMissing, "001.txt:182", "Authorisation/status"},
				{contract.RuleDocExampleUndocumented, "001.txt:301", "/authorisations/0/status"}}, nil},
		{"a header mandatory on one page only", []edit{{"001", 108, "X-Auth-Token\n\nNo", "X-Auth-Token\n\nYes"}},
			[]brief{{contract.RuleDocPagesRequiredMismatch, "001.txt:118", "X-Auth-Token"},
				{contract.RuleDocPagesRequiredMismatch, "002.txt:142", "X-Auth-Token"}}, nil},
		{"no default beside the text that says the pagination parameters work only together", []edit{{"002", 52, "Default: 1000", ""}},
			nil, []brief{{contract.RuleDocPagesConstraintMissing, "001.txt:48", "limit"}, {contract.RuleDocTogetherDefault, "002.txt:10", "limit"}}},
		{"the request ID described alike on every page", []edit{{"002", 166, "Resource ID.", "Request ID."}},
			nil, []brief{{contract.RuleDocPagesDescriptionMismatch, "002.txt:166", "/request_id"}}},
		{"the filter described for its own resource", []edit{{"002", 120, "used to query authorizations", "used to query permissions"}},
			nil, []brief{{contract.RuleDocDescriptionOtherResource, "002.txt:120", "instance_id"}}},
		{"X-Auth-Token mandatory without a condition", []edit{{"003", 40, " This parameter is mandatory when token authentication is used.", ""}},
			nil, []brief{{contract.RuleDocMandatoryConditional, "003.txt:40", "X-Auth-Token"}}},
		{"a value for each kind of network instance", []edit{{"000", 324, "vpc indicates VPCs.", "vpc indicates VPCs. vgw indicates virtual gateways."}},
			nil, []brief{{contract.RuleDocEnumNarrower, "000.txt:324", "CreateAuthorisation/instance_type"}}},
		{"a Content-Type header in the request example", []edit{{"000", 460, "ccaas/authorisations\n\n", "ccaas/authorisations\nContent-Type: application/json\n"}},
			nil, []brief{{contract.RuleDocExampleMissingHeader, "000.txt:460", "Content-Type"}}},
		{"one heading for each scenario", []edit{{"003", 95, "./Cancel API authorization (by the API reviewer)./Cancel API authorization (by the app owner)./Apply for authorization./Renew the validity period.\n", "\n"}},
			nil, []brief{{contract.RuleDocExampleScenarios, "003.txt:95", ""}}},
		{"lengths that differ between pages", []edit{{"001", 20, "Account ID.", "Account ID. Minimum: 10 Maximum: 64"}},
			[]brief{{contract.RuleDocPagesConstraintMissing, "000.txt:220", "domain_id"},
				{contract.RuleDocPagesConstraintMismatch, "002.txt:30", "domain_id"}},
			[]brief{{contract.RuleDocPagesConstraintMissing, "001.txt:30", "domain_id"}}},
	}
	base := briefs(Lint(seedPages(t)).Findings)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := seedFiles(t)
			for _, e := range c.edits {
				files[e.seed] = editPage(t, files[e.seed], e.from, e.old, e.new)
			}
			var pages []*docpage.Page
			for _, id := range []string{"000", "001", "002", "003", "004"} {
				pages = append(pages, docpage.Parse(seedName(id), files[id]))
			}
			got := briefs(Lint(pages).Findings)
			added, removed := multisetDiff(got, base), multisetDiff(base, got)
			if d := cmp.Diff(c.added, added, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("added findings (-want +got):\n%s", d)
			}
			if d := cmp.Diff(c.removed, removed, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("removed findings (-want +got):\n%s", d)
			}
		})
	}
}

// multisetDiff returns the items of a that b does not have (as many times
// as a has them more often), in a's order.
func multisetDiff(a, b []brief) []brief {
	count := map[brief]int{}
	for _, x := range b {
		count[x]++
	}
	var out []brief
	for _, x := range a {
		if count[x] > 0 {
			count[x]--
			continue
		}
		out = append(out, x)
	}
	return out
}

func TestServiceRoot(t *testing.T) {
	for path, want := range map[string]string{
		"/v3/{domain_id}/ccaas/authorisations":                 "/v3/{}/ccaas",
		"/v1/{project_id}/service/apis/authorize/action":       "/v1/{}/service",
		"/v2/servicerequest/authorizations/{authorization_id}": "/v2/servicerequest",
		"/things":       "/things",
		"/v1.1/{x}/{y}": "/v1.1/{}/{}",
	} {
		require.Equal(t, want, serviceRoot(path), path)
	}
}
