package mock

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/gen/cloudconnect"
	"github.com/specdrift/specdrift/gen/servicetickets"
)

// TestFidelity decodes every recorded body into its generated type, encodes
// it again and compares the two semantically. Every difference must be
// listed in its table and reported by the validator at the same place.
func TestFidelity(t *testing.T) {
	// knownLosses lists, by fixture and side, every place where a recorded
	// body does not survive a round trip through its generated type. Each
	// is drift the documentation commits, and the validator reports it; a
	// fixture missing from this list must round-trip exactly.
	knownLosses := map[string][]string{
		// Page 004's example response echoes the request; the documented
		// response has error_code and error_msg only.
		"fixtures/servicetickets/confirm-authorizations-200.yaml response.body": {
			"dropped /agency_id", "dropped /auth_detail_list", "dropped /auth_effective_time", "dropped /auth_expire_time", "dropped /group_id",
		},
	}
	specs, exs := embedded(t)
	v := contract.NewValidator(specs, contract.Options{StrictRequests: true})
	seen := map[string]bool{}
	for _, ex := range exs {
		res, err := v.Validate(context.Background(), ex)
		require.NoError(t, err)
		sides := []struct {
			in     string
			status int
			body   []byte
		}{{"request.body", 0, ex.Request.Body}}
		if ex.Response != nil {
			sides = append(sides, struct {
				in     string
				status int
				body   []byte
			}{"response.body", ex.Response.Status, ex.Response.Body})
		}
		for _, side := range sides {
			if len(side.body) == 0 {
				continue
			}
			key := ex.Source.Name + " " + side.in
			t.Run(key, func(t *testing.T) {
				target, ok := BodyType(res.Operation.ID, side.status)
				if !ok {
					requireFinding(t, res.Findings, contract.RuleUndocumentedStatus, "response.status", "")
					t.Logf("%s: no generated type for status %d: the validator reports the status", key, side.status)
					return
				}
				losses, err := RoundTrip(side.body, target)
				require.NoError(t, err)
				var got []string
				for _, l := range losses {
					got = append(got, l.Kind+" "+l.Pointer)
					requireFinding(t, res.Findings, "", side.in, l.Pointer)
				}
				seen[key] = true
				if len(losses) > 0 {
					t.Logf("%s does not round-trip through %s: %s", key, typeName(target), JoinLosses(losses))
				}
				require.Empty(t, cmp.Diff(knownLosses[key], got), "%s does not round-trip through %s as listed: %s", key, typeName(target), JoinLosses(losses))
			})
		}
	}
	for key := range knownLosses {
		require.True(t, seen[key], "knownLosses names %s, which no fixture has", key)
	}
}

// requireFinding fails unless a finding (of rule, if given) is reported at
// in and at pointer or one of its ancestors.
func requireFinding(t *testing.T, fs []contract.Finding, rule contract.RuleID, in, pointer string) {
	t.Helper()
	for _, f := range fs {
		if (rule == "" || f.Rule == rule) && f.In == in && (f.Pointer == pointer || strings.HasPrefix(pointer, f.Pointer+"/")) {
			return
		}
	}
	t.Errorf("the validator reports nothing at %s %s, where the body does not round-trip", in, pointer)
}

// TestRoundTrip checks the comparison itself.
func TestRoundTrip(t *testing.T) {
	confirm := func() any { return new(servicetickets.ConfirmAuthorizationsRequestBody) }
	authorisation := func() any { return new(cloudconnect.Authorisation) }
	tests := []struct {
		name, body string
		target     func() any
		want       []Loss
	}{
		{"exact, whatever the key order and spacing", `{"group_id": "g", "auth_expire_time": 2, "auth_effective_time": 1}`, confirm, nil},
		{"a number written differently", `{"auth_effective_time": -0}`, confirm, nil},
		{"a time written differently", `{"created_at": "2023-09-20T16:03:51.000+08:00"}`, authorisation, nil},
		{"a field the type lacks", `{"group_id": "g", "note": {"a": 1}}`, confirm,
			[]Loss{{Pointer: "/note", Kind: "dropped", Recorded: `{"a":1}`}}},
		{"a value of the wrong type", `{"auth_detail_list": [{"auth_detail_id": 1}, {"auth_detail_id": 2, "password": 123456}]}`, confirm,
			[]Loss{{Pointer: "/auth_detail_list/1/password", Kind: "changed", Recorded: "123456", Typed: `""`,
				Reason: "cannot decode a JSON number into a Go string"}}},
		{"a required field the body lacks", `{"auth_detail_list": [{"port": 22}]}`, confirm,
			[]Loss{{Pointer: "/auth_detail_list/0/auth_detail_id", Kind: "added", Typed: "0"}}},
		{"an exponent an integer cannot hold", `{"auth_effective_time": 1.5e3}`, confirm,
			[]Loss{{Pointer: "/auth_effective_time", Kind: "changed", Recorded: "1.5e3", Typed: "0", Reason: "cannot decode a JSON number 1.5e3 into a Go int64"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := RoundTrip([]byte(tt.body), tt.target())
			require.NoError(t, err)
			require.Empty(t, cmp.Diff(tt.want, got))
		})
	}
	_, err := RoundTrip([]byte(`{"group_id": `), confirm())
	require.Error(t, err)
}
