package message

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/purnajual/purna"
)

func TestWhatsAppParams(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		key    Key
		locale string
		edit   func(*Data)
		want   WhatsAppMessage
	}{
		{"shipped", OrderShipped, "id", nil, WhatsAppMessage{
			Template: "purna_order_shipped", Language: "id", Category: "UTILITY",
			Body:      []string{"Kak Sari", "#1042", "JNE REG", "https://griyaelektronik.id/t/8KQ2X"},
			ButtonURL: "https://griyaelektronik.id/t/8KQ2X", ButtonSuffix: "t/8KQ2X",
		}},
		{"shipped without name, carrier or tracking page", OrderShipped, "id", func(d *Data) {
			d.Customer.FirstName = " "
			d.Shipment.Carrier = ""
			d.Links.TrackingPage = ""
			d.Shipment.TrackingURL = "https://www.jne.co.id/tracking?awb=CGK1"
		}, WhatsAppMessage{
			// The carrier's own page goes in the body, never in a button
			// registered on Purna's host.
			Template: "purna_order_shipped", Language: "id", Category: "UTILITY",
			Body: []string{"Kak", "#1042", "kurir", "https://www.jne.co.id/tracking?awb=CGK1"},
		}},
		{"late without an estimate or any page", DeliveryLate, "en", func(d *Data) {
			d.Customer.FirstName = ""
			d.Shipment = &ShipmentData{}
			d.Links = LinksData{}
		}, WhatsAppMessage{
			Template: "purna_delivery_late", Language: "en", Category: "UTILITY",
			Body: []string{"there", "#1042", "to be confirmed", "(not available yet)"},
		}},
		{"warranty", WarrantyEnding, "ro", nil, WhatsAppMessage{
			Template: "purna_warranty_ending", Language: "ro", Category: "UTILITY",
			Body:      []string{"Ioana", "Aspirator robot Roborock Q7 Max", "6 nov. 2028", "https://casaverde.ro/o/8KQ2X"},
			ButtonURL: "https://casaverde.ro/o/8KQ2X", ButtonSuffix: "o/8KQ2X",
		}},
		{"maintenance carries the unsubscribe link", MaintenanceDue, "ro", func(d *Data) { d.Customer.FirstName = "" }, WhatsAppMessage{
			Template: "purna_maintenance_due", Language: "ro", Category: "MARKETING",
			Body: []string{"dragă client", "Aspirator robot Roborock Q7 Max", "4 feb. 2027",
				"https://casaverde.ro/o/8KQ2X", "https://casaverde.ro/u/4ZP7M"},
			ButtonURL: "https://casaverde.ro/o/8KQ2X", ButtonSuffix: "o/8KQ2X",
		}},
		{"winback with coupon", Winback, "en", nil, WhatsAppMessage{
			Template: "purna_winback_coupon", Language: "en", Category: "MARKETING",
			Body: []string{"Sari", "Griya Elektronik", "10%", "KEMBALI10", "https://griyaelektronik.id", "https://griyaelektronik.id/u/4ZP7M"},
		}},
		{"winback without coupon", Winback, "en", func(d *Data) { d.Coupon = nil }, WhatsAppMessage{
			Template: "purna_winback", Language: "en", Category: "MARKETING",
			Body: []string{"Sari", "Griya Elektronik", "https://griyaelektronik.id", "https://griyaelektronik.id/u/4ZP7M"},
		}},
		{"nps", SurveyNPS, "id", nil, WhatsAppMessage{
			Template: "purna_survey_nps", Language: "id", Category: "UTILITY",
			Body:      []string{"Kak Sari", "Griya Elektronik", "https://griyaelektronik.id/s/N4Q8ZP"},
			ButtonURL: "https://griyaelektronik.id/s/N4Q8ZP", ButtonSuffix: "s/N4Q8ZP",
		}},
		{"csat names the case", SurveyCSAT, "ro", nil, WhatsAppMessage{
			Template: "purna_survey_csat", Language: "ro", Category: "UTILITY",
			Body:      []string{"Ioana", "cererea ta de retur R-1001", "https://casaverde.ro/s/N4Q8ZP"},
			ButtonURL: "https://casaverde.ro/s/N4Q8ZP", ButtonSuffix: "s/N4Q8ZP",
		}},
		{"csat without a case names the order", SurveyCSAT, "en", func(d *Data) { d.Case = nil }, WhatsAppMessage{
			Template: "purna_survey_csat", Language: "en", Category: "UTILITY",
			Body:      []string{"Sari", "order #1042", "https://griyaelektronik.id/s/N4Q8ZP"},
			ButtonURL: "https://griyaelektronik.id/s/N4Q8ZP", ButtonSuffix: "s/N4Q8ZP",
		}},
		{"csat about neither", SurveyCSAT, "id", func(d *Data) { d.Case, d.Order = nil, nil }, WhatsAppMessage{
			Template: "purna_survey_csat", Language: "id", Category: "UTILITY",
			Body:      []string{"Kak Sari", "permintaan Kakak", "https://griyaelektronik.id/s/N4Q8ZP"},
			ButtonURL: "https://griyaelektronik.id/s/N4Q8ZP", ButtonSuffix: "s/N4Q8ZP",
		}},
		{"ces after a service visit", SurveyCES, "en", func(d *Data) { d.Case.Kind = "maintenance" }, WhatsAppMessage{
			Template: "purna_survey_ces", Language: "en", Category: "UTILITY",
			Body:      []string{"Sari", "get your Sharp Air Purifier FP-J40Y serviced", "https://griyaelektronik.id/s/N4Q8ZP"},
			ButtonURL: "https://griyaelektronik.id/s/N4Q8ZP", ButtonSuffix: "s/N4Q8ZP",
		}},
		{"ces without a case", SurveyCES, "ro", func(d *Data) { d.Case = nil }, WhatsAppMessage{
			Template: "purna_survey_ces", Language: "ro", Category: "UTILITY",
			Body:      []string{"Ioana", "primești ajutorul de care aveai nevoie", "https://casaverde.ro/s/N4Q8ZP"},
			ButtonURL: "https://casaverde.ro/s/N4Q8ZP", ButtonSuffix: "s/N4Q8ZP",
		}},
		{"review names the first product, never the incentive", ReviewRequest, "en", nil, WhatsAppMessage{
			Template: "purna_review_request", Language: "en", Category: "UTILITY",
			Body:      []string{"Sari", "Sharp Air Purifier FP-J40Y", "https://griyaelektronik.id/r/8KQ2X/1"},
			ButtonURL: "https://griyaelektronik.id/r/8KQ2X/1", ButtonSuffix: "r/8KQ2X/1",
		}},
		{"public reply with its page", ReviewReply, "id", nil, WhatsAppMessage{
			Template: "purna_review_reply_public", Language: "id", Category: "UTILITY",
			Body: []string{"Kak Sari", "Sharp Air Purifier FP-J40Y",
				"Terima kasih banyak atas ulasannya, Kak Sari! Senang sekali mendengar udaranya terasa lebih segar. " +
					"Soal lampu indikator: tekan tombol Light selama 3 detik untuk meredupkannya. Kalau masih kurang nyaman, balas saja email ini, tim kami siap membantu.",
				"https://griyaelektronik.id/w/01JC3V8R6ZK2M4N7P9Q1S3T5W8/products/SKU-1001"},
			ButtonURL:    "https://griyaelektronik.id/w/01JC3V8R6ZK2M4N7P9Q1S3T5W8/products/SKU-1001",
			ButtonSuffix: "w/01JC3V8R6ZK2M4N7P9Q1S3T5W8/products/SKU-1001",
		}},
		{"public reply without its page links the store, with no button", ReviewReply, "en", func(d *Data) {
			d.ReviewReply.PageURL = ""
			d.ReviewReply.Reply = "Thank you!"
		}, WhatsAppMessage{
			Template: "purna_review_reply_public", Language: "en", Category: "UTILITY",
			Body: []string{"Sari", "Sharp Air Purifier FP-J40Y", "Thank you!", "https://griyaelektronik.id"},
		}},
		{"private reply never links the page", ReviewReply, "ro", func(d *Data) {
			d.ReviewReply.Public = false
			d.ReviewReply.Reply = "Mulțumim!\n\nTe sunăm mâine."
		}, WhatsAppMessage{
			Template: "purna_review_reply", Language: "ro", Category: "UTILITY",
			Body: []string{"Ioana", "Aspirator robot Roborock Q7 Max", "Mulțumim! Te sunăm mâine."},
		}},
		{"long reply cut at a word", ReviewReply, "en", func(d *Data) {
			d.ReviewReply.Public = false
			d.ReviewReply.Reply = strings.Repeat("Thanks again, ", 50) // 700 characters; 595 are kept
		}, WhatsAppMessage{
			Template: "purna_review_reply", Language: "en", Category: "UTILITY",
			Body: []string{"Sari", "Sharp Air Purifier FP-J40Y", strings.Repeat("Thanks again, ", 42) + "Thanks…"},
		}},
		{"customer text made one line", OrderConfirmation, "en", func(d *Data) {
			d.Customer.FirstName = "Sari\n\tWulan    dari"
			d.Order.Number = "  #1042\r\n"
		}, WhatsAppMessage{
			Template: "purna_order_confirmation", Language: "en", Category: "UTILITY",
			Body:      []string{"Sari Wulan dari", "#1042", "Rp 2,472,000", "https://griyaelektronik.id/o/8KQ2X"},
			ButtonURL: "https://griyaelektronik.id/o/8KQ2X", ButtonSuffix: "o/8KQ2X",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := Sample(tc.key, tc.locale)
			if tc.edit != nil {
				tc.edit(&d)
			}
			got, err := WhatsAppParams(tc.key, d)
			if err != nil {
				t.Fatal(err)
			}
			if got.Template != tc.want.Template || got.Language != tc.want.Language || got.Category != tc.want.Category ||
				!slices.Equal(got.Body, tc.want.Body) || got.ButtonURL != tc.want.ButtonURL || got.ButtonSuffix != tc.want.ButtonSuffix {
				t.Errorf("WhatsAppParams =\n %q\nwant\n %q", got, tc.want)
			}
		})
	}
}

func TestWhatsAppParamsRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		key  Key
		edit func(*Data)
		code string
	}{
		{"unknown key", "hello", nil, purna.ENOTFOUND},
		{"unknown language", OrderShipped, func(d *Data) { d.Locale = "de" }, purna.EINVALID},
		{"shipped without shipment", OrderShipped, func(d *Data) { d.Shipment = nil }, purna.EINVALID},
		{"winback without unsubscribe", Winback, func(d *Data) { d.Links.Unsubscribe = "" }, purna.EINVALID},
		{"survey without a question", SurveyNPS, func(d *Data) { d.Survey = nil }, purna.EINVALID},
		{"survey without its page", SurveyCES, func(d *Data) { d.Survey = sampleSurvey("ces", "https://s.example/s/1"); d.Survey.PageURL = "" },
			purna.EINVALID},
		{"review without products", ReviewRequest, func(d *Data) { d.Review.Products = nil }, purna.EINVALID},
		{"reply without a review reply", ReviewReply, func(d *Data) { d.ReviewReply = nil }, purna.EINVALID},
		{"reply without words", ReviewReply, func(d *Data) { d.ReviewReply.Reply = "" }, purna.EINVALID},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := Sample(Winback, "en")
			if tc.edit != nil {
				tc.edit(&d)
			}
			if _, err := WhatsAppParams(tc.key, d); purna.ErrorCode(err) != tc.code {
				t.Errorf("WhatsAppParams = %v, want %s", err, tc.code)
			}
		})
	}
}

// docTemplate is one body in docs/whatsapp-templates.md.
type docTemplate struct {
	category string
	bodies   map[string]string // by language code
}

var (
	docName     = regexp.MustCompile(`^## (purna_\w+)$`)
	docCategory = regexp.MustCompile("category `(\\w+)`")
	docLang     = regexp.MustCompile(`^### (\w+)$`)
	placeholder = regexp.MustCompile(`\{\{(\d+)\}\}`)
)

// MustReadWhatsAppDoc reads the template bodies from the doc merchants
// submit to Meta.
func MustReadWhatsAppDoc(tb testing.TB) map[string]docTemplate {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "whatsapp-templates.md"))
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string]docTemplate{}
	var name, lang string
	var body []string
	inBody := false
	for l := range strings.Lines(string(b)) {
		l = strings.TrimSuffix(l, "\n")
		switch {
		case inBody && l == "```":
			out[name].bodies[lang] = strings.Join(body, "\n")
			inBody, body = false, nil
		case inBody:
			body = append(body, l)
		case docName.MatchString(l):
			name, lang = docName.FindStringSubmatch(l)[1], ""
			out[name] = docTemplate{bodies: map[string]string{}}
		case name != "" && lang == "" && docCategory.MatchString(l):
			out[name] = docTemplate{category: docCategory.FindStringSubmatch(l)[1], bodies: out[name].bodies}
		case name != "" && docLang.MatchString(l):
			lang = docLang.FindStringSubmatch(l)[1]
		case name != "" && lang != "" && l == "```text":
			inBody = true
		}
	}
	return out
}

// TestWhatsAppDoc checks docs/whatsapp-templates.md against the code: every
// template WhatsAppParams can name is there in every language, with the
// category the code sends and as many parameters, and each body keeps
// Meta's rules, so it is approved and then filled correctly.
func TestWhatsAppDoc(t *testing.T) {
	t.Parallel()
	doc := MustReadWhatsAppDoc(t)
	seen := map[string]bool{}
	for _, locale := range Locales {
		for _, key := range Keys() {
			full := Sample(key, locale)
			noCoupon := Sample(key, locale)
			noCoupon.Coupon = nil
			private := Sample(key, locale)
			private.ReviewReply.Public = false
			for _, d := range []Data{full, noCoupon, private} {
				m, err := WhatsAppParams(key, d)
				if err != nil {
					t.Fatalf("%s/%s: %v", key, locale, err)
				}
				seen[m.Template] = true
				tpl, ok := doc[m.Template]
				if !ok {
					t.Errorf("%s is not in the doc", m.Template)
					continue
				}
				if tpl.category != m.Category {
					t.Errorf("%s: doc says category %q, code sends %q", m.Template, tpl.category, m.Category)
				}
				body, ok := tpl.bodies[m.Language]
				if !ok {
					t.Errorf("%s has no %s body in the doc", m.Template, m.Language)
					continue
				}
				if n := len(placeholder.FindAllString(body, -1)); n != len(m.Body) {
					t.Errorf("%s/%s: the doc's body has %d parameters, the code sends %d", m.Template, m.Language, n, len(m.Body))
				}
				for i, p := range m.Body {
					if p == "" || strings.ContainsAny(p, "\n\t") || strings.Contains(p, "    ") || len([]rune(p)) > 1024 {
						t.Errorf("%s/%s: parameter %d %q is not valid for WhatsApp", m.Template, m.Language, i+1, p)
					}
				}
			}
		}
	}
	for name, tpl := range doc {
		if !seen[name] {
			t.Errorf("the doc has %s, which the code never sends", name)
		}
		if len(tpl.bodies) != len(Locales) {
			t.Errorf("%s has bodies for %d languages, want %d", name, len(tpl.bodies), len(Locales))
		}
		for lang, body := range tpl.bodies {
			if problem := checkWhatsAppBody(body); problem != "" {
				t.Errorf("%s/%s: %s", name, lang, problem)
			}
		}
	}
}

// checkWhatsAppBody returns what Meta would reject in a template body, or "".
func checkWhatsAppBody(body string) string {
	switch {
	case len([]rune(body)) > 1024:
		return "longer than 1024 characters"
	case strings.TrimSpace(body) != body:
		return "starts or ends with white space"
	case strings.HasPrefix(body, "{{") || strings.HasSuffix(body, "}}"):
		return "starts or ends with a parameter"
	case strings.Contains(body, "\n\n\n"):
		return "has more than one blank line in a row"
	case strings.Contains(body, "  ") || strings.Contains(body, " \n") || strings.Contains(body, "\t"):
		return "has double spaces, tabs or spaces at a line end"
	case regexp.MustCompile(`\}\}[\s[:punct:]]*\{\{`).MatchString(body):
		return "has two parameters with no words between them"
	}
	for i, m := range placeholder.FindAllStringSubmatch(body, -1) {
		if m[1] != strconv.Itoa(i+1) {
			return "parameters are not {{1}}, {{2}}… in order, each once: found " + m[0] + " at place " + strconv.Itoa(i+1)
		}
	}
	return ""
}

// FuzzWhatsAppParams sends any customer and carrier text through every
// key: parameters must stay valid for WhatsApp.
func FuzzWhatsAppParams(f *testing.F) {
	f.Add("Budi", "JNE REG", "#1042")
	f.Add("", "", "")
	f.Add("Ioana\n\tPopescu", "Fan     Courier", strings.Repeat("x", 2000))
	f.Fuzz(func(t *testing.T, first, carrier, number string) {
		for _, key := range Keys() {
			d := Sample(key, "ro")
			d.Customer.FirstName, d.Shipment.Carrier, d.Order.Number = first, carrier, number
			m, err := WhatsAppParams(key, d)
			if err != nil {
				t.Fatal(err)
			}
			for i, p := range m.Body {
				if p == "" || p != strings.Join(strings.Fields(p), " ") || len([]rune(p)) > 1024 {
					t.Fatalf("%s parameter %d = %q", key, i+1, p)
				}
			}
		}
	})
}
