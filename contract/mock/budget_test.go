package mock

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
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
// byte while others are sent: with 4 MiB allowed at once, a 1.5 MiB body is
// answered 503 (Retry-After) until the held one is answered, and then
// served.
func TestBodyMemoryIsCapped(t *testing.T) {
	srv, _ := startMock(t, Options{MaxBodyMemory: 4 << 20, MaxBody: 8 << 20})
	createURL := srv.URL + "/v3/" + domainID + "/ccaas/authorisations"
	held := validCreate + strings.Repeat(" ", 3<<20)
	c, err := net.Dial("tcp", srv.Listener.Addr().String())
	require.NoError(t, err)
	defer c.Close()
	_, err = fmt.Fprintf(c, "POST /v3/%s/ccaas/authorisations HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
		domainID, len(held), held[:len(held)-1])
	require.NoError(t, err)

	other := validCreate + strings.Repeat(" ", 3<<19)
	var a answer
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if a = do(t, "POST", createURL, other, "X-Auth-Token: t", "Content-Type: application/json"); a.Status == http.StatusServiceUnavailable {
			break
		}
	}
	require.Equal(t, http.StatusServiceUnavailable, a.Status, "a body over what may be held at once")
	require.Equal(t, codeBusy, a.Error.ErrorCode)

	_, err = c.Write([]byte(held[len(held)-1:]))
	require.NoError(t, err)
	require.NoError(t, c.SetReadDeadline(time.Now().Add(10*time.Second)))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
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
