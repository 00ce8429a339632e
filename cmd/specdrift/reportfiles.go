package main

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/specdrift/specdrift/contract/report"
	"github.com/specdrift/specdrift/internal/atomicfile"
)

// reportOutput is one report of a run: its format and where it goes.
type reportOutput struct {
	format string
	flag   string           // the flag that named the file, for errors: "--format junit", "--output"
	path   string           // the file: of FORMAT=FILE, or --output; "" for stdout
	file   *atomicfile.File // nil for stdout
	w      io.Writer
	color  bool // colour the text report
}

// parseOutputs reads the values of --format: FORMAT goes to stdout (or to
// --output), FORMAT=FILE to FILE. At most one format goes to stdout, and
// no file is named twice.
func parseOutputs(formats []string, output string) ([]*reportOutput, error) {
	var outs []*reportOutput
	var toStdout string
	seen := map[string]string{}
	ndjson := 0
	for _, v := range formats {
		format, path, named := strings.Cut(v, "=")
		if !slices.Contains(report.Formats, format) {
			return nil, usageError("--format %q: want one of %s, or FORMAT=FILE", format, strings.Join(report.Formats, ", "))
		}
		if format == "ndjson" {
			if ndjson++; ndjson > 1 {
				return nil, usageError("--format ndjson given twice: the findings stream to one place")
			}
		}
		if named && path == "" {
			return nil, usageError("--format %s=: name the file, as in --format %s=report.%s", format, format, format)
		}
		flag := "--format " + format
		if !named {
			if toStdout != "" {
				return nil, usageError("--format %s and --format %s both go to stdout: give one of them a file (--format %s=FILE)", toStdout, format, format)
			}
			toStdout, path, flag = format, output, "--output"
		}
		if path != "" {
			key := filepath.Clean(path)
			if other, dup := seen[key]; dup {
				return nil, usageError("--format %s and %s both write %s", other, format, path)
			}
			seen[key] = format
		}
		outs = append(outs, &reportOutput{format: format, flag: flag, path: path})
	}
	if output != "" && toStdout == "" {
		return nil, usageError("--output %s: every --format names its own file (FORMAT=FILE), so none goes to --output", output)
	}
	return outs, nil
}

// open starts the files of the outputs, and points the others at stdout.
// On error the files already started are removed.
func openOutputs(outs []*reportOutput, stdout io.Writer) error {
	for i, o := range outs {
		if o.path == "" {
			o.w = stdout
			continue
		}
		f, err := atomicfile.Create(o.path)
		if err != nil {
			abortOutputs(outs[:i])
			return cannotRun(fmt.Errorf("%s: %w", o.flag, err))
		}
		o.file, o.w = f, f
	}
	return nil
}

func abortOutputs(outs []*reportOutput) {
	for _, o := range outs {
		if o.file != nil {
			o.file.Abort()
		}
	}
}

// writeEach renders every output with render, then makes the files
// appear, each whole: none appears when a render fails.
func (rr *reportRun) writeEach(render func(o *reportOutput) error) error {
	for _, o := range rr.outputs {
		if err := render(o); err != nil {
			return cannotRun(err)
		}
	}
	return rr.commit()
}

// formats are the formats of the run, in order.
func (rr *reportRun) formats() []string {
	out := make([]string, 0, len(rr.outputs))
	for _, o := range rr.outputs {
		out = append(out, o.format)
	}
	return out
}

// stream is the output of --format ndjson, which gets each finding as it
// is found; nil without one.
func (rr *reportRun) stream() *reportOutput {
	for _, o := range rr.outputs {
		if o.format == "ndjson" {
			return o
		}
	}
	return nil
}
