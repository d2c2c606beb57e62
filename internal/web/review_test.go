package web_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/auth"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/followup"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/review"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
	"github.com/purnajual/purna/internal/upload"
	"github.com/purnajual/purna/internal/web"
)

// reviewBundle is the feedback bundle (a Jakarta shop, Siti's delivered
// order INV-1 of a blender and two filters) with the Reviews pages on,
// over a real review service and a real upload store.
type reviewBundle struct {
	*feedbackBundle
	reviews *review.Service
	rclock  *feedbackClock
	uploads *upload.FS
}

// reviewSecret signs the bundle's review form links.
var reviewSecret = []byte("web review secret, 32 bytes long")

func setupReviews(t *testing.T, d *db.DB) *reviewBundle {
	t.Helper()
	rb := &reviewBundle{uploads: upload.NewFS(t.TempDir()),
		rclock: &feedbackClock{t: time.Date(2026, 11, 2, 3, 4, 5, 0, time.UTC)}}
	s := testfix.MustStore(t, d)
	rb.reviews = review.NewService(sqlstore.Reviews{Store: s}, rb.rclock, reviewSecret)
	rb.feedbackBundle = setupFeedback(t, d, func(cfg *web.Config) {
		cfg.Reviews, cfg.Uploads, cfg.BaseURL = rb.reviews, rb.uploads, "https://purna.example/"
	})
	return rb
}

// mustReview submits in about line i of o as its customer does, from
// the form link of the review request.
func (b *reviewBundle) mustReview(t *testing.T, o *order.Order, i int, in review.NewReview) *review.Review {
	t.Helper()
	if in.Locale == "" {
		in.Locale = "id"
	}
	token := review.FormLink{ShopID: b.shop.ID, CustomerID: *o.CustomerID, OrderID: o.ID,
		ProductID: *o.Lines[i].ProductID}.Token(reviewSecret)
	r, err := b.reviews.Submit(context.Background(), token, in)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (b *reviewBundle) mustFind(t *testing.T, id purna.ID) *review.Review {
	t.Helper()
	r, err := b.reviews.FindByID(context.Background(), b.shop.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// mustPhoto stores a test photo as the portal's review form does.
func (b *reviewBundle) mustPhoto(t *testing.T, name string) purna.ID {
	t.Helper()
	f, err := os.Open("../upload/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := upload.Accept(f, "photos", name, "", upload.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := b.uploads.Put(context.Background(), b.shop.ID, a.Blob, a.Open()); err != nil {
		t.Fatal(err)
	}
	return a.Blob.ID
}

// untranslated strips the addresses that contain "reviews." legitimately
// from a page, so that what is left shows any message key that leaked.
func untranslated(body string) string {
	return strings.NewReplacer("/reviews.js", "", "/reviews.xml", "").Replace(body)
}

// TestReviewInbox lists the moderation queue first, with why each review
// waits, and the other tabs, filters and counts.
func TestReviewInbox(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupReviews(t, d)
		c := b.login(t, "en")
		ctx := context.Background()

		body := b.mustGet(t, c, "/reviews")
		contains(t, body, "No reviews yet", "Review requests go out a week after delivery",
			`href="/reviews/settings#embed"`, `href="/reviews" aria-current="page"`)
		lacks(t, body, "nav-count", `id="reviews"`)

		good := b.mustReview(t, b.order, 0, review.NewReview{Rating: 5, Title: "Mantap", Body: "Blendernya kuat dan tidak berisik.",
			AuthorName: "Siti R."})
		rude := b.mustReview(t, b.order, 1, review.NewReview{Rating: 1, Title: "Filter jelek", Body: "Filternya bocor, anjing!",
			AuthorName: "Siti R."})
		if err := b.reviews.SaveSettings(ctx, b.shop.ID, &review.Settings{Rules: review.DefaultRules(),
			Incentive: map[string]string{"id": "Poin 500 untuk setiap ulasan"}}); err != nil {
			t.Fatal(err)
		}
		in := testfix.OrderInput("INV-2", b.now.Add(-5*24*time.Hour))
		in.Customer = &customer.Input{Email: "budi@example.co.id", FirstName: "Budi", LastName: "Santoso"}
		second := b.ingest(t, in)
		photo := b.mustReview(t, second, 0, review.NewReview{Rating: 2, Body: "Tutupnya retak waktu sampai, lihat fotonya.",
			AuthorName: "Budi S.", Photos: []string{b.mustPhoto(t, "gps.jpg")}})
		if good.Status != review.Published || rude.Status != review.Pending || photo.Status != review.Pending || !photo.Incentivised {
			t.Fatalf("statuses: %s %s %s, incentivised %v", good.Status, rude.Status, photo.Status, photo.Incentivised)
		}

		body = b.mustGet(t, c, "/reviews")
		contains(t, body, "2 reviews", `aria-current="true">Pending <span class="tab-count">2</span>`,
			`>Published <span class="tab-count">1</span>`, `>Rejected <span class="tab-count">0</span>`,
			`>All <span class="tab-count">3</span>`, `<span class="pill nav-count" aria-hidden="true">2</span>`, "2 reviews waiting",
			`href="/reviews/`+rude.ID+`"`, "Filter jelek", "Filter air", "Filternya bocor, anjing!", "Siti R.",
			`aria-label="1 star out of 5"`, `★<span class="stars-empty">☆☆☆☆</span>`, "Budi S.", "Waits because:", "it has a word from the profanity list",
			`href="/reviews/`+photo.ID+`"`, "No title", "Blender Cosmos", "it has photos for someone to look at", "1 photo",
			"Verified buyer", "Incentivised review", "No reply yet", "2 Nov 2026, 10:04", // the shop's zone, WIB
		)
		lacks(t, body, "Mantap", "No reviews yet", "reviews.", "nav.")

		for _, tc := range []struct {
			name, query string
			want        []string
			unwanted    []string
		}{
			{"published", "?status=published", []string{"1 review", "Mantap", "Blendernya kuat", `aria-label="5 stars out of 5"`,
				`aria-current="true">Published`}, []string{"Filter jelek", "Waits because"}},
			{"all", "?status=all", []string{"3 reviews", "Mantap", "Filter jelek", "Tutupnya retak"}, nil},
			{"rejected", "?status=rejected", []string{"No reviews here", "0 reviews"}, []string{"Mantap", "Filter jelek"}},
			{"low", "?status=all&low=1", []string{"2 reviews", "Filter jelek", "Tutupnya retak", `name="low" value="1" checked`,
				`>Published <span class="tab-count">0</span>`, `href="/reviews?low=1&amp;status=published"`}, []string{"Mantap"}},
			{"search", "?status=all&q=bocor", []string{"1 review", "Filter jelek", `value="bocor"`,
				`aria-current="true">All <span class="tab-count">1</span>`}, []string{"Mantap", `>Pending <span class="tab-count">`}},
			{"nothing", "?q=tidak+ada", []string{"No reviews match", "Clear filters"}, []string{"No reviews yet"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				body := b.mustGet(t, c, "/reviews"+tc.query)
				contains(t, body, tc.want...)
				lacks(t, body, tc.unwanted...)
			})
		}

		// The queue in the other languages.
		id := b.mustGet(t, b.login(t, "id"), "/reviews")
		contains(t, id, "Ulasan", "Menunggu karena:", "ada kata dari daftar kata kasar", "1 dari 5 bintang", "2 ulasan menunggu")
		ro := b.mustGet(t, b.login(t, "ro"), "/reviews")
		contains(t, ro, "Recenzii", "Așteaptă pentru că:", "conține un cuvânt din lista de cuvinte vulgare", "1 stea din 5",
			"2 recenzii în așteptare")
	})
}

// TestReviewPage shows the whole review with its photo, customer, order
// and follow-up, publishes it (twice: the second click changes nothing)
// and replies to it in public, then in private, then takes the reply down.
func TestReviewPage(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupReviews(t, d)
		ctx := context.Background()
		pic := b.mustPhoto(t, "gps.jpg")
		r := b.mustReview(t, b.order, 0, review.NewReview{Rating: 2, Title: "Tutup retak",
			Body: "Tutupnya retak waktu sampai.\nMotornya masih jalan.", AuthorName: "Siti R.", Photos: []string{pic}})
		fu, err := b.follow.Open(ctx, followup.Trigger{ShopID: b.shop.ID, CustomerID: *r.CustomerID, OrderID: r.OrderID,
			Source: followup.FromReview, SourceID: r.ID, Kind: "review", Score: r.Rating, Comment: r.Body})
		if err != nil {
			t.Fatal(err)
		}
		c := b.login(t, "en")
		path := "/reviews/" + r.ID

		body := b.mustGet(t, c, path)
		contains(t, body, "Tutup retak", "Tutupnya retak waktu sampai.\nMotornya masih jalan.", "Pending", `★★<span class="stars-empty">☆☆☆</span>`,
			`<img class="case-thumb" src="/reviews/`+r.ID+`/photos/`+pic+`"`, `alt="Photo 1 from the customer"`,
			`href="/customers/`+*r.CustomerID+`" id="review-customer">Siti Rahayu</a>`, `href="/orders/`+b.order.ID+`" id="review-order">INV-1</a>`,
			"Blender Cosmos", "BLND-01", "Bahasa Indonesia", "Verified buyer", "it has photos for someone to look at",
			`href="/followups/`+fu.ID+`" class="mono" id="review-followup">`+fu.Number+`</a>`, `id="review-publish"`, `id="review-reject"`,
			"Emailed to the customer only; never shown in your store.", "You have not replied yet.")
		lacks(t, body, "Product reviews page", "reply-remove")

		status, _, hdr := b.get(t, c, path+"/photos/"+pic)
		if status != http.StatusOK || hdr.Get("Content-Type") != "image/jpeg" || hdr.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("photo: %d %s", status, hdr.Get("Content-Type"))
		}
		// An upload of the shop that is not the review's is not served,
		// nor the review's photo to anyone signed out.
		if status, _, _ := b.get(t, c, path+"/photos/"+b.mustPhoto(t, "lossy.webp")); status != http.StatusNotFound {
			t.Errorf("stray upload: %d, want 404", status)
		}
		if status, _, _ := b.get(t, b.client(t), path+"/photos/"+pic); status != http.StatusSeeOther {
			t.Errorf("signed out: %d, want a redirect to sign in", status)
		}

		// Publish, then publish again.
		status, _, loc := b.postBody(t, c, path+"/moderate", actionForm("publish"))
		if status != http.StatusSeeOther || loc != path+"?done=publish" {
			t.Fatalf("publish: %d → %q", status, loc)
		}
		body = b.mustGet(t, c, loc)
		contains(t, body, "Published: shoppers see this review now.", `id="review-status">Published`, "published 2 Nov 2026, 10:04",
			`href="https://purna.example/w/`+b.shop.ID+`/products/BLND-01"`, `id="review-reject"`)
		lacks(t, body, `id="review-publish"`, "Waits because")
		once := b.mustFind(t, r.ID)
		b.rclock.Set(b.rclock.Now().Add(time.Hour))
		status, _, loc = b.postBody(t, c, path+"/moderate", actionForm("publish"))
		if status != http.StatusSeeOther || loc != path+"?done=published_already" {
			t.Fatalf("second publish: %d → %q", status, loc)
		}
		contains(t, b.mustGet(t, c, loc), "This review was published already. Nothing was changed.")
		twice := b.mustFind(t, r.ID)
		if twice.Status != review.Published || !twice.UpdatedAt.Equal(once.UpdatedAt) || !twice.PublishedAt.Equal(*once.PublishedAt) {
			t.Fatalf("the second publish changed the review: %+v, was %+v", twice, once)
		}
		if status, body, _ := b.postBody(t, c, path+"/moderate", actionForm("delete")); status != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "That is not a moderation step.") {
			t.Errorf("unknown action: %d", status)
		}

		// A public reply through the form.
		reply := url.Values{"body": {"Maaf atas tutupnya, kami kirim pengganti hari ini."}, "visibility": {"public"}, "op": {"save"}}
		status, _, loc = b.postBody(t, c, path+"/reply", reply)
		if status != http.StatusSeeOther || loc != path+"?done=public#reply" {
			t.Fatalf("reply: %d → %q", status, loc)
		}
		body = b.mustGet(t, c, strings.TrimSuffix(loc, "#reply"))
		contains(t, body, "Reply saved. It is shown under the review.", `id="review-reply"`,
			"Maaf atas tutupnya, kami kirim pengganti hari ini.", `<span class="badge badge-reply-public">Public</span> · You`,
			`id="reply-remove"`, "Change your reply")
		if got := b.mustFind(t, r.ID).Reply; got == nil || !got.Public || got.Body != reply.Get("body") || got.AuthorID == "" {
			t.Fatalf("reply = %+v", got)
		}
		contains(t, b.mustGet(t, c, "/reviews?status=published"), "Replied in public")

		// An empty reply is refused, and keeps the choice.
		status, body, _ = b.postBody(t, c, path+"/reply", url.Values{"body": {"  "}, "visibility": {"private"}})
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("empty reply: %d", status)
		}
		contains(t, body, "Write your reply first.", `aria-describedby="err-reply-body"`, `value="private" checked`)
		// So is one too long, with what was typed.
		long := strings.Repeat("a", review.MaxBody+1)
		status, body, _ = b.postBody(t, c, path+"/reply", url.Values{"body": {long}, "visibility": {"public"}})
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("long reply: %d", status)
		}
		contains(t, body, "Keep the reply under 5,000 characters.", long+"</textarea>")

		// Private, then removed.
		status, _, loc = b.postBody(t, c, path+"/reply", url.Values{"body": {"Nomor resi pengganti: JNE-9"}, "visibility": {"private"}})
		if status != http.StatusSeeOther || loc != path+"?done=private#reply" {
			t.Fatalf("private reply: %d → %q", status, loc)
		}
		contains(t, b.mustGet(t, c, path), `<span class="badge badge-reply-private">Private</span>`, "Nomor resi pengganti: JNE-9")
		contains(t, b.mustGet(t, c, "/reviews?status=published"), "Replied privately")
		status, _, loc = b.postBody(t, c, path+"/reply", url.Values{"op": {"remove"}})
		if status != http.StatusSeeOther || loc != path+"?done=removed#reply" {
			t.Fatalf("remove: %d → %q", status, loc)
		}
		if got := b.mustFind(t, r.ID).Reply; got != nil {
			t.Fatalf("reply after removing it: %+v", got)
		}

		// Reject takes it down.
		if status, _, loc := b.postBody(t, c, path+"/moderate", actionForm("reject")); status != http.StatusSeeOther ||
			loc != path+"?done=reject" {
			t.Fatalf("reject: %d → %q", status, loc)
		}
		body = b.mustGet(t, c, path+"?done=reject")
		contains(t, body, "Rejected: shoppers do not see this review.", `id="review-status">Rejected`, "Held because:",
			"rejected by your team", `id="review-publish"`)
		lacks(t, body, "Product reviews page")
	})
}

// TestReviewEscaped shows what a review's author typed as text, never as
// markup or an address, on the inbox and on the review's page.
func TestReviewEscaped(t *testing.T) {
	t.Parallel()
	b := setupReviews(t, storetest.MustOpenSQLite(t))
	r := b.mustReview(t, b.order, 0, review.NewReview{Rating: 4, Title: "<script>alert(1)</script>",
		Body:       "<img src=x onerror=alert(1)> javascript:alert(1) <script>alert(1)</script>\n\" onmouseover=\"x",
		AuthorName: "<img src=x onerror=alert(1)>"})
	if r.Status != review.Published {
		t.Fatalf("status %s", r.Status)
	}
	c := b.login(t, "en")
	for _, path := range []string{"/reviews?status=published", "/reviews/" + r.ID} {
		body := b.mustGet(t, c, path)
		contains(t, body, "&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;", "javascript:alert(1)")
		lacks(t, body, "<script>alert(1)", "<img src=x", `="javascript:`, `" onmouseover="x`)
	}
}

// TestReviewOtherShop shows that another shop's agent finds none of the
// review's addresses and changes nothing.
func TestReviewOtherShop(t *testing.T) {
	t.Parallel()
	b := setupReviews(t, storetest.MustOpenSQLite(t))
	pic := b.mustPhoto(t, "gps.jpg")
	r := b.mustReview(t, b.order, 0, review.NewReview{Rating: 1, Body: "Rusak total", Photos: []string{pic}})
	other := testfix.Shop(t, b.store, &testfix.ShopOpts{Name: "Toko Lain"})
	email := "other@" + strings.ToLower(purna.NewID(b.now)) + ".example"
	if _, err := b.auth.CreateUser(context.Background(), other.ID, email, "Agus", password, auth.Owner); err != nil {
		t.Fatal(err)
	}
	c := b.client(t)
	if resp := b.post(t, c, "/login", url.Values{"email": {email}, "password": {password}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	for _, path := range []string{"/reviews/" + r.ID, "/reviews/" + r.ID + "/photos/" + pic} {
		if status, body, _ := b.get(t, c, path); status != http.StatusNotFound || strings.Contains(body, "Rusak") {
			t.Errorf("GET %s: %d, want 404", path, status)
		}
	}
	for path, f := range map[string]url.Values{
		"/reviews/" + r.ID + "/moderate": actionForm("publish"),
		"/reviews/" + r.ID + "/reply":    {"body": {"Balasan toko lain"}, "visibility": {"public"}},
	} {
		if status, _, _ := b.postBody(t, c, path, f); status != http.StatusNotFound {
			t.Errorf("POST %s: %d, want 404", path, status)
		}
	}
	if status, _, _ := b.postBody(t, c, "/reviews/"+r.ID+"/reply", url.Values{"op": {"remove"}}); status != http.StatusNotFound {
		t.Errorf("remove: %d, want 404", status)
	}
	lacks(t, b.mustGet(t, c, "/reviews?status=all"), "Rusak", r.ID)
	if got := b.mustFind(t, r.ID); got.Status != review.Pending || got.Reply != nil {
		t.Errorf("changed: %s, reply %+v", got.Status, got.Reply)
	}
}

// TestReviewSettings saves the rules and the incentive through the form,
// refuses an incentive in a language Purna does not speak or too long,
// and gives the snippets to paste into the store.
func TestReviewSettings(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupReviews(t, d)
		ctx := context.Background()
		c := b.login(t, "en")

		body := b.mustGet(t, c, "/reviews/settings")
		base := "https://purna.example/w/" + b.shop.ID
		contains(t, body, `name="auto_publish" value="1" checked`, `name="verified_only" value="1" checked`,
			`name="hold_with_photos" value="1" checked`, `name="hold_links" value="1" checked`, `name="allow_unverified" value="1">`,
			"No rule can depend on the rating", "must not depend on the rating", "“Incentivised review”",
			`name="incentive.id" lang="id" value="" maxlength="200" placeholder="mis. diskon 10% untuk pesanan berikutnya"`,
			`&lt;div data-purna-reviews data-product=&#34;SKU&#34;&gt;&lt;/div&gt;`+"\n"+
				`&lt;script src=&#34;`+base+`/reviews.js&#34; async&gt;&lt;/script&gt;`,
			`<code id="snippet-product">`+base+`/products/SKU</code>`, `<code id="snippet-feed">`+base+`/reviews.xml</code>`)
		contains(t, b.mustGet(t, c, "/reviews"), `href="/reviews/settings"`)

		form := url.Values{"verified_only": {"1"}, "hold_links": {"1"}, "incentive.id": {" Poin 500 untuk ulasan apa pun "},
			"incentive.en": {"500 points for any review"}, "incentive.ro": {""}}
		status, _, loc := b.postBody(t, c, "/reviews/settings", form)
		if status != http.StatusSeeOther || loc != "/reviews/settings?saved=1" {
			t.Fatalf("save: %d → %q", status, loc)
		}
		body = b.mustGet(t, c, loc)
		contains(t, body, "Saved. New reviews follow these settings.", `name="auto_publish" value="1">`,
			`name="verified_only" value="1" checked`, `name="hold_with_photos" value="1">`, `value="Poin 500 untuk ulasan apa pun"`,
			`value="500 points for any review"`)
		st, err := b.reviews.Settings(ctx, b.shop.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := review.Rules{VerifiedOnly: true, HoldLinks: true}
		if st.Rules != want || st.Incentive["id"] != "Poin 500 untuk ulasan apa pun" || st.Incentive["en"] != "500 points for any review" {
			t.Fatalf("settings = %+v", st)
		}

		for _, tc := range []struct {
			name  string
			field string
			value string
			want  []string
		}{
			{"locale", "incentive.fr", "500 points", []string{"“fr” is not a language of Purna; use id, en or ro."}},
			{"long", "incentive.en", strings.Repeat("x", 201), []string{"Keep the offer under 200 characters.",
				`aria-describedby="err-incentive.en"`, `value="` + strings.Repeat("x", 201) + `"`}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				bad := url.Values{"auto_publish": {"1"}, "incentive.id": {"Poin 100"}, tc.field: {tc.value}}
				status, body, _ := b.postBody(t, c, "/reviews/settings", bad)
				if status != http.StatusUnprocessableEntity {
					t.Fatalf("status %d", status)
				}
				contains(t, body, tc.want...)
				contains(t, body, "Some fields need a look.", `name="auto_publish" value="1" checked`, `value="Poin 100"`)
				if got, _ := b.reviews.Settings(ctx, b.shop.ID); got.Rules.AutoPublish || got.Incentive["id"] == "Poin 100" {
					t.Errorf("saved anyway: %+v", got)
				}
			})
		}
	})
}

// TestReviewsOff hides the pages when the app gives no review service.
func TestReviewsOff(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	c := b.login(t, "en")
	id := purna.NewID(b.now)
	for _, path := range []string{"/reviews", "/reviews/settings", "/reviews/" + id, "/reviews/" + id + "/photos/" + id,
		"/feedback/settings"} {
		if status, _, _ := b.get(t, c, path); status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, status)
		}
	}
	for _, path := range []string{"/reviews/settings", "/reviews/" + id + "/moderate", "/reviews/" + id + "/reply", "/feedback/settings"} {
		if resp := b.post(t, c, path, url.Values{"action": {"publish"}}); resp.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s: %d, want 404", path, resp.StatusCode)
		}
	}
	body := b.mustGet(t, c, "/")
	lacks(t, body, `href="/reviews"`)
	contains(t, between(body, `class="nav-heading"`, `</nav>`), "Reviews") // "coming next"
}

// TestReviewsTranslated opens every review page, and the survey settings,
// in each language of the UI, also with a form's errors: no message key
// shows through.
func TestReviewsTranslated(t *testing.T) {
	t.Parallel()
	b := setupReviews(t, storetest.MustOpenSQLite(t))
	r := b.mustReview(t, b.order, 0, review.NewReview{Rating: 1, Body: "Rusak, anjing", Photos: []string{b.mustPhoto(t, "gps.jpg")}})
	if _, err := b.reviews.Reply(context.Background(), b.shop.ID, r.ID, "", review.ReplyInput{Body: "Maaf", Public: true}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ lang, want string }{{"id", "Pengaturan ulasan"}, {"en", "Review settings"}, {"ro", "Setările recenziilor"}} {
		t.Run(tc.lang, func(t *testing.T) {
			t.Parallel()
			c := b.login(t, tc.lang)
			pages := map[string]string{}
			for _, path := range []string{"/reviews", "/reviews?status=all&low=1", "/reviews?status=rejected", "/reviews?q=zzz",
				"/reviews/" + r.ID, "/reviews/" + r.ID + "?done=published_already", "/reviews/settings", "/feedback/settings"} {
				pages[path] = b.mustGet(t, c, path)
			}
			_, pages["reply error"], _ = b.postBody(t, c, "/reviews/"+r.ID+"/reply", url.Values{"body": {""}})
			_, pages["settings error"], _ = b.postBody(t, c, "/reviews/settings",
				url.Values{"incentive.fr": {"x"}, "incentive.en": {strings.Repeat("x", 201)}})
			_, pages["survey row"], _ = b.postBody(t, c, "/feedback/settings", url.Values{"op": {"add"}})
			_, pages["survey error"], _ = b.postBody(t, c, "/feedback/settings", url.Values{"extra.0.id": {"X"},
				"extra.0.type": {"choice"}, "extra.0.kinds": {"xyz"}, "questions.nps.id": {strings.Repeat("x", 201)}})
			contains(t, pages["/reviews/settings"], tc.want)
			for name, body := range pages {
				if !strings.Contains(body, "<main") {
					t.Errorf("%s: no page", name)
				}
				if leak := untranslated(body); strings.Contains(leak, "reviews.") || strings.Contains(leak, "feedback.") ||
					strings.Contains(leak, "nav.") || strings.Contains(leak, "cases.") {
					for _, k := range []string{"reviews.", "feedback.", "nav.", "cases."} {
						if i := strings.Index(leak, k); i >= 0 {
							t.Errorf("%s: untranslated %q", name, leak[i:min(len(leak), i+60)])
						}
					}
				}
			}
		})
	}
}
