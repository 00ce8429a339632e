package mock

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

const bodilessSpec = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /users:
    post:
      operationId: createUser
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [name], properties: {name: {type: string}}}
      responses:
        default: {description: successful operation}
  /pets:
    put:
      operationId: updatePet
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [name], properties: {name: {type: string}}}
      responses:
        "200": {description: done}
        "400": {description: Invalid ID supplied}
`

// TestDocumentedWithoutBody: an operation whose only response is default
// answers a valid request with it (200), and an error the operation
// documents without a body is answered without one, as documented (probe
// found both on the Swagger Petstore).
func TestDocumentedWithoutBody(t *testing.T) {
	spec, err := contract.LoadSpec("t.yaml", []byte(bodilessSpec))
	require.NoError(t, err)
	m, err := New([]*contract.Spec{spec}, nil, Options{})
	require.NoError(t, err)
	srv := httptest.NewServer(m)
	defer srv.Close()
	send := func(method, path, body string) (int, string) {
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(b)
	}
	code, _ := send(http.MethodPost, "/users", `{"name": "a"}`)
	require.Equal(t, http.StatusOK, code)
	code, body := send(http.MethodPut, "/pets", `{}`)
	require.Equal(t, http.StatusBadRequest, code)
	require.Empty(t, body)
}
