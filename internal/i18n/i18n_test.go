package i18n

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// keyShape describes a message as every locale must have it: whether it is
// plural and which placeholders it takes (over all its forms).
func keyShape(m message) string {
	var names []string
	if m.plural == nil {
		names = placeholders(m.text)
	} else {
		for _, f := range slices.Sorted(maps.Keys(m.plural)) {
			for _, p := range placeholders(m.plural[f]) {
				if !slices.Contains(names, p) {
					names = append(names, p)
				}
			}
		}
		slices.Sort(names)
	}
	kind := "text"
	if m.plural != nil {
		kind = "plural"
	}
	return kind + " {" + strings.Join(names, "} {") + "}"
}

// TestCatalogues checks that every key is in all three catalogues with the
// same placeholders and the plural forms each language needs, and keeps a
// golden list of the keys so that a review shows what the UI says.
func TestCatalogues(t *testing.T) {
	t.Parallel()
	all := map[string]bool{}
	for _, l := range Locales {
		for k := range catalogues[l] {
			all[k] = true
		}
	}
	var golden strings.Builder
	for _, k := range slices.Sorted(maps.Keys(all)) {
		want := ""
		for _, l := range Locales {
			m, ok := catalogues[l][k]
			if !ok {
				t.Errorf("%s: missing in %s.json", k, l)
				continue
			}
			shape := keyShape(m)
			if want == "" {
				want = shape
				fmt.Fprintf(&golden, "%s\t%s\n", k, shape)
			} else if shape != want {
				t.Errorf("%s: %s.json has %s, %s.json has %s", k, Locales[0], want, l, shape)
			}
			if m.plural != nil {
				got := slices.Sorted(maps.Keys(m.plural))
				need := slices.Sorted(slices.Values(Forms[l]))
				if !slices.Equal(got, need) {
					t.Errorf("%s: %s.json has plural forms %v, want %v", k, l, got, need)
				}
			}
			if m.plural == nil && strings.TrimSpace(m.text) == "" {
				t.Errorf("%s: empty in %s.json", k, l)
			}
		}
	}
	path := filepath.Join("testdata", "catalogue.golden")
	if *update {
		if err := os.WriteFile(path, []byte(golden.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/i18n -update)", err)
	}
	if got := golden.String(); got != string(want) {
		t.Errorf("catalogue keys changed; review and run go test ./internal/i18n -update\n%s", lineDiff(string(want), got))
	}
}

func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for _, l := range w {
		if !slices.Contains(g, l) {
			b.WriteString("- " + l + "\n")
		}
	}
	for _, l := range g {
		if !slices.Contains(w, l) {
			b.WriteString("+ " + l + "\n")
		}
	}
	return b.String()
}

func TestPluralForm(t *testing.T) {
	t.Parallel()
	tests := []struct {
		locale string
		n      int
		want   Form
	}{
		{"id", 0, Other}, {"id", 1, Other}, {"id", 2, Other}, {"id", 1000, Other},
		{"en", 0, Other}, {"en", 1, One}, {"en", 2, Other}, {"en", 11, Other}, {"en", 101, Other},
		{"ro", 0, Few}, {"ro", 1, One}, {"ro", 2, Few}, {"ro", 19, Few}, {"ro", 20, Other},
		{"ro", 100, Other}, {"ro", 101, Few}, {"ro", 102, Few}, {"ro", 119, Few}, {"ro", 120, Other},
		{"ro", 1001, Few}, {"ro", 1020, Other},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s/%d", tc.locale, tc.n), func(t *testing.T) {
			t.Parallel()
			if got := PluralForm(tc.locale, tc.n); got != tc.want {
				t.Errorf("PluralForm(%q, %d) = %s, want %s", tc.locale, tc.n, got, tc.want)
			}
		})
	}
}

func TestTAndN(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"plain", T("id", "nav.orders"), "Pesanan"},
		{"named", T("id", "event.shipment.shipped", "carrier", "JNE"), "Dikirim lewat JNE"},
		{"named en", T("en", "event.shipment.shipped", "carrier", "DHL"), "Shipped with DHL"},
		{"positional", format("en", "{0} and {1}", []any{"a", "b"}), "a and b"},
		{"braces", format("en", "{{x}", nil), "{x}"},
		{"missing arg stays", T("en", "order.title"), "Order {number}"},
		{"unknown key", T("en", "no.such.key"), "no.such.key"},
		{"unknown locale", T("fr", "nav.orders"), "Orders"},
		{"en one", N("en", "orders.count", 1), "1 order"},
		{"en other", N("en", "orders.count", 1250), "1,250 orders"},
		{"id other", N("id", "orders.count", 1250), "1.250 pesanan"},
		{"ro one", N("ro", "orders.count", 1), "1 comandă"},
		{"ro few", N("ro", "orders.count", 3), "3 comenzi"},
		{"ro other", N("ro", "orders.count", 20), "20 de comenzi"},
		{"ro few again", N("ro", "orders.count", 101), "101 comenzi"},
		{"ro four digits", N("ro", "orders.count", 1250), "1.250 de comenzi"},
		{"ro five digits", N("ro", "orders.count", 12500), "12.500 de comenzi"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		header, fallback, want string
	}{
		{"", "id", "id"},
		{"fr-FR,fr;q=0.9", "ro", "ro"},
		{"id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7", "en", "id"},
		{"en-GB,en;q=0.9", "id", "en"},
		{"ro-RO", "id", "ro"},
		{"ro-MD", "id", "ro"},
		{"in", "en", "id"},
		{"de;q=1, en;q=0.5, ro;q=0.8", "id", "ro"},
		{"en;q=0, ro", "id", "ro"},
		{"EN-us", "id", "en"},
		{"*", "ro", "ro"},
		{"en;q=abc, id;q=0.1", "ro", "id"},
	}
	for _, tc := range tests {
		t.Run(tc.header, func(t *testing.T) {
			t.Parallel()
			if got := Match(tc.header, tc.fallback); got != tc.want {
				t.Errorf("Match(%q, %q) = %q, want %q", tc.header, tc.fallback, got, tc.want)
			}
		})
	}
}

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestDates(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 2, 3, 4, 5, 0, time.UTC)
	aug := time.Date(2026, 8, 17, 23, 30, 0, 0, time.UTC) // the next day in Asia
	tests := []struct {
		name, locale, zone string
		t                  time.Time
		fn                 func(string, time.Time, *time.Location) string
		want               string
	}{
		{"id Jakarta datetime", "id", "Asia/Jakarta", at, DateTime, "2 Nov 2026 10.04"},
		{"en Jakarta datetime", "en", "Asia/Jakarta", at, DateTime, "2 Nov 2026, 10:04"},
		{"ro Jakarta datetime", "ro", "Asia/Jakarta", at, DateTime, "2 nov. 2026, 10:04"},
		{"id Makassar datetime", "id", "Asia/Makassar", at, DateTime, "2 Nov 2026 11.04"},
		{"ro Bucharest datetime", "ro", "Europe/Bucharest", at, DateTime, "2 nov. 2026, 05:04"},
		{"en Bucharest datetime", "en", "Europe/Bucharest", at, DateTime, "2 Nov 2026, 05:04"},
		{"ro Bucharest summer", "ro", "Europe/Bucharest", aug, DateTime, "18 aug. 2026, 02:30"},
		{"id Jakarta next day", "id", "Asia/Jakarta", aug, Date, "18 Agu 2026"},
		{"id Makassar time", "id", "Asia/Makassar", aug, Time, "07.30"},
		{"en Makassar date", "en", "Asia/Makassar", aug, Date, "18 Aug 2026"},
		{"ro Bucharest daymonth", "ro", "Europe/Bucharest", at, DayMonth, "2 nov."},
		{"id May", "id", "Asia/Jakarta", time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), Date, "1 Mei 2026"},
		{"ro September", "ro", "Europe/Bucharest", time.Date(2026, 9, 9, 12, 0, 0, 0, time.UTC), Date, "9 sept. 2026"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := tc.fn(tc.locale, tc.t, mustLoad(t, tc.zone)); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	if got := MonthLong("id", time.August); got != "Agustus" {
		t.Errorf("MonthLong(id, August) = %q", got)
	}
}

func TestAgo(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		locale string
		d      time.Duration
		want   string
	}{
		{"id", 3 * 24 * time.Hour, "3 hari lalu"},
		{"en", 3 * 24 * time.Hour, "3 days ago"},
		{"ro", 3 * 24 * time.Hour, "acum 3 zile"},
		{"ro", 21 * 24 * time.Hour, "acum 21 de zile"},
		{"en", time.Hour, "1 hour ago"},
		{"ro", time.Hour, "acum 1 oră"},
		{"id", 20 * time.Second, "baru saja"},
		{"en", 5 * time.Minute, "5 minutes ago"},
		{"en", 62 * 24 * time.Hour, "2 months ago"},
		{"id", 400 * 24 * time.Hour, "1 tahun lalu"},
		{"id", -2 * 24 * time.Hour, "dalam 2 hari"},
		{"ro", -2 * 24 * time.Hour, "peste 2 zile"},
	}
	for _, tc := range tests {
		t.Run(tc.locale+"/"+tc.want, func(t *testing.T) {
			t.Parallel()
			if got := Ago(tc.locale, now.Add(-tc.d), now); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestNumber(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		locale string
		n      int64
		want   string
	}{
		{"id", 0, "0"}, {"id", 999, "999"}, {"id", 1000, "1.000"}, {"en", 1234567, "1,234,567"},
		{"ro", 1000, "1.000"}, {"ro", 10000, "10.000"}, {"en", -1500, "-1,500"},
	} {
		if got := Number(tc.locale, tc.n); got != tc.want {
			t.Errorf("Number(%q, %d) = %q, want %q", tc.locale, tc.n, got, tc.want)
		}
	}
}
