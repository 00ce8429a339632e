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
	rc       io.ReadCloser
	limit    int64
	declared int64 // the length the headers announce, -1 if none
	done     func(*capture)

	// reuse: the buffer may come from kept, and goes back to it when the
	// exchange is validated (recycle)
	reuse bool

	mu   sync.Mutex
	buf  []byte
	n    int64 // bytes passed through
	over bool  // more than limit bytes
	eof  bool
	err  error // a read error other than io.EOF
	once sync.Once
}

// newCapture captures rc; declared is the length its headers announce
// (-1 if none). The copy grows with what arrives, never to what is only
// announced: a client that declares 8 MiB and sends one byte costs the
// proxy one small buffer.
func newCapture(rc io.ReadCloser, declared, limit int64, done func(*capture)) *capture {
	return &capture{rc: rc, limit: limit, declared: declared, done: done}
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
	if need := len(c.buf) + len(b); need > cap(c.buf) {
		c.buf = c.room(need)
	}
	c.buf = append(c.buf, b...)
}

// kept holds the buffers of the bodies validated, for the next ones: a
// busy proxy then copies each body into memory it already has, instead of
// allocating (and clearing) it anew and growing it on the way.
var kept sync.Pool // of *[]byte

// room returns c.buf with room for need bytes: a kept buffer with room for
// them and for all of the declared length, or else grow's.
func (c *capture) room(need int) []byte {
	if c.reuse {
		if p, _ := kept.Get().(*[]byte); p != nil {
			if int64(cap(*p)) >= max(int64(need), c.declared) {
				return append((*p)[:0], c.buf...)
			}
			kept.Put(p)
		}
	}
	return grow(c.buf, need, c.declared)
}

// recycle gives the buffer to kept; the capture is not read again.
func (c *capture) recycle() {
	c.mu.Lock()
	buf := c.buf[:0]
	c.buf = nil
	c.mu.Unlock()
	if cap(buf) > 0 {
		kept.Put(&buf)
	}
}

// minGrow is the smallest buffer a capture allocates.
const minGrow = 512

// trustShare is the share of its declared length a body must have sent
// before its buffer is given all of it: a buffer never holds more than
// trustShare times the bytes read.
const trustShare = 8

// grow returns buf with room for need bytes: at least twice its capacity,
// so that copying stays linear in the bytes read, and the whole declared
// length once need is an eighth of it, so that an honest body ends in one
// buffer of its length after few copies. The capacity stays below
// max(trustShare*need, minGrow): it follows the bytes read, not the bytes
// announced.
func grow(buf []byte, need int, declared int64) []byte {
	n := max(2*cap(buf), need, minGrow)
	if declared >= int64(need) && (int64(n) > declared || trustShare*int64(need) >= declared) {
		n = int(declared)
	}
	nb := make([]byte, len(buf), n)
	copy(nb, buf)
	return nb
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
