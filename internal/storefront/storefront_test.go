package storefront

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/purnajual/purna"
)

// MustReadFixture returns testdata/name.
func MustReadFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// at parses an RFC 3339 time for expectations, in UTC.
func at(s string) *time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	t = t.UTC()
	return &t
}

func ptr[T any](v T) *T { return &v }

// assertChange fails t when got is not want, showing both as JSON.
func assertChange(t *testing.T, got, want *Change) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		w, _ := json.MarshalIndent(want, "", "  ")
		t.Errorf("change differs\ngot:  %s\nwant: %s", g, w)
	}
}

// assertInvalid fails t unless err is an EINVALID *purna.Error naming field.
func assertInvalid(t *testing.T, err error, field string) {
	t.Helper()
	var e *purna.Error
	if !errors.As(err, &e) || e.Code != purna.EINVALID {
		t.Fatalf("err = %v, want an EINVALID *purna.Error", err)
	}
	if _, ok := e.Fields[field]; !ok {
		t.Errorf("fields = %v, want a problem with %q", e.Fields, field)
	}
}

func sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

func TestVerify(t *testing.T) {
	t.Parallel()
	body := MustReadFixture(t, "shopify_orders_create.json")
	const secret = "hush-8f3a"
	good := sign(secret, body)
	tampered := append([]byte{}, body...)
	tampered[len(tampered)/2] ^= 1

	tests := []struct {
		name   string
		secret string
		body   []byte
		header string
		want   bool
	}{
		{"correct signature", secret, body, good, true},
		{"header with surrounding space", secret, body, " " + good + "\n", true},
		{"tampered body", secret, tampered, good, false},
		{"wrong secret", "other", body, good, false},
		{"empty header", secret, body, "", false},
		{"empty secret", "", body, sign("", body), false},
		{"not base64", secret, body, "not*base64!", false},
		{"truncated MAC", secret, body, good[:20], false},
		{"hex instead of base64", secret, body, "3f2a", false},
		{"empty body signed", secret, nil, sign(secret, nil), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := VerifyShopify(tc.secret, tc.body, tc.header); got != tc.want {
				t.Errorf("VerifyShopify = %v, want %v", got, tc.want)
			}
			if got := VerifyWooCommerce(tc.secret, tc.body, tc.header); got != tc.want {
				t.Errorf("VerifyWooCommerce = %v, want %v", got, tc.want)
			}
		})
	}
}

// checkChange asserts the fuzz properties shared by both parsers.
func checkChange(t *testing.T, source string, ch *Change, err error) {
	t.Helper()
	if err != nil {
		if purna.ErrorCode(err) != purna.EINVALID {
			t.Fatalf("err = %v, want EINVALID", err)
		}
		if ch != nil {
			t.Fatalf("change %+v returned with error %v", ch, err)
		}
		return
	}
	if ch == nil {
		return
	}
	if (ch.Order == nil) == (ch.Shipment == nil) {
		t.Fatalf("change has order %v and shipment %v; want exactly one", ch.Order != nil, ch.Shipment != nil)
	}
	if ch.Source != source {
		t.Fatalf("source = %q, want %q", ch.Source, source)
	}
	if ch.Order != nil {
		if ch.Order.Source != source || ch.Order.ExternalID == "" {
			t.Fatalf("order source %q, external ID %q", ch.Order.Source, ch.Order.ExternalID)
		}
		// What a store sends must not panic the checks that follow either.
		_ = ch.Order.Normalize("ID", time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	}
	if ch.Shipment != nil && ch.ShipmentFor == "" {
		t.Fatal("shipment without the order it belongs to")
	}
}
