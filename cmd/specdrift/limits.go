package main

import (
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/spf13/cobra"
)

// serverLimits bound what clients can hold of a server (mock, proxy): how
// long a request may take to arrive and its response to leave, how long
// an idle connection is kept, and how many connections are served at once.
type serverLimits struct {
	readHeader, read, write, idle time.Duration
	maxConns                      int
}

// Defaults of the server limits; the proxy's read and write timeouts
// follow its --timeout instead.
const (
	defaultReadHeaderTimeout = 10 * time.Second
	defaultReadTimeout       = 30 * time.Second
	defaultWriteTimeout      = 30 * time.Second
	defaultIdleTimeout       = 60 * time.Second
	defaultMaxConns          = 1024
	// timeoutMargin is what the proxy's read and write timeouts leave
	// beyond --timeout, so that the exchange's own timeout, which tells a
	// slow client from a slow upstream, comes first.
	timeoutMargin = 10 * time.Second
)

// limitFlags adds the flags of l to c. derived, if set, names what the read
// and write timeouts default to when not given (they are 0 then).
func limitFlags(c *cobra.Command, l *serverLimits, derived string) {
	read, write := defaultReadTimeout, defaultWriteTimeout
	readHelp, writeHelp := "", ""
	if derived != "" {
		read, write = 0, 0
		readHelp, writeHelp = " (default: "+derived+")", " (default: "+derived+")"
	}
	f := c.Flags()
	f.DurationVar(&l.readHeader, "read-header-timeout", defaultReadHeaderTimeout, "limit for a request's headers to arrive")
	f.DurationVar(&l.read, "read-timeout", read, "limit for a whole request, headers and body, to arrive"+readHelp)
	f.DurationVar(&l.write, "write-timeout", write, "limit for a response to be sent, from the end of the request's headers"+writeHelp)
	f.DurationVar(&l.idle, "idle-timeout", defaultIdleTimeout, "how long an idle keep-alive connection is kept open")
	f.IntVar(&l.maxConns, "max-conns", defaultMaxConns, "most client connections served at once; more wait to be accepted")
}

// check rejects limits that are not positive (read and write may be 0 when
// they are derived).
func (l serverLimits) check(derived bool) error {
	if l.readHeader <= 0 || l.idle <= 0 || l.maxConns <= 0 || l.read < 0 || l.write < 0 || !derived && (l.read == 0 || l.write == 0) {
		return usageError("--read-header-timeout, --read-timeout, --write-timeout, --idle-timeout and --max-conns must be positive")
	}
	return nil
}

// orDerived sets the read and write timeouts not given to d.
func (l serverLimits) orDerived(d time.Duration) serverLimits {
	if l.read == 0 {
		l.read = d
	}
	if l.write == 0 {
		l.write = d
	}
	return l
}

// server is an http.Server for h with these limits.
func (l serverLimits) server(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: l.readHeader, ReadTimeout: l.read, WriteTimeout: l.write, IdleTimeout: l.idle}
}

// limitListener accepts at most n connections at a time: Accept waits for
// one to close, and clients wait in the listen queue meanwhile.
type limitListener struct {
	net.Listener
	slots     chan struct{}
	done      chan struct{}
	closeOnce sync.Once
}

func newLimitListener(ln net.Listener, n int) *limitListener {
	return &limitListener{Listener: ln, slots: make(chan struct{}, n), done: make(chan struct{})}
}

func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.slots <- struct{}{}:
	case <-l.done:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &limitedConn{Conn: c, release: func() { <-l.slots }}, nil
}

func (l *limitListener) Close() error {
	l.closeOnce.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// limitedConn gives its slot back when it is closed, once.
type limitedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
