package sqlstore

import (
	"context"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/db"
)

// IdempotentResponse is a stored answer to a POST made with an
// Idempotency-Key.
type IdempotentResponse struct {
	RequestHash string
	Status      int
	Body        []byte
}

// FindIdempotentResponse returns the stored answer for key. ENOTFOUND.
func (s *Store) FindIdempotentResponse(ctx context.Context, shopID purna.ID, key string) (*IdempotentResponse, error) {
	var r IdempotentResponse
	var body string
	err := s.db.Read().QueryRow(ctx, `SELECT request_hash, status, response FROM idempotency_keys
		WHERE shop_id = $1 AND key = $2`, shopID, key).Scan(&r.RequestHash, &r.Status, &body)
	if err != nil {
		return nil, notFound(err, "Idempotency key")
	}
	r.Body = []byte(body)
	return &r, nil
}

// SaveIdempotentResponse stores the answer for key; the first one stored
// wins.
func (s *Store) SaveIdempotentResponse(ctx context.Context, shopID purna.ID, key string, r IdempotentResponse, now time.Time) error {
	_, err := s.db.Write().Exec(ctx, `INSERT INTO idempotency_keys (shop_id, key, request_hash, status, response, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, shopID, key, r.RequestHash, r.Status, string(r.Body), now.UTC())
	return err
}

// IdempotencyKeyTTL is how long an Idempotency-Key's answer is kept, as
// payment APIs do.
const IdempotencyKeyTTL = 24 * time.Hour

// Sweep deletes what has expired at now: ended sessions and idempotency
// keys past IdempotencyKeyTTL. It returns how many rows went.
func (s *Store) Sweep(ctx context.Context, now time.Time) (int64, error) {
	var total int64
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		n, err := tx.Exec(ctx, `DELETE FROM sessions WHERE expires_at < $1`, now.UTC())
		if err != nil {
			return err
		}
		m, err := tx.Exec(ctx, `DELETE FROM idempotency_keys WHERE created_at < $1`, now.Add(-IdempotencyKeyTTL).UTC())
		total = n + m
		return err
	})
	return total, err
}
