package order_test

import (
	"context"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
	"github.com/purnajual/purna/internal/timeline"
)

type testBundle struct {
	store *sqlstore.Store
	svc   *order.Service
	now   time.Time
}

func setup(t *testing.T, d *db.DB) *testBundle {
	t.Helper()
	s := testfix.MustStore(t, d)
	now := time.Date(2026, 11, 2, 3, 4, 5, 0, time.UTC)
	return &testBundle{store: s, svc: order.NewService(sqlstore.Orders{Store: s}, purna.ClockFunc(func() time.Time { return now })), now: now}
}

func types(evs []timeline.Event) []timeline.Type {
	out := make([]timeline.Type, len(evs))
	for i, e := range evs {
		out[i] = e.Type
	}
	return out
}

func countRows(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestIngest(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()

		t.Run("NewOrderThenRedelivery", func(t *testing.T) {
			b := setup(t, d)
			sh := testfix.Shop(t, b.store, nil)
			in := testfix.OrderInput("1001", b.now.Add(-time.Hour))
			paid := b.now.Add(-50 * time.Minute)
			in.PaidAt = &paid

			res, err := b.svc.Ingest(ctx, sh, in)
			if err != nil {
				t.Fatal(err)
			}
			if !res.Created || res.Order.Status != order.Paid {
				t.Fatalf("created=%v status=%s, want created paid", res.Created, res.Order.Status)
			}
			if got, want := res.Order.Total, int64(45000000+2*2500000+1500000); got != want {
				t.Errorf("total = %d, want %d", got, want)
			}
			want := []timeline.Type{timeline.CustomerCreated, timeline.OrderPlaced, timeline.OrderPaid}
			if got := types(res.Events); !equalTypes(got, want) {
				t.Errorf("events = %v, want %v", got, want)
			}
			if p := res.Order.Phone; p != "+6281234567890" {
				t.Errorf("phone = %q, want E.164", p)
			}

			// The same order again: nothing changes, nothing is emitted.
			res2, err := b.svc.Ingest(ctx, sh, testfixPaid(in, paid))
			if err != nil {
				t.Fatal(err)
			}
			if res2.Created || res2.Changed || len(res2.Events) != 0 {
				t.Fatalf("redelivery: created=%v changed=%v events=%v", res2.Created, res2.Changed, types(res2.Events))
			}
			if res2.Order.ID != res.Order.ID {
				t.Fatalf("redelivery made a second order")
			}
			if n := countRows(t, d, `SELECT COUNT(*) FROM orders WHERE shop_id = $1`, sh.ID); n != 1 {
				t.Errorf("orders = %d, want 1", n)
			}
			if n := countRows(t, d, `SELECT COUNT(*) FROM events WHERE shop_id = $1`, sh.ID); n != 3 {
				t.Errorf("events = %d, want 3", n)
			}
			if n := countRows(t, d, `SELECT COUNT(*) FROM river_job WHERE kind = 'timeline.dispatch'`); n < 1 {
				t.Errorf("dispatch jobs = %d, want at least 1", n)
			}

			// Stats follow the order.
			c, err := sqlstore.Customers{Store: b.store}.FindCustomerByID(ctx, sh.ID, *res.Order.CustomerID)
			if err != nil {
				t.Fatal(err)
			}
			if c.OrdersCount != 1 || c.TotalSpent != res.Order.Total {
				t.Errorf("customer stats = %d orders, %d spent", c.OrdersCount, c.TotalSpent)
			}
		})

		t.Run("UpdateEmitsOnlyNewEvents", func(t *testing.T) {
			b := setup(t, d)
			sh := testfix.Shop(t, b.store, nil)
			in := testfix.OrderInput("2001", b.now.Add(-72*time.Hour))
			if _, err := b.svc.Ingest(ctx, sh, in); err != nil {
				t.Fatal(err)
			}
			shipped := b.now.Add(-48 * time.Hour)
			promised := b.now.Add(-24 * time.Hour)
			in.Shipments = []order.ShipmentInput{{
				Carrier: "JNE", TrackingNumber: "JNE123", ShippedAt: &shipped, PromisedAt: &promised,
				Events: []order.TrackingEventInput{
					{OccurredAt: shipped, Status: order.ShipmentInTransit, Location: "Jakarta"},
					{OccurredAt: b.now.Add(-2 * time.Hour), Status: order.ShipmentOutForDelivery, Location: "Bandung"},
				},
			}}
			res, err := b.svc.Ingest(ctx, sh, in)
			if err != nil {
				t.Fatal(err)
			}
			want := []timeline.Type{timeline.OrderFulfilled, timeline.ShipmentShipped, timeline.ShipmentInTransit, timeline.ShipmentOutForDelivery}
			if got := types(res.Events); !sameSet(got, want) {
				t.Errorf("events = %v, want %v", got, want)
			}
			if s := res.Order.Shipments[0]; s.Status != order.ShipmentOutForDelivery || !s.Late(b.now) {
				t.Errorf("shipment status=%s late=%v", s.Status, s.Late(b.now))
			}

			late, err := b.svc.LateShipments(ctx, sh.ID, 10)
			if err != nil {
				t.Fatal(err)
			}
			if late.Total != 1 || late.Items[0].Tracking != "JNE123" || !late.Items[0].PromisedAt.Equal(promised) {
				t.Errorf("late shipments = %+v", late)
			}
			for i, want := range []int{1, 0} { // flagged once, however often checked
				n, err := b.svc.FlagLate(ctx, sh.ID)
				if err != nil || n != want {
					t.Errorf("FlagLate #%d = %d, %v; want %d", i+1, n, err, want)
				}
			}
			if n := countRows(t, d, `SELECT COUNT(*) FROM events WHERE shop_id = $1 AND type = 'shipment.late' AND customer_id IS NOT NULL`, sh.ID); n != 1 {
				t.Errorf("shipment.late events = %d", n)
			}

			delivered := b.now.Add(-time.Hour)
			in.Shipments[0].Events = append(in.Shipments[0].Events, order.TrackingEventInput{OccurredAt: delivered, Status: order.ShipmentDelivered})
			res, err = b.svc.Ingest(ctx, sh, in)
			if err != nil {
				t.Fatal(err)
			}
			want = []timeline.Type{timeline.ShipmentDelivered, timeline.OrderDelivered}
			if got := types(res.Events); !sameSet(got, want) {
				t.Errorf("events = %v, want %v", got, want)
			}
			if res.Order.Status != order.Delivered || !res.Order.DeliveredAt.Equal(delivered) {
				t.Errorf("status=%s delivered_at=%v", res.Order.Status, res.Order.DeliveredAt)
			}
			got, err := b.svc.FindByID(ctx, sh.ID, res.Order.ID)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(got.Shipments[0].Events); n != 3 {
				t.Errorf("tracking events = %d, want 3", n)
			}
			if late, err := b.svc.LateShipments(ctx, sh.ID, 10); err != nil || late.Total != 0 {
				t.Errorf("after delivery, late shipments = %+v, %v", late, err)
			}
		})

		t.Run("InvalidStoresNothing", func(t *testing.T) {
			b := setup(t, d)
			sh := testfix.Shop(t, b.store, nil)
			in := testfix.OrderInput("3001", b.now)
			in.Currency = "XXX"
			in.Lines[1].Quantity = -2
			in.Customer.Email = "not-an-email"
			_, err := b.svc.Ingest(ctx, sh, in)
			if purna.ErrorCode(err) != purna.EINVALID {
				t.Fatalf("err = %v, want EINVALID", err)
			}
			fields := purna.ErrorFields(err)
			for _, f := range []string{"currency", "lines[1].quantity", "customer.email"} {
				if fields[f] == "" {
					t.Errorf("no problem reported for %s: %v", f, fields)
				}
			}
			if n := countRows(t, d, `SELECT COUNT(*) FROM customers WHERE shop_id = $1`, sh.ID); n != 0 {
				t.Errorf("customers = %d, want 0", n)
			}
		})

		t.Run("ShopsAreIsolated", func(t *testing.T) {
			b := setup(t, d)
			a := testfix.Shop(t, b.store, nil)
			other := testfix.Shop(t, b.store, nil)
			res, err := b.svc.Ingest(ctx, a, testfix.OrderInput("4001", b.now))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := b.svc.FindByID(ctx, other.ID, res.Order.ID); purna.ErrorCode(err) != purna.ENOTFOUND {
				t.Errorf("other shop sees the order: %v", err)
			}
			// The same external ID in another shop is another order.
			res2, err := b.svc.Ingest(ctx, other, testfix.OrderInput("4001", b.now))
			if err != nil {
				t.Fatal(err)
			}
			if !res2.Created || *res2.Order.CustomerID == *res.Order.CustomerID {
				t.Errorf("second shop reused the first shop's order or customer")
			}
			page, err := b.svc.Find(ctx, order.Filter{ShopID: other.ID})
			if err != nil {
				t.Fatal(err)
			}
			if page.Total != 1 || len(page.Items) != 1 || page.Items[0].ID != res2.Order.ID {
				t.Errorf("other shop lists %d orders", page.Total)
			}
		})

		t.Run("CancelThroughUpdate", func(t *testing.T) {
			b := setup(t, d)
			sh := testfix.Shop(t, b.store, nil)
			res, err := b.svc.Ingest(ctx, sh, testfix.OrderInput("5001", b.now.Add(-time.Hour)))
			if err != nil {
				t.Fatal(err)
			}
			reason := "customer asked"
			upd := order.Update{CancelledAt: &b.now, CancelReason: &reason}
			res2, err := b.svc.Update(ctx, sh, res.Order.ID, upd)
			if err != nil {
				t.Fatal(err)
			}
			if res2.Order.Status != order.Cancelled || len(res2.Events) != 1 || res2.Events[0].Type != timeline.OrderCancelled {
				t.Fatalf("status=%s events=%v", res2.Order.Status, types(res2.Events))
			}
			res3, err := b.svc.Update(ctx, sh, res.Order.ID, upd)
			if err != nil {
				t.Fatal(err)
			}
			if res3.Changed || len(res3.Events) != 0 {
				t.Errorf("second cancel changed=%v events=%v", res3.Changed, types(res3.Events))
			}
			c, err := sqlstore.Customers{Store: b.store}.FindCustomerByID(ctx, sh.ID, *res.Order.CustomerID)
			if err != nil {
				t.Fatal(err)
			}
			if c.OrdersCount != 0 {
				t.Errorf("cancelled order still counted: %d", c.OrdersCount)
			}
		})

		t.Run("SameCustomerAcrossSources", func(t *testing.T) {
			b := setup(t, d)
			sh := testfix.Shop(t, b.store, nil)
			a := testfix.OrderInput("6001", b.now.Add(-time.Hour))
			r1, err := b.svc.Ingest(ctx, sh, a)
			if err != nil {
				t.Fatal(err)
			}
			m := testfix.OrderInput("TKP-88", b.now)
			m.Source = "tokopedia"
			m.Customer = &customer.Input{Phone: "+62 812 3456 7890", FirstName: "Siti"}
			r2, err := b.svc.Ingest(ctx, sh, m)
			if err != nil {
				t.Fatal(err)
			}
			if *r1.Order.CustomerID != *r2.Order.CustomerID {
				t.Errorf("the phone did not match the same customer")
			}
		})
	})
}

// testfixPaid returns a fresh copy of in (Normalize mutates), as a store
// would re-send it.
func testfixPaid(in order.Input, paid time.Time) order.Input {
	out := testfix.OrderInput(in.ExternalID, in.PlacedAt)
	out.PaidAt = &paid
	return out
}

func equalTypes(a, b []timeline.Type) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func sameSet(a, b []timeline.Type) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[timeline.Type]int{}
	for _, x := range a {
		seen[x]++
	}
	for _, x := range b {
		seen[x]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}
