package followup_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/followup"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/survey"
	"github.com/purnajual/purna/internal/testfix"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func (c *clock) Set(t time.Time)     { c.mu.Lock(); c.t = t.UTC(); c.mu.Unlock() }
func ptr[T any](v T) *T              { return &v }

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

// testBundle is a shop with Siti's delivered order of a blender (12-month
// warranty, 7-day returns by the default Indonesian policy) and two
// filters, survey and follow-up services on real storage, and a link for
// Siti's NPS survey about the order.
type testBundle struct {
	d       *db.DB
	store   *sqlstore.Store
	clock   *clock
	shop    *shop.Shop
	order   *order.Order
	surveys *survey.Service
	follow  *followup.Service
	link    survey.Link
	secret  []byte
}

func setup(t *testing.T, d *db.DB) *testBundle {
	t.Helper()
	ctx := context.Background()
	s := testfix.MustStore(t, d)
	b := &testBundle{d: d, store: s, clock: &clock{}, secret: []byte("test secret of thirty-two bytes!")}
	b.clock.Set(time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC))
	b.shop = testfix.Shop(t, s, nil)
	prods := product.NewService(sqlstore.Products{Store: s}, b.clock)
	for _, in := range []product.Input{
		{SKU: "BLND-01", Name: "Blender Cosmos", Price: 45000000, WarrantyMonths: 12},
		{SKU: "FLTR-02", Name: "Filter air", Price: 2500000},
	} {
		if _, _, err := prods.Save(ctx, b.shop.ID, "IDR", in); err != nil {
			t.Fatal(err)
		}
	}
	orders := order.NewService(sqlstore.Orders{Store: s}, b.clock)
	in := testfix.OrderInput("INV-1", b.clock.Now())
	delivered := b.clock.Now().Add(72 * time.Hour)
	in.Shipments = []order.ShipmentInput{{TrackingNumber: "JNE-1", Status: order.ShipmentDelivered, DeliveredAt: &delivered}}
	res := must(orders.Ingest(ctx, b.shop, in))(t)
	b.order = res.Order
	b.clock.Set(delivered.Add(72 * time.Hour))
	casesSvc := cases.NewService(sqlstore.Cases{Store: s}, b.clock)
	customers := customer.NewService(sqlstore.Customers{Store: s}, b.clock)
	b.surveys = survey.NewService(sqlstore.Surveys{Store: s}, b.clock, b.secret)
	b.follow = followup.NewService(sqlstore.FollowUps{Store: s}, b.clock,
		followup.Gather(followup.Sources{Customers: customers, Orders: orders, Eligibility: casesSvc}))
	b.link = survey.Link{ShopID: b.shop.ID, CustomerID: *b.order.CustomerID, Kind: survey.NPS, OrderID: &b.order.ID}
	return b
}

// react hands every survey event of the shop to the follow-up reactor, as
// the dispatch job does, and returns how many it handed.
func (b *testBundle) react(t *testing.T) int {
	t.Helper()
	rows, err := b.d.Read().Query(context.Background(), `SELECT id FROM events WHERE shop_id = $1 AND type LIKE 'survey.%'
		ORDER BY created_at, id`, b.shop.ID)
	if err != nil {
		t.Fatal(err)
	}
	var ids []purna.ID
	for rows.Next() {
		var id purna.ID
		_ = rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	evs := must(b.store.FindEventsByIDs(context.Background(), b.shop.ID, ids))(t)
	for _, ev := range evs {
		if err := b.follow.React(context.Background(), ev); err != nil {
			t.Fatal(err)
		}
	}
	return len(evs)
}

func (b *testBundle) count(t *testing.T, q string) int {
	t.Helper()
	var n int
	if err := b.d.Read().QueryRow(context.Background(), q, b.shop.ID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestDetractorOpensFollowUp is the closed loop: an NPS of 3 from the
// email's link opens one follow-up, with the order's context and the
// remedies eligibility allows, and a call task with the customer's phone.
func TestDetractorOpensFollowUp(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		token := b.link.Token(b.secret)
		r := must(b.surveys.Answer(ctx, token, 3, "id"))(t)
		if r.Score != 3 || r.Source != "api" || r.Locale != "id" || r.Changes != 0 {
			t.Fatalf("response = %+v", r)
		}
		// The same click again (a mail scanner, a double click) adds
		// nothing: no second event, no change.
		again := must(b.surveys.Answer(ctx, token, 3, "id"))(t)
		if again.ID != r.ID || again.Changes != 0 {
			t.Fatalf("second click = %+v", again)
		}
		if n := b.count(t, `SELECT COUNT(*) FROM events WHERE shop_id = $1 AND type = 'survey.answered'`); n != 1 {
			t.Fatalf("%d survey.answered events, want 1", n)
		}
		b.react(t)
		b.react(t) // a dispatch job that runs twice opens one follow-up
		page := must(b.follow.Find(ctx, followup.Filter{ShopID: b.shop.ID}))(t)
		if page.Total != 1 {
			t.Fatalf("%d follow-ups, want 1", page.Total)
		}
		f := page.Items[0]
		if f.Status != followup.Open || f.Trigger != "nps" || f.Score != 3 || f.OrderID == nil || *f.OrderID != b.order.ID {
			t.Fatalf("follow-up = %+v", f)
		}
		c := f.Context
		if c.Phone != "+6281234567890" || c.WhatsAppURL != "https://wa.me/6281234567890" || c.Order == nil ||
			len(c.Order.Lines) != 2 || c.Order.Number == "" {
			t.Fatalf("context = %+v", c)
		}
		if c.Order.Lines[0].WarrantyUntil == nil {
			t.Fatalf("blender line has no warranty end: %+v", c.Order.Lines[0])
		}
		remedies := map[followup.Remedy]bool{}
		for _, s := range c.Suggestions {
			remedies[s.Remedy] = true
		}
		if !remedies[followup.Replacement] || !remedies[followup.Return] || !remedies[followup.Coupon] {
			t.Fatalf("suggestions = %+v, want a replacement (in warranty), a return (in the window) and a coupon", c.Suggestions)
		}
		det := must(b.follow.FindByID(ctx, b.shop.ID, f.ID))(t)
		if len(det.Tasks) != 1 || det.Tasks[0].Kind != "call" || det.Tasks[0].Phone != c.Phone ||
			det.Tasks[0].Status != followup.TaskOpen || !det.Tasks[0].DueAt.Equal(f.DueAt) {
			t.Fatalf("tasks = %+v", det.Tasks)
		}
		if n := b.count(t, `SELECT COUNT(*) FROM events WHERE shop_id = $1 AND type = 'followup.opened'`); n != 1 {
			t.Fatalf("%d followup.opened events, want 1", n)
		}

		// The "why" lands on the follow-up.
		must(b.surveys.AddComment(ctx, token, survey.Comment{Comment: "Blendernya bunyi keras <b>sekali</b>"}))(t)
		b.react(t)
		f2 := must(b.follow.FindByID(ctx, b.shop.ID, f.ID))(t)
		if f2.Comment != "Blendernya bunyi keras <b>sekali</b>" {
			t.Fatalf("comment = %q", f2.Comment)
		}

		// The call reached Siti: that is the first contact.
		b.clock.Add(2 * time.Hour)
		must(b.follow.CompleteTask(ctx, b.shop.ID, det.Tasks[0].ID, cases.Agent("agent-1"),
			followup.CompleteInput{Outcome: followup.Reached, Note: "Will send a replacement"}))(t)
		if _, err := b.follow.CompleteTask(ctx, b.shop.ID, det.Tasks[0].ID, cases.Agent("agent-1"),
			followup.CompleteInput{Outcome: followup.Reached}); purna.ErrorCode(err) != purna.ECONFLICT {
			t.Fatalf("second completion: %v, want ECONFLICT", err)
		}
		f3 := must(b.follow.FindByID(ctx, b.shop.ID, f.ID))(t)
		if f3.Status != followup.Contacted || f3.FirstContactAt == nil || f3.FirstContactAt.Sub(f.CreatedAt) != 2*time.Hour {
			t.Fatalf("after the call: %+v", f3.FollowUp)
		}
		if _, err := b.follow.Act(ctx, b.shop.ID, f.ID, cases.Agent("agent-1"), followup.Reopen, followup.ActInput{}); purna.ErrorCode(err) != purna.ECONFLICT {
			t.Fatalf("reopen a contacted follow-up: %v, want ECONFLICT", err)
		}
		if _, err := b.follow.Act(ctx, b.shop.ID, f.ID, cases.Agent("agent-1"), followup.Resolve, followup.ActInput{}); purna.ErrorCode(err) != purna.EINVALID {
			t.Fatalf("resolve without a remedy: %v, want EINVALID", err)
		}
		must(b.follow.Act(ctx, b.shop.ID, f.ID, cases.Agent("agent-1"), followup.Resolve,
			followup.ActInput{Remedy: followup.Replacement, Note: "W-1002"}))(t)

		// Siti answers the next survey better, and orders again.
		b.clock.Add(30 * 24 * time.Hour)
		orders := order.NewService(sqlstore.Orders{Store: b.store}, b.clock)
		res := must(orders.Ingest(ctx, b.shop, testfix.OrderInput("INV-2", b.clock.Now())))(t)
		later := survey.Link{ShopID: b.shop.ID, CustomerID: b.link.CustomerID, Kind: survey.NPS, OrderID: &res.Order.ID}
		must(b.surveys.Answer(ctx, later.Token(b.secret), 9, "id"))(t)
		st := must(b.follow.Stats(ctx, b.shop.ID, b.clock.Now().Add(-60*24*time.Hour), b.clock.Now().Add(time.Hour)))(t)
		if st.Opened != 1 || st.Contacted != 1 || st.Resolved != 1 || st.MedianFirstContact != 2*time.Hour ||
			st.ByRemedy[followup.Replacement] != 1 || st.AnsweredLater != 1 || st.Improved != 1 || st.Reordered != 1 {
			t.Fatalf("stats = %+v", st)
		}
	})
}

// TestAnswerChangesRatherThanAdds: a second click on another score
// changes the answer; a promoter opens no follow-up.
func TestAnswerChangesRatherThanAdds(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		token := b.link.Token(b.secret)
		must(b.surveys.Answer(ctx, token, 9, "en"))(t)
		r := must(b.surveys.Answer(ctx, token, 10, "en"))(t)
		if r.Score != 10 || r.Changes != 1 {
			t.Fatalf("changed answer = %+v", r)
		}
		if n := b.count(t, `SELECT COUNT(*) FROM survey_responses WHERE shop_id = $1`); n != 1 {
			t.Fatalf("%d responses, want 1", n)
		}
		if n := b.react(t); n != 2 {
			t.Fatalf("%d survey events, want 2 (the answer and its change)", n)
		}
		if n := b.count(t, `SELECT COUNT(*) FROM followups WHERE shop_id = $1`); n != 0 {
			t.Fatalf("a promoter opened %d follow-ups", n)
		}
		ok := must(b.surveys.Answered(ctx, b.shop.ID, b.link.CustomerID, survey.NPS, &b.order.ID, nil))(t)
		if !ok {
			t.Fatal("Answered = false after an answer")
		}
		if _, err := b.surveys.Answer(ctx, token, 11, "en"); purna.ErrorFields(err)["score"] == "" {
			t.Fatalf("score 11: %v, want a score field error", err)
		}
	})
}

// TestLinksCannotBeTurned: a link answers only for its own customer,
// order and kind; a forged or altered one is refused and stores nothing.
func TestLinksCannotBeTurned(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		other := testfix.Shop(t, b.store, &testfix.ShopOpts{Name: "Toko Lain"})
		forged := b.link
		forged.ShopID = other.ID
		csat := b.link
		csat.Kind = survey.CSAT
		for name, token := range map[string]string{
			"signed with another secret": b.link.Token([]byte("another secret, thirty-two bytes")),
			"garbage":                    "abc.def",
			"made for another purpose":   "eyJhIjoiYiJ9.AAAAAAAAAAAAAAAAAAAAAAAA",
		} {
			if _, err := b.surveys.Answer(ctx, token, 3, "en"); purna.ErrorCode(err) != purna.EINVALID {
				t.Errorf("%s: %v, want EINVALID", name, err)
			}
		}
		// Another shop's link with this shop's order: the order is not
		// that shop's, so nothing is stored.
		if _, err := b.surveys.Answer(ctx, forged.Token(b.secret), 3, "en"); purna.ErrorCode(err) != purna.EINVALID {
			t.Errorf("cross-shop link: %v, want EINVALID", err)
		}
		// A CSAT link is another survey: its answer is its own.
		must(b.surveys.Answer(ctx, csat.Token(b.secret), 2, "en"))(t)
		if ok := must(b.surveys.Answered(ctx, b.shop.ID, b.link.CustomerID, survey.NPS, &b.order.ID, nil))(t); ok {
			t.Fatal("a CSAT answer counted as the NPS answer")
		}
		if n := b.count(t, `SELECT COUNT(*) FROM survey_responses WHERE shop_id = $1`); n != 1 {
			t.Fatalf("%d responses, want 1", n)
		}
		if n := b.count(t, `SELECT COUNT(*) FROM events WHERE shop_id = $1 AND type LIKE 'survey.%'`); n != 1 {
			t.Fatalf("%d events", n)
		}
	})
}
