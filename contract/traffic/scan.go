package traffic

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// DefaultMaxBody is the largest body a traffic log reader keeps for
// validation; a larger one is left out of its exchange and reported as
// body-too-large.
const DefaultMaxBody = 16 << 20

// maxDepth is the deepest nesting of a value the scanner reads.
const maxDepth = 1000

// scanner reads JSON values from a stream in memory bounded by its limits,
// whatever the input: it copies one value at a time without the
// whitespace between tokens, leaves out (as "") each string longer than
// its limit, noting where it stood, and skips a value that is larger than
// its limit without those strings. It counts lines. It checks the
// structure (brackets, strings, separators) as it goes; what json.Unmarshal
// checks (numbers, literals, escapes) it leaves to the decoding of what it
// copied.
type scanner struct {
	r    *bufio.Reader
	line int // of the next byte, from 1
	// keepLine: a newline inside a value ends it (NDJSON), as an error.
	keepLine bool

	bodyLimit int                      // longest string kept where isBody says a body stands
	strLimit  int                      // longest other string kept
	valLimit  int                      // largest value kept, without the bodies
	isBody    func(path []string) bool // whether a string at path is a body

	// the value being read
	buf     []byte
	rest    int // bytes of buf outside bodies
	over    bool
	path    []string
	dropped []dropped
}

// dropped is a string left out of a value: where it stood and how long
// its text was (at least).
type dropped struct {
	path []string
	size int64
}

// scanned is one value as the scanner copied it.
type scanned struct {
	raw      []byte // nil when the value was too large
	dropped  []dropped
	line     int // where the value starts
	tooLarge bool
}

// errLineEnded says that a line of NDJSON ended inside a value.
var errLineEnded = errors.New("unexpected end of JSON input")

func newScanner(r io.Reader, maxBody int64) *scanner {
	s := &scanner{r: bufio.NewReaderSize(r, 64<<10), line: 1, isBody: func([]string) bool { return false }}
	s.setLimit(maxBody)
	return s
}

// setLimit sets the limits for a largest body of maxBody bytes (0:
// DefaultMaxBody): a body's text is kept up to the length of that many
// bytes in base64, other strings and the rest of a value up to maxBody.
func (s *scanner) setLimit(maxBody int64) {
	if maxBody <= 0 {
		maxBody = DefaultMaxBody
	}
	limit := int(min(maxBody, 1<<40))
	s.bodyLimit, s.strLimit, s.valLimit = limit+limit/3+4, limit, limit
}

// syntaxError is an error at a line of the input.
type syntaxError struct {
	line int
	err  error
}

func (e *syntaxError) Error() string { return e.err.Error() }

func (s *scanner) fail(format string, args ...any) error {
	return &syntaxError{line: s.line, err: fmt.Errorf(format, args...)}
}

func (s *scanner) readByte() (byte, error) {
	c, err := s.r.ReadByte()
	if err == nil && c == '\n' {
		s.line++
	}
	return c, err
}

func (s *scanner) unread() {
	if s.r.UnreadByte() == nil {
		if c, _ := s.r.Peek(1); len(c) == 1 && c[0] == '\n' {
			s.line--
		}
	}
}

// space skips whitespace and returns the next byte, unread; io.EOF at the
// end. Inside a value of a line (inValue, keepLine), a newline is an error.
func (s *scanner) space(inValue bool) (byte, error) {
	for {
		c, err := s.readByte()
		if err != nil {
			return 0, err
		}
		switch c {
		case ' ', '\t', '\r':
			continue
		case '\n':
			if inValue && s.keepLine {
				return 0, &syntaxError{line: s.line - 1, err: errLineEnded}
			}
			continue
		}
		s.unread()
		return c, nil
	}
}

// eof turns the end of the input inside a value into an error.
func (s *scanner) eof(err error) error {
	if errors.Is(err, io.EOF) {
		return &syntaxError{line: s.line, err: errors.New("unexpected EOF")}
	}
	return err
}

func (s *scanner) emit(b ...byte) {
	if s.over {
		return
	}
	s.buf = append(s.buf, b...)
	s.rest += len(b)
	if s.rest > s.valLimit {
		s.over, s.buf = true, nil
	}
}

// value reads the next value, copying it.
func (s *scanner) value() (*scanned, error) {
	if _, err := s.space(false); err != nil {
		return nil, err
	}
	s.buf, s.rest, s.over, s.path, s.dropped = s.buf[:0], 0, false, s.path[:0], nil
	start := s.line
	if err := s.any(0); err != nil {
		return nil, s.eof(err)
	}
	v := &scanned{line: start, dropped: s.dropped, tooLarge: s.over}
	switch {
	case s.over:
	case cap(s.buf) > 1<<20:
		v.raw, s.buf = s.buf, nil // a large value's buffer is not kept for the next
	default:
		v.raw = append([]byte(nil), s.buf...)
	}
	return v, nil
}

// skip reads the next value, keeping nothing of it.
func (s *scanner) skip() error {
	keep := s.valLimit
	s.valLimit, s.over, s.buf, s.rest = -1, true, nil, 0
	defer func() { s.valLimit = keep }()
	if _, err := s.space(false); err != nil {
		return s.eof(err)
	}
	return s.eof(s.any(0))
}

func (s *scanner) any(depth int) error {
	if depth > maxDepth {
		return s.fail("exceeded max depth of %d", maxDepth)
	}
	c, err := s.space(true)
	if err != nil {
		return err
	}
	switch {
	case c == '{':
		return s.object(depth)
	case c == '[':
		return s.array(depth)
	case c == '"':
		s.readByte()
		return s.str(s.isBody(s.path))
	case c == '-' || '0' <= c && c <= '9' || c == 't' || c == 'f' || c == 'n':
		return s.literal()
	}
	s.readByte()
	return s.fail("invalid character %s looking for beginning of value", quoteChar(c))
}

func (s *scanner) object(depth int) error {
	s.readByte()
	s.emit('{')
	c, err := s.space(true)
	if err != nil {
		return err
	}
	if c == '}' {
		s.readByte()
		s.emit('}')
		return nil
	}
	for {
		if c != '"' {
			s.readByte()
			return s.fail("invalid character %s looking for beginning of object key string", quoteChar(c))
		}
		s.readByte()
		key, err := s.key()
		if err != nil {
			return err
		}
		if c, err = s.space(true); err != nil {
			return err
		}
		if c != ':' {
			s.readByte()
			return s.fail("invalid character %s after object key", quoteChar(c))
		}
		s.readByte()
		s.emit(':')
		s.path = append(s.path, key)
		if err := s.any(depth + 1); err != nil {
			return err
		}
		s.path = s.path[:len(s.path)-1]
		if c, err = s.space(true); err != nil {
			return err
		}
		s.readByte()
		switch c {
		case '}':
			s.emit('}')
			return nil
		case ',':
			s.emit(',')
		default:
			return s.fail("invalid character %s after object key:value pair", quoteChar(c))
		}
		if c, err = s.space(true); err != nil {
			return err
		}
	}
}

func (s *scanner) array(depth int) error {
	s.readByte()
	s.emit('[')
	c, err := s.space(true)
	if err != nil {
		return err
	}
	if c == ']' {
		s.readByte()
		s.emit(']')
		return nil
	}
	for i := 0; ; i++ {
		s.path = append(s.path, strconv.Itoa(i))
		if err := s.any(depth + 1); err != nil {
			return err
		}
		s.path = s.path[:len(s.path)-1]
		if c, err = s.space(true); err != nil {
			return err
		}
		s.readByte()
		switch c {
		case ']':
			s.emit(']')
			return nil
		case ',':
			s.emit(',')
		default:
			return s.fail("invalid character %s after array element", quoteChar(c))
		}
	}
}

// key reads a member name (its opening quote read), copying it, and
// returns it unescaped as far as the path needs: names with escapes are
// kept as written.
func (s *scanner) key() (string, error) {
	start := len(s.buf)
	if err := s.str(false); err != nil {
		return "", err
	}
	if s.over || len(s.buf) < start+2 {
		return "", nil
	}
	return string(s.buf[start+1 : len(s.buf)-1]), nil
}

// str reads a string whose opening quote has been read. A string longer
// than its limit is copied as "" and noted.
func (s *scanner) str(body bool) error {
	limit := s.strLimit
	if body {
		limit = s.bodyLimit
	}
	start, startRest := len(s.buf), s.rest
	s.emit('"')
	n := int64(0)
	long := false
	carry := 0 // backslashes that ended the chunks before, which had no quote
	for {
		chunk, err := s.r.ReadSlice('"')
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
		for _, c := range chunk {
			if c < 0x20 {
				if c == '\n' && s.keepLine {
					s.line++
					return &syntaxError{line: s.line - 1, err: errLineEnded}
				}
				return s.fail("invalid character %s in string literal", quoteChar(c))
			}
		}
		n += int64(len(chunk))
		if !long && n > int64(limit)+1 {
			long = true
			if !s.over {
				s.buf, s.rest = s.buf[:start], startRest
				s.emit('"')
			}
		}
		if !long {
			if !s.over {
				s.buf = append(s.buf, chunk...)
				if !body {
					s.rest += len(chunk)
				}
				if s.rest > s.valLimit {
					s.over, s.buf = true, nil
				}
			}
		}
		closed, trailing := closes(chunk, carry)
		if closed {
			break
		}
		carry = trailing
	}
	if long {
		s.emit('"')
		s.dropped = append(s.dropped, dropped{path: append([]string(nil), s.path...), size: n - 1})
	}
	return nil
}

// closes reports whether a chunk of a string ends it: it ends in a quote
// that an odd number of backslashes does not escape. carry is the number
// of backslashes that ended the chunks before; trailing is that number
// after this chunk, when it does not end the string.
func closes(chunk []byte, carry int) (closed bool, trailing int) {
	end := len(chunk)
	quote := end > 0 && chunk[end-1] == '"'
	if quote {
		end--
	}
	bs := 0
	for i := end - 1; i >= 0 && chunk[i] == '\\'; i-- {
		bs++
	}
	if bs == end {
		bs += carry
	}
	if quote && bs%2 == 0 {
		return true, 0
	}
	if quote {
		return false, 0 // an escaped quote: no backslash is pending after it
	}
	return false, bs
}

// literal reads true, false, null or a number, copying it: the words are
// checked here, numbers by json.Unmarshal.
func (s *scanner) literal() error {
	first, err := s.r.Peek(1)
	if err != nil {
		return err
	}
	word := map[byte]string{'t': "true", 'f': "false", 'n': "null"}[first[0]]
	for i := 0; i < len(word); i++ {
		c, err := s.readByte()
		if err != nil {
			return err
		}
		if c == '\n' && s.keepLine {
			return &syntaxError{line: s.line - 1, err: errLineEnded}
		}
		if c != word[i] {
			return s.fail("invalid character %s in literal %s (expecting %s)", quoteChar(c), word, quoteChar(word[i]))
		}
		s.emit(c)
	}
	if word != "" {
		return nil
	}
	for {
		c, err := s.readByte()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		if c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' || '0' <= c && c <= '9' {
			s.emit(c)
			continue
		}
		s.unread()
		return nil
	}
}

func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	s := strconv.Quote(string(c))
	return "'" + s[1:len(s)-1] + "'"
}

// expect reads the next byte past whitespace, which must be c.
func (s *scanner) expect(c byte) error {
	got, err := s.space(false)
	if err != nil {
		return s.eof(err)
	}
	if got != c {
		return s.fail("want %q, found %c", string(c), got)
	}
	s.readByte()
	return nil
}

// seek reads the members of the object being read until the one named key,
// skipping the others without keeping them; the next value is its value.
func (s *scanner) seek(key string) error {
	for first := true; ; first = false {
		c, err := s.space(false)
		if err != nil {
			return s.eof(err)
		}
		if c == '}' {
			return s.fail("no %q member", key)
		}
		if !first {
			if c != ',' {
				return s.fail("invalid character %s after object key:value pair", quoteChar(c))
			}
			s.readByte()
			if c, err = s.space(false); err != nil {
				return s.eof(err)
			}
		}
		if c != '"' {
			s.readByte()
			return s.fail("invalid character %s looking for beginning of object key string", quoteChar(c))
		}
		s.readByte()
		s.buf, s.rest, s.over = s.buf[:0], 0, false
		keep := s.strLimit
		s.strLimit = 1 << 10
		err = s.str(false)
		s.strLimit = keep
		if err != nil {
			return s.eof(err)
		}
		name := string(s.buf[1 : len(s.buf)-1])
		if err := s.expect(':'); err != nil {
			return err
		}
		if name == key {
			return nil
		}
		if err := s.skip(); err != nil {
			return err
		}
	}
}

// endOfLine reads the rest of a line after a value: whitespace only, to
// the newline or the end of the input.
func (s *scanner) endOfLine() error {
	for {
		c, err := s.readByte()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		switch c {
		case ' ', '\t', '\r':
		case '\n':
			return nil
		default:
			line := s.line
			s.skipLine()
			return &syntaxError{line: line, err: errors.New("more than one JSON value on the line")}
		}
	}
}

// shortLine returns the next line, without its newline, and its number,
// when all of it is in the read buffer and it is no longer than the
// limits: then no body in it can be over the limit, and it needs no copy.
// The line is consumed; it is valid until the next read. ok is false
// otherwise, and nothing is consumed.
func (s *scanner) shortLine() (line []byte, n int, ok bool) {
	limit := min(s.valLimit, s.strLimit, s.r.Size())
	b, _ := s.r.Peek(s.r.Buffered())
	i := bytes.IndexByte(b, '\n')
	if i < 0 && len(b) < s.r.Size() {
		var err error
		b, err = s.r.Peek(s.r.Size()) // fill the buffer
		if i = bytes.IndexByte(b, '\n'); i < 0 && errors.Is(err, io.EOF) && len(b) > 0 {
			i = len(b) // the last line, without a newline
		}
	}
	if i < 0 || i > limit {
		return nil, 0, false
	}
	n = s.line
	line = b[:i:i]
	if i < len(b) {
		s.line++
		i++
	}
	s.r.Discard(i)
	return line, n, true
}

// skipLine reads to the end of the line, keeping nothing.
func (s *scanner) skipLine() {
	for {
		if _, err := s.r.ReadSlice('\n'); !errors.Is(err, bufio.ErrBufferFull) {
			if err == nil {
				s.line++
			}
			return
		}
	}
}
