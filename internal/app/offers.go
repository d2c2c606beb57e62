package app

import (
	"context"
	"slices"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/product"
)

// warrantyOffers finds, for a warranty-ending message, the extended
// warranty the shop's policy sells for the product and the spare parts
// that fit it.
type warrantyOffers struct {
	cases    *cases.Service
	products *product.Service
}

// WarrantyOffer implements journey.WarrantyOffers.
func (w warrantyOffers) WarrantyOffer(ctx context.Context, shopID purna.ID, p *product.Product) (journey.Offer, error) {
	var out journey.Offer
	pol, err := w.cases.Policies().Get(ctx, shopID)
	if err != nil {
		return out, err
	}
	names := func(xs []string) bool { return slices.Contains(xs, p.ID) || slices.Contains(xs, p.SKU) }
	for _, e := range pol.Warranty.Extensions {
		fits := names(e.ForProducts) || slices.Contains(e.ForCategories, p.Category) ||
			len(e.ForProducts) == 0 && len(e.ForCategories) == 0
		if !fits || e.Months <= 0 {
			continue
		}
		ext, err := w.find(ctx, shopID, e.Product)
		if err != nil {
			return out, err
		}
		if ext != nil {
			out.Extension, out.Months = ext, e.Months
			break
		}
	}
	parts, err := w.cases.SpareParts(ctx, shopID)
	if err != nil {
		return out, err
	}
	for _, sp := range parts {
		if names(sp.SparePartFor) {
			out.Parts = append(out.Parts, sp)
		}
	}
	return out, nil
}

// find returns the shop's product with the ID or SKU, or nil.
func (w warrantyOffers) find(ctx context.Context, shopID purna.ID, idOrSKU string) (*product.Product, error) {
	if purna.ValidID(idOrSKU) {
		p, err := w.products.FindByID(ctx, shopID, idOrSKU)
		if err == nil || purna.ErrorCode(err) != purna.ENOTFOUND {
			return p, err
		}
	}
	page, err := w.products.Find(ctx, product.Filter{ShopID: shopID, SKU: idOrSKU, Limit: 1})
	if err != nil || len(page.Items) == 0 {
		return nil, err
	}
	return page.Items[0], nil
}
