package portal

import (
	"net/http"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/shop"
)

// visitor is the customer a request to the after-sales pages comes from.
type visitor struct {
	shop  *shop.Shop
	lang  string
	actor cases.Actor // cases.Customer of the signed-in customer
}

// customerID is the signed-in customer's ID.
func (v *visitor) customerID() purna.ID { return v.actor.ID }

// handleOrderLink handles "GET /p/{token}": the link to an order's
// after-sales page in the customer's messages. It signs the browser in as
// the token's customer and sends it on to the order, so that the token does
// not stay in the address bar or the history.
func (s *Server) handleOrderLink(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	browser := i18n.Match(r.Header.Get("Accept-Language"), "id")
	shopID, custID, orderID, err := ParseOrderToken(s.Secret, r.PathValue("token"))
	if err != nil {
		s.notFound(w, nil, browser)
		return
	}
	sh, err := s.Shops.FindShopByID(ctx, shopID)
	if err != nil {
		s.pageError(w, r, err, nil, browser)
		return
	}
	lang := i18n.Match(r.Header.Get("Accept-Language"), sh.Locale)
	o, err := s.Orders.FindByID(ctx, shopID, orderID)
	if err != nil {
		s.pageError(w, r, err, sh, lang)
		return
	}
	// The token names the customer the message went to. Should the order
	// belong to someone else now, the link opens nothing.
	if o.CustomerID == nil || *o.CustomerID != custID {
		s.notFound(w, sh, lang)
		return
	}
	s.signIn(w, shopID, custID)
	http.Redirect(w, r, "/p/orders/"+orderID, http.StatusSeeOther)
}

// signIn sets the session cookie for the customer.
func (s *Server) signIn(w http.ResponseWriter, shopID, custID purna.ID) {
	exp := s.now().Add(sessionTTL)
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: encodeSession(s.Secret, session{shopID, custID, exp}),
		Path: "/p", Expires: exp, MaxAge: int(sessionTTL / time.Second), HttpOnly: true, Secure: s.SecureCookies,
		// Lax: the cookie goes along when the customer follows a link
		// from a message, and not on other sites' forms.
		SameSite: http.SameSiteLaxMode})
}

// visitor returns who the request comes from. Without a valid session it
// answers with the page that explains how to get in, and returns false.
func (s *Server) visitor(w http.ResponseWriter, r *http.Request) (*visitor, bool) {
	ctx := r.Context()
	browser := r.Header.Get("Accept-Language")
	var sess session
	ok := false
	if c, err := r.Cookie(sessionCookie); err == nil {
		sess, ok = parseSession(s.Secret, c.Value, s.now())
	}
	if !ok {
		s.signedOut(w, nil, i18n.Match(browser, "id"))
		return nil, false
	}
	sh, err := s.Shops.FindShopByID(ctx, sess.ShopID)
	if err != nil {
		s.pageError(w, r, err, nil, i18n.Match(browser, "id"))
		return nil, false
	}
	lang := i18n.Match(browser, sh.Locale)
	c, err := s.Customers.FindByID(ctx, sh.ID, sess.CustomerID)
	switch {
	case purna.ErrorCode(err) == purna.ENOTFOUND:
		s.signedOut(w, sh, lang)
		return nil, false
	case err != nil:
		s.pageError(w, r, err, sh, lang)
		return nil, false
	}
	if purna.ValidLocale(c.Locale) {
		lang = c.Locale
	}
	return &visitor{shop: sh, lang: lang, actor: cases.Customer(c.ID)}, true
}

// signedOut says the visit has ended and how to come back.
func (s *Server) signedOut(w http.ResponseWriter, sh *shop.Shop, lang string) {
	v := newPage(sh, lang, i18n.T(lang, "portal.signedout_title"))
	v.Headline, v.Summary = i18n.T(lang, "portal.signedout_title"), i18n.T(lang, "portal.signedout_body")
	v.Link, v.LinkLabel = "/p", i18n.T(lang, "portal.lookup_button")
	if sh != nil {
		v.Link += "?shop=" + sh.ID
	}
	s.renderPage(w, http.StatusUnauthorized, "message", v)
}
