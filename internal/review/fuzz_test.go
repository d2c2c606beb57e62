package review

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// FuzzProfane checks that Profane never panics and only ever returns words
// of the lists it was asked to check.
func FuzzProfane(f *testing.F) {
	for _, seed := range []struct{ locale, text string }{
		{"id", "Barang bagus, pengiriman cepat. Mantap gan!"},
		{"id", "4nj1iing lu, b4ngs4t!!! kontolnya"},
		{"id", "Dipakai ke pantai, santai, asuransi masuk"},
		{"ro", "PIZDĂ, căcat şi futuţi; o culoare populară"},
		{"ro", "ca\u0306cat \u0219i s\u0326"},
		{"en", "A thorough assessment from Scunthorpe, $hit @sshole fück"},
		{"xx", "\xff\xfe 🙂 ẞ İ ǅ"},
	} {
		f.Add(seed.locale, seed.text)
	}
	f.Fuzz(func(t *testing.T, locale, text string) {
		allowed := slices.Clone(lists()["en"].words)
		if l, ok := lists()[locale]; ok {
			allowed = append(allowed, l.words...)
		}
		got := Profane(locale, text)
		for i, w := range got {
			if !slices.Contains(allowed, w) {
				t.Errorf("Profane(%q, %q) returned %q, not in the lists", locale, text, w)
			}
			if slices.Contains(got[:i], w) {
				t.Errorf("Profane(%q, %q) returned %q twice", locale, text, w)
			}
		}
	})
}

// FuzzDecideIgnoresRating checks, for any text and any rules, that the
// rating alone never changes what Decide says.
func FuzzDecideIgnoresRating(f *testing.F) {
	f.Add("Bagus", "Barang sesuai", "Siti R.", "id", uint8(0b11111), true, uint8(0), 5)
	f.Add("Jelek", "Penjual bangsat, lihat wa.me/628", "", "id", uint8(0b01101), false, uint8(2), 1)
	f.Add("", "shit https://x.example", "Ana", "ro", uint8(0), true, uint8(6), 3)
	f.Fuzz(func(t *testing.T, title, body, author, locale string, flags uint8, verified bool, photos uint8, rating int) {
		rules := Rules{
			AutoPublish:     flags&1 != 0,
			VerifiedOnly:    flags&2 != 0,
			HoldWithPhotos:  flags&4 != 0,
			HoldLinks:       flags&8 != 0,
			AllowUnverified: flags&16 != 0,
		}
		r := testReview(func(r *Review) {
			r.Title, r.Body, r.AuthorName, r.Locale, r.Verified, r.Rating = title, body, author, locale, verified, rating
			r.Photos = slices.Repeat([]string{photoA}, int(photos%8))
		})
		MustIgnoreRating(t, rules, r)
	})
}

// FuzzJSONLD checks that any review text gives valid JSON with no <, > or
// & in it, so it can never end the <script> element it goes in.
func FuzzJSONLD(f *testing.F) {
	f.Add("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)")
	f.Add("Bagus", "</script><script>alert(1)</script>", "Siti R.")
	f.Add("\u2028\u2029", "<!-- & --> ]]>", "\xff\x00")
	f.Fuzz(func(t *testing.T, title, body, author string) {
		r := testReview(func(r *Review) { r.Title, r.Body, r.AuthorName = title, body, author })
		b, err := ProductJSONLD(ProductInfo{Name: title, SKU: author, Brand: body}, Summarize([]int{r.Rating}), []*Review{r})
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid(b) {
			t.Fatalf("invalid JSON: %s", b)
		}
		if bytes.ContainsAny(b, "<>&") {
			t.Fatalf("unescaped <, > or &: %s", b)
		}
		tag := string(ScriptTag(b))
		MustOneScript(t, tag)
		inner := strings.TrimSuffix(strings.TrimPrefix(tag, `<script type="application/ld+json">`), `</script>`)
		if inner != string(b) {
			t.Fatalf("ScriptTag changed escaped JSON:\n%s\n%s", b, inner)
		}
	})
}

// FuzzFeed checks that any review text and product data gives a feed that
// parses as XML.
func FuzzFeed(f *testing.F) {
	f.Add("<b>Great</b> & \"cheap\"", "Line\x00two ]]> <![CDATA[", "Ana & <Co>", "S&1", "https://toko.example/p?a=1&b=2")
	f.Add("", "ok", "", "", "https://toko.example/p")
	f.Add("\ufffe\uffff", "\xff\xfe", "\x1b[31m", "\u2028", "javascript:alert(1)")
	f.Fuzz(func(t *testing.T, title, body, author, sku, url string) {
		r := testReview(func(r *Review) { r.Title, r.Body, r.AuthorName = title, body, author })
		var b bytes.Buffer
		err := WriteFeed(&b, FeedInfo{Aggregator: author, Publisher: "Toko " + title, Favicon: url}, []FeedItem{{
			Review: r, ReviewURL: url, PhotoURLs: []string{url},
			Product: FeedProduct{Name: title, URL: "https://toko.example/" + url, SKU: sku, GTIN: sku, MPN: body, Brand: author},
		}})
		if err != nil {
			t.Fatal(err)
		}
		MustWellFormed(t, b.Bytes())
	})
}
