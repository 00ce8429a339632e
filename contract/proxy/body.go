package proxy

import (
	"errors"
	"io"
	"sync"
)

// capture passes a body through unchanged and keeps a copy of its first
// limit bytes for validation. done, if set, is called once: when the body
// ends, fails, or is closed; a body closed early (the client went away) is
// first read to its end, up to the limit, so that it can still be checked.
type capture struct {
	rc    io.ReadCloser
	limit int64
	done  func(*capture)

	mu   sync.Mutex
	buf  []byte
	n    int64 // bytes passed through
	over bool  // more than limit bytes
	eof  bool
	err  error // a read error other than io.EOF
	once sync.Once
}

// newCapture captures rc; size is its length if known (-1 if not), to
// keep the copy in one allocation.
func newCapture(rc io.ReadCloser, size, limit int64, done func(*capture)) *capture {
	c := &capture{rc: rc, limit: limit, done: done}
	if size > 0 && size <= limit {
		c.buf = make([]byte, 0, size)
	}
	return c
}

func (c *capture) Read(p []byte) (int, error) {
	n, err := c.rc.Read(p)
	c.mu.Lock()
	c.keep(p[:n])
	switch {
	case errors.Is(err, io.EOF):
		c.eof = true
	case err != nil && c.err == nil:
		c.err = err
	}
	finished := c.eof || c.err != nil
	c.mu.Unlock()
	if finished {
		c.finish()
	}
	return n, err
}

// keep records b; the caller holds mu.
func (c *capture) keep(b []byte) {
	c.n += int64(len(b))
	if c.over {
		return
	}
	if c.n > c.limit {
		c.over, c.buf = true, nil
		return
	}
	c.buf = append(c.buf, b...)
}

func (c *capture) Close() error {
	c.mu.Lock()
	early := !c.eof && c.err == nil && c.done != nil
	c.mu.Unlock()
	if early {
		c.drain()
	}
	err := c.rc.Close()
	c.finish()
	return err
}

// drain reads what the client did not, until the end or the limit.
func (c *capture) drain() {
	buf := make([]byte, 32<<10)
	for {
		n, err := c.rc.Read(buf)
		c.mu.Lock()
		c.keep(buf[:n])
		over := c.over
		switch {
		case errors.Is(err, io.EOF):
			c.eof = true
		case err != nil:
			c.err = err
		}
		c.mu.Unlock()
		if err != nil || over {
			return
		}
	}
}

func (c *capture) finish() {
	if c.done != nil {
		c.once.Do(func() { c.done(c) })
	}
}

// snapshot is what was captured: the body if complete and within the
// limit.
type snapshot struct {
	body     []byte
	size     int64
	complete bool // the whole body was seen
	over     bool
	err      error
}

func (c *capture) snapshot() snapshot {
	if c == nil {
		return snapshot{complete: true}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return snapshot{body: c.buf, size: c.n, complete: c.eof, over: c.over, err: c.err}
}
