package docs

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/docpage"
)

// TestCheckSeeds: the five pages and the hand-written specs disagree only
// where the specs record a deliberate choice.
func TestCheckSeeds(t *testing.T) {
	res := Check(seedPages(t), specs(t, nil))
	require.Empty(t, res.Errors)
	require.Empty(t, res.Findings, "every disagreement is fixed or recorded in the spec")
	want := []brief{
		{contract.RuleDocLengthMismatch, "000.txt:220", "domain_id"},
		{contract.RuleDocEnumMismatch, "000.txt:324", "/authorisation/instance_type"},
		{contract.RuleDocFormatMismatch, "000.txt:408", "/authorisation/created_at"},
		{contract.RuleDocFormatMismatch, "000.txt:414", "/authorisation/updated_at"},
		{contract.RuleDocFormatMismatch, "001.txt:226", "/authorisations/*/created_at"},
		{contract.RuleDocFormatMismatch, "001.txt:232", "/authorisations/*/updated_at"},
		{contract.RuleDocLengthMismatch, "001.txt:30", "domain_id"},
		{contract.RuleDocTypeMismatch, "001.txt:66", "id"},
		{contract.RuleDocTypeMismatch, "001.txt:90", "cloud_connection_id"},
		{contract.RuleDocFormatMismatch, "002.txt:276", "/permissions/*/created_at"},
		{contract.RuleDocRequiredMismatch, "003.txt:40", "X-Auth-Token"},
		{contract.RuleDocEnumMismatch, "003.txt:48", "Dlm-Type"},
		{contract.RuleDocEnumMismatch, "003.txt:73", "/apply_type"},
		{contract.RuleDocRequiredMismatch, "004.txt:12", "X-Auth-Token"},
		{contract.RuleDocDefaultMismatch, "004.txt:13", "X-Language"},
		{contract.RuleDocDefaultMismatch, "004.txt:14", "X-Time-Zone"},
	}
	if d := cmp.Diff(want, briefs(res.Honored)); d != "" {
		t.Errorf("honored (-want +got):\n%s", d)
	}
	for _, f := range res.Honored {
		require.Regexp(t, `The spec records this as deliberate \(x-specdrift-(deviation|completed-from)\): \S`, f.Message)
		require.NotZero(t, f.Spec.Line, "%s has a spec line", f.Source)
		require.True(t, strings.HasPrefix(f.Spec.File, "spec/"), f.Spec.File)
	}
}

// TestCheckFindsDrift edits a page or a spec and expects exactly the
// findings the edit causes, and no others.
func TestCheckFindsDrift(t *testing.T) {
	s := seedFiles(t)
	cases := []struct {
		name  string
		page  string // seed
		edit  func(t *testing.T, b []byte) []byte
		specs map[string][]string
		want  []brief
	}{
		{"a deviation removed: the type is reported again", "001", nil,
			map[string][]string{"cloudconnect.yaml": {"        - name: id\n          in: query\n          required: false\n          description: Resource ID. Multiple IDs can be queried.\n          x-specdrift-deviation: >-",
				"        - name: id\n          in: query\n          required: false\n          description: Resource ID. Multiple IDs can be queried.\n          x-unrelated: >-"}},
			[]brief{{contract.RuleDocTypeMismatch, "001.txt:66", "id"}}},
		{"a deviation covers only the rules it names", "001", func(t *testing.T, b []byte) []byte {
			return editPage(t, b, 66, "Resource ID. Multiple IDs can be queried.", "Resource ID. Multiple IDs can be queried.\n\nArray Length: 1 - 5")
		}, nil, []brief{{contract.RuleDocLengthMismatch, "001.txt:66", "id"}}},
		{"a deviation that names no rules covers them all", "001", func(t *testing.T, b []byte) []byte {
			return editPage(t, b, 66, "Resource ID. Multiple IDs can be queried.", "Resource ID. Multiple IDs can be queried.\n\nArray Length: 1 - 5")
		}, map[string][]string{"cloudconnect.yaml": {"          x-specdrift-deviation-rules: [doc-type-mismatch]\n", ""}}, nil},
		{"a page's length changes", "002", func(t *testing.T, b []byte) []byte {
			return editPage(t, b, 30, "Maximum: 32", "Maximum: 64")
		}, nil, []brief{{contract.RuleDocLengthMismatch, "002.txt:30", "domain_id"}}},
		{"a deviation does not cover another page's other change", "000", func(t *testing.T, b []byte) []byte {
			return editPage(t, b, 220, "String", "Integer")
		}, nil, []brief{{contract.RuleDocTypeMismatch, "000.txt:220", "domain_id"}}},
		{"a field becomes optional", "000", func(t *testing.T, b []byte) []byte {
			return editPage(t, b, 292, "Yes", "No")
		}, nil, []brief{{contract.RuleDocRequiredMismatch, "000.txt:292", "/authorisation/instance_id"}}},
		{"a new row", "004", func(t *testing.T, b []byte) []byte {
			return editPage(t, b, 21, "agency_id | No |", "ticket_id | No | Integer | The ticket. |\nagency_id | No |")
		}, nil, []brief{{contract.RuleDocParamMissingInSpec, "004.txt:21", "/ticket_id"}}},
		{"a row the page drops", "002", func(t *testing.T, b []byte) []byte {
			return editPage(t, b, 252, "region_id\n\nString\n\nRegion ID.\n\n", "")
		}, nil, []brief{{contract.RuleDocParamMissingInDoc, "002.txt:228", "/permissions/*/region_id"}}},
		{"a query parameter the spec lacks", "002", nil,
			map[string][]string{"cloudconnect.yaml": {"        - name: marker\n          in: query\n          required: false\n          description: Pagination query information. You can obtain the marker values from the response of the last API call.\n          schema:\n            type: string\n            minLength: 1",
				"        - name: marker2\n          in: query\n          required: false\n          description: Pagination query information. You can obtain the marker values from the response of the last API call.\n          schema:\n            type: string\n            minLength: 1"}},
			[]brief{{contract.RuleDocParamMissingInDoc, "002.txt:18", "marker2"}, {contract.RuleDocParamMissingInSpec, "002.txt:68", "marker"}}},
		{"a status changes", "000", func(t *testing.T, b []byte) []byte {
			b = editPage(t, b, 340, "Status code: 201", "Status code: 202")
			return editPage(t, b, 1090, "201\n", "202\n")
		}, nil, []brief{{contract.RuleDocStatusMissing, "000.txt:1099", "202"}, {contract.RuleDocStatusMissingInDoc, "000.txt:208", "201"}}},
		{"a status the spec lacks", "000", func(t *testing.T, b []byte) []byte {
			return editPage(t, b, 1090, "201\n", "202\n")
		}, nil, []brief{{contract.RuleDocStatusMissing, "000.txt:1099", "202"}}},
		{"the page is updated", "001", func(t *testing.T, b []byte) []byte {
			return editPage(t, b, 1, "Updated on 2024-11-19", "Updated on 2025-02-01")
		}, nil, []brief{{contract.RuleDocPageUpdated, "001.txt:2", "updated"}}},
		{"values on a page where the spec completed them", "003", func(t *testing.T, b []byte) []byte {
			return editPage(t, b, 73, "Enumerated values:", "Enumerated values: APPLY_TYPE_AUTHORIZE APPLY_TYPE_RENEW")
		}, nil, []brief{{contract.RuleDocEnumMismatch, "003.txt:73", "/apply_type"}}},
		{"a type and a range", "004", func(t *testing.T, b []byte) []byte {
			b = editPage(t, b, 18, "auth_effective_time | No | Long |", "auth_effective_time | No | String |")
			return editPage(t, b, 24, "Maximum value: 65535", "Maximum value: 1024")
		}, nil, []brief{{contract.RuleDocTypeMismatch, "004.txt:18", "/auth_effective_time"}, {contract.RuleDocRangeMismatch, "004.txt:24", "/auth_detail_list/*/port"}}},
		{"a default", "002", func(t *testing.T, b []byte) []byte {
			return editPage(t, b, 52, "Default: 1000", "Default: 500")
		}, nil, []brief{{contract.RuleDocDefaultMismatch, "002.txt:52", "limit"}}},
		{"a time format both state alike", "000", func(t *testing.T, b []byte) []byte {
			return editPage(t, b, 408, "yyyy-MM-ddTHH:mm:ss format", "yyyy-MM-ddTHH:mm:ssZ format")
		}, nil, nil},
		{"an operation the specs lack", "004", func(t *testing.T, b []byte) []byte {
			return editPage(t, b, 5, "PUT /v2/", "PATCH /v2/")
		}, nil, []brief{{contract.RuleDocOperationMissing, "004.txt:5", ""}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := s[c.page]
			if c.edit != nil {
				data = c.edit(t, data)
			}
			res := Check([]*docpage.Page{docpage.Parse(seedName(c.page), data)}, specs(t, c.specs))
			require.Empty(t, res.Errors)
			if d := cmp.Diff(c.want, briefs(res.Findings), cmpopts.EquateEmpty()); d != "" {
				t.Errorf("findings (-want +got):\n%s", d)
			}
			for _, f := range res.Findings {
				r, ok := contract.LookupRule(f.Rule)
				require.True(t, ok, "rule %s is registered", f.Rule)
				require.Equal(t, r.Severity, f.Severity)
				require.NotEmpty(t, f.Message)
				if f.Rule != contract.RuleDocOperationMissing {
					require.NotZero(t, f.Spec.Line, "%s: spec line", f.Rule)
				}
			}
		})
	}
}

func TestCheckPageWithoutRequestLine(t *testing.T) {
	p := docpage.Parse("empty.txt", []byte("Help Center/ X/ Y\n\nNothing here\n"))
	res := Check([]*docpage.Page{p}, specs(t, nil))
	require.Equal(t, []string{`empty.txt: no request line (such as "POST /v3/...") found: cannot tell which operation the page documents`}, res.Errors)
	require.Empty(t, res.Findings)
}

func TestFindOperation(t *testing.T) {
	ss := specs(t, nil)
	for _, c := range []struct{ method, path, want string }{
		{"GET", "/v3/{domain_id}/ccaas/permissions", "ListPermissions"},
		{"get", "/v3/{project_id}/ccaas/permissions", "ListPermissions"},
		{"PUT", "/v2/servicerequest/authorizations/{id}", "ConfirmAuthorizations"},
		{"DELETE", "/v3/{domain_id}/ccaas/permissions", ""},
		{"GET", "/v3/{domain_id}/ccaas", ""},
	} {
		o := FindOperation(ss, c.method, c.path)
		got := ""
		if o != nil {
			got = o.ID
		}
		require.Equal(t, c.want, got, "%s %s", c.method, c.path)
	}
}
