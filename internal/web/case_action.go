package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
)

// caseActionForm is one action the state machine allows an agent from the
// case's status, with the inputs it needs.
type caseActionForm struct {
	Action, Label string
	Primary       bool
	Danger        bool
	Open          bool // it came back with problems
	Errs          map[string]string
	Note          string
	NoteLabel     string
	// receive
	Receive []caseReceiveRow
	// resolve
	Resolutions    []option
	Amount         string
	Currency       string
	AmountHint     string
	AmountRequired bool
	// diagnose, quote, repair
	Diagnosis     string
	WithDiagnosis bool
	Parts         []casePartRow
	LabourMinutes string
	LabourRate    string
	// reject: the shop's words to the customer
	CustomerReason string
	WithReason     bool
	// send_back, ship
	Tracking     string
	WithTracking bool
	// reschedule
	Location, StartsAt string
	WithBooking        bool
}

// caseReceiveRow is a case line in the receive form.
type caseReceiveRow struct {
	Product, Quantity, Max string
	Received               string
	Conditions             []option
	QtyName, CondName      string
	QtyErr, CondErr        string
}

// casePartRow is a row of the parts table of a quote or a repair.
type casePartRow struct {
	Name, Quantity, Price           string
	NameField, QtyField, PriceField string
	NameErr, QtyErr, PriceErr       string
}

// partRows is how many part rows the quote and repair forms offer.
const partRows = 3

// agentActions returns the actions an agent may take on c now: the
// transitions cases.Allowed gives from its status, without the one whose
// warranty guard does not hold.
func agentActions(c *cases.Case) []cases.Action {
	var out []cases.Action
	for _, t := range cases.Allowed(c.Kind, c.Status, cases.RoleAgent) {
		if c.Repair != nil && (t.Guard == cases.InWarranty && !c.Repair.InWarranty ||
			t.Guard == cases.OutOfWarranty && c.Repair.InWarranty) {
			continue
		}
		if !slices.Contains(out, t.Action) {
			out = append(out, t.Action)
		}
	}
	return out
}

// caseActions builds the forms of the actions an agent may take, and
// returns the field problems of st that none of its inputs shows.
func caseActions(l lang, cd *caseData, currency string, st caseState) ([]caseActionForm, []string) {
	c := &cd.d.Case
	lines := orderLines(cd.order)
	var problems []string
	var out []caseActionForm
	for _, act := range agentActions(c) {
		mine := act == st.Action
		val := func(name, def string) string {
			if mine && st.Vals != nil {
				return st.Vals.Get(name)
			}
			return def
		}
		errs := map[string]string{}
		if mine {
			errs = st.Errs
		}
		f := caseActionForm{Action: string(act), Label: actionLabel(l, act), Open: mine, Errs: errs,
			Note: val("note", ""), NoteLabel: l.T("cases.form.note"),
			Danger:  act == cases.Reject || act == cases.Cancel || act == cases.DeclineQuote,
			Primary: len(out) == 0 && act != cases.Reject && act != cases.Cancel}
		names := []string{"note"}
		switch act {
		case cases.Reject:
			// The reason goes to the customer; the note stays internal.
			f.WithReason, f.CustomerReason = true, val("customer_reason", "")
			f.NoteLabel = l.T("cases.form.internal_note")
			names = append(names, "customer_reason")
		case cases.Ship:
			f.WithTracking, f.Tracking = true, val("tracking", "")
			names = append(names, "tracking")
		case cases.SendBack:
			f.WithTracking, f.Tracking = true, val("tracking", c.Tracking)
			names = append(names, "tracking")
		case cases.Receive:
			for i, ln := range c.Lines {
				row := caseReceiveRow{Product: l.T("cases.item_elsewhere"), Quantity: l.Number(int(ln.Quantity)),
					Max: strconv.FormatInt(ln.Quantity, 10), QtyName: fmt.Sprintf("lines[%d].received_quantity", i),
					CondName: fmt.Sprintf("lines[%d].condition", i)}
				if ln.OrderLineID != nil && lines[*ln.OrderLineID] != nil {
					row.Product = lines[*ln.OrderLineID].Name
				}
				row.Received = val(row.QtyName, row.Max)
				row.QtyErr, row.CondErr = errs[row.QtyName], errs[row.CondName]
				cond := val(row.CondName, string(ln.Condition))
				row.Conditions = []option{{Value: "", Label: l.T("cases.form.condition_pick")}}
				for _, k := range cases.Conditions {
					row.Conditions = append(row.Conditions, option{Value: string(k), Label: conditionLabel(l, k), Selected: string(k) == cond})
				}
				names = append(names, row.QtyName, row.CondName)
				f.Receive = append(f.Receive, row)
			}
		case cases.Resolve:
			allowed := cases.ResolutionsFor(c.Kind)
			want := c.Wanted
			if want == "" && len(allowed) > 0 {
				want = allowed[0]
			}
			chosen := val("resolution", string(want))
			for _, res := range allowed {
				f.Resolutions = append(f.Resolutions, option{Value: string(res), Label: resolutionLabel(l, res),
					Selected: string(res) == chosen})
			}
			var value int64
			for _, ln := range c.Lines {
				if ln.OrderLineID != nil && lines[*ln.OrderLineID] != nil {
					value += lines[*ln.OrderLineID].UnitPrice * ln.Quantity
				}
			}
			def := ""
			if value > 0 && (want == cases.Refund || want == cases.StoreCredit) {
				def = decimalAmount(value, currency)
			}
			f.Amount, f.Currency = val("amount", def), currency
			if value > 0 {
				f.AmountHint = l.T("cases.form.amount_hint", "max", l.Money(value, currency))
			}
			names = append(names, "resolution", "amount")
		case cases.Diagnose:
			f.WithDiagnosis = true
			f.Diagnosis = val("repair.diagnosis", "")
			names = append(names, "repair.diagnosis", "repair")
		case cases.Quote, cases.RepairAction:
			f.LabourMinutes, f.LabourRate = val("repair.labour_minutes", ""), val("repair.labour_rate", "")
			f.Currency = currency
			names = append(names, "repair", "repair.parts", "repair.labour_minutes", "repair.labour_rate")
			for i := range partRows {
				p := casePartRow{NameField: fmt.Sprintf("repair.parts[%d].name", i),
					QtyField: fmt.Sprintf("repair.parts[%d].quantity", i), PriceField: fmt.Sprintf("repair.parts[%d].unit_price", i)}
				p.Name, p.Quantity, p.Price = val(p.NameField, ""), val(p.QtyField, ""), val(p.PriceField, "")
				p.NameErr, p.QtyErr, p.PriceErr = errs[p.NameField], errs[p.QtyField], errs[p.PriceField]
				names = append(names, p.NameField, p.QtyField, p.PriceField)
				f.Parts = append(f.Parts, p)
			}
		case cases.Reschedule:
			f.WithBooking = true
			loc, at := "", ""
			if c.Booking != nil {
				loc, at = c.Booking.Location, localInput(l, &c.Booking.StartsAt)
			}
			f.Location, f.StartsAt = val("booking.location", loc), val("booking.starts_at", at)
			names = append(names, "booking", "booking.location", "booking.starts_at")
		}
		if mine {
			for k, msg := range errs {
				if !slices.Contains(names, k) {
					problems = append(problems, k+": "+msg)
				}
			}
		}
		out = append(out, f)
	}
	if st.Action != "" && !slices.ContainsFunc(out, func(f caseActionForm) bool { return f.Action == string(st.Action) }) {
		for k, msg := range st.Errs {
			problems = append(problems, k+": "+msg)
		}
	}
	slices.Sort(problems)
	return out, problems
}

// handleCaseAct handles "POST /cases/{id}/act": the action named in the
// form, with its inputs. A move the state machine does not allow now (a
// page left open while someone else moved the case) comes back with the
// service's message and changes nothing; so do inputs it refuses, shown
// next to their fields.
func (s *Server) handleCaseAct(w http.ResponseWriter, r *http.Request, v *viewer) {
	cd, err := s.loadCase(r, v, r.PathValue("id"))
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	l, c := v.lang, &cd.d.Case
	currency := c.Refund.Currency
	if cd.order != nil {
		currency = cd.order.Currency
	}
	if err := r.ParseForm(); err != nil {
		s.error(w, r, v, purna.Errorf(purna.EINVALID, "The form could not be read."))
		return
	}
	form := r.PostForm
	act := cases.Action(form.Get("action"))
	in, errs := caseActInput(l, c, act, form, currency)
	st := caseState{Action: act, Vals: form, Errs: errs}
	if len(errs) > 0 {
		st.Problem = l.T("cases.form.invalid")
		s.renderCase(w, r, v, http.StatusUnprocessableEntity, st)
		return
	}
	_, err = s.cases.Act(r.Context(), v.shop.ID, c.ID, v.agent(), act, in)
	switch code := purna.ErrorCode(err); {
	case err == nil:
		http.Redirect(w, r, localPath("/cases/"+c.ID, url.Values{"done": {string(act)}}), http.StatusSeeOther)
	case code == purna.EINVALID && len(purna.ErrorFields(err)) > 0:
		st.Problem, st.Errs = purna.ErrorMessage(err), purna.ErrorFields(err)
		s.renderCase(w, r, v, http.StatusUnprocessableEntity, st)
	case code == purna.ECONFLICT || code == purna.EFORBIDDEN || code == purna.EINVALID:
		// Nothing changed: show the page as it is now with why.
		st.Problem, st.Vals, st.Action = purna.ErrorMessage(err), nil, ""
		s.renderCase(w, r, v, http.StatusConflict, st)
	default:
		s.error(w, r, v, err)
	}
}

// caseActInput reads the inputs of act from form. Problems that are the
// form's own (a quantity that is not a number) come back by field name;
// everything else the service decides.
func caseActInput(l lang, c *cases.Case, act cases.Action, form url.Values, currency string) (cases.ActInput, map[string]string) {
	errs := map[string]string{}
	in := cases.ActInput{Note: strings.TrimSpace(form.Get("note"))}
	integer := func(name string) (int64, bool) {
		s := strings.TrimSpace(form.Get(name))
		if s == "" {
			return 0, false
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			errs[name] = l.T("cases.err.whole_number")
			return 0, false
		}
		return n, true
	}
	amount := func(name string) (int64, bool) {
		s := strings.TrimSpace(form.Get(name))
		if s == "" {
			return 0, false
		}
		n, err := purna.ParseAmount(s, currency)
		if err != nil {
			errs[name] = l.T("cases.err.amount", "currency", currency)
			return 0, false
		}
		return n, true
	}
	switch act {
	case cases.Reject:
		in.CustomerReason = strings.TrimSpace(form.Get("customer_reason"))
		if in.CustomerReason == "" {
			errs["customer_reason"] = l.T("cases.err.reason_required")
		}
	case cases.SendBack, cases.Ship:
		in.Tracking = strings.TrimSpace(form.Get("tracking"))
	case cases.Receive:
		for i, ln := range c.Lines {
			qName := fmt.Sprintf("lines[%d].received_quantity", i)
			q, ok := integer(qName)
			if !ok && errs[qName] == "" {
				errs[qName] = l.T("cases.err.whole_number")
			}
			in.Lines = append(in.Lines, cases.ReceivedLine{LineID: ln.ID, ReceivedQuantity: q,
				Condition: cases.Condition(form.Get(fmt.Sprintf("lines[%d].condition", i)))})
		}
	case cases.Resolve:
		in.Resolution = cases.Resolution(form.Get("resolution"))
		if n, ok := amount("amount"); ok {
			in.Amount = &n
		}
	case cases.Diagnose:
		in.Repair = &cases.RepairInput{Diagnosis: strings.TrimSpace(form.Get("repair.diagnosis"))}
	case cases.Quote, cases.RepairAction:
		rep := cases.RepairInput{}
		for i := range partRows {
			name := strings.TrimSpace(form.Get(fmt.Sprintf("repair.parts[%d].name", i)))
			qs := strings.TrimSpace(form.Get(fmt.Sprintf("repair.parts[%d].quantity", i)))
			ps := strings.TrimSpace(form.Get(fmt.Sprintf("repair.parts[%d].unit_price", i)))
			if name == "" && qs == "" && ps == "" {
				continue
			}
			p := cases.Part{Name: name, Quantity: 1}
			if q, ok := integer(fmt.Sprintf("repair.parts[%d].quantity", i)); ok {
				p.Quantity = q
			}
			if n, ok := amount(fmt.Sprintf("repair.parts[%d].unit_price", i)); ok {
				p.UnitPrice = n
			}
			rep.Parts = append(rep.Parts, p)
		}
		rep.LabourMinutes, _ = integer("repair.labour_minutes")
		rep.LabourRate, _ = amount("repair.labour_rate")
		if act == cases.Quote || len(rep.Parts) > 0 || rep.LabourMinutes > 0 {
			in.Repair = &rep
		}
	case cases.Reschedule:
		b := &cases.Booking{Location: strings.TrimSpace(form.Get("booking.location"))}
		if t, ok := parseLocalInput(form.Get("booking.starts_at"), l.loc); ok {
			b.StartsAt = t
		} else {
			errs["booking.starts_at"] = l.T("cases.err.datetime")
		}
		in.Booking = b
	}
	return in, errs
}
