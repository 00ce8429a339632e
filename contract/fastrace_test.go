//go:build race

package contract_test

// raceBuild: the race detector slows kin-openapi's error rendering down
// many times, so the differential test checks fewer cases under it.
const raceBuild = true
