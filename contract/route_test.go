package contract_test

import (
	"fmt"
	"net/http"
	"path"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// routeOf validates a request (with a Host header when host is not "") and
// names where it routed, "spec operationId", with the rules it broke.
func routeOf(t *testing.T, v *contract.Validator, method, url, host string) (string, []contract.Finding) {
	t.Helper()
	ex := &contract.Exchange{Source: contract.Source{Name: "test"}, Request: contract.Request{Method: method, URL: url, Header: http.Header{}}}
	if host != "" {
		ex.Request.Header.Set("Host", host)
	}
	res, err := v.Validate(t.Context(), ex)
	if err != nil {
		return "error: " + err.Error(), nil
	}
	return path.Base(res.Operation.Spec.Name) + " " + res.Operation.ID, res.Findings
}

// TestRoutePaths: concrete paths before templated ones, the most specific
// template (literal beats parameter at the first segment where they
// differ, literal text around a parameter beats a bare parameter), and a
// last parameter that takes a slash when nothing else matches, reported.
func TestRoutePaths(t *testing.T) {
	spec := loadOne(t, "routing/paths.yaml")
	v := contract.NewValidator([]*contract.Spec{spec}, contract.Options{})
	tests := []struct {
		url, want string
		slashed   string // the value of the parameter that took a slash, if one did
	}{
		{"/users/me", "paths.yaml getMe", ""},
		{"/users/42", "paths.yaml getUser", ""},
		{"/teams/mine/members/count", "paths.yaml getMine", ""},
		{"/teams/a-team/members/count", "paths.yaml countMembers", ""},
		{"/reports/jan.csv", "paths.yaml getReportCSV", ""},
		{"/reports/jan", "paths.yaml getReport", ""},
		{"/api/v2/status", "paths.yaml getStatus", ""},
		{"/repos/o/r/git/refs/main", "paths.yaml getRef", ""},
		{"/repos/o/r/git/refs/heads%2Ffeature-a", "paths.yaml getRef", ""},
		{"/repos/o/r/git/refs/heads/feature-a", "paths.yaml getRef", "heads/feature-a"},
		{"/repos/o/r/git/refs/heads/feature-a/notes", "paths.yaml getRef", "heads/feature-a/notes"},
		{"/repos/o/r/git/refs/main/notes", "paths.yaml getRefNotes", ""},
		{"/repos/o/r/contents/docs/a%20b.md", "paths.yaml getContents", "docs/a b.md"},
		{"/repos/o/r/git/refs/heads//x", "error: GET /repos/o/r/git/refs/heads//x matches no operation of the specs", ""},
		{"/users", "error: GET /users matches no operation of the specs", ""},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			got, findings := routeOf(t, v, http.MethodGet, tt.url, "")
			require.Equal(t, tt.want, got)
			var slashed []string
			for _, f := range findings {
				require.Equal(t, contract.RulePathParameterSlash, f.Rule, f.Message)
				require.Equal(t, contract.SeverityWarning, f.Severity)
				slashed = append(slashed, f.Actual)
			}
			if tt.slashed == "" {
				require.Empty(t, slashed)
				return
			}
			require.Equal(t, []string{tt.slashed}, slashed)
		})
	}
}

// TestRoutePathSlashFinding: the warning names the parameter and points at
// its definition, on the operation or on the path item.
func TestRoutePathSlashFinding(t *testing.T) {
	spec := loadOne(t, "routing/paths.yaml")
	v := contract.NewValidator([]*contract.Spec{spec}, contract.Options{})
	for url, marker := range map[string]string{
		"/repos/o/r/git/refs/heads/feature-a": "# ref parameter",
		"/repos/o/r/contents/docs/readme.md":  "# path parameter",
	} {
		_, findings := routeOf(t, v, http.MethodGet, url, "")
		require.Len(t, findings, 1, url)
		f := findings[0]
		require.Equal(t, at(t, "routing/paths.yaml", marker), fmt.Sprintf("%s:%d", f.Spec.File, f.Spec.Line), url)
		require.Equal(t, "request.path", f.In)
		require.Contains(t, f.Message, "percent-encode the slash")
	}
}

// TestRouteServers: a folder of specs that share paths under different
// hosts and base paths loads, and each request goes to the spec of its
// host (an absolute URL's, or the Host header's) and base path; what
// neither tells apart goes to the most specific template, then to the
// first spec.
func TestRouteServers(t *testing.T) {
	specs, err := loadDir(t, "routing/hosts")
	require.NoError(t, err)
	v := contract.NewValidator(specs, contract.Options{})
	tests := []struct{ url, host, want string }{
		{"https://pets.example.com/items/7", "", "pets.yaml getItem"},
		{"https://eu.toys.example.com/items/7", "", "toys.yaml getItem"},
		{"/items/7", "pets.example.com:8443", "pets.yaml getItem"},
		{"/items/7", "us.toys.example.com", "toys.yaml getItem"},
		{"/items", "US.Toys.Example.com", "toys.yaml listItems"},
		{"https://api.example.com/shop/items", "", "shop.swagger.yaml listItems"},
		{"https://api.example.com/garden/v1/items", "", "garden.yaml listItems"},
		{"/shop/items", "", "shop.swagger.yaml listItems"},
		{"/garden/v1/items", "", "garden.yaml listItems"},
		{"/items/sale", "", "shop.swagger.yaml listSale"},
		{"/items/sale", "pets.example.com", "pets.yaml getItem"},
		{"/items", "", "garden.yaml listItems"},
		{"https://elsewhere.example.com/items", "", "garden.yaml listItems"},
	}
	for _, tt := range tests {
		t.Run(tt.url+" "+tt.host, func(t *testing.T) {
			got, findings := routeOf(t, v, http.MethodGet, tt.url, tt.host)
			require.Equal(t, tt.want, got)
			require.Empty(t, findings)
		})
	}
}

// TestRouteAcrossSpecs: the most specific template wins whichever spec
// defines it, and an exchange that names its operation goes to that one
// where its template matches.
func TestRouteAcrossSpecs(t *testing.T) {
	users := "openapi: 3.0.3\ninfo: {title: users, version: '1'}\npaths:\n  /users/{id}:\n    get:\n      operationId: getUser\n" +
		"      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {'200': {description: OK}}\n"
	me := "openapi: 3.0.3\ninfo: {title: me, version: '1'}\npaths:\n  /users/me:\n    get:\n      operationId: getMe\n      responses: {'200': {description: OK}}\n"
	specs, err := contract.LoadSpecs(mapFS(map[string]string{"a.yaml": users, "b.yaml": me}), ".", func(q string) string { return q })
	require.NoError(t, err)
	v := contract.NewValidator(specs, contract.Options{})
	got, _ := routeOf(t, v, http.MethodGet, "/users/me", "")
	require.Equal(t, "b.yaml getMe", got)
	ex := &contract.Exchange{Source: contract.Source{Name: "test"}, Operation: "getUser", Request: contract.Request{Method: "GET", URL: "/users/me"}}
	res, err := v.Validate(t.Context(), ex)
	require.NoError(t, err)
	require.Equal(t, "getUser", res.Operation.ID)
	require.Equal(t, "getMe", specs[1].Route("GET", "/users/me").ID)
	require.Nil(t, specs[1].Route("GET", "/users/42"))
}

// TestDuplicatesUnderSameServers: two specs that define the same operation
// load when their servers tell them apart, and are an error otherwise.
func TestDuplicatesUnderSameServers(t *testing.T) {
	doc := func(servers string) string {
		return "openapi: 3.0.3\ninfo: {title: x, version: '1'}\n" + servers + "paths:\n  /a:\n    get:\n      responses: {'200': {description: OK}}\n"
	}
	tests := []struct{ a, b, err string }{
		{doc(""), doc(""), "b.yaml:5: GET /a is defined in a.yaml too, and neither lists servers: give each its servers (host or base path) so that requests can be routed to one of them"},
		{doc("servers: [{url: 'https://x.example.com'}]\n"), doc("servers: [{url: 'https://y.example.com'}]\n"), ""},
		{doc("servers: [{url: 'https://x.example.com/v1'}]\n"), doc("servers: [{url: 'https://x.example.com/v2'}]\n"), ""},
		{doc("servers: [{url: 'https://x.example.com'}]\n"), doc(""), ""},
		{doc("servers: [{url: 'https://x.example.com:443/'}]\n"), doc("servers: [{url: 'https://y.example.com'}, {url: 'http://X.example.com'}]\n"),
			"b.yaml:6: GET /a is defined in a.yaml too, under the same server http://X.example.com: give each its own servers (host or base path) so that requests can be routed to one of them"},
	}
	for i, tt := range tests {
		_, err := contract.LoadSpecs(mapFS(map[string]string{"a.yaml": tt.a, "b.yaml": tt.b}), ".", func(q string) string { return q })
		if tt.err == "" {
			require.NoError(t, err, i)
			continue
		}
		require.ErrorContains(t, err, tt.err, i)
	}
}

// TestRouteByRequestHost: a request whose URL is not absolute routes by the
// host it was sent to (Request.Host, as a server or a recording knows it)
// before its Host header, and Route routes across specs as Validate does.
func TestRouteByRequestHost(t *testing.T) {
	specs, err := loadDir(t, "routing/hosted")
	require.NoError(t, err)
	v := contract.NewValidator(specs, contract.Options{})
	tests := []struct{ host, header, want string }{
		{"beta.example.com", "", "beta.yaml betaThing"},
		{"BETA.example.com:8443", "alpha.example.com", "beta.yaml betaThing"},
		{"", "beta.example.com", "beta.yaml betaThing"},
		{"alpha.example.com", "", "alpha.yaml alphaThing"},
		{"127.0.0.1:8080", "", "alpha.yaml alphaThing"}, // no spec's host: the first spec
	}
	for _, tt := range tests {
		t.Run(tt.host+" "+tt.header, func(t *testing.T) {
			ex := &contract.Exchange{Source: contract.Source{Name: "test"}, Request: contract.Request{Method: "GET", URL: "/things/7", Host: tt.host, Header: http.Header{}}}
			if tt.header != "" {
				ex.Request.Header.Set("Host", tt.header)
			}
			res, err := v.Validate(t.Context(), ex)
			require.NoError(t, err)
			require.Equal(t, tt.want, path.Base(res.Operation.Spec.Name)+" "+res.Operation.ID)
			op := contract.Route(specs, "GET", tt.host, "/things/7")
			require.NotNil(t, op)
			if tt.host != "" {
				require.Equal(t, tt.want, path.Base(op.Spec.Name)+" "+op.ID)
			}
		})
	}
	require.Nil(t, contract.Route(specs, "POST", "beta.example.com", "/things/7"))
}
