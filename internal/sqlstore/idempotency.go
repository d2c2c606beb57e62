package sqlstore

import (
	"context"
	"time"

	"github.com/purnajual/purna"
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

// DeleteIdempotentResponsesBefore removes answers older than t; keys are
// kept for a day, as payment APIs do.
func (s *Store) DeleteIdempotentResponsesBefore(ctx context.Context, t time.Time) (int64, error) {
	return s.db.Write().Exec(ctx, `DELETE FROM idempotency_keys WHERE created_at < $1`, t.UTC())
}
