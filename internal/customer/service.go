package customer

import (
	"context"
	"strings"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/timeline"
)

// Service applies the customer rules. The API and the web UI share it.
type Service struct {
	store Store
	clock purna.Clock
}

// NewService returns a Service on store.
func NewService(store Store, clock purna.Clock) *Service {
	return &Service{store: store, clock: clock}
}

// Save creates the customer in describes or updates the one it matches (by
// the source's ID, then email, then phone). It returns whether it created
// one. EINVALID, ECONFLICT.
func (s *Service) Save(ctx context.Context, shopID purna.ID, country string, in Input) (*Customer, bool, error) {
	if err := in.Normalize(country).Err(); err != nil {
		return nil, false, err
	}
	if !in.Identified() {
		return nil, false, &purna.Error{Code: purna.EINVALID, Message: "Some fields are not valid.",
			Fields: map[string]string{"email": "an email, a phone or an external_id is required"}}
	}
	var c *Customer
	var created bool
	err := s.store.InTx(ctx, func(tx Tx) error {
		var evs []timeline.Event
		var err error
		c, evs, err = Upsert(ctx, tx, shopID, in, s.clock.Now())
		if err != nil {
			return err
		}
		for _, e := range evs {
			created = created || e.Type == timeline.CustomerCreated
		}
		_, err = tx.AppendEvents(ctx, evs)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	return c, created, nil
}

// FindByID returns one customer. ENOTFOUND.
func (s *Service) FindByID(ctx context.Context, shopID, id purna.ID) (*Customer, error) {
	return s.store.FindCustomerByID(ctx, shopID, id)
}

// FindByIDs returns the shop's customers among ids, in no order; IDs of no
// customer of the shop are left out.
func (s *Service) FindByIDs(ctx context.Context, shopID purna.ID, ids []purna.ID) ([]*Customer, error) {
	return s.store.FindCustomersByIDs(ctx, shopID, ids)
}

// Find returns a page of customers with the total number of matches.
func (s *Service) Find(ctx context.Context, f Filter) (*purna.Page[*Customer], error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	f.Query = strings.TrimSpace(f.Query)
	items, next, err := s.store.FindCustomers(ctx, f)
	if err != nil {
		return nil, err
	}
	total, err := s.store.CountCustomers(ctx, f)
	if err != nil {
		return nil, err
	}
	return &purna.Page[*Customer]{Items: items, Next: next, Total: total}, nil
}

// Timeline returns a page of the customer's timeline, newest first.
// ENOTFOUND if the customer is not in shopID.
func (s *Service) Timeline(ctx context.Context, shopID, customerID purna.ID, cursor string, limit int) (*purna.Page[timeline.Event], error) {
	if _, err := s.store.FindCustomerByID(ctx, shopID, customerID); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	f := timeline.Filter{ShopID: shopID, CustomerID: &customerID, Cursor: cursor, Limit: limit}
	items, next, err := s.store.FindEvents(ctx, f)
	if err != nil {
		return nil, err
	}
	total, err := s.store.CountEvents(ctx, f)
	if err != nil {
		return nil, err
	}
	return &purna.Page[timeline.Event]{Items: items, Next: next, Total: total}, nil
}
