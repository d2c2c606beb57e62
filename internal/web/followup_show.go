package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/followup"
	"github.com/purnajual/purna/internal/survey"
)

// followUpShowView is the data of a follow-up's page: the answer, who to
// call and how, what they bought, what the shop can offer, and the steps.
type followUpShowView struct {
	layout
	ID, Number, Status, StatusLabel string
	Trigger, Tone, GroupLabel       string
	Comment                         string
	Opened, OpenedAgo, Due          string
	Overdue                         bool
	Remedy, OutcomeNote             string
	Customer                        followUpCustomer
	Order                           *followUpOrder
	Suggestions                     []suggestionView
	Tasks                           []taskView
	Actions                         []followUpActionForm
	NoActions                       string
	History                         []caseHistoryRow
	// Notice says what the last form did; Problem why one was refused,
	// with Problems the field errors no input shows.
	Notice, Problem string
	Problems        []string
}

// followUpCustomer is who to get back to, with the links that call them.
type followUpCustomer struct {
	Name, URL, Email, Phone string
	TelURL                  template.URL
	WhatsAppURL             string
}

// followUpOrder is the order as it stood when the follow-up opened.
type followUpOrder struct {
	Number, URL, Source, Placed, Delivered, Total string
	Lines                                         []followUpLine
	Tracking                                      []scanRow
}

// followUpLine is an order line with how long it may be returned and is
// in warranty; Ended marks a window that has closed since.
type followUpLine struct {
	Name, SKU, Quantity            string
	Serials                        []string
	WarrantyUntil, ReturnableUntil string
	WarrantyEnded, ReturnableEnded bool
}

// suggestionView is a remedy the shop can offer. URL opens what gives it:
// the case form on the order page, or the resolve form here.
type suggestionView struct {
	Remedy, Label, Until, Hint, URL string
	Ended                           bool
}

// taskView is a call to make, with the form that records how it went, or
// how it went.
type taskView struct {
	ID, Title, Phone, Due, Action string
	TelURL                        template.URL
	Overdue, Done                 bool
	Outcome, Note, DoneAt, DoneBy string
	Outcomes                      []option
	NoteVal                       string
	Errs                          map[string]string
}

// followUpActionForm is one action the follow-up's status allows.
type followUpActionForm struct {
	Action, Label   string
	Primary, Open   bool
	Remedies        []option
	Note, NoteLabel string
	Errs            map[string]string
}

// followUpState is what a form sent back to the page when it did not go
// through, so nothing has to be typed again. Form is "act:<action>" or
// "call:<task id>".
type followUpState struct {
	Form     string
	Problem  string
	Problems []string
	Errs     map[string]string
	Vals     url.Values
	Notice   string
	// Remedy is the remedy a suggestion's link chose for the resolve form.
	Remedy string
}

// loadFollowUp loads the shop's follow-up {id} with its history and tasks.
// Another shop's is ENOTFOUND, like one that does not exist.
func (s *Server) loadFollowUp(r *http.Request, v *viewer) (*followup.Detail, error) {
	id := r.PathValue("id")
	if s.followups == nil || !purna.ValidID(id) {
		return nil, followUpNotFound()
	}
	return s.followups.FindByID(r.Context(), v.shop.ID, id)
}

// handleFollowUpShow handles "GET /followups/{id}".
func (s *Server) handleFollowUpShow(w http.ResponseWriter, r *http.Request, v *viewer) {
	l, q := v.lang, r.URL.Query()
	var st followUpState
	if a := followup.Action(q.Get("done")); slices.Contains([]followup.Action{followup.Contact, followup.Resolve,
		followup.Close, followup.Reopen}, a) {
		st.Notice = l.T("cases.done", "action", followUpActionLabel(l, a))
	} else if o := followup.CallOutcome(q.Get("called")); slices.Contains(followup.CallOutcomes, o) {
		st.Notice = l.T("followups.called", "outcome", outcomeLabel(l, o))
	}
	if rem := followup.Remedy(q.Get("remedy")); slices.Contains(followup.Remedies, rem) {
		st.Remedy = string(rem)
	}
	s.renderFollowUp(w, r, v, http.StatusOK, st)
}

// renderFollowUp writes the page of follow-up {id} with st.
func (s *Server) renderFollowUp(w http.ResponseWriter, r *http.Request, v *viewer, status int, st followUpState) {
	fd, err := s.loadFollowUp(r, v)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	l, f := v.lang, &fd.FollowUp
	d := followUpShowView{
		layout: s.layout(r, v, l.T("followups.show_title", "number", f.Number), "followups"),
		ID:     f.ID, Number: f.Number, Status: string(f.Status), StatusLabel: followUpStatusLabel(l, f.Status),
		Trigger: triggerText(l, f.Trigger, f.Score), Tone: "bad", Comment: f.Comment,
		Opened: l.DateTime(f.CreatedAt), OpenedAgo: l.Ago(f.CreatedAt), Due: l.DateTime(f.DueAt),
		Overdue: f.Overdue(l.now), OutcomeNote: f.OutcomeNote,
		Notice: st.Notice, Problem: st.Problem, Problems: st.Problems,
	}
	if k := survey.Kind(f.Trigger); k.Valid() {
		var g string
		g, d.Tone = scoreGroup(k, f.Score)
		d.GroupLabel = l.T("feedback.group." + g)
	}
	if f.Remedy != "" {
		d.Remedy = remedyLabel(l, f.Remedy)
	}
	d.Customer = followUpCustomerOf(l, f)
	if o := f.Context.Order; o != nil {
		d.Order = followUpOrderOf(l, o)
	}
	d.Suggestions = suggestionsOf(l, f)
	d.Tasks = taskViews(l, v, fd, st)
	d.Actions = followUpActions(l, f, st)
	if len(d.Actions) == 0 {
		d.NoActions = l.T("followups.no_actions", "status", d.StatusLabel)
	}
	who := func(a cases.Actor) string {
		switch {
		case a.Role == cases.RoleSystem:
			return "Purna"
		case a.Role == cases.RoleCustomer:
			return d.Customer.Name
		case a.ID != "" && a.ID == v.userID():
			return l.T("cases.actor_you")
		}
		return l.T("cases.actor_agent")
	}
	for i := len(fd.History) - 1; i >= 0; i-- {
		e := fd.History[i]
		row := caseHistoryRow{Action: followUpActionLabel(l, followup.Action(e.Action)), To: followUpStatusLabel(l, e.To),
			Who: who(e.Actor), Note: historyNote(l, e.Note), Time: l.DateTime(e.CreatedAt),
			ISO: e.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"), Ago: l.Ago(e.CreatedAt)}
		if e.Action == "open" {
			row.Action = l.T("followups.history.open")
		}
		if e.From != "" {
			row.From = followUpStatusLabel(l, e.From)
		}
		d.History = append(d.History, row)
	}
	s.render(w, r, status, "followup_show", d)
}

// callNote is how followup.Service.CompleteTask starts the contact's note
// when a call reached the customer; the page says it in its language.
const callNote = "Call: reached"

func historyNote(l lang, note string) string {
	if rest, ok := strings.CutPrefix(note, callNote); ok {
		rest = strings.TrimPrefix(rest, ". ")
		if rest == "" {
			return l.T("followups.history.call_reached")
		}
		return l.T("followups.history.call_reached_note", "note", rest)
	}
	return note
}

// followUpCustomerOf is the customer's name and contacts as the follow-up
// carries them. The tel: link is built here from the digits: html/template
// would refuse the scheme, rightly, for anything it cannot check.
func followUpCustomerOf(l lang, f *followup.FollowUp) followUpCustomer {
	c := f.Context
	out := followUpCustomer{Name: customerName(l, c.CustomerName), URL: "/customers/" + f.CustomerID, Email: c.Email,
		Phone: c.Phone, TelURL: telURL(c.Phone)}
	if u := safeURL(c.WhatsAppURL); strings.HasPrefix(u, "https://wa.me/") {
		out.WhatsAppURL = u
	}
	return out
}

// telURL is a tel: link to phone, keeping only a leading + and digits;
// "" when there are no digits.
func telURL(phone string) template.URL {
	var b strings.Builder
	for i, r := range strings.TrimSpace(phone) {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	if strings.Trim(b.String(), "+") == "" {
		return ""
	}
	return template.URL("tel:" + b.String())
}

// lastDay writes a deadline's EndsAt (the first instant after its last
// day) as that last day, and whether it has passed.
func lastDay(l lang, endsAt *time.Time) (string, bool) {
	if endsAt == nil {
		return "", false
	}
	return l.Date(endsAt.Add(-time.Second)), !l.now.Before(*endsAt)
}

func followUpOrderOf(l lang, o *followup.OrderFacts) *followUpOrder {
	out := &followUpOrder{Number: o.Number, URL: "/orders/" + o.ID, Source: sourceName(o.Source),
		Placed: l.DateTime(o.PlacedAt), Total: l.Money(o.Total.Amount, o.Total.Currency)}
	if o.DeliveredAt != nil {
		out.Delivered = l.DateTime(*o.DeliveredAt)
	}
	for _, ln := range o.Lines {
		row := followUpLine{Name: ln.Name, SKU: ln.SKU, Quantity: l.Number(int(ln.Quantity)), Serials: ln.Serials}
		row.WarrantyUntil, row.WarrantyEnded = lastDay(l, ln.WarrantyUntil)
		row.ReturnableUntil, row.ReturnableEnded = lastDay(l, ln.ReturnableUntil)
		out.Lines = append(out.Lines, row)
	}
	for i := len(o.Tracking) - 1; i >= 0; i-- {
		t := o.Tracking[i]
		label := l.T("ship." + t.Status)
		if label == "ship."+t.Status {
			label = t.Status
		}
		out.Tracking = append(out.Tracking, scanRow{Time: l.DateTime(t.At), ISO: t.At.UTC().Format(time.RFC3339),
			Status: t.Status, StatusLabel: label, Description: t.Description})
	}
	return out
}

// suggestionsOf words the remedies the follow-up suggests. A replacement,
// warranty claim or return links to the order page with the case form of
// its line open on its kind; a coupon or an apology opens the resolve form
// with it chosen, while the follow-up can be resolved.
func suggestionsOf(l lang, f *followup.FollowUp) []suggestionView {
	lines := map[purna.ID]string{}
	if o := f.Context.Order; o != nil {
		for _, ln := range o.Lines {
			lines[ln.OrderLineID] = ln.Name
		}
	}
	canResolve := slices.Contains(f.Allowed(), followup.Resolve)
	var out []suggestionView
	for _, sg := range f.Context.Suggestions {
		sv := suggestionView{Remedy: string(sg.Remedy), Label: remedyLabel(l, sg.Remedy)}
		sv.Until, sv.Ended = lastDay(l, sg.Until)
		switch {
		case sg.Kind != "" && sg.OrderLineID != nil && f.Context.Order != nil:
			line := *sg.OrderLineID
			name := lines[line]
			if name == "" {
				name = l.T("cases.item_elsewhere")
			}
			sv.Label = l.T("followups.suggest.case", "kind", kindLabel(l, cases.Kind(sg.Kind)), "product", name)
			sv.Hint = l.T("followups.suggest.case_hint")
			if !sv.Ended {
				sv.URL = localPath("/orders/"+f.Context.Order.ID, url.Values{"line": {line}, "kind": {sg.Kind},
					"note": {l.T("followups.case_note", "number", f.Number)}}) + "#open-" + line
			}
		case sg.Remedy == followup.Coupon || sg.Remedy == followup.Apology:
			sv.Label = l.T("followups.suggest." + string(sg.Remedy))
			sv.Hint = l.T("followups.suggest." + string(sg.Remedy) + "_hint")
			if canResolve {
				sv.URL = localPath("/followups/"+f.ID, url.Values{"remedy": {string(sg.Remedy)}}) + "#act-resolve"
			}
		}
		out = append(out, sv)
	}
	return out
}

// taskViews lays out the follow-up's calls: a form for each open one, how
// it went for each done one.
func taskViews(l lang, v *viewer, fd *followup.Detail, st followUpState) []taskView {
	var out []taskView
	for _, t := range fd.Tasks {
		tv := taskView{ID: t.ID, Title: l.T("followups.task.call", "name", customerName(l, fd.Context.CustomerName)),
			Phone: t.Phone, TelURL: telURL(t.Phone), Due: l.DateTime(t.DueAt),
			Overdue: t.Status == followup.TaskOpen && l.now.After(t.DueAt), Done: t.Status == followup.TaskDone,
			Action: "/followups/" + fd.ID + "/tasks/" + t.ID, Errs: map[string]string{}}
		if tv.Done {
			tv.Outcome, tv.Note = outcomeLabel(l, t.Outcome), t.Note
			if t.DoneAt != nil {
				tv.DoneAt = l.DateTime(*t.DoneAt)
			}
			switch {
			case t.DoneBy == v.userID() && t.DoneBy != "":
				tv.DoneBy = l.T("cases.actor_you")
			case t.DoneBy == string(cases.RoleSystem):
				tv.DoneBy = "Purna"
			default:
				tv.DoneBy = l.T("cases.actor_agent")
			}
			out = append(out, tv)
			continue
		}
		chosen := ""
		if st.Form == "call:"+t.ID {
			chosen, tv.NoteVal, tv.Errs = st.Vals.Get("outcome"), st.Vals.Get("note"), st.Errs
		}
		for _, o := range followup.CallOutcomes {
			tv.Outcomes = append(tv.Outcomes, option{Value: string(o), Label: outcomeLabel(l, o), Selected: string(o) == chosen})
		}
		out = append(out, tv)
	}
	return out
}

// followUpActions builds the forms of the actions f's status allows.
func followUpActions(l lang, f *followup.FollowUp, st followUpState) []followUpActionForm {
	var out []followUpActionForm
	for i, act := range f.Allowed() {
		mine := st.Form == "act:"+string(act)
		fm := followUpActionForm{Action: string(act), Label: followUpActionLabel(l, act), Primary: i == 0, Open: mine,
			NoteLabel: l.T("followups.form.note"), Errs: map[string]string{}}
		if mine {
			fm.Note, fm.Errs = st.Vals.Get("note"), st.Errs
		}
		if act == followup.Resolve {
			fm.NoteLabel = l.T("followups.form.outcome_note")
			chosen := st.Remedy
			if mine {
				chosen = st.Vals.Get("remedy")
			}
			fm.Open = fm.Open || st.Remedy != ""
			fm.Remedies = []option{{Value: "", Label: l.T("followups.form.remedy_pick")}}
			for _, rem := range followup.Remedies {
				fm.Remedies = append(fm.Remedies, option{Value: string(rem), Label: remedyLabel(l, rem), Selected: string(rem) == chosen})
			}
		}
		out = append(out, fm)
	}
	return out
}
