// Package interop proves that the official Huawei Cloud Go SDK
// (github.com/huaweicloud/huaweicloud-sdk-go-v3) works against specdrift
// mock: its tests call each of the five operations on a mock listening on
// a loopback port and check that every call succeeds with the documented
// status and a fully decoded response.
//
// It is a module of its own so that the SDK, which is large, stays out of
// the main module's dependencies. Run it with make interop.
package interop
