// Package cloudconnect is generated from spec/cloudconnect.yaml (Cloud
// Connect v3: CreateAuthorisation, ListAuthorisations, ListPermissions): the
// models, a client (ClientWithResponses) and a strict server for net/http.
// Nothing here is written by hand; run make generate after editing the spec.
package cloudconnect

//go:generate go tool oapi-codegen -config cfg.yaml ../../spec/cloudconnect.yaml
