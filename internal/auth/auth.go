// Package auth is who may do what: the shop's people (owners, admins and
// agents) with their passwords and sessions, and the API keys a shop's
// systems call Purna with. Secrets are stored hashed: passwords with
// argon2id, session tokens and API keys with SHA-256 (they are long random
// strings, so a slow hash adds nothing).
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/purnajual/purna"
)

// Role is what a person may do in a shop.
type Role string

// The roles, from most to least powerful.
const (
	Owner Role = "owner"
	Admin Role = "admin"
	Agent Role = "agent"
)

// ValidRole reports whether r is a role.
func ValidRole(r Role) bool { return r == Owner || r == Admin || r == Agent }

// User is a person who works in one or more shops.
type User struct {
	ID           purna.ID  `json:"id"`
	Email        string    `json:"email"`
	Name         string    `json:"name"`
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
}

// Session is a signed-in user working in one shop.
type Session struct {
	User      *User
	ShopID    purna.ID
	Role      Role
	ExpiresAt time.Time
}

// APIKey lets a shop's own systems call the API. The key itself is shown
// once, when it is made.
type APIKey struct {
	ID        purna.ID   `json:"id"`
	ShopID    purna.ID   `json:"-"`
	Name      string     `json:"name"`
	Prefix    string     `json:"prefix"`
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// argon2id parameters: RFC 9106's second recommended set, about 30 ms here.
const (
	argonTime    = 2
	argonMemory  = 64 * 1024
	argonThreads = 2
	argonKeyLen  = 32
)

// hashSlots bounds concurrent hashing: each takes 64 MiB, so a flood of
// logins cannot exhaust memory.
var hashSlots = make(chan struct{}, 4)

// HashPassword returns pw's argon2id hash in PHC string form.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	hashSlots <- struct{}{}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	<-hashSlots
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches hash.
func CheckPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || m > 1<<20 || t > 10 {
		return false
	}
	hashSlots <- struct{}{}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	<-hashSlots
	return subtle.ConstantTimeCompare(got, want) == 1
}

// ValidatePassword checks a new password.
func ValidatePassword(pw string) error {
	if len(pw) < 10 {
		return errors.New("must be at least 10 characters")
	}
	if len(pw) > 200 {
		return errors.New("must be at most 200 characters")
	}
	return nil
}

// NewSecret returns a random token with prefix, such as "pk_…" for API keys.
func NewSecret(prefix string) string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported systems
	}
	return prefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

// HashToken returns the SHA-256 of a token, as stored.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
