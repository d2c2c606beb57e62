package message

import (
	"strings"
	"testing"
	"unicode/utf16"
)

// TestSMS renders every shipped SMS with the realistic samples (Sample, the
// golden fixture, the reminder of a survey and an offer of one part) and with the sparse one, and checks that each one
// names the shop, fits in two SMS parts (one for a transactional message
// in id or en), stays on one line without markup,
// and shows the unsubscribe link exactly when the key is marketing (an
// offer shows in the email only, so it brings no link to the SMS).
// go test -run TestSMS -v lists each text with its length.
func TestSMS(t *testing.T) {
	t.Parallel()
	for _, locale := range Locales {
		f := newFixture(t, locale)
		for _, key := range Keys() {
			t.Run(string(key)+"."+locale, func(t *testing.T) {
				t.Parallel()
				tpl, err := Default(key, locale)
				if err != nil {
					t.Fatal(err)
				}
				if strings.TrimSpace(tpl.SMS) == "" {
					t.Fatalf("templates/%s/%s.tmpl has no -- sms -- section", locale, key)
				}
				c := MustDefault(t, key, locale)
				for name, d := range map[string]Data{
					"sample": Sample(key, locale), "fixture": f.data(key, locale), "sparse": sparseSample(key, locale),
					"reminder": reminderSample(key, locale), "parts offer": partsOfferSample(key, locale),
				} {
					r, err := c.Render(d)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					s := r.SMS
					t.Logf("%s: %d parts, %d chars: %s", name, SMSSegments(s), len(utf16.Encode([]rune(s))), s)
					limit := 2
					if key.Kind() == Transactional && locale != "ro" {
						limit = 1 // GSM 7-bit, and one link
					}
					if n := SMSSegments(s); n > limit {
						t.Errorf("%s: %d SMS parts, want at most %d: %s", name, n, limit, s)
					}
					if !strings.HasPrefix(s, d.Shop.Name+": ") {
						t.Errorf("%s: %q does not start with the shop's name", name, s)
					}
					if strings.ContainsAny(s, "\r\n\t<>") || strings.Contains(s, "  ") || strings.Contains(s, "{{") {
						t.Errorf("%s: %q is not one plain line", name, s)
					}
					hasUnsub := d.Links.Unsubscribe != "" && strings.Contains(s, d.Links.Unsubscribe)
					if want := key.Kind() == Marketing; hasUnsub != want {
						t.Errorf("%s: unsubscribe link shown = %v, want %v", name, hasUnsub, want)
					}
				}
			})
		}
	}
}

func TestSMSWithoutSection(t *testing.T) {
	t.Parallel()
	tpl, err := Default(OrderShipped, "id")
	if err != nil {
		t.Fatal(err)
	}
	tpl.SMS = " \n"
	c, err := Parse(tpl)
	if err != nil {
		t.Fatalf("Parse without SMS: %v", err)
	}
	r, err := c.Render(Sample(OrderShipped, "id"))
	if err != nil {
		t.Fatal(err)
	}
	if r.SMS != "" || r.Text == "" {
		t.Errorf("SMS = %q, Text empty = %v; want no SMS and a text part", r.SMS, r.Text == "")
	}
}

func TestSMSSegments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		s    string
		want int
	}{
		{"empty", "", 0},
		{"gsm 160", strings.Repeat("a", 160), 1},
		{"gsm 161", strings.Repeat("a", 161), 2},
		{"gsm 306", strings.Repeat("a", 306), 2},
		{"gsm 307", strings.Repeat("a", 307), 3},
		{"gsm accents stay 7-bit", "Café à Zürich " + strings.Repeat("é", 146), 1},
		{"extension counts twice", strings.Repeat("€", 80), 1},
		{"extension over", strings.Repeat("€", 81), 2},
		// 152 septets then a two-septet character: it may not be split, so
		// it opens the second part.
		{"extension not split", strings.Repeat("a", 152) + "{" + strings.Repeat("a", 152), 3},
		{"ucs2 70", strings.Repeat("ș", 70), 1},
		{"ucs2 71", strings.Repeat("ș", 71), 2},
		{"ucs2 134", strings.Repeat("ă", 134), 2},
		{"ucs2 135", strings.Repeat("ă", 135), 3},
		{"one romanian letter makes it ucs2", strings.Repeat("a", 70) + "ț", 2},
		{"emoji is a surrogate pair", strings.Repeat("🙂", 35), 1},
		{"emoji over", strings.Repeat("🙂", 36), 2},
		{"curly quote is not gsm", "It’s " + strings.Repeat("a", 66), 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := SMSSegments(tc.s); got != tc.want {
				t.Errorf("SMSSegments(%d runes) = %d, want %d", len([]rune(tc.s)), got, tc.want)
			}
		})
	}
}

// FuzzSMSSegments checks SMSSegments against the plain arithmetic of SMS
// parts: never fewer parts than the text's length needs, and at most one
// more (a character that may not be split).
func FuzzSMSSegments(f *testing.F) {
	f.Add("Griya Elektronik: Paket Kakak sudah dikirim.")
	f.Add("Casa Verde: Comanda CV-20931 întârzie.")
	f.Add(strings.Repeat("€", 100))
	f.Fuzz(func(t *testing.T, s string) {
		n := SMSSegments(s)
		if s == "" {
			if n != 0 {
				t.Fatalf("SMSSegments(\"\") = %d", n)
			}
			return
		}
		if n < 1 {
			t.Fatalf("SMSSegments(%q) = %d", s, n)
		}
		units := len(utf16.Encode([]rune(s)))
		if n == 1 && units > 160 {
			t.Fatalf("%d units in one part: %q", units, s)
		}
		if n > 1 && n > units/67+2 {
			t.Fatalf("SMSSegments(%q) = %d parts for %d units", s, n, units)
		}
	})
}
