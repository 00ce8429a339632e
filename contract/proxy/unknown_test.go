package proxy

import (
	"log"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestWarnsWhenMostMatchNoOperation: when most exchanges match no
// operation of the specs (the specs are not the upstream's), the proxy
// says so once on its error log at the 20th exchange, and in its summary;
// when most match, it says nothing.
func TestWarnsWhenMostMatchNoOperation(t *testing.T) {
	const warning = "match no operation of the specs: are they the specs of this upstream? (--spec)"
	tests := []struct {
		name    string
		unknown int // of 30 exchanges, the first ones
		early   string
		summary string
	}{
		{"most unknown", 25, "specdrift proxy: warning: 20 of 20 exchanges " + warning + "\n", "specdrift proxy: warning: 25 of 30 exchanges " + warning},
		{"most known by the end", 11, "specdrift proxy: warning: 11 of 20 exchanges " + warning + "\n", ""},
		{"half unknown", 10, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := startUpstream(t)
			var errLog syncBuffer
			p, base := startProxy(t, u, Options{ErrorLog: log.New(&errLog, "", 0)})
			for i := range 30 {
				path := listPath
				if i < tt.unknown {
					path = "/v9/nothing"
				}
				resp, _ := get(t, http.DefaultClient, base+path, "seed=a")
				require.NotZero(t, resp.StatusCode)
				p.Wait() // in order: the 20th is the 20th validated
			}
			require.Equal(t, tt.early, errLog.String())
			var sb strings.Builder
			require.NoError(t, p.Summary().WriteText(&sb))
			if tt.summary == "" {
				require.NotContains(t, sb.String(), "warning")
				return
			}
			require.Contains(t, sb.String(), "specdrift proxy: 30 exchanges, ")
			require.Contains(t, sb.String(), tt.summary+"\n")
		})
	}
}
