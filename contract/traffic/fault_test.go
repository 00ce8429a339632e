package traffic

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/traffic/upstreamtest"
)

// call does what replay does: one request, the whole body read.
func call(base string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", base+"/v3/x?token=secret", nil)
	if err != nil {
		return err
	}
	resp, err := (&http.Client{Transport: &http.Transport{}}).Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.ReadAll(resp.Body)
	return err
}

func TestFaultFindings(t *testing.T) {
	tests := []struct {
		fault upstreamtest.Fault
		rule  contract.RuleID
		msg   string
	}{
		{upstreamtest.Refuse, contract.RuleUpstreamUnreachable, "cannot be reached (dial: connect: connection refused)"},
		{upstreamtest.Hang, contract.RuleUpstreamTimeout, "sent no complete response within 300ms"},
		{upstreamtest.Reset, contract.RuleUpstreamReset, "closed or reset the connection before the response was complete"},
		{upstreamtest.Truncate, contract.RuleUpstreamReset, "closed or reset the connection before the response was complete (unexpected EOF)"},
		{upstreamtest.NotHTTP, contract.RuleUpstreamNotHTTP, "answered something that is not an HTTP response"},
	}
	for _, tt := range tests {
		t.Run(string(tt.fault), func(t *testing.T) {
			base := upstreamtest.Start(t, tt.fault)
			err := call(base, 300*time.Millisecond)
			require.Error(t, err)
			f := FaultFinding(err, contract.Source{Name: "fixtures/a.yaml", Entry: "replay"}, "GET /v3/x", base, 300*time.Millisecond)
			require.Equal(t, tt.rule, f.Rule, err.Error())
			require.Equal(t, contract.SeverityError, f.Severity)
			require.Equal(t, "fixtures/a.yaml#replay", f.Source)
			require.Contains(t, f.Message, base+" "+tt.msg)
			require.NotContains(t, f.Message+f.Actual, "secret", "no URL, so no query secret, in the finding")
		})
	}
}

func TestFaultRuleOfWrappedErrors(t *testing.T) {
	require.Equal(t, contract.RuleUpstreamTimeout, FaultRule(fmt.Errorf("reading: %w", context.DeadlineExceeded)))
	require.Equal(t, contract.RuleUpstreamReset, FaultRule(io.ErrUnexpectedEOF))
	require.Equal(t, contract.RuleUpstreamReset, FaultRule(errors.New("something else")))
	long := FaultFinding(errors.New(strings.Repeat("x", 300)), contract.Source{}, "", "http://u", time.Second)
	require.Equal(t, "(unknown)", long.Operation)
	require.Len(t, long.Actual, 160)
}
