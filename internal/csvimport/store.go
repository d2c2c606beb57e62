package csvimport

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/sqlstore"
)

// dbSink stores batches, one transaction each, with a savepoint around
// every record so that a record the database refuses is undone alone.
type dbSink struct {
	store *sqlstore.Store
	sh    *shop.Shop
}

// outcome is what storing one record did.
type outcome int

const (
	created outcome = iota
	updated
	unchanged
	refused
)

func (im *importer) tally(o outcome) {
	switch o {
	case created:
		im.sum.Created++
	case updated:
		im.sum.Updated++
	case unchanged:
		im.sum.Unchanged++
	}
}

// savepoint runs fn in a savepoint of tx. A record error (a *purna.Error:
// invalid, conflict) is returned as refused; anything else, such as the
// database failing, is returned as err and stops the import.
func savepoint(ctx context.Context, tx *sqlstore.Tx, fn func() error) (refusal error, err error) {
	err = db.Savepoint(ctx, tx.Raw(), "csvimport_record", fn)
	if err == nil {
		return nil, nil
	}
	if purna.ErrorCode(err) != purna.EINTERNAL && ctx.Err() == nil {
		return err, nil
	}
	return nil, err
}

func (s *dbSink) orders(ctx context.Context, im *importer, ds []*draft) error {
	now := im.opts.Now().UTC()
	type item struct {
		d  *draft
		in *order.Input
	}
	items := make([]item, 0, len(ds))
	for _, d := range ds {
		if in := im.complete(d, now); in != nil {
			items = append(items, item{d, in})
		}
	}
	if len(items) == 0 {
		return nil
	}
	outcomes := make([]outcome, len(items))
	refusals := make([]error, len(items))
	err := s.store.Begin(ctx, func(tx *sqlstore.Tx) error {
		for i, it := range items {
			var res *order.Result
			refusal, err := savepoint(ctx, tx, func() error {
				var err error
				res, err = order.IngestTx(ctx, tx, s.sh, it.in, now)
				return err
			})
			switch {
			case err != nil:
				return fmt.Errorf("csvimport: store order %s (line %d): %w", it.in.ExternalID, it.d.lines[0].line, err)
			case refusal != nil:
				outcomes[i], refusals[i] = refused, refusal
			case res.Created:
				outcomes[i] = created
			case res.Changed:
				outcomes[i] = updated
			default:
				outcomes[i] = unchanged
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i, it := range items {
		if outcomes[i] == refused {
			im.rejectOrder(it.d, fmt.Sprintf("order %s: %s", it.in.ExternalID, problems(refusals[i])))
		}
		im.tally(outcomes[i])
	}
	return nil
}

func (s *dbSink) customers(ctx context.Context, im *importer, rows []customerRow) error {
	now := im.opts.Now().UTC()
	outcomes := make([]outcome, len(rows))
	refusals := make([]error, len(rows))
	err := s.store.Begin(ctx, func(tx *sqlstore.Tx) error {
		for i, r := range rows {
			var o outcome
			refusal, err := savepoint(ctx, tx, func() error {
				var err error
				o, err = saveCustomer(ctx, tx, s.sh.ID, r.in, now)
				return err
			})
			switch {
			case err != nil:
				return fmt.Errorf("csvimport: store customer (line %d): %w", r.line, err)
			case refusal != nil:
				outcomes[i], refusals[i] = refused, refusal
			default:
				outcomes[i] = o
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i, r := range rows {
		if outcomes[i] == refused {
			im.sum.bad(r.line, problems(refusals[i]))
		}
		im.tally(outcomes[i])
	}
	return nil
}

// saveCustomer is customer.Service.Save inside the import's transaction,
// telling whether anything changed: the customer Upsert will match is read
// first (by the source's ID, then email, then phone, as Upsert does) and
// compared with the result.
func saveCustomer(ctx context.Context, tx *sqlstore.Tx, shopID purna.ID, in customer.Input, now time.Time) (outcome, error) {
	before, byRef, err := findCustomer(ctx, tx, shopID, in)
	if err != nil {
		return 0, err
	}
	c, evs, err := customer.Upsert(ctx, tx, shopID, in, now)
	if err != nil {
		return 0, err
	}
	if _, err := tx.AppendEvents(ctx, evs); err != nil {
		return 0, err
	}
	switch {
	case before == nil:
		return created, nil
	case in.ExternalID != "" && !byRef, len(evs) > 0, !sameCustomer(before, c):
		return updated, nil
	}
	return unchanged, nil
}

func findCustomer(ctx context.Context, tx customer.Tx, shopID purna.ID, in customer.Input) (*customer.Customer, bool, error) {
	found := func(c *customer.Customer, err error) (*customer.Customer, error) {
		if purna.ErrorCode(err) == purna.ENOTFOUND {
			return nil, nil
		}
		return c, err
	}
	if in.ExternalID != "" {
		if c, err := found(tx.FindCustomerByRef(ctx, shopID, in.Source, in.ExternalID)); c != nil || err != nil {
			return c, true, err
		}
	}
	if in.Email != "" {
		if c, err := found(tx.FindCustomerByEmail(ctx, shopID, in.Email)); c != nil || err != nil {
			return c, false, err
		}
	}
	if in.Phone != "" {
		if c, err := found(tx.FindCustomerByPhone(ctx, shopID, in.Phone)); c != nil || err != nil {
			return c, false, err
		}
	}
	return nil, false, nil
}

func sameCustomer(a, b *customer.Customer) bool {
	eq := func(x, y *string) bool { return x == nil && y == nil || x != nil && y != nil && *x == *y }
	return eq(a.Email, b.Email) && eq(a.Phone, b.Phone) && a.FirstName == b.FirstName && a.LastName == b.LastName &&
		a.Locale == b.Locale && a.City == b.City && a.Province == b.Province && a.Country == b.Country
}

func (s *dbSink) products(ctx context.Context, im *importer, rows []productRow) error {
	now := im.opts.Now().UTC()
	outcomes := make([]outcome, len(rows))
	refusals := make([]error, len(rows))
	err := s.store.Begin(ctx, func(tx *sqlstore.Tx) error {
		for i, r := range rows {
			var o outcome
			refusal, err := savepoint(ctx, tx, func() error {
				var err error
				o, err = saveProduct(ctx, tx, s.sh.ID, r.in, now)
				return err
			})
			switch {
			case err != nil:
				return fmt.Errorf("csvimport: store product %s (line %d): %w", r.in.SKU, r.line, err)
			case refusal != nil:
				outcomes[i], refusals[i] = refused, refusal
			default:
				outcomes[i] = o
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i, r := range rows {
		if outcomes[i] == refused {
			im.sum.bad(r.line, problems(refusals[i]))
		}
		im.tally(outcomes[i])
	}
	return nil
}

// saveProduct creates or updates the product with in.SKU. A product the
// file describes as it is stored is not written, so that a re-import leaves
// updated_at alone. What the layout has no column for (how-to text, spare
// parts) is kept.
func saveProduct(ctx context.Context, tx *sqlstore.Tx, shopID purna.ID, in product.Input, now time.Time) (outcome, error) {
	old, err := findProductBySKU(ctx, tx.Raw(), shopID, in.SKU)
	if err != nil {
		return 0, err
	}
	p := &product.Product{
		ID: purna.NewID(now), ShopID: shopID, SKU: in.SKU, Name: in.Name, Category: in.Category,
		Price: in.Price, Currency: in.Currency, WarrantyMonths: in.WarrantyMonths,
		ReturnWindowDays: in.ReturnWindowDays, MaintenanceDays: in.MaintenanceDays, HowToURL: in.HowToURL,
		Serialized: in.Serialized, SparePartFor: []string{}, CreatedAt: now, UpdatedAt: now,
	}
	if old != nil {
		p.HowToText, p.SparePartFor = old.HowToText, old.SparePartFor
		if p.Name == old.Name && p.Category == old.Category && p.Price == old.Price && p.Currency == old.Currency &&
			p.WarrantyMonths == old.WarrantyMonths && p.ReturnWindowDays == old.ReturnWindowDays &&
			p.MaintenanceDays == old.MaintenanceDays && p.HowToURL == old.HowToURL && p.Serialized == old.Serialized {
			return unchanged, nil
		}
	}
	isNew, err := tx.UpsertProduct(ctx, p)
	if err != nil {
		return 0, err
	}
	if isNew {
		return created, nil
	}
	return updated, nil
}

// findProductBySKU returns the shop's product with sku, or nil.
//
// It is the one query this package writes itself: sqlstore.Tx has no
// product lookup by SKU yet, and the import must compare before it writes.
// It belongs in sqlstore (Tx.FindProductBySKU) once that file can take it.
func findProductBySKU(ctx context.Context, q db.Querier, shopID purna.ID, sku string) (*product.Product, error) {
	var p product.Product
	var spares string
	err := q.QueryRow(ctx, `SELECT name, category, price, currency, warranty_months, return_window_days,
		maintenance_days, howto_url, howto_text, serialized, spare_part_for FROM products
		WHERE shop_id = $1 AND sku = $2`, shopID, sku).Scan(&p.Name, &p.Category, &p.Price, &p.Currency,
		&p.WarrantyMonths, &p.ReturnWindowDays, &p.MaintenanceDays, &p.HowToURL, &p.HowToText, &p.Serialized, &spares)
	if db.IsNoRows(err) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("csvimport: find product %s: %w", sku, err)
	}
	if err := json.Unmarshal([]byte(spares), &p.SparePartFor); err != nil {
		return nil, fmt.Errorf("csvimport: product %s spare_part_for: %w", sku, err)
	}
	return &p, nil
}
