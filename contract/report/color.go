package report

import (
	"strings"

	"github.com/specdrift/specdrift/contract"
)

// The ANSI escapes of a text report on a terminal.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

// Palette colours the parts of a text report with ANSI escapes, for a
// terminal; the zero value colours nothing, so that text is plain.
type Palette struct {
	On bool
}

func (p Palette) paint(code, s string) string {
	if !p.On || s == "" {
		return s
	}
	return code + s + ansiReset
}

// Severity colours text (a severity's name, as padded) by severity:
// errors red, warnings yellow, infos cyan.
func (p Palette) Severity(s contract.Severity, text string) string {
	switch s {
	case contract.SeverityError:
		return p.paint(ansiBold+ansiRed, text)
	case contract.SeverityWarning:
		return p.paint(ansiYellow, text)
	}
	return p.paint(ansiCyan, text)
}

// Heading sets text in bold.
func (p Palette) Heading(text string) string { return p.paint(ansiBold, text) }

// Summary colours the verdict that ends a summary line (after its last
// " — "): pass green, FAIL red, INCOMPLETE yellow.
func (p Palette) Summary(line string) string {
	i := strings.LastIndex(line, " — ")
	if !p.On || i < 0 {
		return line
	}
	head, verdict := line[:i+len(" — ")], line[i+len(" — "):]
	code := ansiBold + ansiGreen
	switch {
	case strings.HasPrefix(verdict, "FAIL"):
		code = ansiBold + ansiRed
	case strings.HasPrefix(verdict, "INCOMPLETE"):
		code = ansiBold + ansiYellow
	}
	return head + p.paint(code, verdict)
}
