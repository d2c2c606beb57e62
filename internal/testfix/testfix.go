// Package testfix makes the rows tests need, through the real services and
// stores. Each factory takes an options struct whose zero value gives a
// sensible record.
package testfix

import (
	"context"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/jobs"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/sqlstore"
)

// MustStore returns a Store on d with an insert-only job queue.
func MustStore(tb testing.TB, d *db.DB) *sqlstore.Store {
	tb.Helper()
	q, err := jobs.New(d, nil, jobs.Config{InsertOnly: true})
	if err != nil {
		tb.Fatal(err)
	}
	return sqlstore.New(d, q)
}

// ShopOpts overrides a test shop's defaults.
type ShopOpts struct {
	Name     string
	Currency string
	Timezone string
	Country  string
	Locale   string
}

// Shop creates a shop (Indonesian by default).
func Shop(tb testing.TB, s *sqlstore.Store, o *ShopOpts) *shop.Shop {
	tb.Helper()
	if o == nil {
		o = &ShopOpts{}
	}
	now := time.Now().UTC()
	sh := &shop.Shop{ID: purna.NewID(now), Name: o.Name, Currency: o.Currency, Timezone: o.Timezone,
		Country: o.Country, Locale: o.Locale, CreatedAt: now, UpdatedAt: now}
	if sh.Name == "" {
		sh.Name = "Toko Test"
	}
	if err := sh.Validate(); err != nil {
		tb.Fatal(err)
	}
	if err := (sqlstore.Shops{Store: s}).CreateShop(context.Background(), sh); err != nil {
		tb.Fatal(err)
	}
	return sh
}

// OrderInput returns a valid two-line order input from source "api".
func OrderInput(externalID string, placed time.Time) order.Input {
	return order.Input{
		Source: "api", ExternalID: externalID, Currency: "IDR", PlacedAt: placed,
		Customer: &customer.Input{Email: "siti@example.co.id", FirstName: "Siti", LastName: "Rahayu", Phone: "0812-3456-7890"},
		Lines: []order.LineInput{
			{SKU: "BLND-01", Name: "Blender Cosmos", Quantity: 1, UnitPrice: 45000000},
			{SKU: "FLTR-02", Name: "Filter air", Quantity: 2, UnitPrice: 2500000},
		},
		Shipping: 1500000,
	}
}
