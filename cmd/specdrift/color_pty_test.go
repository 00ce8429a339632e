//go:build linux

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// runOnTerminal runs the CLI with its stdout on a pseudo-terminal and
// returns what the terminal received, its line ends as written.
func runOnTerminal(t *testing.T, args ...string) (int, string) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	require.NoError(t, err)
	defer master.Close()
	require.NoError(t, unix.IoctlSetPointerInt(int(master.Fd()), unix.TIOCSPTLCK, 0))
	n, err := unix.IoctlGetInt(int(master.Fd()), unix.TIOCGPTN)
	require.NoError(t, err)
	slave, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	require.NoError(t, err)
	got := make(chan []byte)
	go func() {
		var buf bytes.Buffer
		io.Copy(&buf, master) // ends with EIO when the slave closes
		got <- buf.Bytes()
	}()
	var stderr bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), slave, &stderr)
	require.NoError(t, slave.Close())
	out := <-got
	return code, strings.ReplaceAll(string(out), "\r\n", "\n")
}

// TestColorOnTerminal: auto colours a terminal, unless NO_COLOR is set
// or TERM is dumb; never stays plain, and always wins over NO_COLOR.
func TestColorOnTerminal(t *testing.T) {
	plain := readGolden(t, "validate.txt")
	cases := []struct {
		name    string
		env     map[string]string
		args    []string
		colored bool
	}{
		{"auto", map[string]string{"NO_COLOR": "", "TERM": "xterm"}, nil, true},
		{"NO_COLOR", map[string]string{"NO_COLOR": "1", "TERM": "xterm"}, nil, false},
		{"TERM=dumb", map[string]string{"NO_COLOR": "", "TERM": "dumb"}, nil, false},
		{"never", map[string]string{"NO_COLOR": "", "TERM": "xterm"}, []string{"--color", "never"}, false},
		{"always with NO_COLOR", map[string]string{"NO_COLOR": "1", "TERM": "xterm"}, []string{"--color", "always"}, true},
		{"json on a terminal", map[string]string{"NO_COLOR": "", "TERM": "xterm"}, []string{"--format", "json"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			code, out := runOnTerminal(t, append([]string{"validate"}, tc.args...)...)
			require.Equal(t, exitFindings, code)
			require.Equal(t, tc.colored, strings.Contains(out, "\x1b["), out)
			if tc.args == nil {
				require.Equal(t, plain, ansi.ReplaceAllString(out, ""))
			}
		})
	}
}
