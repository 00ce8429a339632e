package engine

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestUniqueItemsByValue: numbers compare by value, objects whatever their
// order, and a huge exponent costs no huge rational.
func TestUniqueItemsByValue(t *testing.T) {
	for _, tt := range []struct {
		items  string
		unique bool
	}{
		{`[1, 1.0]`, false},
		{`[1.0, 1.00, 1e0]`, false},
		{`[1, 1.5]`, true},
		{`[{"a": 1, "b": 2}, {"b": 2, "a": 1.0}]`, false},
		{`[0, false]`, true},
		{`[1e999999999, 1]`, true},
		{`[1e999999999, 1e999999999]`, false},
	} {
		v, err := Decode([]byte(tt.items))
		require.NoError(t, err)
		require.Equal(t, tt.unique, uniqueItems(v.([]any)), tt.items)
	}

}

// TestFormats: the formats registered with kin-openapi, on cases beyond
// the JSON Schema Test Suite's.
func TestFormats(t *testing.T) {
	ok := map[string][]string{
		"email":     {"a@b.example", `"a b"@example.com`, "x@[IPv6:::1]"},
		"hostname":  {"example.com", "a", "xn--9n2bp8q.xn--9t4b11yi5a"},
		"ipv4":      {"192.0.2.1"},
		"ipv6":      {"::1", "2001:db8::1", "::ffff:192.0.2.1"},
		"uri":       {"https://example.com/a?b#c", "urn:isbn:0451450523", "http://[2001:db8::1]:80/", "http://a/", "http://a", "file://"},
		"date-time": {"2016-12-31T23:59:60Z", "2016-12-31t15:59:60.5-08:00", "2023-01-01T00:00:00z"},
	}
	bad := map[string][]string{
		"email":     {"a", "a@", "@b", "a..b@c", "a@b@c"},
		"hostname":  {"", "-a", "a-", "a_b", "ab--c", "xn--X", "a.", "example.com\n"},
		"ipv4":      {"1.2.3", "01.2.3.4", "256.1.1.1", "::1"},
		"ipv6":      {"1.2.3.4", "::1%eth0", "[::1]", "12345::"},
		"uri":       {"//example.com", "example", "http://a b", "http://[::1", "a:%zz", "http://a[b", "http://a?x#[y]", "h://u[@h"},
		"date-time": {"2016-12-31T23:58:60Z", "2016-12-31T22:59:60Z", "2016-12-31T23:59:60+01:00", "2016-12-31 23:59:59Z"},
	}
	for name, values := range ok {
		f := formatCheckers[name]
		for _, v := range values {
			require.True(t, f(v), "%s %q", name, v)
		}
		for _, v := range bad[name] {
			require.False(t, f(v), "%s %q", name, v)
		}
	}
}
