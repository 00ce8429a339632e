package main

import (
	"context"
	"errors"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/traffic"
)

// validateTrafficLogs validates the exchanges of a HAR file and an NDJSON
// log (either may be "") as live traffic, streaming their findings and
// errors to sink, and returns their coverage; a body over maxBody is left
// out and reported as body-too-large. A progress bar shows on stderr when
// stderr is a terminal and not in CI.
func validateTrafficLogs(ctx context.Context, v *contract.Validator, harPath, ndjsonPath string, maxBody int64, sink traffic.FindingSink, stderr io.Writer) contract.Coverage {
	var total contract.Coverage
	started := false
	for _, log := range []struct {
		path string
		open func(io.Reader, string) traffic.Reader
	}{
		{harPath, func(r io.Reader, name string) traffic.Reader {
			return traffic.NewHARReader(r, name).WithMaxBody(maxBody)
		}},
		{ndjsonPath, func(r io.Reader, name string) traffic.Reader {
			return traffic.NewNDJSONReader(r, name).WithMaxBody(maxBody)
		}},
	} {
		if log.path == "" {
			continue
		}
		f, err := os.Open(log.path)
		if err != nil {
			sink.AddError(&contract.InputError{File: log.path, Err: errNotFound(err)})
			continue
		}
		var r io.Reader = f
		bar := progress(f, log.path, stderr)
		if bar != nil {
			pr := progressbar.NewReader(f, bar)
			r = &pr
		}
		counted := &errorCounter{FindingSink: sink}
		cov := traffic.ValidateLog(ctx, v, log.open(r, log.path), counted, nil)
		if bar != nil {
			bar.Finish()
		}
		f.Close()
		if cov.Exchanges == 0 && counted.errors == 0 {
			// "passed" must never mean "nothing was read"
			sink.AddError(&contract.InputError{File: log.path, Err: errors.New("no exchanges in the log")})
		}
		if !started {
			total, started = cov, true
			continue
		}
		traffic.MergeCoverage(&total, cov)
	}
	return total
}

// errorCounter counts the errors passed on to its sink.
type errorCounter struct {
	traffic.FindingSink
	errors int
}

func (c *errorCounter) AddError(err error) {
	c.errors++
	c.FindingSink.AddError(err)
}

// progress returns a bar over the bytes of f when stderr is a terminal and
// the run is not in CI; nil otherwise.
func progress(f *os.File, name string, stderr io.Writer) *progressbar.ProgressBar {
	out, ok := stderr.(*os.File)
	if !ok || !term.IsTerminal(int(out.Fd())) || os.Getenv("CI") != "" {
		return nil
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return nil
	}
	return progressbar.NewOptions64(st.Size(),
		progressbar.OptionSetWriter(out),
		progressbar.OptionSetDescription("validating "+name),
		progressbar.OptionShowBytes(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionFullWidth())
}
