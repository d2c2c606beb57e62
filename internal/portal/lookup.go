package portal

import (
	"context"
	"net/http"
	"strings"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/shop"
)

// lookupView is the form that finds an order by its number and the email
// or phone it was placed with.
type lookupView struct {
	ShopID          purna.ID
	Number, Contact string
	// Error is the one message for a failed lookup. It never says whether
	// the order exists.
	Error                     string
	NumberError, ContactError string
}

// shopLister lists the installation's shops; sqlstore.Shops implements it.
// With exactly one shop, /p needs no ?shop=.
type shopLister interface {
	FindShops(ctx context.Context) ([]*shop.Shop, error)
}

// handleLookup handles "GET /p" and "POST /p": a customer without a link
// finds an order by its number and email or phone. A match signs the
// browser in as the order's customer and opens the order; anything else
// gets the same message, and too many failures from one address, or for one
// order number, wait lookupWindow.
func (s *Server) handleLookup(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	browser := r.Header.Get("Accept-Language")
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
		_ = r.ParseForm()
	}
	sh, err := s.lookupShop(ctx, r.FormValue("shop"))
	if err != nil {
		s.pageError(w, r, err, nil, i18n.Match(browser, "id"))
		return
	}
	lang := i18n.Match(browser, sh.Locale)
	v := newPage(sh, lang, i18n.T(lang, "portal.lookup_title"))
	lv := &lookupView{ShopID: sh.ID}
	v.Lookup = lv
	if r.Method != http.MethodPost {
		s.renderPage(w, http.StatusOK, "lookup", v)
		return
	}
	lv.Number = strings.TrimSpace(r.PostFormValue("number"))
	lv.Contact = strings.TrimSpace(r.PostFormValue("contact"))
	if lv.Number == "" {
		lv.NumberError = i18n.T(lang, "portal.err.required")
	}
	if lv.Contact == "" {
		lv.ContactError = i18n.T(lang, "portal.err.required")
	}
	if lv.NumberError != "" || lv.ContactError != "" || len(lv.Number) > 100 || len(lv.Contact) > 254 {
		s.renderPage(w, http.StatusUnprocessableEntity, "lookup", v)
		return
	}

	now := s.now()
	ipKey := "ip:" + s.clientIP(r)
	numKey := "order:" + sh.ID + ":" + strings.ToLower(strings.TrimPrefix(lv.Number, "#"))
	if !s.lookups.Allowed(ipKey, now) || !s.lookups.Allowed(numKey, now) {
		lv.Error = i18n.T(lang, "portal.lookup_limited")
		s.renderPage(w, http.StatusTooManyRequests, "lookup", v)
		return
	}
	o, err := s.findOrder(ctx, sh, lv.Number, lv.Contact)
	if err != nil {
		s.pageError(w, r, err, sh, lang)
		return
	}
	if o == nil {
		s.lookups.Fail(ipKey, now)
		s.lookups.Fail(numKey, now)
		lv.Error = i18n.T(lang, "portal.lookup_failed")
		s.renderPage(w, http.StatusUnprocessableEntity, "lookup", v)
		return
	}
	s.signIn(w, sh.ID, *o.CustomerID)
	http.Redirect(w, r, "/p/orders/"+o.ID, http.StatusSeeOther)
}

func (s *Server) clientIP(r *http.Request) string {
	if s.ClientIPFunc != nil {
		return s.ClientIPFunc(r)
	}
	return clientIP(r)
}

// lookupShop returns the shop of the form: the one named, or the only one.
// ENOTFOUND otherwise.
func (s *Server) lookupShop(ctx context.Context, id string) (*shop.Shop, error) {
	if id != "" {
		if !purna.ValidID(id) {
			return nil, purna.Errorf(purna.ENOTFOUND, "Shop not found.")
		}
		return s.Shops.FindShopByID(ctx, id)
	}
	if l, ok := s.Shops.(shopLister); ok {
		shops, err := l.FindShops(ctx)
		if err != nil {
			return nil, err
		}
		if len(shops) == 1 {
			return shops[0], nil
		}
	}
	return nil, purna.Errorf(purna.ENOTFOUND, "Shop not found.")
}

// findOrder returns the shop's order numbered number whose email or phone,
// or whose customer's, is contact; nil if there is none.
func (s *Server) findOrder(ctx context.Context, sh *shop.Shop, number, contact string) (*order.Order, error) {
	number = strings.TrimPrefix(number, "#")
	var email, phone string
	if strings.Contains(contact, "@") {
		email, _ = purna.NormalizeEmail(contact)
	} else {
		phone, _ = purna.NormalizePhone(contact, cases.Country(sh))
	}
	if email == "" && phone == "" {
		return nil, nil
	}
	// The order search matches numbers by pattern; keep the exact ones.
	f := order.Filter{ShopID: sh.ID, Query: number, Limit: 200}
	for range 5 {
		page, err := s.Orders.Find(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, o := range page.Items {
			if !strings.EqualFold(o.Number, number) || o.CustomerID == nil {
				continue
			}
			ok, err := s.contactMatches(ctx, o, email, phone, cases.Country(sh))
			if err != nil {
				return nil, err
			}
			if ok {
				return o, nil
			}
		}
		if page.Next == "" {
			break
		}
		f.Cursor = page.Next
	}
	return nil, nil
}

// contactMatches reports whether the order, or its customer, has the
// email or phone given.
func (s *Server) contactMatches(ctx context.Context, o *order.Order, email, phone, country string) (bool, error) {
	same := func(stored string) bool {
		if stored == "" {
			return false
		}
		if email != "" {
			e, err := purna.NormalizeEmail(stored)
			return err == nil && strings.EqualFold(e, email)
		}
		p, err := purna.NormalizePhone(stored, country)
		return err == nil && p == phone
	}
	if same(o.Email) || same(o.Phone) {
		return true, nil
	}
	c, err := s.Customers.FindByID(ctx, o.ShopID, *o.CustomerID)
	if err != nil {
		if purna.ErrorCode(err) == purna.ENOTFOUND {
			return false, nil
		}
		return false, err
	}
	return c.Email != nil && same(*c.Email) || c.Phone != nil && same(*c.Phone), nil
}
