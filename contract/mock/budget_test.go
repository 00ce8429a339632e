package mock

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// manyKeys is a valid CreateAuthorisation body with n more members.
func manyKeys(n int) string {
	var b strings.Builder
	b.WriteString(strings.TrimSuffix(validCreate, "}"))
	for i := range n {
		fmt.Fprintf(&b, `,"key%07d":1`, i)
	}
	return b.String() + "}"
}

// TestBodyMemoryIsCapped holds a 3 MiB request body all but its last
// byte while another is sent: with 4 MiB allowed at once, a 1.1 MiB body
// is answered 503 (Retry-After) while the held one is read, and served
// once it has been answered.
func TestBodyMemoryIsCapped(t *testing.T) {
	specs, exs := embedded(t)
	m, err := New(specs, exs, Options{MaxBodyMemory: 4 << 20, MaxBody: 8 << 20})
	require.NoError(t, err)
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	createURL := srv.URL + "/v3/" + domainID + "/ccaas/authorisations"
	held := validCreate + strings.Repeat(" ", 3<<20)
	c, err := net.Dial("tcp", srv.Listener.Addr().String())
	require.NoError(t, err)
	defer c.Close()
	_, err = fmt.Fprintf(c, "POST /v3/%s/ccaas/authorisations HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
		domainID, len(held), held[:len(held)-1])
	require.NoError(t, err)
	left := func() int64 {
		m.budget.mu.Lock()
		defer m.budget.mu.Unlock()
		return m.budget.left
	}
	for deadline := time.Now().Add(10 * time.Second); left() != 4<<20-int64(len(held)-1); time.Sleep(10 * time.Millisecond) {
		require.True(t, time.Now().Before(deadline), "the mock read the held body: %d bytes left", left())
	}

	// Over what is left by less than net/http reads past a refusal, so
	// that the client gets its answer, not a reset.
	other := validCreate + strings.Repeat(" ", 1<<20+100<<10)
	req, err := http.NewRequest("POST", createURL, strings.NewReader(other))
	require.NoError(t, err)
	req.Header.Set("X-Auth-Token", "t")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	var e errorBody
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&e))
	resp.Body.Close()
	require.Equal(t, http.StatusServiceUnavailable, resp.StatusCode, "a body over what may be held at once")
	require.Equal(t, "1", resp.Header.Get("Retry-After"))
	require.Equal(t, codeBusy, e.ErrorCode)
	require.Equal(t, 4<<20-int64(len(held)-1), left(), "the refused body gave back what it took")

	_, err = c.Write([]byte(held[len(held)-1:]))
	require.NoError(t, err)
	require.NoError(t, c.SetReadDeadline(time.Now().Add(10*time.Second)))
	resp, err = http.ReadResponse(bufio.NewReader(c), nil)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusCreated, resp.StatusCode, "the held body is served")
	require.Equal(t, http.StatusCreated, do(t, "POST", createURL, other, "X-Auth-Token: t", "Content-Type: application/json").Status, "and its memory given back")
}

// TestBodyValuesAreCapped: a body of 400,000 members (6 MB, within the
// byte limit) is refused with 413 before it is decoded; one of 50,000 is
// served.
func TestBodyValuesAreCapped(t *testing.T) {
	srv, _ := startMock(t, Options{})
	createURL := srv.URL + "/v3/" + domainID + "/ccaas/authorisations"
	a := do(t, "POST", createURL, manyKeys(400_000), "X-Auth-Token: t", "Content-Type: application/json")
	require.Equal(t, http.StatusRequestEntityTooLarge, a.Status)
	require.Equal(t, codeTooLarge, a.Error.ErrorCode)
	require.Contains(t, a.Error.ErrorMsg, "more than 100000 members and items")
	require.Equal(t, http.StatusCreated, do(t, "POST", createURL, manyKeys(50_000), "X-Auth-Token: t", "Content-Type: application/json").Status)
}

func TestTooManyValues(t *testing.T) {
	tests := []struct {
		body string
		max  int
		want bool
	}{
		{`{"a":1,"b":[1,2]}`, 4, false}, // { , [ ,
		{`{"a":1,"b":[1,2,3]}`, 4, true},
		{`{"a":",,,,[[{{"}`, 1, false},
		{`{"a":"\",,,,,"}`, 1, false},
		{`{"a":"\\",  "b":1}`, 1, true},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, tooManyValues([]byte(tt.body), tt.max), tt.body)
	}
}
