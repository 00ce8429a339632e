// Package dataarts is generated from spec/dataarts.yaml (DataArts Studio
// DataService v1: AuthorizeActionApiToInstance): the models, a client
// (ClientWithResponses) and a strict server for net/http. Nothing here is
// written by hand; run make generate after editing the spec.
package dataarts

//go:generate go tool oapi-codegen -config cfg.yaml ../../spec/dataarts.yaml
