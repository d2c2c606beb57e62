package portal_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/portal"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/review"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/survey"
	"github.com/purnajual/purna/internal/testfix"
	"github.com/purnajual/purna/internal/upload"
)

// The payloads of the XSS tests: each would run script if it reached a
// page as markup, and each sets window.__xss rather than alerting, so a
// browser test can tell.
const (
	xssTitle  = `<script>window.__xss=1</script>`
	xssBody   = `<img src=x onerror="window.__xss=2"> </script><script>window.__xss=3</script>`
	xssAuthor = `javascript:window.__xss=4`
	xssReply  = `<svg onload="window.__xss=5">Terima kasih!</svg>`
)

// feedbackBundle is a shop with Siti's delivered order of a blender and
// filters, behind the portal with surveys and reviews on.
type feedbackBundle struct {
	store   *sqlstore.Store
	shop    *shop.Shop
	order   *order.Order
	surveys *survey.Service
	reviews *review.Service
	srv     *httptest.Server
	secret  []byte
	blender purna.ID
}

func setupFeedback(t testing.TB, d *db.DB) *feedbackBundle {
	t.Helper()
	ctx := context.Background()
	s := testfix.MustStore(t, d)
	clock := purna.SystemClock{}
	b := &feedbackBundle{store: s, secret: []byte("portal feedback secret 32 bytes!")}
	b.shop = testfix.Shop(t, s, &testfix.ShopOpts{Name: "Toko Cosmos", Timezone: "Asia/Jakarta", Currency: "IDR", Country: "ID"})
	b.shop.Brand.GoogleReviewURL = "https://g.page/r/toko-cosmos/review"
	if err := (sqlstore.Shops{Store: s}).UpdateShop(ctx, b.shop); err != nil {
		t.Fatal(err)
	}
	prods := product.NewService(sqlstore.Products{Store: s}, clock)
	for _, in := range []product.Input{{SKU: "BLND-01", Name: "Blender Cosmos", Price: 45000000}, {SKU: "FLTR-02", Name: "Filter air", Price: 2500000}} {
		p, _, err := prods.Save(ctx, b.shop.ID, "IDR", in)
		if err != nil {
			t.Fatal(err)
		}
		if in.SKU == "BLND-01" {
			b.blender = p.ID
		}
	}
	in := testfix.OrderInput("INV-7", time.Now().Add(-5*24*time.Hour))
	in.Customer = &customer.Input{Email: "siti@example.co.id", FirstName: "Siti", LastName: "Rahayu", Locale: "id"}
	delivered := time.Now().Add(-3 * 24 * time.Hour)
	in.Shipments = []order.ShipmentInput{{TrackingNumber: "JNE-7", Status: order.ShipmentDelivered, DeliveredAt: &delivered}}
	orders := order.NewService(sqlstore.Orders{Store: s}, clock)
	res, err := orders.Ingest(ctx, b.shop, in)
	if err != nil {
		t.Fatal(err)
	}
	b.order = res.Order
	b.surveys = survey.NewService(sqlstore.Surveys{Store: s}, clock, b.secret)
	b.reviews = review.NewService(sqlstore.Reviews{Store: s}, clock, b.secret)
	p := &portal.Server{Customers: customer.NewService(sqlstore.Customers{Store: s}, clock), Orders: orders,
		Shops: sqlstore.Shops{Store: s}, Secret: b.secret, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Surveys: b.surveys, Reviews: b.reviews, Products: prods, Uploads: upload.NewFS(t.TempDir()), BaseURL: "https://purna.example"}
	mux := http.NewServeMux()
	p.Register(mux)
	b.srv = httptest.NewServer(mux)
	t.Cleanup(b.srv.Close)
	return b
}

func get(t *testing.T, u string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(body)
}

func postForm(t *testing.T, u string, v url.Values) (*http.Response, string) {
	t.Helper()
	resp, err := http.PostForm(u, v)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(body)
}

func TestSurveyPage(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupFeedback(t, d)
		ctx := context.Background()
		l := survey.Link{ShopID: b.shop.ID, CustomerID: *b.order.CustomerID, Kind: survey.NPS, OrderID: &b.order.ID}
		page := b.srv.URL + "/s/" + l.Token(b.secret)

		// Opening a score's link shows the page, in Siti's language, with
		// that score chosen; its one script (allowed by hash) answers.
		resp, body := get(t, page+"/3")
		csp := resp.Header.Get("Content-Security-Policy")
		if resp.StatusCode != 200 || !strings.Contains(body, `value="3" checked`) || !strings.Contains(body, `id="auto"`) ||
			!strings.Contains(body, "Seberapa besar kemungkinan") || !strings.Contains(csp, "script-src 'sha256-") ||
			strings.Contains(csp, "script-src 'unsafe-inline'") {
			t.Fatalf("score page: %d %s\n%s", resp.StatusCode, csp, body)
		}
		if ok, _ := b.surveys.Answered(ctx, b.shop.ID, l.CustomerID, survey.NPS, &b.order.ID, nil); ok {
			t.Fatal("fetching the link answered the survey")
		}
		if resp, _ := postForm(t, page, url.Values{"score": {"3"}, "auto": {"1"}}); resp.StatusCode != http.StatusNoContent {
			t.Fatalf("auto answer: %d", resp.StatusCode)
		}
		// The why, with markup that must stay text.
		resp, body = postForm(t, page, url.Values{"score": {"3"}, "comment": {xssTitle + ` " onmouseover="window.__xss=6`}})
		if resp.StatusCode != 200 || !strings.Contains(body, "Terima kasih atas pendapat Kakak") {
			t.Fatalf("comment: %d\n%s", resp.StatusCode, body)
		}
		_, body = get(t, page)
		if strings.Contains(body, xssTitle) || !strings.Contains(body, "&lt;script&gt;window.__xss=1&lt;/script&gt;") ||
			strings.Contains(body, `" onmouseover="`) {
			t.Fatalf("the comment is not escaped on the page:\n%s", body)
		}
		r, _, err := b.surveys.FindByToken(ctx, l.Token(b.secret))
		if err != nil || r.Score != 3 || !strings.HasPrefix(r.Comment, xssTitle) {
			t.Fatalf("stored = %+v, %v (stored as given)", r, err)
		}
		// A promoter is invited to review the shop on Google.
		_, body = get(t, page+"/10")
		if !strings.Contains(body, "https://g.page/r/toko-cosmos/review") {
			t.Fatalf("no Google review invitation for a 10")
		}
		// A score off the scale, a tampered or foreign link: not found.
		for _, u := range []string{page + "/11", page + "x", b.srv.URL + "/s/" + l.Token([]byte("another secret of thirty-two by"))} {
			if resp, _ := get(t, u); resp.StatusCode != 404 {
				t.Errorf("GET %s: %d, want 404", u, resp.StatusCode)
			}
		}
		if resp, _ := postForm(t, page, url.Values{"score": {"12"}}); resp.StatusCode != 422 {
			t.Errorf("score 12: %d, want 422", resp.StatusCode)
		}
	})
}

// submitReview posts the review form with one photo.
func (b *feedbackBundle) submitReview(t *testing.T, form string, fields map[string]string) (*http.Response, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	png, err := os.ReadFile("../upload/testdata/tiny.png")
	if err == nil {
		fw, _ := mw.CreateFormFile("photos", "blender.png")
		_, _ = fw.Write(png)
	}
	mw.Close()
	resp, err := http.Post(form, mw.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(body)
}

// TestReviewFormWidgetAndFeed is issue 5's second acceptance: a 5-star
// review with a public reply appears in the widget's JSON, on the
// product's page with its JSON-LD, and in the Google feed, with every
// piece of its text escaped for where it goes.
func TestReviewFormWidgetAndFeed(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupFeedback(t, d)
		ctx := context.Background()
		fl := review.FormLink{ShopID: b.shop.ID, CustomerID: *b.order.CustomerID, OrderID: b.order.ID, ProductID: b.blender}
		form := b.srv.URL + "/r/" + fl.Token(b.secret)
		resp, body := get(t, form+"?rating=5")
		if resp.StatusCode != 200 || !strings.Contains(body, `value="5" checked`) || !strings.Contains(body, `name="website"`) ||
			!strings.Contains(body, `value="Siti R."`) || !strings.Contains(body, "Blender Cosmos") {
			t.Fatalf("form: %d\n%s", resp.StatusCode, body)
		}
		// A bot fills the honeypot: thanked, nothing stored.
		resp, body = b.submitReview(t, form, map[string]string{"rating": "1", "body": "Spam spam", "website": "http://spam.example"})
		if resp.StatusCode != 200 || !strings.Contains(body, "Terima kasih atas ulasan Kakak") {
			t.Fatalf("bot: %d\n%s", resp.StatusCode, body)
		}
		if p, _ := b.reviews.Find(ctx, review.Filter{ShopID: b.shop.ID}); p.Total != 0 {
			t.Fatalf("the bot's review was stored")
		}
		// A missing text is refused next to the field.
		resp, body = b.submitReview(t, form, map[string]string{"rating": "5", "body": " "})
		if resp.StatusCode != 422 || !strings.Contains(body, "Silakan tulis ulasan Kakak") {
			t.Fatalf("empty review: %d\n%s", resp.StatusCode, body)
		}
		resp, body = b.submitReview(t, form, map[string]string{"rating": "5", "title": xssTitle, "body": xssBody, "author_name": xssAuthor})
		if resp.StatusCode != 200 {
			t.Fatalf("review: %d\n%s", resp.StatusCode, body)
		}
		page, err := b.reviews.Find(ctx, review.Filter{ShopID: b.shop.ID})
		if err != nil || page.Total != 1 {
			t.Fatalf("reviews: %+v %v", page, err)
		}
		rv := page.Items[0]
		if rv.Rating != 5 || !rv.Verified || rv.Title != xssTitle || rv.Body != xssBody {
			t.Fatalf("stored review = %+v", rv)
		}
		if rv.Status != review.Published { // held for its photo, by default
			if _, err := b.reviews.Moderate(ctx, b.shop.ID, rv.ID, true); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := b.reviews.Reply(ctx, b.shop.ID, rv.ID, "agent", review.ReplyInput{Body: xssReply, Public: true}); err != nil {
			t.Fatal(err)
		}

		base := b.srv.URL + "/w/" + b.shop.ID
		resp, body = get(t, base+"/products/BLND-01/reviews.json")
		if resp.StatusCode != 200 || resp.Header.Get("Access-Control-Allow-Origin") != "*" || strings.ContainsAny(body, "<>") {
			t.Fatalf("widget JSON: %d %v\n%s", resp.StatusCode, resp.Header, body)
		}
		var wp review.WidgetPage
		if err := json.Unmarshal([]byte(body), &wp); err != nil {
			t.Fatal(err)
		}
		if wp.Summary.Count != 1 || len(wp.Reviews) != 1 || wp.Reviews[0].Title != xssTitle || wp.Reviews[0].Reply == nil ||
			wp.Reviews[0].Reply.Body != xssReply || !wp.Reviews[0].Verified || len(wp.Reviews[0].Photos) != 1 {
			t.Fatalf("widget page = %+v", wp)
		}
		if resp, _ := get(t, b.srv.URL+wp.Reviews[0].Photos[0]); resp.StatusCode != 200 {
			t.Fatalf("photo: %d", resp.StatusCode)
		}
		resp, body = get(t, base+"/products/BLND-01")
		if resp.StatusCode != 200 || !strings.Contains(body, `<script type="application/ld+json">`) ||
			!strings.Contains(body, `"@type":"AggregateRating"`) || !strings.Contains(body, `"ratingValue":"5"`) ||
			strings.Contains(body, xssTitle) || strings.Contains(body, "onerror=") && !strings.Contains(body, "onerror=&#34;") ||
			strings.Contains(body, "<svg") || strings.Count(body, "</script>") != 1 {
			t.Fatalf("product page: %d\n%s", resp.StatusCode, body)
		}
		resp, body = get(t, base+"/reviews.xml")
		if resp.StatusCode != 200 || !strings.Contains(body, "<version>2.4</version>") || strings.Contains(body, "<script") {
			t.Fatalf("feed: %d\n%s", resp.StatusCode, body)
		}
		dec := xml.NewDecoder(strings.NewReader(body))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("feed is not XML: %v", err)
			}
		}
		// Another shop's pages show none of it.
		other := testfix.Shop(t, b.store, &testfix.ShopOpts{Name: "Toko Lain"})
		if resp, _ := get(t, b.srv.URL+"/w/"+other.ID+"/products/BLND-01/reviews.json"); resp.StatusCode != 404 {
			t.Errorf("another shop's widget: %d", resp.StatusCode)
		}
		if resp, _ := get(t, b.srv.URL+"/w/"+other.ID+wp.Reviews[0].Photos[0][len("/w/"+b.shop.ID):]); resp.StatusCode != 404 {
			t.Errorf("another shop's photo path: %d", resp.StatusCode)
		}

		browserXSS(t, b, base)
	})
}

// browserXSS loads a merchant's store page that embeds the widget, and the
// product's reviews page, in a real browser, and checks that the hostile
// review shows as text and ran nothing.
func browserXSS(t *testing.T, b *feedbackBundle, base string) {
	t.Helper()
	if _, err := os.Stat("/usr/bin/chromium"); err != nil {
		t.Log("no Chromium at /usr/bin/chromium: the browser part is skipped")
		return
	}
	store := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = io.WriteString(w, `<!doctype html><html lang="id"><body><h1>Toko Cosmos</h1>
<div data-purna-reviews data-product="BLND-01"></div>
<script src="`+base+`/reviews.js" async></script></body></html>`)
	}))
	defer store.Close()
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath("/usr/bin/chromium"), chromedp.NoSandbox, chromedp.Headless,
		chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()), chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true)}
	allocCtx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel = context.WithTimeout(ctx, 45*time.Second)
	defer cancel()
	// look reads what a page shows and what the payloads could have done:
	// window.__xss set, or script-bearing elements made from the review.
	look := func(within string) (text string, xss int64, injected int64) {
		t.Helper()
		var err error
		if text, err = chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(within))); err != nil {
			t.Fatalf("text of %s: %v", within, err)
		}
		if xss, err = chromedp.Run(ctx, chromedp.Evaluate[int64](`window.__xss || 0`)); err != nil {
			t.Fatal(err)
		}
		// The JSON-LD is a data block: the browser never runs it.
		q := within + ` script:not([type="application/ld+json"]), ` + within + ` svg, ` + within + ` [onerror], ` + within + ` [onload], ` + within + ` a[href^="javascript"]`
		if injected, err = chromedp.Run(ctx, chromedp.Evaluate[int64](`document.querySelectorAll('`+q+`').length`)); err != nil {
			t.Fatal(err)
		}
		return text, xss, injected
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(store.URL), chromedp.WaitReady(chromedp.CSS(`[data-purna-reviews]`))); err != nil {
		t.Fatal(err)
	}
	// The poll runs in the page's JavaScript context; right after a
	// navigation Chromium may still hand out the one before ("Cannot find
	// context with specified id"), so a poll that meets that tries again.
	var err error
	for try := 0; try < 5; try++ {
		_, err = chromedp.Run(ctx, chromedp.Poll[bool](
			`document.querySelector('[data-purna-reviews]').textContent.includes('window.__xss=1')`,
			chromedp.WithPollingTimeout(20*time.Second)))
		if err == nil || !strings.Contains(err.Error(), "Cannot find context") {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("the widget did not show the review: %v", err)
	}
	_ = chromedp.Do(ctx, chromedp.Sleep(300*time.Millisecond)) // let any image error handler fire
	text, xss, injected := look(`[data-purna-reviews]`)
	if xss != 0 || injected != 0 {
		t.Fatalf("the widget ran the review's script: window.__xss=%d, %d injected elements", xss, injected)
	}
	for _, want := range []string{xssTitle, "Terima kasih!", "window.__xss=4"} {
		if !strings.Contains(text, want) {
			t.Errorf("the widget does not show %q as text:\n%s", want, text)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/products/BLND-01"), chromedp.WaitReady(chromedp.CSS(`main article`)),
		chromedp.Sleep(300*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	text, xss, injected = look(`main`)
	if xss != 0 || injected != 0 || !strings.Contains(text, xssTitle) {
		t.Fatalf("the reviews page ran the review's script (window.__xss=%d, %d injected) or hides its text:\n%s", xss, injected, text)
	}
}
