//go:build !race

package contract_test

// raceBuild: see fastrace_test.go.
const raceBuild = false
