package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestValidateEngines: both engines write the same report, the golden one,
// in every format; an unknown engine is a usage error of every command
// that validates.
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
	for _, args := range [][]string{
		{"validate"},
		{"replay", "--base-url", "http://127.0.0.1:1"},
		{"proxy", "--upstream", "http://127.0.0.1:1", "--listen", "127.0.0.1:0"},
	} {
		code, _, stderr := runCLI(t, append(args, "--engine", "fastest")...)
		require.Equal(t, exitUsage, code, args[0])
		require.Contains(t, stderr, `--engine "fastest": want fast or kin`, args[0])
	}
}
