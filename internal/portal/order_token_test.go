package portal_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/portal"
)

func TestOrderToken(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	shopID, custID, orderID := purna.NewID(now), purna.NewID(now.Add(time.Second)), purna.NewID(now.Add(2*time.Second))
	tok := portal.OrderToken(secret, shopID, custID, orderID)
	s, c, o, err := portal.ParseOrderToken(secret, tok)
	if err != nil || s != shopID || c != custID || o != orderID {
		t.Fatalf("round trip: %v %s %s %s", err, s, c, o)
	}
	for _, tc := range []struct{ name, token string }{
		{"empty", ""},
		{"another secret", portal.OrderToken([]byte("another secret"), shopID, custID, orderID)},
		// A tracking token is signed for another purpose.
		{"a tracking token", portal.TrackingToken(secret, shopID, orderID)},
		{"cut", tok[:len(tok)-1]},
		{"no signature", tok[:len(tok)-25]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, _, _, err := portal.ParseOrderToken(secret, tc.token); purna.ErrorCode(err) != purna.EINVALID {
				t.Errorf("err = %v, want EINVALID", err)
			}
		})
	}
}

// TestTokensKeepTheirFormat: links already in customers' inboxes never
// expire, so the tokens are still exactly base64(payload) "." base64 of
// the first 18 bytes of HMAC-SHA256(secret, purpose + payload).
func TestTokensKeepTheirFormat(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	shopID, custID, orderID := purna.NewID(now), purna.NewID(now.Add(time.Second)), purna.NewID(now.Add(2*time.Second))
	old := func(purpose, payload string) string {
		m := hmac.New(sha256.New, secret)
		m.Write([]byte(purpose + payload))
		return base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
	}
	order := old("order:", shopID+"."+custID+"."+orderID)
	if got := portal.OrderToken(secret, shopID, custID, orderID); got != order {
		t.Errorf("OrderToken = %q, want the format of the links sent so far %q", got, order)
	}
	if s, c, o, err := portal.ParseOrderToken(secret, order); err != nil || s != shopID || c != custID || o != orderID {
		t.Errorf("an order link sent before does not parse: %v", err)
	}
	tracking := old("tracking:", shopID+"."+orderID)
	if got := portal.TrackingToken(secret, shopID, orderID); got != tracking {
		t.Errorf("TrackingToken = %q, want %q", got, tracking)
	}
	if s, o, err := portal.ParseTrackingToken(secret, tracking); err != nil || s != shopID || o != orderID {
		t.Errorf("a tracking link sent before does not parse: %v", err)
	}
}
