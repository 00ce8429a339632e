// Package upstreamtest starts misbehaving upstreams on 127.0.0.1 for tests
// of what specdrift does when a live endpoint fails: one that refuses
// connections, hangs, resets or truncates a body, or does not speak HTTP.
package upstreamtest

import (
	"bufio"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// Fault is a way for an upstream to misbehave.
type Fault string

// The faults.
const (
	Refuse   Fault = "refuse"   // nothing listens on the port
	Hang     Fault = "hang"     // reads the request and never answers
	Reset    Fault = "reset"    // sends the headers and part of the body, then resets the connection
	Truncate Fault = "truncate" // sends the headers and part of the body, then closes the connection
	NotHTTP  Fault = "not-http" // answers with a line that is not HTTP, then closes
)

// Start serves fault on a loopback port until the test ends and returns
// its base URL ("http://127.0.0.1:PORT").
func Start(t testing.TB, fault Fault) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	base := "http://" + ln.Addr().String()
	if fault == Refuse {
		ln.Close()
		return base
	}
	var wg sync.WaitGroup
	done := make(chan struct{})
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		close(done)
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				serve(c, fault, done)
			}()
		}
	}()
	return base
}

// Body is the start of the body that Reset and Truncate send; they
// announce 1000 bytes.
const Body = `{"request_id":"`

func serve(c net.Conn, fault Fault, done <-chan struct{}) {
	defer c.Close()
	br := bufio.NewReader(c)
	for {
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		if req.Body != nil {
			buf := make([]byte, 4096)
			for {
				if _, err := req.Body.Read(buf); err != nil {
					break
				}
			}
		}
		switch fault {
		case Hang:
			<-done
			return
		case NotHTTP:
			c.Write([]byte("SSH-2.0-OpenSSH_9.2p1\r\n"))
			return
		case Reset, Truncate:
			head := "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
			c.Write([]byte(head + Body))
			if tc, ok := c.(*net.TCPConn); ok && fault == Reset {
				tc.SetLinger(0) // close with RST
			}
			return
		}
		if strings.EqualFold(req.Header.Get("Connection"), "close") {
			return
		}
	}
}
