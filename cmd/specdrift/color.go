package main

import (
	"io"
	"os"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// The values of --color.
var colorModes = []string{"auto", "always", "never"}

// colorFlag registers --color on a command that writes a text report.
func colorFlag(c *cobra.Command, mode *string) {
	c.Flags().StringVar(mode, "color", "auto", "colour the text report: auto (on a terminal, unless NO_COLOR is set or TERM is dumb), always, never")
}

func checkColor(mode string) error {
	for _, m := range colorModes {
		if m == mode {
			return nil
		}
	}
	return usageError("--color %q: want auto, always or never", mode)
}

// useColor says whether the report of format written to w is coloured:
// only a text report, always with --color always, and with auto when w is
// a terminal, NO_COLOR is unset (or empty) and TERM is not dumb. A flag
// given on the command line wins over NO_COLOR, as no-color.org asks.
func useColor(mode, format string, w io.Writer) bool {
	if format != "text" || mode == "never" {
		return false
	}
	if mode == "always" {
		return true
	}
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
