// Package servicetickets is generated from spec/servicetickets.yaml (service
// tickets v2: ConfirmAuthorizations): the models, a client
// (ClientWithResponses) and a strict server for net/http. Nothing here is
// written by hand; run make generate after editing the spec.
package servicetickets

//go:generate go tool oapi-codegen -config cfg.yaml ../../spec/servicetickets.yaml
