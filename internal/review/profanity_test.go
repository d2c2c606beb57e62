package review

import (
	"slices"
	"strings"
	"testing"
)

func TestProfane(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		locale string
		text   string
		want   []string // nil: clean
	}{
		// Plain matches, in each language and in English mixed in.
		{"indonesian", "id", "Penjualnya bangsat, barang tidak dikirim", []string{"bangsat"}},
		{"romanian", "ro", "Produsul e o pula", []string{"pula"}},
		{"english", "en", "This is shit", []string{"shit"}},
		{"english in indonesian", "id", "barangnya shit banget", []string{"shit"}},
		{"english in romanian", "ro", "what the fuck, nu a mers", []string{"fuck"}},
		{"unknown locale gets english", "de", "Scheiße, what a bitch", []string{"bitch"}},
		{"several, each once, in order", "id", "Anjing! kontol. ANJING", []string{"anjing", "kontol"}},

		// Normalising.
		{"upper case", "id", "ANJING", []string{"anjing"}},
		{"repeated letters", "id", "anjiiiing", []string{"anjing"}},
		{"repeated and upper case", "en", "SHIIIITTT", []string{"shit"}},
		{"leetspeak", "id", "4nj1ng lu", []string{"anjing"}},
		{"leetspeak signs", "en", "$hit happens, @sshole", []string{"shit", "asshole"}},
		{"leetspeak 0 3 5 7", "en", "5h17 and wank3r and b0ll0cks", []string{"shit", "wanker", "bollocks"}},
		{"romanian comma below", "ro", "PIZDĂ", []string{"pizda"}},
		{"romanian cedilla", "ro", "căcat şi futuţi", []string{"cacat", "fututi"}},
		{"combining marks", "ro", "ca\u0306cat", []string{"cacat"}},
		{"other accents", "en", "fück this", []string{"fuck"}},
		{"prefix entry", "en", "fucking motherfuckers", []string{"fuck", "motherfuck"}},
		{"indonesian suffix on prefix entry", "id", "kontolnya", []string{"kontol"}},
		{"punctuation around", "id", "(bangsat)...", []string{"bangsat"}},

		// Whole words only: the Scunthorpe problem.
		{"assessment", "en", "A thorough assessment of the class", nil},
		{"scunthorpe", "en", "Shipped to Scunthorpe in two days", nil},
		{"cocktail and dickens", "en", "A cocktail glass, a Dickens novel, a shiitake", nil},
		{"tai inside indonesian words", "id", "Dipakai ke pantai, santai, rantai kuat", nil},
		{"asu inside indonesian words", "id", "Masuk asuransi, paket masuk cepat", nil},
		{"pula is also indonesian", "id", "Begitu pula warnanya, bagus", nil},
		{"pula inside romanian words", "ro", "O culoare populară", nil},
		{"fut inside romanian words", "ro", "Un argument futil, greu de refutat", nil},
		{"cum is romanian", "ro", "Nu știu cum, dar merge", nil},
		{"ass opens a greeting", "id", "Ass wr wb, barang sudah sampai", nil},
		{"fewer letters than the entry", "en", "as good as new, Niger", nil},
		{"numbers are not words", "en", "Paid $50 for 2 in 2024", nil},
		{"romanian list not used for indonesian", "id", "pula", nil},
		{"indonesian list not used for english", "en", "tai", nil},
		{"empty", "id", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Profane(tc.locale, tc.text); !slices.Equal(got, tc.want) {
				t.Errorf("Profane(%q, %q) = %q, want %q", tc.locale, tc.text, got, tc.want)
			}
		})
	}
}

// TestWordLists checks each list's size and that every entry is found in a
// text of its own language, so no entry is dead because of normalising.
func TestWordLists(t *testing.T) {
	t.Parallel()
	for _, locale := range []string{"id", "en", "ro"} {
		t.Run(locale, func(t *testing.T) {
			t.Parallel()
			l := lists()[locale]
			if n := len(l.words); n < 30 || n > 80 {
				t.Errorf("%d words, want 30 to 80", n)
			}
			for _, w := range l.words {
				if got := Profane(locale, "ini "+w+"!"); !slices.Contains(got, w) {
					t.Errorf("%q is not found in a text: %q", w, got)
				}
			}
		})
	}
}

func TestParseWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		words   []string
		prefix  []string
		wantErr bool
	}{
		{"comments and blanks", "# list\n\nfoo\n  bar  # note\nbaz*\n", []string{"foo", "bar", "baz"}, []string{"baz"}, false},
		{"folded duplicates", "curva\ncurvă\n", []string{"curva"}, nil, false},
		{"two words", "foo bar\n", nil, nil, true},
		{"only a star", "*\n", nil, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l, err := parseWords([]byte(tc.in))
			if tc.wantErr {
				if err == nil {
					t.Fatalf("parseWords(%q) = nil error", tc.in)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var prefix []string
			for _, e := range l.prefix {
				prefix = append(prefix, e.word)
			}
			if !slices.Equal(l.words, tc.words) || !slices.Equal(prefix, tc.prefix) {
				t.Errorf("words %q prefix %q, want %q %q", l.words, prefix, tc.words, tc.prefix)
			}
		})
	}
}

func BenchmarkProfane(b *testing.B) {
	body := strings.Repeat("Kainnya lembut, jahitannya rapi, pengiriman cepat ke pantai. Recommended seller! ", 60)
	for b.Loop() {
		Profane("id", body)
	}
}
