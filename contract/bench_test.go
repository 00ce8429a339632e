package contract_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/specdrift/specdrift/contract"
)

// listPage builds a ListAuthorisations response body of n items, compact,
// deterministic: about 646 bytes an item.
func listPage(n int) []byte {
	type auth struct {
		ID                  string `json:"id"`
		Name                string `json:"name"`
		Description         string `json:"description"`
		DomainID            string `json:"domain_id"`
		CreatedAt           string `json:"created_at"`
		UpdatedAt           string `json:"updated_at"`
		ProjectID           string `json:"project_id"`
		RegionID            string `json:"region_id"`
		InstanceType        string `json:"instance_type"`
		InstanceID          string `json:"instance_id"`
		CloudConnectionDom  string `json:"cloud_connection_domain_id"`
		CloudConnectionID   string `json:"cloud_connection_id"`
		Status              string `json:"status"`
		IsLoadedByCloudConn bool   `json:"is_loaded_by_cloud_connection"`
	}
	items := make([]auth, n)
	for i := range items {
		id := fmt.Sprintf("%08x-4b2c-4d9f-a1e6-%012x", i, i*7919)
		items[i] = auth{ID: id, Name: fmt.Sprintf("authorisation-%06d-for-the-shared-transit-vpc", i),
			Description: fmt.Sprintf("Lets the partner account load VPC %06d of the shared network into its cloud connection for the migration window.", i),
			DomainID:    "0a5e4b2c8d9f41e6b7c3a1d2e4f60718", CreatedAt: "2023-09-20T08:03:51Z", UpdatedAt: fmt.Sprintf("2023-09-21T%02d:%02d:51Z", i%24, i%60),
			ProjectID: "5e4b2c8d9f41e6b7c3a1d2e4f607180a", RegionID: "ap-southeast-1", InstanceType: "vpc", InstanceID: id,
			CloudConnectionDom: "9f41e6b7c3a1d2e4f607180a5e4b2c8d", CloudConnectionID: fmt.Sprintf("cc-%08x-1d2e-4f60-7180-a5e4b2c8d9f4", i),
			Status: "authorized", IsLoadedByCloudConn: i%2 == 0}
	}
	body, err := json.Marshal(map[string]any{"request_id": "bce57c774ed47dd828963e5ec3a0b06d", "authorisations": items,
		"page_info": map[string]any{"next_marker": "bmV4dA", "current_count": n}})
	if err != nil {
		panic(err)
	}
	return body
}

// floors holds, per benchmark family, the floor's ns/op from the floor
// sub-benchmark that runs first in the same run.
var floors sync.Map

func reportRatio(b *testing.B, family string, floor bool) {
	ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	if floor {
		floors.Store(family, ns)
	}
	if f, ok := floors.Load(family); ok {
		b.ReportMetric(ns/f.(float64), "x-floor")
	}
}

// BenchmarkValidate: one ListAuthorisations exchange (route, request, response,
// rules, findings), on the page's 1-item response and on a 1000-item page,
// beside the floor and kin-openapi's openapi3filter alone, in the same run:
// specdrift on its fast engine (the default) and on the kin engine.
func BenchmarkValidate(b *testing.B) {
	specs := embeddedSpecs(b)
	v := contract.NewValidator(specs, contract.Options{}) // the fast engine
	vKin := contract.NewValidator(specs, contract.Options{Engine: contract.EngineKin})
	kinDoc, err := openapi3.NewLoader().LoadFromFile("../spec/cloudconnect.yaml")
	if err != nil {
		b.Fatal(err)
	}
	kinDoc.Servers = openapi3.Servers{{URL: "/"}}
	router, err := gorillamux.NewRouter(kinDoc)
	if err != nil {
		b.Fatal(err)
	}
	ex := fixture(b, listAuth)
	for _, size := range []struct {
		name string
		body []byte
	}{{"1-item", ex.Response.Body}, {"1000-item", listPage(1000)}} {
		b.Run(size.name+"/floor-encoding-json", func(b *testing.B) {
			b.SetBytes(int64(len(size.body)))
			for b.Loop() {
				var v any
				if err := json.Unmarshal(size.body, &v); err != nil {
					b.Fatal(err)
				}
			}
			reportRatio(b, size.name, true)
		})
		b.Run(size.name+"/kin-openapi", func(b *testing.B) {
			b.SetBytes(int64(len(size.body)))
			for b.Loop() {
				req, _ := http.NewRequest(ex.Request.Method, ex.Request.URL, nil)
				req.Header = ex.Request.Header
				route, params, err := router.FindRoute(req)
				if err != nil {
					b.Fatal(err)
				}
				in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
					Options: &openapi3filter.Options{MultiError: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
				if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
					b.Fatal(err)
				}
				out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: 200, Header: ex.Response.Header,
					Body: io.NopCloser(bytes.NewReader(size.body)), Options: in.Options}
				if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
					b.Fatal(err)
				}
			}
			reportRatio(b, size.name, false)
		})
		for _, engine := range []struct {
			name string
			v    *contract.Validator
		}{{"specdrift", v}, {"specdrift-kin", vKin}} {
			b.Run(size.name+"/"+engine.name, func(b *testing.B) {
				b.SetBytes(int64(len(size.body)))
				e := *ex
				resp := *ex.Response
				resp.Body = size.body
				e.Response = &resp
				for b.Loop() {
					res, err := engine.v.Validate(context.Background(), &e)
					if err != nil || len(res.Findings) != 0 || !res.Response.Validated {
						b.Fatalf("%v %v", err, res.Findings)
					}
				}
				reportRatio(b, size.name, false)
			})
		}
	}
}

// BenchmarkValidateCommand: `specdrift validate` on the embedded specs and
// fixtures, process start to exit, beside starting a process that does
// nothing (the floor).
func BenchmarkValidateCommand(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "specdrift")
	build := exec.Command("go", "build", "-o", bin, "../cmd/specdrift")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		b.Fatal(err)
	}
	truePath, err := exec.LookPath("true")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("floor-process-start", func(b *testing.B) {
		for b.Loop() {
			if err := exec.Command(truePath).Run(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/run")
	})
	b.Run("validate", func(b *testing.B) {
		for b.Loop() {
			err := exec.Command(bin, "validate").Run()
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
				b.Fatalf("want exit 1 (the pages' drift), got %v", err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/run")
	})
}
