package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/auth"
	"github.com/purnajual/purna/internal/db"
)

// Auth implements auth.Store.
type Auth struct{ *Store }

// CreateUser inserts u.
func (s Auth) CreateUser(ctx context.Context, u *auth.User) error {
	_, err := s.db.Write().Exec(ctx, `INSERT INTO users (id, email, name, password_hash, created_at)
		VALUES ($1, $2, $3, $4, $5)`, u.ID, u.Email, u.Name, u.PasswordHash, u.CreatedAt.UTC())
	if db.IsUniqueViolation(err) {
		return &purna.Error{Code: purna.ECONFLICT, Message: "A user with this email exists.",
			Fields: map[string]string{"email": "is taken"}}
	}
	return err
}

// FindUserByEmail returns ENOTFOUND.
func (s Auth) FindUserByEmail(ctx context.Context, email string) (*auth.User, error) {
	var u auth.User
	err := s.db.Read().QueryRow(ctx, `SELECT id, email, name, password_hash, created_at FROM users WHERE email = $1`,
		email).Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.CreatedAt)
	if err != nil {
		return nil, notFound(err, "User")
	}
	return &u, nil
}

// SetMembership gives the user role in shopID.
func (s Auth) SetMembership(ctx context.Context, shopID, userID purna.ID, role auth.Role, now time.Time) error {
	_, err := s.db.Write().Exec(ctx, `INSERT INTO memberships (shop_id, user_id, role, created_at)
		VALUES ($1, $2, $3, $4) ON CONFLICT (shop_id, user_id) DO UPDATE SET role = excluded.role`,
		shopID, userID, string(role), now.UTC())
	return err
}

// FindMembers returns the people who work in the shop, by name.
func (s Auth) FindMembers(ctx context.Context, shopID purna.ID) ([]auth.Member, error) {
	rows, err := s.db.Read().Query(ctx, `SELECT u.id, u.name, u.email, m.role FROM memberships m
		JOIN users u ON u.id = m.user_id WHERE m.shop_id = $1 ORDER BY u.name, u.id`, shopID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find members: %w", err)
	}
	defer rows.Close()
	out := []auth.Member{}
	for rows.Next() {
		var m auth.Member
		if err := rows.Scan(&m.UserID, &m.Name, &m.Email, &m.Role); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// FindMemberships returns the shops a user works in.
func (s Auth) FindMemberships(ctx context.Context, userID purna.ID) ([]auth.Membership, error) {
	rows, err := s.db.Read().Query(ctx, `SELECT shop_id, role FROM memberships WHERE user_id = $1
		ORDER BY created_at, shop_id`, userID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find memberships: %w", err)
	}
	defer rows.Close()
	var out []auth.Membership
	for rows.Next() {
		var m auth.Membership
		if err := rows.Scan(&m.ShopID, &m.Role); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// CreateSession stores a session.
func (s Auth) CreateSession(ctx context.Context, tokenHash string, userID, shopID purna.ID, expires, now time.Time) error {
	_, err := s.db.Write().Exec(ctx, `INSERT INTO sessions (token_hash, user_id, shop_id, expires_at, created_at)
		VALUES ($1, $2, $3, $4, $5)`, tokenHash, userID, shopID, expires.UTC(), now.UTC())
	return err
}

// FindSession returns the live session with tokenHash.
func (s Auth) FindSession(ctx context.Context, tokenHash string, now time.Time) (*auth.Session, error) {
	var sess auth.Session
	var u auth.User
	err := s.db.Read().QueryRow(ctx, `SELECT u.id, u.email, u.name, u.created_at, s.shop_id, m.role, s.expires_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		JOIN memberships m ON m.user_id = s.user_id AND m.shop_id = s.shop_id
		WHERE s.token_hash = $1 AND s.expires_at > $2`, tokenHash, now.UTC()).
		Scan(&u.ID, &u.Email, &u.Name, &u.CreatedAt, &sess.ShopID, &sess.Role, &sess.ExpiresAt)
	if err != nil {
		return nil, notFound(err, "Session")
	}
	sess.User = &u
	return &sess, nil
}

// DeleteSession ends a session.
func (s Auth) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.db.Write().Exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
	return err
}

// CreateAPIKey stores k with the hash of its plain key.
func (s Auth) CreateAPIKey(ctx context.Context, k *auth.APIKey, keyHash string) error {
	_, err := s.db.Write().Exec(ctx, `INSERT INTO api_keys (id, shop_id, name, prefix, key_hash, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, k.ID, k.ShopID, k.Name, k.Prefix, keyHash, k.CreatedAt.UTC())
	return err
}

// FindAPIKey returns the unrevoked key with keyHash.
func (s Auth) FindAPIKey(ctx context.Context, keyHash string) (*auth.APIKey, error) {
	var k auth.APIKey
	err := s.db.Read().QueryRow(ctx, `SELECT id, shop_id, name, prefix, created_at FROM api_keys
		WHERE key_hash = $1 AND revoked_at IS NULL`, keyHash).Scan(&k.ID, &k.ShopID, &k.Name, &k.Prefix, &k.CreatedAt)
	if err != nil {
		return nil, notFound(err, "API key")
	}
	return &k, nil
}
