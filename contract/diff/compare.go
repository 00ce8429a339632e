package diff

import (
	"context"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/checker"
	odiff "github.com/oasdiff/oasdiff/diff"
	"github.com/oasdiff/oasdiff/load"

	"github.com/specdrift/specdrift/contract"
)

// Options tune a comparison. The zero value compares the specs alone, with
// the validator's safe defaults for any fixtures.
type Options struct {
	Fixtures  []*contract.Exchange // exchanges recorded under the old versions
	Validator contract.Options     // how fixtures are validated, under both versions
}

// Change is one difference between two versions of a spec, as the oasdiff
// engine ranks it.
type Change struct {
	Rule        string            `json:"rule"`     // oasdiff's rule ID: "request-parameter-became-required"
	Severity    contract.Severity `json:"severity"` // error: breaking; warning: may break; info: compatible
	Operation   string            `json:"operation,omitempty"`
	OperationID string            `json:"operation_id,omitempty"`
	Section     string            `json:"section"`        // paths, components, security
	Page        string            `json:"page,omitempty"` // the documentation page of the operation
	Message     string            `json:"message"`
	Comment     string            `json:"comment,omitempty"` // why the level is what it is, where oasdiff says
	Old         contract.Location `json:"old"`               // where in the old version; no file where it is absent there
	New         contract.Location `json:"new"`               // where in the new version
	Fingerprint string            `json:"fingerprint"`       // oasdiff's stable identity of the change

	opLine int // the operation's line, for documentation order
}

// Compare compares every loaded pair and measures the impact on the
// fixtures. An exchange belongs to the pair whose old version routes it.
// One that no old version routes is an error of its source, as validate
// reports it, unless it names an operation that no old version defines
// and its method and path match none either: that is an exchange of
// another service, left out.
func Compare(ctx context.Context, pairs []*Loaded, opts Options) (*Result, error) {
	res := &Result{}
	routed := make([]bool, len(opts.Fixtures))
	for _, p := range pairs {
		pr, err := comparePair(ctx, p, opts, routed)
		if err != nil {
			return nil, err
		}
		res.Pairs = append(res.Pairs, pr)
	}
	res.Errors = append(res.Errors, unrouted(ctx, pairs, opts, routed)...)
	return res, nil
}

// ComparePair compares the two versions of one service.
func ComparePair(ctx context.Context, p *Loaded, opts Options) (*PairResult, error) {
	return comparePair(ctx, p, opts, make([]bool, len(opts.Fixtures)))
}

// comparePair compares one pair, marking in routed the fixtures its old
// version routes.
func comparePair(ctx context.Context, p *Loaded, opts Options, routed []bool) (*PairResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	pr := &PairResult{Service: p.Service, Old: p.Old.side(), New: p.New.side()}
	if p.New != nil {
		pr.Problems = append([]contract.Finding(nil), p.New.Spec.Problems...)
	}
	var err error
	if pr.Changes, err = changes(p.Old, p.New); err != nil {
		return nil, err
	}
	if err := pr.impact(ctx, p, opts, routed); err != nil {
		return nil, err
	}
	return pr, nil
}

// changes runs the oasdiff engine as its own command line does: a diff with
// the default configuration, then every check, keeping every level.
func changes(old, new *Version) ([]Change, error) {
	s1, s2 := old.specInfo(), new.specInfo()
	d, sources, err := odiff.GetWithOperationsSourcesMap(odiff.NewConfig(), s1, s2)
	if err != nil {
		return nil, &contract.InputError{File: new.name(), Err: err}
	}
	found := checker.CheckBackwardCompatibilityUntilLevel(checker.NewConfig(checker.GetAllChecks()), d, sources, checker.INFO)
	l := checker.NewDefaultLocalizer()
	out := make([]Change, 0, len(found))
	for _, c := range found {
		ch := Change{
			Rule:        c.GetId(),
			Severity:    severity(c.GetLevel()),
			OperationID: c.GetOperationId(),
			Section:     c.GetSection(),
			Message:     c.GetUncolorizedText(l),
			Comment:     c.GetComment(l),
			Fingerprint: checker.Fingerprint(c),
		}
		if c.GetOperation() != "" && c.GetPath() != "" {
			ch.Operation = c.GetOperation() + " " + c.GetPath()
		}
		ch.Old = old.locate(ch.Operation, c.GetBaseSource())
		ch.New = new.locate(ch.Operation, c.GetRevisionSource())
		if ch.Old.File == "" && ch.New.File == "" {
			ch.Old = old.locateSection(ch.Old, ch.Operation, ch.Section)
			ch.New = new.locateSection(ch.New, ch.Operation, ch.Section)
		}
		for _, v := range []*Version{new, old} {
			if o := v.operation(ch.Operation); o != nil {
				ch.opLine = v.Spec.Line(o.Pointer)
				if pg, ok := v.page(o); ok {
					ch.Page = pg.Page
				}
				break
			}
		}
		out = append(out, ch)
	}
	return out, nil
}

func severity(l checker.Level) contract.Severity {
	switch l {
	case checker.ERR:
		return contract.SeverityError
	case checker.WARN:
		return contract.SeverityWarning
	}
	return contract.SeverityInfo
}

// locate turns an oasdiff source into a location in this version: the line
// oasdiff recorded, else the operation's. The file is always this version's
// name, as the user gave it (oasdiff shortens git revision names).
func (v *Version) locate(op string, src *checker.Source) contract.Location {
	if v == nil {
		return contract.Location{}
	}
	if src != nil && src.Line > 0 {
		file := v.File
		if name, ok := v.Spec.FileOf(src.File); ok && name != v.Spec.Name {
			file = name // a file the spec's $refs name
		}
		return contract.Location{File: file, Line: src.Line}
	}
	if o := v.operation(op); o != nil {
		return v.Spec.Locate(o.Pointer)
	}
	return contract.Location{}
}

// locateSection places a change of no operation (info, security,
// components) at its section of the spec, where oasdiff gives no line.
func (v *Version) locateSection(l contract.Location, op, section string) contract.Location {
	if v == nil || l.File != "" || op != "" || section == "" || section == "paths" {
		return l
	}
	return v.Spec.Locate("/" + section)
}

func (v *Version) specInfo() *load.SpecInfo {
	if v == nil {
		return &load.SpecInfo{Url: "(absent)", Spec: &openapi3.T{OpenAPI: "3.0.3", Info: &openapi3.Info{}, Paths: openapi3.NewPaths()}}
	}
	return v.info
}

func (v *Version) name() string {
	if v == nil {
		return "(absent)"
	}
	return v.File
}

func (v *Version) side() Side {
	if v == nil {
		return Side{}
	}
	return Side{File: v.File, Title: v.Title(), DocVersion: v.DocVersion, Pages: v.Pages}
}
