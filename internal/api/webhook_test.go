package api_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"os"
	"testing"

	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/storetest"
)

func sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../storefront/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestWebhooks(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		t.Run("Shopify", func(t *testing.T) {
			b := setup(t, d)
			var sf struct {
				WebhookURL    string `json:"webhook_url"`
				WebhookSecret string `json:"webhook_secret"`
			}
			r := b.do(t, "POST", "/api/v1/storefronts", b.key, `{"kind":"shopify","name":"Toko di Shopify"}`)
			if r.status != http.StatusCreated {
				t.Fatalf("storefront: %d %s", r.status, r.body)
			}
			r.decode(t, &sf)

			created := fixture(t, "shopify_orders_create.json")
			post := func(topic string, body []byte, sig string) reply {
				return b.do(t, "POST", sf.WebhookURL, "", body, "X-Shopify-Topic", topic, "X-Shopify-Hmac-Sha256", sig)
			}
			var res struct {
				Status  string `json:"status"`
				OrderID string `json:"order_id"`
			}
			for i, want := range []string{"recorded", "unchanged"} {
				r := post("orders/create", created, sign(sf.WebhookSecret, created))
				if r.status != 200 {
					t.Fatalf("delivery %d: %d %s", i, r.status, r.body)
				}
				r.decode(t, &res)
				if res.Status != want {
					t.Errorf("delivery %d: status %q, want %q", i, res.Status, want)
				}
			}
			events := count(t, d, `SELECT COUNT(*) FROM events WHERE shop_id = $1`, b.shop.ID)

			if r := post("orders/create", created, sign("wrong-secret", created)); r.status != http.StatusUnauthorized {
				t.Errorf("bad signature: %d", r.status)
			}
			if r := post("orders/create", append([]byte(" "), created...), sign(sf.WebhookSecret, created)); r.status != http.StatusUnauthorized {
				t.Errorf("tampered body: %d", r.status)
			}
			if r := b.do(t, "POST", "/api/v1/webhooks/woocommerce/"+sf.WebhookURL[len("/api/v1/webhooks/shopify/"):], "", created); r.status != 404 {
				t.Errorf("shopify storefront on the woocommerce URL: %d", r.status)
			}

			ful := fixture(t, "shopify_fulfillments_create.json")
			for range 2 {
				if r := post("fulfillments/create", ful, sign(sf.WebhookSecret, ful)); r.status != 200 {
					t.Fatalf("fulfillment: %d %s", r.status, r.body)
				}
			}
			var o order.Order
			b.do(t, "GET", "/api/v1/orders/"+res.OrderID, b.key, nil).decode(t, &o)
			if len(o.Shipments) != 1 || o.FulfilledAt == nil {
				t.Errorf("after fulfillment: %d shipments, fulfilled_at %v", len(o.Shipments), o.FulfilledAt)
			}
			if n := count(t, d, `SELECT COUNT(*) FROM events WHERE shop_id = $1 AND type = 'shipment.shipped'`, b.shop.ID); n != 1 {
				t.Errorf("shipment.shipped events = %d (before: %d events)", n, events)
			}
			if n := count(t, d, `SELECT COUNT(*) FROM orders WHERE shop_id = $1`, b.shop.ID); n != 1 {
				t.Errorf("orders = %d", n)
			}
		})

		t.Run("WooCommerce", func(t *testing.T) {
			b := setup(t, d)
			var sf struct {
				WebhookURL    string `json:"webhook_url"`
				WebhookSecret string `json:"webhook_secret"`
			}
			b.do(t, "POST", "/api/v1/storefronts", b.key, `{"kind":"woocommerce","name":"Woo"}`).decode(t, &sf)
			post := func(topic string, body []byte) reply {
				return b.do(t, "POST", sf.WebhookURL, "", body, "X-WC-Webhook-Topic", topic, "X-WC-Webhook-Signature", sign(sf.WebhookSecret, body))
			}
			if r := post("", []byte("webhook_id=12")); r.status != 200 {
				t.Errorf("ping: %d %s", r.status, r.body)
			}
			for _, name := range []string{"woocommerce_order_created.json", "woocommerce_order_created.json", "woocommerce_order_updated.json"} {
				if r := post("order.updated", fixture(t, name)); r.status != 200 {
					t.Fatalf("%s: %d %s", name, r.status, r.body)
				}
			}
			if n := count(t, d, `SELECT COUNT(*) FROM orders WHERE shop_id = $1 AND source = 'woocommerce'`, b.shop.ID); n != 1 {
				t.Errorf("orders = %d", n)
			}
			if n := count(t, d, `SELECT COUNT(*) FROM events WHERE shop_id = $1 AND type = 'order.placed'`, b.shop.ID); n != 1 {
				t.Errorf("order.placed events = %d", n)
			}
		})
	})
}
