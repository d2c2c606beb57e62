package demo_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/demo"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
	"github.com/purnajual/purna/internal/timeline"
)

// now is a fixed afternoon in Jakarta, so that the tests see one day.
var now = time.Date(2026, 5, 20, 8, 0, 0, 0, time.UTC)

type testBundle struct {
	d     *db.DB
	store *sqlstore.Store
	res   *demo.Result
}

func mustGenerate(t testing.TB, d *db.DB, opts demo.Options) *testBundle {
	t.Helper()
	s := testfix.MustStore(t, d)
	res, err := demo.Generate(context.Background(), s, opts)
	if err != nil {
		t.Fatal(err)
	}
	return &testBundle{d: d, store: s, res: res}
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestGenerate(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		opts := demo.Options{Seed: 3, Now: now, Customers: 200, Orders: 1000}
		if d.Dialect == db.Postgres {
			opts.Customers, opts.Orders = 60, 300
		}
		b := mustGenerate(t, d, opts)
		shopID := b.res.Shop.ID

		if b.res.Orders != opts.Orders || b.res.Customers != opts.Customers || b.res.Products < 35 {
			t.Fatalf("result = %+v", b.res)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM orders WHERE shop_id = $1`, shopID); n != opts.Orders {
			t.Errorf("orders = %d, want %d", n, opts.Orders)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM customers WHERE shop_id = $1`, shopID); n != opts.Customers {
			t.Errorf("customers = %d, want %d", n, opts.Customers)
		}
		if n := count(t, d, `SELECT COUNT(DISTINCT category) FROM products WHERE shop_id = $1`, shopID); n != 4 {
			t.Errorf("categories = %d, want 4", n)
		}
		// Every new timeline event is in exactly one dispatch job (the jobs of
		// a transaction are merged).
		argsText := `json(args)`
		if d.Dialect == db.Postgres {
			argsText = `args::text`
		}
		rows, err := d.Read().Query(context.Background(), `SELECT `+argsText+` FROM river_job WHERE kind = 'timeline.dispatch'`)
		if err != nil {
			t.Fatal(err)
		}
		dispatched := map[string]int{}
		for rows.Next() {
			var raw string
			if err := rows.Scan(&raw); err != nil {
				t.Fatal(err)
			}
			var a timeline.DispatchArgs
			if err := json.Unmarshal([]byte(raw), &a); err != nil {
				t.Fatal(err)
			}
			for _, id := range a.EventIDs {
				dispatched[id]++
			}
		}
		rows.Close()
		if n := count(t, d, `SELECT COUNT(*) FROM events WHERE shop_id = $1`, shopID); n != len(dispatched) || n == 0 {
			t.Errorf("events = %d, dispatched = %d", n, len(dispatched))
			erows, _ := d.Read().Query(context.Background(), `SELECT id, type FROM events WHERE shop_id = $1`, shopID)
			for erows.Next() {
				var id, ty string
				_ = erows.Scan(&id, &ty)
				if dispatched[id] == 0 {
					t.Logf("not dispatched: %s %s", id, ty)
				}
			}
			erows.Close()
		}
		for id, n := range dispatched {
			if n != 1 {
				t.Errorf("event %s dispatched %d times", id, n)
			}
		}
		// The customers' figures follow their orders.
		if got, want := count(t, d, `SELECT COALESCE(SUM(orders_count), 0) FROM customers WHERE shop_id = $1`, shopID),
			count(t, d, `SELECT COUNT(*) FROM orders WHERE shop_id = $1 AND cancelled_at IS NULL`, shopID); got != want {
			t.Errorf("sum of orders_count = %d, want %d", got, want)
		}

		some := []struct{ name, query string }{
			{"late deliveries", `SELECT COUNT(*) FROM shipments WHERE shop_id = $1 AND delivered_at > promised_at`},
			{"on-time deliveries", `SELECT COUNT(*) FROM shipments WHERE shop_id = $1 AND delivered_at <= promised_at`},
			{"parcels on their way", `SELECT COUNT(*) FROM shipments WHERE shop_id = $1 AND status IN ('in_transit', 'out_for_delivery')`},
			{"unpaid cancellations", `SELECT COUNT(*) FROM orders WHERE shop_id = $1 AND status = 'cancelled' AND paid_at IS NULL`},
			{"refunds", `SELECT COUNT(*) FROM orders WHERE shop_id = $1 AND status = 'refunded'`},
			{"serial numbers", `SELECT COUNT(*) FROM order_lines WHERE shop_id = $1 AND serial_numbers LIKE '["SN-%'`},
			{"spare parts", `SELECT COUNT(*) FROM products WHERE shop_id = $1 AND spare_part_for <> '[]'`},
			{"maintained appliances", `SELECT COUNT(*) FROM products WHERE shop_id = $1 AND maintenance_days IN (90, 180)`},
			{"email consents", `SELECT COUNT(*) FROM consents WHERE shop_id = $1 AND channel = 'email' AND granted`},
			{"phone-only customers", `SELECT COUNT(*) FROM customers WHERE shop_id = $1 AND email IS NULL`},
		}
		for _, s := range some {
			if n := count(t, d, s.query, shopID); n == 0 {
				t.Errorf("%s: none", s.name)
			}
		}

		// Phones are stored in E.164, all Indonesian mobiles.
		rows, err = d.Read().Query(context.Background(), `SELECT phone FROM customers WHERE shop_id = $1 AND phone IS NOT NULL`, shopID)
		if err != nil {
			t.Fatal(err)
		}
		e164 := regexp.MustCompile(`^\+628[1-9][0-9]{7,10}$`)
		for rows.Next() {
			var p string
			if err := rows.Scan(&p); err != nil {
				t.Fatal(err)
			}
			if !e164.MatchString(p) {
				t.Errorf("phone %q is not an E.164 Indonesian mobile", p)
			}
		}
		rows.Close()

		// Nothing happened after now. (promised_at may be: it is a promise.)
		nowUTC := now.UTC()
		for _, c := range []struct{ table, col string }{
			{"orders", "placed_at"}, {"orders", "paid_at"}, {"orders", "fulfilled_at"}, {"orders", "delivered_at"},
			{"orders", "cancelled_at"}, {"orders", "refunded_at"}, {"orders", "created_at"}, {"orders", "updated_at"},
			{"shipments", "shipped_at"}, {"shipments", "delivered_at"}, {"shipments", "updated_at"},
			{"tracking_events", "occurred_at"}, {"events", "occurred_at"}, {"customers", "created_at"},
			{"customers", "last_order_at"}, {"consents", "updated_at"},
		} {
			q := fmt.Sprintf(`SELECT COUNT(*) FROM %s WHERE shop_id = $1 AND %s > $2`, c.table, c.col)
			if n := count(t, d, q, shopID, nowUTC); n > 0 {
				t.Errorf("%s.%s: %d after now", c.table, c.col, n)
			}
		}

		// Eighteen months of history, up to the last days.
		if n := count(t, d, `SELECT COUNT(*) FROM orders WHERE shop_id = $1 AND placed_at < $2`, shopID,
			nowUTC.AddDate(0, -18, -1)); n > 0 {
			t.Errorf("%d orders older than 18 months", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM orders WHERE shop_id = $1 AND placed_at < $2`, shopID,
			nowUTC.AddDate(0, -16, 0)); n == 0 {
			t.Errorf("no orders in the first two months")
		}
		if n := count(t, d, `SELECT COUNT(*) FROM orders WHERE shop_id = $1 AND placed_at > $2`, shopID,
			nowUTC.AddDate(0, 0, -4)); n == 0 {
			t.Errorf("no orders in the last four days")
		}
	})
}

// TestGenerateDeterministic makes the shop twice, at two times of the same
// day, and once with another seed.
func TestGenerateDeterministic(t *testing.T) {
	t.Parallel()
	opts := demo.Options{Seed: 5, Now: now, Customers: 200, Orders: 1000}
	later := opts
	later.Now = now.Add(3 * time.Hour)
	other := opts
	other.Seed = 6
	// Three shops at once: Generate runs in goroutines, the test's checks
	// stay on the test goroutine.
	runs := []demo.Options{opts, later, other}
	bundles := make([]*testBundle, len(runs))
	errs := make([]error, len(runs))
	done := make(chan struct{})
	for i := range runs {
		d := storetest.MustOpenSQLite(t)
		bundles[i] = &testBundle{d: d, store: testfix.MustStore(t, d)}
		go func() {
			defer func() { done <- struct{}{} }()
			bundles[i].res, errs[i] = demo.Generate(context.Background(), bundles[i].store, runs[i])
		}()
	}
	for range runs {
		<-done
	}
	digests := make([]string, len(runs))
	for i, b := range bundles {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		digests[i] = digest(t, b)
	}
	if digests[0] != digests[1] {
		t.Errorf("same seed, same day: digests differ: %s, %s", digests[0], digests[1])
	}
	if digests[0] == digests[2] {
		t.Errorf("another seed made the same shop")
	}
}

// digest hashes what a merchant sees of the orders, without the random IDs.
func digest(t testing.TB, b *testBundle) string {
	rows, err := b.d.Read().Query(context.Background(), `SELECT o.source, o.external_id, o.number, o.status, o.total,
		o.discount, o.shipping, o.placed_at, COALESCE(c.email, c.phone), COALESCE(s.tracking_number, ''),
		COALESCE(s.status, ''), (SELECT COUNT(*) FROM order_lines l WHERE l.order_id = o.id),
		(SELECT COUNT(*) FROM events e WHERE e.order_id = o.id)
		FROM orders o JOIN customers c ON c.id = o.customer_id LEFT JOIN shipments s ON s.order_id = o.id
		WHERE o.shop_id = $1 ORDER BY o.source, o.external_id`, b.res.Shop.ID)
	if err != nil {
		t.Error(err)
		return ""
	}
	defer rows.Close()
	h := sha256.New()
	for rows.Next() {
		var src, ext, num, status, contact, awb, shipStatus string
		var total, discount, shipping, lines, events int64
		var placed time.Time
		if err := rows.Scan(&src, &ext, &num, &status, &total, &discount, &shipping, &placed, &contact, &awb,
			&shipStatus, &lines, &events); err != nil {
			t.Error(err)
			return ""
		}
		fmt.Fprintln(h, src, ext, num, status, total, discount, shipping, placed.UTC().Format(time.RFC3339),
			contact, awb, shipStatus, lines, events)
	}
	if err := rows.Err(); err != nil {
		t.Error(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestGenerateFullSize measures `purna demo`'s shop on SQLite.
func TestGenerateFullSize(t *testing.T) {
	if testing.Short() || storetest.RaceEnabled {
		t.Skip("full-size demo shop: skipped with -short and under -race (CI runs it without)")
	}
	t.Parallel()
	d := storetest.MustOpenSQLite(t)
	start := time.Now()
	b := mustGenerate(t, d, demo.Options{Seed: 1, Now: time.Now()})
	t.Logf("full-size demo shop on SQLite: %d products, %d customers, %d orders in %s",
		b.res.Products, b.res.Customers, b.res.Orders, time.Since(start).Round(time.Millisecond))
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		d := storetest.MustOpenSQLite(b)
		s := testfix.MustStore(b, d)
		b.StartTimer()
		if _, err := demo.Generate(context.Background(), s, demo.Options{Seed: 1, Now: now}); err != nil {
			b.Fatal(err)
		}
	}
}
