package followup

import (
	"context"
	"slices"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/eligibility"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/shop"
)

// Sources are where Gather reads a follow-up's context from: the
// customer, the order, and what eligibility allows for its lines.
type Sources struct {
	Customers interface {
		FindByID(ctx context.Context, shopID, id purna.ID) (*customer.Customer, error)
	}
	Orders interface {
		FindByID(ctx context.Context, shopID, id purna.ID) (*order.Order, error)
	}
	Eligibility interface {
		Eligibility(ctx context.Context, shopID purna.ID, actor cases.Actor, orderID purna.ID) ([]eligibility.Item, error)
	}
}

// Gather returns the ContextFunc that reads from src.
func Gather(src Sources) ContextFunc {
	return func(ctx context.Context, shopID, customerID purna.ID, orderID *purna.ID) (Context, error) {
		var out Context
		c, err := src.Customers.FindByID(ctx, shopID, customerID)
		if err != nil {
			return out, err
		}
		out.CustomerName = c.Name()
		if c.Email != nil {
			out.Email = *c.Email
		}
		if c.Phone != nil {
			out.Phone = *c.Phone
			out.WhatsAppURL = shop.WhatsAppLink(*c.Phone)
		}
		if orderID == nil {
			out.Suggestions = []Suggestion{{Remedy: Apology}, {Remedy: Coupon}}
			return out, nil
		}
		o, err := src.Orders.FindByID(ctx, shopID, *orderID)
		if err != nil {
			return out, err
		}
		items, err := src.Eligibility.Eligibility(ctx, shopID, cases.System, *orderID)
		if err != nil {
			return out, err
		}
		out.Order, out.Suggestions = orderFacts(o, items)
		return out, nil
	}
}

// orderFacts lays out the order for the agent and works out the remedies
// its lines allow: a free replacement or a warranty claim while in
// warranty, a return while the window is open, and always a coupon and an
// apology.
func orderFacts(o *order.Order, items []eligibility.Item) (*OrderFacts, []Suggestion) {
	of := &OrderFacts{ID: o.ID, Number: o.Number, Source: o.Source, PlacedAt: o.PlacedAt, DeliveredAt: o.DeliveredAt,
		Total: purna.Money{Amount: o.Total, Currency: o.Currency}, Lines: []LineFacts{}, Tracking: []TrackingFacts{}}
	byLine := map[purna.ID]eligibility.Item{}
	for _, it := range items {
		if it.LineID != "" && it.ReplacesLineID == "" {
			byLine[it.LineID] = it
		}
	}
	var sugg []Suggestion
	for _, l := range o.Lines {
		lf := LineFacts{OrderLineID: l.ID, ProductID: l.ProductID, Name: l.Name, SKU: l.SKU, Quantity: l.Quantity,
			Serials: l.SerialNumbers}
		id := l.ID
		if it, ok := byLine[l.ID]; ok {
			if it.Warranty.Active && it.Warranty.Until != nil {
				t := it.Warranty.Until.EndsAt
				lf.WarrantyUntil = &t
			}
			if it.Return.Allowed && it.Return.Until != nil {
				t := it.Return.Until.EndsAt
				lf.ReturnableUntil = &t
			}
			switch {
			case it.Replacement.Allowed:
				sugg = append(sugg, Suggestion{Remedy: Replacement, OrderLineID: &id, Kind: string(cases.Replacement),
					Until: deadline(it.Replacement.Until)})
			case it.Warranty.ClaimAllowed:
				sugg = append(sugg, Suggestion{Remedy: Replacement, OrderLineID: &id, Kind: string(cases.WarrantyClaim),
					Until: deadline(it.Warranty.Until)})
			}
			if it.Return.Allowed {
				sugg = append(sugg, Suggestion{Remedy: Return, OrderLineID: &id, Kind: string(cases.Return),
					Until: deadline(it.Return.Until)})
			}
		}
		of.Lines = append(of.Lines, lf)
	}
	for _, s := range o.Shipments {
		for _, e := range s.Events {
			of.Tracking = append(of.Tracking, TrackingFacts{At: e.OccurredAt, Status: string(e.Status),
				Description: e.Description})
		}
	}
	slices.SortStableFunc(of.Tracking, func(a, b TrackingFacts) int { return a.At.Compare(b.At) })
	sugg = append(sugg, Suggestion{Remedy: Coupon}, Suggestion{Remedy: Apology})
	return of, sugg
}

func deadline(d *eligibility.Deadline) *time.Time {
	if d == nil {
		return nil
	}
	t := d.EndsAt
	return &t
}
