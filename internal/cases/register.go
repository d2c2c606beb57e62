package cases

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/timeline"
)

// RegisterInput registers one unit for its warranty: a line of an order
// (OrderID and OrderLineID), or an item bought elsewhere (ProductID and
// PurchasedAt, the date on the proof of purchase).
type RegisterInput struct {
	// CustomerID is needed when an agent registers an item bought
	// elsewhere; a customer's own calls ignore it.
	CustomerID   purna.ID   `json:"customer_id,omitempty"`
	OrderID      *purna.ID  `json:"order_id,omitempty"`
	OrderLineID  *purna.ID  `json:"order_line_id,omitempty"`
	ProductID    *purna.ID  `json:"product_id,omitempty"`
	SerialNumber string     `json:"serial_number"`
	PurchasedAt  *time.Time `json:"purchased_at,omitempty"`
	// ProofBlobID is the upload of the receipt or invoice.
	ProofBlobID string `json:"proof_blob_id,omitempty"`
	// ExtraMonths come from an extended warranty bought separately; only
	// the shop sets them.
	ExtraMonths int `json:"extra_months,omitempty"`
}

// Register records a warranty registration. The serial number must be
// one of the order line's (when the shop knows them); a serial number
// registered before is ECONFLICT. A customer registering on another's order
// gets ENOTFOUND. EINVALID names each bad field.
func (s *Service) Register(ctx context.Context, shopID purna.ID, actor Actor, in RegisterInput) (*Registration, error) {
	var p purna.Problems
	in.SerialNumber = strings.TrimSpace(in.SerialNumber)
	in.ProofBlobID = strings.TrimSpace(in.ProofBlobID)
	now := s.clock.Now()
	switch {
	case len(in.SerialNumber) > 100:
		p.Add("serial_number", "is longer than 100 characters")
	case in.OrderLineID == nil && in.SerialNumber == "":
		p.Add("serial_number", "is required for an item bought elsewhere")
	}
	if len(in.ProofBlobID) > 100 {
		p.Add("proof_blob_id", "is longer than 100 characters")
	}
	switch {
	case in.ExtraMonths < 0 || in.ExtraMonths > 600:
		p.Add("extra_months", "must be between 0 and 600")
	case in.ExtraMonths > 0 && actor.Role == RoleCustomer:
		p.Add("extra_months", "only the shop adds months")
	}
	if in.OrderLineID != nil {
		if in.OrderID == nil {
			p.Add("order_id", "is required with order_line_id")
		}
		if in.PurchasedAt != nil {
			p.Add("purchased_at", "is only for items bought elsewhere: the order says when")
		}
	} else {
		if in.ProductID == nil || *in.ProductID == "" {
			p.Add("product_id", "is required for an item bought elsewhere")
		}
		switch {
		case in.PurchasedAt == nil:
			p.Add("purchased_at", "is required: the date on the proof of purchase")
		case in.PurchasedAt.After(now):
			p.Add("purchased_at", "must not be in the future")
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}

	r := &Registration{ID: purna.NewID(now), ShopID: shopID, SerialNumber: in.SerialNumber, ProofBlobID: in.ProofBlobID,
		ExtraMonths: in.ExtraMonths, RegisteredAt: now, PurchasedAt: utcPtr(in.PurchasedAt)}
	if in.OrderLineID != nil {
		data, err := s.load(ctx, shopID, actor, in.OrderID, "", false)
		if err != nil {
			if purna.ErrorCode(err) == purna.ENOTFOUND && actor.Role != RoleCustomer {
				return nil, fieldErr("order_id", "is not an order of this shop")
			}
			return nil, err
		}
		o := data.order
		if o.CustomerID == nil {
			return nil, fieldErr("order_id", "the order has no customer to register for")
		}
		i := slices.IndexFunc(o.Lines, func(l *order.Line) bool { return l.ID == *in.OrderLineID })
		if i < 0 {
			return nil, fieldErr("order_line_id", "is not a line of this order")
		}
		l := o.Lines[i]
		if len(l.SerialNumbers) > 0 && !slices.Contains(l.SerialNumbers, in.SerialNumber) {
			return nil, fieldErr("serial_number", "does not match the serial numbers of this item")
		}
		r.CustomerID, r.OrderID, r.OrderLineID, r.ProductID = *o.CustomerID, &o.ID, &l.ID, l.ProductID
	} else {
		r.CustomerID = in.CustomerID
		if actor.Role == RoleCustomer {
			r.CustomerID = actor.ID
		}
		if r.CustomerID == "" {
			return nil, fieldErr("customer_id", "is required for an item bought elsewhere")
		}
		ps, err := s.store.FindProductsByIDs(ctx, shopID, []purna.ID{*in.ProductID})
		if err != nil {
			return nil, err
		}
		if len(ps) == 0 {
			return nil, fieldErr("product_id", "is not a product of this shop")
		}
		r.ProductID = in.ProductID
	}
	data, _ := json.Marshal(map[string]any{"registration_id": r.ID, "serial_number": r.SerialNumber,
		"order_line_id": r.OrderLineID, "product_id": r.ProductID})
	ev := timeline.Event{ShopID: shopID, CustomerID: &r.CustomerID, OrderID: r.OrderID, Type: timeline.WarrantyRegistered,
		OccurredAt: now, Data: data, DedupeKey: "warranty.registered:" + r.ID}
	err := s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.CreateRegistration(ctx, r); err != nil {
			return err
		}
		_, err := tx.AppendEvents(ctx, []timeline.Event{ev})
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}
