package web

import (
	"cmp"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/message"
)

// journeyEditView is the data of the journey editor, for a new journey or
// an existing one.
type journeyEditView struct {
	layout
	Heading, Action, Cancel string
	New                     bool
	Form                    journeyForm
	// Errs holds a translated problem per field name ("name",
	// "steps[2].wait.duration"); Invalid shows the banner above the form.
	Errs       map[string]string
	Invalid    bool
	Kinds      []option
	Triggers   []option
	Locales    []option
	Orders     []option
	Reentries  []option
	Exits      []option
	Steps      []stepView
	Anchors    []string
	Currency   string
	AmountStep string
	// KindLabel and TriggerText show an existing journey's kind and
	// trigger, which the editor does not change.
	KindLabel, TriggerText string
}

// stepView is one step of the editor.
type stepView struct {
	Index, N                int
	Type, Label, Icon       string
	Branch, BranchText      string
	Amount, Anchor          string
	Units, Whens            []option
	Templates, Channels     []option
	Err, DurationErr        string
	AnchorErr               string
	TemplateErr, ChannelErr string
	First, Last             bool
}

// anchorSuggestions are times trigger events often carry, offered in the
// anchor field; any other field name works too.
var anchorSuggestions = []string{"event", "delivered_at", "warranty_ends_at", "maintenance_due_at", "promised_at"}

// handleJourneyNew handles "GET /journeys/new".
func (s *Server) handleJourneyNew(w http.ResponseWriter, r *http.Request, v *viewer) {
	if s.journeys == nil || s.editor == nil {
		s.error(w, r, v, purna.Errorf(purna.ENOTFOUND, "Page not found."))
		return
	}
	s.renderJourneyEdit(w, r, v, nil, newJourneyForm(), nil, http.StatusOK)
}

// handleJourneyEdit handles "GET /journeys/{id}/edit".
func (s *Server) handleJourneyEdit(w http.ResponseWriter, r *http.Request, v *viewer) {
	j, ok := s.editableJourney(w, r, v)
	if !ok {
		return
	}
	s.renderJourneyEdit(w, r, v, j, journeyFormOf(j, journeyName(v.lang, j), v.shop.Currency), nil, http.StatusOK)
}

// handleJourneyCreate handles "POST /journeys/new".
func (s *Server) handleJourneyCreate(w http.ResponseWriter, r *http.Request, v *viewer) {
	if s.journeys == nil || s.editor == nil {
		s.error(w, r, v, purna.Errorf(purna.ENOTFOUND, "Page not found."))
		return
	}
	s.submitJourney(w, r, v, nil)
}

// handleJourneySave handles "POST /journeys/{id}/edit".
func (s *Server) handleJourneySave(w http.ResponseWriter, r *http.Request, v *viewer) {
	j, ok := s.editableJourney(w, r, v)
	if !ok {
		return
	}
	s.submitJourney(w, r, v, j)
}

// editableJourney loads the shop's journey {id}, or writes the error page.
// Another shop's journey is not found.
func (s *Server) editableJourney(w http.ResponseWriter, r *http.Request, v *viewer) (*journey.Journey, bool) {
	id := r.PathValue("id")
	if s.journeys == nil || s.editor == nil || !purna.ValidID(id) {
		s.error(w, r, v, purna.Errorf(purna.ENOTFOUND, "Journey not found."))
		return nil, false
	}
	j, err := s.journeys.FindJourneyByID(r.Context(), v.shop.ID, id)
	if err != nil {
		s.error(w, r, v, err)
		return nil, false
	}
	return j, true
}

// submitJourney handles a post of the editor for j, or a new journey when
// j is nil. The step buttons (op=add_wait, up:2, …) change the form and
// show it again without saving, so the editor works without JavaScript;
// op=save saves through the journey service, the one the API uses, and
// shows the form again with the problems next to their fields when it
// refuses. Nothing is stored then.
func (s *Server) submitJourney(w http.ResponseWriter, r *http.Request, v *viewer, j *journey.Journey) {
	f := parseJourneyForm(r)
	if j != nil {
		// Kind and trigger are fixed once a journey exists.
		f.Kind, f.Trigger, f.Custom = string(j.Kind), string(j.Trigger), ""
		if !slices.Contains(knownTriggers, j.Trigger) {
			f.Trigger, f.Custom = customTrigger, string(j.Trigger)
		}
	}
	if op := r.PostFormValue("op"); op != "save" && f.apply(op) {
		s.renderJourneyEdit(w, r, v, j, f, nil, http.StatusOK)
		return
	}
	in, problems := f.input(v.shop.Currency)
	if len(problems) > 0 {
		// Show what the service would say about the rest too.
		check := journey.Journey{Name: in.Name, Kind: in.Kind, Trigger: in.Trigger, Steps: in.Steps, Reentry: in.Reentry}
		problems.Merge("", purna.ErrorFields(check.Validate()))
		s.renderJourneyEdit(w, r, v, j, f, problems, http.StatusUnprocessableEntity)
		return
	}
	ctx := r.Context()
	var err error
	if j == nil {
		j, err = s.editor.Create(ctx, v.shop.ID, in)
	} else {
		// A default journey whose translated name was left as it was
		// keeps its shipped name, and with it its translations.
		if name, ok := defaultNames[j.Key]; ok && name == j.Name && in.Name == journeyName(v.lang, j) {
			in.Name = j.Name
		}
		j, err = s.editor.Update(ctx, v.shop.ID, j.ID, journey.Update{Name: &in.Name, Conditions: &in.Conditions,
			Steps: &in.Steps, ExitOn: &in.ExitOn, Reentry: &in.Reentry})
	}
	if fields := purna.ErrorFields(err); len(fields) > 0 {
		s.renderJourneyEdit(w, r, v, j, f, fields, http.StatusUnprocessableEntity)
		return
	} else if err != nil {
		s.error(w, r, v, err)
		return
	}
	http.Redirect(w, r, "/journeys/"+j.ID, http.StatusSeeOther)
}

// renderJourneyEdit shows the editor with f for j (nil for a new
// journey), with problems next to their fields.
func (s *Server) renderJourneyEdit(w http.ResponseWriter, r *http.Request, v *viewer, j *journey.Journey, f journeyForm,
	problems map[string]string, status int) {
	l := v.lang
	d := journeyEditView{Form: f, New: j == nil, Errs: map[string]string{}, Invalid: len(problems) > 0,
		Anchors: anchorSuggestions, Currency: v.shop.Currency, AmountStep: amountStep(v.shop.Currency)}
	for field, msg := range problems {
		d.Errs[field] = fieldError(l, field, msg)
	}
	if j == nil {
		d.Heading, d.Action, d.Cancel = l.T("journeys.edit.new_title"), "/journeys/new", "/journeys"
	} else {
		d.Heading, d.Action, d.Cancel = l.T("journeys.edit.title", "name", journeyName(l, j)), "/journeys/"+j.ID+"/edit", "/journeys/"+j.ID
	}
	d.layout = s.layout(r, v, d.Heading, "journeys")
	if j != nil {
		d.KindLabel, d.TriggerText = l.T("kind."+string(j.Kind)), whenText(l, j.Trigger)
	}

	for _, k := range []journey.Kind{journey.Transactional, journey.Marketing} {
		d.Kinds = append(d.Kinds, option{Value: string(k), Label: l.T("kind." + string(k)), Selected: f.Kind == string(k)})
	}
	for _, t := range knownTriggers {
		d.Triggers = append(d.Triggers, option{Value: string(t), Label: whenText(l, t), Selected: f.Trigger == string(t)})
		d.Exits = append(d.Exits, option{Value: string(t), Label: whenText(l, t), Selected: slices.Contains(f.ExitOn, string(t))})
	}
	d.Triggers = append(d.Triggers, option{Value: customTrigger, Label: l.T("journeys.edit.custom_event"), Selected: f.Trigger == customTrigger})
	for _, loc := range i18n.Locales {
		d.Locales = append(d.Locales, option{Value: loc, Label: langNames[loc], Selected: slices.Contains(f.Locales, loc)})
	}
	for _, o := range []string{"any", "first", "repeat"} {
		d.Orders = append(d.Orders, option{Value: o, Label: l.T("journeys.edit.orders." + o), Selected: f.Orders == o || (o == "any" && f.Orders == "")})
	}
	for _, re := range []journey.Reentry{journey.PerOrder, journey.PerCustomer, journey.EveryTime} {
		d.Reentries = append(d.Reentries, option{Value: string(re), Label: l.T("journeys.reentry." + string(re)), Selected: f.Reentry == string(re)})
	}
	for i, sf := range f.Steps {
		d.Steps = append(d.Steps, newStepView(l, i, len(f.Steps), sf, d.Errs, v.shop.Currency))
	}
	s.render(w, r, status, "journey_edit", d)
}

// newStepView lays out step i of n, with its problems from errs.
func newStepView(l lang, i, n int, sf stepForm, errs map[string]string, currency string) stepView {
	field := "steps[" + strconv.Itoa(i) + "]"
	sv := stepView{Index: i, N: i + 1, Type: sf.Type, Amount: sf.Amount, Anchor: sf.Anchor, First: i == 0, Last: i == n-1,
		Err: errs[field], DurationErr: errs[field+".wait.duration"], AnchorErr: errs[field+".wait.anchor"],
		TemplateErr: errs[field+".send.template"], ChannelErr: errs[field+".send.channel"]}
	switch sf.Type {
	case "branch":
		sv.Label, sv.Icon, sv.Branch = l.T("journeys.flow.branch"), "filter", sf.Branch
		var b journey.Branch
		if json.Unmarshal([]byte(sf.Branch), &b) == nil {
			sv.BranchText = branchText(l, &b, currency)
		}
		sv.Err = cmp.Or(sv.Err, errs[field+".branch"], errs[field+".branch.else_step"])
	case "wait":
		sv.Label, sv.Icon = l.T("journeys.flow.wait"), "clock"
		for _, u := range units {
			sv.Units = append(sv.Units, option{Value: u.name, Label: l.T("journeys.edit.unit." + u.name), Selected: sf.Unit == u.name})
		}
		for _, wh := range []string{"previous", "before", "after"} {
			sv.Whens = append(sv.Whens, option{Value: wh, Label: l.T("journeys.edit.when." + wh), Selected: sf.When == wh})
		}
	default:
		sv.Type, sv.Label, sv.Icon = "send", l.T("journeys.edit.send"), "mail"
		keys := message.Keys()
		if sf.Template != "" && !slices.Contains(keys, message.Key(sf.Template)) {
			// Keep a template Purna does not know, so saving says so
			// rather than quietly picking another.
			sv.Templates = append(sv.Templates, option{Value: sf.Template, Label: sf.Template, Selected: true})
		}
		for _, k := range keys {
			sv.Templates = append(sv.Templates, option{Value: string(k), Label: templateName(l, string(k)), Selected: sf.Template == string(k)})
		}
		for _, c := range journey.Channels {
			sv.Channels = append(sv.Channels, option{Value: c, Label: l.T("channel." + c), Selected: sf.Channel == c})
		}
	}
	return sv
}

// stepField matches a step's field name: steps[2].wait.duration.
var stepField = regexp.MustCompile(`^steps\[\d+\](?:\.(\w+\.\w+))?$`)

// fieldError says what is wrong with field in the UI's language. The
// journey service words its problems in English for the API; the editor
// knows which field each is about and says it in its own words. A problem
// it has no words for is shown as the service wrote it.
func fieldError(l lang, field, msg string) string {
	key := ""
	switch field {
	case "name", "kind", "trigger", "reentry", "steps", "exit_on", "key":
		key = field
	case "conditions.min_total":
		key = "min_total"
	default:
		if m := stepField.FindStringSubmatch(field); m != nil {
			key = map[string]string{"": "step", "wait.duration": "duration", "wait.anchor": "anchor",
				"send.template": "template", "send.channel": "channel"}[m[1]]
		}
	}
	if key == "" {
		return msg
	}
	return l.T("journeys.edit.err." + key)
}
