package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestValidateEngines: both engines write the same report, the golden one,
// in every format; an unknown engine is a usage error.
func TestValidateEngines(t *testing.T) {
	ext := map[string]string{"text": "txt", "json": "json", "sarif": "sarif.json"}
	for format, e := range ext {
		want, err := os.ReadFile(filepath.Join("testdata", "validate."+e))
		require.NoError(t, err)
		for _, engine := range []string{"fast", "kin"} {
			code, out, stderr := runCLI(t, "validate", "--engine", engine, "--format", format)
			require.Equal(t, exitFindings, code, stderr)
			require.Equal(t, string(want), out, "--engine %s --format %s", engine, format)
		}
	}
	code, _, stderr := runCLI(t, "validate", "--engine", "fastest")
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, `--engine "fastest": want fast or kin`)
}
