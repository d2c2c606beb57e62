package auth

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/purnajual/purna"
)

// SessionTTL is how long a sign-in lasts without use.
const SessionTTL = 14 * 24 * time.Hour

// Store is what auth needs from storage. sqlstore.Auth implements it.
type Store interface {
	// CreateUser inserts u. ECONFLICT if the email is taken.
	CreateUser(ctx context.Context, u *User) error
	// FindUserByEmail returns ENOTFOUND.
	FindUserByEmail(ctx context.Context, email string) (*User, error)
	// SetMembership gives u role in shopID, replacing any earlier role.
	SetMembership(ctx context.Context, shopID, userID purna.ID, role Role, now time.Time) error
	// FindMemberships returns the shops a user works in, oldest first.
	FindMemberships(ctx context.Context, userID purna.ID) ([]Membership, error)
	// FindMembers returns the people who work in a shop, by name.
	FindMembers(ctx context.Context, shopID purna.ID) ([]Member, error)
	CreateSession(ctx context.Context, tokenHash string, userID, shopID purna.ID, expires, now time.Time) error
	// FindSession returns the live session with tokenHash. ENOTFOUND.
	FindSession(ctx context.Context, tokenHash string, now time.Time) (*Session, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	CreateAPIKey(ctx context.Context, k *APIKey, keyHash string) error
	// FindAPIKey returns the unrevoked key with keyHash. ENOTFOUND.
	FindAPIKey(ctx context.Context, keyHash string) (*APIKey, error)
}

// Member is a person who works in a shop, as lists of the shop's people
// show them.
type Member struct {
	UserID purna.ID `json:"user_id"`
	Name   string   `json:"name"`
	Email  string   `json:"email"`
	Role   Role     `json:"role"`
}

// Membership is a user's role in a shop.
type Membership struct {
	ShopID purna.ID
	Role   Role
}

// Service signs people in and checks API keys.
type Service struct {
	store Store
	clock purna.Clock
}

// NewService returns a Service on store.
func NewService(store Store, clock purna.Clock) *Service {
	return &Service{store: store, clock: clock}
}

// CreateUser adds a person with a password to a shop. EINVALID, ECONFLICT.
func (s *Service) CreateUser(ctx context.Context, shopID purna.ID, email, name, password string, role Role) (*User, error) {
	var p purna.Problems
	e, err := purna.NormalizeEmail(email)
	if err != nil {
		p.Add("email", err.Error())
	}
	name = strings.TrimSpace(name)
	if name == "" {
		p.Add("name", "is required")
	}
	if err := ValidatePassword(password); err != nil {
		p.Add("password", err.Error())
	}
	if !ValidRole(role) {
		p.Add("role", "must be owner, admin or agent")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	u := &User{ID: purna.NewID(now), Email: e, Name: name, PasswordHash: hash, CreatedAt: now}
	if err := s.store.CreateUser(ctx, u); err != nil {
		return nil, err
	}
	if err := s.store.SetMembership(ctx, shopID, u.ID, role, now); err != nil {
		return nil, err
	}
	return u, nil
}

// Login checks email and password and opens a session in the user's first
// shop. It returns the session token to put in a cookie. EUNAUTHORIZED.
func (s *Service) Login(ctx context.Context, email, password string) (string, *Session, error) {
	bad := purna.Errorf(purna.EUNAUTHORIZED, "The email or password is not right.")
	e, err := purna.NormalizeEmail(email)
	if err != nil {
		return "", nil, bad
	}
	u, err := s.store.FindUserByEmail(ctx, e)
	if purna.ErrorCode(err) == purna.ENOTFOUND {
		// Spend the same time as a real check, so timing does not tell
		// which emails have accounts.
		CheckPassword(dummyHash(), password)
		return "", nil, bad
	} else if err != nil {
		return "", nil, err
	}
	if !CheckPassword(u.PasswordHash, password) {
		return "", nil, bad
	}
	ms, err := s.store.FindMemberships(ctx, u.ID)
	if err != nil {
		return "", nil, err
	}
	if len(ms) == 0 {
		return "", nil, purna.Errorf(purna.EFORBIDDEN, "This account is not part of any shop.")
	}
	now := s.clock.Now()
	token := NewSecret("ps_")
	exp := now.Add(SessionTTL)
	if err := s.store.CreateSession(ctx, HashToken(token), u.ID, ms[0].ShopID, exp, now); err != nil {
		return "", nil, err
	}
	return token, &Session{User: u, ShopID: ms[0].ShopID, Role: ms[0].Role, ExpiresAt: exp}, nil
}

// dummyHash is checked against for unknown emails; made on first use so
// that starting the binary does not pay for a hash.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("purna-timing-equaliser")
	return h
})

// Members returns the people who work in the shop, by name: who a case
// or a follow-up can be given to.
func (s *Service) Members(ctx context.Context, shopID purna.ID) ([]Member, error) {
	return s.store.FindMembers(ctx, shopID)
}

// Session returns the live session for a cookie's token. EUNAUTHORIZED.
func (s *Service) Session(ctx context.Context, token string) (*Session, error) {
	if token == "" {
		return nil, purna.Errorf(purna.EUNAUTHORIZED, "Please sign in.")
	}
	sess, err := s.store.FindSession(ctx, HashToken(token), s.clock.Now())
	if purna.ErrorCode(err) == purna.ENOTFOUND {
		return nil, purna.Errorf(purna.EUNAUTHORIZED, "Your session has ended. Please sign in again.")
	}
	return sess, err
}

// Logout ends the session with token.
func (s *Service) Logout(ctx context.Context, token string) error {
	return s.store.DeleteSession(ctx, HashToken(token))
}

// CreateAPIKey makes a key for shopID and returns it with the plain key,
// which is shown this once. EINVALID.
func (s *Service) CreateAPIKey(ctx context.Context, shopID purna.ID, name string) (*APIKey, string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		name = "API key"
	}
	if len(name) > 100 {
		return nil, "", &purna.Error{Code: purna.EINVALID, Message: "Some fields are not valid.",
			Fields: map[string]string{"name": "is longer than 100 characters"}}
	}
	now := s.clock.Now()
	plain := NewSecret("pk_")
	k := &APIKey{ID: purna.NewID(now), ShopID: shopID, Name: name, Prefix: plain[:7], CreatedAt: now}
	if err := s.store.CreateAPIKey(ctx, k, HashToken(plain)); err != nil {
		return nil, "", err
	}
	return k, plain, nil
}

// APIKey returns the key a bearer token names. EUNAUTHORIZED.
func (s *Service) APIKey(ctx context.Context, plain string) (*APIKey, error) {
	if !strings.HasPrefix(plain, "pk_") || len(plain) > 100 {
		return nil, purna.Errorf(purna.EUNAUTHORIZED, "The API key is not valid.")
	}
	k, err := s.store.FindAPIKey(ctx, HashToken(plain))
	if purna.ErrorCode(err) == purna.ENOTFOUND {
		return nil, purna.Errorf(purna.EUNAUTHORIZED, "The API key is not valid.")
	}
	return k, err
}
