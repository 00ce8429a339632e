package mock

import (
	"context"
	"net/http"

	"github.com/specdrift/specdrift/gen/servicetickets"
)

func serviceTicketsBinding() *binding {
	return &binding{
		name: "servicetickets",
		ops: []*boundOp{
			{id: "ConfirmAuthorizations", method: http.MethodPut, path: "/v2/servicerequest/authorizations/{authorization_id}",
				request:   func() any { return new(servicetickets.ConfirmAuthorizationsJSONRequestBody) },
				responses: map[int]func() any{200: func() any { return new(servicetickets.ConfirmAuthorizationsResponseBody) }}},
		},
		handler: func() http.Handler {
			si := servicetickets.NewStrictHandlerWithOptions(serviceTickets{}, nil, servicetickets.StrictHTTPServerOptions{
				RequestErrorHandlerFunc: requestError, ResponseErrorHandlerFunc: responseError})
			return servicetickets.HandlerWithOptions(si, servicetickets.StdHTTPServerOptions{BaseRouter: http.NewServeMux(), ErrorHandlerFunc: requestError})
		},
	}
}

// serviceTickets implements the generated strict server of the service
// tickets API.
type serviceTickets struct{}

var _ servicetickets.StrictServerInterface = serviceTickets{}

// ConfirmAuthorizations answers with the chosen confirmation. The
// documented response carries only error_code and error_msg, so nothing of
// the request is echoed.
func (serviceTickets) ConfirmAuthorizations(ctx context.Context, _ servicetickets.ConfirmAuthorizationsRequestObject) (servicetickets.ConfirmAuthorizationsResponseObject, error) {
	c := callFrom(ctx)
	if body, ok := typedBody[servicetickets.ConfirmAuthorizationsResponseBody](c, http.StatusOK); ok {
		return servicetickets.ConfirmAuthorizations200JSONResponse(body), nil
	}
	return recorded{c}, nil
}

// VisitConfirmAuthorizationsResponse serves the candidate as recorded.
func (r recorded) VisitConfirmAuthorizationsResponse(w http.ResponseWriter) error { return r.write(w) }
