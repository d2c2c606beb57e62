package portal

import (
	"strconv"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/signed"
)

// Each kind of signed value mixes its own purpose into the signature, so
// that a tracking token, an order token and a session cookie cannot be
// passed off as one another although all use the installation's secret.
const (
	orderPurpose   = "order:"
	sessionPurpose = "portal-session:"
)

// OrderToken signs (shop, customer, order) for the link to an order's
// after-sales page, /p/{token}, which any message to the customer may carry.
// Opening it signs the browser in as that customer for a while (see
// sessionTTL). The token does not expire: the message it came in stays in
// the customer's inbox.
func OrderToken(secret []byte, shopID, customerID, orderID purna.ID) string {
	return signed.Encode(secret, orderPurpose, shopID, customerID, orderID)
}

// ParseOrderToken checks a token made by OrderToken with secret and
// returns what it names. EINVALID for anything else.
func ParseOrderToken(secret []byte, token string) (shopID, customerID, orderID purna.ID, err error) {
	parts, ok := signed.Decode(secret, orderPurpose, token, 3)
	if !ok || !purna.ValidID(parts[0]) || !purna.ValidID(parts[1]) || !purna.ValidID(parts[2]) {
		return "", "", "", purna.Errorf(purna.EINVALID, "This link is not valid.")
	}
	return parts[0], parts[1], parts[2], nil
}

// session is who a portal browser is signed in as: one customer of one
// shop, until Expires.
type session struct {
	ShopID, CustomerID purna.ID
	Expires            time.Time
}

// sessionTTL is how long a signed link or a lookup keeps the browser
// signed in: long enough to photograph an item and fill in a form, short
// enough that a shared phone does not stay signed in for days.
const sessionTTL = 2 * time.Hour

// sessionCookie is the name of the portal's cookie. It is scoped to /p.
const sessionCookie = "purna_portal"

func encodeSession(secret []byte, s session) string {
	return signed.Encode(secret, sessionPurpose, s.ShopID, s.CustomerID, strconv.FormatInt(s.Expires.Unix(), 10))
}

// parseSession checks a session cookie's value and that it has not
// expired at now.
func parseSession(secret []byte, value string, now time.Time) (session, bool) {
	parts, ok := signed.Decode(secret, sessionPurpose, value, 3)
	if !ok {
		return session{}, false
	}
	exp, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || !now.Before(time.Unix(exp, 0)) {
		return session{}, false
	}
	if !purna.ValidID(parts[0]) || !purna.ValidID(parts[1]) {
		return session{}, false
	}
	return session{ShopID: parts[0], CustomerID: parts[1], Expires: time.Unix(exp, 0).UTC()}, true
}
