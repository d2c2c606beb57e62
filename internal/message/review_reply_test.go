package message

import (
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// reviewReplyVariants are the ways a reply to a review goes out: public
// with the product's reviews page (what the golden files show), public
// without it, private, and private to a one-star rating without words
// from a customer whose name we do not know.
func reviewReplyVariants(f fixture, locale string) []struct {
	name string
	data Data
} {
	type variant = struct {
		name string
		data Data
	}
	public := f.data(ReviewReply, locale)
	noPage := f.data(ReviewReply, locale)
	noPage.ReviewReply.PageURL = ""
	private := f.data(ReviewReply, locale)
	private.ReviewReply.Public = false
	bare := f.data(ReviewReply, locale)
	bare.ReviewReply.Public, bare.ReviewReply.Rating, bare.ReviewReply.Review = false, 1, ""
	bare.ReviewReply.Reply = map[string]string{
		"id": "Mohon maaf, Kak, kalau produknya belum sesuai harapan. Boleh ceritakan apa yang kurang? Balas saja email ini, kami bantu sampai beres.",
		"en": "We're sorry it didn't live up to your hopes. Could you tell us what went wrong? Just reply to this email and we'll put it right.",
		"ro": "Ne pare rău că produsul nu a fost pe măsura așteptărilor. Ne spui ce nu a mers? Răspunde-ne la acest e-mail și rezolvăm.",
	}[locale]
	bare.Order, bare.Customer.FirstName = nil, ""
	return []variant{
		{"public, with its page", public},
		{"public, without its page", noPage},
		{"private, its page known but not linked", private},
		{"private, one star without words, no name", bare},
	}
}

// TestReviewReplyVariants renders review_reply for each variant in each
// language; checks that the review and the reply come whole, that a
// public reply says it is public and links its page (a private one says
// it is private and links nothing), and that the SMS fits; and compares
// subject, SMS, WhatsApp and text with
// testdata/golden/review_reply_variants.<locale>.txt.
func TestReviewReplyVariants(t *testing.T) {
	t.Parallel()
	// The words of each language that say the reply is public, or not.
	publicWords := map[string]string{"id": "tampil untuk umum", "en": "Our reply is public", "ro": "e public"}
	privateWords := map[string]string{"id": "khusus untuk Kakak", "en": "just for you", "ro": "doar pentru tine"}
	for _, locale := range Locales {
		t.Run(locale, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, locale)
			c := MustDefault(t, ReviewReply, locale)
			var out strings.Builder
			for _, v := range reviewReplyVariants(f, locale) {
				rr := v.data.ReviewReply
				r, err := c.Render(v.data)
				if err != nil {
					t.Fatalf("%s: %v", v.name, err)
				}
				wa, err := WhatsAppParams(ReviewReply, v.data)
				if err != nil {
					t.Fatalf("%s: whatsapp: %v", v.name, err)
				}
				// Nothing the customer or the merchant wrote is cut.
				for _, p := range append(paragraphs(rr.Review), paragraphs(rr.Reply)...) {
					if !strings.Contains(r.Text, p) {
						t.Errorf("%s: text lacks %q", v.name, p)
					}
					if !strings.Contains(r.HTML, template.HTMLEscapeString(p)) {
						t.Errorf("%s: html lacks %q", v.name, p)
					}
				}
				if got := strings.Count(r.HTML, `class="quote-text"`); got != 0 {
					t.Errorf("%s: %d unstyled quote paragraphs", v.name, got)
				}
				if !strings.Contains(r.HTML, stars(rr.Rating)+"</span>") || !strings.Contains(r.Text, stars(rr.Rating)) {
					t.Errorf("%s: the rating %s is not shown", v.name, stars(rr.Rating))
				}
				for _, s := range []string{r.HTML, r.Text} {
					if got := strings.Contains(s, publicWords[locale]); got != rr.Public {
						t.Errorf("%s: says the reply is public = %v, want %v", v.name, got, rr.Public)
					}
					if got := strings.Contains(s, privateWords[locale]); got != !rr.Public {
						t.Errorf("%s: says the reply is private = %v, want %v", v.name, got, !rr.Public)
					}
				}
				linked := rr.Public && rr.PageURL != ""
				for part, s := range map[string]string{"html": r.HTML, "text": r.Text, "sms": r.SMS} {
					if got := strings.Contains(s, "/w/01JC3V8R6ZK2M4N7P9Q1S3T5W8/"); got != linked {
						t.Errorf("%s: %s links the reviews page = %v, want %v", v.name, part, got, linked)
					}
				}
				if got := strings.Contains(r.HTML, `<table role="presentation" class="btn"`); got != linked {
					t.Errorf("%s: button = %v, want %v", v.name, got, linked)
				}
				if wantTpl := map[bool]string{true: "purna_review_reply_public", false: "purna_review_reply"}[rr.Public]; wa.Template != wantTpl {
					t.Errorf("%s: whatsapp template %s, want %s", v.name, wa.Template, wantTpl)
				}
				if (wa.ButtonURL != "") != linked {
					t.Errorf("%s: whatsapp button %q, want one = %v", v.name, wa.ButtonURL, linked)
				}
				limit := 1
				if locale == "ro" {
					limit = 2
				}
				if n := SMSSegments(r.SMS); n > limit {
					t.Errorf("%s: SMS in %d parts: %s", v.name, n, r.SMS)
				}
				for _, s := range []string{r.Subject, r.Text, r.SMS} {
					if strings.Contains(s, "<no value>") || strings.Contains(s, "  ") || strings.Contains(s, " ?") {
						t.Errorf("%s: %q", v.name, s)
					}
				}
				out.WriteString("=== " + v.name + "\n")
				out.WriteString("subject: " + r.Subject + "\n")
				out.WriteString("sms: " + r.SMS + "\n")
				out.WriteString("whatsapp: " + wa.Template + ": " + strings.Join(wa.Body, " | ") + "\n\n")
				body, _, _ := strings.Cut(r.Text, "\n----") // the footer is the layout's
				out.WriteString(body + "\n\n")
			}
			path := filepath.Join("testdata", "golden", "review_reply_variants."+locale+".txt")
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

func TestStars(t *testing.T) {
	t.Parallel()
	for rating, want := range map[int]string{-1: "☆☆☆☆☆", 0: "☆☆☆☆☆", 1: "★☆☆☆☆", 4: "★★★★☆", 5: "★★★★★", 9: "★★★★★"} {
		if got := stars(rating); got != want {
			t.Errorf("stars(%d) = %s, want %s", rating, got, want)
		}
	}
}
