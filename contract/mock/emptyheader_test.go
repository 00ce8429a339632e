package mock

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestEmptyRequiredHeader: an empty value of a required header satisfies a
// string schema without minLength, so the mock answers it as the spec
// allows, though the generated binders refuse it (probe found this).
func TestEmptyRequiredHeader(t *testing.T) {
	srv, _ := startMock(t, Options{})
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/v1/"+projectID+"/service/apis/authorize/action", strings.NewReader(`{}`))
	require.NoError(t, err)
	req.Header.Set("X-Auth-Token", token)
	req.Header.Set("Content-Type", "application/json")
	req.Header["Workspace"] = []string{""}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusNoContent, resp.StatusCode)
}
