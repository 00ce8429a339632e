package proxy

import (
	"time"

	"github.com/specdrift/specdrift/contract"
)

// Observer is told of each exchange once it has been validated, for
// metrics. It is called from many goroutines at once and should not block.
type Observer interface {
	ObserveExchange(Observation)
}

// Observation is what the proxy saw of one exchange.
type Observation struct {
	// Operation is the operation's name ("GET /v3/{domain_id}/..."), or
	// "(unknown)" for a request that matches none.
	Operation string
	Findings  []contract.Finding // as logged: redacted
	// Validation is how long validating the exchange took.
	Validation time.Duration
	// Upstream is the time from receiving the request to the upstream's
	// response header; 0 when no response came.
	Upstream time.Duration
	// Skipped lists the bodies that were not validated, and why.
	Skipped []SkippedBody
}

// SkippedBody is a body passed on without being validated.
type SkippedBody struct {
	Side   string // "request" or "response"
	Reason string // "too-large", "content-encoding" or "incomplete"
}

// skipped says why a body not seen whole was not validated.
func (v view) skipped(side string) SkippedBody {
	reason := "incomplete"
	switch {
	case v.over:
		reason = "too-large"
	case v.coding != nil:
		reason = "content-encoding"
	}
	return SkippedBody{Side: side, Reason: reason}
}
