package journey

import (
	"context"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/message"
	"github.com/purnajual/purna/internal/product"
)

// WarrantyOffers finds what a shop sells for a product whose warranty
// ends: an extended warranty, and spare parts that fit it.
type WarrantyOffers interface {
	WarrantyOffer(ctx context.Context, shopID purna.ID, p *product.Product) (Offer, error)
}

// Offer is an extended warranty (nil for none) and spare parts for a
// product.
type Offer struct {
	Extension *product.Product
	Months    int
	Parts     []*product.Product
}

// maxOfferParts is how many spare parts an offer names.
const maxOfferParts = 3

// offerData is the offer a warranty-ending message carries, or nil. An
// offer is marketing: it goes only to customers who agreed to marketing
// on the message's channel, and it brings the unsubscribe link with it.
func (tc *TemplateComposer) offerData(ctx context.Context, d *Draft) (*message.OfferData, error) {
	if tc.Offers == nil || d.Product == nil || !d.Customer.Consented(customer.Channel(d.Message.Channel)) {
		return nil, nil
	}
	o, err := tc.Offers.WarrantyOffer(ctx, d.Shop.ID, d.Product)
	if err != nil || o.Extension == nil && len(o.Parts) == 0 {
		return nil, err
	}
	money := func(p *product.Product) string {
		return purna.Money{Amount: p.Price, Currency: p.Currency}.Format(d.Locale)
	}
	out := &message.OfferData{}
	if e := o.Extension; e != nil {
		out.Extension = &message.ExtensionOffer{Name: e.Name, Months: o.Months, Price: money(e)}
	}
	for _, p := range o.Parts[:min(len(o.Parts), maxOfferParts)] {
		out.SpareParts = append(out.SpareParts, message.PartOffer{Name: p.Name, Price: money(p)})
	}
	if tc.PortalURL != nil {
		var orderID *purna.ID
		if d.Order != nil {
			orderID = &d.Order.ID
		}
		out.URL = tc.PortalURL(d.Shop.ID, d.Customer.ID, orderID)
	}
	return out, nil
}
