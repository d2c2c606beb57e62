package portal

import (
	"net/http"
	"slices"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/upload"
)

// caseView is one case as its customer follows it.
type caseView struct {
	ID, Number, Kind, Status, Opened string
	Open                             bool
	Wanted, Tracking                 string
	Lines                            []caseLineView
	History                          []historyView
	Notes                            []noteView
	Quote                            *quoteView
	Booking                          string
}

type caseLineView struct{ Name, Quantity, Reason, Serial string }

type historyView struct{ Status, When, ISO, Reason string }

type noteView struct {
	Mine       bool
	Text, When string
	Photos     []string // URLs of the customer's own files
}

// quoteView is a repair quote: parts, labour and total, in the case's
// currency. Decide shows the accept and decline buttons.
type quoteView struct {
	Parts         []totalView
	Labour, Total string
	Decide        bool
	Action        string
}

// handleCase handles "GET /p/cases/{id}".
func (s *Server) handleCase(w http.ResponseWriter, r *http.Request) {
	vis, ok := s.visitor(w, r)
	if !ok {
		return
	}
	ctx, lang, loc := r.Context(), vis.lang, vis.shop.Location()
	d, err := s.customerCase(r, vis)
	if err != nil {
		s.pageError(w, r, err, vis.shop, lang)
		return
	}
	var o *order.Order
	if d.OrderID != nil {
		if o, err = s.Orders.FindByID(ctx, vis.shop.ID, *d.OrderID); err != nil {
			s.pageError(w, r, err, vis.shop, lang)
			return
		}
	}
	pol, err := s.Cases.Policies().Get(ctx, vis.shop.ID)
	if err != nil {
		s.pageError(w, r, err, vis.shop, lang)
		return
	}
	cv := &caseView{ID: d.ID, Number: d.Number, Kind: kindText(lang, d.Kind), Status: statusText(lang, d.Kind, d.Status),
		Opened: i18n.Date(lang, d.CreatedAt, loc), Open: d.Open(), Tracking: d.Tracking}
	if d.Wanted != "" {
		cv.Wanted = i18n.T(lang, "portal.resolution."+string(d.Wanted))
	}
	for _, l := range d.Lines {
		lv := caseLineView{Name: i18n.T(lang, "portal.item"), Quantity: i18n.T(lang, "track.quantity", "n", l.Quantity),
			Serial: l.SerialNumber}
		if o != nil && l.OrderLineID != nil {
			if i := slices.IndexFunc(o.Lines, func(ol *order.Line) bool { return ol.ID == *l.OrderLineID }); i >= 0 {
				lv.Name = o.Lines[i].Name
			}
		}
		for _, re := range pol.Returns.Reasons {
			if re.Code == l.Reason {
				lv.Reason = text(re.Label, lang)
			}
		}
		cv.Lines = append(cv.Lines, lv)
	}
	// Newest first, as on the tracking page.
	for _, h := range slices.Backward(d.History) {
		cv.History = append(cv.History, historyView{Status: statusText(lang, d.Kind, h.To), Reason: h.CustomerReason,
			When: i18n.DateTime(lang, h.CreatedAt, loc), ISO: h.CreatedAt.In(loc).Format("2006-01-02T15:04:05Z07:00")})
	}
	for _, n := range d.Notes {
		nv := noteView{Mine: n.Author.Role == cases.RoleCustomer, Text: n.Text, When: i18n.DateTime(lang, n.CreatedAt, loc)}
		// Only the customer's own uploads are shown as photos; an agent's
		// attachments may be PDFs meant for download.
		if nv.Mine {
			for _, id := range n.Attachments {
				nv.Photos = append(nv.Photos, "/p/cases/"+d.ID+"/files/"+id)
			}
		}
		cv.Notes = append(cv.Notes, nv)
	}
	if rp := d.Repair; rp != nil && rp.QuotedAt != nil && !rp.InWarranty {
		money := func(n int64) string { return purna.Money{Amount: n, Currency: rp.Currency}.Format(lang) }
		q := &quoteView{Total: money(rp.Total), Decide: d.Status == cases.Quoted, Action: "/p/cases/" + d.ID + "/quote"}
		var parts int64
		for _, p := range rp.Parts {
			q.Parts = append(q.Parts, totalView{Label: i18n.T(lang, "portal.quote_part", "name", p.Name, "n", p.Quantity),
				Amount: money(p.Quantity * p.UnitPrice)})
			parts += p.Quantity * p.UnitPrice
		}
		q.Labour = money(rp.Cost - parts)
		cv.Quote = q
	}
	if b := d.Booking; b != nil {
		cv.Booking = i18n.T(lang, "portal.booking_at", "when", i18n.DateTime(lang, b.StartsAt, loc), "place", b.Location)
	}
	v := newPage(vis.shop, lang, i18n.T(lang, "portal.case_title", "number", d.Number))
	v.Case = cv
	if o != nil {
		v.Number, v.Contact = o.Number, newContactView(vis.shop, lang, o.Number)
		v.Back, v.BackLabel = "/p/orders/"+o.ID, i18n.T(lang, "portal.back_to_order", "number", o.Number)
	}
	switch {
	case r.URL.Query().Get("sent") == "1":
		v.Notice = i18n.T(lang, "portal.sent", "number", d.Number)
	case r.URL.Query().Get("again") == "1":
		// A second submit of the same request (a double tap, the back
		// button): nothing new was opened, and the customer is told so.
		v.Notice = i18n.T(lang, "portal.sent_already", "number", d.Number)
	}
	s.renderPage(w, http.StatusOK, "case", v)
}

// customerCase loads the visitor's case {id}: ENOTFOUND for another
// customer's, as for none.
func (s *Server) customerCase(r *http.Request, vis *visitor) (*cases.Detail, error) {
	id := r.PathValue("id")
	if !purna.ValidID(id) {
		return nil, purna.Errorf(purna.ENOTFOUND, "Case not found.")
	}
	return s.Cases.FindByID(r.Context(), vis.shop.ID, vis.actor, id)
}

// handleQuote handles "POST /p/cases/{id}/quote": decision=accept or
// decline. A second click, after the quote was decided, shows the case.
func (s *Server) handleQuote(w http.ResponseWriter, r *http.Request) {
	vis, ok := s.visitor(w, r)
	if !ok {
		return
	}
	act := cases.AcceptQuote
	if r.PostFormValue("decision") == "decline" {
		act = cases.DeclineQuote
	}
	id := r.PathValue("id")
	if !purna.ValidID(id) {
		s.notFound(w, vis.shop, vis.lang)
		return
	}
	_, err := s.Cases.Act(r.Context(), vis.shop.ID, id, vis.actor, act, cases.ActInput{})
	switch purna.ErrorCode(err) {
	case "", purna.ECONFLICT, purna.EFORBIDDEN:
		http.Redirect(w, r, "/p/cases/"+id, http.StatusSeeOther)
	default:
		s.pageError(w, r, err, vis.shop, vis.lang)
	}
}

// handleCaseFile handles "GET /p/cases/{id}/files/{blob}": a file the
// customer attached to their case, served only to them.
func (s *Server) handleCaseFile(w http.ResponseWriter, r *http.Request) {
	vis, ok := s.visitor(w, r)
	if !ok {
		return
	}
	d, err := s.customerCase(r, vis)
	if err != nil {
		s.pageError(w, r, err, vis.shop, vis.lang)
		return
	}
	blob := r.PathValue("blob")
	found := false
	for _, n := range d.Notes {
		found = found || n.Author.Role == cases.RoleCustomer && slices.Contains(n.Attachments, blob)
	}
	if !found {
		s.notFound(w, vis.shop, vis.lang)
		return
	}
	err = upload.Serve(w, r, s.Uploads, vis.shop.ID, blob, "")
	switch {
	case purna.ErrorCode(err) == purna.ENOTFOUND:
		s.notFound(w, vis.shop, vis.lang) // Serve wrote nothing
	case err != nil:
		s.Logger.Error("portal: serve upload", "blob", blob, "err", err)
	}
}
