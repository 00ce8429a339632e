// Package spec holds specdrift's hand-written OpenAPI 3.0.3 specs, one file
// per service, embedded so that the binary works from any directory, and
// the documentation pages they are written from.
package spec

import "embed"

// Files holds every embedded spec, named by its file name (cloudconnect.yaml,
// dataarts.yaml, servicetickets.yaml).
//
//go:embed *.yaml
var Files embed.FS

// Pages holds the five documentation pages the specs are written from, as
// saved from the documentation site (byte for byte), under pages/ and named
// <service>-<operation>.txt. The specs call them by number in
// x-specdrift-page and in their descriptions:
//
//	000  pages/cloudconnect-create-authorisation.txt
//	001  pages/cloudconnect-list-authorisations.txt
//	002  pages/cloudconnect-list-permissions.txt
//	003  pages/dataarts-authorize-action-api-to-instance.txt
//	004  pages/servicetickets-confirm-authorizations.txt
//
// They are the default input of specdrift docs check, lint and import.
//
//go:embed pages/*.txt
var Pages embed.FS
