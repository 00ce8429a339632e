package contract

import (
	"path"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/spec"
)

func TestMarkersValidate(t *testing.T) {
	specs, err := LoadSpecs(spec.Files, ".", func(q string) string { return path.Join("spec", q) })
	require.NoError(t, err)
	var op *Operation
	for _, s := range specs {
		for _, o := range s.Operations {
			if o.ID == "ConfirmAuthorizations" {
				op = o
			}
		}
	}
	require.NotNil(t, op)
	schema := paramSchema(op, "header", "x-auth-token")
	require.NotNil(t, schema)
	require.NoError(t, schema.VisitJSON(stringMarker(schema)))
	require.Equal(t, Marker, stringMarker(schema))
}
