package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/policy"
)

// FindPolicy returns the shop's stored policy. ENOTFOUND if it has none.
func (s Cases) FindPolicy(ctx context.Context, shopID purna.ID) (*policy.Policy, error) {
	var text string
	err := s.db.Read().QueryRow(ctx, `SELECT policy FROM shop_policies WHERE shop_id = $1`, shopID).Scan(&text)
	if err != nil {
		return nil, notFound(err, "Policy")
	}
	var p policy.Policy
	if err := json.Unmarshal([]byte(text), &p); err != nil {
		return nil, fmt.Errorf("sqlstore: shop %s policy: %w", shopID, err)
	}
	return &p, nil
}

// SavePolicy stores p as the shop's policy.
func (s Cases) SavePolicy(ctx context.Context, shopID purna.ID, p *policy.Policy, now time.Time) error {
	_, err := s.db.Write().Exec(ctx, `INSERT INTO shop_policies (shop_id, policy, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (shop_id) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at`,
		shopID, jsonText(p), now.UTC())
	if err != nil {
		return fmt.Errorf("sqlstore: save policy: %w", err)
	}
	return nil
}
