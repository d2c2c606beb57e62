package portal

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"

	"github.com/purnajual/purna"
)

// trackingPurpose is mixed into every tracking signature. Unsubscribe
// tokens are signed with another purpose, so neither kind of token can be
// passed off as the other even though both use the installation's secret.
const trackingPurpose = "tracking:"

// TrackingToken signs (shop, order) for the link to an order's tracking
// page, which needs no login. The secret is the installation's (see
// sqlstore.Store.Secret); without it, no one can make a token for another
// order.
func TrackingToken(secret []byte, shopID, orderID purna.ID) string {
	payload := shopID + "." + orderID
	return base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + signTracking(secret, payload)
}

// ParseTrackingToken checks a token and returns the shop and order it
// names. EINVALID for anything not made by TrackingToken with secret.
func ParseTrackingToken(secret []byte, token string) (shopID, orderID purna.ID, err error) {
	bad := purna.Errorf(purna.EINVALID, "This tracking link is not valid.")
	p64, sig, ok := strings.Cut(token, ".")
	if !ok || len(token) > 300 {
		return "", "", bad
	}
	raw, derr := base64.RawURLEncoding.Strict().DecodeString(p64)
	if derr != nil || !hmac.Equal([]byte(sig), []byte(signTracking(secret, string(raw)))) {
		return "", "", bad
	}
	shopID, orderID, ok = strings.Cut(string(raw), ".")
	if !ok || !purna.ValidID(shopID) || !purna.ValidID(orderID) {
		return "", "", bad
	}
	return shopID, orderID, nil
}

func signTracking(secret []byte, payload string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(trackingPurpose + payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}
