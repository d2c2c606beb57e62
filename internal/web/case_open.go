package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/eligibility"
	"github.com/purnajual/purna/internal/order"
)

// afterSalesView is the order page's panel: what each line allows today,
// the cases already open on the order, and a form to open one for the
// customer.
type afterSalesView struct {
	Items    []afterSalesItem
	Cases    []caseRow
	Problem  string
	Problems []string
	Action   string
}

// afterSalesItem is an order line, or an item sent to replace one, with
// what it allows.
type afterSalesItem struct {
	LineID, Name, SKU string
	Replacement       bool
	Facts             []afterSalesFact
	// The open form: the kinds the line allows, how many, and why.
	Kinds    []option
	MaxQty   string
	Reasons  []option
	Serials  []string
	Wanted   []option
	Selected bool // the form last sent was for this line
	Qty      string
	Note     string
}

// afterSalesFact is one line of "what is possible": returnable until a
// day, in warranty until a day, or why not.
type afterSalesFact struct {
	Label, Text string
	OK, Warn    bool
}

// openState is what the open form sent back when it did not go through.
type openState struct {
	Problem  string
	Problems []string
	Vals     url.Values
}

// afterSales builds the order page's panel for o. Nil when the case pages
// are off.
func (s *Server) afterSales(r *http.Request, v *viewer, o *order.Order, st openState) (*afterSalesView, error) {
	if s.cases == nil {
		return nil, nil
	}
	ctx, l := r.Context(), v.lang
	items, err := s.cases.Eligibility(ctx, v.shop.ID, v.agent(), o.ID)
	if err != nil {
		return nil, err
	}
	pol, err := s.cases.Policies().Get(ctx, v.shop.ID)
	if err != nil {
		return nil, err
	}
	a := &afterSalesView{Problem: st.Problem, Problems: st.Problems, Action: "/orders/" + o.ID + "/cases"}
	lines := orderLines(o)
	sel := st.Vals.Get("line")
	for _, it := range items {
		ai := afterSalesItem{LineID: it.LineID, Replacement: it.ReplacesLineID != ""}
		ol := lines[it.LineID]
		switch {
		case ol != nil:
			ai.Name, ai.SKU, ai.Serials = ol.Name, ol.SKU, ol.SerialNumbers
		case lines[it.ReplacesLineID] != nil:
			ai.Name = l.T("cases.elig.replacement_of", "name", lines[it.ReplacesLineID].Name)
		default:
			ai.Name = l.T("cases.item_elsewhere")
		}
		ai.Facts = eligibilityFacts(l, it)
		if it.LineID == "" || o.CustomerID == nil {
			a.Items = append(a.Items, ai)
			continue
		}
		// A repair is possible on anything but a cancelled or refunded
		// order; paid when out of warranty.
		rr := it.Return.Reason
		allowed := map[cases.Kind]bool{cases.Return: it.Return.Allowed, cases.Exchange: it.Exchange.Allowed,
			cases.Replacement: it.Replacement.Allowed, cases.WarrantyClaim: it.Warranty.ClaimAllowed,
			cases.Repair: rr == nil || rr.Code != eligibility.OrderCancelled && rr.Code != eligibility.OrderRefunded}
		ai.Selected = sel == it.LineID
		val := func(name, def string) string {
			if ai.Selected {
				return st.Vals.Get(name)
			}
			return def
		}
		kind := val("kind", "")
		for _, k := range []cases.Kind{cases.Return, cases.Exchange, cases.Replacement, cases.WarrantyClaim, cases.Repair} {
			if allowed[k] {
				ai.Kinds = append(ai.Kinds, option{Value: string(k), Label: kindLabel(l, k), Selected: string(k) == kind})
			}
		}
		if len(ai.Kinds) == 0 {
			a.Items = append(a.Items, ai)
			continue
		}
		maxQty := it.Quantity
		if it.Return.Allowed {
			maxQty = it.Return.Quantity
		}
		ai.MaxQty = strconv.FormatInt(maxQty, 10)
		ai.Qty, ai.Note = val("quantity", "1"), val("note", "")
		reason := val("reason", "")
		ai.Reasons = []option{{Value: "", Label: l.T("cases.form.reason_pick")}}
		for _, rs := range pol.Returns.Reasons {
			ai.Reasons = append(ai.Reasons, option{Value: rs.Code, Label: reasonWords(l, pol, rs.Code), Selected: rs.Code == reason})
		}
		wanted := val("wanted", "")
		ai.Wanted = []option{{Value: "", Label: l.T("cases.form.wanted_any")}}
		for _, res := range cases.ResolutionsFor(cases.Return) {
			ai.Wanted = append(ai.Wanted, option{Value: string(res), Label: resolutionLabel(l, res), Selected: string(res) == wanted})
		}
		a.Items = append(a.Items, ai)
	}
	page, err := s.cases.Find(ctx, v.agent(), cases.Filter{ShopID: v.shop.ID, OrderID: &o.ID, Limit: 20})
	if err != nil {
		return nil, err
	}
	for _, c := range page.Items {
		row := caseRow{URL: "/cases/" + c.ID, Number: c.Number, Kind: string(c.Kind), KindLabel: kindLabel(l, c.Kind),
			Status: string(c.Status), StatusLabel: statusLabel(l, c.Status), Age: l.Ago(c.CreatedAt)}
		a.Cases = append(a.Cases, row)
	}
	return a, nil
}

// eligibilityFacts words what an item allows: the return, exchange and
// free replacement windows, the warranty and the next service.
func eligibilityFacts(l lang, it eligibility.Item) []afterSalesFact {
	var out []afterSalesFact
	window := func(label string, w eligibility.Window) {
		f := afterSalesFact{Label: label, OK: w.Allowed}
		switch {
		case w.Allowed && w.Until != nil:
			f.Text = l.T("cases.elig.allowed_until", "n", w.Quantity, "date", deadlineDate(l, w.Until.Date))
		case w.Allowed:
			f.Text = l.T("cases.elig.allowed", "n", w.Quantity)
		default:
			f.Text = reasonText(l, w.Reason)
		}
		out = append(out, f)
	}
	window(l.T("cases.kind.return"), it.Return)
	window(l.T("cases.kind.exchange"), it.Exchange)
	window(l.T("cases.kind.replacement"), it.Replacement)
	wf := afterSalesFact{Label: l.T("cases.elig.warranty"), OK: it.Warranty.Active}
	switch {
	case it.Warranty.Active && it.Warranty.Until != nil:
		wf.Text = l.T("cases.elig.warranty_until", "date", deadlineDate(l, it.Warranty.Until.Date))
	case it.Warranty.Active:
		wf.Text = l.T("cases.elig.warranty_active")
	default:
		wf.Text = reasonText(l, it.Warranty.Reason)
	}
	if it.Warranty.Active && !it.Warranty.ClaimAllowed && it.Warranty.Reason != nil {
		wf.Text += " · " + reasonText(l, it.Warranty.Reason)
		wf.Warn = true
	}
	out = append(out, wf)
	if m := it.Maintenance; m.Scheduled && m.Due != nil {
		out = append(out, afterSalesFact{Label: l.T("cases.elig.service"), OK: !m.Overdue, Warn: m.Overdue,
			Text: l.T("cases.elig.service_due", "date", deadlineDate(l, m.Due.Date))})
	}
	return out
}

// reasonText puts an eligibility reason into the page's language.
func reasonText(l lang, r *eligibility.Reason) string {
	if r == nil {
		return l.T("cases.reason.unknown")
	}
	args := []any{}
	for k, v := range r.Params {
		switch k {
		case "until":
			v = deadlineDate(l, v)
		case "resolution":
			v = resolutionLabel(l, cases.Resolution(v))
		}
		args = append(args, k, v)
	}
	key := "cases.reason." + r.Code
	if t := l.T(key, args...); t != key {
		return t
	}
	return r.Code
}

// deadlineDate writes a deadline's "2026-12-08" as a date of the page's
// language; anything else as it is.
func deadlineDate(l lang, day string) string {
	t, err := time.ParseInLocation(time.DateOnly, day, l.loc)
	if err != nil {
		return day
	}
	return l.Date(t)
}

// handleCaseOpen handles "POST /orders/{id}/cases": an agent opens a case
// on one line of the order for the customer. What the line does not
// allow comes back on the order page with the service's reasons.
func (s *Server) handleCaseOpen(w http.ResponseWriter, r *http.Request, v *viewer) {
	id := r.PathValue("id")
	if s.cases == nil || !purna.ValidID(id) {
		s.error(w, r, v, purna.Errorf(purna.ENOTFOUND, "Order not found."))
		return
	}
	if err := r.ParseForm(); err != nil {
		s.error(w, r, v, purna.Errorf(purna.EINVALID, "The form could not be read."))
		return
	}
	f := r.PostForm
	o, err := s.orders.FindByID(r.Context(), v.shop.ID, id)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	qty, err := strconv.ParseInt(strings.TrimSpace(f.Get("quantity")), 10, 64)
	if err != nil {
		s.renderOrderShow(w, r, v, o, http.StatusUnprocessableEntity,
			openState{Problem: v.lang.T("cases.err.whole_number"), Vals: f})
		return
	}
	in := cases.OpenInput{Kind: cases.Kind(f.Get("kind")), OrderID: &o.ID, Wanted: cases.Resolution(f.Get("wanted")),
		Note: strings.TrimSpace(f.Get("note")), Lines: []cases.LineInput{{OrderLineID: f.Get("line"), Quantity: qty,
			Reason: f.Get("reason"), SerialNumber: strings.TrimSpace(f.Get("serial"))}}}
	if in.Kind != cases.Return {
		in.Wanted = ""
	}
	if in.Kind == cases.WarrantyClaim || in.Kind == cases.Repair {
		in.Lines[0].Reason = ""
	}
	c, err := s.cases.Open(r.Context(), v.shop.ID, v.agent(), in)
	switch code := purna.ErrorCode(err); {
	case err == nil:
		http.Redirect(w, r, localPath("/cases/"+c.ID, url.Values{"opened": {"1"}}), http.StatusSeeOther)
	case code == purna.EINVALID || code == purna.ECONFLICT:
		st := openState{Problem: purna.ErrorMessage(err), Vals: f}
		for k, msg := range purna.ErrorFields(err) {
			st.Problems = append(st.Problems, fmt.Sprintf("%s: %s", k, msg))
		}
		slices.Sort(st.Problems)
		status := http.StatusUnprocessableEntity
		if code == purna.ECONFLICT {
			status = http.StatusConflict
		}
		s.renderOrderShow(w, r, v, o, status, st)
	default:
		s.error(w, r, v, err)
	}
}
