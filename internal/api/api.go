// Package api is Purna's JSON API under /api/v1: what a shop's own systems,
// storefront webhooks and the load generator call. Every route is listed once
// in routes(), which registers the handler and describes it for the OpenAPI
// document, so the document cannot drift from the handlers.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/auth"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/followup"
	"github.com/purnajual/purna/internal/http/request"
	"github.com/purnajual/purna/internal/http/response"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/review"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/survey"
	"github.com/purnajual/purna/internal/webhook"
)

// ShopStore is what the API needs to know about shops and storefronts.
type ShopStore interface {
	FindShopByID(ctx context.Context, id purna.ID) (*shop.Shop, error)
	UpdateShop(ctx context.Context, sh *shop.Shop) error
	FindStorefrontByID(ctx context.Context, id purna.ID) (*shop.Storefront, error)
	FindStorefronts(ctx context.Context, shopID purna.ID) ([]*shop.Storefront, error)
	CreateStorefront(ctx context.Context, f *shop.Storefront) error
}

// Config holds the API's collaborators.
type Config struct {
	Auth         *auth.Service
	Orders       *order.Service
	Customers    *customer.Service
	Products     *product.Service
	Journeys     *journey.Service
	Webhooks     *webhook.Service // outbound endpoints; nil answers their routes with 404
	Cases        *cases.Service   // service cases and the shop's policy; nil answers their routes with 404
	Surveys      *survey.Service  // survey answers and results; nil answers their routes with 404
	FollowUps    *followup.Service
	Reviews      *review.Service
	Shops        ShopStore
	Store        *sqlstore.Store // idempotency keys
	Clock        purna.Clock
	Logger       *slog.Logger
	MaxBodyBytes int64
	// OnOrder is called after each order ingested through the API or a
	// webhook, for metrics.
	OnOrder func(source string, created bool)
}

// Server serves the JSON API.
type Server struct {
	Config
	routes []route
}

// New returns a Server.
func New(cfg Config) *Server {
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.Clock == nil {
		cfg.Clock = purna.SystemClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.OnOrder == nil {
		cfg.OnOrder = func(string, bool) {}
	}
	s := &Server{Config: cfg}
	s.routes = s.routeTable()
	return s
}

// Register adds every API route to mux.
func (s *Server) Register(mux *http.ServeMux) {
	for _, rt := range s.routes {
		h := http.Handler(rt.handler)
		switch rt.auth {
		case authKey:
			h = s.requireKey(h)
		}
		if rt.method == http.MethodPost || rt.method == http.MethodPatch {
			h = s.limitBody(h)
		}
		mux.Handle(rt.method+" "+rt.path, h)
	}
	mux.HandleFunc("/api/v1/", func(w http.ResponseWriter, r *http.Request) {
		response.Error(w, r, purna.Errorf(purna.ENOTFOUND, "No API route matches %s %s.", r.Method, r.URL.Path))
	})
}

// requireKey authenticates "Authorization: Bearer pk_…" and puts the key's
// shop in the request context.
func (s *Server) requireKey(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || token == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="purna"`)
			response.Error(w, r, purna.Errorf(purna.EUNAUTHORIZED, "Send an API key as \"Authorization: Bearer pk_…\"."))
			return
		}
		key, err := s.Auth.APIKey(r.Context(), strings.TrimSpace(token))
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="purna", error="invalid_token"`)
			response.Error(w, r, err)
			return
		}
		sh, err := s.Shops.FindShopByID(r.Context(), key.ShopID)
		if err != nil {
			response.Error(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(request.WithShop(r.Context(), sh)))
	})
}

func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, s.MaxBodyBytes)
		next.ServeHTTP(w, r)
	})
}

func (s *Server) now() time.Time { return s.Clock.Now() }
