package engine

import (
	"math"
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// The checks of scalars. Each says whether kin-openapi accepts the value
// for certain; false sends the value to kin-openapi, which says what is
// wrong with it (or that nothing is).

// stringOK checks a string, str being its decoded content.
func (n *fnode) stringOK(str []byte) bool {
	if n.kin {
		return false
	}
	if n.empty {
		return true
	}
	for _, m := range n.allOf {
		if m.xof || !m.stringOK(str) {
			return false
		}
	}
	if n.enum != nil && !n.enum.strs[string(str)] {
		return false
	}
	if !n.tStr {
		return false
	}
	if !n.strChecks {
		return true
	}
	if n.minLen > 0 || n.maxLen >= 0 {
		// kin-openapi counts the runes of the decoded string
		l := int64(utf8.RuneCount(str))
		if l < n.minLen || (n.maxLen >= 0 && l > n.maxLen) {
			return false
		}
	}
	if n.re != nil && !n.re.match(str) {
		return false
	}
	switch n.format {
	case formatDate:
		return len(str) == 10 && dateOK(str)
	case formatDateTime:
		return dateTimeOK(str)
	case formatByte:
		return byteOK(str)
	case formatOwn:
		return n.check(transient(str))
	}
	return true
}

// numberOK checks a number given as its JSON text.
func (n *fnode) numberOK(raw []byte) bool {
	if n.kin {
		return false
	}
	if n.empty {
		return true
	}
	f, ok := parseNumber(raw)
	return ok && n.floatOK(f) && (!n.v31 || n.exactEnough(raw, f))
}

func (n *fnode) floatOK(f float64) bool {
	if n.kin {
		return false
	}
	if n.empty {
		return true
	}
	for _, m := range n.allOf {
		if m.xof || !m.floatOK(f) {
			return false
		}
	}
	if n.enum != nil && !n.enum.hasNumber(f) {
		return false
	}
	if n.requireInt {
		if f != math.Trunc(f) {
			return false
		}
	} else if !n.tNum && !n.tInt {
		return false
	}
	switch n.intFormat {
	case formatInt32:
		if f < math.MinInt32 || f > math.MaxInt32 {
			return false
		}
	case formatInt64:
		if f < -(1<<63) || f > 1<<63 { // 2^63 is how float64 holds MaxInt64
			return false
		}
	}
	if (n.hasExMin && !(f > n.exMin)) || (n.hasExMax && !(f < n.exMax)) ||
		(n.hasMin && !(n.min <= f)) || (n.hasMax && !(n.max >= f)) {
		return false
	}
	return !n.hasMultipleOf || multipleOK(f, n.multipleOf)
}

// multipleOK is sure of integers only; anything else goes to kin-openapi,
// which compares exact rationals with a tolerance.
func multipleOK(f, m float64) bool {
	const exact = 1 << 53
	if !(m > 0 && m < exact && m == math.Trunc(m) && f == math.Trunc(f) && math.Abs(f) < exact) {
		return false
	}
	return int64(f)%int64(m) == 0
}

func (n *fnode) boolOK(v bool) bool {
	if n.kin {
		return false
	}
	if n.empty {
		return true
	}
	for _, m := range n.allOf {
		if m.xof || !m.boolOK(v) {
			return false
		}
	}
	if n.enum != nil && !(v && n.enum.bools[1] || !v && n.enum.bools[0]) {
		return false
	}
	return n.tBool
}

// parseNumber converts a JSON number as json.Number.Float64 does; false
// when that fails (out of float64's range).
func parseNumber(raw []byte) (float64, bool) {
	if len(raw) <= 16 {
		neg := raw[0] == '-'
		digits := raw
		if neg {
			digits = raw[1:]
		}
		var v int64
		i := 0
		for ; i < len(digits) && digits[i] >= '0' && digits[i] <= '9'; i++ {
			v = v*10 + int64(digits[i]-'0')
		}
		if i == len(digits) && i <= 15 { // exact in a float64
			f := float64(v)
			if neg {
				f = -f
			}
			return f, true
		}
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	return f, err == nil
}

// The formats kin-openapi checks by default, as its regular expressions
// (FormatOfStringDate, FormatOfStringDateTime, FormatOfStringByte) and its
// check that the month has the day.

func digit(c byte) bool { return c >= '0' && c <= '9' }

// dateOK: ^[0-9]{4}-(0[1-9]|10|11|12)-(0[1-9]|[12][0-9]|3[01]) and a day the
// month has, on the first 10 bytes of b.
func dateOK(b []byte) bool {
	if len(b) < 10 || !digit(b[0]) || !digit(b[1]) || !digit(b[2]) || !digit(b[3]) || b[4] != '-' || b[7] != '-' {
		return false
	}
	if !digit(b[5]) || !digit(b[6]) || !digit(b[8]) || !digit(b[9]) {
		return false
	}
	year := int(b[0]-'0')*1000 + int(b[1]-'0')*100 + int(b[2]-'0')*10 + int(b[3]-'0')
	month := int(b[5]-'0')*10 + int(b[6]-'0')
	day := int(b[8]-'0')*10 + int(b[9]-'0')
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[month-1]
	if month == 2 && year%4 == 0 && (year%100 != 0 || year%400 == 0) {
		days = 29
	}
	return day <= days
}

// dateTimeOK is RFC 3339's date-time, the check of both engines (see
// formats.go): the date, then
// [Tt]([0-1][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?([Zz]|(\+|-)([0-1][0-9]|2[0-3]):[0-5][0-9])$
// with second 60 only at 23:59 UTC.
func dateTimeOK(b []byte) bool {
	if len(b) < 20 || !dateOK(b) || b[10] != 'T' && b[10] != 't' || !hourOK(b[11:13]) || b[13] != ':' || !minuteOK(b[14:16]) || b[16] != ':' {
		return false
	}
	leap := b[17] == '6' && b[18] == '0'
	if !minuteOK(b[17:19]) && !leap {
		return false
	}
	i := 19
	if b[i] == '.' {
		j := i + 1
		for j < len(b) && digit(b[j]) {
			j++
		}
		if j == i+1 {
			return false
		}
		i = j
	}
	offset := 0 // minutes east of UTC
	switch {
	case i < len(b) && (b[i] == 'Z' || b[i] == 'z'):
		if i+1 != len(b) {
			return false
		}
	case i < len(b) && (b[i] == '+' || b[i] == '-'):
		if len(b) != i+6 || !hourOK(b[i+1:i+3]) || b[i+3] != ':' || !minuteOK(b[i+4:i+6]) {
			return false
		}
		offset = twoDigits(b[i+1:])*60 + twoDigits(b[i+4:])
		if b[i] == '-' {
			offset = -offset
		}
	default:
		return false
	}
	// A leap second is the last second of a UTC day (RFC 3339 5.7).
	return !leap || ((twoDigits(b[11:])*60+twoDigits(b[14:])-offset)%1440+1440)%1440 == 23*60+59
}

func twoDigits(b []byte) int { return int(b[0]-'0')*10 + int(b[1]-'0') }

func hourOK(b []byte) bool {
	return (b[0] == '0' || b[0] == '1') && digit(b[1]) || b[0] == '2' && b[1] >= '0' && b[1] <= '3'
}

func minuteOK(b []byte) bool { return b[0] >= '0' && b[0] <= '5' && digit(b[1]) }

// byteOK: (^$|^[a-zA-Z0-9+/\-_]*=*$)
func byteOK(b []byte) bool {
	i := 0
	for i < len(b) {
		c := b[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || digit(c) || c == '+' || c == '/' || c == '-' || c == '_') {
			break
		}
		i++
	}
	for i < len(b) && b[i] == '=' {
		i++
	}
	return i == len(b)
}

// transient is b as a string without a copy, for a check that keeps
// nothing of it (the format checks of formats.go): b must not change while
// the string is in use.
func transient(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
