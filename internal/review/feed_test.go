package review

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testFeedItems are a full item, a minimal one, one with hostile text and
// two that must be left out.
func testFeedItems() []FeedItem {
	product := FeedProduct{
		Name: "Kemeja Batik", URL: "https://toko.example/kemeja-batik",
		SKU: "KB-01", GTIN: "8991234567890", MPN: "BS-KB-01", Brand: "Batik Siti",
	}
	return []FeedItem{
		{
			Review: testReview(func(r *Review) {
				r.Photos = []string{photoA, photoB}
				r.Incentivised = true
			}),
			ReviewURL:        "https://toko.example/reviews/01JC2X8Q6Z3M4N5P6Q7R8S9T0A",
			SingleReviewPage: true,
			PhotoURLs:        []string{"https://cdn.example/a.jpg", "http://cdn.example/b.jpg"},
			Product:          product,
		},
		{
			Review: testReview(func(r *Review) {
				r.ID, r.Title, r.AuthorName, r.Rating, r.Verified, r.Locale = "R2", "", "", 1, false, "en"
				r.Body = "Arrived late."
			}),
			Product: FeedProduct{URL: "https://toko.example/p/2"},
		},
		{
			Review: testReview(func(r *Review) {
				r.ID = "R3"
				r.Title = "<b>Great</b> & \"cheap\""
				r.Body = "Line one\nLine two\x00\x07\x1b ]]> <![CDATA[ \ufffe end \xff"
				r.AuthorName = "Ana & <Co>"
			}),
			Product: FeedProduct{Name: "A & B <C>", URL: "https://toko.example/p?a=1&b=2", SKU: "S&1"},
		},
		{Review: testReview(func(r *Review) { r.ID = "PENDING"; r.Status = Pending }), Product: product},
		{Review: testReview(func(r *Review) { r.ID = "NOURL" }), Product: FeedProduct{Name: "No page"}},
		{Review: nil, Product: product},
	}
}

func TestWriteFeedGolden(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	err := WriteFeed(&b, FeedInfo{Aggregator: "Purna", Publisher: "Toko Siti", Favicon: "https://toko.example/favicon.png"}, testFeedItems())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "feed.golden")
	if *update {
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("feed differs from %s (go test ./internal/review -run TestWriteFeedGolden -update):\n%s", path, b.Bytes())
	}
}

// feedBack is what TestWriteFeedParses reads back.
type feedBack struct {
	XMLName   xml.Name `xml:"feed"`
	Version   string   `xml:"version"`
	Publisher string   `xml:"publisher>name"`
	Reviews   []struct {
		ID      string `xml:"review_id"`
		Name    string `xml:"reviewer>name"`
		Title   string `xml:"title"`
		Content string `xml:"content"`
		URL     struct {
			Type string `xml:"type,attr"`
		} `xml:"review_url"`
		Overall int      `xml:"ratings>overall"`
		Product string   `xml:"products>product>product_name"`
		SKU     string   `xml:"products>product>product_ids>skus>sku"`
		Images  []string `xml:"reviewer_images>reviewer_image>url"`
	} `xml:"reviews>review"`
}

// TestWriteFeedParses reads the feed back with encoding/xml: it is
// well-formed, and hostile text comes back as text, minus what XML cannot
// hold.
func TestWriteFeedParses(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := WriteFeed(&b, FeedInfo{Publisher: "Toko & <Siti>"}, testFeedItems()); err != nil {
		t.Fatal(err)
	}
	MustWellFormed(t, b.Bytes())
	var f feedBack
	if err := xml.Unmarshal(b.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	if f.Version != "2.4" || f.Publisher != "Toko & <Siti>" || len(f.Reviews) != 3 {
		t.Fatalf("feed = %+v", f)
	}
	full, minimal, hostile := f.Reviews[0], f.Reviews[1], f.Reviews[2]
	if full.URL.Type != "singleton" || len(full.Images) != 1 || full.SKU != "KB-01" || full.Overall != 5 {
		t.Errorf("full review = %+v", full)
	}
	if minimal.Name != "Anonymous" || minimal.URL.Type != "group" || minimal.Overall != 1 || minimal.Title != "" {
		t.Errorf("minimal review = %+v", minimal)
	}
	if want := "Line one\nLine two ]]> <![CDATA[  end "; hostile.Content != want {
		t.Errorf("content = %q, want %q", hostile.Content, want)
	}
	if hostile.Title != `<b>Great</b> & "cheap"` || hostile.Name != "Ana & <Co>" || hostile.Product != "A & B <C>" || hostile.SKU != "S&1" {
		t.Errorf("hostile review = %+v", hostile)
	}
}

func TestWriteFeedErrors(t *testing.T) {
	t.Parallel()
	if err := WriteFeed(io.Discard, FeedInfo{Publisher: " "}, nil); err == nil {
		t.Error("no publisher: nil error")
	}
	broken := errors.New("disk full")
	if err := WriteFeed(failWriter{broken}, FeedInfo{Publisher: "Toko"}, testFeedItems()); !errors.Is(err, broken) {
		t.Errorf("failing writer: %v", err)
	}
	var b bytes.Buffer
	if err := WriteFeed(&b, FeedInfo{Publisher: "Toko"}, nil); err != nil {
		t.Fatal(err)
	}
	MustWellFormed(t, b.Bytes())
	if !strings.Contains(b.String(), "<reviews></reviews>") {
		t.Errorf("empty feed:\n%s", b.String())
	}
}

type failWriter struct{ err error }

func (w failWriter) Write([]byte) (int, error) { return 0, w.err }

// MustWellFormed fails unless b is one well-formed XML document.
func MustWellFormed(tb testing.TB, b []byte) {
	tb.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Fatalf("not well-formed: %v\n%s", err, b)
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if depth != 0 || roots != 1 {
		tb.Fatalf("%d root elements, depth %d at the end:\n%s", roots, depth, b)
	}
}
