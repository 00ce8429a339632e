package docs

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/docpage"
)

// draftOf imports one page and loads the draft as a spec.
func draftOf(t *testing.T, p *docpage.Page) (*Draft, *contract.Operation) {
	t.Helper()
	d, err := Import([]*docpage.Page{p})
	require.NoError(t, err)
	s, err := contract.LoadSpec("draft-"+p.Name, d.YAML)
	require.NoError(t, err, "the draft is a valid OpenAPI document:\n%s", d.YAML)
	require.Len(t, s.Operations, 1)
	return d, s.Operations[0]
}

// TestImportRoundTrip: a page's draft says what the page says, no more and
// no less.
func TestImportRoundTrip(t *testing.T) {
	ids := []string{"CreateAuthorisation", "ListAuthorisations", "ListPermissions", "AuthorizeActionApiToInstance", "ConfirmAuthorization"}
	for i, p := range seedPages(t) {
		t.Run(p.Name, func(t *testing.T) {
			d, o := draftOf(t, p)
			require.Equal(t, []string{p.Method, p.Path, ids[i]}, []string{o.Method, o.Path, o.ID})
			require.Empty(t, Compare(FromPage(p), FromSpec(o), Options{}))
			for ptr, origin := range d.Origins {
				require.Equal(t, p.Name, origin.Page)
				require.NotZero(t, o.Spec.Line(ptr), "%s is in the draft", ptr)
			}
		})
	}
}

// TestImportAgreesWithSpecs: the drafts of the five pages differ from the
// hand-written specs only where the specs record a deliberate choice, and
// in exactly the places docs check accepts.
func TestImportAgreesWithSpecs(t *testing.T) {
	ss := specs(t, nil)
	type place struct {
		Rule           contract.RuleID
		In, Pointer    string
		Ext, Operation string
	}
	var got, want []place
	pages := seedPages(t)
	for _, p := range pages {
		_, draft := draftOf(t, p)
		o := FindOperation(ss, p.Method, p.Path)
		require.NotNil(t, o)
		for _, d := range Compare(FromSpec(draft), FromSpec(o), Options{}) {
			rule, ok := checkRules[d.Kind]
			if !ok {
				continue
			}
			ext, why := honored(d, rule)
			require.NotEmpty(t, why, "%s %s %s %s: the draft says %q, the spec %q, and the spec records no choice",
				o.ID, rule, d.In, d.Pointer, d.AState, d.BState)
			got = append(got, place{rule, d.In, d.Pointer, ext, o.Name()})
		}
	}
	for _, f := range Check(pages, ss).Honored {
		ext := ExtDeviation
		if contains([]string{"/authorisation/instance_type", "Dlm-Type", "/apply_type", "X-Language", "X-Time-Zone", "domain_id"}, f.Pointer) {
			ext = ExtCompletedFrom
		}
		want = append(want, place{f.Rule, f.In, f.Pointer, ext, f.Operation})
	}
	less := func(a, b place) bool {
		return a.Operation+a.In+a.Pointer+string(a.Rule) < b.Operation+b.In+b.Pointer+string(b.Rule)
	}
	if d := cmp.Diff(want, got, cmp.Transformer("sort", func(in []place) []place {
		out := append([]place(nil), in...)
		for i := range out {
			for j := i + 1; j < len(out); j++ {
				if less(out[j], out[i]) {
					out[i], out[j] = out[j], out[i]
				}
			}
		}
		return out
	})); d != "" {
		t.Errorf("the drafts' differences from the specs are not those docs check accepts (-check +drafts):\n%s", d)
	}
	require.Len(t, got, 16)
}

// TestImportPages drafts the five pages as one document: objects two
// pages describe alike are shared, those they describe differently are not.
func TestImportPages(t *testing.T) {
	d, err := Import(seedPages(t))
	require.NoError(t, err)
	s, err := contract.LoadSpec("draft.yaml", d.YAML)
	require.NoError(t, err)
	require.Len(t, s.Operations, 5)
	var names []string
	for name := range s.Doc.Components.Schemas {
		names = append(names, name)
	}
	require.ElementsMatch(t, []string{
		"CreateAuthorisationRequestBody", "CreateAuthorisation", "CreateAuthorisationResponseBody", "Authorisation",
		"ListAuthorisationsResponseBody", "PageInfo", "ListPermissionsResponseBody", "ListPermissionsPageInfo", "Permission",
		"AuthorizeActionApiToInstanceRequestBody", "AuthorizeActionApiToInstanceResponseBody",
		"ConfirmAuthorizationRequestBody", "TenantAgreeAuthDetailV2", "ConfirmAuthorizationResponseBody",
	}, names)
	perm := s.Doc.Components.Schemas["ListPermissionsPageInfo"].Value.Properties["next_marker"].Value
	require.Equal(t, uint64(1), perm.MinLength, "page 002's PageInfo has lengths")
	require.Nil(t, s.Doc.Components.Schemas["PageInfo"].Value.Properties["next_marker"].Value.MaxLength, "page 001's has none")
	require.Equal(t, "Draft of pages 000, 001, 002, 003, 004", s.Doc.Info.Title)
	require.Equal(t, "2024-11-19", s.Doc.Info.Version, "the newest page date")
}

func TestImportFitsThePathTemplate(t *testing.T) {
	page := []byte("Help Center/ X/ Y/ Getting a Thing\n\nGetting a Thing\n\nURI\n\nGET /v1/{project_id}/things/{thing_id}\n\n" +
		"Table 1 Path Parameters\n\nParameter\n\nMandatory\n\nType\n\nDescription\n\nproject_id\n\nYes\n\nString\n\nProject.\n\n" +
		"other_id\n\nYes\n\nString\n\nNot in the path.\n")
	p := docpage.Parse("thing.txt", page)
	_, o := draftOf(t, p)
	var names []string
	for _, pr := range o.Op.Parameters {
		names = append(names, pr.Value.Name)
	}
	require.Equal(t, []string{"project_id", "thing_id"}, names)
	require.Equal(t, "ShowThing", o.ID)
}

// TestImportRepeatedRow: a table that lists a field twice drafts a valid
// document keeping the first row, and the reader warns at the second.
func TestImportRepeatedRow(t *testing.T) {
	files := seedFiles(t)
	text := strings.Replace(string(files["003"]), "error_msg |\nString |\nError message. |\n",
		"error_msg |\nString |\nError message. |\nerror_code |\nInteger |\nRepeated. |\n", 1)
	require.NotEqual(t, string(files["003"]), text)
	p := docpage.Parse("repeated.txt", []byte(text))
	_, o := draftOf(t, p)
	body := o.Op.Responses.Status(400).Value.Content["application/json"].Schema.Value
	require.Equal(t, "string", body.Properties["error_code"].Value.Type.Slice()[0], "the first row is kept")
	var warned []string
	for _, fd := range Lint([]*docpage.Page{p}).Findings {
		if fd.Rule == contract.RuleDocPageWarning && strings.Contains(fd.Message, "repeats") {
			warned = append(warned, fd.Source)
		}
	}
	require.Equal(t, []string{"repeated.txt:94"}, warned)
}

func TestImportWithoutRequestLine(t *testing.T) {
	_, err := Import([]*docpage.Page{docpage.Parse("x.txt", []byte("Nothing\n"))})
	require.EqualError(t, err, `x.txt: no request line (such as "POST /v3/...") found: cannot draft its operation`)
}

func TestOperationID(t *testing.T) {
	for title, want := range map[string]string{
		"Creating an Authorization":       "CreateAuthorization",
		"Querying the Permission List":    "ListPermissions",
		"Querying the Authorization List": "ListAuthorizations",
		"Confirming an Authorization":     "ConfirmAuthorization",
		"Deleting a Cloud Connection":     "DeleteCloudConnection",
		"Querying Details of a VPC":       "ShowDetailsVPC",
		"Obtaining 2 Tokens":              "Show2Tokens",
		"":                                "getOperation",
	} {
		require.Equal(t, want, operationID(&docpage.Page{Title: title, Method: "GET"}), title)
	}
	require.Equal(t, "FromSDK", operationID(&docpage.Page{Title: "Creating an Authorization", SDKOperation: "FromSDK"}))
}
