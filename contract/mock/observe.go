package mock

import "time"

// Observer is told of each request the mock answered, for metrics. It is
// called from many goroutines at once and should not block.
type Observer interface {
	ObserveRequest(Observation)
}

// Observation is one request the mock answered.
type Observation struct {
	// Operation is the operation's name ("GET /v3/{domain_id}/..."),
	// "(unknown)" for a request that matches none, or "(preflight)" for a
	// CORS preflight request.
	Operation string
	Status    int
	Elapsed   time.Duration
}

// Operation names for the requests that are no operation's.
const (
	unknownOperation   = "(unknown)"
	preflightOperation = "(preflight)"
)

// observe reports a request to the Observer, if any.
func (s *Server) observe(t *trace, preflight bool) {
	if s.opts.Observer == nil {
		return
	}
	name := unknownOperation
	switch {
	case preflight:
		name = preflightOperation
	case t.op != "":
		if n, ok := s.names[t.op]; ok {
			name = n
		}
	}
	s.opts.Observer.ObserveRequest(Observation{Operation: name, Status: t.status, Elapsed: t.elapsed})
}
