package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/specdrift/specdrift/contract"
)

// settings are the effective settings of one command: each key it takes,
// with its value and where the value came from. Flags win over the
// environment, which wins over the command's section of the config file,
// which wins over the file's top level, which wins over the defaults.
type settings struct {
	file   string // the config file read, "" if none
	values []setting
	pages  []string
	// severity and disabled are the rules' settings, for the validator and
	// the collector; ruleOrigin says where each came from.
	severity   map[contract.RuleID]contract.Severity
	disabled   map[contract.RuleID]bool
	ruleOrigin map[contract.RuleID]string
}

// setting is the effective value of one key.
type setting struct {
	key    configKey
	vals   []string
	origin string // "default", "flag --fail-on", "SPECDRIFT_FAIL_ON", "specdrift.yaml:3"
}

type settingsKey struct{}

// settingsOf returns the settings the command runs with; none when it was
// not started through the root command.
func settingsOf(c *cobra.Command) *settings {
	if s, ok := c.Context().Value(settingsKey{}).(*settings); ok {
		return s
	}
	return &settings{}
}

// commandName is the path of c below the root: "validate", "docs check".
func commandName(c *cobra.Command) string {
	return strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" ")
}

// takesKey says whether command c takes key: as a flag, the pages of the
// docs commands that read several, and the rules of every command that
// reports findings.
func takesKey(c *cobra.Command, key configKey) bool {
	switch key.kind {
	case kindPaths:
		return slices.Contains([]string{"docs check", "docs lint"}, commandName(c))
	case kindRules:
		return c.Flags().Lookup("baseline") != nil
	}
	return c.Flags().Lookup(key.flag) != nil
}

// commandTakes answers readConfig for the command tree of root.
func commandTakes(root *cobra.Command) func(command, key string) (bool, bool) {
	return func(command, key string) (bool, bool) {
		c, rest, err := root.Find(strings.Fields(command))
		if err != nil || len(rest) > 0 || c == root || commandName(c) != command || c.RunE == nil {
			return false, false
		}
		k, ok := lookupKey(key)
		return true, ok && takesKey(c, k)
	}
}

// loadConfig reads the config file: path (--config or SPECDRIFT_CONFIG),
// else the one found from the working directory up; nil if there is none.
func loadConfig(root *cobra.Command, path string) (*configFile, error) {
	if path == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, cannotRun(err)
		}
		if path, err = findConfig(wd); err != nil {
			return nil, cannotRun(err)
		}
		if path == "" {
			return nil, nil
		}
	}
	cf, err := readConfig(path, commandTakes(root))
	if err != nil {
		return nil, cannotRun(err)
	}
	return cf, nil
}

// envValue reads the environment variable of key: lists are separated by
// commas (formats, rules) or as PATH is (pages). A bad value is a usage
// error: the environment is part of the command line.
func envValue(key configKey, getenv func(string) string) (*configValue, error) {
	raw := getenv(key.env)
	if raw == "" {
		return nil, nil
	}
	val := &configValue{origin: key.env}
	var parts []string
	switch key.kind {
	case kindPaths:
		parts = filepath.SplitList(raw)
	case kindFormats, kindRules:
		parts = strings.Split(raw, ",")
	default:
		parts = []string{raw}
	}
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if key.kind == kindRules {
			id, level, _ := strings.Cut(p, "=")
			if err := checkRule(id, level); err != nil {
				return nil, usageError("%s: %v (want RULE=LEVEL,...)", key.env, err)
			}
			if val.rules == nil {
				val.rules = map[contract.RuleID]ruleValue{}
			}
			val.rules[contract.RuleID(id)] = ruleValue{level: level, origin: key.env}
			continue
		}
		x, err := checkValue(key, p, "")
		if err != nil {
			return nil, usageError("%s: %v", key.env, err)
		}
		val.vals = append(val.vals, x)
	}
	return val, nil
}

// resolve computes the settings of command c from its flags, the
// environment and the config file cf (nil: none).
func resolve(c *cobra.Command, cf *configFile, getenv func(string) string) (*settings, error) {
	name := commandName(c)
	s := &settings{severity: map[contract.RuleID]contract.Severity{}, disabled: map[contract.RuleID]bool{}, ruleOrigin: map[contract.RuleID]string{}}
	var layers []map[string]configValue // lowest first
	if cf != nil {
		s.file = cf.path
		layers = append(layers, cf.top, cf.commands[name])
	}
	for _, key := range configKeys() {
		if !takesKey(c, key) {
			continue
		}
		local := slices.Contains(key.local, name)
		env, err := envValue(key, getenv)
		if err != nil {
			return nil, err
		}
		var chosen []*configValue
		for i, l := range layers {
			if v, ok := l[key.name]; ok && !(local && i == 0) {
				chosen = append(chosen, &v)
			}
		}
		if env != nil && !local {
			chosen = append(chosen, env)
		}
		if key.kind == kindRules {
			for _, v := range chosen {
				for id, r := range v.rules {
					s.ruleOrigin[id] = r.origin
					delete(s.disabled, id)
					delete(s.severity, id)
					if r.level == "off" {
						s.disabled[id] = true
					} else {
						s.severity[id], _ = contract.ParseSeverity(r.level)
					}
				}
			}
			continue
		}
		st := setting{key: key, origin: "default"}
		if fl := c.Flags().Lookup(key.flag); fl != nil {
			st.vals = flagValues(fl)
			if fl.Changed {
				st.origin = "flag --" + key.flag
				s.values = append(s.values, st)
				continue
			}
		}
		if n := len(chosen); n > 0 {
			st.vals, st.origin = chosen[n-1].vals, chosen[n-1].origin
		}
		if key.kind == kindPaths {
			s.pages = st.vals
		}
		s.values = append(s.values, st)
	}
	return s, nil
}

func flagValues(fl *pflag.Flag) []string {
	if sv, ok := fl.Value.(pflag.SliceValue); ok {
		return sv.GetSlice()
	}
	return []string{fl.Value.String()}
}

// apply sets the flags the command line did not give to their settings,
// and hands the settings to the command.
func (s *settings) apply(c *cobra.Command) error {
	for _, st := range s.values {
		fl := c.Flags().Lookup(st.key.flag)
		if fl == nil || fl.Changed || st.origin == "default" {
			continue
		}
		var err error
		if sv, ok := fl.Value.(pflag.SliceValue); ok {
			err = sv.Replace(st.vals)
		} else {
			err = fl.Value.Set(st.vals[0])
		}
		if err != nil {
			return cannotRun(fmt.Errorf("%s: %s: %w", st.origin, st.key.name, err))
		}
	}
	c.SetContext(context.WithValue(c.Context(), settingsKey{}, s))
	return nil
}

// pagesOr returns the pages of the command line, else those of the
// settings (globs expanded), for docs check and docs lint; none means the
// embedded pages.
func pagesOr(c *cobra.Command, args []string) ([]string, error) {
	if len(args) > 0 {
		return args, nil
	}
	s := settingsOf(c)
	var out []string
	for _, p := range s.pages {
		matches, err := filepath.Glob(p)
		if err != nil || len(matches) == 0 {
			matches = []string{p} // a plain name: read it, and say so if it is missing
		}
		sort.Strings(matches)
		out = append(out, matches...)
	}
	return out, nil // none: the embedded pages
}
