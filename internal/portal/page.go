package portal

import (
	"embed"
	"html/template"
	"net/http"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/shop"
)

//go:embed page_*.html
var pageFiles embed.FS

// pages are the after-sales pages, each its own template set of the
// layout, the tracking page's help card and the page's "content".
var pages = func() map[string]*template.Template {
	base := template.Must(template.New("page_layout.html").Funcs(template.FuncMap{"t": i18n.T, "inc": func(i int) int { return i + 1 }}).
		ParseFS(pageFiles, "page_layout.html"))
	// The tracking page defines the "help" card: reuse it as it is.
	template.Must(base.ParseFS(trackingFiles, "tracking.html"))
	out := map[string]*template.Template{}
	for _, name := range []string{"lookup", "order", "return", "case", "booking", "message", "claim", "elsewhere", "survey", "review", "reviews"} {
		out[name] = template.Must(template.Must(base.Clone()).ParseFS(pageFiles, "page_"+name+".html"))
	}
	return out
}()

// pageView is what every after-sales page shows around its content. Its
// strings are in the page's language already; one of the page sections
// (Lookup, Order, …) is set.
type pageView struct {
	Lang, Title string
	Brand       brandView
	Contact     contactView
	// Number is the order number the help card quotes, if any.
	Number string
	// Back links to the page one level up.
	Back, BackLabel string
	// Notice is a line of good news at the top: "Your return was sent".
	Notice string
	// Headline and Summary are the message page's whole content.
	Headline, Summary string
	Link, LinkLabel   string

	Lookup    *lookupView
	Order     *orderView
	Return    *returnView
	Case      *caseView
	Booking   *bookingView
	Claim     *claimView
	Elsewhere *elsewhereView
	Survey    *surveyView
	Review    *reviewView
	// ProductReviews is a product's public reviews page.
	ProductReviews *productReviewsView
	// Script is the page's one inline script, allowed by its hash in the
	// page's Content-Security-Policy; empty for pages without one.
	Script template.JS
}

// newPage starts a page on sh's brand (nil for an unknown shop).
func newPage(sh *shop.Shop, lang, title string) *pageView {
	v := &pageView{Lang: lang, Title: title, Brand: newBrandView(sh)}
	if sh != nil {
		v.Contact = newContactView(sh, lang, "")
		if v.Title != sh.Name {
			v.Title += " – " + sh.Name
		}
	}
	return v
}

// renderPage writes page name with v. Pages are never cached, never sent
// as a Referer, and allow forms only to this site.
func (s *Server) renderPage(w http.ResponseWriter, status int, name string, v *pageView) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Robots-Tag", "noindex")
	h.Set("X-Content-Type-Options", "nosniff")
	if h.Get("Content-Security-Policy") == "" {
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: http: data:; "+
			"base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	}
	w.WriteHeader(status)
	if err := pages[name].Execute(w, v); err != nil {
		s.Logger.Error("render portal page", "page", name, "err", err)
	}
}

// message renders a page that only says something: not found, signed
// out, an error.
func (s *Server) message(w http.ResponseWriter, status int, sh *shop.Shop, lang, head, sum string) {
	v := newPage(sh, lang, head)
	v.Headline, v.Summary = head, sum
	s.renderPage(w, status, "message", v)
}

// notFound is the one answer for anything that is not the customer's:
// another customer's order, case or photo looks exactly like none.
func (s *Server) notFound(w http.ResponseWriter, sh *shop.Shop, lang string) {
	s.message(w, http.StatusNotFound, sh, lang, i18n.T(lang, "portal.notfound_title"), i18n.T(lang, "portal.notfound_body"))
}

// pageError answers an error from a service: ENOTFOUND is the 404 page,
// anything else is logged and a 500.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error, sh *shop.Shop, lang string) {
	if purna.ErrorCode(err) == purna.ENOTFOUND {
		s.notFound(w, sh, lang)
		return
	}
	s.Logger.Error("portal", "path", r.URL.Path, "err", err)
	s.message(w, http.StatusInternalServerError, sh, lang, i18n.T(lang, "portal.error_title"), i18n.T(lang, "portal.error_body"))
}
