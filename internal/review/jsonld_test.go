package review

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestProductJSONLD(t *testing.T) {
	t.Parallel()
	jakarta := MustLocation(t, "Asia/Jakarta")
	product := ProductInfo{
		Name: "Kemeja Batik", SKU: "KB-01", ImageURL: "https://cdn.example/kb.jpg",
		URL: "https://toko.example/kemeja-batik", Brand: "Batik Siti", Location: jakarta,
	}
	tests := []struct {
		name    string
		product ProductInfo
		summary Summary
		reviews []*Review
		want    string
	}{
		{
			name:    "reviews",
			product: product,
			summary: Summarize([]int{5, 4, 5}),
			reviews: []*Review{
				testReview(nil),
				testReview(func(r *Review) { r.Rating, r.Title, r.Body, r.AuthorName, r.PublishedAt = 4, "", "Oke.", "Budi", nil }),
				testReview(func(r *Review) { r.Status = Pending }),
				testReview(func(r *Review) { r.AuthorName = "" }),
				nil,
			},
			// 20:15 UTC is 03:15 the next day in Jakarta.
			want: `{"@context":"https://schema.org","@type":"Product","name":"Kemeja Batik","sku":"KB-01",` +
				`"image":"https://cdn.example/kb.jpg","url":"https://toko.example/kemeja-batik",` +
				`"brand":{"@type":"Brand","name":"Batik Siti"},` +
				`"aggregateRating":{"@type":"AggregateRating","ratingValue":"4.7","reviewCount":3,"bestRating":"5","worstRating":"1"},` +
				`"review":[` +
				`{"@type":"Review","author":{"@type":"Person","name":"Siti R."},"datePublished":"2026-11-03",` +
				`"reviewBody":"Kainnya lembut, jahitannya rapi. Pengiriman cepat.","name":"Bagus sekali",` +
				`"reviewRating":{"@type":"Rating","ratingValue":"5","bestRating":"5"}},` +
				`{"@type":"Review","author":{"@type":"Person","name":"Budi"},"datePublished":"2026-11-03",` +
				`"reviewBody":"Oke.","reviewRating":{"@type":"Rating","ratingValue":"4","bestRating":"5"}}]}`,
		},
		{
			name:    "no reviews: no aggregateRating",
			product: ProductInfo{Name: "Kemeja Batik"},
			want:    `{"@context":"https://schema.org","@type":"Product","name":"Kemeja Batik"}`,
		},
		{
			name:    "dates in UTC without a zone",
			product: ProductInfo{Name: "P"},
			summary: Summarize([]int{5}),
			reviews: []*Review{testReview(func(r *Review) { r.Title = "" })},
			want: `{"@context":"https://schema.org","@type":"Product","name":"P",` +
				`"aggregateRating":{"@type":"AggregateRating","ratingValue":"5.0","reviewCount":1,"bestRating":"5","worstRating":"1"},` +
				`"review":[{"@type":"Review","author":{"@type":"Person","name":"Siti R."},"datePublished":"2026-11-02",` +
				`"reviewBody":"Kainnya lembut, jahitannya rapi. Pengiriman cepat.","reviewRating":{"@type":"Rating","ratingValue":"5","bestRating":"5"}}]}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b, err := ProductJSONLD(tc.product, tc.summary, tc.reviews)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tc.want {
				t.Errorf("ProductJSONLD =\n%s\nwant\n%s", b, tc.want)
			}
		})
	}
}

// TestJSONLDEscapes checks what the package relies on encoding/json for:
// <, >, & and the JavaScript line separators are escaped, and the text
// still decodes to what the customer wrote.
func TestJSONLDEscapes(t *testing.T) {
	t.Parallel()
	body := "</script><script>alert(1)</script> & <!-- \u2028\u2029 ]]>"
	b, err := ProductJSONLD(ProductInfo{Name: "P & <Q>"}, Summarize([]int{1}),
		[]*Review{testReview(func(r *Review) { r.Body = body })})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsAny(b, "<>&\u2028\u2029") {
		t.Errorf("unescaped in %s", b)
	}
	for _, want := range []string{`\u003c/script\u003e`, `\u0026`, `\u2028\u2029`, `P \u0026 \u003cQ\u003e`} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("%s not in %s", want, b)
		}
	}
	var back struct {
		Review []struct {
			ReviewBody string `json:"reviewBody"`
		} `json:"review"`
	}
	if err := json.Unmarshal(b, &back); err != nil || len(back.Review) != 1 || back.Review[0].ReviewBody != body {
		t.Errorf("decoded %+v, %v", back, err)
	}
}

func TestScriptTag(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"escaped JSON", `{"a":"\u003c/script\u003e"}`, `<script type="application/ld+json">{"a":"\u003c/script\u003e"}</script>`},
		{"raw < in a string is escaped again", `{"a":"</script><script>alert(1)</script>"}`,
			`<script type="application/ld+json">{"a":"\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e"}</script>`},
		{"line separators", "{\"a\":\"x\u2028y & z\"}", `<script type="application/ld+json">{"a":"x\u2028y \u0026 z"}</script>`},
		{"not JSON", `</script><script>alert(1)</script>`, ``},
		{"empty", ``, ``},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := string(ScriptTag([]byte(tc.in))); got != tc.want {
				t.Errorf("ScriptTag(%q) =\n%s\nwant\n%s", tc.in, got, tc.want)
			}
		})
	}
}

// MustOneScript fails unless html holds exactly one <script> element and
// nothing after it: the JSON inside cannot have closed it early.
func MustOneScript(tb testing.TB, html string) {
	tb.Helper()
	lower := strings.ToLower(html)
	if strings.Count(lower, "<script") != 1 || strings.Count(lower, "</script") != 1 || !strings.HasSuffix(lower, "</script>") {
		tb.Fatalf("not one script element: %s", html)
	}
}

func TestScriptTagInPage(t *testing.T) {
	t.Parallel()
	r := testReview(func(r *Review) { r.Body = "</SCRIPT><script>alert(1)</script>"; r.Title = "<!--<script>" })
	b, err := ProductJSONLD(ProductInfo{Name: "P"}, Summarize([]int{5}), []*Review{r})
	if err != nil {
		t.Fatal(err)
	}
	MustOneScript(t, string(ScriptTag(b)))
}
