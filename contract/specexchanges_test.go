package contract_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

const examplesSpec = "examples/pets.yaml"

// TestExampleExchanges: each response example is an exchange with the
// request example of its name (else the only one, else none); a request
// example no response pairs with is an exchange of its own; the URL is
// under the first server, with the parameters' examples or values of their
// schemas; each exchange is sourced at its example.
func TestExampleExchanges(t *testing.T) {
	s := loadOne(t, examplesSpec)
	var got []string
	for _, ex := range s.ExampleExchanges() {
		line := fmt.Sprintf("%s %s: %s %s [%s] %s", ex.Source, ex.Operation, ex.Request.Method, ex.Request.URL, ex.Request.Body, ex.Request.Header)
		if ex.Response != nil {
			line += fmt.Sprintf(" → %d %s %s", ex.Response.Status, ex.Response.Header.Get("Content-Type"), ex.Response.Body)
		}
		got = append(got, line)
	}
	json := " map[Content-Type:[application/json]]"
	want := []string{
		hash(t, "/paths/~1pets/post/responses/201/content/application~1json/examples/cat", "# response cat") + ` createPet: POST https://eu.pets.example.com/v1/pets [{"kind":"cat","name":"Tom"}]` + json +
			` → 201 application/json {"adopted":"2021-01-01","born":"2020-01-01","id":1,"kind":"cat","name":"Tom"}`,
		hash(t, "/paths/~1pets/post/responses/201/content/application~1json/examples/dog", "# response dog") + ` createPet: POST https://eu.pets.example.com/v1/pets [{"collar":"red","kind":"dog","name":"Rex"}]` + json +
			` → 201 application/json {"adopted":"2019-05-01","born":"2020-05-01","id":2,"kind":"dog","name":"Rex","owner":"Ann"}`,
		hash(t, "/paths/~1pets/post/responses/400/content/application~1json/examples/bad", "# response bad") + ` createPet: POST https://eu.pets.example.com/v1/pets [] map[]` +
			` → 400 application/json {"code":400}`,
		hash(t, "/paths/~1pets/post/requestBody/content/application~1json/examples/fish", "# request fish") + ` createPet: POST https://eu.pets.example.com/v1/pets [{"kind":"fish","name":"Nemo"}]` + json,
		hash(t, "/paths/~1pets~1{petId}/get/responses/200/content/application~1json/example", "# response example") + " getPet: GET https://eu.pets.example.com/v1/pets/2?fields=all [] map[] → 200 application/json " +
			`{"age":"four","born":"2020-05-01","id":2,"kind":"dog","name":"Rex"}`,
		hash(t, "/paths/~1pets~1{petId}/put/responses/200/content/application~1json/examples/updated", "# response updated") +
			` updatePet: PUT https://eu.pets.example.com/v1/pets/101 [{"kind":"dog","name":"Max"}]` + json + ` → 200 application/json {"id":101,"kind":"dog","name":"Max"}`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("example exchanges (-want +got):\n%s", diff)
	}
}

// hash renders the source of an example exchange: the spec, the example's
// pointer and the line of marker.
func hash(t *testing.T, pointer, marker string) string {
	return fmt.Sprintf("%s/%s#%s:%d", specsDir, examplesSpec, pointer, lineOf(t, examplesSpec, marker))
}

// TestValidateExamples: the lint of a spec's examples reports what
// validating them as exchanges finds beyond the examples' own schemas
// (times out of order, fields the schema does not list), each at the line
// of the spec where the value stands; not again what the spec's own
// problems report; not the values the exchanges make up (parameters,
// headers, credentials); and not a request example twice.
func TestValidateExamples(t *testing.T) {
	s := loadOne(t, examplesSpec)
	v := contract.NewValidator([]*contract.Spec{s}, contract.Options{StrictRequests: true})
	out := v.ValidateExamples(t.Context())
	require.Empty(t, out.Errors)
	var got []string
	for _, f := range out.Findings {
		got = append(got, fmt.Sprintf("%s %s %s %s", f.Rule, f.Source, f.In, f.Pointer))
	}
	want := []string{
		"time-order " + at(t, examplesSpec, "# dog adopted") + " response.body /adopted",
		"undocumented-response-field " + at(t, examplesSpec, "# dog owner") + " response.body /owner",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("findings (-want +got):\n%s", diff)
	}
	require.Equal(t, 6, out.Coverage.Exchanges)
	require.Equal(t, 3, out.Coverage.Covered())

	// the problems of the spec itself, which validate reports beside
	var problems []string
	for _, p := range s.Problems {
		problems = append(problems, fmt.Sprintf("%s %s", p.Rule, p.Source))
	}
	require.Equal(t, []string{
		"spec-example-invalid " + at(t, examplesSpec, "# request dog collar"),
		"spec-example-invalid " + at(t, examplesSpec, "# response example"),
		"spec-example-invalid " + at(t, examplesSpec, "# component BadRequest"),
	}, problems)
}
