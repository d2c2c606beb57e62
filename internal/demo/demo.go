package demo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/timeline"
)

// Options says which demo shop to make. The zero value makes the full-size
// shop as of today.
type Options struct {
	// Seed picks the shop: the same seed on the same day gives the same
	// data. Default 1.
	Seed int64
	// Now ends the eighteen months of history. The shop is as it stood at
	// the start of Now's day in Jakarta, so nothing in it is later than
	// Now. Default time.Now().
	Now time.Time
	// Customers is how many customers the shop has. Default 3000.
	Customers int
	// Orders is how many orders they placed. Default 15000.
	Orders int
	// Progress, when set, is told after each stored batch how many of the
	// orders are stored.
	Progress func(done, total int)
}

// Result is the shop Generate made.
type Result struct {
	Shop                        *shop.Shop
	Products, Customers, Orders int
}

// batchSize is how many orders go into one transaction: large enough that
// commits cost little, small enough that readers see progress.
const batchSize = 500

// Generate creates the demo shop and everything in it through the real
// services and stores: products with the store's UpsertProduct, customers
// with customer.Upsert and orders with order.IngestTx, in transactions of
// batchSize orders, so the timeline, the customer figures and the queued
// jobs are what production makes. A generated order the order rules refuse
// is a bug in this package, and Generate fails with the fields at fault.
// Data already stored stays when Generate fails part way.
func Generate(ctx context.Context, store *sqlstore.Store, opts Options) (*Result, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	p := newPlan(opts)
	sh := p.shop
	if err := sh.Validate(); err != nil {
		return nil, fmt.Errorf("demo: shop: %w", err)
	}
	if err := (sqlstore.Shops{Store: store}).CreateShop(ctx, sh); err != nil {
		return nil, fmt.Errorf("demo: create shop: %w", err)
	}
	if err := createStorefronts(ctx, store, sh); err != nil {
		return nil, err
	}
	if err := createProducts(ctx, store, sh, p.items); err != nil {
		return nil, err
	}
	if err := createCustomers(ctx, store, sh, p.people); err != nil {
		return nil, err
	}
	if err := createOrders(ctx, store, sh, p.orders, opts.Progress); err != nil {
		return nil, err
	}
	return &Result{Shop: sh, Products: len(p.items), Customers: len(p.people), Orders: len(p.orders)}, nil
}

func (o Options) withDefaults() (Options, error) {
	if o.Customers < 0 || o.Orders < 0 {
		return o, errors.New("demo: customers and orders must not be negative")
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.Customers == 0 {
		o.Customers = 3000
	}
	if o.Orders == 0 {
		o.Orders = 15000
	}
	return o, nil
}

// createStorefronts connects the shop's own stores. Their webhook secrets
// are random: the demo's data is predictable, its secrets are not.
func createStorefronts(ctx context.Context, store *sqlstore.Store, sh *shop.Shop) error {
	for _, f := range []struct{ kind, name string }{
		{"shopify", "tokopurna.myshopify.com"}, {"woocommerce", "tokopurna.id"},
	} {
		b := make([]byte, 24)
		if _, err := rand.Read(b); err != nil {
			return fmt.Errorf("demo: storefront secret: %w", err)
		}
		sf := &shop.Storefront{ID: purna.NewID(sh.CreatedAt), ShopID: sh.ID, Kind: f.kind, Name: f.name,
			WebhookSecret: hex.EncodeToString(b), CreatedAt: sh.CreatedAt}
		if err := (sqlstore.Shops{Store: store}).CreateStorefront(ctx, sf); err != nil {
			return fmt.Errorf("demo: create storefront %s: %w", f.kind, err)
		}
	}
	return nil
}

func createProducts(ctx context.Context, store *sqlstore.Store, sh *shop.Shop, items []item) error {
	return store.Begin(ctx, func(tx *sqlstore.Tx) error {
		for i, it := range items {
			in := it.Input
			if err := in.Validate(sh.Currency); err != nil {
				return fmt.Errorf("demo: bug: product %s: %w", in.SKU, err)
			}
			at := sh.CreatedAt.Add(time.Duration(i) * time.Minute)
			pr := &product.Product{
				ID: purna.NewID(at), ShopID: sh.ID, SKU: in.SKU, Name: in.Name, Category: in.Category,
				Price: in.Price, Currency: in.Currency, WarrantyMonths: in.WarrantyMonths,
				ReturnWindowDays: in.ReturnWindowDays, MaintenanceDays: in.MaintenanceDays,
				HowToURL: in.HowToURL, HowToText: in.HowToText, Serialized: in.Serialized,
				SparePartFor: in.SparePartFor, CreatedAt: at, UpdatedAt: at,
			}
			if _, err := tx.UpsertProduct(ctx, pr); err != nil {
				return fmt.Errorf("demo: product %s: %w", in.SKU, err)
			}
		}
		return nil
	})
}

// createCustomers stores the customers as they first reached the shop,
// with their consent given at checkout, the way customer.Service.Save does
// it, many to a transaction.
func createCustomers(ctx context.Context, store *sqlstore.Store, sh *shop.Shop, people []*person) error {
	const batch = 1000
	for lo := 0; lo < len(people); lo += batch {
		err := store.Begin(ctx, func(tx *sqlstore.Tx) error {
			for _, p := range people[lo:min(lo+batch, len(people))] {
				in := *p.input(p.source)
				in.Source, in.Consent, in.ConsentSource = p.source, p.consent, "checkout"
				if err := in.Normalize(sh.Country).Err(); err != nil {
					return fmt.Errorf("demo: bug: customer %s %s: %w", p.first, p.last, err)
				}
				c, evs, err := customer.Upsert(ctx, tx, sh.ID, in, p.created.UTC())
				if err != nil {
					return fmt.Errorf("demo: customer %s: %w", in.Email+in.Phone, err)
				}
				if len(evs) == 0 || evs[0].Type != timeline.CustomerCreated {
					return fmt.Errorf("demo: bug: customer %s matched existing customer %s", in.Email+in.Phone, c.ID)
				}
				if _, err := tx.AppendEvents(ctx, evs); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// createOrders ingests the orders oldest first, each as the store would
// have reported it: IngestTx's clock reads the moment it was placed.
func createOrders(ctx context.Context, store *sqlstore.Store, sh *shop.Shop, orders []order.Input, progress func(done, total int)) error {
	for lo := 0; lo < len(orders); lo += batchSize {
		hi := min(lo+batchSize, len(orders))
		err := store.Begin(ctx, func(tx *sqlstore.Tx) error {
			for i := lo; i < hi; i++ {
				in := orders[i]
				now := in.PlacedAt
				if err := in.Normalize(sh.Country, now); err != nil {
					return fmt.Errorf("demo: bug: order %s/%s: %w", in.Source, in.ExternalID, err)
				}
				res, err := order.IngestTx(ctx, tx, sh, &in, now)
				if err != nil {
					return fmt.Errorf("demo: order %s/%s: %w", in.Source, in.ExternalID, err)
				}
				if !res.Created {
					return fmt.Errorf("demo: bug: order %s/%s was generated twice", in.Source, in.ExternalID)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if progress != nil {
			progress(hi, len(orders))
		}
	}
	return nil
}
