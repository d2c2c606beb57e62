package cases

import (
	"context"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/policy"
	"github.com/purnajual/purna/internal/shop"
)

// Policies keeps each shop's after-sales policy. A shop that never saved
// one gets policy.Default for its country.
type Policies struct {
	store PolicyStore
	clock purna.Clock
}

// NewPolicies returns Policies on store.
func NewPolicies(store PolicyStore, clock purna.Clock) *Policies {
	return &Policies{store: store, clock: clock}
}

// Get returns the shop's policy. ENOTFOUND if there is no such shop.
func (p *Policies) Get(ctx context.Context, shopID purna.ID) (*policy.Policy, error) {
	sh, err := p.store.FindShopByID(ctx, shopID)
	if err != nil {
		return nil, err
	}
	return p.forShop(ctx, sh)
}

func (p *Policies) forShop(ctx context.Context, sh *shop.Shop) (*policy.Policy, error) {
	pol, err := p.store.FindPolicy(ctx, sh.ID)
	if purna.ErrorCode(err) == purna.ENOTFOUND {
		d := policy.Default(Country(sh))
		return &d, nil
	}
	return pol, err
}

// Put validates and stores the shop's policy. EINVALID names each field
// by its JSON path ("returns.window_days").
func (p *Policies) Put(ctx context.Context, shopID purna.ID, pol policy.Policy) (*policy.Policy, error) {
	if err := pol.Validate(); err != nil {
		return nil, err
	}
	if err := p.store.SavePolicy(ctx, shopID, &pol, p.clock.Now()); err != nil {
		return nil, err
	}
	return &pol, nil
}

// Country returns the country whose default policy fits the shop: its
// own, or the one its currency says (IDR is Indonesia, RON Romania).
func Country(sh *shop.Shop) string {
	if len(sh.Country) == 2 {
		return sh.Country
	}
	switch sh.Currency {
	case "RON":
		return "RO"
	case "IDR":
		return "ID"
	}
	return "ID"
}
