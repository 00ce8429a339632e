package engine

import (
	"bytes"
	"regexp"
	"regexp/syntax"
	"unicode"
	"unicode/utf8"
)

// fastPattern matches a string against a schema's pattern. Patterns of the
// form ^[class]*$ (or +, or {m,n}) are matched rune by rune with the class
// the regexp package parses from them; others by the regexp.
type fastPattern struct {
	re       *regexp.Regexp
	simple   bool
	ascii    [128]bool
	ranges   []rune // the class's ranges, as pairs, for runes beyond ASCII
	min, max int    // how many runes; max < 0: no bound
	// but, when the class is every rune but a few ASCII ones (^[^<>]*$):
	// those, which a string has none of when it matches
	but []byte
}

// compilePattern compiles a pattern as kin-openapi does (its \uXXXX escapes
// turned into Go's); nil if Go cannot compile it.
func compilePattern(pattern string) *fastPattern {
	src := goRegexp(pattern)
	re, err := regexp.Compile(src)
	if err != nil {
		return nil
	}
	p := &fastPattern{re: re}
	t, err := syntax.Parse(src, syntax.Perl) // as regexp.Compile parses
	if err != nil || t.Op != syntax.OpConcat || len(t.Sub) != 3 ||
		t.Sub[0].Op != syntax.OpBeginText || t.Sub[2].Op != syntax.OpEndText {
		return p
	}
	rep := t.Sub[1]
	switch rep.Op {
	case syntax.OpStar:
		p.min, p.max = 0, -1
	case syntax.OpPlus:
		p.min, p.max = 1, -1
	case syntax.OpRepeat:
		p.min, p.max = rep.Min, rep.Max
	default:
		return p
	}
	if len(rep.Sub) != 1 || rep.Sub[0].Op != syntax.OpCharClass {
		return p
	}
	p.ranges = rep.Sub[0].Rune
	for c := range rune(128) {
		p.ascii[c] = p.inRanges(c)
	}
	p.simple = true
	p.but = allBut(p.ranges)
	return p
}

// allBut is the runes that ranges (sorted pairs, as the regexp package
// parses a class) leave out, when they are at most 4 ASCII ones; nil
// otherwise.
func allBut(ranges []rune) []byte {
	var out []byte
	next := rune(0) // the first rune not yet covered
	for i := 0; i+1 < len(ranges); i += 2 {
		for c := next; c < ranges[i]; c++ {
			if c >= utf8.RuneSelf || len(out) == 4 {
				return nil
			}
			out = append(out, byte(c))
		}
		next = max(next, ranges[i+1]+1)
	}
	if next <= unicode.MaxRune || len(out) == 0 {
		return nil
	}
	return out
}

func (p *fastPattern) inRanges(r rune) bool {
	for i := 0; i+1 < len(p.ranges); i += 2 {
		if p.ranges[i] <= r && r <= p.ranges[i+1] {
			return true
		}
	}
	return false
}

// match matches a decoded string: valid UTF-8.
func (p *fastPattern) match(s []byte) bool {
	if !p.simple {
		return p.re.Match(s)
	}
	if p.but != nil {
		// no byte of a rune beyond ASCII is an ASCII one
		for _, c := range p.but {
			if bytes.IndexByte(s, c) >= 0 {
				return false
			}
		}
		if p.min == 0 && p.max < 0 {
			return true
		}
		n := utf8.RuneCount(s)
		return n >= p.min && (p.max < 0 || n <= p.max)
	}
	n := 0
	for i := 0; i < len(s); n++ {
		if c := s[i]; c < utf8.RuneSelf {
			if !p.ascii[c] {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if !p.inRanges(r) {
			return false
		}
		i += size
	}
	return n >= p.min && (p.max < 0 || n <= p.max)
}
