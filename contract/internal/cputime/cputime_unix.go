//go:build unix

// Package cputime reads the processor time the process has used, for
// benchmarks that report it beside wall time: another process's load on
// the machine does not inflate it as it does wall time.
package cputime

import (
	"syscall"
	"time"
)

// Now is the processor time the process has used so far, user and system.
func Now() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
