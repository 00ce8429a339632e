package report

import (
	"encoding/json"
	"io"

	"github.com/specdrift/specdrift/contract"
)

// SARIF 2.1.0, as GitHub code scanning and most CI dashboards read it.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool      `json:"tool"`
	Results    []sarifResult  `json:"results"`
	Properties map[string]any `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID               string       `json:"id"`
	ShortDescription sarifText    `json:"shortDescription"`
	DefaultConfig    sarifDefault `json:"defaultConfiguration"`
}

type sarifDefault struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID           string          `json:"ruleId"`
	Level            string          `json:"level"`
	Message          sarifText       `json:"message"`
	Locations        []sarifLocation `json:"locations"`
	RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
	Properties       map[string]any  `json:"properties,omitempty"`
}

type sarifLocation struct {
	ID       int           `json:"id,omitempty"`
	Physical sarifPhysical `json:"physicalLocation"`
	Message  *sarifText    `json:"message,omitempty"`
}

type sarifPhysical struct {
	Artifact sarifArtifact `json:"artifactLocation"`
	Region   *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

func sarifLevel(s contract.Severity) string {
	switch s {
	case contract.SeverityError:
		return "error"
	case contract.SeverityWarning:
		return "warning"
	}
	return "note"
}

func physical(file string, line int) sarifPhysical {
	p := sarifPhysical{Artifact: sarifArtifact{URI: file}}
	if line > 0 {
		p.Region = &sarifRegion{StartLine: line}
	}
	return p
}

func writeSARIF(w io.Writer, r *Report) error {
	driver := sarifDriver{Name: "specdrift", InformationURI: "https://github.com/specdrift/specdrift", Rules: []sarifRule{}}
	used := map[contract.RuleID]bool{}
	for _, f := range r.Findings {
		used[f.Rule] = true
	}
	for _, rule := range contract.Rules {
		if !used[rule.ID] {
			continue // list what the results use, in registry order
		}
		driver.Rules = append(driver.Rules, sarifRule{ID: string(rule.ID), ShortDescription: sarifText{rule.Summary}, DefaultConfig: sarifDefault{sarifLevel(rule.Severity)}})
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: []sarifResult{}}
	for _, f := range r.Findings {
		res := sarifResult{
			RuleID:    string(f.Rule),
			Level:     sarifLevel(f.Severity),
			Message:   sarifText{f.Message},
			Locations: []sarifLocation{{Physical: physical(fileOf(f.Source), lineOf(f.Source))}},
			Properties: map[string]any{
				"operation": f.Operation, "in": f.In, "pointer": f.Pointer, "expected": f.Expected, "actual": f.Actual,
			},
		}
		if f.Spec.File != "" {
			res.RelatedLocations = []sarifLocation{{ID: 1, Physical: physical(f.Spec.File, f.Spec.Line), Message: &sarifText{"spec: " + f.Spec.Pointer}}}
		}
		run.Results = append(run.Results, res)
	}
	if len(r.Omitted) > 0 { // results not listed, per rule, operation and place
		run.Properties = map[string]any{"omitted": r.Omitted}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}})
}
