package proxy

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/specdrift/specdrift/contract"
)

// An upgraded connection (101 Switching Protocols: a WebSocket, say) is a
// tunnel the proxy cannot validate: it logs each one as not validated,
// and --enforce, which passes on only what it validated, refuses them
// unless AllowUpgrade.

// upgrade is what became of a request to upgrade its connection.
type upgrade int

const (
	noUpgrade upgrade = iota
	upgradeRefused
	upgradePassed
)

// upgradeTo is the protocol a request asks to upgrade to, "" if none.
func upgradeTo(h http.Header) string {
	for _, v := range h.Values("Connection") {
		for _, tok := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(tok), "upgrade") {
				return h.Get("Upgrade")
			}
		}
	}
	return ""
}

// refuseUpgrade answers a request to upgrade under Enforce with a 403, and
// logs it; it reports whether it did.
func (p *Proxy) refuseUpgrade(w http.ResponseWriter, st *state) bool {
	if !p.opts.Enforce || p.opts.AllowUpgrade || upgradeTo(st.in.Header) == "" {
		return false
	}
	st.upgrade = upgradeRefused
	findings := p.check(st, 0, nil, snapshot{}, nil)
	writeProblem(w, http.StatusForbidden, problem{Type: "urn:specdrift:problem:upgrade-refused", Title: "Upgrade refused",
		Detail:   "specdrift proxy --enforce passes on only what it validates, and what passes over an upgraded connection cannot be; run it with --allow-upgrade to let upgrades through unvalidated.",
		Instance: st.source().String(), Findings: findings[len(findings)-1:]})
	return true
}

// upgradeFinding says that an upgrade was refused or passed unvalidated.
func upgradeFinding(st *state, operation, source string) contract.Finding {
	r, _ := contract.LookupRule(contract.RuleUpgradeNotValidated)
	to := upgradeTo(st.in.Header)
	f := contract.Finding{Rule: r.ID, Severity: r.Severity, Operation: operation, Source: source, In: "request.header", Pointer: "Upgrade",
		Expected: "an exchange the proxy can validate", Actual: "Upgrade: " + to}
	if st.upgrade == upgradeRefused {
		f.Message = fmt.Sprintf("The client asked to upgrade the connection to %q; --enforce refused it with a 403 (--allow-upgrade lets upgrades through, unvalidated).", to)
		return f
	}
	f.In, f.Pointer, f.Actual = "response.status", "101", "101 Switching Protocols to "+to
	f.Message = fmt.Sprintf("The upstream upgraded the connection to %q (101 Switching Protocols): what passes over it is not validated.", to)
	return f
}
