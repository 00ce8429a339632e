// Command peakrss runs a command and writes, as GNU time -v does, its wall
// time, processor time and peak resident memory: the measurement of the
// make targets that time specdrift where /usr/bin/time is missing.
//
//	peakrss -o FILE COMMAND [ARG...]
//
// SIGINT and SIGTERM are passed on to the command, whose exit status is
// peakrss's.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"
)

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

func run(args []string, stderr io.Writer) int {
	out := stderr
	if len(args) >= 2 && args[0] == "-o" {
		f, err := os.Create(args[1])
		if err != nil {
			fmt.Fprintln(stderr, "peakrss:", err)
			return 2
		}
		defer f.Close()
		out, args = f, args[2:]
	}
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: peakrss [-o FILE] COMMAND [ARG...]")
		return 2
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(stderr, "peakrss:", err)
		return 127
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		for s := range sigs {
			_ = cmd.Process.Signal(s)
		}
	}()
	err := cmd.Wait()
	wall := time.Since(start)
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		fmt.Fprintln(stderr, "peakrss:", err)
		return 127
	}
	st := cmd.ProcessState
	fmt.Fprintf(out, "\tCommand being timed: %q\n", args)
	fmt.Fprintf(out, "\tUser time (seconds): %.2f\n", st.UserTime().Seconds())
	fmt.Fprintf(out, "\tSystem time (seconds): %.2f\n", st.SystemTime().Seconds())
	fmt.Fprintf(out, "\tElapsed (wall clock) time (h:mm:ss or m:ss): %d:%05.2f\n", int(wall.Minutes()), wall.Seconds()-60*float64(int(wall.Minutes())))
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
		fmt.Fprintf(out, "\tMaximum resident set size (kbytes): %d\n", maxRSSKB(ru))
	}
	fmt.Fprintf(out, "\tExit status: %d\n", code)
	return code
}
