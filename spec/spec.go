// Package spec holds specdrift's hand-written OpenAPI 3.0.3 specs, one file
// per service, embedded so that the binary works from any directory.
package spec

import "embed"

// Files holds every embedded spec, named by its file name (cloudconnect.yaml,
// dataarts.yaml, servicetickets.yaml).
//
//go:embed *.yaml
var Files embed.FS
