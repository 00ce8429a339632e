package mock

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/specdrift/specdrift/contract/sign"
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

// Checks says what the server checks of credentials, for its banner: the
// schemes the operations' security accepts, those whose signatures it
// verifies with Options.SecretKeys, and those it cannot verify.
func (s *Server) Checks() string {
	var signed, others []string
	seen := map[string]bool{}
	for _, o := range s.order {
		for _, alt := range o.op.Security() {
			for _, sc := range alt {
				d := sc.Name + " (" + sc.Wants() + ")"
				if verifiable(sc) {
					d = sc.Name + " (" + sign.FormSDKHMACSHA256 + ")"
				}
				if seen[d] {
					continue
				}
				seen[d] = true
				if verifiable(sc) {
					signed = append(signed, d)
				} else {
					others = append(others, d)
				}
			}
		}
	}
	var parts []string
	keys := len(s.opts.SecretKeys)
	switch {
	case len(signed) == 0 && keys > 0:
		parts = append(parts, fmt.Sprintf("the secret keys of %d access key(s) verify nothing: no operation accepts an %s signature", keys, sign.FormSDKHMACSHA256))
	case len(signed) == 0:
	case keys == 0:
		parts = append(parts, "no secret keys: the signatures of "+strings.Join(signed, ", ")+": each is checked for its form only, not verified, and its "+sign.HeaderDate+" is not checked against the clock")
	default:
		msg := fmt.Sprintf("the signatures of %s are verified with the secret keys of %d access key(s), %s within %s of the clock", strings.Join(signed, ", "), keys, sign.HeaderDate, signatureWindow)
		if s.opts.RejectReplays {
			msg += ", a signature seen before refused"
		}
		parts = append(parts, msg)
	}
	switch {
	case len(others) > 0:
		parts = append(parts, strings.Join(others, ", ")+": accepted when present in the form wanted, and never verified (that needs the service)")
	case len(signed) == 0:
		parts = append(parts, "no operation asks for credentials")
	}
	return strings.Join(parts, "; ")
}
