//go:build !linux && !windows

package main

import "syscall"

// maxRSSKB is the peak resident memory in kilobytes: the BSDs and macOS
// report it in bytes.
func maxRSSKB(ru *syscall.Rusage) int64 { return int64(ru.Maxrss) / 1024 }
