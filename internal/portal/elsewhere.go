package portal

import (
	"cmp"
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/eligibility"
	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/upload"
)

// ProductFinder lists a shop's catalogue; *product.Service implements it.
type ProductFinder interface {
	Find(ctx context.Context, f product.Filter) (*purna.Page[*product.Product], error)
	FindByID(ctx context.Context, shopID, id purna.ID) (*product.Product, error)
}

// elsewhereView is the "My products" page: the customer's items bought
// elsewhere with their warranty, and the form that registers another one
// (product, serial number, purchase date, proof of purchase).
type elsewhereView struct {
	Action string
	Items  []ownedItemView
	// Products are the shop's products that carry a warranty.
	Products                                  []optionView
	Product, Serial, Purchased, Today         string
	ProductError, SerialError, PurchasedError string
	ProofError, Error                         string
	FileProblems                              []string
}

// ownedItemView is an item bought elsewhere, with what it allows.
type ownedItemView struct {
	Name     string
	Facts    []factView
	ClaimURL string
}

// maxCatalogue bounds how many products the page reads to fill its list.
const maxCatalogue = 2000

// handleElsewhere handles "GET /p/products" and the POST that registers
// an item bought elsewhere.
func (s *Server) handleElsewhere(w http.ResponseWriter, r *http.Request) {
	vis, ok := s.visitor(w, r)
	if !ok {
		return
	}
	ctx, lang, now, loc := r.Context(), vis.lang, s.now(), vis.shop.Location()
	prods, err := s.catalogue(ctx, vis.shop.ID)
	if err != nil {
		s.pageError(w, r, err, vis.shop, lang)
		return
	}
	items, err := s.Cases.RegisteredItems(ctx, vis.shop.ID, vis.actor, vis.customerID())
	if err != nil {
		s.pageError(w, r, err, vis.shop, lang)
		return
	}
	ev := &elsewhereView{Action: "/p/products", Today: now.In(loc).Format(time.DateOnly)}
	names := map[purna.ID]string{}
	for _, p := range prods {
		names[p.ID] = p.Name
		if p.WarrantyMonths > 0 {
			ev.Products = append(ev.Products, optionView{p.ID, p.Name})
		}
	}
	for _, it := range items {
		if it.RegistrationID != "" && it.LineID == "" {
			ev.Items = append(ev.Items, ownedItem(it, cmp.Or(names[it.ProductID], i18n.T(lang, "portal.item")), lang, now, loc))
		}
	}
	v := newPage(vis.shop, lang, i18n.T(lang, "portal.products_title"))
	v.Elsewhere = ev
	if r.URL.Query().Get("registered") == "1" {
		v.Notice = i18n.T(lang, "portal.registered")
	}
	if r.Method != http.MethodPost {
		s.renderPage(w, http.StatusOK, "elsewhere", v)
		return
	}

	files, err := s.parseForm(r, "proof", lang, upload.Photo, upload.Document)
	if err != nil {
		s.message(w, http.StatusBadRequest, vis.shop, lang, i18n.T(lang, "portal.error_title"), i18n.T(lang, "portal.err.form"))
		return
	}
	defer files.Close()
	if len(files.Problems) > 0 {
		ev.FileProblems, ev.Error = files.Problems, i18n.T(lang, "portal.err.files_again")
		s.renderPage(w, http.StatusUnprocessableEntity, "elsewhere", v)
		return
	}
	in, ok := ev.read(r, lang, loc)
	switch n := len(files.files); {
	case n == 0:
		ev.ProofError, ok = i18n.T(lang, "portal.err.proof_required"), false
	case n > 1:
		ev.ProofError, ok = i18n.T(lang, "portal.err.proof_one"), false
	}
	if !ok {
		s.renderPage(w, http.StatusUnprocessableEntity, "elsewhere", v)
		return
	}
	ids, err := s.store(ctx, vis.shop.ID, files)
	if err != nil {
		s.pageError(w, r, err, vis.shop, lang)
		return
	}
	in.ProofBlobID = ids[0]
	if _, err := s.Cases.Register(ctx, vis.shop.ID, vis.actor, in); err != nil {
		s.unstore(ctx, vis.shop.ID, ids)
		if code := purna.ErrorCode(err); code != purna.EINVALID && code != purna.ECONFLICT {
			s.pageError(w, r, err, vis.shop, lang)
			return
		}
		ev.problems(lang, err)
		s.renderPage(w, http.StatusUnprocessableEntity, "elsewhere", v)
		return
	}
	http.Redirect(w, r, "/p/products?registered=1", http.StatusSeeOther)
}

// read takes the posted fields into ev (to show them again) and into the
// registration. It returns false, with the fields' errors set, when a
// field cannot be read at all.
func (ev *elsewhereView) read(r *http.Request, lang string, loc *time.Location) (cases.RegisterInput, bool) {
	ev.Product = r.PostFormValue("product")
	ev.Serial = strings.TrimSpace(r.PostFormValue("serial"))
	ev.Purchased = strings.TrimSpace(r.PostFormValue("purchased"))
	in := cases.RegisterInput{SerialNumber: ev.Serial}
	ok := true
	known := false
	for _, p := range ev.Products {
		known = known || p.Value == ev.Product
	}
	if known {
		id := ev.Product
		in.ProductID = &id
	} else {
		ev.ProductError, ok = i18n.T(lang, "portal.err.choose_product"), false
	}
	if ev.Serial == "" {
		ev.SerialError, ok = i18n.T(lang, "portal.err.required"), false
	}
	// The day on the receipt, in the shop's calendar.
	if d, err := time.ParseInLocation(time.DateOnly, ev.Purchased, loc); err == nil {
		d = d.UTC()
		in.PurchasedAt = &d
	} else if ev.Purchased == "" {
		ev.PurchasedError, ok = i18n.T(lang, "portal.err.required"), false
	} else {
		ev.PurchasedError, ok = i18n.T(lang, "portal.err.date"), false
	}
	return in, ok
}

// problems puts the service's refusal next to the fields.
func (ev *elsewhereView) problems(lang string, err error) {
	if purna.ErrorCode(err) == purna.ECONFLICT {
		ev.SerialError = i18n.T(lang, "portal.err.serial_taken")
		return
	}
	for k := range purna.ErrorFields(err) {
		switch k {
		case "serial_number":
			ev.SerialError = i18n.T(lang, "portal.err.serial_long")
		case "purchased_at":
			ev.PurchasedError = i18n.T(lang, "portal.err.date_future")
		case "product_id":
			ev.ProductError = i18n.T(lang, "portal.err.choose_product")
		default:
			ev.Error = i18n.T(lang, "portal.err.form")
		}
	}
	if ev.Error == "" && ev.SerialError == "" && ev.PurchasedError == "" && ev.ProductError == "" {
		ev.Error = i18n.T(lang, "portal.err.form")
	}
}

// ownedItem words what an item bought elsewhere allows: its warranty, and
// a claim when one can be filed.
func ownedItem(it eligibility.Item, name, lang string, now time.Time, loc *time.Location) ownedItemView {
	v := ownedItemView{Name: name}
	switch wt := it.Warranty; {
	case wt.Active:
		v.Facts = append(v.Facts, factView{i18n.T(lang, "portal.fact.warranty", "date", deadlineOf(lang, wt.Until, now, loc)), "ok"})
		if !wt.ClaimAllowed && wt.Reason != nil {
			v.Facts = append(v.Facts, factView{reasonText(lang, wt.Reason, now, loc), "muted"})
		}
	default:
		v.Facts = append(v.Facts, factView{reasonText(lang, wt.Reason, now, loc), "muted"})
	}
	if it.Warranty.ClaimAllowed {
		v.ClaimURL = "/p/items/" + it.RegistrationID + "/claim"
	}
	return v
}

// catalogue reads the shop's products, at most maxCatalogue of them.
func (s *Server) catalogue(ctx context.Context, shopID purna.ID) ([]*product.Product, error) {
	var out []*product.Product
	f := product.Filter{ShopID: shopID, Limit: 500}
	for len(out) < maxCatalogue {
		page, err := s.Products.Find(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
		if page.Next == "" || len(page.Items) == 0 {
			break
		}
		f.Cursor = page.Next
	}
	return out, nil
}

// productNames maps the shop's product IDs to their names; empty without
// a ProductFinder.
func (s *Server) productNames(ctx context.Context, shopID purna.ID) (map[purna.ID]string, error) {
	names := map[purna.ID]string{}
	if s.Products == nil {
		return names, nil
	}
	prods, err := s.catalogue(ctx, shopID)
	for _, p := range prods {
		names[p.ID] = p.Name
	}
	return names, err
}
