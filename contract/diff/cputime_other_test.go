//go:build !unix

package diff

import "time"

// cpuTime is not measured here; the benchmark reports wall time alone.
func cpuTime() time.Duration { return 0 }
