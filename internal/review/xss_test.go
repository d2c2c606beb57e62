package review

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"html/template"
	"strings"
	"testing"
)

// TestXSS sends one hostile review through every output and checks that
// nothing comes out as markup: in JSON-LD and its script tag the text is
// escaped, in the feed it is XML text, and in the widget's JSON it is a
// string the widget only ever sets as textContent.
func TestXSS(t *testing.T) {
	t.Parallel()
	const (
		title  = `<script>alert(1)</script>`
		body   = `<img src=x onerror=alert(1)>`
		author = `javascript:alert(1)`
	)
	r := testReview(func(r *Review) {
		r.Title, r.Body, r.AuthorName = title, body, author
		r.Photos = []string{photoA}
		r.Reply = &Reply{Body: `<svg onload=alert(1)>`, Public: true}
	})
	raw := []string{"<script", "<img", "<svg", "</script"} // tags; the words alone are harmless text

	t.Run("json-ld and script tag", func(t *testing.T) {
		t.Parallel()
		b, err := ProductJSONLD(ProductInfo{Name: title}, Summarize([]int{5}), []*Review{r})
		if err != nil {
			t.Fatal(err)
		}
		if bytes.ContainsAny(b, "<>&") {
			t.Errorf("JSON-LD holds raw markup characters: %s", b)
		}
		tag := string(ScriptTag(b))
		MustOneScript(t, tag)
		// In a page the tag's JSON must stay inert too.
		var page bytes.Buffer
		tmpl := template.Must(template.New("p").Parse(`<html><head>{{.}}</head><body></body></html>`))
		if err := tmpl.Execute(&page, ScriptTag(b)); err != nil {
			t.Fatal(err)
		}
		MustOneScript(t, strings.TrimSuffix(strings.TrimPrefix(page.String(), "<html><head>"), "</head><body></body></html>"))
	})

	t.Run("feed", func(t *testing.T) {
		t.Parallel()
		var b bytes.Buffer
		err := WriteFeed(&b, FeedInfo{Publisher: "Toko"}, []FeedItem{{Review: r, Product: FeedProduct{Name: title, URL: "https://toko.example/p"}}})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range raw {
			if strings.Contains(b.String(), s) {
				t.Errorf("feed holds %q:\n%s", s, b.String())
			}
		}
		var back struct {
			Title   string `xml:"reviews>review>title"`
			Content string `xml:"reviews>review>content"`
			Name    string `xml:"reviews>review>reviewer>name"`
		}
		if err := xml.Unmarshal(b.Bytes(), &back); err != nil {
			t.Fatal(err)
		}
		if back.Title != title || back.Content != body || back.Name != author {
			t.Errorf("feed text came back as %+v", back)
		}
	})

	t.Run("widget", func(t *testing.T) {
		t.Parallel()
		w := NewWidgetReview(r, func(string) string { return author }, nil)
		if len(w.Photos) != 0 {
			t.Errorf("a javascript: photo URL got through: %q", w.Photos)
		}
		b, err := json.Marshal(WidgetPage{Shop: WidgetShop{Name: title, Brand: BrandColor(`red;}</style><script>`)}, Reviews: []WidgetReview{w}})
		if err != nil {
			t.Fatal(err)
		}
		if bytes.ContainsAny(b, "<>&") {
			t.Errorf("widget JSON holds raw markup characters: %s", b)
		}
		var back WidgetPage
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if back.Shop.Brand != "" || back.Reviews[0].Title != title || back.Reviews[0].Body != body || back.Reviews[0].Author != author {
			t.Errorf("widget page came back as %+v", back)
		}
	})
}
