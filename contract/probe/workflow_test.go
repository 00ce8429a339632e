package probe

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// TestWorkflow runs an Arazzo workflow against the store: create, then get
// what was created, holds; a get of an item that does not exist fails its
// success criterion.
func TestWorkflow(t *testing.T) {
	data, err := os.ReadFile("testdata/store.arazzo.yaml")
	require.NoError(t, err)
	w, err := ReadWorkflows("store.arazzo.yaml", data)
	require.NoError(t, err)
	specs, u := store(t, "")
	res, err := Run(context.Background(), Options{BaseURL: u, Specs: specs, Operations: []string{"CreateItem", "GetItem"}, MaxExamples: 1,
		AllowWrites: true, Workflows: w.Workflows})
	require.NoError(t, err)
	require.Len(t, res.Findings, 1, "%v", res.Findings)
	f := res.Findings[0]
	require.Equal(t, contract.RuleWorkflowStepFailed, f.Rule)
	require.Equal(t, "workflow/getMissing#step get", f.Source)
	require.Equal(t, "404", f.Actual)
}

// TestWorkflowUnsupported: what probe does not run is refused with its
// line.
func TestWorkflowUnsupported(t *testing.T) {
	_, err := ReadWorkflows("w.yaml", []byte("arazzo: 1.0.0\nworkflows:\n  - workflowId: w\n    steps:\n      - stepId: a\n        operationId: X\n        onFailure: [{name: retry, type: retry}]\n"))
	require.EqualError(t, err, "w.yaml:7: onFailure actions is not supported by probe --workflow")
	_, err = ReadWorkflows("w.yaml", []byte("arazzo: 1.0.0\nworkflows:\n  - workflowId: w\n    steps:\n      - stepId: a\n        operationId: X\n        successCriteria: [{condition: $.x, type: jsonpath}]\n"))
	require.ErrorContains(t, err, "w.yaml:5: step a: criteria of type jsonpath are not supported")
}
