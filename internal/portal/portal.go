// Package portal is what a shop's customers see of Purna without signing
// in: the branded tracking page every shipping message links to, the
// one-click unsubscribe page behind every marketing message, and the
// after-sales pages (/p) where a customer sees what each item of an order
// allows today and asks for a return, registers a warranty, accepts a
// repair quote, books a service and follows their cases. Links carry a
// signed token instead of a login. Pages are on the shop's brand and in the
// customer's language, and work on a phone without JavaScript.
package portal

import (
	"context"
	"embed"
	"html/template"
	"log/slog"
	"net/http"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/review"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/upload"
)

//go:embed unsubscribe.html
var files embed.FS

var page = template.Must(template.New("unsubscribe.html").ParseFS(files, "unsubscribe.html"))

// ShopFinder loads shops; sqlstore.Shops implements it.
type ShopFinder interface {
	FindShopByID(ctx context.Context, id purna.ID) (*shop.Shop, error)
}

// Server serves the customer-facing pages.
type Server struct {
	Customers *customer.Service
	Shops     ShopFinder
	Orders    OrderFinder
	Clock     purna.Clock // nil is the wall clock
	Secret    []byte
	Logger    *slog.Logger
	// BaseURL is this server's public URL, for the absolute links of the
	// review feed.
	BaseURL string

	// Cases runs the after-sales pages (/p); without it they are not
	// served. Every call is made as cases.Customer(id) of the signed-in
	// customer, so the service itself refuses other customers' orders and
	// cases.
	Cases *cases.Service
	// Products lists the shop's products for registering an item bought
	// elsewhere (/p/products); without it that page is not served.
	Products ProductFinder
	// Uploads keeps the customers' photos and proofs of purchase.
	Uploads upload.Store
	// UploadLimits bound each form's files; zero fields are upload's
	// defaults. Photos only for returns and claims; proofs may be PDFs.
	UploadLimits upload.Limits
	// SecureCookies marks the portal's cookie Secure (behind https).
	SecureCookies bool
	// ClientIPFunc returns the client's address for the lookup's rate
	// limit; nil uses the connection's. Behind a reverse proxy, read the
	// address the proxy passes on, or every customer shares one limit.
	ClientIPFunc func(*http.Request) string

	// Surveys serves the survey pages (/s) that survey messages link to;
	// without it they are not served.
	Surveys SurveyService
	// Reviews serves the review form (/r) that review requests link to,
	// and the shop's published reviews for its store (/w); without it
	// they are not served. The form needs Products too.
	Reviews *review.Service

	lookups *limiter // per client IP and per shop and order number
	reviews *limiter // review submissions per client IP
}

// Register adds the routes to mux.
func (s *Server) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /u/{token}", s.handleUnsubscribe)
	// RFC 8058: mail clients POST "List-Unsubscribe=One-Click" here, with no
	// cookies and no page; people get here by the button on the GET page.
	mux.HandleFunc("POST /u/{token}", s.handleUnsubscribe)
	mux.HandleFunc("GET /t/{token}", s.handleTracking)
	if s.Surveys != nil {
		// One link per score answers with one click; the page asks why.
		mux.HandleFunc("GET /s/{token}", s.handleSurvey)
		mux.HandleFunc("GET /s/{token}/{score}", s.handleSurvey)
		mux.HandleFunc("POST /s/{token}", s.handleSurvey)
	}
	if s.Reviews != nil {
		s.reviews = newLimiter(reviewTries, lookupWindow)
		if s.Products != nil {
			mux.HandleFunc("GET /r/{token}", s.handleReview)
			mux.HandleFunc("POST /r/{token}", s.handleReview)
		}
		s.registerWidget(mux)
	}
	if s.Cases == nil {
		return
	}
	s.lookups = newLimiter(lookupTries, lookupWindow)
	// After-sales: a signed link or a lookup signs the browser in as one
	// customer (a cookie on /p); every other page needs that cookie.
	mux.HandleFunc("GET /p/{token}", s.handleOrderLink)
	mux.HandleFunc("GET /p", s.handleLookup)
	mux.HandleFunc("POST /p", s.handleLookup)
	mux.HandleFunc("GET /p/orders/{id}", s.handleOrder)
	mux.HandleFunc("GET /p/orders/{id}/return", s.handleReturn)
	mux.HandleFunc("POST /p/orders/{id}/return", s.handleReturn)
	mux.HandleFunc("POST /p/orders/{id}/lines/{line}/register", s.handleRegister)
	mux.HandleFunc("GET /p/orders/{id}/lines/{line}/service", s.handleBooking)
	mux.HandleFunc("POST /p/orders/{id}/lines/{line}/service", s.handleBooking)
	mux.HandleFunc("GET /p/orders/{id}/lines/{line}/claim", s.handleClaim)
	mux.HandleFunc("POST /p/orders/{id}/lines/{line}/claim", s.handleClaim)
	if s.Products != nil {
		mux.HandleFunc("GET /p/products", s.handleElsewhere)
		mux.HandleFunc("POST /p/products", s.handleElsewhere)
	}
	mux.HandleFunc("GET /p/items/{reg}/claim", s.handleItemClaim)
	mux.HandleFunc("POST /p/items/{reg}/claim", s.handleItemClaim)
	mux.HandleFunc("GET /p/cases/{id}", s.handleCase)
	mux.HandleFunc("POST /p/cases/{id}/quote", s.handleQuote)
	mux.HandleFunc("GET /p/cases/{id}/files/{blob}", s.handleCaseFile)
}

type view struct {
	Lang, Title, Body, Button, Color string
	Shop                             string
	Done                             bool
}

// handleUnsubscribe handles "GET /u/{token}" and "POST /u/{token}".
func (s *Server) handleUnsubscribe(w http.ResponseWriter, r *http.Request) {
	shopID, custID, ch, err := customer.ParseUnsubscribeToken(s.Secret, r.PathValue("token"))
	if err != nil {
		s.fail(w, r, http.StatusNotFound, i18n.Match(r.Header.Get("Accept-Language"), "id"))
		return
	}
	sh, err := s.Shops.FindShopByID(r.Context(), shopID)
	if err != nil {
		s.fail(w, r, http.StatusNotFound, i18n.Match(r.Header.Get("Accept-Language"), "id"))
		return
	}
	c, err := s.Customers.FindByID(r.Context(), shopID, custID)
	if err != nil {
		s.fail(w, r, http.StatusNotFound, sh.Locale)
		return
	}
	lang := c.Locale
	if !purna.ValidLocale(lang) {
		lang = sh.Locale
	}
	done := r.Method == http.MethodPost
	for _, x := range c.Consents {
		done = done || x.Channel == ch && !x.Granted
	}
	if r.Method == http.MethodPost {
		if _, err := s.Customers.Unsubscribe(r.Context(), shopID, custID, ch, "unsubscribe_link"); err != nil {
			s.Logger.Error("unsubscribe", "err", err)
			s.fail(w, r, http.StatusInternalServerError, lang)
			return
		}
	}
	v := view{Lang: lang, Shop: sh.Name, Color: sh.Brand.Color, Done: done}
	if v.Color == "" {
		v.Color = "#0f766e"
	}
	if done {
		v.Title = i18n.T(lang, "unsub.done_title")
		v.Body = i18n.T(lang, "unsub.done_body", "shop", sh.Name)
	} else {
		v.Title = i18n.T(lang, "unsub.title", "shop", sh.Name)
		v.Body = i18n.T(lang, "unsub.body", "shop", sh.Name)
		v.Button = i18n.T(lang, "unsub.button")
	}
	s.render(w, http.StatusOK, v)
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, lang string) {
	s.render(w, status, view{Lang: lang, Color: "#0f766e", Done: true,
		Title: i18n.T(lang, "unsub.invalid_title"), Body: i18n.T(lang, "unsub.invalid_body")})
}

func (s *Server) render(w http.ResponseWriter, status int, v view) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	if err := page.Execute(w, v); err != nil {
		s.Logger.Error("render unsubscribe page", "err", err)
	}
}
