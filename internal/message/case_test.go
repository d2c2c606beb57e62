package message

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// caseSteps are the moments of a case a case_update is sent for, each
// with what its event carries.
func caseSteps(f fixture) []struct {
	name  string
	facts CaseFacts
} {
	line := CaseLineData{Name: f.order.Lines[0].Name, Quantity: 1}
	filters := CaseLineData{Name: f.order.Lines[1].Name, Quantity: 2}
	cur := f.order.Currency
	booking := &BookingFacts{Location: "Service Center, Jl. Braga No. 12, Bandung",
		StartsAt: time.Date(2026, 11, 14, 10, 0, 0, 0, f.shop.Location())}
	quote := &QuoteFacts{Parts: []QuotePartFacts{{Name: "Motor kipas", Quantity: 1, UnitPrice: 45_000_000},
		{Name: "Filter HEPA", Quantity: 2, UnitPrice: 5_000_000}}, Labour: 15_000_000, Total: 70_000_000}
	reason := "Segel pabrik sudah dibuka dan filternya sudah terpakai."
	if cur == "RON" {
		booking.Location = "Casa Verde Service, Str. Horea 5, Cluj-Napoca"
		quote = &QuoteFacts{Parts: []QuotePartFacts{{Name: "Motor perie principală", Quantity: 1, UnitPrice: 18_900},
			{Name: "Filtru HEPA", Quantity: 2, UnitPrice: 3_500}}, Labour: 12_000, Total: 37_900}
		reason = "Sigiliul a fost desfăcut și filtrul a fost folosit."
	}
	return []struct {
		name  string
		facts CaseFacts
	}{
		{"return opened", CaseFacts{Number: "R-1001", Kind: "return", Status: "requested", Step: "opened", Lines: []CaseLineData{line, filters}}},
		{"return approved", CaseFacts{Number: "R-1001", Kind: "return", Status: "approved", Step: "approved", Lines: []CaseLineData{line}}},
		{"claim approved", CaseFacts{Number: "W-1002", Kind: "warranty_claim", Status: "approved", Step: "approved", Lines: []CaseLineData{line}}},
		{"return rejected with a reason", CaseFacts{Number: "R-1001", Kind: "return", Status: "rejected", Step: "rejected",
			Reason: reason, Lines: []CaseLineData{line}}},
		{"claim rejected", CaseFacts{Number: "W-1002", Kind: "warranty_claim", Status: "rejected", Step: "rejected", Lines: []CaseLineData{line}}},
		{"return received", CaseFacts{Number: "R-1001", Kind: "return", Status: "received", Step: "received", Lines: []CaseLineData{line}}},
		{"repair received", CaseFacts{Number: "S-1003", Kind: "repair", Status: "received", Step: "received", Lines: []CaseLineData{line}}},
		{"replacement shipped", CaseFacts{Number: "P-1004", Kind: "replacement", Status: "shipped", Step: "shipped", Tracking: "JNE-7788990011", Lines: []CaseLineData{line}}},
		{"return refunded", CaseFacts{Number: "R-1001", Kind: "return", Status: "resolved", Step: "resolved", Resolution: "refund",
			Refund: f.order.Lines[0].Total, Currency: cur, Lines: []CaseLineData{line}}},
		{"return credited", CaseFacts{Number: "R-1001", Kind: "return", Status: "resolved", Step: "resolved", Resolution: "store_credit",
			Refund: f.order.Lines[1].Total, Currency: cur, Lines: []CaseLineData{filters}}},
		{"claim repaired", CaseFacts{Number: "W-1002", Kind: "warranty_claim", Status: "resolved", Step: "resolved", Resolution: "repaired",
			Lines: []CaseLineData{line}}},
		{"exchange done", CaseFacts{Number: "E-1005", Kind: "exchange", Status: "resolved", Step: "resolved", Resolution: "exchange",
			Lines: []CaseLineData{line}}},
		{"repair quoted", CaseFacts{Number: "S-1003", Kind: "repair", Status: "quoted", Step: "quoted", Currency: cur, Quote: quote,
			Lines: []CaseLineData{line}}},
		{"repair quoted, no figures", CaseFacts{Number: "S-1003", Kind: "repair", Status: "quoted", Step: "quoted", Lines: []CaseLineData{line}}},
		{"repair repaired", CaseFacts{Number: "S-1003", Kind: "repair", Status: "repaired", Step: "repaired", Lines: []CaseLineData{line}}},
		{"repair returned", CaseFacts{Number: "S-1003", Kind: "repair", Status: "returned_to_customer", Step: "returned", Lines: []CaseLineData{line}}},
		{"maintenance booked", CaseFacts{Number: "M-1006", Kind: "maintenance", Status: "booked", Step: "opened", Booking: booking,
			Lines: []CaseLineData{line}}},
		{"maintenance rescheduled", CaseFacts{Number: "M-1006", Kind: "maintenance", Status: "booked", Step: "rescheduled", Booking: booking,
			Lines: []CaseLineData{line}}},
		{"return cancelled", CaseFacts{Number: "R-1001", Kind: "return", Status: "cancelled", Step: "cancelled", Lines: []CaseLineData{line}}},
		{"repair diagnosed, no words of its own", CaseFacts{Number: "S-1003", Kind: "repair", Status: "diagnosed", Step: "diagnosed",
			Lines: []CaseLineData{line}}},
	}
}

// TestCaseUpdateSteps renders case_update for every step of every kind
// in each language, checks that each SMS fits, and compares subject, text
// and SMS with testdata/golden/case_update_steps.<locale>.txt, one file to
// read per language.
func TestCaseUpdateSteps(t *testing.T) {
	t.Parallel()
	for _, locale := range Locales {
		t.Run(locale, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, locale)
			c := MustDefault(t, CaseUpdate, locale)
			var out strings.Builder
			for _, step := range caseSteps(f) {
				for _, portal := range []string{"https://track.purna.example/o/8KQ2X", ""} {
					facts := Facts{Order: f.order, Case: &step.facts, Links: LinksData{Portal: portal}}
					d := NewData(f.shop, locale, f.customer, facts)
					r, err := c.Render(d)
					if err != nil {
						t.Fatalf("%s: %v", step.name, err)
					}
					limit := 1
					if locale == "ro" {
						limit = 2
					}
					if n := SMSSegments(r.SMS); n > limit {
						t.Errorf("%s: SMS in %d parts: %s", step.name, n, r.SMS)
					}
					for _, s := range []string{r.Subject, r.Text, r.SMS} {
						if strings.Contains(s, "<no value>") || strings.Contains(s, "  ") {
							t.Errorf("%s: %q", step.name, s)
						}
					}
					if portal != "" && !strings.Contains(r.HTML, portal) {
						t.Errorf("%s: html has no portal link", step.name)
					}
					if _, err := WhatsAppParams(CaseUpdate, d); err != nil {
						t.Errorf("%s: whatsapp: %v", step.name, err)
					}
					if portal == "" {
						continue // the golden file holds the messages with a link
					}
					wa, _ := WhatsAppParams(CaseUpdate, d)
					out.WriteString("=== " + step.name + "\n")
					out.WriteString("subject: " + r.Subject + "\n")
					out.WriteString("sms: " + r.SMS + "\n")
					out.WriteString("whatsapp: " + strings.Join(wa.Body, " | ") + "\n\n")
					body, _, _ := strings.Cut(r.Text, "\n----") // the footer is the layout's
					out.WriteString(body + "\n\n")
				}
			}
			path := filepath.Join("testdata", "golden", "case_update_steps."+locale+".txt")
			if *update {
				if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/message -update)", err)
			}
			if got := out.String(); got != string(want) {
				t.Errorf("%s differs; run go test ./internal/message -update and review the diff\n%s", path, firstDiff(string(want), got))
			}
		})
	}
}

func TestCaseData(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "id")
	facts := Facts{Case: &CaseFacts{Number: "S-1", Kind: "repair", Step: "quoted", Currency: "IDR",
		Lines:   []CaseLineData{{Name: "Blender", Quantity: 1}, {Name: "Filter", Quantity: 2}},
		Quote:   &QuoteFacts{Parts: []QuotePartFacts{{Name: "Pisau", Quantity: 2, UnitPrice: 9_000_000}}, Total: 18_000_000},
		Booking: &BookingFacts{StartsAt: time.Date(2026, 11, 14, 3, 0, 0, 0, time.UTC)}},
		Links: LinksData{Portal: "https://p.example/o/1"}}
	c := NewData(f.shop, "id", f.customer, facts).Case
	for name, got := range map[string][2]string{
		"item":   {c.Item, "Blender, 2× Filter"},
		"kind":   {c.KindName, "perbaikan"},
		"part":   {c.Quote.Parts[0].Total, "Rp 180.000"},
		"labour": {c.Quote.Labour, ""},
		"total":  {c.Quote.Total, "Rp 180.000"},
		"when":   {c.Booking.When, "14 Nov 2026 10.00"},
		"portal": {c.PortalURL, "https://p.example/o/1"},
		"refund": {c.Refund, ""},
	} {
		if got[0] != got[1] {
			t.Errorf("%s = %q, want %q", name, got[0], got[1])
		}
	}
	facts.Case.Lines = nil
	if got := NewData(f.shop, "ro", f.customer, facts).Case.Item; got != "produsul tău" {
		t.Errorf("item without names = %q", got)
	}
}
