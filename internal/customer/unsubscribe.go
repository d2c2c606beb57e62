package customer

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/timeline"
)

// UnsubscribeToken signs (shop, customer, channel) for a one-click
// unsubscribe link that needs no login. The secret is the installation's
// (see sqlstore.Store.Secret); a token cannot be made for another customer
// without it.
func UnsubscribeToken(secret []byte, shopID, customerID purna.ID, ch Channel) string {
	payload := shopID + "." + customerID + "." + string(ch)
	return base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + sign(secret, payload)
}

// ParseUnsubscribeToken checks a token and returns what it names.
// EINVALID for anything not made by UnsubscribeToken with secret.
func ParseUnsubscribeToken(secret []byte, token string) (shopID, customerID purna.ID, ch Channel, err error) {
	bad := purna.Errorf(purna.EINVALID, "This unsubscribe link is not valid.")
	p64, sig, ok := strings.Cut(token, ".")
	if !ok || len(token) > 300 {
		return "", "", "", bad
	}
	raw, derr := base64.RawURLEncoding.DecodeString(p64)
	if derr != nil || !hmac.Equal([]byte(sig), []byte(sign(secret, string(raw)))) {
		return "", "", "", bad
	}
	parts := strings.Split(string(raw), ".")
	if len(parts) != 3 || !purna.ValidID(parts[0]) || !purna.ValidID(parts[1]) {
		return "", "", "", bad
	}
	return parts[0], parts[1], Channel(parts[2]), nil
}

func sign(secret []byte, payload string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("unsubscribe:" + payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// Unsubscribe withdraws the customer's marketing consent on ch, records it
// on the timeline, and returns the customer. Doing it twice changes nothing
// the second time. ENOTFOUND.
func (s *Service) Unsubscribe(ctx context.Context, shopID, customerID purna.ID, ch Channel, source string) (*Customer, error) {
	if ch != Email && ch != SMS && ch != WhatsApp {
		return nil, purna.Errorf(purna.EINVALID, "Unknown channel %q.", ch)
	}
	now := s.clock.Now()
	var c *Customer
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if c, err = s.store.FindCustomerByID(ctx, shopID, customerID); err != nil {
			return err
		}
		for _, x := range c.Consents {
			if x.Channel == ch && !x.Granted {
				return nil // already out
			}
		}
		cons := Consent{Channel: ch, Granted: false, Source: source, UpdatedAt: now}
		if err := tx.SaveConsent(ctx, shopID, customerID, cons); err != nil {
			return err
		}
		data, _ := json.Marshal(cons)
		id := purna.NewID(now)
		_, err = tx.AppendEvents(ctx, []timeline.Event{{ID: id, ShopID: shopID, CustomerID: &customerID,
			Type: timeline.ConsentChanged, OccurredAt: now, Data: data, DedupeKey: "consent.changed:" + id}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}
