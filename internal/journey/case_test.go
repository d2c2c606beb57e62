package journey_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/mail"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
	"github.com/purnajual/purna/internal/timeline"
)

// TestCaseMessages runs the default case journeys on the shipped
// templates: a case event sends the case_update in the customer's
// language, with the words of its step and the portal link, and a repair
// that went back to its owner gets the follow-up three days later.
func TestCaseMessages(t *testing.T) {
	t.Parallel()
	// 10:00 in Jakarta: not quiet hours.
	start := time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d, start)
		b.engine.Channels["email"] = journey.Email{Sender: b.sent, Composer: &journey.TemplateComposer{
			From: "halo@toko.example", BaseURL: "https://toko.example", Secret: []byte("k"),
			PortalURL: func(shopID, customerID purna.ID, orderID *purna.ID) string {
				if orderID == nil {
					return "https://toko.example/p/" + customerID
				}
				return "https://toko.example/p/" + customerID + "?order=" + *orderID
			}}}
		in := testfix.OrderInput("C-1", start.Add(-time.Hour))
		in.Customer.Locale = "en"
		res := b.ingest(t, in)
		b.run(t)
		o := res.Order
		line := o.Lines[0]
		portal := "https://toko.example/p/" + *o.CustomerID + "?order=" + o.ID

		caseEvent := func(typ timeline.Type, number, kind, status, action string, extra map[string]any) {
			t.Helper()
			data := map[string]any{"case_id": purna.NewID(b.clock.Now()), "number": number, "kind": kind, "status": status,
				"action": action, "actor": "agent",
				"lines": []map[string]any{{"order_line_id": line.ID, "product_id": line.ProductID, "quantity": 1}}}
			for k, v := range extra {
				data[k] = v
			}
			raw, _ := json.Marshal(data)
			evs, err := sqlstore.Reminders{Store: b.store}.AppendEvents(ctx, []timeline.Event{{ShopID: b.shop.ID,
				CustomerID: o.CustomerID, OrderID: &o.ID, Type: typ, OccurredAt: b.clock.Now(), Data: raw,
				DedupeKey: string(typ) + ":" + number}})
			if err != nil {
				t.Fatal(err)
			}
			b.react(t, evs...)
			b.run(t)
		}
		last := func() mail.Message {
			t.Helper()
			msgs := b.sent.Messages()
			return msgs[len(msgs)-1]
		}
		sent := len(b.sent.Messages())

		caseEvent(timeline.ReturnApproved, "R-1001", "return", "approved", "approve", nil)
		m := last()
		if len(b.sent.Messages()) != sent+1 || m.Subject != "Good news: your return R-1001 is approved" {
			t.Fatalf("sent %d, last %q", len(b.sent.Messages())-sent, m.Subject)
		}
		for _, want := range []string{"we've approved your return R-1001 for Blender Cosmos", "send it back to us",
			"Follow your request: " + portal} {
			if !strings.Contains(m.Text, want) {
				t.Errorf("text lacks %q:\n%s", want, m.Text)
			}
		}
		if !strings.Contains(m.HTML, `href="`+portal) || m.Marketing {
			t.Errorf("html has no portal button, or the message is marketing")
		}

		caseEvent(timeline.ReturnResolved, "R-1001", "return", "resolved", "resolve",
			map[string]any{"resolution": "refund", "amount": map[string]any{"amount": 45000000, "currency": "IDR"}})
		if m := last(); m.Subject != "Your refund of Rp 450,000 is on its way" {
			t.Errorf("refund subject %q", m.Subject)
		}

		// The customer's own step sends nothing.
		n := len(b.sent.Messages())
		caseEvent(timeline.ReturnSentBack, "R-1001", "return", "in_transit", "send_back", nil)
		if len(b.sent.Messages()) != n {
			t.Errorf("sending the item back sent %q", last().Subject)
		}

		// A repair goes back: the update now, the follow-up in three days.
		caseEvent(timeline.RepairReturned, "S-1002", "repair", "returned_to_customer", "return_to_customer", nil)
		if m := last(); m.Subject != "Your Blender Cosmos is on its way back to you" {
			t.Errorf("returned subject %q", m.Subject)
		}
		n = len(b.sent.Messages())
		b.clock.Add(71 * time.Hour)
		b.run(t)
		// Meanwhile the resolved return's CSAT survey went out (a day
		// after), and nothing else.
		for _, m := range b.sent.Messages()[n:] {
			if !strings.Contains(m.Subject, "R-1001") || !strings.Contains(m.Text, "/s/") {
				t.Fatalf("follow-up early, or another message: %q", m.Subject)
			}
		}
		b.clock.Add(2 * time.Hour)
		b.run(t)
		if m := last(); m.Subject != "How is your Blender Cosmos working now?" || !strings.Contains(m.Text, portal) {
			t.Errorf("follow-up %q:\n%s", m.Subject, m.Text)
		}
	})
}
