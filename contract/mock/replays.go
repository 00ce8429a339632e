package mock

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// signatureWindow is how far X-Sdk-Date may be from the mock's clock, as
// the Huawei Cloud services allow.
const signatureWindow = 15 * time.Minute

// replays remembers the signatures that verified within the window, so
// that one seen again is refused (Options.RejectReplays). Only requests
// signed with a known secret key are remembered, and each only until its
// date leaves the window.
type replays struct {
	mu        sync.Mutex
	seen      map[string]time.Time // signature → when its date leaves the window
	lastSweep time.Time
}

// first records a signature whose date is date and reports whether it
// was not seen before within the window.
func (r *replays) first(signature string, date, now time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen == nil {
		r.seen = map[string]time.Time{}
	}
	if now.Sub(r.lastSweep) >= time.Minute {
		for sig, until := range r.seen {
			if !now.Before(until) {
				delete(r.seen, sig)
			}
		}
		r.lastSweep = now
	}
	sig := strings.ToLower(signature)
	if until, ok := r.seen[sig]; ok && now.Before(until) {
		return false
	}
	r.seen[sig] = date.Add(signatureWindow)
	return true
}

// Checks says what the server checks of credentials, for its banner.
func (s *Server) Checks() string {
	if len(s.opts.SecretKeys) == 0 {
		return "no secret keys: an AK/SK signature is checked for its form only, not verified, and its X-Sdk-Date is not checked against the clock; an X-Auth-Token is accepted as it is"
	}
	msg := fmt.Sprintf("AK/SK signatures are verified with the secret keys of %d access key(s), X-Sdk-Date within %s of the clock", len(s.opts.SecretKeys), signatureWindow)
	if s.opts.RejectReplays {
		msg += ", a signature seen before refused"
	}
	return msg + "; an X-Auth-Token is accepted as it is (it cannot be checked offline)"
}
