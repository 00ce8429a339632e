package docs

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// valueLines maps the JSON pointer of every value in a JSON text to the
// 0-based line it starts on. It reads what it can of malformed text.
func valueLines(text []byte) map[string]int {
	s := &posScanner{b: text, out: map[string]int{}}
	s.value("")
	return s.out
}

type posScanner struct {
	b   []byte
	i   int
	out map[string]int
}

func (s *posScanner) space() {
	for s.i < len(s.b) && bytes.IndexByte([]byte(" \t\r\n"), s.b[s.i]) >= 0 {
		s.i++
	}
}

func (s *posScanner) line() int { return bytes.Count(s.b[:s.i], []byte("\n")) }

// value scans the value at the current offset and records it as ptr.
func (s *posScanner) value(ptr string) bool {
	s.space()
	if s.i >= len(s.b) {
		return false
	}
	s.out[ptr] = s.line()
	switch s.b[s.i] {
	case '{':
		s.i++
		for {
			s.space()
			if s.i >= len(s.b) {
				return false
			}
			if s.b[s.i] == '}' {
				s.i++
				return true
			}
			if s.b[s.i] == ',' {
				s.i++
				continue
			}
			key, ok := s.str()
			if !ok {
				return false
			}
			s.space()
			if s.i >= len(s.b) || s.b[s.i] != ':' {
				return false
			}
			s.i++
			if !s.value(ptr + "/" + escape(key)) {
				return false
			}
		}
	case '[':
		s.i++
		for n := 0; ; {
			s.space()
			if s.i >= len(s.b) {
				return false
			}
			switch s.b[s.i] {
			case ']':
				s.i++
				return true
			case ',':
				s.i++
				continue
			}
			if !s.value(ptr + "/" + strconv.Itoa(n)) {
				return false
			}
			n++
		}
	case '"':
		_, ok := s.str()
		return ok
	}
	for s.i < len(s.b) && bytes.IndexByte([]byte(",]} \t\r\n"), s.b[s.i]) < 0 {
		s.i++
	}
	return true
}

// str scans a string token and returns its value.
func (s *posScanner) str() (string, bool) {
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return "", false
	}
	start := s.i
	for s.i++; s.i < len(s.b); s.i++ {
		switch s.b[s.i] {
		case '\\':
			s.i++
		case '"':
			s.i++
			var v string
			if err := json.Unmarshal(s.b[start:s.i], &v); err != nil {
				return "", false
			}
			return v, true
		}
	}
	return "", false
}
