package mock

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/fixtures"
	"github.com/specdrift/specdrift/gen/cloudconnect"
	"github.com/specdrift/specdrift/gen/dataarts"
	"github.com/specdrift/specdrift/gen/servicetickets"
)

// fixtureResponse decodes the response body of an embedded fixture into T.
func fixtureResponse[T any](t *testing.T, name string) T {
	t.Helper()
	data, err := fixtures.Files.ReadFile(name)
	require.NoError(t, err)
	_, ex, err := contract.ReadFixture(name, data)
	require.NoError(t, err)
	var v T
	require.NoError(t, json.Unmarshal(ex.Response.Body, &v))
	return v
}

func withToken(_ context.Context, req *http.Request) error {
	req.Header.Set("X-Auth-Token", token)
	return nil
}

// TestGeneratedClients calls every operation with the generated clients over
// real HTTP and checks the typed responses.
func TestGeneratedClients(t *testing.T) {
	srv, log := startMock(t, Options{})
	ctx := context.Background()
	cc, err := cloudconnect.NewClientWithResponses(srv.URL, cloudconnect.WithRequestEditorFn(withToken))
	require.NoError(t, err)
	da, err := dataarts.NewClientWithResponses(srv.URL, dataarts.WithRequestEditorFn(withToken))
	require.NoError(t, err)
	st, err := servicetickets.NewClientWithResponses(srv.URL, servicetickets.WithRequestEditorFn(withToken))
	require.NoError(t, err)

	t.Run("CreateAuthorisation", func(t *testing.T) {
		in := cloudconnect.CreateAuthorisationJSONRequestBody{Authorisation: cloudconnect.CreateAuthorisation{
			InstanceId: "vpc-1", ProjectId: "proj-1", RegionId: "ap-southeast-1", CloudConnectionId: "cc-1",
			InstanceType: cloudconnect.InstanceTypeVpc, CloudConnectionDomainId: "peer-domain-1", Name: ptr("shared vpc")}}
		resp, err := cc.CreateAuthorisationWithResponse(ctx, domainID, nil, in)
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, resp.StatusCode(), "%s", resp.Body)
		want := fixtureResponse[cloudconnect.CreateAuthorisationResponseBody](t, "cloudconnect/create-authorisation-201.yaml")
		a := *want.Authorisation
		a.DomainId, a.InstanceId, a.ProjectId, a.RegionId = ptr(domainID), ptr("vpc-1"), ptr("proj-1"), ptr("ap-southeast-1")
		a.CloudConnectionId, a.CloudConnectionDomainId, a.Name = ptr("cc-1"), ptr("peer-domain-1"), ptr("shared vpc")
		want.Authorisation = &a
		require.Empty(t, cmp.Diff(&want, resp.JSON201))
	})
	t.Run("ListAuthorisations", func(t *testing.T) {
		resp, err := cc.ListAuthorisationsWithResponse(ctx, domainID, &cloudconnect.ListAuthorisationsParams{})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
		created := time.Date(2023, 9, 20, 8, 3, 51, 0, time.UTC)
		want := &cloudconnect.ListAuthorisationsResponseBody{
			RequestId: ptr("bce57c774ed47dd828963e5ec3a0b06d"),
			Authorisations: &[]cloudconnect.Authorisation{{
				Id: ptr("XXX"), Name: ptr(""), Description: ptr(""), DomainId: ptr(domainID),
				CreatedAt: &created, UpdatedAt: &created, ProjectId: ptr("XXX"), RegionId: ptr("region_id"),
				InstanceType: ptr("vpc"), InstanceId: ptr("XXX"), CloudConnectionDomainId: ptr("XXX"), CloudConnectionId: ptr("XXX"),
				Status: ptr("authorized"), IsLoadedByCloudConnection: ptr(true),
			}},
			PageInfo: &cloudconnect.PageInfo{PreviousMarker: ptr("XXX"), CurrentCount: ptr(int32(1))},
		}
		require.Empty(t, cmp.Diff(want, resp.JSON200))
	})
	t.Run("ListPermissions", func(t *testing.T) {
		resp, err := cc.ListPermissionsWithResponse(ctx, domainID, &cloudconnect.ListPermissionsParams{Limit: ptr(int32(10)), Marker: ptr("m1")})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
		want := fixtureResponse[cloudconnect.ListPermissionsResponseBody](t, "cloudconnect/list-permissions-200.yaml")
		(*want.Permissions)[0].DomainId = ptr(domainID)
		require.Empty(t, cmp.Diff(&want, resp.JSON200))
	})
	t.Run("AuthorizeActionApiToInstance", func(t *testing.T) {
		in := dataarts.AuthorizeActionApiToInstanceJSONRequestBody{ApiId: ptr("47046fe7830c1be77cb0dc23bd86afa5"),
			AppId: ptr("908489209a320df61607355c57c82882"), ApplyType: ptr(dataarts.ApplyTypeRenew), Time: ptr("2021-01-01T10:00:00.000Z")}
		resp, err := da.AuthorizeActionApiToInstanceWithResponse(ctx, projectID,
			&dataarts.AuthorizeActionApiToInstanceParams{Workspace: "ws-1", DlmType: ptr(dataarts.DlmTypeExclusive)}, in)
		require.NoError(t, err)
		require.Equal(t, http.StatusNoContent, resp.StatusCode(), "%s", resp.Body)
		require.Empty(t, resp.Body)
	})
	t.Run("ConfirmAuthorizations", func(t *testing.T) {
		in := servicetickets.ConfirmAuthorizationsJSONRequestBody{
			AuthDetailList:    &[]servicetickets.TenantAgreeAuthDetailV2{{AuthDetailId: 123, Port: ptr(int32(22)), Account: ptr("root")}},
			AuthEffectiveTime: ptr(int64(1592795931000)), AuthExpireTime: ptr(int64(1592882331000)),
		}
		resp, err := st.ConfirmAuthorizationsWithResponse(ctx, "Auth-123456", &servicetickets.ConfirmAuthorizationsParams{XLanguage: ptr("en-us")}, in)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "%s", resp.Body)
		require.Empty(t, cmp.Diff(&servicetickets.ConfirmAuthorizationsResponseBody{}, resp.JSON200))
	})
	require.NotContains(t, log.String(), " error ", "valid requests have no error findings:\n%s", log)
}
