package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/reminder"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/timeline"
)

// Reminders implements reminder.Store.
//
// Neither dialect is asked to do date arithmetic: the calendar rules live
// in package reminder, in the shop's time zone. The queries here select
// candidates by plain ranges of delivered_at or last_order_at, computed in
// Go with a margin, on the orders_delivered and customers_last_order
// indexes; the service applies the exact rule to what comes back.
type Reminders struct{ *Store }

// warrantySlack widens the warranty windows: it covers a short month's
// clamping (up to 3 days), the shop's offset from UTC and DST changes.
// dueSlack does the same for service dates, which are whole days after
// delivery in the shop's zone: only DST moves them against UTC.
const (
	warrantySlack = 7 * 24 * time.Hour
	dueSlack      = 24 * time.Hour
)

// FindShopByID returns the shop. ENOTFOUND.
func (s Reminders) FindShopByID(ctx context.Context, id purna.ID) (*shop.Shop, error) {
	return Shops{Store: s.Store}.FindShopByID(ctx, id)
}

// liveDelivered joins the lines of delivered, live orders to their
// products, within [$2, $3) of delivered_at, after the cursor ($2, $4).
// Its terms match the orders_delivered index's condition, so both engines
// use that index for the range.
const liveDelivered = ` FROM orders o
	JOIN order_lines l ON l.order_id = o.id
	JOIN products p ON p.id = l.product_id
	WHERE o.shop_id = $1 AND o.delivered_at IS NOT NULL AND o.cancelled_at IS NULL AND o.refunded_at IS NULL
	AND o.delivered_at >= $2 AND o.delivered_at < $3 AND (o.delivered_at > $2 OR l.id > $4)
	AND l.shop_id = $1 AND p.shop_id = $1`

const liveDeliveredCols = `l.id, o.id, o.number, o.customer_id, p.id, p.name, p.sku, o.delivered_at`

// deliveredLine is a row of liveDelivered.
type deliveredLine struct {
	lineID, orderID, number string
	customerID              *purna.ID
	productID, name, sku    string
	deliveredAt             time.Time
}

// scanDelivered pages through liveDelivered in [from, to) with extra
// conditions (placeholders from $5; the page size is the last argument),
// by (delivered_at, line id).
func (s Reminders) scanDelivered(ctx context.Context, shopID purna.ID, from, to time.Time, cond string, args []any,
	limit int, fn func([]deliveredLine) error) error {
	q := `SELECT ` + liveDeliveredCols + liveDelivered + cond + ` ORDER BY o.delivered_at, l.id LIMIT $` +
		fmt.Sprint(5+len(args))
	at, after := from.UTC(), ""
	for {
		rows, err := s.db.Read().Query(ctx, q, append([]any{shopID, at, to.UTC(), after}, append(args, limit)...)...)
		if err != nil {
			return err
		}
		var page []deliveredLine
		for rows.Next() {
			var l deliveredLine
			if err := rows.Scan(&l.lineID, &l.orderID, &l.number, &l.customerID, &l.productID, &l.name, &l.sku,
				&l.deliveredAt); err != nil {
				rows.Close()
				return err
			}
			l.deliveredAt = l.deliveredAt.UTC()
			page = append(page, l)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(page) == 0 {
			return nil
		}
		if err := fn(page); err != nil {
			return err
		}
		if len(page) < limit {
			return nil
		}
		last := page[len(page)-1]
		at, after = last.deliveredAt, last.lineID
	}
}

// productValues lists the distinct positive values of a products column
// (warranty_months, maintenance_days) in the shop.
func (s Reminders) productValues(ctx context.Context, shopID purna.ID, col string) ([]int, error) {
	rows, err := s.db.Read().Query(ctx, `SELECT DISTINCT `+col+` FROM products WHERE shop_id = $1 AND `+col+` > 0
		ORDER BY `+col, shopID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// ScanWarranties pages through the delivered lines whose warranty may end
// in [f.EndFrom, f.EndTo], leaving out those already announced. It asks
// once per warranty length the shop's products have: a warranty of M
// months ending in the window started about M months before it.
func (s Reminders) ScanWarranties(ctx context.Context, f reminder.WarrantyFilter, fn func([]*reminder.Warranty) error) error {
	months, err := s.productValues(ctx, f.ShopID, "warranty_months")
	if err != nil {
		return fmt.Errorf("sqlstore: warranty lengths: %w", err)
	}
	// The dedupe key is built in SQL so that the unique (shop_id,
	// dedupe_key) index answers whether the line was announced.
	const cond = ` AND p.warranty_months = $5 AND NOT EXISTS (SELECT 1 FROM events e
		WHERE e.shop_id = $1 AND e.dedupe_key = 'warranty.expiring:' || l.id)`
	for _, m := range months {
		from := f.EndFrom.UTC().AddDate(0, -m, 0).Add(-warrantySlack)
		to := f.EndTo.UTC().AddDate(0, -m, 0).Add(warrantySlack)
		err := s.scanDelivered(ctx, f.ShopID, from, to, cond, []any{m}, f.Limit, func(rows []deliveredLine) error {
			page := make([]*reminder.Warranty, len(rows))
			for i, r := range rows {
				oid := r.orderID
				page[i] = &reminder.Warranty{Subject: r.lineID, OrderLineID: r.lineID, OrderID: &oid,
					OrderNumber: r.number, CustomerID: r.customerID, ProductID: r.productID, ProductName: r.name,
					SKU: r.sku, Months: m, StartsAt: r.deliveredAt}
			}
			return fn(page)
		})
		if err != nil {
			return fmt.Errorf("sqlstore: scan warranties: %w", err)
		}
	}
	return nil
}

// ScanMaintenance pages through the delivered lines with a service date
// that may fall in [f.DueFrom, f.DueTo]. For each interval N the shop's
// products have, service k of such a line was delivered about k×N days
// before the window: one narrow range of delivered_at per k, back to the
// shop's first delivery. Where a range holds a single k, lines whose
// service k was announced are left out in SQL, as for warranties; short
// intervals' ranges overlap and are merged, and the service date is then
// worked out in Go.
func (s Reminders) ScanMaintenance(ctx context.Context, f reminder.MaintenanceFilter, fn func([]*reminder.Line) error) error {
	intervals, err := s.productValues(ctx, f.ShopID, "maintenance_days")
	if err != nil || len(intervals) == 0 {
		return err
	}
	// Not MIN(): SQLite would return the bare text, without the column's
	// type that tells the driver it is a time.
	var first time.Time
	err = s.db.Read().QueryRow(ctx, `SELECT o.delivered_at FROM orders o WHERE o.shop_id = $1
		AND o.delivered_at IS NOT NULL AND o.cancelled_at IS NULL AND o.refunded_at IS NULL
		ORDER BY o.delivered_at LIMIT 1`, f.ShopID).Scan(&first)
	if db.IsNoRows(err) {
		return nil
	} else if err != nil {
		return fmt.Errorf("sqlstore: first delivery: %w", err)
	}
	const (
		anyK = ` AND p.maintenance_days = $5`
		oneK = anyK + ` AND NOT EXISTS (SELECT 1 FROM events e
			WHERE e.shop_id = $1 AND e.dedupe_key = 'maintenance.due:' || l.id || $6)`
	)
	for _, n := range intervals {
		for _, w := range dueWindows(f.DueFrom.UTC(), f.DueTo.UTC(), n, first.UTC()) {
			cond, args := anyK, []any{n}
			if w.k > 0 {
				cond, args = oneK, []any{n, ":" + strconv.Itoa(w.k)}
			}
			err := s.scanDelivered(ctx, f.ShopID, w.from, w.to, cond, args, f.Limit, func(rows []deliveredLine) error {
				page := make([]*reminder.Line, len(rows))
				for i, r := range rows {
					page[i] = &reminder.Line{ID: r.lineID, OrderID: r.orderID, OrderNumber: r.number,
						CustomerID: r.customerID, ProductID: r.productID, ProductName: r.name, SKU: r.sku,
						IntervalDays: n, DeliveredAt: r.deliveredAt}
				}
				return fn(page)
			})
			if err != nil {
				return fmt.Errorf("sqlstore: scan maintenance: %w", err)
			}
		}
	}
	return nil
}

// dueWindow is a range [from, to) of delivery times whose service k may
// fall due in the window asked for; k is 0 when the range covers several.
type dueWindow struct {
	from, to time.Time
	k        int
}

// dueWindows returns the ranges of delivery times, oldest first and merged
// where they overlap, whose service k (k = 1, 2, …) at days intervals may
// fall in [dueFrom, dueTo], back to first.
func dueWindows(dueFrom, dueTo time.Time, days int, first time.Time) []dueWindow {
	step := time.Duration(days) * 24 * time.Hour
	var out []dueWindow
	for k := 1; ; k++ {
		w := dueWindow{from: dueFrom.Add(-time.Duration(k)*step - dueSlack), to: dueTo.Add(-time.Duration(k)*step + dueSlack), k: k}
		if w.to.Before(first) {
			break
		}
		if n := len(out); n > 0 && !w.to.Before(out[n-1].from) {
			out[n-1].from, out[n-1].k = w.from, 0 // overlaps the previous (later) one
			continue
		}
		out = append(out, w)
	}
	slices.Reverse(out)
	return out
}

// ScanLapsed pages through the customers who last ordered before
// f.LastOrderBefore and have no customer.lapsed event for that last order,
// by (last_order_at, id) on the customers_last_order index.
// customers.last_order_at is the latest placed_at of the customer's orders
// that were not cancelled (RefreshCustomerStats); the subquery finds that
// order by equality on placed_at. (Sorting the customer's orders by
// placed_at instead led SQLite to walk the whole shop's orders_placed
// index for each customer.)
func (s Reminders) ScanLapsed(ctx context.Context, f reminder.LapsedFilter, fn func([]*reminder.Lapse) error) error {
	const q = `SELECT x.id, x.last_order_at, x.orders_count, x.last_order_id FROM (
		SELECT c.id, c.last_order_at, c.orders_count, COALESCE((SELECT o.id FROM orders o
			WHERE o.shop_id = $1 AND o.customer_id = c.id AND o.placed_at = c.last_order_at
			AND o.cancelled_at IS NULL ORDER BY o.id DESC LIMIT 1), '') AS last_order_id
		FROM customers c
		WHERE c.shop_id = $1 AND c.last_order_at IS NOT NULL AND c.last_order_at < $2
		AND c.last_order_at >= $3 AND (c.last_order_at > $3 OR c.id > $4)) x
		WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.shop_id = $1
			AND e.dedupe_key = 'customer.lapsed:' || x.id || ':' || x.last_order_id)
		ORDER BY x.last_order_at, x.id LIMIT $5`
	at, after := f.LastOrderFrom.UTC(), ""
	for {
		rows, err := s.db.Read().Query(ctx, q, f.ShopID, f.LastOrderBefore.UTC(), at, after, f.Limit)
		if err != nil {
			return fmt.Errorf("sqlstore: scan lapsed customers: %w", err)
		}
		var page []*reminder.Lapse
		for rows.Next() {
			var l reminder.Lapse
			if err := rows.Scan(&l.CustomerID, &l.LastOrderAt, &l.OrdersCount, &l.LastOrderID); err != nil {
				rows.Close()
				return err
			}
			l.LastOrderAt = l.LastOrderAt.UTC()
			page = append(page, &l)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqlstore: scan lapsed customers: %w", err)
		}
		if len(page) == 0 {
			return nil
		}
		if err := fn(page); err != nil {
			return err
		}
		if len(page) < f.Limit {
			return nil
		}
		last := page[len(page)-1]
		at, after = last.LastOrderAt, last.CustomerID
	}
}

// AppendEvents adds events to the timeline and returns the new ones. Most
// candidates of an hourly scan were announced by an earlier one, so their
// keys are looked up on the read side first: the writer (SQLite has one)
// is taken only when something is new.
func (s Reminders) AppendEvents(ctx context.Context, events []timeline.Event) ([]timeline.Event, error) {
	seen, err := s.existingKeys(ctx, events)
	if err != nil {
		return nil, err
	}
	fresh := slices.DeleteFunc(slices.Clone(events), func(e timeline.Event) bool { return seen[e.ShopID+"\x00"+e.DedupeKey] })
	if len(fresh) == 0 {
		return nil, nil
	}
	var out []timeline.Event
	err = s.Begin(ctx, func(t *Tx) error {
		out, err = t.AppendEvents(ctx, fresh)
		return err
	})
	return out, err
}

// existingKeys returns "shop\x00key" for each event whose dedupe key its
// shop already has.
func (s Reminders) existingKeys(ctx context.Context, events []timeline.Event) (map[string]bool, error) {
	byShop := map[purna.ID][]any{}
	for _, e := range events {
		byShop[e.ShopID] = append(byShop[e.ShopID], e.DedupeKey)
	}
	seen := map[string]bool{}
	for shopID, keys := range byShop {
		for part := range slices.Chunk(keys, 500) {
			ph := strings.TrimSuffix(strings.TrimPrefix(placeholders(1, len(part), 1), "("), ")")
			rows, err := s.db.Read().Query(ctx, `SELECT dedupe_key FROM events WHERE shop_id = $1 AND dedupe_key IN (`+ph+`)`,
				append([]any{shopID}, part...)...)
			if err != nil {
				return nil, fmt.Errorf("sqlstore: find event keys: %w", err)
			}
			for rows.Next() {
				var k string
				if err := rows.Scan(&k); err != nil {
					rows.Close()
					return nil, err
				}
				seen[shopID+"\x00"+k] = true
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, fmt.Errorf("sqlstore: find event keys: %w", err)
			}
		}
	}
	return seen, nil
}
