package message

import (
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/purnajual/purna"
)

// offerFacts is the offer a journey passes for the fixture's product to a
// customer who agreed to marketing: an extended warranty of months, and
// parts, formatted as the journey formats them (purna.Money).
func (f fixture) offerFacts(locale string, months int, parts int) *OfferData {
	type item struct {
		name  string
		price int64 // minor units of the shop's currency
	}
	var ext item
	var all []item
	switch {
	case f.shop.Country == "RO":
		ext = map[int]item{12: {"Garanție extinsă 12 luni", 14_900}, 24: {"Garanție extinsă 24 de luni", 24_900}}[months]
		all = []item{{"Set filtre HEPA Roborock (2 buc.)", 7_999}, {"Perie laterală Roborock (2 buc.)", 4_999},
			{"Mop lavabil Roborock", 5_999}, {"Perie principală Roborock", 8_999}}
	case locale == "en":
		ext = map[int]item{12: {"Extended Warranty 12 Months", 15_000_000}, 24: {"Extended Warranty 24 Months", 25_000_000}}[months]
		all = []item{{"Sharp FZ-J40HFE HEPA filter", 29_900_000}, {"Sharp FZ-J40DFE activated carbon filter", 18_900_000},
			{"Sharp FP-J40Y pre-filter", 7_500_000}, {"Sharp FP-J40Y remote control", 12_000_000}}
	default:
		ext = map[int]item{12: {"Garansi tambahan 12 bulan", 15_000_000}, 24: {"Garansi tambahan 24 bulan", 25_000_000}}[months]
		all = []item{{"Filter HEPA Sharp FZ-J40HFE", 29_900_000}, {"Filter karbon aktif Sharp FZ-J40DFE", 18_900_000},
			{"Pre-filter Sharp FP-J40Y", 7_500_000}, {"Remote Sharp FP-J40Y", 12_000_000}}
	}
	money := func(amount int64) string {
		return purna.Money{Amount: amount, Currency: f.shop.Currency}.Format(locale)
	}
	o := &OfferData{}
	if months > 0 {
		o.Extension = &ExtensionOffer{Name: ext.name, Months: months, Price: money(ext.price)}
	}
	for _, p := range all[:parts] {
		o.SpareParts = append(o.SpareParts, PartOffer{Name: p.name, Price: money(p.price)})
	}
	return o
}

// warrantyOfferVariants are the ways warranty_ending goes out: without an
// offer (what the golden files show), and with an offer as a journey sets
// it for a customer who agreed to marketing.
func warrantyOfferVariants(f fixture, locale string) []struct {
	name string
	data Data
} {
	type variant = struct {
		name string
		data Data
	}
	base := func(offer *OfferData) Data {
		d := f.data(WarrantyEnding, locale)
		if offer != nil {
			d.Offer = offer
			d.Links.Unsubscribe = "https://track.purna.example/u/4ZP7M"
		}
		return d
	}
	full := f.offerFacts(locale, 12, 4)
	full.URL = "https://track.purna.example/o/8KQ2X"
	long := base(f.offerFacts(locale, 24, 0))
	bare := base(&OfferData{SpareParts: f.offerFacts(locale, 0, 1).SpareParts, URL: map[bool]string{true: "https://casaverde.ro", false: "https://tokopurna.id"}[f.shop.Country == "RO"]})
	bare.Order, bare.Customer.FirstName, bare.Links.Portal = nil, "", ""
	return []variant{
		{"no offer (no marketing consent)", base(nil)},
		{"12-month extension and four parts, three shown, with a link", base(full)},
		{"24-month extension alone, no link", long},
		{"one part, a link to the store; no name, no order, no portal", bare},
	}
}

// TestWarrantyOfferVariants renders warranty_ending for each variant in
// each language and checks that the offer shows exactly when it is set,
// with its extension, at most three parts, a button when it has a link,
// the line that it is optional, and the unsubscribe link in the email
// (never in the SMS, which stays as it is); then compares subject, SMS,
// WhatsApp and text with testdata/golden/warranty_ending_offer_variants.<locale>.txt
// and the fullest offer's HTML with warranty_ending_offer.<locale>.html.
func TestWarrantyOfferVariants(t *testing.T) {
	t.Parallel()
	optional := map[string]string{"id": "sepenuhnya pilihan Kakak", "en": "entirely optional", "ro": "complet opțională"}
	// How each language counts the months of the variants' extensions.
	months := map[string]map[int]string{
		"id": {12: "perlindungan 12 bulan", 24: "perlindungan 24 bulan"},
		"en": {12: "adds 12 months of cover", 24: "adds 24 months of cover"},
		"ro": {12: "12 luni de protecție", 24: "24 de luni de protecție"},
	}
	for _, locale := range Locales {
		t.Run(locale, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, locale)
			c := MustDefault(t, WarrantyEnding, locale)
			plain, err := c.Render(f.data(WarrantyEnding, locale))
			if err != nil {
				t.Fatal(err)
			}
			var out strings.Builder
			var html string
			for i, v := range warrantyOfferVariants(f, locale) {
				o := v.data.Offer
				r, err := c.Render(v.data)
				if err != nil {
					t.Fatalf("%s: %v", v.name, err)
				}
				wa, err := WhatsAppParams(WarrantyEnding, v.data)
				if err != nil {
					t.Fatalf("%s: whatsapp: %v", v.name, err)
				}
				const unsub = "https://track.purna.example/u/4ZP7M"
				for part, s := range map[string]string{"html": r.HTML, "text": r.Text} {
					if got := strings.Contains(s, unsub); got != (o != nil) {
						t.Errorf("%s: %s shows the unsubscribe link = %v, want %v", v.name, part, got, o != nil)
					}
					if got := strings.Contains(s, optional[locale]); got != (o != nil) {
						t.Errorf("%s: %s says the offer is optional = %v, want %v", v.name, part, got, o != nil)
					}
				}
				if strings.Contains(r.SMS, unsub) {
					t.Errorf("%s: the SMS links unsubscribe: %s", v.name, r.SMS)
				}
				if v.data.Links.Portal != "" && r.SMS != plain.SMS {
					t.Errorf("%s: SMS %q, want it as without an offer: %q", v.name, r.SMS, plain.SMS)
				}
				if n := SMSSegments(r.SMS); n > map[bool]int{true: 2, false: 1}[locale == "ro"] {
					t.Errorf("%s: SMS in %d parts: %s", v.name, n, r.SMS)
				}
				buttons := 0
				if v.data.Links.Portal != "" {
					buttons++
				}
				if o != nil {
					if e := o.Extension; e != nil {
						for part, s := range map[string]string{"html": r.HTML, "text": r.Text} {
							if !strings.Contains(s, template.HTMLEscapeString(e.Name)) || !strings.Contains(s, e.Price) {
								t.Errorf("%s: %s lacks the extension %q for %s", v.name, part, e.Name, e.Price)
							}
							if !strings.Contains(s, months[locale][e.Months]) {
								t.Errorf("%s: %s does not say %q", v.name, part, months[locale][e.Months])
							}
						}
					}
					for j, p := range o.SpareParts {
						shown := j < 3
						if got := strings.Contains(r.Text, "- "+p.Name+" – "+p.Price+"\n"); got != shown {
							t.Errorf("%s: text lists part %d (%s) = %v, want %v", v.name, j, p.Name, got, shown)
						}
						if got := strings.Contains(r.HTML, p.Name); got != shown {
							t.Errorf("%s: html lists part %d (%s) = %v, want %v", v.name, j, p.Name, got, shown)
						}
					}
					if o.URL != "" {
						buttons++
						if !strings.Contains(r.HTML, `href="`+o.URL+`"`) || !strings.Contains(r.Text, ": "+o.URL+"\n") {
							t.Errorf("%s: the offer's link %s is missing", v.name, o.URL)
						}
					}
					if len(o.SpareParts) > 3 && len(v.data.Offer.SpareParts) != len(o.SpareParts) {
						t.Errorf("%s: Render changed the caller's parts", v.name)
					}
					if strings.Join(wa.Body, "|") != strings.Join(plainWA(t, v.data), "|") {
						t.Errorf("%s: WhatsApp differs with the offer: %q", v.name, wa.Body)
					}
				}
				if got := strings.Count(r.HTML, `<table role="presentation" class="btn"`); got != buttons {
					t.Errorf("%s: %d buttons, want %d", v.name, got, buttons)
				}
				for _, s := range []string{r.Subject, r.Text, r.SMS} {
					if strings.Contains(s, "<no value>") || strings.Contains(s, "  ") || strings.Contains(s, " ?") {
						t.Errorf("%s: %q", v.name, s)
					}
				}
				if i == 1 {
					html = r.HTML
				}
				out.WriteString("=== " + v.name + "\n")
				out.WriteString("subject: " + r.Subject + "\n")
				out.WriteString("sms: " + r.SMS + "\n")
				out.WriteString("whatsapp: " + strings.Join(wa.Body, " | ") + "\n\n")
				// The whole text: the footer carries the unsubscribe line.
				out.WriteString(r.Text + "\n")
			}
			for name, got := range map[string]string{
				"warranty_ending_offer_variants." + locale + ".txt": out.String(),
				"warranty_ending_offer." + locale + ".html":         html,
			} {
				path := filepath.Join("testdata", "golden", name)
				if *update {
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test ./internal/message -update)", err)
				}
				if got != string(want) {
					t.Errorf("%s differs; run go test ./internal/message -update and review the diff\n%s", path, firstDiff(string(want), got))
				}
			}
		})
	}
}

// plainWA is the WhatsApp body of d without its offer: WhatsApp sends
// Meta's approved utility text, which has no room for one.
func plainWA(t *testing.T, d Data) []string {
	t.Helper()
	d.Offer, d.Links.Unsubscribe = nil, ""
	wa, err := WhatsAppParams(WarrantyEnding, d)
	if err != nil {
		t.Fatal(err)
	}
	return wa.Body
}

// TestOfferOnlyWhereTaken renders a merchant's how-to that shows any
// offer: the key takes none, so Render drops it, and with it the
// unsubscribe link of a transactional message.
func TestOfferOnlyWhereTaken(t *testing.T) {
	t.Parallel()
	c, err := Parse(Template{Key: HowToOnboarding, Locale: "en", Subject: "Hi", Text: "Hi",
		HTML: `<p>Hi</p>{{with .Offer}}<p>OFFER {{.URL}}</p>{{end}}`})
	if err != nil {
		t.Fatal(err)
	}
	d := fullSample(HowToOnboarding, "en")
	r, err := c.Render(d)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(r.HTML, "OFFER") || strings.Contains(r.HTML, d.Links.Unsubscribe) {
		t.Errorf("how-to shows the offer or the unsubscribe link:\n%s", r.HTML)
	}
	if s := Sample(HowToOnboarding, "en"); s.Offer != nil || s.Links.Unsubscribe != "" {
		t.Errorf("Sample(howto_onboarding) has Offer %v, Unsubscribe %q", s.Offer, s.Links.Unsubscribe)
	}
	if s := Sample(WarrantyEnding, "ro"); s.Offer == nil || s.Links.Unsubscribe == "" {
		t.Errorf("Sample(warranty_ending) has Offer %v, Unsubscribe %q; want both", s.Offer, s.Links.Unsubscribe)
	}
}

func TestPlural(t *testing.T) {
	t.Parallel()
	ro := []string{"lună", "luni", "de luni"}
	tests := []struct {
		locale string
		n      int
		forms  []string
		want   string // "" means an error
	}{
		{"id", 1, []string{"bulan"}, "bulan"},
		{"id", 12, []string{"bulan"}, "bulan"},
		{"en", 1, []string{"month", "months"}, "month"},
		{"en", 12, []string{"month", "months"}, "months"},
		{"en", 0, []string{"month", "months"}, "months"},
		{"ro", 1, ro, "lună"},
		{"ro", 2, ro, "luni"},
		{"ro", 19, ro, "luni"},
		{"ro", 20, ro, "de luni"},
		{"ro", 24, ro, "de luni"},
		{"ro", 101, ro, "luni"},
		{"ro", 120, ro, "de luni"},
		{"ro", 12, []string{"lună", "luni"}, ""},
		{"en", 12, ro, ""},
		{"id", 12, nil, ""},
		{"", 12, []string{"x"}, ""},
	}
	for _, tc := range tests {
		got, err := plural(tc.locale, tc.n, tc.forms...)
		if tc.want == "" {
			if err == nil {
				t.Errorf("plural(%s, %d, %q) = %q, want an error", tc.locale, tc.n, tc.forms, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("plural(%s, %d, %q) = %q, %v; want %q", tc.locale, tc.n, tc.forms, got, err, tc.want)
		}
	}
}
