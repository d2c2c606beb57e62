package reminder_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/reminder"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
)

// BenchmarkReminderScan measures the hourly scan of a shop with 50,000
// order lines delivered over three years to 8,000 customers. The loop
// measures the steady state, a scan that finds nothing new, which is what
// nearly every hourly run is; first-run-ms is the first scan, which emits
// everything currently due.
func BenchmarkReminderScan(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchmarkReminderScan(b, storetest.MustOpenSQLite(b)) })
	b.Run("postgres", func(b *testing.B) {
		if storetest.PostgresURL() == "" {
			b.Skip("PURNA_TEST_POSTGRES_URL is not set")
		}
		benchmarkReminderScan(b, storetest.MustOpenPostgres(b))
	})
}

func benchmarkReminderScan(b *testing.B, d *db.DB) {
	const orders, customers = 25_000, 8_000 // two lines each
	ctx := context.Background()
	tb := setup(b, d)
	tb.svc = reminder.NewService(sqlstore.Reminders{Store: tb.store}, purna.ClockFunc(func() time.Time { return tb.now }),
		reminder.Config{})
	sh := tb.mustShop(b, "Asia/Jakarta")
	tb.mustProduct(b, sh, "TV", 24, 0)
	tb.mustProduct(b, sh, "KETTLE", 12, 0)
	tb.mustProduct(b, sh, "AC", 12, 90)
	tb.mustProduct(b, sh, "FILTER", 0, 180)
	tb.mustProduct(b, sh, "SPOON", 0, 0)
	skus := []string{"TV", "KETTLE", "AC", "FILTER", "SPOON"}

	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	rng := rand.New(rand.NewPCG(1, 2))
	st := sqlstore.Orders{Store: tb.store}
	for start := 0; start < orders; start += 500 {
		err := st.InTx(ctx, func(tx order.Tx) error {
			for i := start; i < min(start+500, orders); i++ {
				delivered := now.Add(-time.Duration(rng.Int64N(int64(3 * 365 * day))))
				shipped, ext := delivered.Add(-day), fmt.Sprintf("B%06d", i)
				in := order.Input{Source: "api", ExternalID: ext, Number: "#" + ext, Currency: "IDR",
					PlacedAt: delivered.Add(-2 * day), Customer: &customer.Input{Email: fmt.Sprintf("c%d@example.com", rng.IntN(customers))},
					Lines: []order.LineInput{
						{SKU: skus[rng.IntN(len(skus))], Name: "A", Quantity: 1, UnitPrice: 100000},
						{SKU: skus[rng.IntN(len(skus))], Name: "B", Quantity: 1, UnitPrice: 50000},
					},
					Shipments: []order.ShipmentInput{{Carrier: "JNE", TrackingNumber: "JNE" + ext, ShippedAt: &shipped, DeliveredAt: &delivered}},
				}
				if i%20 == 0 { // a few cancelled
					in.CancelledAt = &delivered
				}
				if err := in.Normalize(sh.Country, ingestNow); err != nil {
					return err
				}
				if _, err := order.IngestTx(ctx, tx, sh, &in, ingestNow); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}

	if d.Dialect == db.Postgres {
		// A live database has statistics (autovacuum analyses tables this
		// size); without them the planner reads whole products' lines.
		if _, err := d.Write().Exec(ctx, "ANALYZE orders, order_lines, products, customers, events"); err != nil {
			b.Fatal(err)
		}
	}

	tb.now = now
	t0 := time.Now()
	first := tb.mustRun(b, sh)
	b.ReportMetric(float64(time.Since(t0).Milliseconds()), "first-run-ms")
	b.ReportMetric(float64(first.Total()), "first-run-events")
	b.Logf("first run: %+v in %s", first, time.Since(t0))

	for b.Loop() {
		if c := tb.mustRun(b, sh); c.Total() != 0 {
			b.Fatalf("steady run emitted %+v", c)
		}
	}
}
