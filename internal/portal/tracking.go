package portal

import (
	"context"
	"embed"
	"html/template"
	"net/http"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/shop"
)

//go:embed tracking.html
var trackingFiles embed.FS

// trackingPage takes its words from the catalogues: {{t .Lang "track.…"}}.
var trackingPage = template.Must(template.New("tracking.html").
	Funcs(template.FuncMap{"t": i18n.T}).
	ParseFS(trackingFiles, "tracking.html"))

// OrderFinder loads a shop's orders; order.Service implements it.
type OrderFinder interface {
	// FindByID returns ENOTFOUND if no order with id exists in shopID.
	FindByID(ctx context.Context, shopID, id purna.ID) (*order.Order, error)
	// Find returns a page of orders; the lookup form (/p) searches by
	// number with it.
	Find(ctx context.Context, f order.Filter) (*purna.Page[*order.Order], error)
}

// handleTracking handles "GET /t/{token}": the order's tracking page, on
// the shop's brand, which every shipping email links to. The token is the
// only key, so anything wrong with it, or an order the token's shop does
// not have, is the same 404.
func (s *Server) handleTracking(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	browser := r.Header.Get("Accept-Language")
	shopID, orderID, err := ParseTrackingToken(s.Secret, r.PathValue("token"))
	if err != nil {
		s.trackingFail(w, http.StatusNotFound, nil, i18n.Match(browser, "id"))
		return
	}
	sh, err := s.Shops.FindShopByID(ctx, shopID)
	if err != nil {
		s.trackingError(w, err, nil, i18n.Match(browser, "id"))
		return
	}
	lang := i18n.Match(browser, sh.Locale)
	o, err := s.Orders.FindByID(ctx, shopID, orderID)
	if err != nil {
		s.trackingError(w, err, sh, lang)
		return
	}
	lang = s.customerLocale(ctx, o, lang)
	s.renderTracking(w, http.StatusOK, newTrackingView(sh, o, lang, s.now()))
}

// customerLocale returns the language the order's customer chose, or lang
// when there is none. The page works without it, so failures only log.
func (s *Server) customerLocale(ctx context.Context, o *order.Order, lang string) string {
	if o.CustomerID == nil || s.Customers == nil {
		return lang
	}
	c, err := s.Customers.FindByID(ctx, o.ShopID, *o.CustomerID)
	if err != nil {
		if purna.ErrorCode(err) != purna.ENOTFOUND {
			s.Logger.Error("tracking page: find customer", "order", o.ID, "err", err)
		}
		return lang
	}
	if purna.ValidLocale(c.Locale) {
		return c.Locale
	}
	return lang
}

func (s *Server) now() time.Time {
	if s.Clock == nil {
		return time.Now().UTC()
	}
	return s.Clock.Now()
}

// trackingError answers a failed lookup: 404 for what does not exist, 500
// (logged) for anything else.
func (s *Server) trackingError(w http.ResponseWriter, err error, sh *shop.Shop, lang string) {
	if purna.ErrorCode(err) == purna.ENOTFOUND {
		s.trackingFail(w, http.StatusNotFound, sh, lang)
		return
	}
	s.Logger.Error("tracking page", "err", err)
	s.trackingFail(w, http.StatusInternalServerError, sh, lang)
}

// trackingFail renders the page's error state, on the shop's brand when the
// shop is known.
func (s *Server) trackingFail(w http.ResponseWriter, status int, sh *shop.Shop, lang string) {
	v := &trackingView{Lang: lang, Failed: true, Brand: newBrandView(sh)}
	if status == http.StatusNotFound {
		v.Title, v.Headline, v.Summary = i18n.T(lang, "track.notfound_title"), i18n.T(lang, "track.notfound_title"), i18n.T(lang, "track.notfound_body")
	} else {
		v.Title, v.Headline, v.Summary = i18n.T(lang, "track.error_title"), i18n.T(lang, "track.error_title"), i18n.T(lang, "track.error_body")
	}
	if sh != nil {
		v.Contact = newContactView(sh, lang, "")
	}
	s.renderTracking(w, status, v)
}

func (s *Server) renderTracking(w http.ResponseWriter, status int, v *trackingView) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Robots-Tag", "noindex")
	h.Set("X-Content-Type-Options", "nosniff")
	// Everything is inline but the shop's logo; nothing may frame the page
	// or run script.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; "+
		"base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	w.WriteHeader(status)
	if err := trackingPage.Execute(w, v); err != nil {
		s.Logger.Error("render tracking page", "err", err)
	}
}
