package request

import (
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna"
)

type line struct {
	Name     string `json:"name"`
	Quantity int64  `json:"quantity"`
}

type body struct {
	Source   string           `json:"source"`
	Lines    []line           `json:"lines"`
	Customer *struct{ X int } `json:"customer"`
	At       time.Time        `json:"at"`
	Meta     map[string]int   `json:"meta"`
}

func TestDecodeNamesTheField(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		code     string
		field    string
	}{
		{"SecondLine", `{"lines":[{"name":"a","quantity":1},{"name":"b","quantity":"two"}]}`, purna.EINVALID, "lines[1].quantity"},
		{"FirstLineName", `{"lines":[{"name":5}]}`, purna.EINVALID, "lines[0].name"},
		{"Nested", `{"customer":{"X":"y"}}`, purna.EINVALID, "customer.X"},
		{"AfterArray", `{"lines":[{"name":"a"}],"source":7}`, purna.EINVALID, "source"},
		{"MapValue", `{"meta":{"a":1,"b":"c"}}`, purna.EINVALID, "meta.b"},
		{"Unknown", `{"colour":"red"}`, purna.EINVALID, "colour"},
		{"Syntax", `{"source":`, purna.EMALFORMED, "body"},
		{"Array", `[]`, purna.EMALFORMED, "body"},
		{"Trailing", `{} {}`, purna.EMALFORMED, "body"},
		{"Empty", ``, purna.EMALFORMED, "body"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var b body
			err := Decode(strings.NewReader(tc.in), &b)
			if purna.ErrorCode(err) != tc.code {
				t.Fatalf("code = %s (%v), want %s", purna.ErrorCode(err), err, tc.code)
			}
			if _, ok := purna.ErrorFields(err)[tc.field]; !ok {
				t.Errorf("fields = %v, want %s", purna.ErrorFields(err), tc.field)
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"lines":[{"name":"a","quantity":"x"}]}`, `{"meta":{"a":[1,{"b":2}]}}`, `[`, `{"a":1}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var b body
		err := Decode(strings.NewReader(in), &b)
		if err != nil && purna.ErrorCode(err) == purna.EINTERNAL {
			t.Fatalf("decode error is not classified: %v", err)
		}
	})
}
