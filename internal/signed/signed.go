// Package signed makes the tamper-proof values Purna puts in links and
// cookies: an order's portal link, its tracking page, the portal session,
// a survey answer, a review form. A value carries its parts in the clear
// (base64) and an HMAC of them mixed with a purpose, so a value made for
// one purpose is refused for any other although all share the
// installation's secret. Purposes end in ":" so that no purpose is the
// start of another's payload. The format never changes: links in
// customers' inboxes do not expire.
package signed

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// maxLen bounds what Decode reads, so a crafted link costs nothing.
const maxLen = 600

// Encode signs parts for purpose. Parts must not contain ".".
func Encode(secret []byte, purpose string, parts ...string) string {
	payload := strings.Join(parts, ".")
	return base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + sign(secret, purpose, payload)
}

// Decode checks a value made by Encode with the same secret and purpose
// and returns its n parts; ok is false for anything else.
func Decode(secret []byte, purpose, value string, n int) (parts []string, ok bool) {
	p64, sig, found := strings.Cut(value, ".")
	if !found || len(value) > maxLen {
		return nil, false
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(p64)
	if err != nil || !hmac.Equal([]byte(sig), []byte(sign(secret, purpose, string(raw)))) {
		return nil, false
	}
	parts = strings.Split(string(raw), ".")
	if len(parts) != n {
		return nil, false
	}
	return parts, true
}

func sign(secret []byte, purpose, payload string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(purpose + payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}
