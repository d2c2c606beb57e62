package api

import (
	"io"
	"net/http"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/http/request"
	"github.com/purnajual/purna/internal/http/response"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/storefront"
)

// WebhookResult tells a store what its delivery did.
type WebhookResult struct {
	// Status is "recorded" when something new was stored, "unchanged" for a
	// re-delivery, "ignored" for a ping or a topic Purna does not use.
	Status  string    `json:"status"`
	OrderID *purna.ID `json:"order_id,omitempty"`
}

// handleShopifyWebhook handles "POST /api/v1/webhooks/shopify/{storefront_id}".
func (s *Server) handleShopifyWebhook(w http.ResponseWriter, r *http.Request) {
	s.webhook(w, r, "shopify", func(f *shop.Storefront, body []byte) (*storefront.Change, error) {
		if !storefront.VerifyShopify(f.WebhookSecret, body, r.Header.Get("X-Shopify-Hmac-Sha256")) {
			return nil, purna.Errorf(purna.EUNAUTHORIZED, "The X-Shopify-Hmac-Sha256 signature does not match.")
		}
		return storefront.ParseShopify(r.Header.Get("X-Shopify-Topic"), body)
	})
}

// handleWooCommerceWebhook handles "POST /api/v1/webhooks/woocommerce/{storefront_id}".
func (s *Server) handleWooCommerceWebhook(w http.ResponseWriter, r *http.Request) {
	s.webhook(w, r, "woocommerce", func(f *shop.Storefront, body []byte) (*storefront.Change, error) {
		if !storefront.VerifyWooCommerce(f.WebhookSecret, body, r.Header.Get("X-WC-Webhook-Signature")) {
			return nil, purna.Errorf(purna.EUNAUTHORIZED, "The X-WC-Webhook-Signature signature does not match.")
		}
		return storefront.ParseWooCommerce(r.Header.Get("X-WC-Webhook-Topic"), body)
	})
}

// webhook verifies and parses a storefront delivery, then records it through
// the same order service as the API. A re-delivery answers 200 "unchanged",
// so the store stops retrying.
func (s *Server) webhook(w http.ResponseWriter, r *http.Request, kind string,
	parse func(*shop.Storefront, []byte) (*storefront.Change, error)) {
	f, err := s.Shops.FindStorefrontByID(r.Context(), r.PathValue("storefront_id"))
	if err != nil || f.Kind != kind {
		response.Error(w, r, purna.Errorf(purna.ENOTFOUND, "No %s storefront has this webhook URL.", kind))
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		response.Error(w, r, request.Decode(errReader{err}, nil))
		return
	}
	ch, err := parse(f, body)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	if ch == nil {
		response.JSON(w, r, http.StatusOK, WebhookResult{Status: "ignored"})
		return
	}
	sh, err := s.Shops.FindShopByID(r.Context(), f.ShopID)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	var res *order.Result
	if ch.Order != nil {
		res, err = s.Orders.Ingest(r.Context(), sh, *ch.Order)
	} else {
		res, err = s.Orders.AddShipmentByRef(r.Context(), sh, ch.Source, ch.ShipmentFor, *ch.Shipment)
	}
	if err != nil {
		response.Error(w, r, err)
		return
	}
	s.OnOrder(kind, res.Created)
	out := WebhookResult{Status: "unchanged", OrderID: &res.Order.ID}
	if res.Changed {
		out.Status = "recorded"
	}
	response.JSON(w, r, http.StatusOK, out)
}
