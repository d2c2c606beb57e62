package portal_test

import (
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/portal"
)

func TestTrackingToken(t *testing.T) {
	t.Parallel()
	secret := []byte("0123456789abcdef0123456789abcdef")
	now := time.Date(2026, 11, 2, 3, 4, 5, 0, time.UTC)
	shopID, orderID := purna.NewID(now), purna.NewID(now.Add(time.Second))
	good := portal.TrackingToken(secret, shopID, orderID)

	t.Run("RoundTrip", func(t *testing.T) {
		t.Parallel()
		gotShop, gotOrder, err := portal.ParseTrackingToken(secret, good)
		if err != nil {
			t.Fatal(err)
		}
		if gotShop != shopID || gotOrder != orderID {
			t.Errorf("parsed (%s, %s), want (%s, %s)", gotShop, gotOrder, shopID, orderID)
		}
	})

	t.Run("TrackingTokenIsNotAnUnsubscribeToken", func(t *testing.T) {
		t.Parallel()
		if _, _, _, err := customer.ParseUnsubscribeToken(secret, good); err == nil {
			t.Error("ParseUnsubscribeToken accepted a tracking token")
		}
	})

	payload, sig, _ := strings.Cut(good, ".")
	otherShop := portal.TrackingToken(secret, purna.NewID(now), orderID)
	otherPayload, _, _ := strings.Cut(otherShop, ".")
	tests := []struct {
		name  string
		token string
	}{
		{"Empty", ""},
		{"Garbage", "not-a-token"},
		{"NoSignature", payload},
		{"EmptySignature", payload + "."},
		{"FlippedSignature", payload + "." + strings.ToUpper(sig)},
		{"OtherShopsPayload", otherPayload + "." + sig},
		{"OtherSecret", portal.TrackingToken([]byte("another installation's secret!!"), shopID, orderID)},
		{"UnsubscribeToken", customer.UnsubscribeToken(secret, shopID, orderID, customer.Email)},
		{"TooLong", good + strings.Repeat("A", 300)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := portal.ParseTrackingToken(secret, tc.token)
			if purna.ErrorCode(err) != purna.EINVALID {
				t.Errorf("ParseTrackingToken(%q) err = %v, want EINVALID", tc.token, err)
			}
		})
	}
}

func FuzzParseTrackingToken(f *testing.F) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	now := time.Date(2026, 11, 2, 3, 4, 5, 0, time.UTC)
	f.Add(portal.TrackingToken(secret, purna.NewID(now), purna.NewID(now)))
	f.Add(customer.UnsubscribeToken(secret, purna.NewID(now), purna.NewID(now), customer.Email))
	f.Add("a.b")
	f.Fuzz(func(t *testing.T, token string) {
		shopID, orderID, err := portal.ParseTrackingToken(secret, token)
		if err != nil {
			return
		}
		// Whatever parses must be what TrackingToken makes for its IDs.
		if again := portal.TrackingToken(secret, shopID, orderID); again != token {
			t.Errorf("ParseTrackingToken accepted %q, which TrackingToken writes as %q", token, again)
		}
	})
}
