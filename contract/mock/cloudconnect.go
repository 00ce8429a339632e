package mock

import (
	"context"
	"net/http"
	"slices"

	"github.com/specdrift/specdrift/gen/cloudconnect"
)

func cloudConnectBinding() *binding {
	return &binding{
		name: "cloudconnect",
		ops: []*boundOp{
			{id: "CreateAuthorisation", method: http.MethodPost, path: "/v3/{domain_id}/ccaas/authorisations",
				request:   func() any { return new(cloudconnect.CreateAuthorisationJSONRequestBody) },
				responses: map[int]func() any{201: func() any { return new(cloudconnect.CreateAuthorisationResponseBody) }}},
			{id: "ListAuthorisations", method: http.MethodGet, path: "/v3/{domain_id}/ccaas/authorisations",
				responses: map[int]func() any{200: func() any { return new(cloudconnect.ListAuthorisationsResponseBody) }}},
			{id: "ListPermissions", method: http.MethodGet, path: "/v3/{domain_id}/ccaas/permissions",
				responses: map[int]func() any{200: func() any { return new(cloudconnect.ListPermissionsResponseBody) }}},
		},
		handler: func() http.Handler {
			si := cloudconnect.NewStrictHandlerWithOptions(cloudConnect{}, nil, cloudconnect.StrictHTTPServerOptions{
				RequestErrorHandlerFunc: requestError, ResponseErrorHandlerFunc: responseError})
			return cloudconnect.HandlerWithOptions(si, cloudconnect.StdHTTPServerOptions{BaseRouter: http.NewServeMux(), ErrorHandlerFunc: requestError})
		},
	}
}

// cloudConnect implements the generated strict server of Cloud Connect.
type cloudConnect struct{}

var _ cloudconnect.StrictServerInterface = cloudConnect{}

// CreateAuthorisation answers with the chosen authorisation, made the one
// the request asked for: the account of the path, and the instance, project,
// region and cloud connection of the body.
func (cloudConnect) CreateAuthorisation(ctx context.Context, req cloudconnect.CreateAuthorisationRequestObject) (cloudconnect.CreateAuthorisationResponseObject, error) {
	c := callFrom(ctx)
	body, ok := typedBody[cloudconnect.CreateAuthorisationResponseBody](c, http.StatusCreated)
	if !ok {
		return recorded{c}, nil
	}
	a := deref(body.Authorisation)
	a.DomainId = ptr(req.DomainId)
	if req.Body != nil {
		in := req.Body.Authorisation
		a.InstanceId, a.ProjectId, a.RegionId = ptr(in.InstanceId), ptr(in.ProjectId), ptr(in.RegionId)
		a.CloudConnectionId, a.CloudConnectionDomainId = ptr(in.CloudConnectionId), ptr(in.CloudConnectionDomainId)
		a.InstanceType = ptr(string(in.InstanceType))
		if in.Name != nil {
			a.Name = in.Name
		}
		if in.Description != nil {
			a.Description = in.Description
		}
	}
	body.Authorisation = &a
	return cloudconnect.CreateAuthorisation201JSONResponse(body), nil
}

// ListAuthorisations answers with the chosen list, its authorisations in
// the account of the path, matching the filters sent, at most limit of them.
func (cloudConnect) ListAuthorisations(ctx context.Context, req cloudconnect.ListAuthorisationsRequestObject) (cloudconnect.ListAuthorisationsResponseObject, error) {
	c := callFrom(ctx)
	body, ok := typedBody[cloudconnect.ListAuthorisationsResponseBody](c, http.StatusOK)
	if !ok {
		return recorded{c}, nil
	}
	if body.Authorisations != nil {
		p := req.Params
		items := slices.Clone(*body.Authorisations)
		for i := range items {
			it := &items[i]
			it.DomainId = ptr(req.DomainId)
			matchFilter(&it.Id, p.Id, i)
			matchFilter(&it.Name, p.Name, i)
			matchFilter(&it.Description, p.Description, i)
			matchFilter(&it.CloudConnectionId, p.CloudConnectionId, i)
			matchFilter(&it.InstanceId, p.InstanceId, i)
		}
		items = limited(items, p.Limit)
		body.Authorisations = &items
		if body.PageInfo != nil {
			pi := *body.PageInfo
			pi.CurrentCount = ptr(int32(len(items)))
			body.PageInfo = &pi
		}
	}
	return cloudconnect.ListAuthorisations200JSONResponse(body), nil
}

// ListPermissions answers with the chosen list, its permissions held by the
// account of the path, matching the filters sent, at most limit of them.
func (cloudConnect) ListPermissions(ctx context.Context, req cloudconnect.ListPermissionsRequestObject) (cloudconnect.ListPermissionsResponseObject, error) {
	c := callFrom(ctx)
	body, ok := typedBody[cloudconnect.ListPermissionsResponseBody](c, http.StatusOK)
	if !ok {
		return recorded{c}, nil
	}
	if body.Permissions != nil {
		p := req.Params
		items := slices.Clone(*body.Permissions)
		for i := range items {
			it := &items[i]
			it.DomainId = ptr(req.DomainId)
			matchFilter(&it.Id, p.Id, i)
			matchFilter(&it.Name, p.Name, i)
			matchFilter(&it.Description, p.Description, i)
			matchFilter(&it.CloudConnectionId, p.CloudConnectionId, i)
			matchFilter(&it.InstanceId, p.InstanceId, i)
		}
		items = limited(items, p.Limit)
		body.Permissions = &items
		if body.PageInfo != nil {
			pi := *body.PageInfo
			pi.CurrentCount = ptr(int32(len(items)))
			body.PageInfo = &pi
		}
	}
	return cloudconnect.ListPermissions200JSONResponse(body), nil
}

// matchFilter makes the i-th item of a list match a filter the request
// sent: a value not among the filter's values becomes one of them.
func matchFilter(field **string, filter *[]string, i int) {
	if filter == nil || len(*filter) == 0 {
		return
	}
	if *field != nil && slices.Contains(*filter, **field) {
		return
	}
	*field = ptr((*filter)[i%len(*filter)])
}

func limited[T any](items []T, limit *int32) []T {
	if limit != nil && *limit >= 0 && int(*limit) < len(items) {
		return items[:*limit]
	}
	return items
}

// VisitCreateAuthorisationResponse serves the candidate as recorded.
func (r recorded) VisitCreateAuthorisationResponse(w http.ResponseWriter) error { return r.write(w) }

// VisitListAuthorisationsResponse serves the candidate as recorded.
func (r recorded) VisitListAuthorisationsResponse(w http.ResponseWriter) error { return r.write(w) }

// VisitListPermissionsResponse serves the candidate as recorded.
func (r recorded) VisitListPermissionsResponse(w http.ResponseWriter) error { return r.write(w) }
