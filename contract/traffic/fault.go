package traffic

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/specdrift/specdrift/contract"
)

// FaultRule names what went wrong between specdrift and a live endpoint:
// unreachable (refused, unresolvable), timeout, reset (closed or reset
// before the response was complete, a truncated body) or not HTTP.
func FaultRule(err error) contract.RuleID {
	var netErr net.Error
	var dnsErr *net.DNSError
	var opErr *net.OpError
	var recErr tls.RecordHeaderError
	msg := err.Error()
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return contract.RuleUpstreamTimeout
	case errors.As(err, &dnsErr), errors.Is(err, syscall.ECONNREFUSED), errors.As(err, &opErr) && opErr.Op == "dial":
		return contract.RuleUpstreamUnreachable
	case errors.As(err, &recErr), strings.Contains(msg, "malformed HTTP"), strings.Contains(msg, "malformed MIME"),
		strings.Contains(msg, "HTTP response to HTTPS client"), strings.Contains(msg, "bad Content-Length"),
		strings.Contains(msg, "invalid header"):
		return contract.RuleUpstreamNotHTTP
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF), errors.Is(err, syscall.EPIPE):
		return contract.RuleUpstreamReset
	}
	return contract.RuleUpstreamReset
}

// FaultFinding turns a transport error into a finding about the live
// endpoint at upstream. operation is the operation's name if known,
// timeout the limit that applied.
func FaultFinding(err error, src contract.Source, operation, upstream string, timeout time.Duration) contract.Finding {
	rule := FaultRule(err)
	r, _ := contract.LookupRule(rule)
	f := contract.Finding{Rule: rule, Severity: r.Severity, Operation: operation, Source: src.At("response"), In: "response",
		Actual: faultText(err)}
	switch rule {
	case contract.RuleUpstreamTimeout:
		f.Expected = fmt.Sprintf("a complete response within %s", timeout)
		f.Actual = "no complete response"
		f.Message = fmt.Sprintf("%s sent no complete response within %s: it hangs or is overloaded (raise --timeout if it is just slow).", upstream, timeout)
	case contract.RuleUpstreamUnreachable:
		f.Expected = "a connection"
		f.Message = fmt.Sprintf("%s cannot be reached (%s): check the URL, and that the endpoint is up.", upstream, f.Actual)
	case contract.RuleUpstreamNotHTTP:
		f.Expected = "an HTTP/1.1 response"
		f.Message = fmt.Sprintf("%s answered something that is not an HTTP response (%s): is the URL's scheme and port right?", upstream, f.Actual)
	default:
		f.Expected = "a complete response"
		f.Message = fmt.Sprintf("%s closed or reset the connection before the response was complete (%s).", upstream, f.Actual)
	}
	if operation == "" {
		f.Operation = "(unknown)"
	}
	return f
}

// faultText is the innermost useful part of a transport error, without
// the URL (which may carry query secrets).
func faultText(err error) string {
	msg := err.Error()
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Err != nil {
		msg = opErr.Op + ": " + opErr.Err.Error()
	}
	if i := strings.LastIndex(msg, "\": "); i >= 0 && strings.Contains(msg[:i], "://") {
		msg = msg[i+3:]
	}
	if len(msg) > 160 {
		msg = msg[:157] + "..."
	}
	return msg
}
