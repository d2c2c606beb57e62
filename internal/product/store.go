package product

import (
	"context"

	"github.com/purnajual/purna"
)

// Store is what product needs from storage. sqlstore.Products implements it.
type Store interface {
	// UpsertProduct creates the product with p.SKU or updates it, and
	// returns whether it was created.
	UpsertProduct(ctx context.Context, p *Product) (created bool, err error)
	// FindProductByID returns ENOTFOUND if no such product is in shopID.
	FindProductByID(ctx context.Context, shopID, id purna.ID) (*Product, error)
	// FindProducts returns one page, by name, and the next page's cursor.
	FindProducts(ctx context.Context, f Filter) ([]*Product, string, error)
	CountProducts(ctx context.Context, f Filter) (int, error)
}

// Service applies the catalogue rules.
type Service struct {
	store Store
	clock purna.Clock
}

// NewService returns a Service on store.
func NewService(store Store, clock purna.Clock) *Service {
	return &Service{store: store, clock: clock}
}

// Save creates or updates the product with in.SKU. EINVALID.
func (s *Service) Save(ctx context.Context, shopID purna.ID, shopCurrency string, in Input) (*Product, bool, error) {
	if err := in.Validate(shopCurrency); err != nil {
		return nil, false, err
	}
	now := s.clock.Now()
	p := &Product{
		ID: purna.NewID(now), ShopID: shopID, SKU: in.SKU, Name: in.Name, Category: in.Category,
		Price: in.Price, Currency: in.Currency, WarrantyMonths: in.WarrantyMonths,
		ReturnWindowDays: in.ReturnWindowDays, MaintenanceDays: in.MaintenanceDays, HowToURL: in.HowToURL,
		HowToText: in.HowToText, Serialized: in.Serialized, SparePartFor: in.SparePartFor,
		ReviewDelayDays: in.ReviewDelayDays, CreatedAt: now, UpdatedAt: now,
	}
	created, err := s.store.UpsertProduct(ctx, p)
	if err != nil {
		return nil, false, err
	}
	return p, created, nil
}

// FindByID returns one product. ENOTFOUND.
func (s *Service) FindByID(ctx context.Context, shopID, id purna.ID) (*Product, error) {
	return s.store.FindProductByID(ctx, shopID, id)
}

// Find returns a page of products.
func (s *Service) Find(ctx context.Context, f Filter) (*purna.Page[*Product], error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	items, next, err := s.store.FindProducts(ctx, f)
	if err != nil {
		return nil, err
	}
	total, err := s.store.CountProducts(ctx, f)
	if err != nil {
		return nil, err
	}
	return &purna.Page[*Product]{Items: items, Next: next, Total: total}, nil
}
