package traffic

import (
	"bytes"
	"errors"
	"io"
	"os"
	"testing"
)

// drain reads every entry; a reader must end (io.EOF) within as many calls
// as the input has bytes, and never panic.
func drain(t *testing.T, r Reader, limit int) {
	for i := 0; i <= limit+2; i++ {
		ex, err := r.Next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err == nil && (ex == nil || ex.Request.Method == "" || ex.Request.URL == "") {
			t.Fatalf("entry %d: an exchange without a method or url: %+v", i, ex)
		}
	}
	t.Fatalf("the reader did not end within %d calls", limit+2)
}

func FuzzNDJSONReader(f *testing.F) {
	var buf bytes.Buffer
	writeLog(f, &buf, 3)
	f.Add(buf.Bytes())
	f.Add([]byte(`{"request":{"method":"GET","url":"/","body_base64":"AAE="},"response":{"status":200,"headers":{"A":["1","2"]}}}` + "\n\n{"))
	f.Add([]byte("\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		drain(t, NewNDJSONReader(bytes.NewReader(data), "f.ndjson"), bytes.Count(data, []byte("\n"))+1)
	})
}

func FuzzHARReader(f *testing.F) {
	har, err := os.ReadFile("testdata/browser.har")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(har)
	f.Add([]byte(`{"log":{"entries":[{"request":{"method":"GET","url":"/"},"response":{"status":0}}]}}`))
	f.Add([]byte(`{"a":[{"b":{}}],"log":{"pages":[],"entries":[]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		drain(t, NewHARReader(bytes.NewReader(data), "f.har"), len(data))
	})
}
