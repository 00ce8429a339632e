package docs

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

func TestParseType(t *testing.T) {
	type got struct {
		T          Type
		Items, Ref string
		OK         bool
	}
	for written, want := range map[string]got{
		"String":                         {Type{"string", ""}, "", "", true},
		"Integer":                        {Type{"integer", "int32"}, "", "", true},
		"Long":                           {Type{"integer", "int64"}, "", "", true},
		"Boolean":                        {Type{"boolean", ""}, "", "", true},
		"Double":                         {Type{"number", "double"}, "", "", true},
		"Array":                          {Type{"array", ""}, "", "", true},
		"Array of strings":               {Type{"array", ""}, "string", "", true},
		"Array of arrays":                {Type{"array", ""}, "array", "", true},
		"Array of Authorisation objects": {Type{"array", ""}, "Authorisation object", "", true},
		"Array of TenantAgreeAuthDetailV2 objects": {Type{"array", ""}, "TenantAgreeAuthDetailV2 object", "", true},
		"List<String>":       {Type{"array", ""}, "String", "", true},
		"Map<String,String>": {Type{"object", ""}, "", "", true},
		"PageInfo object":    {Type{"object", ""}, "", "PageInfo", true},
		"Object":             {Type{"object", ""}, "", "", true},
		"Frobnicator":        {Type{}, "", "", false},
		"":                   {Type{}, "", "", false},
	} {
		typ, items, ref, ok := parseType(written)
		if d := cmp.Diff(want, got{typ, items, ref, ok}); d != "" {
			t.Errorf("%q (-want +got):\n%s", written, d)
		}
	}
}

func TestTimeFormat(t *testing.T) {
	for in, want := range map[string]string{
		"yyyy-MM-dd":               "date",
		"yyyy-MM-ddTHH:mm:ssZ":     "date-time",
		"yyyy-MM-dd'T'HH:mm:ss'Z'": "date-time",
		"yyyy-MM-ddTHH:mm:ss.SSSZ": "date-time",
		"yyyy-MM-ddTHH:mm:ssXXX":   "date-time",
		"yyyy-MM-ddTHH:mm:ss":      "yyyy-MM-ddTHH:mm:ss",
		"":                         "",
	} {
		require.Equal(t, want, timeFormat(in), in)
	}
}

func TestFormatRegexp(t *testing.T) {
	for _, c := range []struct {
		pattern, value string
		match          bool
	}{
		{"yyyy-MM-ddTHH:mm:ss", "2023-09-20T08:03:51", true},
		{"yyyy-MM-ddTHH:mm:ss", "2023-09-20T08:03:51Z", false},
		{"yyyy-MM-ddTHH:mm:ssZ", "2023-09-20T08:03:51Z", true},
		{"yyyy-MM-ddTHH:mm:ssZ", "2023-09-20T08:03:51+08:00", true},
		{"yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", "2021-01-01T10:00:00.000Z", true},
		{"yyyy-MM-dd", "2021-1-01", false},
		{"yyyy.MM.dd", "2021x01x01", false},
	} {
		re := formatRegexp(c.pattern)
		require.NotNil(t, re, c.pattern)
		require.Equal(t, c.match, re.MatchString(c.value), "%s ~ %s", c.pattern, c.value)
	}
	require.Nil(t, formatRegexp(""))
}

func TestDateFormatInDescription(t *testing.T) {
	for desc, want := range map[string]string{
		"Time when the resource was created. The time is in the yyyy-MM-ddTHH:mm:ss format.":      "yyyy-MM-ddTHH:mm:ss",
		"Time when the resource was updated. The time must be in the yyyy-MM-ddTHH:mm:ss format.": "yyyy-MM-ddTHH:mm:ss",
		"Creation time, in format 'yyyy-MM-dd'T'HH:mm:ss'Z'.":                                     "yyyy-MM-dd'T'HH:mm:ss'Z'",
		"End time.": "",
	} {
		require.Equal(t, want, dateFormat(desc), desc)
	}
}

func TestValueLines(t *testing.T) {
	body := "{\n  \"a\" : [ {\n    \"b\" : 1\n  }, 2 ],\n  \"c/d\" : \"x\\\"y\",\n  \"e\" : { }\n}"
	want := map[string]int{"": 0, "/a": 1, "/a/0": 1, "/a/0/b": 2, "/a/1": 3, "/c~1d": 4, "/e": 5}
	require.Equal(t, want, valueLines([]byte(body)))
	require.Equal(t, map[string]int{"": 0, "/a": 0, "/a/0": 0}, valueLines([]byte(`{"a": [1, `)), "malformed: what can be read")
}

func TestBounds(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	inf := math.Inf(1)
	for _, c := range []struct {
		name         string
		a, b         Bounds
		lo, hi       float64
		unit, sa, sb string
		diff         bool
	}{
		{"both unbounded", Bounds{}, Bounds{}, 0, inf, "characters", "", "", false},
		{"a minimum of 0 says nothing", Bounds{Min: f(0)}, Bounds{}, 0, inf, "characters", "", "", false},
		{"one bounded", Bounds{}, Bounds{Min: f(10), Max: f(32)}, 0, inf, "characters", "", "10..32 characters", true},
		{"different", Bounds{Max: f(64)}, Bounds{Max: f(32)}, 0, inf, "characters", "0..64 characters", "0..32 characters", true},
		{"the format's limits are implied", Bounds{Min: f(0), Max: f(math.MaxInt64)}, Bounds{Min: f(0)},
			math.MinInt64, math.MaxInt64, "", "0..9223372036854775807", "0..9223372036854775807", false},
	} {
		sa, sb, diff := bounds(c.a, c.b, c.lo, c.hi, c.unit)
		require.Equal(t, []any{c.sa, c.sb, c.diff}, []any{sa, sb, diff}, c.name)
	}
}
