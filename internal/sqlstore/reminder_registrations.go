package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/policy"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/reminder"
)

// Registrations implements reminder.WarrantySource over the warranty
// registrations of items bought elsewhere (no order): a product registered
// by serial number with the date on its proof of purchase gets the same
// 30-day reminder as a delivered order line. Order-line registrations stay
// with the order lines' source, which announces them already.
//
// The warranty's length is the portal's: the shop's policy for the
// product (its own months, the category's, the shop's, with the legal
// floor; policy.Default for the shop's country when it has none) plus the
// registration's extra months, counted from the purchase.
type Registrations struct{ *Store }

// regStart is before any purchase date a registration can hold.
var regStart = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

// ScanWarranties pages through the shop's registrations of items bought
// elsewhere that have not been announced, by (purchased_at, id), and
// passes on those whose warranty may end in [f.EndFrom, f.EndTo]. Their
// subject is "reg:" and the registration's ID, so their dedupe keys
// ("warranty.expiring:reg:<id>") never meet an order line's.
//
// The query has no lower bound on purchased_at: the length of each
// warranty is known only from the policy, in Go. Registrations of items
// bought elsewhere are few next to order lines, and once announced they
// leave the scan.
func (s Registrations) ScanWarranties(ctx context.Context, f reminder.WarrantyFilter, fn func([]*reminder.Warranty) error) error {
	pol, err := s.policy(ctx, f.ShopID)
	if err != nil {
		return fmt.Errorf("sqlstore: registrations: %w", err)
	}
	const q = `SELECT r.id, r.customer_id, r.purchased_at, r.extra_months, p.id, p.name, p.sku, p.category, p.warranty_months
		FROM warranty_registrations r JOIN products p ON p.id = r.product_id
		WHERE r.shop_id = $1 AND r.order_id IS NULL AND r.purchased_at IS NOT NULL AND p.shop_id = $1
		AND r.purchased_at <= $2 AND (r.purchased_at > $3 OR (r.purchased_at = $3 AND r.id > $4))
		AND NOT EXISTS (SELECT 1 FROM events e WHERE e.shop_id = $1 AND e.dedupe_key = 'warranty.expiring:reg:' || r.id)
		ORDER BY r.purchased_at, r.id LIMIT $5`
	at, after := regStart, ""
	for {
		rows, err := s.db.Read().Query(ctx, q, f.ShopID, f.EndTo.UTC(), at, after, f.Limit)
		if err != nil {
			return fmt.Errorf("sqlstore: scan registrations: %w", err)
		}
		var page []*reminder.Warranty
		n := 0
		for rows.Next() {
			var (
				id, customerID string
				purchased      time.Time
				extra          int
				p              product.Product
			)
			if err := rows.Scan(&id, &customerID, &purchased, &extra, &p.ID, &p.Name, &p.SKU, &p.Category, &p.WarrantyMonths); err != nil {
				rows.Close()
				return err
			}
			n++
			purchased = purchased.UTC()
			at, after = purchased, id
			months := pol.ForProduct(&p).Warranty.Months + max(extra, 0)
			if months <= 0 {
				continue
			}
			// A coarse cut: the service applies the exact rule in the
			// shop's zone.
			end := purchased.AddDate(0, months, 0)
			if end.Before(f.EndFrom.Add(-warrantySlack)) || end.After(f.EndTo.Add(warrantySlack)) {
				continue
			}
			cid := customerID
			page = append(page, &reminder.Warranty{Subject: "reg:" + id, CustomerID: &cid, ProductID: p.ID,
				ProductName: p.Name, SKU: p.SKU, Months: months, StartsAt: purchased})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqlstore: scan registrations: %w", err)
		}
		if len(page) > 0 {
			if err := fn(page); err != nil {
				return err
			}
		}
		if n < f.Limit {
			return nil
		}
	}
}

// policy returns the shop's policy, or the default for its country.
func (s Registrations) policy(ctx context.Context, shopID purna.ID) (*policy.Policy, error) {
	pol, err := Cases{Store: s.Store}.FindPolicy(ctx, shopID)
	if purna.ErrorCode(err) != purna.ENOTFOUND {
		return pol, err
	}
	sh, err := Shops{Store: s.Store}.FindShopByID(ctx, shopID)
	if err != nil {
		return nil, err
	}
	d := policy.Default(cases.Country(sh))
	return &d, nil
}
