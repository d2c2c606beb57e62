package web

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/survey"
)

// surveySettingsView is the data of the survey settings: the shop's own
// wording of each survey's question, and its extra questions.
type surveySettingsView struct {
	layout
	Questions []surveyQuestionField
	Extra     []extraQuestionView
	Max       int
	CanAdd    bool
	ExtraErr  string
	// Problems are refused fields no input shows; Invalid shows the
	// banner above the form.
	Problems []string
	Invalid  bool
	Notice   string
}

// surveyQuestionField is one survey's question in each language; an empty
// input sends the shipped wording, shown as its placeholder.
type surveyQuestionField struct {
	Kind, Label string
	Locales     []localeField
}

// extraQuestionView is one row of the extra questions.
type extraQuestionView struct {
	Index, N    int
	ID, IDErr   string
	Types       []option
	TypeErr     string
	Labels      []localeField
	LabelErr    string
	Choices     []localeField
	ChoicesErr  string
	Kinds       []option
	KindsErr    string
	RemoveLabel string
	IDName      string
}

// surveySettingsForm is the form as sent: the wording by kind and locale,
// and the rows of extra questions in the order shown.
type surveySettingsForm struct {
	Questions map[survey.Kind]map[string]string
	Extra     []extraQuestionForm
}

// extraQuestionForm is one row as sent; Choices are one per line.
type extraQuestionForm struct {
	ID, Type string
	Label    map[string]string
	Choices  map[string]string
	Kinds    []string
}

// blank reports whether nothing was typed in the row: a row added and
// left empty is dropped rather than refused.
func (q extraQuestionForm) blank() bool {
	if q.ID != "" || len(q.Kinds) > 0 {
		return false
	}
	for _, loc := range i18n.Locales {
		if q.Label[loc] != "" || q.Choices[loc] != "" {
			return false
		}
	}
	return true
}

// maxExtraRows bounds the rows a post is read for: more than the service
// takes, so that it is the one saying how many it takes.
const maxExtraRows = survey.MaxQuestions + 5

// surveySettingsFormOf is the form showing st.
func surveySettingsFormOf(st *survey.Settings) surveySettingsForm {
	f := surveySettingsForm{Questions: map[survey.Kind]map[string]string{}}
	for k, byLoc := range st.Questions {
		f.Questions[k] = map[string]string{}
		for loc, text := range byLoc {
			f.Questions[k][loc] = text
		}
	}
	for _, q := range st.Extra {
		row := extraQuestionForm{ID: q.ID, Type: string(q.Type), Label: map[string]string{}, Choices: map[string]string{}}
		for loc, text := range q.Label {
			row.Label[loc] = text
		}
		for loc, cs := range q.Choices {
			row.Choices[loc] = strings.Join(cs, "\n")
		}
		for _, k := range q.Kinds {
			row.Kinds = append(row.Kinds, string(k))
		}
		f.Extra = append(f.Extra, row)
	}
	return f
}

// parseSurveySettingsForm reads the posted form: questions.<kind>.<locale>,
// and extra.<n>.id, .type, .label.<locale>, .choices.<locale> and .kinds
// for each row n from 0 until the first row missing its id field.
func parseSurveySettingsForm(r *http.Request) surveySettingsForm {
	pf := r.PostForm
	f := surveySettingsForm{Questions: map[survey.Kind]map[string]string{}}
	for _, k := range survey.Kinds {
		for _, loc := range i18n.Locales {
			if text := strings.TrimSpace(pf.Get("questions." + string(k) + "." + loc)); text != "" {
				if f.Questions[k] == nil {
					f.Questions[k] = map[string]string{}
				}
				f.Questions[k][loc] = text
			}
		}
	}
	for i := range maxExtraRows {
		p := "extra." + strconv.Itoa(i) + "."
		if _, ok := pf[p+"id"]; !ok {
			break
		}
		row := extraQuestionForm{ID: strings.TrimSpace(pf.Get(p + "id")), Type: pf.Get(p + "type"),
			Label: map[string]string{}, Choices: map[string]string{}, Kinds: pf[p+"kinds"]}
		for _, loc := range i18n.Locales {
			row.Label[loc] = strings.TrimSpace(pf.Get(p + "label." + loc))
			row.Choices[loc] = strings.TrimSpace(pf.Get(p + "choices." + loc))
		}
		f.Extra = append(f.Extra, row)
	}
	return f
}

// apply carries out the row buttons: add, and remove:N for row N. It
// reports whether op was one.
func (f *surveySettingsForm) apply(op string) bool {
	if op == "add" {
		if len(f.Extra) < survey.MaxQuestions {
			f.Extra = append(f.Extra, extraQuestionForm{Type: string(survey.TextQuestion),
				Label: map[string]string{}, Choices: map[string]string{}})
		}
		return true
	}
	n, ok := strings.CutPrefix(op, "remove:")
	i, err := strconv.Atoi(n)
	if !ok || err != nil || i < 0 || i >= len(f.Extra) {
		return false
	}
	f.Extra = slices.Delete(f.Extra, i, i+1)
	return true
}

// settings turns the form into the service's settings, leaving out the
// blank rows. rows[i] is the form row of settings.Extra[i], to put the
// service's problems back next to the right row.
func (f surveySettingsForm) settings() (*survey.Settings, []int) {
	st := &survey.Settings{Questions: map[survey.Kind]map[string]string{}}
	for k, byLoc := range f.Questions {
		st.Questions[k] = map[string]string{}
		for loc, text := range byLoc {
			st.Questions[k][loc] = text
		}
	}
	var rows []int
	for i, row := range f.Extra {
		if row.blank() {
			continue
		}
		q := survey.Question{ID: row.ID, Type: survey.QuestionType(row.Type), Label: map[string]string{}}
		for _, k := range row.Kinds {
			q.Kinds = append(q.Kinds, survey.Kind(k))
		}
		for _, loc := range i18n.Locales {
			if row.Label[loc] != "" {
				q.Label[loc] = row.Label[loc]
			}
			if q.Type != survey.ChoiceQuestion {
				continue
			}
			var cs []string
			for _, c := range strings.Split(row.Choices[loc], "\n") {
				if c = strings.TrimSpace(c); c != "" {
					cs = append(cs, c)
				}
			}
			if len(cs) > 0 {
				if q.Choices == nil {
					q.Choices = map[string][]string{}
				}
				q.Choices[loc] = cs
			}
		}
		st.Extra = append(st.Extra, q)
		rows = append(rows, i)
	}
	return st, rows
}

// handleSurveySettings handles "GET /feedback/settings".
func (s *Server) handleSurveySettings(w http.ResponseWriter, r *http.Request, v *viewer) {
	if s.surveys == nil {
		s.error(w, r, v, feedbackNotFound())
		return
	}
	st, err := s.surveys.Settings(r.Context(), v.shop.ID)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	notice := ""
	if r.URL.Query().Has("saved") {
		notice = v.lang.T("feedback.settings.saved")
	}
	s.renderSurveySettings(w, r, v, http.StatusOK, surveySettingsFormOf(st), nil, nil, notice)
}

// handleSurveySettingsSave handles "POST /feedback/settings". The row
// buttons (op=add, remove:2) change the form and show it again without
// saving, so the page works without JavaScript; op=save saves through the
// survey service and shows the form again with the problems next to
// their fields when it refuses. Nothing is stored then.
func (s *Server) handleSurveySettingsSave(w http.ResponseWriter, r *http.Request, v *viewer) {
	if s.surveys == nil {
		s.error(w, r, v, feedbackNotFound())
		return
	}
	if err := r.ParseForm(); err != nil {
		s.error(w, r, v, purna.Errorf(purna.EINVALID, "The form could not be read."))
		return
	}
	f := parseSurveySettingsForm(r)
	if op := r.PostForm.Get("op"); op != "save" && f.apply(op) {
		s.renderSurveySettings(w, r, v, http.StatusOK, f, nil, nil, "")
		return
	}
	st, rows := f.settings()
	err := s.surveys.SaveSettings(r.Context(), v.shop.ID, st)
	switch purna.ErrorCode(err) {
	case "":
		http.Redirect(w, r, localPath("/feedback/settings", url.Values{"saved": {"1"}}), http.StatusSeeOther)
	case purna.EINVALID:
		s.renderSurveySettings(w, r, v, http.StatusUnprocessableEntity, f, purna.ErrorFields(err), rows, "")
	default:
		s.error(w, r, v, err)
	}
}

// extraField matches an extra question's field as Settings.Validate names
// it: extra[1].id.
var extraField = regexp.MustCompile(`^extra\[(\d+)\]\.(\w+)$`)

// renderSurveySettings shows the form f with the service's problems in
// the page's language, each next to its field; rows maps the service's
// question index to the form's row.
func (s *Server) renderSurveySettings(w http.ResponseWriter, r *http.Request, v *viewer, status int, f surveySettingsForm,
	problems map[string]string, rows []int, notice string) {
	l := v.lang
	d := surveySettingsView{layout: s.layout(r, v, l.T("feedback.settings.title"), "feedback"), Notice: notice,
		Invalid: len(problems) > 0, Max: survey.MaxQuestions, CanAdd: len(f.Extra) < survey.MaxQuestions}
	qErrs := map[string]string{}                       // "nps.id" → problem
	rowErrs := make([]map[string]string, len(f.Extra)) // per form row, field → problem
	for i := range rowErrs {
		rowErrs[i] = map[string]string{}
	}
	for field, msg := range problems {
		if rest, ok := strings.CutPrefix(field, "questions."); ok && strings.Count(rest, ".") == 1 {
			qErrs[rest] = l.T("feedback.settings.err.question_long", "max", 200)
			continue
		}
		if field == "extra" {
			d.ExtraErr = l.T("feedback.settings.err.too_many", "max", survey.MaxQuestions)
			continue
		}
		if m := extraField.FindStringSubmatch(field); m != nil {
			i, _ := strconv.Atoi(m[1])
			if i < len(rows) && rows[i] < len(rowErrs) {
				row := rows[i]
				key := m[2]
				if key == "id" && f.idTaken(row) {
					key = "id_taken"
				}
				if t := "feedback.settings.err." + key; l.T(t) != t {
					rowErrs[row][m[2]] = l.T(t)
					continue
				}
			}
		}
		d.Problems = append(d.Problems, field+": "+msg)
	}
	slices.Sort(d.Problems)

	for _, k := range survey.Kinds {
		qf := surveyQuestionField{Kind: string(k), Label: l.T("feedback.settings.question_of", "kind", surveyKindLabel(l, k))}
		for _, loc := range i18n.Locales {
			key := string(k) + "." + loc
			qf.Locales = append(qf.Locales, localeField{Name: "questions." + key, Locale: loc, Language: langNames[loc],
				Value: f.Questions[k][loc], Placeholder: i18n.T(loc, "survey."+string(k)+".question"), Err: qErrs[key]})
		}
		d.Questions = append(d.Questions, qf)
	}
	for i, row := range f.Extra {
		p := "extra." + strconv.Itoa(i) + "."
		errs := rowErrs[i]
		ev := extraQuestionView{Index: i, N: i + 1, ID: row.ID, IDName: p + "id", IDErr: errs["id"],
			TypeErr: errs["type"], LabelErr: errs["label"], ChoicesErr: errs["choices"], KindsErr: errs["kinds"],
			RemoveLabel: l.T("feedback.settings.remove_n", "n", i+1)}
		for _, t := range []survey.QuestionType{survey.TextQuestion, survey.ChoiceQuestion} {
			ev.Types = append(ev.Types, option{Value: string(t), Label: l.T("feedback.settings.type." + string(t)),
				Selected: row.Type == string(t)})
		}
		for _, loc := range i18n.Locales {
			ev.Labels = append(ev.Labels, localeField{Name: p + "label." + loc, Locale: loc, Language: langNames[loc],
				Value: row.Label[loc]})
			ev.Choices = append(ev.Choices, localeField{Name: p + "choices." + loc, Locale: loc, Language: langNames[loc],
				Value: row.Choices[loc]})
		}
		for _, k := range survey.Kinds {
			ev.Kinds = append(ev.Kinds, option{Value: string(k), Label: surveyKindLabel(l, k),
				Selected: slices.Contains(row.Kinds, string(k))})
		}
		d.Extra = append(d.Extra, ev)
	}
	s.render(w, r, status, "feedback_settings", d)
}

// idTaken reports whether an earlier row of the form uses row's id: what
// the service means when it refuses a well-formed id.
func (f surveySettingsForm) idTaken(row int) bool {
	id := f.Extra[row].ID
	for _, q := range f.Extra[:row] {
		if q.ID == id && !q.blank() {
			return true
		}
	}
	return false
}
