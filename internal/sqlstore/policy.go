package sqlstore

import (
	"context"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/policy"
)

// FindPolicy returns the shop's stored policy. ENOTFOUND if it has none.
func (s Cases) FindPolicy(ctx context.Context, shopID purna.ID) (*policy.Policy, error) {
	var p policy.Policy
	found, err := s.findShopJSON(ctx, "shop_policies", "policy", shopID, &p)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, purna.Errorf(purna.ENOTFOUND, "Policy not found.")
	}
	return &p, nil
}

// SavePolicy stores p as the shop's policy.
func (s Cases) SavePolicy(ctx context.Context, shopID purna.ID, p *policy.Policy, now time.Time) error {
	return s.saveShopJSON(ctx, "shop_policies", "policy", shopID, p, now)
}
