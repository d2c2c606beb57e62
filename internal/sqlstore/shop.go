package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/shop"
)

// Shops implements shop.Store.
type Shops struct{ *Store }

const shopCols = `id, name, locale, currency, timezone, country, brand, support_hours, created_at, updated_at`

func scanShop(r db.Row) (*shop.Shop, error) {
	var s shop.Shop
	var brand, hours string
	if err := r.Scan(&s.ID, &s.Name, &s.Locale, &s.Currency, &s.Timezone, &s.Country, &brand, &hours,
		&s.CreatedAt, &s.UpdatedAt); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(brand), &s.Brand); err != nil {
		return nil, fmt.Errorf("sqlstore: shop %s brand: %w", s.ID, err)
	}
	if err := json.Unmarshal([]byte(hours), &s.SupportHours); err != nil {
		return nil, fmt.Errorf("sqlstore: shop %s support hours: %w", s.ID, err)
	}
	s.CreatedAt, s.UpdatedAt = s.CreatedAt.UTC(), s.UpdatedAt.UTC()
	return &s, nil
}

// CreateShop inserts s.
func (s Shops) CreateShop(ctx context.Context, sh *shop.Shop) error {
	_, err := s.db.Write().Exec(ctx, `INSERT INTO shops (`+shopCols+`) VALUES `+placeholders(1, 10, 0),
		sh.ID, sh.Name, sh.Locale, sh.Currency, sh.Timezone, sh.Country, jsonText(sh.Brand), jsonText(sh.SupportHours),
		sh.CreatedAt.UTC(), sh.UpdatedAt.UTC())
	return err
}

// UpdateShop saves s.
func (s Shops) UpdateShop(ctx context.Context, sh *shop.Shop) error {
	_, err := s.db.Write().Exec(ctx, `UPDATE shops SET name = $2, locale = $3, currency = $4, timezone = $5,
		country = $6, brand = $7, support_hours = $8, updated_at = $9 WHERE id = $1`,
		sh.ID, sh.Name, sh.Locale, sh.Currency, sh.Timezone, sh.Country, jsonText(sh.Brand), jsonText(sh.SupportHours),
		sh.UpdatedAt.UTC())
	return err
}

// FindShopByID returns ENOTFOUND.
func (s Shops) FindShopByID(ctx context.Context, id purna.ID) (*shop.Shop, error) {
	sh, err := scanShop(s.db.Read().QueryRow(ctx, `SELECT `+shopCols+` FROM shops WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "Shop")
	}
	return sh, nil
}

// FindShops returns every shop, oldest first.
func (s Shops) FindShops(ctx context.Context) ([]*shop.Shop, error) {
	rows, err := s.db.Read().Query(ctx, `SELECT `+shopCols+` FROM shops ORDER BY created_at, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*shop.Shop
	for rows.Next() {
		sh, err := scanShop(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sh)
	}
	return out, rows.Err()
}

// CreateStorefront inserts f.
func (s Shops) CreateStorefront(ctx context.Context, f *shop.Storefront) error {
	_, err := s.db.Write().Exec(ctx, `INSERT INTO storefronts (id, shop_id, kind, name, webhook_secret, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, f.ID, f.ShopID, f.Kind, f.Name, f.WebhookSecret, f.CreatedAt.UTC())
	return err
}

// FindStorefrontByID returns ENOTFOUND.
func (s Shops) FindStorefrontByID(ctx context.Context, id purna.ID) (*shop.Storefront, error) {
	var f shop.Storefront
	err := s.db.Read().QueryRow(ctx, `SELECT id, shop_id, kind, name, webhook_secret, created_at FROM storefronts
		WHERE id = $1`, id).Scan(&f.ID, &f.ShopID, &f.Kind, &f.Name, &f.WebhookSecret, &f.CreatedAt)
	if err != nil {
		return nil, notFound(err, "Storefront")
	}
	return &f, nil
}

// FindStorefronts returns a shop's storefronts.
func (s Shops) FindStorefronts(ctx context.Context, shopID purna.ID) ([]*shop.Storefront, error) {
	rows, err := s.db.Read().Query(ctx, `SELECT id, shop_id, kind, name, webhook_secret, created_at FROM storefronts
		WHERE shop_id = $1 ORDER BY created_at`, shopID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*shop.Storefront
	for rows.Next() {
		var f shop.Storefront
		if err := rows.Scan(&f.ID, &f.ShopID, &f.Kind, &f.Name, &f.WebhookSecret, &f.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, &f)
	}
	return out, rows.Err()
}
