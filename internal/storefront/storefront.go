package storefront

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"

	"github.com/purnajual/purna/internal/order"
)

// Sources, as they appear in order.Input.Source and customer.Input.Source.
const (
	SourceShopify     = "shopify"
	SourceWooCommerce = "woocommerce"
)

// Change is what one webhook asks Purna to record: either a whole order
// (Order), or a parcel of an order already known (ShipmentFor and
// Shipment). Exactly one of Order and Shipment is set.
type Change struct {
	// Source names the store: SourceShopify or SourceWooCommerce. It is the
	// source to look ShipmentFor up under.
	Source string
	// Order is an order's whole current state, for order webhooks.
	Order *order.Input
	// ShipmentFor is the order's ID in the source when Shipment is set.
	ShipmentFor string
	// Shipment is one parcel, for fulfillment webhooks.
	Shipment *order.ShipmentInput
}

// VerifyShopify reports whether hmacHeader, the X-Shopify-Hmac-Sha256
// header, is the base64 HMAC-SHA256 of the raw body under the app's secret.
// The comparison takes constant time. An empty secret or header never
// matches, so a shop with no secret configured accepts nothing.
func VerifyShopify(secret string, body []byte, hmacHeader string) bool {
	return verifyHMAC(secret, body, hmacHeader)
}

// VerifyWooCommerce reports whether signature, the X-WC-Webhook-Signature
// header, is the base64 HMAC-SHA256 of the raw body under the webhook's
// secret. It behaves as VerifyShopify.
func VerifyWooCommerce(secret string, body []byte, signature string) bool {
	return verifyHMAC(secret, body, signature)
}

func verifyHMAC(secret string, body []byte, header string) bool {
	if secret == "" {
		return false
	}
	got, err := base64.StdEncoding.DecodeString(strings.TrimSpace(header))
	if err != nil || len(got) != sha256.Size {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hmac.Equal(got, mac.Sum(nil))
}
