package interop

import (
	"net/http"
	"strings"
	"testing"

	ccmodel "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/cc/v3/model"
	dasmodel "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/dataartsstudio/v1/model"
	osmmodel "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/osm/v2/model"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract/sign"
)

// sdkCall is one call of the SDK: the operation, the documented status of
// its success, and a check of what only this call can tell.
type sdkCall struct {
	name   string
	status int
	call   func(e *env) (response any, status int, err error)
	check  func(t *testing.T, response any)
}

// TestSDK calls every operation with the official SDK, once with the pages'
// example values and once with every optional parameter set. Each call
// must succeed with the documented status, signed with AK/SK (the mock
// verifies the signature), and decode every value the mock sent.
func TestSDK(t *testing.T) {
	e := newEnv(t)
	for _, c := range calls() {
		t.Run(c.name, func(t *testing.T) {
			resp, status, err := c.call(e)
			require.NoError(t, err, "the mock's log:\n%s", e.log)
			seen := e.wire.take()
			require.Len(t, seen, 1, "one request, to the mock only")
			x := seen[0]
			require.Equal(t, c.status, x.status, "%s %s: %s", x.method, x.uri, x.body)
			require.Equal(t, c.status, status, "the SDK's HttpStatusCode")
			require.True(t, sign.LooksSigned(x.header), "the SDK signs with AK/SK: %v", x.header)
			require.Empty(t, undecoded(t, x.body, resp), "values the SDK did not decode from %s", x.body)
			if c.check != nil {
				c.check(t, resp)
			}
		})
	}
	for _, line := range strings.Split(strings.TrimSpace(e.log.String()), "\n") {
		require.NotContains(t, line, "-> 4", "a call the mock refused")
	}
}

func calls() []sdkCall {
	return []sdkCall{
		{name: "CreateAuthorisation/page", status: http.StatusCreated, call: func(e *env) (any, int, error) {
			r, err := e.cc.CreateAuthorisation(&ccmodel.CreateAuthorisationRequest{Body: &ccmodel.CreateAuthorisationRequestBody{
				Authorisation: &ccmodel.CreateAuthorisation{RegionId: "region_id", InstanceId: "XXX", InstanceType: ccmodel.GetCreateAuthorisationInstanceTypeEnum().VPC,
					CloudConnectionDomainId: "XXX", CloudConnectionId: "XXX", ProjectId: "XXX"}}})
			return r, status(r, err), err
		}, check: func(t *testing.T, resp any) {
			a := resp.(*ccmodel.CreateAuthorisationResponse).Authorisation
			require.Equal(t, domainID, a.DomainId, "the path's domain_id is echoed")
		}},
		{name: "CreateAuthorisation/every-optional", status: http.StatusCreated, call: func(e *env) (any, int, error) {
			r, err := e.cc.CreateAuthorisation(&ccmodel.CreateAuthorisationRequest{Body: &ccmodel.CreateAuthorisationRequestBody{
				Authorisation: &ccmodel.CreateAuthorisation{Name: ptr("shared-vpc"), Description: ptr("VPC shared with the peer account"),
					RegionId: "ap-southeast-1", InstanceId: "vpc-1", InstanceType: ccmodel.GetCreateAuthorisationInstanceTypeEnum().VPC,
					CloudConnectionDomainId: "peer-domain-0001", CloudConnectionId: "cc-1", ProjectId: "proj-1"}}})
			return r, status(r, err), err
		}, check: func(t *testing.T, resp any) {
			a := resp.(*ccmodel.CreateAuthorisationResponse).Authorisation
			require.Equal(t, []string{"shared-vpc", "vpc-1", "proj-1", "ap-southeast-1", "cc-1", "peer-domain-0001"},
				[]string{a.Name, a.InstanceId, a.ProjectId, a.RegionId, a.CloudConnectionId, *a.CloudConnectionDomainId}, "the body's values are echoed")
		}},
		{name: "ListAuthorisations/page", status: http.StatusOK, call: func(e *env) (any, int, error) {
			r, err := e.cc.ListAuthorisations(&ccmodel.ListAuthorisationsRequest{})
			return r, status(r, err), err
		}, check: func(t *testing.T, resp any) {
			r := resp.(*ccmodel.ListAuthorisationsResponse)
			require.Len(t, r.Authorisations, 1)
			require.Equal(t, "2023-09-20T08:03:51Z", r.Authorisations[0].CreatedAt.String())
		}},
		{name: "ListAuthorisations/every-optional", status: http.StatusOK, call: func(e *env) (any, int, error) {
			r, err := e.cc.ListAuthorisations(&ccmodel.ListAuthorisationsRequest{Limit: ptr(int32(10)), Marker: ptr("marker-1"),
				Id: &[]string{"auth-1", "auth-2"}, Name: &[]string{"shared-vpc"}, Description: &[]string{"d"},
				CloudConnectionId: &[]string{"cc-1"}, InstanceId: &[]string{"vpc-1"}})
			return r, status(r, err), err
		}, check: func(t *testing.T, resp any) {
			a := resp.(*ccmodel.ListAuthorisationsResponse).Authorisations[0]
			require.Equal(t, []string{"auth-1", "shared-vpc", "cc-1", "vpc-1", domainID}, []string{a.Id, a.Name, a.CloudConnectionId, a.InstanceId, a.DomainId},
				"the filters are echoed")
		}},
		{name: "ListPermissions/page", status: http.StatusOK, call: func(e *env) (any, int, error) {
			r, err := e.cc.ListPermissions(&ccmodel.ListPermissionsRequest{})
			return r, status(r, err), err
		}},
		{name: "ListPermissions/every-optional", status: http.StatusOK, call: func(e *env) (any, int, error) {
			r, err := e.cc.ListPermissions(&ccmodel.ListPermissionsRequest{Limit: ptr(int32(1000)), Marker: ptr("marker-1"),
				Id: &[]string{"perm-1"}, Name: &[]string{"n1", "n2"}, Description: &[]string{"d"},
				CloudConnectionId: &[]string{"cc-1"}, InstanceId: &[]string{"vpc-1"}})
			return r, status(r, err), err
		}, check: func(t *testing.T, resp any) {
			require.Equal(t, "perm-1", resp.(*ccmodel.ListPermissionsResponse).Permissions[0].Id)
		}},
		{name: "AuthorizeActionApiToInstance/page", status: http.StatusNoContent, call: func(e *env) (any, int, error) {
			r, err := e.das.AuthorizeActionApiToInstance(&dasmodel.AuthorizeActionApiToInstanceRequest{
				Workspace: "3f1c5e7a9b2d4c6e8f0a1b2c3d4e5f60", ContentType: "application/json",
				Body: &dasmodel.ApiParaForAuthToInstance{ApiId: ptr("47046fe7830c1be77cb0dc23bd86afa5"), InstanceId: ptr("21398ikjdsjd9087122d4e"),
					AppId: ptr("908489209a320df61607355c57c82882"), ApplyType: ptr(dasmodel.GetApiParaForAuthToInstanceApplyTypeEnum().APPLY_TYPE_AUTHORIZE),
					Time: ptr("2021-01-01T10:00:00.000Z")}})
			return r, status(r, err), err
		}},
		{name: "AuthorizeActionApiToInstance/every-optional", status: http.StatusNoContent, call: func(e *env) (any, int, error) {
			r, err := e.das.AuthorizeActionApiToInstance(&dasmodel.AuthorizeActionApiToInstanceRequest{
				Workspace: "3f1c5e7a9b2d4c6e8f0a1b2c3d4e5f60", ContentType: "application/json;charset=UTF-8",
				DlmType: ptr(dasmodel.GetAuthorizeActionApiToInstanceRequestDlmTypeEnum().EXCLUSIVE),
				Body: &dasmodel.ApiParaForAuthToInstance{ApiId: ptr("47046fe7830c1be77cb0dc23bd86afa5"), InstanceId: ptr("21398ikjdsjd9087122d4e"),
					AppId: ptr("908489209a320df61607355c57c82882"), ApplyType: ptr(dasmodel.GetApiParaForAuthToInstanceApplyTypeEnum().APPLY_TYPE_RENEW),
					Time: ptr("2022-01-01T10:00:00.000Z")}})
			return r, status(r, err), err
		}},
		{name: "ConfirmAuthorizations/page", status: http.StatusOK, call: func(e *env) (any, int, error) {
			r, err := e.osm.ConfirmAuthorizations(&osmmodel.ConfirmAuthorizationsRequest{AuthorizationId: "Auth-123456",
				Body: &osmmodel.AgreeTenantAuthorizationV2Req{
					AuthDetailList:    &[]osmmodel.TenantAgreeAuthDetailV2{{AuthDetailId: 123, Port: ptr(int32(80)), Account: ptr("test"), Password: ptr("test")}},
					AuthEffectiveTime: ptr(int64(123)), AuthExpireTime: ptr(int64(123)), GroupId: ptr("test"), AgencyId: ptr("test")}})
			return r, status(r, err), err
		}},
		{name: "ConfirmAuthorizations/every-optional", status: http.StatusOK, call: func(e *env) (any, int, error) {
			r, err := e.osm.ConfirmAuthorizations(&osmmodel.ConfirmAuthorizationsRequest{AuthorizationId: "Auth-123456",
				XSite: ptr(int32(1)), XLanguage: ptr("en-us"), XTimeZone: ptr("GMT+8"),
				Body: &osmmodel.AgreeTenantAuthorizationV2Req{
					AuthDetailList: &[]osmmodel.TenantAgreeAuthDetailV2{
						{AuthDetailId: 123, Port: ptr(int32(22)), Account: ptr("root"), Password: ptr("123456")},
						{AuthDetailId: 124, Port: ptr(int32(1234)), Account: ptr("root"), Password: ptr("123456")}},
					AuthEffectiveTime: ptr(int64(1592795931000)), AuthExpireTime: ptr(int64(1592882331000)),
					GroupId: ptr("123456"), AgencyId: ptr("123456")}})
			return r, status(r, err), err
		}},
	}
}

// status is the HttpStatusCode of an SDK response, 0 when there is none.
func status(r any, err error) int {
	if err != nil {
		return 0
	}
	switch v := r.(type) {
	case *ccmodel.CreateAuthorisationResponse:
		return v.HttpStatusCode
	case *ccmodel.ListAuthorisationsResponse:
		return v.HttpStatusCode
	case *ccmodel.ListPermissionsResponse:
		return v.HttpStatusCode
	case *dasmodel.AuthorizeActionApiToInstanceResponse:
		return v.HttpStatusCode
	case *osmmodel.ConfirmAuthorizationsResponse:
		return v.HttpStatusCode
	}
	return 0
}

func ptr[T any](v T) *T { return &v }
