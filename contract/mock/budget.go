package mock

import (
	"errors"
	"io"
	"sync"
)

// Defaults of Options.
const (
	DefaultMaxBody       = 10 << 20
	DefaultMaxBodyMemory = 64 << 20
	DefaultMaxBodyValues = 100_000
)

// errBusy says that a body would take the request bodies held at once
// over Options.MaxBodyMemory.
var errBusy = errors.New("the request bodies held at once would exceed the memory allowed them")

// budget is what request bodies may hold at once, in bytes: each takes
// its share as its bytes arrive and gives it back once answered. A body
// that finds the budget spent is refused at once (503) rather than made to
// wait: waiting for bytes that other half-read bodies hold could wait for
// ever.
type budget struct {
	mu   sync.Mutex
	left int64
}

func (b *budget) take(n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if n > b.left {
		return false
	}
	b.left -= n
	return true
}

func (b *budget) give(n int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.left += n
}

// budgeted reads a body, taking what it reads from a budget; held is what
// it took, to give back.
type budgeted struct {
	r    io.Reader
	b    *budget
	held int64
}

func (r *budgeted) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if n > 0 {
		if !r.b.take(int64(n)) {
			return 0, errBusy
		}
		r.held += int64(n)
	}
	return n, err
}

// tooManyValues says whether a JSON body has more than max members and
// items (counted as its commas and brackets outside strings), which bounds
// the work of decoding it whatever its size in bytes.
func tooManyValues(body []byte, max int) bool {
	n, inString, escaped := 0, false, false
	for _, c := range body {
		switch {
		case escaped:
			escaped = false
		case inString:
			switch c {
			case '\\':
				escaped = true
			case '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == ',' || c == '[' || c == '{':
			if n++; n > max {
				return true
			}
		}
	}
	return false
}
