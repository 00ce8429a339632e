package diff

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// A fixture of the compared specs that no old version routes is an error of
// its source, as validate reports it; one of another service is left out.
func TestFixturesThatRouteNowhere(t *testing.T) {
	cc := specFile(t, "cloudconnect.yaml")
	loaded, err := LoadPairs(context.Background(), []Pair{{Service: "cloudconnect", Old: &cc, New: &cc}})
	require.NoError(t, err)
	exchange := func(name, op, method, url string) *contract.Exchange {
		return &contract.Exchange{Source: contract.Source{Name: name, Lines: map[string]int{"exchange": 1, "request.url": 4}}, Operation: op,
			Request: contract.Request{Method: method, URL: url}}
	}
	embedded := embeddedFixtures(t) // of three services: two are not compared
	fixtures := append(embedded,
		exchange("nowhere.yaml", "ListPermissions", "GET", "/v3/d/ccaas/nothing"),
		exchange("unnamed.yaml", "", "GET", "/v3/d/ccaas/nothing"),
		exchange("misnamed.yaml", "ShowThing", "GET", "/v3/d/ccaas/permissions"),
		exchange("other-service.yaml", "ShowThing", "GET", "/v9/things/1"),
		&contract.Exchange{Source: contract.Source{Name: "log.ndjson", Entry: "line 3"}, Request: contract.Request{Method: "GET", URL: "/v3/d/ccaas/nothing"}},
	)
	res, err := Compare(context.Background(), loaded, Options{Fixtures: fixtures})
	require.NoError(t, err)
	want := []string{
		"nowhere.yaml:4: GET /v3/d/ccaas/nothing matches no operation of the specs (the exchange names operation ListPermissions, which no spec defines)",
		"unnamed.yaml:4: GET /v3/d/ccaas/nothing matches no operation of the specs",
		"misnamed.yaml:4: GET /v3/d/ccaas/permissions matches no operation of the specs (the exchange names operation ShowThing, which no spec defines)",
		"log.ndjson#line 3: GET /v3/d/ccaas/nothing matches no operation of the specs",
	}
	if d := cmp.Diff(want, res.Errors); d != "" {
		t.Errorf("errors (-want +got):\n%s", d)
	}
	require.Equal(t, 3, res.Pairs[0].Exchanges, "the embedded fixtures of Cloud Connect")
	require.Equal(t, len(want), res.Summary(contract.SeverityError).Unreadable)
}
