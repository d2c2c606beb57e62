package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/product"
)

// Products implements product.Store.
type Products struct{ *Store }

const productCols = `id, shop_id, sku, name, category, price, currency, warranty_months, return_window_days,
	maintenance_days, howto_url, howto_text, serialized, spare_part_for, review_delay_days, created_at, updated_at`

func scanProduct(r db.Row) (*product.Product, error) {
	var p product.Product
	var spares string
	if err := r.Scan(&p.ID, &p.ShopID, &p.SKU, &p.Name, &p.Category, &p.Price, &p.Currency, &p.WarrantyMonths,
		&p.ReturnWindowDays, &p.MaintenanceDays, &p.HowToURL, &p.HowToText, &p.Serialized, &spares,
		&p.ReviewDelayDays, &p.CreatedAt, &p.UpdatedAt); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(spares), &p.SparePartFor); err != nil {
		return nil, fmt.Errorf("sqlstore: product %s spare_part_for: %w", p.ID, err)
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return &p, nil
}

// UpsertProduct creates or updates the product with p.SKU. On update p
// takes the stored ID and creation time.
func (s Products) UpsertProduct(ctx context.Context, p *product.Product) (bool, error) {
	var created bool
	err := s.Begin(ctx, func(t *Tx) error {
		var err error
		created, err = t.UpsertProduct(ctx, p)
		return err
	})
	return created, err
}

// UpsertProduct is Products.UpsertProduct inside a transaction.
func (t *Tx) UpsertProduct(ctx context.Context, p *product.Product) (bool, error) {
	var id purna.ID
	err := t.q.QueryRow(ctx, `INSERT INTO products (id, shop_id, sku, name, category, price, currency,
		warranty_months, return_window_days, maintenance_days, howto_url, howto_text, serialized, spare_part_for,
		review_delay_days, created_at, updated_at) VALUES `+placeholders(1, 17, 0)+`
		ON CONFLICT (shop_id, sku) DO UPDATE SET name = excluded.name, category = excluded.category,
		price = excluded.price, currency = excluded.currency, warranty_months = excluded.warranty_months,
		return_window_days = excluded.return_window_days, maintenance_days = excluded.maintenance_days,
		howto_url = excluded.howto_url, howto_text = excluded.howto_text, serialized = excluded.serialized,
		spare_part_for = excluded.spare_part_for, review_delay_days = excluded.review_delay_days,
		updated_at = excluded.updated_at
		RETURNING id`,
		p.ID, p.ShopID, p.SKU, p.Name, p.Category, p.Price, p.Currency, p.WarrantyMonths, p.ReturnWindowDays,
		p.MaintenanceDays, p.HowToURL, p.HowToText, p.Serialized, jsonText(p.SparePartFor), p.ReviewDelayDays,
		p.CreatedAt.UTC(), p.UpdatedAt.UTC()).Scan(&id)
	if err != nil {
		return false, fmt.Errorf("sqlstore: upsert product: %w", err)
	}
	created := id == p.ID
	if !created {
		stored, err := scanProduct(t.q.QueryRow(ctx, `SELECT `+productCols+` FROM products WHERE shop_id = $1 AND id = $2`, p.ShopID, id))
		if err != nil {
			return false, notFound(err, "Product")
		}
		*p = *stored
	}
	return created, nil
}

// FindProductByID returns ENOTFOUND if no such product is in shopID.
func (s Products) FindProductByID(ctx context.Context, shopID, id purna.ID) (*product.Product, error) {
	p, err := scanProduct(s.db.Read().QueryRow(ctx, `SELECT `+productCols+` FROM products WHERE shop_id = $1 AND id = $2`, shopID, id))
	if err != nil {
		return nil, notFound(err, "Product")
	}
	return p, nil
}

func productWhere(f product.Filter) *where {
	w := &where{}
	w.add(`shop_id = ?`, f.ShopID)
	if f.Category != "" {
		w.add(`category = ?`, f.Category)
	}
	if f.SKU != "" {
		w.add(`sku = ?`, f.SKU)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		p := likePattern(q)
		w.add(`(LOWER(sku) LIKE ? ESCAPE '\' OR LOWER(name) LIKE ? ESCAPE '\')`, p, p)
	}
	return w
}

// FindProducts returns one page of products, newest first.
func (s Products) FindProducts(ctx context.Context, f product.Filter) ([]*product.Product, string, error) {
	w := productWhere(f)
	if f.Cursor != "" {
		t, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		w.add(`(created_at, id) < (?, ?)`, t, id)
	}
	limit := max(f.Limit, 1)
	rows, err := s.db.Read().Query(ctx, `SELECT `+productCols+` FROM products`+w.String()+
		` ORDER BY created_at DESC, id DESC LIMIT `+w.next(), append(w.args, limit+1)...)
	if err != nil {
		return nil, "", fmt.Errorf("sqlstore: find products: %w", err)
	}
	defer rows.Close()
	out := []*product.Product{}
	for rows.Next() {
		p, err := scanProduct(rows)
		if err != nil {
			return nil, "", err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	out, next := trimPage(out, limit, func(p *product.Product) (time.Time, purna.ID) { return p.CreatedAt, p.ID })
	return out, next, nil
}

// CountProducts counts the products matching f.
func (s Products) CountProducts(ctx context.Context, f product.Filter) (int, error) {
	w := productWhere(f)
	var n int
	err := s.db.Read().QueryRow(ctx, `SELECT COUNT(*) FROM products`+w.String(), w.args...).Scan(&n)
	return n, err
}
