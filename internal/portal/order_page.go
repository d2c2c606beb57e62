package portal

import (
	"net/http"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/eligibility"
	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/product"
)

// orderView is an order's after-sales page: what each line allows today
// and the customer's cases on the order.
type orderView struct {
	ID, Number, Placed string
	Lines              []orderLineView
	CanReturn          bool
	// ProductsURL links to the customer's items bought elsewhere.
	ProductsURL string
	OpenCases   []caseRowView
	PastCases   []caseRowView
}

// orderLineView is one line of the order with what it allows, each fact a
// sentence ("Returnable until 12 Dec").
type orderLineView struct {
	ID, Name, SKU, Quantity string
	Facts                   []factView
	// Register shows the serial-number form; RegisterError and Serial
	// re-show a refused attempt.
	Register              bool
	Serial, RegisterError string
	// BookURL links to the booking of the next service; BookedURL to the
	// visit already booked.
	BookURL, BookedURL string
	// ClaimURL links to the warranty claim form.
	ClaimURL string
	// Parts are spare parts that fit the item, offered once its warranty
	// has ended: "Filter HEPA · Rp 35.000".
	Parts []string
}

// factView is one sentence about a line; Tone is "ok", "warn" or "muted".
type factView struct{ Text, Tone string }

// caseRowView is a case in a list.
type caseRowView struct {
	URL, Number, Kind, Status, Opened string
}

// handleOrder handles "GET /p/orders/{id}".
func (s *Server) handleOrder(w http.ResponseWriter, r *http.Request) {
	vis, ok := s.visitor(w, r)
	if !ok {
		return
	}
	var edit func(*pageView)
	if r.URL.Query().Get("registered") == "1" {
		edit = func(v *pageView) { v.Notice = i18n.T(vis.lang, "portal.registered") }
	}
	s.showOrder(w, r, vis, r.PathValue("id"), http.StatusOK, edit)
}

// showOrder renders the order page; edit, when set, changes the view
// before it is shown (a notice, a refused registration).
func (s *Server) showOrder(w http.ResponseWriter, r *http.Request, vis *visitor, orderID purna.ID, status int, edit func(*pageView)) {
	o, items, err := s.customerOrder(r, vis, orderID)
	if err != nil {
		s.pageError(w, r, err, vis.shop, vis.lang)
		return
	}
	list, err := s.Cases.Find(r.Context(), vis.actor, cases.Filter{ShopID: vis.shop.ID, OrderID: &o.ID, Limit: 200})
	if err != nil {
		s.pageError(w, r, err, vis.shop, vis.lang)
		return
	}
	lang := vis.lang
	v := newPage(vis.shop, lang, i18n.T(lang, "portal.order_title", "number", o.Number))
	v.Number, v.Contact = o.Number, newContactView(vis.shop, lang, o.Number)
	v.Order = newOrderView(vis, o, items, list.Items, s.now())
	if err := s.addSpareParts(r, vis, v.Order, items); err != nil {
		s.pageError(w, r, err, vis.shop, vis.lang)
		return
	}
	if s.Products != nil {
		v.Order.ProductsURL = "/p/products"
	}
	if edit != nil {
		edit(v)
	}
	s.renderPage(w, status, "order", v)
}

// customerOrder loads the visitor's order and what its lines allow, from
// cases.Service.Eligibility. Another customer's order is ENOTFOUND.
func (s *Server) customerOrder(r *http.Request, vis *visitor, orderID purna.ID) (*order.Order, []eligibility.Item, error) {
	if !purna.ValidID(orderID) {
		return nil, nil, purna.Errorf(purna.ENOTFOUND, "Order not found.")
	}
	// Eligibility refuses another customer's order with ENOTFOUND; it
	// goes first so that nothing of such an order is loaded.
	items, err := s.Cases.Eligibility(r.Context(), vis.shop.ID, vis.actor, orderID)
	if err != nil {
		return nil, nil, err
	}
	o, err := s.Orders.FindByID(r.Context(), vis.shop.ID, orderID)
	if err != nil {
		return nil, nil, err
	}
	if o.CustomerID == nil || *o.CustomerID != vis.customerID() {
		return nil, nil, purna.Errorf(purna.ENOTFOUND, "Order not found.")
	}
	return o, items, nil
}

func newOrderView(vis *visitor, o *order.Order, items []eligibility.Item, cs []*cases.Case, now time.Time) *orderView {
	lang, loc := vis.lang, vis.shop.Location()
	v := &orderView{ID: o.ID, Number: o.Number, Placed: i18n.Date(lang, o.PlacedAt, loc)}
	byLine := map[purna.ID]eligibility.Item{}
	for _, it := range items {
		if it.LineID != "" {
			byLine[it.LineID] = it
		}
	}
	for _, l := range o.Lines {
		lv := orderLineView{ID: l.ID, Name: l.Name, SKU: l.SKU, Quantity: i18n.T(lang, "track.quantity", "n", l.Quantity)}
		if it, ok := byLine[l.ID]; ok {
			lineFacts(&lv, it, o.ID, lang, now, loc)
			v.CanReturn = v.CanReturn || it.Return.Allowed
		}
		v.Lines = append(v.Lines, lv)
	}
	for _, c := range cs {
		row := caseRowView{URL: "/p/cases/" + c.ID, Number: c.Number, Kind: kindText(lang, c.Kind),
			Status: statusText(lang, c.Kind, c.Status), Opened: i18n.Date(lang, c.CreatedAt, loc)}
		if c.Open() {
			v.OpenCases = append(v.OpenCases, row)
		} else {
			v.PastCases = append(v.PastCases, row)
		}
	}
	return v
}

// addSpareParts names, with their prices, the spare parts eligibility
// offers for the order's lines.
func (s *Server) addSpareParts(r *http.Request, vis *visitor, v *orderView, items []eligibility.Item) error {
	want := map[purna.ID][]purna.ID{}
	for _, it := range items {
		if it.LineID != "" && len(it.SpareParts) > 0 {
			want[it.LineID] = it.SpareParts
		}
	}
	if len(want) == 0 {
		return nil
	}
	parts, err := s.Cases.SpareParts(r.Context(), vis.shop.ID)
	if err != nil {
		return err
	}
	byID := map[purna.ID]*product.Product{}
	for _, p := range parts {
		byID[p.ID] = p
	}
	for i := range v.Lines {
		for _, id := range want[v.Lines[i].ID] {
			if p := byID[id]; p != nil {
				v.Lines[i].Parts = append(v.Lines[i].Parts, p.Name+" · "+purna.Money{Amount: p.Price, Currency: p.Currency}.Format(vis.lang))
			}
		}
	}
	return nil
}

// lineFacts words what it allows: returns, warranty, maintenance.
func lineFacts(lv *orderLineView, it eligibility.Item, orderID purna.ID, lang string, now time.Time, loc *time.Location) {
	fact := func(tone, key string, args ...any) {
		lv.Facts = append(lv.Facts, factView{Text: i18n.T(lang, key, args...), Tone: tone})
	}
	why := func(r *eligibility.Reason) {
		lv.Facts = append(lv.Facts, factView{reasonText(lang, r, now, loc), "muted"})
	}

	if w := it.Return; w.Allowed {
		fact("ok", "portal.fact.returnable", "date", deadlineOf(lang, w.Until, now, loc), "n", w.Quantity)
	} else if w.Reason != nil && w.Reason.Code != eligibility.BoughtElsewhere {
		why(w.Reason)
	}

	switch w := it.Warranty; {
	case w.Active:
		fact("ok", "portal.fact.warranty", "date", deadlineOf(lang, w.Until, now, loc))
		if !w.ClaimAllowed && w.Reason != nil {
			why(w.Reason)
		}
		if w.ClaimAllowed {
			lv.ClaimURL = "/p/orders/" + orderID + "/lines/" + it.LineID + "/claim"
		}
	case w.Reason != nil && w.Reason.Code == eligibility.NotRegistered:
		fact("warn", "portal.fact.register", "date", deadlineOf(lang, w.Until, now, loc))
		lv.Register = true
	case w.Reason != nil:
		why(w.Reason)
	}

	switch m := it.Maintenance; {
	case m.OpenCaseID != "":
		fact("ok", "portal.fact.service_booked")
		lv.BookedURL = "/p/cases/" + m.OpenCaseID
	case m.Scheduled && m.Due != nil:
		key := "portal.fact.service_due"
		if m.Overdue {
			key = "portal.fact.service_overdue"
		}
		fact(map[bool]string{true: "warn", false: "ok"}[m.Overdue], key, "date", deadlineOf(lang, m.Due, now, loc))
		if m.Included {
			fact("ok", "portal.fact.service_included")
		}
		lv.BookURL = "/p/orders/" + orderID + "/lines/" + it.LineID + "/service"
	case m.Reason != nil && m.Reason.Code != eligibility.NoMaintenance:
		why(m.Reason)
	}
}
