package journey_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/reminder"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/timeline"
)

// TestRegisteredSerialGetsTheWarrantyReminder is issue 4's second
// acceptance from registration to inbox: an item bought elsewhere and
// registered by its serial number gets the "warranty ends in 30 days"
// email, with its product and end date, once.
func TestRegisteredSerialGetsTheWarrantyReminder(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		purchased := time.Date(2026, 1, 15, 4, 0, 0, 0, time.UTC)
		b := setup(t, d, purchased)
		b.engine.Channels["email"] = journey.Email{Sender: b.sent, Composer: &journey.TemplateComposer{From: "halo@toko.example",
			BaseURL: "https://toko.example", Secret: []byte("k")}}
		mixer, _, err := product.NewService(sqlstore.Products{Store: b.store}, b.clock).Save(ctx, b.shop.ID, "IDR",
			product.Input{SKU: "MX-1", Name: "Mixer Cosmos", Price: 45_000_000, WarrantyMonths: 12})
		if err != nil {
			t.Fatal(err)
		}
		siti, _, err := customer.NewService(sqlstore.Customers{Store: b.store}, b.clock).Save(ctx, b.shop.ID, "ID",
			customer.Input{Email: "siti@example.co.id", FirstName: "Siti", Locale: "en"})
		if err != nil {
			t.Fatal(err)
		}
		cs := cases.NewService(sqlstore.Cases{Store: b.store}, b.clock)
		_, err = cs.Register(ctx, b.shop.ID, cases.Agent("agent"), cases.RegisterInput{CustomerID: siti.ID,
			ProductID: &mixer.ID, SerialNumber: "MX1-000123", PurchasedAt: &purchased})
		if err != nil {
			t.Fatal(err)
		}
		items, err := cs.RegisteredItems(ctx, b.shop.ID, cases.Customer(siti.ID), siti.ID)
		if err != nil || len(items) != 1 || items[0].Warranty.Until == nil {
			t.Fatalf("registered items = %+v, %v", items, err)
		}
		ends := items[0].Warranty.Until.Date // what the portal shows

		rem := reminder.NewService(sqlstore.Reminders{Store: b.store}, b.clock, reminder.Config{})
		rem.AddWarrantySource(sqlstore.Registrations{Store: b.store})
		scan := func() {
			t.Helper()
			if _, err := rem.Run(ctx, b.shop.ID); err != nil {
				t.Fatal(err)
			}
			evs, _, err := sqlstore.Customers{Store: b.store}.FindEvents(ctx, timeline.Filter{ShopID: b.shop.ID, CustomerID: &siti.ID, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			b.react(t, evs...)
			b.run(t)
		}
		// Two months before the end, nothing; 25 days before, the reminder,
		// once however often the job runs.
		b.clock.Set(purchased.AddDate(0, 10, 0))
		scan()
		if n := len(b.sent.Messages()); n != 0 {
			t.Fatalf("%d messages two months before the end", n)
		}
		b.clock.Set(purchased.AddDate(1, 0, -25).Add(6 * time.Hour)) // 10:00 or so in Jakarta
		scan()
		scan()
		msgs := b.sent.Messages()
		if len(msgs) != 1 {
			t.Fatalf("%d messages, want the one reminder", len(msgs))
		}
		m := msgs[0]
		if m.To.Email != "siti@example.co.id" || !strings.Contains(m.Text, "Mixer Cosmos") {
			t.Errorf("reminder to %s:\n%s", m.To.Email, m.Text)
		}
		if !strings.Contains(m.Text, "15 Jan 2027") && !strings.Contains(m.Text, "January 15, 2027") {
			t.Errorf("the reminder does not give the end date the portal shows (%s):\n%s", ends, m.Text)
		}
	})
}
