package contract

import (
	"context"
	"errors"
	"sort"
	"strconv"
)

// Outcome is what validating a set of exchanges found, with what was and
// was not covered, so that "passed" never hides "not checked".
type Outcome struct {
	Findings []Finding
	Errors   []error // exchanges that could not be checked; the others were
	Coverage Coverage
}

// Coverage says which operations, documented statuses and bodies the
// exchanges exercised.
type Coverage struct {
	Exchanges  int                 `json:"exchanges"`
	Operations []OperationCoverage `json:"operations"`
	Bodies     BodyCoverage        `json:"bodies"`
}

// OperationCoverage is the coverage of one operation.
type OperationCoverage struct {
	Operation string           `json:"operation"` // "POST /v3/..."
	ID        string           `json:"id"`
	Spec      string           `json:"spec"`
	Exchanges int              `json:"exchanges"`
	Sources   []string         `json:"sources"` // the exchanges, by source
	Statuses  []StatusCoverage `json:"statuses"`
}

// StatusCoverage counts the exchanges of one documented status; Status is
// "undocumented: NNN" for statuses seen but not documented.
type StatusCoverage struct {
	Status    string `json:"status"`
	Exchanges int    `json:"exchanges"`
	Drifting  int    `json:"drifting,omitempty"` // of those, exchanges with at least one finding
}

// BodyCoverage counts the bodies validated and lists those skipped.
type BodyCoverage struct {
	Validated int        `json:"validated"`
	Skipped   []BodySkip `json:"skipped"`
	Unlisted  int        `json:"skipped_unlisted,omitempty"` // skipped bodies counted but not listed in Skipped (traffic logs keep a sample)
}

// BodySkip is a body that was present but not validated, and why.
type BodySkip struct {
	Source string `json:"source"`
	Side   string `json:"side"` // "request" or "response"
	Reason string `json:"reason"`
}

// Covered reports how many operations have at least one exchange.
func (c Coverage) Covered() int {
	n := 0
	for _, o := range c.Operations {
		if o.Exchanges > 0 {
			n++
		}
	}
	return n
}

// ValidateAll validates exchanges in order. When liveTraffic is true an
// exchange that routes nowhere is an unknown-operation finding; otherwise
// (curated fixtures) it is an error of its source.
func (v *Validator) ValidateAll(ctx context.Context, exs []*Exchange, liveTraffic bool) Outcome {
	cov := newCoverage(v.specs)
	var out Outcome
	for _, ex := range exs {
		cov.add(ex, nil)
		res, err := v.Validate(ctx, ex)
		if err != nil {
			var re *RouteError
			if liveTraffic && errors.As(err, &re) {
				if f := re.Finding(ex.Source); !v.opts.Disabled[f.Rule] {
					out.Findings = append(out.Findings, v.applySeverity(v.redact.Finding(f)))
				}
				continue
			}
			part := "request.url"
			if errors.As(err, &re) {
				part = re.Part()
			}
			out.Errors = append(out.Errors, ex.Source.InputError(part, err))
			continue
		}
		cov.add(ex, res)
		out.Findings = append(out.Findings, res.Findings...)
	}
	out.Coverage = cov.result()
	return out
}

func (v *Validator) applySeverity(f Finding) Finding {
	if s, ok := v.opts.Severity[f.Rule]; ok {
		f.Severity = s
	}
	return f
}

type coverageCounter struct {
	c   Coverage
	ops map[*Operation]*OperationCoverage
}

func newCoverage(specs []*Spec) *coverageCounter {
	cc := &coverageCounter{ops: map[*Operation]*OperationCoverage{}}
	for _, s := range specs {
		for _, o := range s.Operations {
			oc := OperationCoverage{Operation: o.Name(), ID: o.ID, Spec: s.Name}
			for _, st := range o.Statuses() {
				oc.Statuses = append(oc.Statuses, StatusCoverage{Status: st})
			}
			cc.c.Operations = append(cc.c.Operations, oc)
		}
	}
	i := 0
	for _, s := range specs {
		for _, o := range s.Operations {
			cc.ops[o] = &cc.c.Operations[i]
			i++
		}
	}
	return cc
}

// add counts an exchange once (res nil) and then its result.
func (cc *coverageCounter) add(ex *Exchange, res *Result) {
	if res == nil {
		cc.c.Exchanges++
		return
	}
	oc := cc.ops[res.Operation]
	oc.Exchanges++
	oc.Sources = append(oc.Sources, ex.Source.String())
	if ex.Response != nil {
		key := res.Status
		if key == "" {
			key = "undocumented: " + strconv.Itoa(ex.Response.Status)
		}
		drift := 0
		if len(res.Findings) > 0 {
			drift = 1
		}
		found := false
		for i := range oc.Statuses {
			if oc.Statuses[i].Status == key {
				oc.Statuses[i].Exchanges++
				oc.Statuses[i].Drifting += drift
				found = true
			}
		}
		if !found {
			oc.Statuses = append(oc.Statuses, StatusCoverage{Status: key, Exchanges: 1, Drifting: drift})
		}
	}
	for _, side := range []struct {
		name string
		bc   BodyCheck
	}{{"request", res.Request}, {"response", res.Response}} {
		switch {
		case side.bc.Validated:
			cc.c.Bodies.Validated++
		case side.bc.Present && side.bc.Skipped != "":
			cc.c.Bodies.Skipped = append(cc.c.Bodies.Skipped, BodySkip{Source: ex.Source.At(side.name + ".body"), Side: side.name, Reason: side.bc.Skipped})
		}
	}
}

func (cc *coverageCounter) result() Coverage {
	c := cc.c
	sort.SliceStable(c.Operations, func(i, j int) bool { return c.Operations[i].Operation < c.Operations[j].Operation })
	return c
}
