package review_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/followup"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/review"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
	"github.com/purnajual/purna/internal/timeline"
)

// must returns v, failing the test when err is set: must(f())(t).
func must[T any](v T, err error) func(testing.TB) T {
	return func(tb testing.TB) T {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return v
	}
}

var secret = []byte("review test secret, 32 bytes ok!")

// svcBundle is a shop with Siti's delivered order of a blender and two
// filters, and a review form link for each product.
type svcBundle struct {
	d                 *db.DB
	store             *sqlstore.Store
	svc               *review.Service
	shopID            purna.ID
	blender, filter   review.FormLink
	strangerProductID purna.ID
}

func setupService(t *testing.T, d *db.DB) *svcBundle {
	t.Helper()
	ctx := context.Background()
	s := testfix.MustStore(t, d)
	clock := purna.SystemClock{}
	sh := testfix.Shop(t, s, nil)
	prods := product.NewService(sqlstore.Products{Store: s}, clock)
	ids := map[string]purna.ID{}
	for _, in := range []product.Input{
		{SKU: "BLND-01", Name: "Blender Cosmos", Price: 45000000},
		{SKU: "FLTR-02", Name: "Filter air", Price: 2500000},
		{SKU: "KETTLE-3", Name: "Kettle", Price: 3500000},
	} {
		p, _, err := prods.Save(ctx, sh.ID, "IDR", in)
		if err != nil {
			t.Fatal(err)
		}
		ids[in.SKU] = p.ID
	}
	in := testfix.OrderInput("INV-1", time.Now().Add(-96*time.Hour))
	delivered := time.Now().Add(-24 * time.Hour)
	in.Shipments = []order.ShipmentInput{{TrackingNumber: "JNE-1", Status: order.ShipmentDelivered, DeliveredAt: &delivered}}
	res := must(order.NewService(sqlstore.Orders{Store: s}, clock).Ingest(ctx, sh, in))(t)
	o := res.Order
	b := &svcBundle{d: d, store: s, svc: review.NewService(sqlstore.Reviews{Store: s}, clock, secret), shopID: sh.ID,
		strangerProductID: ids["KETTLE-3"]}
	b.blender = review.FormLink{ShopID: sh.ID, CustomerID: *o.CustomerID, OrderID: o.ID, ProductID: ids["BLND-01"]}
	b.filter = review.FormLink{ShopID: sh.ID, CustomerID: *o.CustomerID, OrderID: o.ID, ProductID: ids["FLTR-02"]}
	return b
}

func (b *svcBundle) count(t *testing.T, q string) int {
	t.Helper()
	var n int
	if err := b.d.Read().QueryRow(context.Background(), q, b.shopID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSubmitAndModerate(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupService(t, d)
		ctx := context.Background()
		good := review.NewReview{Rating: 5, Title: "Mantap", Body: "Blendernya kuat dan tidak berisik.", AuthorName: "Siti R.", Locale: "id"}
		r := must(b.svc.Submit(ctx, b.blender.Token(secret), good))(t)
		if r.Status != review.Published || !r.Verified || r.OrderLineID == nil || r.PublishedAt == nil || r.Incentivised {
			t.Fatalf("verified clean review = %+v", r)
		}
		// The same review again changes nothing and adds no event.
		again := must(b.svc.Submit(ctx, b.blender.Token(secret), good))(t)
		if again.ID != r.ID || again.UpdatedAt.Sub(r.UpdatedAt).Abs() > time.Millisecond {
			t.Fatalf("second submit changed the review: %+v", again)
		}
		if n := b.count(t, `SELECT COUNT(*) FROM events WHERE shop_id = $1 AND type = 'review.submitted'`); n != 1 {
			t.Fatalf("%d review.submitted events, want 1", n)
		}
		// Profanity waits for a person, whatever the rating.
		bad := review.NewReview{Rating: 5, Body: "Filternya bagus, anjing!", Locale: "id"}
		held := must(b.svc.Submit(ctx, b.filter.Token(secret), bad))(t)
		if held.Status != review.Pending || len(held.Reasons) == 0 || held.Reasons[0] != review.ReasonProfanity {
			t.Fatalf("profane review = %+v", held)
		}
		queue := must(b.svc.Find(ctx, review.Filter{ShopID: b.shopID, Status: statusPtr(review.Pending)}))(t)
		if queue.Total != 1 || queue.Items[0].ID != held.ID {
			t.Fatalf("queue = %+v", queue)
		}
		pub := must(b.svc.Moderate(ctx, b.shopID, held.ID, true))(t)
		if pub.Status != review.Published {
			t.Fatalf("moderated = %+v", pub)
		}
		// A bot fills in the honeypot: it looks accepted, nothing is stored.
		spam := good
		spam.Honeypot = "https://spam.example"
		if _, err := b.svc.Submit(ctx, b.filter.Token(secret), spam); err != nil {
			t.Fatal(err)
		}
		if n := b.count(t, `SELECT COUNT(*) FROM reviews WHERE shop_id = $1`); n != 2 {
			t.Fatalf("%d reviews after the bot, want 2", n)
		}
		// A link for a product the order lacks, or a bad rating, stores nothing.
		stranger := b.blender
		stranger.ProductID = b.strangerProductID
		if _, err := b.svc.Submit(ctx, stranger.Token(secret), good); purna.ErrorCode(err) != purna.EINVALID {
			t.Fatalf("review of a product not bought: %v", err)
		}
		if _, err := b.svc.Submit(ctx, b.blender.Token(secret), review.NewReview{Rating: 9, Body: "x", Locale: "id"}); purna.ErrorFields(err)["rating"] == "" {
			t.Fatalf("rating 9: %v", err)
		}
		// A public reply shows; the page and summary count published only.
		must(b.svc.Reply(ctx, b.shopID, r.ID, "user-1", review.ReplyInput{Body: "Terima kasih, Kak!", Public: true}))(t)
		items, sum, more := must3(b.svc.Published(ctx, b.shopID, b.blender.ProductID, 1, 10))(t)
		if len(items) != 1 || items[0].Reply == nil || !items[0].Reply.Public || sum.Count != 1 || sum.Average != 5 || more {
			t.Fatalf("published = %+v, %+v, %v", items, sum, more)
		}
		// Another shop finds none of it.
		other := testfix.Shop(t, b.store, &testfix.ShopOpts{Name: "Toko Lain"})
		if _, err := b.svc.FindByID(ctx, other.ID, r.ID); purna.ErrorCode(err) != purna.ENOTFOUND {
			t.Fatalf("another shop's lookup: %v", err)
		}
		if _, err := b.svc.Moderate(ctx, other.ID, r.ID, false); purna.ErrorCode(err) != purna.ENOTFOUND {
			t.Fatalf("another shop's moderation: %v", err)
		}
	})
}

// TestLowRatingOpensFollowUp: a 1-star review opens a follow-up at once,
// with the review's words.
func TestLowRatingOpensFollowUp(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupService(t, d)
		ctx := context.Background()
		r := must(b.svc.Submit(ctx, b.blender.Token(secret), review.NewReview{Rating: 1, Title: "Rusak",
			Body: "Mati setelah dua hari.", Locale: "id"}))(t)
		if r.Status != review.Published {
			t.Fatalf("a 1-star review is held: %+v (ratings never decide)", r)
		}
		clock := purna.SystemClock{}
		fu := followup.NewService(sqlstore.FollowUps{Store: b.store}, clock, nil)
		evs, _, err := (sqlstore.Customers{Store: b.store}).FindEvents(ctx, timeline.Filter{ShopID: b.shopID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range evs {
			if err := fu.React(ctx, ev); err != nil {
				t.Fatal(err)
			}
		}
		page := must(fu.Find(ctx, followup.Filter{ShopID: b.shopID}))(t)
		if page.Total != 1 || page.Items[0].Source != followup.FromReview || page.Items[0].Score != 1 ||
			page.Items[0].Comment != "Rusak\nMati setelah dua hari." {
			t.Fatalf("follow-ups = %+v", page.Items)
		}
	})
}

func must3[A, B, C any](a A, b B, c C, err error) func(testing.TB) (A, B, C) {
	return func(tb testing.TB) (A, B, C) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return a, b, c
	}
}

func statusPtr(s review.Status) *review.Status { return &s }

// TestUnverifiedReviews: reviews without an order are refused unless the
// shop accepts them; then they wait for a person (verified buyers only
// are published at once), and the same text again is the same review.
func TestUnverifiedReviews(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupService(t, d)
		ctx := context.Background()
		in := review.NewReview{Rating: 4, Body: "Beli di toko offline, bagus.", AuthorName: "Budi", Locale: "id"}
		if _, err := b.svc.SubmitUnverified(ctx, b.shopID, b.blender.ProductID, in); purna.ErrorCode(err) != purna.EFORBIDDEN {
			t.Fatalf("unverified review by default: %v, want EFORBIDDEN", err)
		}
		st := review.DefaultSettings()
		st.Rules.AllowUnverified = true
		if err := b.svc.SaveSettings(ctx, b.shopID, &st); err != nil {
			t.Fatal(err)
		}
		r := must(b.svc.SubmitUnverified(ctx, b.shopID, b.blender.ProductID, in))(t)
		if r.Verified || r.CustomerID != nil || r.Status != review.Pending || len(r.Reasons) != 1 || r.Reasons[0] != review.ReasonNotVerified {
			t.Fatalf("unverified review = %+v", r)
		}
		again := must(b.svc.SubmitUnverified(ctx, b.shopID, b.blender.ProductID, in))(t)
		if again.ID != r.ID {
			t.Fatalf("the same text made a second review")
		}
		if n := b.count(t, `SELECT COUNT(*) FROM reviews WHERE shop_id = $1`); n != 1 {
			t.Fatalf("%d reviews", n)
		}
	})
}

// TestScheduleRequests: a delivery makes its products' reviews due a week
// later, or at the product's own delay, one event per moment naming its
// products; a re-delivered event adds nothing; an old delivery asks
// nothing.
func TestScheduleRequests(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := testfix.MustStore(t, d)
		clock := purna.SystemClock{}
		sh := testfix.Shop(t, s, nil)
		prods := product.NewService(sqlstore.Products{Store: s}, clock)
		ids := map[string]purna.ID{}
		for _, in := range []product.Input{{SKU: "BLND-01", Name: "Blender Cosmos", Price: 45000000, ReviewDelayDays: 30},
			{SKU: "FLTR-02", Name: "Filter air", Price: 2500000}} {
			p, _, err := prods.Save(ctx, sh.ID, "IDR", in)
			if err != nil {
				t.Fatal(err)
			}
			ids[in.SKU] = p.ID
		}
		orders := order.NewService(sqlstore.Orders{Store: s}, clock)
		delivered := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
		in := testfix.OrderInput("INV-S", delivered.Add(-72*time.Hour))
		in.Shipments = []order.ShipmentInput{{TrackingNumber: "JNE-S", Status: order.ShipmentDelivered, DeliveredAt: &delivered}}
		res := must(orders.Ingest(ctx, sh, in))(t)
		svc := review.NewService(sqlstore.Reviews{Store: s}, clock, secret)
		cat := review.Catalogue{Orders: orders, Products: prods}
		for range 2 { // the dispatch job may run twice
			for _, ev := range res.Events {
				if err := svc.ScheduleRequests(ctx, cat, ev); err != nil {
					t.Fatal(err)
				}
			}
		}
		all, _, err := (sqlstore.Customers{Store: s}).FindEvents(ctx, timeline.Filter{ShopID: sh.ID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]purna.ID{}
		for _, ev := range all {
			if ev.Type != review.Due {
				continue
			}
			var dd review.DueData
			if err := json.Unmarshal(ev.Data, &dd); err != nil {
				t.Fatal(err)
			}
			got[dd.ReviewAt.Sub(delivered).String()] = dd.ProductIDs
		}
		want := map[string][]purna.ID{"168h0m0s": {ids["FLTR-02"]}, "720h0m0s": {ids["BLND-01"]}}
		if len(got) != 2 || !slices.Equal(got["168h0m0s"], want["168h0m0s"]) || !slices.Equal(got["720h0m0s"], want["720h0m0s"]) {
			t.Fatalf("review.due events = %v, want %v", got, want)
		}
		// A delivery imported from last year asks nothing.
		old := timeline.Event{ShopID: sh.ID, CustomerID: res.Order.CustomerID, OrderID: &res.Order.ID, Type: timeline.OrderDelivered,
			OccurredAt: time.Now().AddDate(-1, 0, 0)}
		old.ID = purna.NewID(time.Now())
		if err := svc.ScheduleRequests(ctx, cat, old); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := d.Read().QueryRow(ctx, `SELECT COUNT(*) FROM events WHERE shop_id = $1 AND type = 'review.due'`, sh.ID).Scan(&n); err != nil || n != 2 {
			t.Fatalf("%d review.due events (%v), want the 2 of the recent delivery", n, err)
		}
	})
}
