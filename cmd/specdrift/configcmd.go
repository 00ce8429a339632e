package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/specdrift/specdrift/contract"
)

const configHelp = `config prints the settings each command runs with (or COMMAND alone, such
as "validate" or "docs check"), and where each comes from: a flag, an
environment variable, the config file (its line), or the default.

The config file is specdrift.yaml in the working directory or the nearest
parent, up to the root of the repository (the folder with .git), or the file
that --config or SPECDRIFT_CONFIG names. Its keys are the flags of the same
name, without their dashes, and pages and rules:

  spec: spec/
  fixtures: fixtures/         # diff: only in its own section
  pages: [docs/*.txt]         # the PAGE arguments of docs check and docs lint
  fail-on: warning            # proxy: only in its own section
  baseline: baseline.json
  format: [text, junit=report.xml]
  color: auto
  strict: true
  strict-requests: false
  engine: fast
  rules:                      # a rule's severity, or off to drop its findings
    undocumented-query-parameter: error
    time-order: off
  commands:                   # settings of one command, over the top level
    docs lint:
      fail-on: error

Paths are relative to the file's folder. A key the file does not know, or a
command's key the command does not take, is an error naming its line.
A flag wins over the environment (SPECDRIFT_SPEC, SPECDRIFT_FIXTURES,
SPECDRIFT_PAGES, SPECDRIFT_FAIL_ON, SPECDRIFT_BASELINE, SPECDRIFT_FORMAT,
SPECDRIFT_COLOR, SPECDRIFT_STRICT, SPECDRIFT_STRICT_REQUESTS,
SPECDRIFT_ENGINE, SPECDRIFT_RULES as RULE=LEVEL,...), which wins over the
command's section of the file, which wins over the file's top level.

` + "Exit codes:\n  0  the settings were printed\n  2  the command line (or an environment variable) was wrong\n  3  could not run: an unreadable or invalid config file"

// addConfig gives every command of root the settings of the config file
// and the environment (--config FILE), and adds specdrift config.
func addConfig(root *cobra.Command) {
	var path string
	root.PersistentFlags().StringVar(&path, "config", "", "read settings from FILE (default: $SPECDRIFT_CONFIG, else "+configName+" here or in a parent folder, up to the repository's root)")
	root.PersistentPreRunE = func(c *cobra.Command, _ []string) error {
		cf, err := loadConfig(root, firstOf(path, os.Getenv("SPECDRIFT_CONFIG")))
		if err != nil {
			return err
		}
		s, err := resolve(c, cf, os.Getenv)
		if err != nil {
			return err
		}
		return s.apply(c)
	}
	root.AddCommand(&cobra.Command{
		Use:   "config [COMMAND]",
		Short: "Print the effective settings of each command, and where each comes from",
		Long:  configHelp,
		RunE: func(c *cobra.Command, args []string) error {
			cf, err := loadConfig(root, firstOf(path, os.Getenv("SPECDRIFT_CONFIG")))
			if err != nil {
				return err
			}
			cmds := leafCommands(root)
			if len(args) > 0 {
				found, rest, err := root.Find(args)
				if err != nil || len(rest) > 0 || found.RunE == nil || found == c {
					return usageError("config %s: no such command (see specdrift --help)", strings.Join(args, " "))
				}
				cmds = []*cobra.Command{found}
			}
			return printSettings(c, cf, cmds)
		},
	})
}

// leafCommands are the commands that run, in the order of the help.
func leafCommands(c *cobra.Command) []*cobra.Command {
	var out []*cobra.Command
	for _, sub := range c.Commands() {
		switch {
		case sub.Name() == "help" || sub.Name() == "completion" || sub.Name() == "config":
		case sub.HasSubCommands():
			out = append(out, leafCommands(sub)...)
		case sub.RunE != nil:
			out = append(out, sub)
		}
	}
	return out
}

func printSettings(c *cobra.Command, cf *configFile, cmds []*cobra.Command) error {
	w := tabwriter.NewWriter(c.OutOrStdout(), 0, 4, 2, ' ', 0)
	if cf == nil {
		fmt.Fprintf(w, "config file: none (no %s here or in a parent folder, up to the repository's root)\n", configName)
	} else {
		fmt.Fprintf(w, "config file: %s\n", cf.path)
	}
	for _, cmd := range cmds {
		s, err := resolve(cmd, cf, os.Getenv)
		if err != nil {
			return err
		}
		if len(s.values) == 0 && !takesKey(cmd, configKey{kind: kindRules}) {
			continue
		}
		fmt.Fprintf(w, "\n%s\n", commandName(cmd))
		for _, st := range s.values {
			fmt.Fprintf(w, "  %s\t%s\t%s\n", st.key.name, showValue(st.vals), st.origin)
		}
		if takesKey(cmd, configKey{kind: kindRules}) {
			ids := make([]string, 0, len(s.ruleOrigin))
			for id := range s.ruleOrigin {
				ids = append(ids, string(id))
			}
			sort.Strings(ids)
			for _, id := range ids {
				level := "off"
				if !s.disabled[contract.RuleID(id)] {
					level = s.severity[contract.RuleID(id)].String()
				}
				fmt.Fprintf(w, "  rules.%s\t%s\t%s\n", id, level, s.ruleOrigin[contract.RuleID(id)])
			}
			if len(ids) == 0 {
				fmt.Fprintf(w, "  rules\t(each rule's own severity)\tdefault\n")
			}
		}
	}
	return w.Flush()
}

func showValue(vals []string) string {
	if len(vals) == 0 || len(vals) == 1 && vals[0] == "" {
		return `""`
	}
	return strings.Join(vals, ", ")
}
