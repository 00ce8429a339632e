package probe

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Workflows is an Arazzo 1.0 document, as far as probe runs it: workflows
// of steps that each call an operation of the specs by operationId, with
// parameters and a JSON payload whose values may be runtime expressions
// ($inputs.x, $steps.id.outputs.y, $statusCode, $response.body#/ptr,
// $response.header.X), success criteria that compare one of them with a
// value (==, !=, <, <=, >, >=, the "simple" type), and outputs.
// ReadWorkflows refuses what it does not run, naming its line: workflow
// steps (workflowId), operationPath, criteria of another type,
// onSuccess/onFailure, dependsOn, and references to components.
type Workflows struct {
	Arazzo    string     `yaml:"arazzo"`
	Workflows []Workflow `yaml:"workflows"`
}

// Workflow is one workflow of an Arazzo document.
type Workflow struct {
	ID     string         `yaml:"workflowId"`
	Inputs map[string]any `yaml:"-"` // the default of each input's schema
	Steps  []Step         `yaml:"steps"`
	Line   int            `yaml:"-"`
}

// Step is one call of a workflow.
type Step struct {
	ID          string            `yaml:"stepId"`
	OperationID string            `yaml:"operationId"`
	Parameters  []StepParameter   `yaml:"parameters"`
	RequestBody *StepBody         `yaml:"requestBody"`
	Criteria    []Criterion       `yaml:"successCriteria"`
	Outputs     map[string]string `yaml:"outputs"`
	Line        int               `yaml:"-"`
}

// StepParameter is a parameter of a step: its value is a literal or a
// runtime expression.
type StepParameter struct {
	Name  string `yaml:"name"`
	In    string `yaml:"in"`
	Value any    `yaml:"value"`
}

// StepBody is a step's request body.
type StepBody struct {
	ContentType string `yaml:"contentType"`
	Payload     any    `yaml:"payload"`
}

// Criterion is a success criterion: "$statusCode == 201".
type Criterion struct {
	Condition string `yaml:"condition"`
	Type      any    `yaml:"type"`
	Context   string `yaml:"context"`
}

// ReadWorkflows reads an Arazzo document; name is for messages.
func ReadWorkflows(name string, data []byte) (*Workflows, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := unsupported(name, &root); err != nil {
		return nil, err
	}
	var w Workflows
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&w); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if !strings.HasPrefix(w.Arazzo, "1.") {
		return nil, fmt.Errorf("%s: arazzo: %q: only Arazzo 1.x documents are read", name, w.Arazzo)
	}
	if len(w.Workflows) == 0 {
		return nil, fmt.Errorf("%s: no workflows", name)
	}
	lines(&root, &w)
	for _, wf := range w.Workflows {
		for _, st := range wf.Steps {
			if st.OperationID == "" {
				return nil, fmt.Errorf("%s:%d: step %s: only steps with an operationId are run", name, st.Line, st.ID)
			}
			for _, c := range st.Criteria {
				if t, _ := c.Type.(string); c.Type != nil && t != "simple" {
					return nil, fmt.Errorf("%s:%d: step %s: criteria of type %v are not supported (only simple conditions)", name, st.Line, st.ID, c.Type)
				}
				if _, _, _, err := parseCondition(c.Condition); err != nil {
					return nil, fmt.Errorf("%s:%d: step %s: %v", name, st.Line, st.ID, err)
				}
			}
		}
	}
	return &w, nil
}

// unsupported refuses the keys of Arazzo that probe does not run.
func unsupported(name string, n *yaml.Node) error {
	refuse := map[string]string{"workflowId": "a step that runs a workflow", "operationPath": "operationPath (give the operationId)",
		"onSuccess": "onSuccess actions", "onFailure": "onFailure actions", "dependsOn": "dependsOn", "$ref": "a reference", "reference": "a reference to components"}
	var walk func(n *yaml.Node, inStep bool) error
	walk = func(n *yaml.Node, inStep bool) error {
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i].Value
				if what, ok := refuse[k]; ok && (k != "workflowId" || inStep) {
					return fmt.Errorf("%s:%d: %s is not supported by probe --workflow", name, n.Content[i].Line, what)
				}
				if k == "payload" || k == "inputs" {
					continue // data, not Arazzo's keys
				}
				if err := walk(n.Content[i+1], inStep || k == "steps"); err != nil {
					return err
				}
			}
			return nil
		}
		for _, c := range n.Content {
			if err := walk(c, inStep); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(n, false)
}

// lines records where each workflow and step is written, and the inputs'
// defaults.
func lines(root *yaml.Node, w *Workflows) {
	doc := root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		doc = doc.Content[0]
	}
	wfs := child(doc, "workflows")
	if wfs == nil {
		return
	}
	for i, wn := range wfs.Content {
		if i >= len(w.Workflows) {
			break
		}
		w.Workflows[i].Line = wn.Line
		w.Workflows[i].Inputs = map[string]any{}
		if props := child(child(wn, "inputs"), "properties"); props != nil {
			for j := 0; j+1 < len(props.Content); j += 2 {
				if d := child(props.Content[j+1], "default"); d != nil {
					var v any
					if d.Decode(&v) == nil {
						w.Workflows[i].Inputs[props.Content[j].Value] = v
					}
				}
			}
		}
		if steps := child(wn, "steps"); steps != nil {
			for j, sn := range steps.Content {
				if j < len(w.Workflows[i].Steps) {
					w.Workflows[i].Steps[j].Line = sn.Line
				}
			}
		}
	}
}

func child(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// parseCondition splits "$statusCode == 201" into its left side, operator
// and right side.
func parseCondition(c string) (left, op, right string, err error) {
	for _, o := range []string{"==", "!=", "<=", ">=", "<", ">"} {
		if l, r, ok := strings.Cut(c, o); ok {
			return strings.TrimSpace(l), o, strings.Trim(strings.TrimSpace(r), `'"`), nil
		}
	}
	return "", "", "", fmt.Errorf("condition %q: want EXPRESSION OP VALUE (==, !=, <, <=, >, >=)", c)
}

// holds evaluates a condition on two sides' texts: numerically when both
// are numbers.
func holds(left, op, right string) bool {
	a, errA := strconv.ParseFloat(left, 64)
	b, errB := strconv.ParseFloat(right, 64)
	cmp := strings.Compare(left, right)
	if errA == nil && errB == nil {
		cmp = 0
		if a < b {
			cmp = -1
		} else if a > b {
			cmp = 1
		}
	}
	switch op {
	case "==":
		return cmp == 0
	case "!=":
		return cmp != 0
	case "<":
		return cmp < 0
	case "<=":
		return cmp <= 0
	case ">":
		return cmp > 0
	}
	return cmp >= 0
}
