package traffic

import (
	"path"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/fixtures"
	"github.com/specdrift/specdrift/spec"
)

func loadSpecs(t testing.TB) []*contract.Spec {
	t.Helper()
	specs, err := contract.LoadSpecs(spec.Files, ".", func(q string) string { return path.Join("spec", q) })
	require.NoError(t, err)
	return specs
}

// loadFixture reads one embedded fixture by its path below fixtures/.
func loadFixture(t testing.TB, name string) *contract.Exchange {
	t.Helper()
	data, err := fixtures.Files.ReadFile(name)
	require.NoError(t, err)
	_, ex, err := contract.ReadFixture("fixtures/"+name, data)
	require.NoError(t, err)
	return ex
}

func operation(t testing.TB, specs []*contract.Spec, id string) *contract.Operation {
	t.Helper()
	for _, s := range specs {
		for _, o := range s.Operations {
			if o.ID == id {
				return o
			}
		}
	}
	t.Fatalf("no operation %s", id)
	return nil
}

// collected keeps everything ValidateLog passes on.
type collected struct {
	findings []contract.Finding
	errors   []error
}

func (c *collected) Add(fs ...contract.Finding) { c.findings = append(c.findings, fs...) }
func (c *collected) AddError(err error)         { c.errors = append(c.errors, err) }
