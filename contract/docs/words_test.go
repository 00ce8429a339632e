package docs

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

func TestWords(t *testing.T) {
	for in, want := range map[string][]string{
		"Network instance ID used to query authorizations.": {"network", "instance", "id", "used", "to", "query", "authorization"},
		"authorisations":                    {"authorization"},
		"Entries, statuses, boxes, matches": {"entry", "status", "box", "match"},
		"APIs and IDs":                      {"api", "and", "id"},
	} {
		require.Equal(t, want, words(in), in)
	}
	for in, want := range map[string][]string{
		"request_id": {"request", "id"}, "requestId": {"request", "id"}, "X-Request-Id": {"x", "request", "id"},
	} {
		require.Equal(t, want, nameWords(in), in)
	}
}

func TestSentences(t *testing.T) {
	require.Equal(t, "Request ID", firstSentence("Request ID. Minimum: 32"))
	require.Equal(t, "Number of records", firstSentence("Number of records\nValue range: 1 to 1000"))
	require.Equal(t, "Version 1.2 of it", firstSentence("Version 1.2 of it."), "a stop inside a number ends nothing")
	require.Equal(t, []string{"One.", "Two three.", "Four"}, sentences("One. Two three.\nFour"))
}

func TestHasWord(t *testing.T) {
	for _, c := range []struct {
		text, word string
		want       bool
	}{
		{"marker and limit", "limit", true},
		{"the limits", "limit", false},
		{"unlimited", "limit", false},
		{"page_limit", "limit", false},
		{"limit.", "limit", true},
		{"X-Auth-Token", "Token", false},
		{"limit", "", false},
	} {
		require.Equal(t, c.want, hasWord(c.text, c.word), "%q in %q", c.word, c.text)
	}
}

func TestStatedValues(t *testing.T) {
	for in, want := range map[string][]enumValue{
		"Type of an authorized network instance. vpc indicates VPCs.": {{"vpc", "VPCs"}},
		"The value can be SHARED or EXCLUSIVE.":                       {{"SHARED", ""}, {"EXCLUSIVE", ""}},
		"This indicates the type.":                                    nil,
		"The value can be a common language or a dialect.":            nil,
		"Resource description.":                                       nil,
	} {
		if d := cmp.Diff(want, statedValues(in), cmp.AllowUnexported(enumValue{})); d != "" {
			t.Errorf("%q (-want +got):\n%s", in, d)
		}
	}
	require.Equal(t, []string{"VPC", "virtual gateway"}, kindsIn("ID of the network instance (VPC or virtual gateway)."))
	require.Equal(t, []string{"disk", "volume", "snapshot"}, kindsIn("Target (a disk, a volume, or a snapshot)."))
	require.Empty(t, kindsIn("Angle brackets (<>) are not allowed."))
	require.Empty(t, kindsIn("Cancel it (by the API reviewer)."))
}

func TestTypeStem(t *testing.T) {
	for in, want := range map[string]string{"instance_type": "instance", "instanceType": "instance", "Dlm-Type": "Dlm", "type": "", "name": ""} {
		require.Equal(t, want, typeStem(in), in)
	}
	require.True(t, typedBy("instance_id", "instance"))
	require.True(t, typedBy("instanceId", "instance"))
	require.False(t, typedBy("region_id", "instance"))
}

func TestScenarioList(t *testing.T) {
	require.Equal(t, []string{"Authorize an API to an app", "Cancel API authorization (by the API reviewer)"},
		scenarioList("Authorize an API to an app./Cancel API authorization (by the API reviewer)."))
	require.Nil(t, scenarioList("Create a VPC/subnet"))
	require.Nil(t, scenarioList("Querying the authorization list"))
}

func TestCredential(t *testing.T) {
	for _, c := range []struct {
		name, desc string
		want       bool
	}{
		{"X-Auth-Token", "User token.", true},
		{"Authorization", "Signature.", true},
		{"X-Key", "The caller's API key.", true},
		{"workspace", "Workspace ID.", false},
		{"Content-Type", "Type (format) of the message body.", false},
		{"X-Language", "Specifies the language environment. Not a token.", false},
	} {
		require.Equal(t, c.want, credential(&Field{Name: c.name, Description: c.desc}), c.name)
	}
}
