package api

import (
	"net/http"
	"strings"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/auth"
	"github.com/purnajual/purna/internal/http/request"
	"github.com/purnajual/purna/internal/http/response"
	"github.com/purnajual/purna/internal/shop"
)

// handleShopGet handles "GET /api/v1/shop".
func (s *Server) handleShopGet(w http.ResponseWriter, r *http.Request) {
	response.JSON(w, r, http.StatusOK, request.Shop(r))
}

// handleShopUpdate handles "PATCH /api/v1/shop".
func (s *Server) handleShopUpdate(w http.ResponseWriter, r *http.Request) {
	var u shop.Update
	if err := request.DecodeJSON(r, &u); err != nil {
		response.Error(w, r, err)
		return
	}
	sh, err := request.Shop(r).Apply(u, s.now())
	if err != nil {
		response.Error(w, r, err)
		return
	}
	if err := s.Shops.UpdateShop(r.Context(), sh); err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, sh)
}

// StorefrontInput connects a store or marketplace.
type StorefrontInput struct {
	Kind string `json:"kind"` // shopify or woocommerce
	Name string `json:"name"`
}

// StorefrontCreated is a new storefront with what to paste into the
// store's webhook settings. The secret is shown only here.
type StorefrontCreated struct {
	shop.Storefront
	WebhookURL    string `json:"webhook_url"`
	WebhookSecret string `json:"webhook_secret"`
}

// handleStorefrontCreate handles "POST /api/v1/storefronts".
func (s *Server) handleStorefrontCreate(w http.ResponseWriter, r *http.Request) {
	var in StorefrontInput
	if err := request.DecodeJSON(r, &in); err != nil {
		response.Error(w, r, err)
		return
	}
	var p purna.Problems
	if in.Kind != "shopify" && in.Kind != "woocommerce" {
		p.Add("kind", "must be shopify or woocommerce")
	}
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" {
		p.Add("name", "is required")
	} else if len(in.Name) > 100 {
		p.Add("name", "is longer than 100 characters")
	}
	if err := p.Err(); err != nil {
		response.Error(w, r, err)
		return
	}
	now := s.now()
	f := &shop.Storefront{ID: purna.NewID(now), ShopID: request.Shop(r).ID, Kind: in.Kind, Name: in.Name,
		WebhookSecret: auth.NewSecret("whsec_"), CreatedAt: now}
	if err := s.Shops.CreateStorefront(r.Context(), f); err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusCreated, StorefrontCreated{Storefront: *f,
		WebhookURL: "/api/v1/webhooks/" + f.Kind + "/" + f.ID, WebhookSecret: f.WebhookSecret})
}

// handleStorefrontList handles "GET /api/v1/storefronts".
func (s *Server) handleStorefrontList(w http.ResponseWriter, r *http.Request) {
	fs, err := s.Shops.FindStorefronts(r.Context(), request.Shop(r).ID)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	if fs == nil {
		fs = []*shop.Storefront{}
	}
	response.JSON(w, r, http.StatusOK, fs)
}

// handleMemberList handles "GET /api/v1/members": the people who work in
// the shop, whom cases can be assigned to.
func (s *Server) handleMemberList(w http.ResponseWriter, r *http.Request) {
	ms, err := s.Auth.Members(r.Context(), request.Shop(r).ID)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, ms)
}
