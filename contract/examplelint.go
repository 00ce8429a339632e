package contract

import (
	"context"
	"errors"
	"strconv"
	"strings"
)

// ValidateExamples validates the example exchanges of every spec (see
// Operation.ExampleExchanges): the lint of the specs' examples, as
// exchanges, beyond what each example's own schema says (Spec.Problems).
// What it reports is about the examples, so that
//   - a finding in a body is placed at the line of the spec where the
//     example's value is written; one that a spec-example-invalid problem
//     reports at that line already is left out, and so is a finding that
//     another exchange reports alike (a request example paired with
//     several responses);
//   - of the request, only the body of a request example is judged: the
//     parameters' and headers' examples are checked as the spec's own
//     problems, and the values the exchange makes up for those without
//     examples (and the credentials no example carries) are not the spec's;
//   - of the response, its headers are not judged, for the same reason;
//   - an example whose request routes to another operation is an
//     unknown-operation finding.
func (v *Validator) ValidateExamples(ctx context.Context) Outcome {
	cov := newCoverage(v.specs)
	var out Outcome
	seen := map[string]bool{}
	for _, s := range v.specs {
		problemAt := map[string]bool{}
		for _, p := range s.Problems {
			if p.Rule == RuleSpecExampleInvalid {
				problemAt[p.Source] = true
			}
		}
		keep := func(f Finding) {
			k := string(f.Rule) + "\x00" + f.Source + "\x00" + f.In + "\x00" + f.Pointer + "\x00" + f.Message
			if !seen[k] {
				seen[k] = true
				out.Findings = append(out.Findings, f)
			}
		}
		for _, o := range s.Operations {
			for _, ee := range o.exampleExchanges() {
				cov.add(ee.ex, nil)
				res, err := v.Validate(ctx, ee.ex)
				var re *RouteError
				switch {
				case errors.As(err, &re):
					if f := re.Finding(ee.ex.Source); !v.opts.Disabled[f.Rule] {
						keep(v.applySeverity(f))
					}
					continue
				case err != nil:
					out.Errors = append(out.Errors, ee.ex.Source.InputError("request.url", err))
					continue
				}
				cov.add(ee.ex, res)
				for _, f := range res.Findings {
					if f, ok := ee.judged(s, f, problemAt); ok {
						keep(f)
					}
				}
			}
		}
	}
	out.Coverage = cov.result()
	return out
}

// judged says whether a finding of an example exchange is about the
// spec's examples, and places a body's finding at its line in the spec.
func (ee exampleExchange) judged(s *Spec, f Finding, problemAt map[string]bool) (Finding, bool) {
	value := ""
	switch {
	case f.In == "request.body":
		value = ee.request
		if value == "" {
			return f, false
		}
	case f.In == "response.body":
		value = ee.response
	case strings.HasPrefix(f.In, "request"), strings.HasPrefix(f.In, "response.header"):
		return f, false
	}
	if value == "" {
		return f, true
	}
	loc := s.Locate(value + f.Pointer)
	f.Source = loc.File
	if loc.Line > 0 {
		f.Source += ":" + strconv.Itoa(loc.Line)
	}
	if (f.Rule == RuleRequestBodySchema || f.Rule == RuleResponseBodySchema) && problemAt[f.Source] {
		return f, false
	}
	return f, true
}
