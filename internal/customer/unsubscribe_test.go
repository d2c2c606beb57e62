package customer

import (
	"testing"

	"github.com/purnajual/purna"
)

func TestUnsubscribeToken(t *testing.T) {
	t.Parallel()
	secret := []byte("0123456789abcdef0123456789abcdef")
	shopID, custID := purna.NewID(purna.SystemClock{}.Now()), purna.NewID(purna.SystemClock{}.Now())
	tok := UnsubscribeToken(secret, shopID, custID, Email)
	s, c, ch, err := ParseUnsubscribeToken(secret, tok)
	if err != nil || s != shopID || c != custID || ch != Email {
		t.Fatalf("round trip: %s %s %s %v", s, c, ch, err)
	}
	other := UnsubscribeToken(secret, shopID, purna.NewID(purna.SystemClock{}.Now()), Email)
	tests := map[string]string{
		"OtherSecret":      UnsubscribeToken([]byte("another secret, another install"), shopID, custID, Email),
		"SwappedSignature": tok[:len(tok)-24] + other[len(other)-24:],
		"NoSignature":      tok[:len(tok)-25],
		"Empty":            "",
		"Garbage":          "!!!.???",
		"PayloadOfAnother": other[:len(other)-25] + tok[len(tok)-25:],
	}
	for name, bad := range tests {
		if _, _, _, err := ParseUnsubscribeToken(secret, bad); purna.ErrorCode(err) != purna.EINVALID {
			t.Errorf("%s: err = %v, want EINVALID", name, err)
		}
	}
}
