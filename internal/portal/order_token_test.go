package portal_test

import (
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
