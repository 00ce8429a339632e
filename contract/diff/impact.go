package diff

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/specdrift/specdrift/contract"
)

// impact validates the fixtures of the old version under both versions. A
// finding under the new version that the old one did not report is a
// rejection the change causes; one that the old version reported and the
// new one does not is resolved by it. Statuses the fixtures covered before
// and no longer do are reported too, and statuses the new version adds that
// no fixture covers.
// routed[i] is set for each fixture the old version routes (or that it
// could not check for another reason, reported here).
func (pr *PairResult) impact(ctx context.Context, p *Loaded, opts Options, routed []bool) error {
	if p.Old == nil || len(opts.Fixtures) == 0 {
		return nil
	}
	vOld := p.Old.validator(opts.Validator)
	var vNew *contract.Validator
	if p.New != nil {
		vNew = p.New.validator(opts.Validator)
	}
	before, after := newStatusCount(), newStatusCount()
	for i, ex := range opts.Fixtures {
		if err := ctx.Err(); err != nil {
			return err
		}
		old, err := vOld.Validate(ctx, ex)
		var re *contract.RouteError
		if errors.As(err, &re) {
			continue // not an exchange of this service; Compare reports it if it is of none
		}
		routed[i] = true
		if err != nil {
			pr.Errors = append(pr.Errors, ex.Source.InputError("request.url", err).Error())
			continue
		}
		pr.Exchanges++
		before.add(old, ex)
		var res *contract.Result
		if vNew != nil {
			res, err = vNew.Validate(ctx, ex)
		}
		switch {
		case vNew == nil || errors.As(err, &re):
			pr.Rejected = append(pr.Rejected, gone(ex))
			continue // nothing was checked under the new version, so nothing is resolved
		case err != nil:
			return err // the request parsed under the old version; it cannot fail to under the new one
		}
		after.add(res, ex)
		oldKeys, newKeys := keys(old.Findings), keys(res.Findings)
		for _, f := range res.Findings {
			if !oldKeys[f.Key()] {
				pr.Rejected = append(pr.Rejected, f)
			}
		}
		// A response whose status the new version does not document is not
		// checked further, so its old findings are not resolved, only unseen.
		responseChecked := ex.Response == nil || res.Status != ""
		for _, f := range old.Findings {
			if !newKeys[f.Key()] && (responseChecked || !strings.HasPrefix(f.In, "response")) {
				pr.Resolved = append(pr.Resolved, f)
			}
		}
	}
	if p.New != nil {
		pr.CoverageLost, pr.NotCovered = lostCoverage(p.Old, p.New, before, after)
	}
	return nil
}

// unrouted reports the fixtures that no old version routes, but that are of
// the specs compared: they name an operation of an old version, or name
// none, or their method and path match an operation of an old version
// (which they misname). They are bad input, as validate reports curated
// exchanges that route nowhere: nothing was checked of them, so a pass
// would be unearned. The others name an operation of another service.
func unrouted(ctx context.Context, pairs []*Loaded, opts Options, routed []bool) []string {
	ids := map[string]bool{}
	var olds []*contract.Spec
	for _, p := range pairs {
		if p.Old == nil {
			continue
		}
		olds = append(olds, p.Old.Spec)
		for _, o := range p.Old.Spec.Operations {
			ids[o.ID] = true
		}
	}
	if len(olds) == 0 {
		return nil
	}
	anyOp := contract.NewValidator(olds, opts.Validator)
	var out []string
	for i, ex := range opts.Fixtures {
		if routed[i] {
			continue
		}
		ofThese := ex.Operation == "" || ids[ex.Operation]
		if !ofThese {
			unclaimed := *ex
			unclaimed.Operation = ""
			_, err := anyOp.Validate(ctx, &unclaimed)
			ofThese = err == nil
		}
		if ofThese {
			re := &contract.RouteError{Method: ex.Request.Method, URL: ex.Request.URL, Claimed: ex.Operation}
			out = append(out, ex.Source.InputError("request.url", re).Error())
		}
	}
	return out
}

// gone is the finding for an exchange whose operation the new version
// removed or moved.
func gone(ex *contract.Exchange) contract.Finding {
	re := &contract.RouteError{Method: ex.Request.Method, URL: ex.Request.URL, Claimed: ex.Operation}
	f := re.Finding(ex.Source)
	f.Message = "The new version of the spec has no operation for this request"
	if ex.Operation != "" {
		f.Message += " (the fixture names " + ex.Operation + ")"
	}
	f.Message += ": the operation was removed or moved; update the fixture, or restore the operation."
	return f
}

func keys(fs []contract.Finding) map[string]bool {
	m := make(map[string]bool, len(fs))
	for _, f := range fs {
		m[f.Key()] = true
	}
	return m
}

// statusCount counts, per operation name, the exchanges of each matched
// documented status, and lists the exchanges.
type statusCount struct {
	byOp    map[string]map[string]int
	sources map[string][]string
}

func newStatusCount() *statusCount {
	return &statusCount{byOp: map[string]map[string]int{}, sources: map[string][]string{}}
}

func (s *statusCount) add(res *contract.Result, ex *contract.Exchange) {
	op := res.Operation.Name()
	if s.byOp[op] == nil {
		s.byOp[op] = map[string]int{}
	}
	st := res.Status
	if st == "" && ex.Response != nil {
		st = "undocumented " + strconv.Itoa(ex.Response.Status)
	}
	if st != "" {
		s.byOp[op][st]++
	}
	s.sources[op] = append(s.sources[op], ex.Source.String())
}

// lostCoverage lists, for each operation that had fixtures under the old
// version, the statuses the new version documents that no fixture
// exercises: lost, those the old version documented and the fixtures
// exercised; uncovered, those the new version adds. A status both versions
// document and no fixture exercised before either is an old gap, not news.
func lostCoverage(old, new *Version, before, after *statusCount) (lost, uncovered []contract.Finding) {
	for _, o := range new.Spec.Operations {
		name := o.Name()
		if len(before.sources[name]) == 0 {
			continue
		}
		oldOp := old.operation(name)
		for _, st := range o.Statuses() {
			if after.byOp[name][st] > 0 {
				continue
			}
			switch {
			case oldOp == nil || !documents(oldOp, st):
				uncovered = append(uncovered, coverageFinding(contract.RuleStatusNotCovered, new, o, st, before.byOp[name], after.byOp[name], before.sources[name]))
			case before.byOp[name][st] > 0:
				lost = append(lost, coverageFinding(contract.RuleStatusCoverageLost, new, o, st, before.byOp[name], after.byOp[name], before.sources[name]))
			}
		}
	}
	return lost, uncovered
}

func documents(o *contract.Operation, status string) bool {
	for _, s := range o.Statuses() {
		if s == status {
			return true
		}
	}
	return false
}

// coverageFinding says that no fixture exercises status st of o: not any
// more (status-coverage-lost), or not since the new version added it
// (status-not-covered).
func coverageFinding(id contract.RuleID, v *Version, o *contract.Operation, st string, before, after map[string]int, sources []string) contract.Finding {
	loc := v.Spec.Locate(o.Pointer + "/responses/" + st)
	rule, _ := contract.LookupRule(id)
	was := fmt.Sprintf("%d exchange(s) with %s", before[st], st)
	msg := fmt.Sprintf("No fixture of %s exercises the documented status %s any more (fixtures: %s): record an exchange with it.",
		o.Name(), st, strings.Join(sources, ", "))
	if id == contract.RuleStatusNotCovered {
		was = "not documented"
		msg = fmt.Sprintf("The new version documents status %s for %s, which no fixture of the operation exercises (fixtures: %s): record an exchange with it.",
			st, o.Name(), strings.Join(sources, ", "))
	}
	return contract.Finding{
		Rule:      rule.ID,
		Severity:  rule.Severity,
		Operation: o.Name(),
		Source:    fmt.Sprintf("%s:%d", loc.File, loc.Line),
		In:        "response.status",
		Pointer:   st,
		Spec:      loc,
		Expected:  "a fixture with status " + st,
		Actual:    "fixtures now match " + statusList(after) + " (before the change: " + was + ")",
		Message:   msg,
	}
}

func statusList(m map[string]int) string {
	if len(m) == 0 {
		return "no documented status"
	}
	var out []string
	for st, n := range m {
		out = append(out, fmt.Sprintf("%s×%d", st, n))
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}
