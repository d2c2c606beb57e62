// Package portal is what a shop's customers see of Purna without signing
// in: the branded tracking page every shipping message links to, and the
// one-click unsubscribe page behind every marketing message. Links carry a
// signed token instead of a login. Pages are on the shop's brand and in the
// customer's language.
package portal

import (
	"context"
	"embed"
	"html/template"
	"log/slog"
	"net/http"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/shop"
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
}

// Register adds the routes to mux.
func (s *Server) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /u/{token}", s.handleUnsubscribe)
	// RFC 8058: mail clients POST "List-Unsubscribe=One-Click" here, with no
	// cookies and no page; people get here by the button on the GET page.
	mux.HandleFunc("POST /u/{token}", s.handleUnsubscribe)
	mux.HandleFunc("GET /t/{token}", s.handleTracking)
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
