package journey_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/mail"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/review"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/survey"
	"github.com/purnajual/purna/internal/testfix"
	"github.com/purnajual/purna/internal/timeline"
)

var linkRE = regexp.MustCompile(`https://toko\.example/[rs]/[^\s"<>]+`)

// links returns the survey (/s/) or review (/r/) links of a message's text.
func links(m mail.Message, kind string) []string {
	var out []string
	for _, l := range linkRE.FindAllString(m.Text, -1) {
		if strings.HasPrefix(l, "https://toko.example/"+kind+"/") {
			out = append(out, l)
		}
	}
	return out
}

// TestFeedbackRequests runs the survey and review journeys on the shipped
// templates: three days after delivery the NPS survey, with one signed
// link per score; a week after, a review request with five star links per
// product; the reminders go only to what was not answered, and a customer
// who had five review requests in 30 days gets no more.
func TestFeedbackRequests(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC) // 10:00 in Jakarta
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d, start)
		secret := []byte("feedback journey secret 32 bytes")
		surveys := survey.NewService(sqlstore.Surveys{Store: b.store}, b.clock, secret)
		reviews := review.NewService(sqlstore.Reviews{Store: b.store}, b.clock, secret)
		b.engine.Channels["email"] = journey.Email{Sender: b.sent, Composer: &journey.TemplateComposer{
			From: "halo@toko.example", BaseURL: "https://toko.example", Secret: secret, Surveys: surveys,
			Reviews: sqlstore.Reviews{Store: b.store}}}
		prods := product.NewService(sqlstore.Products{Store: b.store}, b.clock)
		for _, in := range []product.Input{{SKU: "BLND-01", Name: "Blender Cosmos", Price: 45000000},
			{SKU: "FLTR-02", Name: "Filter air", Price: 2500000}} {
			if _, _, err := prods.Save(ctx, b.shop.ID, "IDR", in); err != nil {
				t.Fatal(err)
			}
		}
		in := testfix.OrderInput("F-1", start.Add(-time.Hour))
		in.Customer.Locale = "en"
		delivered := start
		in.Shipments = []order.ShipmentInput{{TrackingNumber: "JNE-F1", Status: order.ShipmentDelivered, DeliveredAt: &delivered}}
		// What the dispatch job does with a delivery: journeys react, and
		// the review module makes the products' reviews due.
		catalogue := review.Catalogue{Orders: b.orders, Products: prods}
		schedule := func(evs []timeline.Event) {
			t.Helper()
			for _, ev := range evs {
				if err := reviews.ScheduleRequests(ctx, catalogue, ev); err != nil {
					t.Fatal(err)
				}
			}
			all, _, err := (sqlstore.Customers{Store: b.store}).FindEvents(ctx, timeline.Filter{ShopID: b.shop.ID, Limit: 200})
			if err != nil {
				t.Fatal(err)
			}
			for _, ev := range all {
				if ev.Type == review.Due {
					b.react(t, ev)
				}
			}
		}
		res := b.ingest(t, in)
		schedule(res.Events)
		b.run(t)
		sentBefore := len(b.sent.Messages())

		// Day 3: the NPS survey, one link per score, signed for Siti.
		b.clock.Add(72*time.Hour + time.Minute)
		b.run(t)
		var nps mail.Message
		for _, m := range b.sent.Messages()[sentBefore:] {
			if len(links(m, "s")) > 0 {
				nps = m
			}
		}
		ls := links(nps, "s")
		if len(ls) != 11 || !strings.HasSuffix(ls[0], "/0") || !strings.HasSuffix(ls[10], "/10") {
			t.Fatalf("NPS survey has %d survey links, want one per score 0 to 10:\n%s", len(ls), nps.Text)
		}
		tok := strings.TrimPrefix(ls[0], "https://toko.example/s/")
		tok, _, _ = strings.Cut(tok, "/")
		if l, err := surveys.Parse(tok); err != nil || l.CustomerID != *res.Order.CustomerID || l.Kind != survey.NPS ||
			l.OrderID == nil || *l.OrderID != res.Order.ID || l.MessageID == nil {
			t.Fatalf("survey link %q = %+v, %v", tok, l, err)
		}
		// Siti answers; the reminder on day 7 is skipped.
		if _, err := surveys.Answer(ctx, tok, 8, "en"); err != nil {
			t.Fatal(err)
		}

		// Day 7: the review request, five star links per product, and the
		// survey reminder skipped as answered.
		n := len(b.sent.Messages())
		b.clock.Add(4 * 24 * time.Hour)
		b.run(t)
		var req mail.Message
		for _, m := range b.sent.Messages()[n:] {
			if len(links(m, "s")) > 0 {
				t.Fatalf("a survey reminder went to a customer who answered: %q", m.Subject)
			}
			if len(links(m, "r")) > 0 {
				req = m
			}
		}
		rs := links(req, "r")
		if len(rs) != 10 && len(rs) != 12 { // 5 stars per product (and perhaps each product's form)
			t.Fatalf("review request has %d review links:\n%s", len(rs), req.Text)
		}
		var five string
		for _, l := range rs {
			if strings.HasSuffix(l, "?rating=5") && five == "" {
				five = l
			}
		}
		u, _ := url.Parse(five)
		form := strings.TrimPrefix(u.Path, "/r/")
		if _, err := reviews.Submit(ctx, form, review.NewReview{Rating: 5, Body: "Great blender.", Locale: "en"}); err != nil {
			t.Fatal(err)
		}
		// The shop replies privately: the reply reaches Siti by email,
		// without a link to the product page; mending it sends nothing.
		rv, err := reviews.Find(ctx, review.Filter{ShopID: b.shop.ID})
		if err != nil || rv.Total != 1 {
			t.Fatalf("reviews: %+v %v", rv, err)
		}
		if _, err := reviews.Reply(ctx, b.shop.ID, rv.Items[0].ID, "agent", review.ReplyInput{Body: "Thank you, Siti!\n\nEnjoy your smoothies."}); err != nil {
			t.Fatal(err)
		}
		if _, err := reviews.Reply(ctx, b.shop.ID, rv.Items[0].ID, "agent", review.ReplyInput{Body: "Thank you, Siti! Enjoy."}); err != nil {
			t.Fatal(err)
		}
		evs, _, err := (sqlstore.Customers{Store: b.store}).FindEvents(ctx, timeline.Filter{ShopID: b.shop.ID, Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		var replied []timeline.Event
		for _, ev := range evs {
			if ev.Type == review.Replied {
				replied = append(replied, ev)
			}
		}
		if len(replied) != 1 {
			t.Fatalf("%d review.replied events, want 1 (edits tell nobody)", len(replied))
		}
		n = len(b.sent.Messages())
		b.react(t, replied...)
		b.run(t)
		if got := b.sent.Messages()[n:]; len(got) != 1 || !strings.Contains(got[0].Text, "Enjoy your smoothies.") ||
			!strings.Contains(got[0].Text, "Great blender.") || strings.Contains(got[0].Text, "/w/") {
			t.Fatalf("the private reply's email: %d messages\n%v", len(got), got)
		}

		var skipped int
		if err := d.Read().QueryRow(ctx, `SELECT COUNT(*) FROM messages WHERE shop_id = $1 AND template = 'survey_nps'
			AND status = 'skipped' AND reason LIKE 'answered:%'`, b.shop.ID).Scan(&skipped); err != nil || skipped != 1 {
			t.Fatalf("%d NPS reminders skipped as answered (%v), want 1", skipped, err)
		}

		// Day 12: the review reminder asks only about the filter.
		n = len(b.sent.Messages())
		b.clock.Add(5 * 24 * time.Hour)
		b.run(t)
		var rem mail.Message
		for _, m := range b.sent.Messages()[n:] {
			if len(links(m, "r")) > 0 {
				rem = m
			}
		}
		if rem.Subject == "" || strings.Contains(rem.Text, "Blender Cosmos") || !strings.Contains(rem.Text, "Filter air") {
			t.Fatalf("review reminder should ask about the filter only:\n%s", rem.Text)
		}
		if !strings.Contains(strings.ToLower(rem.Subject), "reminder") {
			t.Errorf("the reminder's subject %q does not say it is one", rem.Subject)
		}

		// Another order of the same products: nothing left to ask about.
		in2 := testfix.OrderInput("F-2", b.clock.Now().Add(-time.Hour))
		in2.Customer.Locale = "en"
		d2 := b.clock.Now()
		in2.Shipments = []order.ShipmentInput{{TrackingNumber: "JNE-F2", Status: order.ShipmentDelivered, DeliveredAt: &d2}}
		schedule(b.ingest(t, in2).Events)
		b.run(t)
		b.clock.Add(7*24*time.Hour + time.Hour)
		b.run(t)
		var asked int
		if err := d.Read().QueryRow(ctx, `SELECT COUNT(*) FROM messages WHERE shop_id = $1 AND template = 'review_request'
			AND status = 'skipped' AND reason LIKE 'answered:%'`, b.shop.ID).Scan(&asked); err != nil || asked != 1 {
			t.Fatalf("%d review requests skipped as already asked (%v), want 1", asked, err)
		}
	})
}
