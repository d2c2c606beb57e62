package web

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/policy"
)

// memberOption is one of the shop's people in the "give to" list.
type memberOption struct {
	Value, Name string
	Selected    bool
}

// caseShowView is the data of a case's page.
type caseShowView struct {
	layout
	ID, Number, Kind, KindLabel, Status, StatusLabel string
	Opened, OpenedAgo, Source                        string
	Customer, CustomerURL, Order, OrderURL           string
	Wanted, Resolution, Refund, Tracking             string
	Due, DueInput, Assignee                          string
	Overdue, AssignedToMe                            bool
	// Members are the shop's other people a case can be given to; empty
	// when the agent works alone.
	Members   []memberOption
	Lines     []caseLineRow
	Repair    *caseRepairView
	Booking   string
	History   []caseHistoryRow
	Notes     []caseNoteRow
	Actions   []caseActionForm
	NoActions string
	// Notice says what the last form did; Problem is the service's
	// message when it refused one, with Problems the field errors no
	// input shows.
	Notice, Problem string
	Problems        []string
	NoteErrs        map[string]string
	NoteText        string
	NoteVisible     bool
	AssignErrs      map[string]string
	Uploads         bool
}

// caseLineRow is one item of the case.
type caseLineRow struct {
	Product, SKU, Quantity, Reason, Note, Serial string
	Received, Condition, Refund                  string
}

// caseRepairView is a repair order: diagnosis, parts and labour.
type caseRepairView struct {
	InWarranty              bool
	Diagnosis, Labour, Cost string
	Total, Quoted           string
	Parts                   []string
}

// caseHistoryRow is one transition: who did what, when.
type caseHistoryRow struct {
	CustomerReason                              string // the shop's words to the customer
	Action, From, To, Who, Note, Time, ISO, Ago string
}

// caseNoteRow is a note with its attachments.
type caseNoteRow struct {
	Who, Text, Time, ISO string
	Visible              bool
	Files                []caseFile
}

// caseFile is an attachment: a thumbnail for a photo browsers can show, a
// link otherwise.
type caseFile struct {
	URL, Name string
	Thumb     bool
}

// caseState is what a form sent back to the page when it did not go
// through: which action, the service's message, the field errors and the
// values typed, so nothing has to be typed again.
type caseState struct {
	Action   cases.Action
	Problem  string
	Errs     map[string]string
	Vals     url.Values
	NoteErrs map[string]string
	Assign   map[string]string
	Notice   string
}

// caseData is a case with what its page needs around it.
type caseData struct {
	d     *cases.Detail
	order *order.Order
	pol   *policy.Policy
	cust  string
}

// loadCase loads the shop's case {id} with its order, customer and policy.
// Another shop's case is ENOTFOUND, like one that does not exist.
func (s *Server) loadCase(r *http.Request, v *viewer, id string) (*caseData, error) {
	if s.cases == nil || !purna.ValidID(id) {
		return nil, caseNotFound()
	}
	ctx := r.Context()
	d, err := s.cases.FindByID(ctx, v.shop.ID, v.agent(), id)
	if err != nil {
		return nil, err
	}
	cd := &caseData{d: d}
	if d.OrderID != nil {
		if cd.order, err = s.orders.FindByID(ctx, v.shop.ID, *d.OrderID); err != nil {
			return nil, err
		}
	}
	if cd.pol, err = s.cases.Policies().Get(ctx, v.shop.ID); err != nil {
		return nil, err
	}
	c, err := s.customers.FindByID(ctx, v.shop.ID, d.CustomerID)
	switch {
	case err == nil:
		cd.cust = customerLabel(v.lang, c)
	case purna.ErrorCode(err) == purna.ENOTFOUND:
		cd.cust = customerName(v.lang, "")
	default:
		return nil, err
	}
	return cd, nil
}

// handleCaseShow handles "GET /cases/{id}".
func (s *Server) handleCaseShow(w http.ResponseWriter, r *http.Request, v *viewer) {
	var st caseState
	if a := r.URL.Query().Get("done"); slices.Contains(cases.Actions, cases.Action(a)) {
		st.Notice = v.lang.T("cases.done", "action", actionLabel(v.lang, cases.Action(a)))
	} else if r.URL.Query().Has("noted") {
		st.Notice = v.lang.T("cases.noted")
	} else if r.URL.Query().Has("assigned") {
		st.Notice = v.lang.T("cases.assigned")
	} else if r.URL.Query().Has("opened") {
		st.Notice = v.lang.T("cases.opened")
	}
	s.renderCase(w, r, v, http.StatusOK, st)
}

// renderCase writes the page of case {id} with st.
func (s *Server) renderCase(w http.ResponseWriter, r *http.Request, v *viewer, status int, st caseState) {
	cd, err := s.loadCase(r, v, r.PathValue("id"))
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	l, c := v.lang, cd.d
	currency := c.Refund.Currency
	if cd.order != nil {
		currency = cd.order.Currency
	}
	d := caseShowView{
		layout: s.layout(r, v, l.T("cases.case_title", "number", c.Number), "cases"),
		ID:     c.ID, Number: c.Number, Kind: string(c.Kind), KindLabel: kindLabel(l, c.Kind),
		Status: string(c.Status), StatusLabel: statusLabel(l, c.Status),
		Opened: l.DateTime(c.CreatedAt), OpenedAgo: l.Ago(c.CreatedAt), Source: l.T("cases.source." + string(c.Source)),
		Customer: cd.cust, CustomerURL: "/customers/" + c.CustomerID, Tracking: c.Tracking,
		DueInput: localInput(l, c.DueAt), Assignee: assigneeLabel(l, v, c.AssigneeID),
		AssignedToMe: c.AssigneeID != nil && *c.AssigneeID == v.userID(),
		Notice:       st.Notice, Problem: st.Problem, NoteErrs: st.NoteErrs, AssignErrs: st.Assign,
		Uploads: s.uploads != nil, NoteText: st.Vals.Get("text"), NoteVisible: st.Vals.Get("visible") == "1",
	}
	d.Due, d.Overdue = dueText(l, &c.Case)
	if ms, err := s.auth.Members(r.Context(), v.shop.ID); err == nil {
		for _, m := range ms {
			if c.AssigneeID != nil && *c.AssigneeID == m.UserID && m.UserID != v.userID() {
				d.Assignee = m.Name
			}
			if m.UserID != v.userID() {
				d.Members = append(d.Members, memberOption{Value: "user:" + m.UserID, Name: m.Name,
					Selected: c.AssigneeID != nil && *c.AssigneeID == m.UserID})
			}
		}
	}
	if cd.order != nil {
		d.Order, d.OrderURL = cd.order.Number, "/orders/"+cd.order.ID
	}
	if c.Wanted != "" {
		d.Wanted = resolutionLabel(l, c.Wanted)
	}
	if c.Resolution != "" {
		d.Resolution = resolutionLabel(l, c.Resolution)
		if c.Refund.Amount > 0 {
			d.Refund = l.Money(c.Refund.Amount, currency)
		}
	}
	if c.Booking != nil {
		d.Booking = l.T("cases.booking_at", "location", c.Booking.Location, "time", l.DateTime(c.Booking.StartsAt))
	}
	lines := orderLines(cd.order)
	for _, ln := range c.Lines {
		row := caseLineRow{Quantity: l.Number(int(ln.Quantity)), Reason: reasonWords(l, cd.pol, ln.Reason), Note: ln.Note,
			Serial: ln.SerialNumber, Product: l.T("cases.item_elsewhere")}
		if ln.OrderLineID != nil {
			if ol := lines[*ln.OrderLineID]; ol != nil {
				row.Product, row.SKU = ol.Name, ol.SKU
			}
		}
		if ln.ReceivedQuantity > 0 || ln.Condition != "" {
			row.Received = l.Number(int(ln.ReceivedQuantity))
		}
		if ln.Condition != "" {
			row.Condition = conditionLabel(l, ln.Condition)
		}
		if ln.RefundAmount > 0 {
			row.Refund = l.Money(ln.RefundAmount, currency)
		}
		d.Lines = append(d.Lines, row)
	}
	if rp := c.Repair; rp != nil {
		rv := &caseRepairView{InWarranty: rp.InWarranty, Diagnosis: rp.Diagnosis,
			Cost: l.Money(rp.Cost, rp.Currency), Total: l.Money(rp.Total, rp.Currency)}
		if rp.LabourMinutes > 0 {
			rv.Labour = l.T("cases.labour_line", "minutes", rp.LabourMinutes, "rate", l.Money(rp.LabourRate, rp.Currency))
		}
		for _, p := range rp.Parts {
			rv.Parts = append(rv.Parts, l.T("cases.part_line", "qty", p.Quantity, "name", p.Name,
				"price", l.Money(p.UnitPrice, rp.Currency)))
		}
		if rp.QuotedAt != nil {
			rv.Quoted = l.DateTime(*rp.QuotedAt)
		}
		d.Repair = rv
	}
	who := func(a cases.Actor) string {
		switch {
		case a.Role == cases.RoleCustomer:
			return cd.cust
		case a.Role == cases.RoleSystem:
			return "Purna"
		case a.ID != "" && a.ID == v.userID():
			return l.T("cases.actor_you")
		}
		return l.T("cases.actor_agent")
	}
	for i := len(c.History) - 1; i >= 0; i-- {
		h := c.History[i]
		row := caseHistoryRow{Action: actionLabel(l, h.Action), To: statusLabel(l, h.To), Who: who(h.Actor), Note: h.Note,
			CustomerReason: h.CustomerReason,
			Time:           l.DateTime(h.CreatedAt), ISO: h.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"), Ago: l.Ago(h.CreatedAt)}
		if h.From != "" {
			row.From = statusLabel(l, h.From)
		}
		d.History = append(d.History, row)
	}
	for _, n := range c.Notes {
		row := caseNoteRow{Who: who(n.Author), Text: n.Text, Visible: n.Visible, Time: l.DateTime(n.CreatedAt),
			ISO: n.CreatedAt.UTC().Format("2006-01-02T15:04:05Z")}
		for _, id := range n.Attachments {
			row.Files = append(row.Files, s.caseFile(r, v, c.ID, id))
		}
		d.Notes = append(d.Notes, row)
	}
	d.Actions, d.Problems = caseActions(l, cd, currency, st)
	if len(d.Actions) == 0 {
		d.NoActions = l.T("cases.no_actions", "status", d.StatusLabel)
	}
	s.render(w, r, status, "case_show", d)
}

// orderLines indexes an order's lines by ID; nil for no order.
func orderLines(o *order.Order) map[purna.ID]*order.Line {
	out := map[purna.ID]*order.Line{}
	if o != nil {
		for _, l := range o.Lines {
			out[l.ID] = l
		}
	}
	return out
}
