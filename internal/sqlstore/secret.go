package sqlstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"
)

// Secret returns the installation's secret called name, making it on first
// use. Every process sharing the database gets the same one: the first to
// insert wins and the others read it.
func (s *Store) Secret(ctx context.Context, name string) ([]byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	if _, err := s.db.Write().Exec(ctx, `INSERT INTO secrets (name, value, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO NOTHING`, name, hex.EncodeToString(b), time.Now().UTC()); err != nil {
		return nil, fmt.Errorf("sqlstore: make secret %s: %w", name, err)
	}
	var v string
	if err := s.db.Write().QueryRow(ctx, `SELECT value FROM secrets WHERE name = $1`, name).Scan(&v); err != nil {
		return nil, fmt.Errorf("sqlstore: read secret %s: %w", name, err)
	}
	return hex.DecodeString(v)
}
