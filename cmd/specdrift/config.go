package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/diff"
)

// configName is the name of the config file found from the working
// directory up.
const configName = "specdrift.yaml"

// keyKind is what a key of the config file holds.
type keyKind int

const (
	kindPath     keyKind = iota // a file or folder, relative to the config file
	kindPaths                   // a list of files (or globs), relative to the config file
	kindSeverity                // error, warning or info
	kindFormats                 // FORMAT or FORMAT=FILE, one or a list
	kindColor                   // auto, always or never
	kindBool                    // true or false
	kindEngine                  // fast or kin
	kindRules                   // a mapping of rule ID to a severity or off
)

// configKey is a key of the config file: the flag it gives the default of
// (none for pages and rules) and the environment variable between the two.
type configKey struct {
	name string
	kind keyKind
	flag string
	env  string
	// local lists the commands that the key reaches only from their own
	// section of the file, not from the top level nor from the
	// environment, where it means something else: diff's fixtures are
	// those recorded under the old version, read at the base revision by
	// default; the proxy's fail-on is what --enforce blocks on live
	// traffic.
	local []string
}

// configKeys is every key of the config file, in the order specdrift
// config prints them.
func configKeys() []configKey {
	return []configKey{
		{name: "spec", kind: kindPath, flag: "spec", env: "SPECDRIFT_SPEC"},
		{name: "fixtures", kind: kindPath, flag: "fixtures", env: "SPECDRIFT_FIXTURES", local: []string{"diff"}},
		{name: "pages", kind: kindPaths, env: "SPECDRIFT_PAGES"},
		{name: "fail-on", kind: kindSeverity, flag: "fail-on", env: "SPECDRIFT_FAIL_ON", local: []string{"proxy"}},
		{name: "baseline", kind: kindPath, flag: "baseline", env: "SPECDRIFT_BASELINE"},
		{name: "format", kind: kindFormats, flag: "format", env: "SPECDRIFT_FORMAT"},
		{name: "color", kind: kindColor, flag: "color", env: "SPECDRIFT_COLOR"},
		{name: "strict", kind: kindBool, flag: "strict", env: "SPECDRIFT_STRICT"},
		{name: "strict-requests", kind: kindBool, flag: "strict-requests", env: "SPECDRIFT_STRICT_REQUESTS"},
		{name: "engine", kind: kindEngine, flag: "engine", env: "SPECDRIFT_ENGINE"},
		{name: "rules", kind: kindRules, env: "SPECDRIFT_RULES"},
	}
}

func lookupKey(name string) (configKey, bool) {
	for _, k := range configKeys() {
		if k.name == name {
			return k, true
		}
	}
	return configKey{}, false
}

// configValue is the value of a key in one layer: the file's top level,
// a command's section, or the environment.
type configValue struct {
	vals   []string                      // the value, or the list; paths resolved
	rules  map[contract.RuleID]ruleValue // of the key rules
	origin string                        // "specdrift.yaml:3", "SPECDRIFT_FAIL_ON"
}

// ruleValue is the setting of one rule: a severity or "off".
type ruleValue struct {
	level, origin string
}

// configFile is a config file as read: the values of its top level and
// of each command's section.
type configFile struct {
	path     string                            // as displayed: relative to the working directory
	top      map[string]configValue            // key → value
	commands map[string]map[string]configValue // command ("docs check") → key → value
}

// findConfig looks for specdrift.yaml in dir and its parents, up to the
// root of the repository dir is in (the folder with .git) or of the file
// system: a file beyond the repository belongs to something else.
func findConfig(dir string) (string, error) {
	for {
		p := filepath.Join(dir, configName)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		} else if err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return "", nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// readConfig reads and checks a config file: one YAML mapping of known
// keys, each value of its kind, and a commands mapping of known commands
// to mappings of keys they take. takes says whether a command exists and
// whether it takes a key.
func readConfig(path string, takes func(command, key string) (exists, ok bool)) (*configFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &contract.InputError{File: displayPath(path), Err: errNotFound(err)}
	}
	cf := &configFile{path: displayPath(path), top: map[string]configValue{}, commands: map[string]map[string]configValue{}}
	bad := func(line int, format string, args ...any) error {
		return &contract.InputError{File: cf.path, Line: line, Err: fmt.Errorf(format, args...)}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, bad(yamlLine(err), "malformed YAML: %v", err)
	}
	var next yaml.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		line := next.Line
		if len(next.Content) > 0 {
			line = next.Content[0].Line
		}
		return nil, bad(line, "a second YAML document: a config file is one mapping")
	}
	if len(doc.Content) == 0 {
		return cf, nil // empty, or comments only
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, bad(root.Line, "want a mapping of settings (spec, fixtures, fail-on, ...)")
	}
	dir := filepath.Dir(path)
	err = eachPair(root, bad, func(k, v *yaml.Node) error {
		if k.Value != "commands" {
			val, err := parseValue(cf, dir, k, v, "", bad)
			cf.top[k.Value] = val
			return err
		}
		if v.Kind != yaml.MappingNode {
			return bad(v.Line, "commands: want a mapping of command names (validate, docs check, ...) to settings")
		}
		return eachPair(v, bad, func(ck, cv *yaml.Node) error {
			if exists, _ := takes(ck.Value, ""); !exists {
				return bad(ck.Line, "commands: unknown command %q", ck.Value)
			}
			if cv.Kind != yaml.MappingNode {
				return bad(cv.Line, "commands.%s: want a mapping of settings", ck.Value)
			}
			section := map[string]configValue{}
			cf.commands[ck.Value] = section
			return eachPair(cv, bad, func(sk, sv *yaml.Node) error {
				if sk.Value == "commands" {
					return bad(sk.Line, "commands.%s: commands belong at the top level", ck.Value)
				}
				val, err := parseValue(cf, dir, sk, sv, ck.Value, bad)
				if err != nil {
					return err
				}
				if _, ok := takes(ck.Value, sk.Value); !ok {
					return bad(sk.Line, "commands.%s: %s takes no %s", ck.Value, ck.Value, sk.Value)
				}
				section[sk.Value] = val
				return nil
			})
		})
	})
	if err != nil {
		return nil, err
	}
	return cf, nil
}

// eachPair calls fn with each key and value of a mapping, refusing a key
// given twice.
func eachPair(m *yaml.Node, bad func(int, string, ...any) error, fn func(k, v *yaml.Node) error) error {
	seen := map[string]int{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if first, dup := seen[k.Value]; dup {
			return bad(k.Line, "%s given twice (first at line %d)", k.Value, first)
		}
		seen[k.Value] = k.Line
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

// parseValue reads the value of key k: known, and of its kind.
func parseValue(cf *configFile, dir string, k, v *yaml.Node, command string, bad func(int, string, ...any) error) (configValue, error) {
	key, ok := lookupKey(k.Value)
	if !ok {
		names := []string{"commands"}
		for _, k := range configKeys() {
			names = append(names, k.name)
		}
		slices.Sort(names)
		return configValue{}, bad(k.Line, "unknown key %q (the keys are %s)", k.Value, strings.Join(names, ", "))
	}
	val := configValue{origin: fmt.Sprintf("%s:%d", cf.path, k.Line)}
	if command != "" {
		val.origin += " (commands." + command + ")"
	}
	var scalars []*yaml.Node
	switch {
	case key.kind == kindRules:
		if v.Kind != yaml.MappingNode {
			return val, bad(v.Line, "rules: want a mapping of rule ID to error, warning, info or off")
		}
		val.rules = map[contract.RuleID]ruleValue{}
		err := eachPair(v, bad, func(rk, rv *yaml.Node) error {
			if err := checkRule(rk.Value, rv.Value); err != nil || rv.Kind != yaml.ScalarNode {
				if err == nil {
					err = errors.New("want error, warning, info or off")
				}
				return bad(rk.Line, "rules: %v", err)
			}
			origin := fmt.Sprintf("%s:%d", cf.path, rk.Line)
			if command != "" {
				origin += " (commands." + command + ")"
			}
			val.rules[contract.RuleID(rk.Value)] = ruleValue{level: rv.Value, origin: origin}
			return nil
		})
		return val, err
	case v.Kind == yaml.SequenceNode && (key.kind == kindPaths || key.kind == kindFormats):
		scalars = v.Content
	case v.Kind == yaml.ScalarNode && v.Tag != "!!null":
		scalars = []*yaml.Node{v}
	default:
		return val, bad(v.Line, "%s: want %s", key.name, kindWant(key.kind))
	}
	for _, s := range scalars {
		if s.Kind != yaml.ScalarNode || s.Tag == "!!null" {
			return val, bad(s.Line, "%s: want %s", key.name, kindWant(key.kind))
		}
		x, err := checkValue(key, s.Value, dir)
		if err != nil {
			return val, bad(s.Line, "%s: %v", key.name, err)
		}
		val.vals = append(val.vals, x)
	}
	return val, nil
}

func kindWant(k keyKind) string {
	return map[keyKind]string{
		kindPath: "a file or folder", kindPaths: "a file or a list of files", kindSeverity: "error, warning or info",
		kindFormats: "a format (FORMAT or FORMAT=FILE) or a list of them", kindColor: "auto, always or never",
		kindBool: "true or false", kindEngine: "fast or kin",
	}[k]
}

// checkValue checks one value of key, and resolves the paths it names
// against dir (the config file's folder; "" for the environment, whose
// paths are the working directory's).
func checkValue(key configKey, s, dir string) (string, error) {
	switch key.kind {
	case kindPath, kindPaths:
		if s == "" {
			return "", errors.New("want a file or folder, not an empty string")
		}
		return resolvePath(dir, s), nil
	case kindSeverity:
		_, err := contract.ParseSeverity(s)
		return s, err
	case kindFormats:
		if _, err := parseOutputs([]string{s}, ""); err != nil {
			var ee *exitError
			if errors.As(err, &ee) && ee.err != nil {
				err = ee.err
			}
			return "", err
		}
		if format, file, ok := strings.Cut(s, "="); ok {
			return format + "=" + resolvePath(dir, file), nil
		}
		return s, nil
	case kindColor:
		if !slices.Contains(colorModes, s) {
			return "", fmt.Errorf("%q: want auto, always or never", s)
		}
	case kindBool:
		if s != "true" && s != "false" {
			return "", fmt.Errorf("%q: want true or false", s)
		}
	case kindEngine:
		if s != contract.EngineFast && s != contract.EngineKin {
			return "", fmt.Errorf("%q: want %s or %s", s, contract.EngineFast, contract.EngineKin)
		}
	}
	return s, nil
}

// checkRule checks a rule ID (specdrift's or the diff engine's) and its
// setting.
func checkRule(id, level string) error {
	if _, ok := contract.LookupRule(contract.RuleID(id)); !ok && !slices.Contains(diff.RuleIDs(), id) {
		return fmt.Errorf("unknown rule %q (README, Rules, lists them; diff's are oasdiff's)", id)
	}
	if level == "off" {
		return nil
	}
	if _, err := contract.ParseSeverity(level); err != nil {
		return fmt.Errorf("%s: %q: want error, warning, info or off", id, level)
	}
	return nil
}

// resolvePath makes a path of the config file relative to the working
// directory when it can, so that reports name files as they always do.
func resolvePath(dir, p string) string {
	if dir == "" || filepath.IsAbs(p) {
		return p
	}
	return displayPath(filepath.Join(dir, p))
}

func displayPath(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	if rel, err := filepath.Rel(wd, abs); err == nil {
		return rel
	}
	return p
}

// yamlLine is the line a yaml.v3 error names, 0 if none.
func yamlLine(err error) int {
	var n int
	if _, scanErr := fmt.Sscanf(err.Error(), "yaml: line %d:", &n); scanErr == nil {
		return n
	}
	return 0
}
