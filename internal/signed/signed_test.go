package signed

import (
	"strings"
	"testing"
)

func TestRoundTripAndRefusals(t *testing.T) {
	t.Parallel()
	secret := []byte("0123456789abcdef0123456789abcdef")
	v := Encode(secret, "survey", "A", "B", "")
	parts, ok := Decode(secret, "survey", v, 3)
	if !ok || strings.Join(parts, "|") != "A|B|" {
		t.Fatalf("Decode = %q, %v", parts, ok)
	}
	p64, sig, _ := strings.Cut(v, ".")
	tampered := Encode(secret, "survey", "A", "C", "")
	tp64, _, _ := strings.Cut(tampered, ".")
	tests := []struct{ name, purpose, value string }{
		{"other purpose", "review", v},
		{"other secret", "survey", Encode([]byte("another secret of enough length!"), "survey", "A", "B", "")},
		{"payload swapped", "survey", tp64 + "." + sig},
		{"no signature", "survey", p64},
		{"garbage", "survey", "!!!.???"},
		{"too long", "survey", strings.Repeat("A", 700) + "." + sig},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, ok := Decode(secret, tc.purpose, tc.value, 3); ok {
				t.Fatalf("Decode accepted %q", tc.value)
			}
		})
	}
	if _, ok := Decode(secret, "survey", v, 2); ok {
		t.Fatal("Decode accepted the wrong number of parts")
	}
}

func FuzzDecode(f *testing.F) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	f.Add(Encode(secret, "survey", "A", "B", "C"))
	f.Add("x.y")
	f.Fuzz(func(t *testing.T, v string) {
		parts, ok := Decode(secret, "survey", v, 3)
		if ok && Encode(secret, "survey", parts...) != v {
			t.Fatalf("accepted %q, which Encode does not make", v)
		}
	})
}
