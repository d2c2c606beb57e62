package web

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/message"
	"github.com/purnajual/purna/internal/timeline"
)

// journeyForm is the journey editor as the merchant filled it in. Every
// field stays text, so a wrong value comes back exactly as it was typed.
type journeyForm struct {
	Name       string
	Kind       string
	Trigger    string // a known trigger, or customTrigger
	Custom     string // the merchant's own event type, with customTrigger
	MinTotal   string // a decimal amount in the shop's currency
	Categories string // comma-separated
	Locales    []string
	Orders     string // any, first or repeat
	Steps      []stepForm
	ExitOn     []string // known triggers that end a run
	ExitCustom string   // the merchant's own ones, comma-separated
	Reentry    string
}

// stepForm is one step of the editor: a wait of Amount Units after the
// previous step, before or after an anchor time, or a send.
type stepForm struct {
	Type     string // wait, send or branch
	Branch   string // a branch, as JSON: the form keeps it as it is (the API edits branches)
	Amount   string
	Unit     string // minutes, hours or days
	When     string // previous, before or after
	Anchor   string // with before or after: "event" or a time the trigger carries
	Template string
	Channel  string
}

// customTrigger is the trigger select's value for the merchant's own
// event, typed into the field next to it.
const customTrigger = "custom"

// maxSteps keeps a form from growing without end.
const maxSteps = 30

// eventTypePattern is what the events API accepts: lower-case words joined
// by dots (customer.EventInput).
var eventTypePattern = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$`)

// anchorPattern is a field of the trigger's data, such as warranty_ends_at.
var anchorPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

var units = []struct {
	name string
	d    time.Duration
}{{"minutes", time.Minute}, {"hours", time.Hour}, {"days", 24 * time.Hour}}

// newJourneyForm is the form of a journey that does not exist yet: three
// days after delivery, send an email.
func newJourneyForm() journeyForm {
	return journeyForm{
		Kind: string(journey.Transactional), Trigger: string(timeline.OrderDelivered), Orders: "any",
		Reentry: string(journey.PerOrder),
		Steps: []stepForm{
			{Type: "wait", Amount: "3", Unit: "days", When: "previous", Anchor: "event"},
			{Type: "send", Template: string(message.HowToOnboarding), Channel: "email"},
		},
	}
}

// journeyFormOf fills the form with j; name is the name to show (the
// translated one for an untouched default journey).
func journeyFormOf(j *journey.Journey, name, currency string) journeyForm {
	f := journeyForm{Name: name, Kind: string(j.Kind), Trigger: string(j.Trigger), Orders: "any",
		Reentry: string(j.Reentry), Locales: slices.Clone(j.Conditions.Locales),
		Categories: strings.Join(j.Conditions.Categories, ", ")}
	if !slices.Contains(knownTriggers, j.Trigger) {
		f.Trigger, f.Custom = customTrigger, string(j.Trigger)
	}
	if c := j.Conditions; c.MinTotal != nil {
		f.MinTotal = decimalAmount(*c.MinTotal, currency)
	}
	if fo := j.Conditions.FirstOrder; fo != nil {
		f.Orders = map[bool]string{true: "first", false: "repeat"}[*fo]
	}
	var custom []string
	for _, t := range j.ExitOn {
		if slices.Contains(knownTriggers, t) {
			f.ExitOn = append(f.ExitOn, string(t))
		} else {
			custom = append(custom, string(t))
		}
	}
	f.ExitCustom = strings.Join(custom, ", ")
	for _, st := range j.Steps {
		switch {
		case st.Wait != nil && st.Wait.Anchor == "":
			amount, unit := splitDuration(time.Duration(st.Wait.Duration))
			f.Steps = append(f.Steps, stepForm{Type: "wait", Amount: amount, Unit: unit, When: "previous", Anchor: "event"})
		case st.Wait != nil:
			amount, unit := splitDuration(time.Duration(st.Wait.Offset))
			when := "after"
			if st.Wait.Offset < 0 {
				when = "before"
			}
			f.Steps = append(f.Steps, stepForm{Type: "wait", Amount: amount, Unit: unit, When: when, Anchor: st.Wait.Anchor})
		case st.Send != nil:
			f.Steps = append(f.Steps, stepForm{Type: "send", Template: st.Send.Template, Channel: cmp.Or(st.Send.Channel, "email")})
		case st.Branch != nil:
			raw, _ := json.Marshal(st.Branch)
			f.Steps = append(f.Steps, stepForm{Type: "branch", Branch: string(raw)})
		}
	}
	return f
}

// parseJourneyForm reads the posted form. Steps are numbered from 0 with
// no gaps: steps.0.type, steps.1.type, …
func parseJourneyForm(r *http.Request) journeyForm {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f := journeyForm{Name: v("name"), Kind: v("kind"), Trigger: v("trigger"), Custom: v("custom_trigger"),
		MinTotal: v("min_total"), Categories: v("categories"), Locales: r.PostForm["locales"], Orders: v("orders"),
		ExitOn: r.PostForm["exit_on"], ExitCustom: v("exit_custom"), Reentry: v("reentry")}
	for i := 0; i < maxSteps; i++ {
		p := "steps." + strconv.Itoa(i) + "."
		if _, ok := r.PostForm[p+"type"]; !ok {
			break
		}
		f.Steps = append(f.Steps, stepForm{Type: v(p + "type"), Amount: v(p + "amount"), Unit: v(p + "unit"),
			When: v(p + "when"), Anchor: v(p + "anchor"), Template: v(p + "template"), Channel: v(p + "channel"),
			Branch: v(p + "branch")})
	}
	return f
}

// apply carries out one of the step buttons: add_wait, add_send, and
// up:N, down:N and remove:N for step N. It reports whether op was one.
func (f *journeyForm) apply(op string) bool {
	switch op {
	case "add_wait":
		if len(f.Steps) < maxSteps {
			f.Steps = append(f.Steps, stepForm{Type: "wait", Amount: "1", Unit: "days", When: "previous", Anchor: "event"})
		}
		return true
	case "add_send":
		if len(f.Steps) < maxSteps {
			f.Steps = append(f.Steps, stepForm{Type: "send", Template: string(message.Keys()[0]), Channel: "email"})
		}
		return true
	}
	verb, n, ok := strings.Cut(op, ":")
	i, err := strconv.Atoi(n)
	if !ok || err != nil || i < 0 || i >= len(f.Steps) {
		return false
	}
	switch verb {
	case "up":
		if i > 0 {
			f.Steps[i-1], f.Steps[i] = f.Steps[i], f.Steps[i-1]
		}
	case "down":
		if i+1 < len(f.Steps) {
			f.Steps[i], f.Steps[i+1] = f.Steps[i+1], f.Steps[i]
		}
	case "remove":
		f.Steps = slices.Delete(f.Steps, i, i+1)
	default:
		return false
	}
	return true
}

// input turns the form into what the journey service takes. Problems are
// what the form itself can tell (an amount that is not a number); the
// service checks the rest.
func (f journeyForm) input(currency string) (journey.Input, purna.Problems) {
	var p purna.Problems
	in := journey.Input{Name: f.Name, Kind: journey.Kind(f.Kind), Trigger: timeline.Type(f.Trigger),
		Reentry: journey.Reentry(f.Reentry), ExitOn: []timeline.Type{}, Steps: []journey.Step{}}
	if f.Trigger == customTrigger {
		in.Trigger = timeline.Type(f.Custom)
		if f.Custom != "" && (!eventTypePattern.MatchString(f.Custom) || len(f.Custom) > 64) {
			p.Add("trigger", "must be lower-case words joined by dots")
		}
	}

	c := &in.Conditions
	if f.MinTotal != "" {
		amount, err := purna.ParseAmount(f.MinTotal, currency)
		switch {
		case err != nil:
			p.Add("conditions.min_total", err.Error())
		case amount < 0:
			p.Add("conditions.min_total", "must not be negative")
		case amount > 0:
			c.MinTotal = &amount
		}
	}
	for cat := range strings.SplitSeq(f.Categories, ",") {
		if cat = strings.TrimSpace(cat); cat != "" && !slices.Contains(c.Categories, cat) {
			c.Categories = append(c.Categories, cat)
		}
	}
	for _, loc := range i18n.Locales {
		if slices.Contains(f.Locales, loc) {
			c.Locales = append(c.Locales, loc)
		}
	}
	switch f.Orders {
	case "first", "repeat":
		first := f.Orders == "first"
		c.FirstOrder = &first
	}

	for _, t := range knownTriggers {
		if slices.Contains(f.ExitOn, string(t)) {
			in.ExitOn = append(in.ExitOn, t)
		}
	}
	for t := range strings.SplitSeq(f.ExitCustom, ",") {
		t = strings.TrimSpace(t)
		switch {
		case t == "" || slices.Contains(in.ExitOn, timeline.Type(t)):
		case !eventTypePattern.MatchString(t) || len(t) > 64:
			p.Add("exit_on", fmt.Sprintf("%q is not lower-case words joined by dots", t))
		default:
			in.ExitOn = append(in.ExitOn, timeline.Type(t))
		}
	}

	for i, sf := range f.Steps {
		in.Steps = append(in.Steps, sf.step(&p, fmt.Sprintf("steps[%d]", i)))
	}
	return in, p
}

// step turns one step of the form into a journey step, adding what is
// wrong with it to p under field (steps[2]).
func (sf stepForm) step(p *purna.Problems, field string) journey.Step {
	switch sf.Type {
	case "send":
		return journey.Step{Send: &journey.Send{Template: sf.Template, Channel: sf.Channel}}
	case "branch":
		var b journey.Branch
		if err := json.Unmarshal([]byte(sf.Branch), &b); err != nil {
			p.Add(field+".branch", "is not a branch this form can keep")
			return journey.Step{}
		}
		return journey.Step{Branch: &b}
	case "wait":
	default:
		return journey.Step{}
	}
	w := &journey.Wait{}
	n, err := strconv.Atoi(sf.Amount)
	if err != nil || n < 0 || n > 99999 {
		p.Add(field+".wait.duration", "must be a whole number")
	}
	unit := time.Duration(0)
	for _, u := range units {
		if u.name == sf.Unit {
			unit = u.d
		}
	}
	if unit == 0 {
		p.Add(field+".wait.duration", "has no unit")
	}
	d := journey.Duration(time.Duration(n) * unit)
	switch sf.When {
	case "before", "after":
		w.Anchor, w.Offset = sf.Anchor, d
		if sf.When == "before" {
			w.Offset = -d
		}
		if !anchorPattern.MatchString(sf.Anchor) {
			p.Add(field+".wait.anchor", "must be event or a time the trigger carries, such as warranty_ends_at")
		}
	default:
		w.Duration = d
	}
	return journey.Step{Wait: w}
}

// splitDuration writes d as a whole number of the largest unit that fits:
// 72h is 3 days.
func splitDuration(d time.Duration) (amount, unit string) {
	d = d.Abs()
	for i := len(units) - 1; i >= 0; i-- {
		if u := units[i]; d >= u.d && d%u.d == 0 {
			return strconv.FormatInt(int64(d/u.d), 10), u.name
		}
	}
	if d == 0 {
		return "0", "days"
	}
	return strconv.FormatInt(int64(d.Round(time.Minute)/time.Minute), 10), "minutes"
}

// decimalAmount writes minor units as the decimal number ParseAmount
// reads back: 50000000 IDR is "500000", 1250 RON is "12.5".
func decimalAmount(minor int64, currency string) string {
	c, ok := purna.LookupCurrency(currency)
	if !ok || c.Exponent == 0 {
		return strconv.FormatInt(minor, 10)
	}
	s := strconv.FormatInt(minor, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if len(s) <= c.Exponent {
		s = strings.Repeat("0", c.Exponent-len(s)+1) + s
	}
	whole, frac := s[:len(s)-c.Exponent], strings.TrimRight(s[len(s)-c.Exponent:], "0")
	if frac != "" {
		whole += "." + frac
	}
	if neg {
		whole = "-" + whole
	}
	return whole
}

// amountStep is the <input type="number"> step for currency: 1 for
// rupiah, which people write without cents, 0.01 for lei.
func amountStep(currency string) string {
	c, ok := purna.LookupCurrency(currency)
	if !ok || c.Digits == 0 {
		return "1"
	}
	return "0." + strings.Repeat("0", c.Digits-1) + "1"
}
