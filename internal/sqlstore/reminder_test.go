package sqlstore

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna/internal/storetest"
)

func TestDueWindows(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	grace := 14 * 24 * time.Hour
	day := 24 * time.Hour
	tests := []struct {
		name  string
		days  int
		first time.Time
		want  int // windows
		oneK  bool
	}{
		{name: "NothingDeliveredLongEnough", days: 90, first: now.Add(-80 * day), want: 0},
		{name: "OneService", days: 90, first: now.Add(-100 * day), want: 1, oneK: true},
		{name: "OnePerServiceWhenApart", days: 90, first: now.Add(-1000 * day), want: 11, oneK: true},
		{name: "ApartAt17Days", days: 17, first: now.Add(-1000 * day), want: 58, oneK: true},
		// Windows of 14 days plus a day each side overlap at intervals of
		// 16 days or less: one range covers them all.
		{name: "MergedWhenClose", days: 7, first: now.Add(-1000 * day), want: 1},
		{name: "MergedAt16Days", days: 16, first: now.Add(-1000 * day), want: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ws := dueWindows(now.Add(-grace), now, tc.days, tc.first)
			if len(ws) != tc.want {
				t.Fatalf("windows = %d, want %d: %v", len(ws), tc.want, ws)
			}
			for i, w := range ws {
				if !w.from.Before(w.to) || i > 0 && !ws[i-1].to.Before(w.from) {
					t.Errorf("window %d = %v, not ordered or overlapping %v", i, w, ws)
				}
				if (w.k > 0) != tc.oneK {
					t.Errorf("window %d = %+v, want one service: %v", i, w, tc.oneK)
				}
			}
			// Every delivery whose service k falls in the grace period is
			// inside a window.
			step := time.Duration(tc.days) * day
			for d := tc.first; d.Before(now); d = d.Add(time.Hour) {
				k := int(now.Sub(d) / step)
				if k == 0 || now.Sub(d.Add(time.Duration(k)*step)) >= grace {
					continue
				}
				in := false
				for _, w := range ws {
					in = in || !d.Before(w.from) && d.Before(w.to) && (w.k == 0 || w.k == k)
				}
				if !in {
					t.Fatalf("delivery at %s (service %d due) is in no window", d, k)
				}
			}
		})
	}
}

// TestReminderQueryPlans checks that SQLite reads the reminder candidates
// through the 00006 indexes rather than every order or customer.
func TestReminderQueryPlans(t *testing.T) {
	t.Parallel()
	d := storetest.MustOpenSQLite(t)
	tests := []struct {
		name, query, index string
	}{
		{name: "Warranty", query: `SELECT ` + liveDeliveredCols + liveDelivered + ` AND p.warranty_months = $5
			ORDER BY o.delivered_at, l.id LIMIT $6`, index: "orders_delivered"},
		{name: "Lapsed", query: `SELECT c.id FROM customers c WHERE c.shop_id = $1 AND c.last_order_at IS NOT NULL
			AND c.last_order_at < $2 AND c.last_order_at >= $3 AND (c.last_order_at > $3 OR c.id > $4)
			ORDER BY c.last_order_at, c.id LIMIT $5`, index: "customers_last_order"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rows, err := d.Read().Query(context.Background(), `EXPLAIN QUERY PLAN `+tc.query, "s", time.Now(), time.Now(), "", 1, 10)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			if !strings.Contains(strings.Join(plan, "\n"), tc.index) {
				t.Errorf("plan does not use %s:\n%s", tc.index, strings.Join(plan, "\n"))
			}
		})
	}
}
