package main

import "syscall"

// maxRSSKB is the peak resident memory in kilobytes: Linux reports it so.
func maxRSSKB(ru *syscall.Rusage) int64 { return ru.Maxrss }
