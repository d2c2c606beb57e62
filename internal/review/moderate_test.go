package review

import (
	"fmt"
	"slices"
	"testing"
)

func TestDecide(t *testing.T) {
	t.Parallel()
	defaults := DefaultRules()
	open := Rules{AutoPublish: true, AllowUnverified: true}
	tests := []struct {
		name    string
		rules   Rules
		change  func(r *Review)
		status  Status
		reasons []string
	}{
		{"verified and clean", defaults, nil, Published, nil},
		{"unverified refused by default", defaults, func(r *Review) { r.Verified = false }, Rejected, []string{ReasonNotVerified}},
		{"unverified allowed but held", Rules{AutoPublish: true, VerifiedOnly: true, AllowUnverified: true},
			func(r *Review) { r.Verified = false }, Pending, []string{ReasonNotVerified}},
		{"unverified allowed and published", open, func(r *Review) { r.Verified = false }, Published, nil},
		{"manual moderation", Rules{AllowUnverified: true}, nil, Pending, []string{ReasonManual}},
		{"profanity in the body", defaults, func(r *Review) { r.Body = "Penjual bangsat" }, Pending, []string{ReasonProfanity}},
		{"profanity in the title", defaults, func(r *Review) { r.Title = "F*ck no, fucking awful" }, Pending, []string{ReasonProfanity}},
		{"profanity in the name", defaults, func(r *Review) { r.AuthorName = "Kontol" }, Pending, []string{ReasonProfanity}},
		{"profanity holds even with open rules", open, func(r *Review) { r.Body = "shit" }, Pending, []string{ReasonProfanity}},
		{"profanity in the review's own language", defaults, func(r *Review) { r.Locale = "ro"; r.Body = "o pizdă" }, Pending, []string{ReasonProfanity}},
		{"link held", defaults, func(r *Review) { r.Body = "Lebih murah di https://spam.example/x" }, Pending, []string{ReasonLink}},
		{"e-mail held", defaults, func(r *Review) { r.Body = "hubungi saya: siti@example.com" }, Pending, []string{ReasonLink}},
		{"link allowed", open, func(r *Review) { r.Body = "Lihat www.example.com" }, Published, nil},
		{"photos held", defaults, func(r *Review) { r.Photos = []string{photoA} }, Pending, []string{ReasonPhotos}},
		{"photos allowed", open, func(r *Review) { r.Photos = []string{photoA} }, Published, nil},
		{"incentivised is published like any other", defaults, func(r *Review) { r.Incentivised = true }, Published, nil},
		{"every reason, in order", Rules{VerifiedOnly: true, HoldWithPhotos: true, HoldLinks: true, AllowUnverified: true},
			func(r *Review) { r.Verified = false; r.Body = "anjing, lihat wa.me/62812"; r.Photos = []string{photoA} },
			Pending, []string{ReasonManual, ReasonNotVerified, ReasonProfanity, ReasonLink, ReasonPhotos}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			status, reasons := Decide(tc.rules, testReview(tc.change))
			if status != tc.status || !slices.Equal(reasons, tc.reasons) {
				t.Errorf("Decide = %s %q, want %s %q", status, reasons, tc.status, tc.reasons)
			}
		})
	}
}

// TestDecideIgnoresRating runs every combination of rules over reviews
// that each trigger a different rule, and checks that changing only the
// rating never changes the decision. FuzzDecideIgnoresRating does the same
// for any text.
func TestDecideIgnoresRating(t *testing.T) {
	t.Parallel()
	variants := []func(r *Review){
		nil,
		func(r *Review) { r.Verified = false },
		func(r *Review) { r.Body = "bangsat" },
		func(r *Review) { r.Body = "murah di toko-lain.shop" },
		func(r *Review) { r.Photos = []string{photoA, photoB} },
		func(r *Review) { r.Incentivised = true },
		func(r *Review) { r.Title = "" },
		func(r *Review) { r.Status = Pending; r.PublishedAt = nil },
	}
	for bits := range 1 << 5 {
		rules := Rules{
			AutoPublish:     bits&1 != 0,
			VerifiedOnly:    bits&2 != 0,
			HoldWithPhotos:  bits&4 != 0,
			HoldLinks:       bits&8 != 0,
			AllowUnverified: bits&16 != 0,
		}
		for i, change := range variants {
			t.Run(fmt.Sprintf("rules %05b review %d", bits, i), func(t *testing.T) {
				t.Parallel()
				MustIgnoreRating(t, rules, testReview(change))
			})
		}
	}
}

// MustIgnoreRating fails the test if Decide's answer for r changes with
// its rating alone, over the valid ratings and some invalid ones.
func MustIgnoreRating(tb testing.TB, rules Rules, r *Review) {
	tb.Helper()
	status, reasons := Decide(rules, r)
	for _, rating := range []int{1, 2, 3, 4, 5, 0, -1, 6, 1 << 30} {
		x := *r
		x.Rating = rating
		s, rs := Decide(rules, &x)
		if s != status || !slices.Equal(rs, reasons) {
			tb.Fatalf("rating %d: Decide = %s %q, rating %d: %s %q", r.Rating, status, reasons, rating, s, rs)
		}
	}
}

func TestHasLink(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want bool
	}{
		{"https://example.com/x", true},
		{"lihat http://bit.ly/abc", true},
		{"HTTPS://EXAMPLE.COM", true},
		{"ftp://files.example", true},
		{"www.tokolain.id", true},
		{"beli di murah-banget.shop ya", true},
		{"chat wa.me/62812345678", true},
		{"(tokopedia.com)", true},
		{"siti.rahma@gmail.com", true},
		{"email: ana@example.ro.", true},
		{"sub.domain.example.co", true},
		{"Fast delivery.Shop again!", false},
		{"Barangnya mantap.top deh", false},
		{"Rating 4.5 dari 5, harga Rp.150.000", false},
		{"Ukuran XL.Warna biru", false},
		{"Bagus @penjual, terima kasih", false},
		{"No links here", false},
		{"", false},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			t.Parallel()
			if got := HasLink(tc.text); got != tc.want {
				t.Errorf("HasLink(%q) = %v, want %v", tc.text, got, tc.want)
			}
		})
	}
}
