package portal

import (
	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/signed"
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
	return signed.Encode(secret, trackingPurpose, shopID, orderID)
}

// ParseTrackingToken checks a token and returns the shop and order it
// names. EINVALID for anything not made by TrackingToken with secret.
func ParseTrackingToken(secret []byte, token string) (shopID, orderID purna.ID, err error) {
	p, ok := signed.Decode(secret, trackingPurpose, token, 2)
	if !ok || !purna.ValidID(p[0]) || !purna.ValidID(p[1]) {
		return "", "", purna.Errorf(purna.EINVALID, "This tracking link is not valid.")
	}
	return p[0], p[1], nil
}
