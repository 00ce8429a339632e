package engine

import (
	"reflect"
	"testing"
)

// decodeSub decodes what the scanner reads as Decode (encoding/json) does.
var decodeInputs = []string{
	`{"a":1,"a":[1,2.5e3,{"x":null}],"b":"\u00e9\ud800x","c":{},"d":[]}`, ` [ true , false , null , -0.5 , "a\"b" ] `,
	`"x"`, `1e400`, `-0`, `{"\u0061":1,"a":2}`, `"\/\b\f\n\r\t\\"`, "\"caf\xc3\xa9\"",
	`{"k":`, `[1,]`, `01`, "\"\xff\"", `{"a" 1}`, `[1 2]`, `tru`, ``, ` `, `{}x`,
}

func TestDecodeSub(t *testing.T) {
	for _, in := range decodeInputs {
		want, err := Decode([]byte(in))
		if err != nil {
			want = nil
		}
		if got := decodeSub([]byte(in)); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %#v, want %#v", in, got, want)
		}
	}
}

func FuzzDecodeSub(f *testing.F) {
	for _, in := range decodeInputs {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		want, err := Decode(raw)
		if err != nil {
			want = nil
		}
		if got := decodeSub(raw); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: %#v, want %#v", raw, got, want)
		}
	})
}
