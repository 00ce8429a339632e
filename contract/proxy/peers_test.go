//go:build peers

package proxy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// BenchmarkPeers measures Stoplight Prism's validating proxy (prism proxy
// --errors) on the workload of BenchmarkProxy, beside the bare reverse
// proxy and specdrift's proxy in the same run. make bench-peers installs
// Prism from npm into a temporary folder and names its binary in
// SPECDRIFT_PRISM.
func BenchmarkPeers(b *testing.B) {
	prism := os.Getenv("SPECDRIFT_PRISM")
	if prism == "" {
		b.Fatal("SPECDRIFT_PRISM names no Prism binary: run make bench-peers")
	}
	specPath, err := filepath.Abs("../../spec/cloudconnect.yaml")
	require.NoError(b, err)
	v := contract.NewValidator(loadSpecs(b), contract.Options{})
	for _, items := range []int{1, 1000} {
		body := page(items, "bench", false)
		up := pageServer(body)
		target, err := url.Parse(up.URL)
		require.NoError(b, err)
		bare := httputil.NewSingleHostReverseProxy(target)
		bare.Transport = NewTransport()
		bareSrv := httptest.NewServer(bare)
		p, err := New(Options{Upstream: target, Validator: v})
		require.NoError(b, err)
		sdSrv := httptest.NewServer(p)
		prismURL, prismCPU, stop := startPrism(b, prism, specPath, up.URL)

		b.Run(fmt.Sprintf("items=%d/bare", items), func(b *testing.B) { load(b, bareSrv.URL, len(body), nil, nil) })
		b.Run(fmt.Sprintf("items=%d/specdrift", items), func(b *testing.B) { load(b, sdSrv.URL, len(body), p.Wait, nil) })
		b.Run(fmt.Sprintf("items=%d/prism", items), func(b *testing.B) { load(b, prismURL, len(body), nil, prismCPU) })
		stop()
		sdSrv.Close()
		bareSrv.Close()
		up.Close()
	}
}

// startPrism runs prism proxy on a free loopback port and waits until it
// answers. cpu reads the CPU time Prism's process has used.
func startPrism(b *testing.B, prism, specPath, upstream string) (base string, cpu func() time.Duration, stop func()) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(b, err)
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, prism, "proxy", specPath, upstream, "--errors", "--host", "127.0.0.1", "--port", strconv.Itoa(port))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	require.NoError(b, cmd.Start())
	base = fmt.Sprintf("http://127.0.0.1:%d", port)
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		resp, err := http.Get(base + listPath)
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			cancel()
			cmd.Wait()
			b.Fatalf("prism did not start on %s: %v\n%s", base, err, out.String())
		}
	}
	pid := cmd.Process.Pid
	cpu = func() time.Duration {
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		require.NoError(b, err)
		fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+2:]))
		utime, err1 := strconv.ParseInt(fields[11], 10, 64) // fields 14 and 15 of stat(5), in clock ticks
		stime, err2 := strconv.ParseInt(fields[12], 10, 64)
		require.NoError(b, errors.Join(err1, err2))
		return time.Duration(utime+stime) * time.Second / 100
	}
	return base, cpu, func() { cancel(); cmd.Wait() }
}
