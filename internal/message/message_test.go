package message

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/purnajual/purna"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*")

// MustDefault returns the shipped template for key in locale, compiled.
func MustDefault(tb testing.TB, key Key, locale string) *Compiled {
	tb.Helper()
	tpl, err := Default(key, locale)
	if err != nil {
		tb.Fatal(err)
	}
	c, err := Parse(tpl)
	if err != nil {
		tb.Fatalf("Parse(%s/%s): %v", key, locale, err)
	}
	return c
}

// TestGolden renders every shipped message in every language from a
// realistic order and compares each part, and the WhatsApp parameters,
// with testdata/golden. Refresh
// with: go test ./internal/message -update
func TestGolden(t *testing.T) {
	t.Parallel()
	for _, locale := range Locales {
		f := newFixture(t, locale)
		for _, key := range Keys() {
			t.Run(string(key)+"."+locale, func(t *testing.T) {
				t.Parallel()
				r, err := MustDefault(t, key, locale).Render(f.data(key, locale))
				if err != nil {
					t.Fatal(err)
				}
				wa, err := WhatsAppParams(key, f.data(key, locale))
				if err != nil {
					t.Fatal(err)
				}
				var waJSON strings.Builder
				enc := json.NewEncoder(&waJSON)
				enc.SetEscapeHTML(false) // keep links as sent
				enc.SetIndent("", "  ")
				if err := enc.Encode(wa); err != nil {
					t.Fatal(err)
				}
				for ext, got := range map[string]string{
					"subject": r.Subject + "\n", "html": r.HTML, "txt": r.Text, "sms": r.SMS + "\n",
					"whatsapp.json": waJSON.String(),
				} {
					path := filepath.Join("testdata", "golden", string(key)+"."+locale+"."+ext)
					if *update {
						if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
							t.Fatal(err)
						}
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
						t.Errorf("%s differs from the golden file; run go test ./internal/message -update and review the diff\n%s",
							path, firstDiff(string(want), got))
					}
				}
			})
		}
	}
}

// firstDiff shows the first line where want and got part.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n want: " + wl + "\n  got: " + gl
		}
	}
	return ""
}

// TestDefaults checks that every key exists in every language, parses,
// and renders with complete and with sparse data, and that each part says
// what its kind requires: the unsubscribe link in marketing messages, and
// in the emails of a message that carries an offer.
func TestDefaults(t *testing.T) {
	t.Parallel()
	for _, locale := range Locales {
		for _, key := range Keys() {
			t.Run(string(key)+"."+locale, func(t *testing.T) {
				t.Parallel()
				c := MustDefault(t, key, locale)
				for name, d := range map[string]Data{
					"full": fullSample(key, locale), "sparse": sparseSample(key, locale), "reminder": reminderSample(key, locale),
					"parts offer": partsOfferSample(key, locale),
				} {
					offer := specs[key].offer && d.Offer != nil
					r, err := c.Render(d)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					if r.Subject == "" || strings.ContainsAny(r.Subject, "\r\n") {
						t.Errorf("%s: subject %q", name, r.Subject)
					}
					if !strings.Contains(r.HTML, `<html lang="`+locale+`"`) {
						t.Errorf("%s: html has no lang=%q", name, locale)
					}
					for part, s := range map[string]string{"html": r.HTML, "text": r.Text, "sms": r.SMS} {
						if strings.Contains(s, "{{") || strings.Contains(s, "<no value>") {
							t.Errorf("%s %s: template text left in output", name, part)
						}
						hasUnsub := strings.Contains(s, fullSample(key, locale).Links.Unsubscribe)
						if want := key.Kind() == Marketing || offer && part != "sms"; hasUnsub != want {
							t.Errorf("%s %s: unsubscribe link shown = %v, want %v", name, part, hasUnsub, want)
						}
					}
					if strings.Contains(r.Text, "<") || strings.Contains(r.SMS, "<") {
						t.Errorf("%s: text or SMS has markup", name)
					}
					if r.SMS == "" {
						t.Errorf("%s: no SMS", name)
					}
				}
			})
		}
	}
}

func TestKeys(t *testing.T) {
	t.Parallel()
	if got := len(Keys()); got != 16 {
		t.Fatalf("Keys() has %d keys, want 16", got)
	}
	for _, k := range Keys() {
		if !k.Valid() {
			t.Errorf("%s not valid", k)
		}
	}
	kinds := map[Key]Kind{
		OrderConfirmation: Transactional, OrderShipped: Transactional, OutForDelivery: Transactional,
		OrderDelivered: Transactional, DeliveryLate: Transactional, HowToOnboarding: Transactional,
		SurveyNPS: Transactional, SurveyCSAT: Transactional, SurveyCES: Transactional, ReviewRequest: Transactional,
		ReviewReply: Transactional, CaseUpdate: Transactional, ServiceFollowup: Transactional,
		WarrantyEnding: Transactional, MaintenanceDue: Marketing, Winback: Marketing,
		Key("nope"): Marketing,
	}
	for k, want := range kinds {
		if got := k.Kind(); got != want {
			t.Errorf("%s.Kind() = %s, want %s", k, got, want)
		}
	}
	if _, err := Default("nope", "id"); purna.ErrorCode(err) != purna.ENOTFOUND {
		t.Errorf("Default(nope) = %v, want ENOTFOUND", err)
	}
	if _, err := Default(Winback, "de"); purna.ErrorCode(err) != purna.ENOTFOUND {
		t.Errorf("Default(winback, de) = %v, want ENOTFOUND", err)
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	const okText = "Halo {{.Customer.FirstName}}"
	tests := []struct {
		name  string
		tpl   Template
		field string // "" means Parse succeeds
		msg   string // part of the field's message
	}{
		{"valid", Template{Key: Winback, Locale: "id", Subject: "Hai", HTML: "<p>Hai</p>", Text: okText}, "", ""},
		{"unknown field in html",
			Template{Key: OrderConfirmation, Locale: "id", Subject: "Hai", HTML: "<p>Hai</p>\n<p>{{.Order.Numbr}}</p>", Text: okText},
			"html", "line 2: {{.Order.Numbr}}: can't evaluate field Numbr"},
		{"unknown field in subject",
			Template{Key: OrderConfirmation, Locale: "id", Subject: "Pesanan {{.Order.Nomor}}", HTML: "<p>Hai</p>", Text: okText},
			"subject", "line 1: {{.Order.Nomor}}"},
		{"unknown top-level field in text",
			Template{Key: OrderConfirmation, Locale: "en", Subject: "Hi", HTML: "<p>Hi</p>", Text: "Hi\n\n{{.Customer.Email}}"},
			"text", "line 3: {{.Customer.Email}}"},
		{"syntax error",
			Template{Key: OrderShipped, Locale: "ro", Subject: "Bună", HTML: "<p>Bună</p>", Text: "Bună\n{{if .Shipment.Carrier}}\nfără end"},
			"text", "line 3: unexpected EOF"},
		{"unclosed action",
			Template{Key: OrderShipped, Locale: "ro", Subject: "Bună", HTML: "<p>{{.Shop.Name</p>", Text: okText},
			"html", "line 1"},
		{"unknown function",
			Template{Key: OrderShipped, Locale: "en", Subject: "{{upper .Shop.Name}}", HTML: "<p>Hi</p>", Text: okText},
			"subject", `function "upper" not defined`},
		{"order unguarded where it may be missing",
			Template{Key: Winback, Locale: "id", Subject: "Hai", HTML: "<p>Pesanan terakhir: {{.Order.Number}}</p>", Text: okText},
			"html", "use it inside {{with .Order}}"},
		{"order guarded where it may be missing",
			Template{Key: Winback, Locale: "id", Subject: "Hai", HTML: "{{with .Order}}<p>Pesanan terakhir: {{.Number}}</p>{{end}}", Text: okText},
			"", ""},
		{"order unguarded where the key promises it",
			Template{Key: OrderConfirmation, Locale: "id", Subject: "Pesanan {{.Order.Number}}", HTML: "<p>{{.Order.Total}}</p>", Text: "{{.Order.Number}}"},
			"", ""},
		{"shipment unguarded in a delivered message",
			Template{Key: OrderDelivered, Locale: "en", Subject: "Hi", HTML: "<p>Hi</p>", Text: "Delivered on {{.Shipment.DeliveredDate}}"},
			"text", "use it inside {{with .Shipment}}"},
		{"guarded branch still checks field names",
			Template{Key: Winback, Locale: "id", Subject: "Hai", HTML: "{{with .Coupon}}<p>{{.Kode}}</p>{{end}}", Text: okText},
			"html", "can't evaluate field Kode"},
		{"defining the footer away",
			Template{Key: Winback, Locale: "en", Subject: "Hi", HTML: `<p>Hi</p>{{define "why"}}{{end}}`, Text: okText},
			"html", `may define only "preheader"`},
		{"defining in text",
			Template{Key: Winback, Locale: "en", Subject: "Hi", HTML: "<p>Hi</p>", Text: `Hi{{define "unsubscribe"}}{{end}}`},
			"text", "may not define templates"},
		{"including the frame",
			Template{Key: Winback, Locale: "en", Subject: "Hi", HTML: "<p>Hi</p>\n{{if .Coupon}}{{template \"content\" .}}{{end}}", Text: okText},
			"html", `line 2: may not include {{template "content" .}}`},
		{"empty subject", Template{Key: Winback, Locale: "en", Subject: " ", HTML: "<p>Hi</p>", Text: okText}, "subject", "is required"},
		{"subject empty when rendered",
			Template{Key: Winback, Locale: "en", Subject: "{{.Customer.FirstName}}", HTML: "<p>Hi</p>", Text: okText},
			"subject", "is empty when rendered"},
		{"valid with sms",
			Template{Key: OrderShipped, Locale: "id", Subject: "Hai", HTML: "<p>Hai</p>", Text: okText,
				SMS: "{{.Shop.Name}}: pesanan {{.Order.Number}}{{with .Shipment.Carrier}} via {{.}}{{end}}"},
			"", ""},
		{"unknown field in sms",
			Template{Key: OrderShipped, Locale: "id", Subject: "Hai", HTML: "<p>Hai</p>", Text: okText, SMS: "{{.Shop.Name}}:\n{{.Shipment.Kurir}}"},
			"sms", "line 2: {{.Shipment.Kurir}}: can't evaluate field Kurir"},
		{"sms unguarded where it may be missing",
			Template{Key: Winback, Locale: "en", Subject: "Hi", HTML: "<p>Hi</p>", Text: okText,
				SMS: "Code {{.Coupon.Code}} {{.Links.Unsubscribe}}"},
			"sms", "use it inside {{with .Coupon}}"},
		{"marketing sms without unsubscribe",
			Template{Key: MaintenanceDue, Locale: "ro", Subject: "Bună", HTML: "<p>Bună</p>", Text: okText, SMS: "{{.Shop.Name}}: revizie"},
			"sms", "unsubscribe link"},
		{"marketing sms with unsubscribe only sometimes",
			Template{Key: Winback, Locale: "en", Subject: "Hi", HTML: "<p>Hi</p>", Text: okText,
				SMS: "Hi{{with .Coupon}} {{.Code}} {{$.Links.Unsubscribe}}{{end}}"},
			"sms", "unsubscribe link"},
		{"sms empty when rendered",
			Template{Key: OrderShipped, Locale: "en", Subject: "Hi", HTML: "<p>Hi</p>", Text: okText, SMS: "{{.Customer.FirstName}}"},
			"sms", "is empty when rendered"},
		{"sms syntax error",
			Template{Key: OrderShipped, Locale: "ro", Subject: "Bună", HTML: "<p>Bună</p>", Text: okText, SMS: "{{if .Order}}"},
			"sms", "line 1: unexpected EOF"},
		{"sms defining templates",
			Template{Key: OrderShipped, Locale: "ro", Subject: "Bună", HTML: "<p>Bună</p>", Text: okText, SMS: `Bună{{define "x"}}{{end}}`},
			"sms", "may not define templates"},
		{"sms using the email's order table",
			Template{Key: OrderShipped, Locale: "en", Subject: "Hi", HTML: "<p>Hi</p>", Text: okText, SMS: `{{template "lines" .Order}}`},
			"sms", "lines"},
		{"offer unguarded",
			Template{Key: WarrantyEnding, Locale: "en", Subject: "Hi", HTML: "<p>Hi</p>", Text: "{{.Offer.URL}}"},
			"text", "use it inside {{with .Offer}}"},
		{"extension unguarded in an offer",
			Template{Key: WarrantyEnding, Locale: "en", Subject: "Hi", HTML: "{{with .Offer}}<p>{{.Extension.Name}}</p>{{end}}", Text: okText},
			"html", "use it inside {{with .Offer.Extension}}"},
		{"plural with the wrong forms",
			Template{Key: WarrantyEnding, Locale: "ro", Subject: "Bună", HTML: `{{with .Offer.Extension}}<p>{{.Months}} {{plural .Months "lună" "luni"}}</p>{{end}}`, Text: okText},
			"html", "plural needs 3 forms in ro (one, few, other), not 2"},
		{"plural in the subject",
			Template{Key: WarrantyEnding, Locale: "en", Subject: `{{with .Offer}}{{with .Extension}}{{.Months}} {{plural .Months "month" "months"}}{{end}}{{end}} {{.Product.Name}}`, HTML: "<p>Hi</p>", Text: okText},
			"", ""},
		{"unknown key", Template{Key: "hello", Locale: "en", Subject: "Hi", HTML: "<p>Hi</p>", Text: okText}, "key", "not a message key"},
		{"unknown locale", Template{Key: Winback, Locale: "de", Subject: "Hi", HTML: "<p>Hi</p>", Text: okText}, "locale", "id, en, ro"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(tc.tpl)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				return
			}
			if code := purna.ErrorCode(err); code != purna.EINVALID {
				t.Fatalf("Parse error %v has code %q, want EINVALID", err, code)
			}
			msg, ok := purna.ErrorFields(err)[tc.field]
			if !ok {
				t.Fatalf("Parse error %v has no field %q", err, tc.field)
			}
			if !strings.Contains(msg, tc.msg) {
				t.Errorf("Fields[%q] = %q, want it to contain %q", tc.field, msg, tc.msg)
			}
		})
	}
}

// TestRenderEscapes sends hostile customer and shop text through every
// message: it must come out as text in HTML, and never break the subject
// line into headers.
func TestRenderEscapes(t *testing.T) {
	t.Parallel()
	const script = `<script>alert(1)</script>`
	for _, key := range Keys() {
		t.Run(string(key), func(t *testing.T) {
			t.Parallel()
			d := fullSample(key, "en")
			d.Customer.FirstName = script + "\r\nBcc: victim@example.com"
			d.Shop.Name = `"><img src=x onerror=alert(1)>`
			d.Order.Number = script
			d.Order.Lines[0].Name = script
			d.Product.Name = script
			d.Case.Item, d.Case.Reason, d.Case.Lines[0].Name = script, script, script
			d.Case.PortalURL = "javascript:alert(1)"
			d.Product.HowToText = "<b>bold</b>\n\n" + script
			d.Shipment.Carrier = script
			d.Links.Store = "javascript:alert(1)"
			d.Shipment.TrackingURL = "javascript:alert(1)"
			d.Links.Portal = "javascript:alert(1)"
			d.Links.Review = "javascript:alert(1)"
			d.Shop.Color = `red;background:url(https://evil.example/x)`
			// The shop writes the question and the incentive; the score,
			// star and picture links come from other modules.
			d.Survey.Question = script
			d.Survey.Scores[0].URL = "javascript:alert(1)"
			d.Review.Incentive = script
			d.Review.Products[0].Name = script
			d.Review.Products[0].ImageURL = "javascript:alert(1)"
			d.Review.Products[0].Stars[4].URL = "javascript:alert(1)"
			// The customer writes the review, the merchant the reply.
			d.ReviewReply.Product, d.ReviewReply.Review = script, script+"\n\n"+script
			d.ReviewReply.Reply = "<b>bold</b>\n\n" + script
			d.ReviewReply.PageURL = "javascript:alert(1)"
			// The shop names what it sells.
			d.Offer.Extension.Name, d.Offer.SpareParts[0].Name, d.Offer.SpareParts[1].Price = script, script, script
			d.Offer.URL = "javascript:alert(1)"
			r, err := MustDefault(t, key, "en").Render(d)
			if err != nil {
				t.Fatal(err)
			}
			for _, bad := range []string{"<script", "<img src=x", "<b>bold", "javascript:", "evil.example"} {
				if strings.Contains(r.HTML, bad) {
					t.Errorf("html contains %q", bad)
				}
			}
			if !strings.Contains(r.HTML, "&lt;script&gt;alert(1)&lt;/script&gt;") {
				t.Error("html does not show the customer's name as escaped text")
			}
			if strings.ContainsAny(r.Subject, "\r\n") {
				t.Errorf("subject %q spans lines", r.Subject)
			}
			if !strings.Contains(r.Text, script) {
				t.Error("text part should carry the name as typed")
			}
		})
	}
}

func TestRenderRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		key  Key
		edit func(*Data)
		msg  string
	}{
		{"shipped without shipment", OrderShipped, func(d *Data) { d.Shipment = nil }, "needs Shipment"},
		{"confirmation without order", OrderConfirmation, func(d *Data) { d.Order = nil }, "needs Order"},
		{"warranty without its date", WarrantyEnding, func(d *Data) { d.Product.WarrantyEnds = "" }, "Product.WarrantyEnds"},
		{"winback without unsubscribe", Winback, func(d *Data) { d.Links.Unsubscribe = "" }, "unsubscribe link"},
		{"maintenance without unsubscribe", MaintenanceDue, func(d *Data) { d.Links.Unsubscribe = "" }, "unsubscribe link"},
		{"case update without a case", CaseUpdate, func(d *Data) { d.Case = nil }, "needs Case"},
		{"follow-up without a case", ServiceFollowup, func(d *Data) { d.Case = nil }, "needs Case"},
		{"survey without a question", SurveyNPS, func(d *Data) { d.Survey = nil }, "needs Survey"},
		{"survey of another kind", SurveyNPS, func(d *Data) { d.Survey = sampleSurvey("csat", "https://s.example/s/1") },
			`asks the nps question; Survey.Kind is "csat"`},
		{"nps with ten scores", SurveyNPS, func(d *Data) { d.Survey.Scores = d.Survey.Scores[1:] }, "needs 11 Survey.Scores (0 to 10); it has 10"},
		{"csat highest first", SurveyCSAT, func(d *Data) { slices.Reverse(d.Survey.Scores) }, "lowest first; Scores[0] is 5"},
		{"ces score without a link", SurveyCES, func(d *Data) { d.Survey.Scores[6].URL = " " }, "score 7 has none"},
		{"survey without a page", SurveyCSAT, func(d *Data) { d.Survey.PageURL = "" }, "needs Survey.PageURL"},
		{"review without a request", ReviewRequest, func(d *Data) { d.Review = nil }, "needs Review"},
		{"review without products", ReviewRequest, func(d *Data) { d.Review.Products = nil }, "at least one product"},
		{"review with four stars", ReviewRequest, func(d *Data) { d.Review.Products[1].Stars = d.Review.Products[1].Stars[:4] },
			"needs 5 Stars for every product; Review.Products[1]"},
		{"review star without a link", ReviewRequest, func(d *Data) { d.Review.Products[0].Stars[2].URL = "" }, "star 3 at place 3"},
		{"review without a form", ReviewRequest, func(d *Data) { d.Review.Products[0].URL = "" }, "has no URL"},
		{"review of a product without a name", ReviewRequest, func(d *Data) { d.Review.Products[0].Name = "" }, "name of every product"},
		{"reply without a review reply", ReviewReply, func(d *Data) { d.ReviewReply = nil }, "needs ReviewReply"},
		{"reply without the product", ReviewReply, func(d *Data) { d.ReviewReply.Product = " " }, "needs ReviewReply.Product"},
		{"reply to a review rated 0", ReviewReply, func(d *Data) { d.ReviewReply.Rating = 0 }, "Rating 1 to 5; it is 0"},
		{"reply to a review rated 6", ReviewReply, func(d *Data) { d.ReviewReply.Rating = 6 }, "Rating 1 to 5; it is 6"},
		{"reply without words", ReviewReply, func(d *Data) { d.ReviewReply.Reply = "\n\n" }, "needs ReviewReply.Reply"},
		{"offer without unsubscribe", WarrantyEnding, func(d *Data) { d.Links.Unsubscribe = "" },
			"with an Offer is marketing and needs an unsubscribe link"},
		{"offer of nothing", WarrantyEnding, func(d *Data) { d.Offer = &OfferData{URL: "https://s.example/o/1"} },
			"Offer needs an Extension or at least one of SpareParts"},
		{"extension without a name", WarrantyEnding, func(d *Data) { d.Offer.Extension.Name = " " }, "needs Offer.Extension.Name"},
		{"extension of no months", WarrantyEnding, func(d *Data) { d.Offer.Extension.Months = 0 }, "Months of at least 1; it is 0"},
		{"extension without a price", WarrantyEnding, func(d *Data) { d.Offer.Extension.Price = "" }, "needs Offer.Extension.Price"},
		{"part without a price", WarrantyEnding, func(d *Data) { d.Offer.SpareParts[1].Price = "" }, "name and price of every part; Offer.SpareParts[1]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := fullSample(tc.key, "id")
			tc.edit(&d)
			_, err := MustDefault(t, tc.key, "id").Render(d)
			if purna.ErrorCode(err) != purna.EINVALID || !strings.Contains(purna.ErrorMessage(err), tc.msg) {
				t.Errorf("Render = %v, want EINVALID about %q", err, tc.msg)
			}
		})
	}
}

func TestSections(t *testing.T) {
	t.Parallel()
	got, err := sections("note\n-- subject --\nHi\n-- html --\n<p>Hi</p>\n\n-- text --\nHi\n")
	if err != nil {
		t.Fatal(err)
	}
	if got["subject"] != "Hi" || got["html"] != "<p>Hi</p>" || got["text"] != "Hi" || got["sms"] != "" {
		t.Errorf("sections = %q", got)
	}
	got, err = sections("-- subject --\nHi\n-- html --\n<p>Hi</p>\n-- text --\nHi\n-- sms --\nToko: Hi\n  there\n")
	if err != nil {
		t.Fatal(err)
	}
	if got["sms"] != "Toko: Hi\n  there" {
		t.Errorf("sections sms = %q", got["sms"])
	}
	for _, bad := range []string{
		"-- subject --\nx\n-- html --\ny", "-- subject --\n-- subject --\n-- html --\n-- text --", "-- body --\n",
		"-- subject --\nx\n-- html --\ny\n-- text --\nz\n-- sms --\na\n-- sms --\nb",
	} {
		if _, err := sections(bad); err == nil {
			t.Errorf("sections(%q) succeeded", bad)
		}
	}
}

func TestColors(t *testing.T) {
	t.Parallel()
	tests := []struct{ brand, header, accent, on string }{
		{"#0F766E", "#0F766E", "#0F766E", "#FFFFFF"},
		{"#FACC15", "#FACC15", neutral, inkStrong}, // pale yellow: dark text, neutral buttons
		{"", neutral, neutral, "#FFFFFF"},
		{"red;x", neutral, neutral, "#FFFFFF"},
	}
	for _, tc := range tests {
		if got := brandColor(tc.brand); got != tc.header {
			t.Errorf("brandColor(%q) = %s, want %s", tc.brand, got, tc.header)
		}
		if got := accentColor(tc.brand); got != tc.accent {
			t.Errorf("accentColor(%q) = %s, want %s", tc.brand, got, tc.accent)
		}
		if got := onColor(brandColor(tc.brand)); got != tc.on {
			t.Errorf("onColor(%q) = %s, want %s", tc.brand, got, tc.on)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	f := newFixture(b, "id")
	c := MustDefault(b, OrderConfirmation, "id")
	d := f.data(OrderConfirmation, "id")
	var n int
	for b.Loop() {
		r, err := c.Render(d)
		if err != nil {
			b.Fatal(err)
		}
		n = len(r.HTML)
	}
	b.SetBytes(int64(n))
}

// FuzzParse feeds merchant-written HTML and SMS parts to Parse: it must
// never panic, a template it accepts must render, and its SMS comes out as
// one line that, for marketing keys, carries the unsubscribe link.
func FuzzParse(f *testing.F) {
	for _, key := range Keys() {
		tpl, err := Default(key, "id")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(key), tpl.HTML, tpl.SMS)
	}
	f.Add("winback", `<p>{{.Order.Number}}</p>`, "")
	f.Add("winback", `<a class="button" href="{{.Links.Store}}">{{.Shop.Name}}</a>`, "{{.Shop.Name}}:\n\t{{.Links.Unsubscribe}}")
	f.Add("order_shipped", `<p>Hi</p>`, `{{range .Order.Lines}}{{.Name}}{{end}} {{with .Coupon}}{{.Code}}{{end}}`)
	f.Fuzz(func(t *testing.T, key, html, sms string) {
		tpl := Template{Key: Key(key), Locale: "en", Subject: "Hi", HTML: html, Text: "Hi", SMS: sms}
		c, err := Parse(tpl)
		if err != nil {
			if purna.ErrorCode(err) != purna.EINVALID {
				t.Fatalf("Parse error %v is not EINVALID", err)
			}
			return
		}
		d := Sample(Key(key), "en")
		r, err := c.Render(d)
		if err != nil {
			t.Fatalf("accepted template does not render: %v", err)
		}
		if strings.TrimSpace(sms) == "" && r.SMS != "" {
			t.Fatalf("SMS %q from an empty part", r.SMS)
		}
		if r.SMS != strings.Join(strings.Fields(r.SMS), " ") {
			t.Fatalf("SMS %q is not one line with single spaces", r.SMS)
		}
		if r.SMS != "" && Key(key).Kind() == Marketing && !strings.Contains(r.SMS, d.Links.Unsubscribe) {
			t.Fatalf("marketing SMS %q has no unsubscribe link", r.SMS)
		}
	})
}
