package main

import "syscall"

// maxRSSKB is 0: Windows reports no peak resident memory in its usage.
func maxRSSKB(*syscall.Rusage) int64 { return 0 }
