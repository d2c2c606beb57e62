package reminder_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/reminder"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
	"github.com/purnajual/purna/internal/timeline"
)

const day = 24 * time.Hour

// ingestNow is the order service's clock: after every time the tests use,
// so that no order is "in the future".
var ingestNow = time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC)

type testBundle struct {
	d      *db.DB
	store  *sqlstore.Store
	orders *order.Service
	svc    *reminder.Service
	now    time.Time // the reminder service's clock; tests move it
}

func setup(t testing.TB, d *db.DB) *testBundle {
	t.Helper()
	b := &testBundle{d: d, store: testfix.MustStore(t, d)}
	b.orders = order.NewService(sqlstore.Orders{Store: b.store}, purna.ClockFunc(func() time.Time { return ingestNow }))
	b.svc = reminder.NewService(sqlstore.Reminders{Store: b.store}, purna.ClockFunc(func() time.Time { return b.now }),
		reminder.Config{PageSize: 2}) // tiny pages: every test crosses page boundaries
	return b
}

func (b *testBundle) mustShop(t testing.TB, zone string) *shop.Shop {
	t.Helper()
	return testfix.Shop(t, b.store, &testfix.ShopOpts{Timezone: zone})
}

func (b *testBundle) mustProduct(t testing.TB, sh *shop.Shop, sku string, warrantyMonths, maintenanceDays int) *product.Product {
	t.Helper()
	p := &product.Product{ID: purna.NewID(ingestNow), ShopID: sh.ID, SKU: sku, Name: "Product " + sku, Currency: "IDR",
		WarrantyMonths: warrantyMonths, MaintenanceDays: maintenanceDays, SparePartFor: []string{},
		CreatedAt: ingestNow, UpdatedAt: ingestNow}
	if _, err := (sqlstore.Products{Store: b.store}).UpsertProduct(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	return p
}

// orderOpts describes a test order; zero times are left unset.
type orderOpts struct {
	email                          string
	placed                         time.Time
	delivered, cancelled, refunded time.Time
	skus                           []string
}

func (b *testBundle) mustOrder(t testing.TB, sh *shop.Shop, o orderOpts) *order.Order {
	t.Helper()
	ext := purna.NewID(ingestNow) // random beyond its time part
	if o.email == "" {
		o.email = "siti@example.co.id"
	}
	if o.placed.IsZero() {
		o.placed = o.delivered.Add(-3 * day)
	}
	in := order.Input{Source: "api", ExternalID: ext, Number: "#" + ext[len(ext)-8:], Currency: "IDR", PlacedAt: o.placed,
		Customer: &customer.Input{Email: o.email, FirstName: "Siti"}}
	for _, sku := range o.skus {
		in.Lines = append(in.Lines, order.LineInput{SKU: sku, Name: "Line " + sku, Quantity: 1, UnitPrice: 100000})
	}
	if !o.delivered.IsZero() {
		shipped, delivered := o.delivered.Add(-day), o.delivered
		in.Shipments = []order.ShipmentInput{{Carrier: "JNE", TrackingNumber: "JNE" + ext, ShippedAt: &shipped,
			DeliveredAt: &delivered}}
	}
	if !o.cancelled.IsZero() {
		in.CancelledAt = &o.cancelled
	}
	if !o.refunded.IsZero() {
		in.RefundedAt = &o.refunded
	}
	res, err := b.orders.Ingest(context.Background(), sh, in)
	if err != nil {
		t.Fatal(err)
	}
	return res.Order
}

func (b *testBundle) mustRun(t testing.TB, sh *shop.Shop) reminder.Counts {
	t.Helper()
	c, err := b.svc.Run(context.Background(), sh.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// mustEvents returns the shop's events of typ, oldest first.
func (b *testBundle) mustEvents(t testing.TB, sh *shop.Shop, typ timeline.Type) []timeline.Event {
	t.Helper()
	rows, err := b.d.Read().Query(context.Background(), `SELECT id, customer_id, order_id, occurred_at, data, dedupe_key
		FROM events WHERE shop_id = $1 AND type = $2 ORDER BY created_at, id`, sh.ID, string(typ))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []timeline.Event
	for rows.Next() {
		e := timeline.Event{ShopID: sh.ID, Type: typ}
		var data string
		if err := rows.Scan(&e.ID, &e.CustomerID, &e.OrderID, &e.OccurredAt, &data, &e.DedupeKey); err != nil {
			t.Fatal(err)
		}
		e.Data = json.RawMessage(data)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func mustData[T any](t testing.TB, e timeline.Event) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(e.Data, &v); err != nil {
		t.Fatalf("%s data %s: %v", e.Type, e.Data, err)
	}
	return v
}

func TestWarrantyExpiring(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		// Delivered 31 January 10:00 in Jakarta: a one-month warranty ends
		// at the end of 28 February there.
		delivered := time.Date(2026, 1, 31, 3, 0, 0, 0, time.UTC)
		end := time.Date(2026, 2, 28, 16, 59, 59, 0, time.UTC)
		lead := reminder.DefaultConfig.WarrantyLead
		tests := []struct {
			name string
			zone string
			// order returns the order's options, given the SKU of a product
			// with a one-month warranty.
			order   func(sku string) orderOpts
			now     time.Time
			wantEnd time.Time // zero: no event
		}{
			{name: "InsideWindow", now: end.Add(-10 * day), wantEnd: end},
			{name: "AtWindowStart", now: end.Add(-lead), wantEnd: end},
			{name: "LastSecond", now: end, wantEnd: end},
			{name: "BeforeWindow", now: end.Add(-lead - time.Second)},
			{name: "Ended", now: end.Add(time.Second)},
			{name: "LongEnded", now: end.Add(400 * day)},
			// 20:00 UTC on 31 January is 1 February in Jakarta: the warranty
			// runs to 1 March there, and to 28 February in Bucharest.
			{name: "JakartaLateDelivery", zone: "Asia/Jakarta", now: time.Date(2026, 2, 20, 0, 0, 0, 0, time.UTC),
				order: func(sku string) orderOpts {
					return orderOpts{delivered: delivered.Add(17 * time.Hour), skus: []string{sku}}
				},
				wantEnd: time.Date(2026, 3, 1, 16, 59, 59, 0, time.UTC)},
			{name: "BucharestLateDelivery", zone: "Europe/Bucharest", now: time.Date(2026, 2, 20, 0, 0, 0, 0, time.UTC),
				order: func(sku string) orderOpts {
					return orderOpts{delivered: delivered.Add(17 * time.Hour), skus: []string{sku}}
				},
				wantEnd: time.Date(2026, 2, 28, 21, 59, 59, 0, time.UTC)},
			{name: "JakartaEndedBucharestNot", zone: "Asia/Jakarta", now: time.Date(2026, 2, 28, 19, 0, 0, 0, time.UTC)},
			{name: "BucharestStillCovered", zone: "Europe/Bucharest", now: time.Date(2026, 2, 28, 19, 0, 0, 0, time.UTC),
				wantEnd: time.Date(2026, 2, 28, 21, 59, 59, 0, time.UTC)},
			{name: "Cancelled", now: end.Add(-10 * day), order: func(sku string) orderOpts {
				return orderOpts{delivered: delivered, cancelled: delivered.Add(day), skus: []string{sku}}
			}},
			{name: "Refunded", now: end.Add(-10 * day), order: func(sku string) orderOpts {
				return orderOpts{delivered: delivered, refunded: delivered.Add(day), skus: []string{sku}}
			}},
			{name: "LineWithoutProduct", now: end.Add(-10 * day), order: func(string) orderOpts {
				return orderOpts{delivered: delivered, skus: []string{"NOT-IN-CATALOGUE"}}
			}},
			{name: "Undelivered", now: end.Add(-10 * day), order: func(sku string) orderOpts {
				return orderOpts{placed: delivered, skus: []string{sku}}
			}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				b := setup(t, d)
				zone := tc.zone
				if zone == "" {
					zone = "Asia/Jakarta"
				}
				sh := b.mustShop(t, zone)
				p := b.mustProduct(t, sh, "KETTLE", 1, 0)
				b.mustProduct(t, sh, "SPOON", 0, 0) // no warranty: never announced
				opts := orderOpts{delivered: delivered, skus: []string{"KETTLE", "SPOON"}}
				if tc.order != nil {
					opts = tc.order("KETTLE")
				}
				o := b.mustOrder(t, sh, opts)
				b.now = tc.now

				want := 0
				if !tc.wantEnd.IsZero() {
					want = 1
				}
				for i, w := range []int{want, 0} { // announced once, however often run
					if c := b.mustRun(t, sh); c.WarrantyExpiring != w || c.MaintenanceDue != 0 {
						t.Fatalf("run %d: counts = %+v, want %d warranty.expiring", i+1, c, w)
					}
				}
				evs := b.mustEvents(t, sh, timeline.WarrantyExpiring)
				if len(evs) != want {
					t.Fatalf("events = %d, want %d", len(evs), want)
				}
				if want == 0 {
					return
				}
				e, line := evs[0], o.Lines[0]
				got := mustData[map[string]any](t, e)
				wantData := map[string]any{"order_line_id": line.ID, "product_id": p.ID, "product_name": "Product KETTLE",
					"sku": "KETTLE", "warranty_ends_at": tc.wantEnd.Format(time.RFC3339), "order_number": o.Number}
				if fmt.Sprint(got) != fmt.Sprint(wantData) {
					t.Errorf("data = %v,\nwant %v", got, wantData)
				}
				if e.DedupeKey != "warranty.expiring:"+line.ID || e.CustomerID == nil || *e.CustomerID != *o.CustomerID ||
					e.OrderID == nil || *e.OrderID != o.ID || !e.OccurredAt.Equal(tc.now) {
					t.Errorf("event = %+v", e)
				}
			})
		}

		t.Run("ManyLinesAcrossPages", func(t *testing.T) {
			t.Parallel()
			b := setup(t, d)
			sh := b.mustShop(t, "Asia/Jakarta")
			b.mustProduct(t, sh, "KETTLE", 1, 0)
			b.mustProduct(t, sh, "TV", 24, 0)
			for i := range 5 {
				b.mustOrder(t, sh, orderOpts{delivered: delivered.Add(time.Duration(i) * time.Hour), skus: []string{"KETTLE"},
					email: fmt.Sprintf("c%d@example.com", i)})
			}
			// The TVs' two-year warranty ends on 28 February too; the
			// kettles bought with them are long out of warranty.
			for i := range 3 {
				b.mustOrder(t, sh, orderOpts{delivered: time.Date(2024, 2, 28, 3, i, 0, 0, time.UTC),
					skus: []string{"TV", "KETTLE"}})
			}
			b.now = end.Add(-5 * day)
			if c := b.mustRun(t, sh); c.WarrantyExpiring != 8 {
				t.Errorf("first run = %+v, want 8", c)
			}
			if c := b.mustRun(t, sh); c.WarrantyExpiring != 0 {
				t.Errorf("second run = %+v, want 0", c)
			}
		})
	})
}

func TestMaintenanceDue(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		delivered := time.Date(2025, 1, 10, 3, 0, 0, 0, time.UTC)
		type step struct {
			now   time.Time
			wantK []int // services announced by this run
		}
		tests := []struct {
			name  string
			steps []step
		}{
			{name: "NotYetDue", steps: []step{{now: delivered.Add(89 * day)}}},
			{name: "EachServiceOnce", steps: []step{
				{now: delivered.Add(90 * day), wantK: []int{1}},
				{now: delivered.Add(90*day + time.Hour)},
				{now: delivered.Add(180*day + time.Hour), wantK: []int{2}},
				{now: delivered.Add(270*day + 13*day), wantK: []int{3}},
				{now: delivered.Add(272 * day)},
			}},
			{name: "OnlyLatestAfterLongGap", steps: []step{
				{now: delivered.Add(90 * day), wantK: []int{1}},
				{now: delivered.Add(900*day + 3*day), wantK: []int{10}},
				{now: delivered.Add(905 * day)},
			}},
			{name: "PastGraceIsHistory", steps: []step{
				{now: delivered.Add(90*day + 14*day)},
				{now: delivered.Add(179 * day)},
				{now: delivered.Add(180 * day), wantK: []int{2}},
			}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				b := setup(t, d)
				sh := b.mustShop(t, "Asia/Jakarta")
				p := b.mustProduct(t, sh, "AC", 0, 90)
				b.mustProduct(t, sh, "FAN", 0, 0)
				o := b.mustOrder(t, sh, orderOpts{delivered: delivered, skus: []string{"AC", "FAN"}})
				// Lines that are never due: cancelled, refunded, undelivered.
				b.mustOrder(t, sh, orderOpts{delivered: delivered, cancelled: delivered.Add(day), skus: []string{"AC"}})
				b.mustOrder(t, sh, orderOpts{delivered: delivered, refunded: delivered.Add(day), skus: []string{"AC"}})
				b.mustOrder(t, sh, orderOpts{placed: delivered, skus: []string{"AC"}})

				var seen int
				for i, s := range tc.steps {
					b.now = s.now
					if c := b.mustRun(t, sh); c.MaintenanceDue != len(s.wantK) || c.WarrantyExpiring != 0 {
						t.Fatalf("step %d: counts = %+v, want %d maintenance.due", i+1, c, len(s.wantK))
					}
					evs := b.mustEvents(t, sh, timeline.MaintenanceDue)
					if len(evs) != seen+len(s.wantK) {
						t.Fatalf("step %d: events = %d, want %d", i+1, len(evs), seen+len(s.wantK))
					}
					for j, k := range s.wantK {
						e := evs[seen+j]
						got := mustData[reminder.MaintenanceDueData](t, e)
						due := delivered.Add(time.Duration(k) * 90 * day)
						want := reminder.MaintenanceDueData{OrderLineID: o.Lines[0].ID, ProductID: p.ID, ProductName: p.Name,
							SKU: "AC", DueAt: due, ServiceNumber: k, OrderNumber: o.Number}
						if got != want {
							t.Errorf("step %d: data = %+v,\nwant %+v", i+1, got, want)
						}
						if key := fmt.Sprintf("maintenance.due:%s:%d", o.Lines[0].ID, k); e.DedupeKey != key ||
							*e.OrderID != o.ID || *e.CustomerID != *o.CustomerID {
							t.Errorf("step %d: event = %+v, want key %s", i+1, e, key)
						}
					}
					seen = len(evs)
				}
			})
		}
	})
}

func TestCustomerLapsed(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		sh := b.mustShop(t, "Asia/Jakarta")
		b.mustProduct(t, sh, "TEA", 0, 0)
		now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
		ago := func(days int) time.Time { return now.Add(-time.Duration(days) * day) }

		lapsed := b.mustOrder(t, sh, orderOpts{email: "lapsed@example.com", placed: ago(121), skus: []string{"TEA"}})
		b.mustOrder(t, sh, orderOpts{email: "lapsed@example.com", placed: ago(400), skus: []string{"TEA"}})
		b.mustOrder(t, sh, orderOpts{email: "lapsed@example.com", placed: ago(10), cancelled: ago(9), skus: []string{"TEA"}})
		b.mustOrder(t, sh, orderOpts{email: "returning@example.com", placed: ago(300), skus: []string{"TEA"}})
		newer := b.mustOrder(t, sh, orderOpts{email: "returning@example.com", placed: ago(10), skus: []string{"TEA"}})
		b.mustOrder(t, sh, orderOpts{email: "cancelled@example.com", placed: ago(200), cancelled: ago(199), skus: []string{"TEA"}})
		soon := b.mustOrder(t, sh, orderOpts{email: "soon@example.com", placed: ago(100), skus: []string{"TEA"}})

		b.now = now
		for i, want := range []int{1, 0} {
			if c := b.mustRun(t, sh); c.CustomerLapsed != want {
				t.Fatalf("run %d: counts = %+v, want %d customer.lapsed", i+1, c, want)
			}
		}
		evs := b.mustEvents(t, sh, timeline.CustomerLapsed)
		if len(evs) != 1 {
			t.Fatalf("events = %d, want 1", len(evs))
		}
		e := evs[0]
		got := mustData[reminder.CustomerLapsedData](t, e)
		want := reminder.CustomerLapsedData{LastOrderAt: ago(121), LastOrderID: lapsed.ID, OrdersCount: 2, DaysSince: 121}
		if got != want {
			t.Errorf("data = %+v, want %+v", got, want)
		}
		if e.DedupeKey != "customer.lapsed:"+*lapsed.CustomerID+":"+lapsed.ID || *e.CustomerID != *lapsed.CustomerID || e.OrderID != nil {
			t.Errorf("event = %+v", e)
		}

		// 21 days on, the customer who ordered 100 days ago lapses too.
		b.now = now.Add(21 * day)
		if c := b.mustRun(t, sh); c.CustomerLapsed != 1 {
			t.Errorf("later run = %+v, want 1", c)
		}
		evs = b.mustEvents(t, sh, timeline.CustomerLapsed)
		if len(evs) != 2 || *evs[1].CustomerID != *soon.CustomerID {
			t.Fatalf("events = %+v, want the second for %s", evs, *soon.CustomerID)
		}

		// The first customer orders again, and lapses again: a new event,
		// for the new last order. The returning customer lapsed 27 days
		// before this run, past the grace of 14: that is history, not
		// news, and no win-back goes to them so late.
		again := b.mustOrder(t, sh, orderOpts{email: "lapsed@example.com", placed: now.Add(30 * day), skus: []string{"TEA"}})
		b.now = now.Add(30*day + 121*day)
		if c := b.mustRun(t, sh); c.CustomerLapsed != 1 {
			t.Errorf("run after new orders = %+v, want 1", c)
		}
		keys := map[string]bool{}
		for _, e := range b.mustEvents(t, sh, timeline.CustomerLapsed) {
			keys[e.DedupeKey] = true
		}
		if k := "customer.lapsed:" + *again.CustomerID + ":" + again.ID; !keys[k] {
			t.Errorf("no event %s in %v", k, keys)
		}
		if k := "customer.lapsed:" + *newer.CustomerID + ":" + newer.ID; keys[k] {
			t.Errorf("a customer who lapsed 27 days ago was announced: %s", k)
		}
	})
}

// TestRunLeavesOtherShopsAlone runs one shop's scan beside another shop
// with the same due data.
func TestRunLeavesOtherShopsAlone(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		delivered := time.Date(2025, 3, 1, 3, 0, 0, 0, time.UTC)
		now := delivered.AddDate(1, 0, -10)
		var shops []*shop.Shop
		for range 2 {
			sh := b.mustShop(t, "Asia/Jakarta")
			b.mustProduct(t, sh, "AC", 12, 350) // first service 5 days before now
			b.mustOrder(t, sh, orderOpts{delivered: delivered, skus: []string{"AC"}})
			// A customer who went quiet 125 days ago.
			b.mustOrder(t, sh, orderOpts{email: "quiet@example.com", placed: now.Add(-125 * day), skus: []string{"AC"}})
			shops = append(shops, sh)
		}
		b.now = now
		c := b.mustRun(t, shops[0])
		if c.WarrantyExpiring != 1 || c.MaintenanceDue != 1 || c.CustomerLapsed != 1 {
			t.Errorf("counts = %+v, want one of each", c)
		}
		var n int
		if err := d.Read().QueryRow(context.Background(), `SELECT COUNT(*) FROM events WHERE shop_id = $1
			AND type IN ('warranty.expiring', 'maintenance.due', 'customer.lapsed')`, shops[1].ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("the other shop got %d reminder events", n)
		}
		if _, err := b.svc.Run(context.Background(), purna.NewID(b.now)); purna.ErrorCode(err) != purna.ENOTFOUND {
			t.Errorf("Run(unknown shop) = %v, want ENOTFOUND", err)
		}
	})
}
