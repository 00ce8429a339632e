package mock

import (
	"context"
	"net/http"

	"github.com/specdrift/specdrift/gen/dataarts"
)

func dataArtsBinding() *binding {
	return &binding{
		name: "dataarts",
		ops: []*boundOp{
			{id: "AuthorizeActionApiToInstance", method: http.MethodPost, path: "/v1/{project_id}/service/apis/authorize/action",
				request:   func() any { return new(dataarts.AuthorizeActionApiToInstanceJSONRequestBody) },
				responses: map[int]func() any{400: func() any { return new(dataarts.ErrorBody) }}},
		},
		handler: func() http.Handler {
			si := dataarts.NewStrictHandlerWithOptions(dataArts{}, nil, dataarts.StrictHTTPServerOptions{
				RequestErrorHandlerFunc: requestError, ResponseErrorHandlerFunc: responseError})
			return dataarts.HandlerWithOptions(si, dataarts.StdHTTPServerOptions{BaseRouter: http.NewServeMux(), ErrorHandlerFunc: requestError})
		},
	}
}

// dataArts implements the generated strict server of DataArts Studio
// DataService.
type dataArts struct{}

var _ dataarts.StrictServerInterface = dataArts{}

// AuthorizeActionApiToInstance answers 204 (the action is done) or the
// chosen 400; it has nothing of the request to echo.
func (dataArts) AuthorizeActionApiToInstance(ctx context.Context, _ dataarts.AuthorizeActionApiToInstanceRequestObject) (dataarts.AuthorizeActionApiToInstanceResponseObject, error) {
	c := callFrom(ctx)
	if c != nil && c.cand.status == http.StatusNoContent && len(c.cand.body) == 0 {
		return dataarts.AuthorizeActionApiToInstance204Response{}, nil
	}
	if body, ok := typedBody[dataarts.ErrorBody](c, http.StatusBadRequest); ok {
		return dataarts.AuthorizeActionApiToInstance400JSONResponse(body), nil
	}
	return recorded{c}, nil
}

// VisitAuthorizeActionApiToInstanceResponse serves the candidate as recorded.
func (r recorded) VisitAuthorizeActionApiToInstanceResponse(w http.ResponseWriter) error {
	return r.write(w)
}
