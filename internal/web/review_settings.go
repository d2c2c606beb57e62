package web

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/review"
)

// reviewSettingsView is the data of the review settings: the publishing
// rules, the incentive, and what to paste into the store.
type reviewSettingsView struct {
	layout
	Rules     []ruleField
	Incentive []localeField
	// Problems are refused fields no input shows (a language Purna does
	// not know); Invalid shows the banner above the form.
	Problems []string
	Invalid  bool
	Notice   string
	Snippet  string
	Product  string
	Feed     string
}

// ruleField is one of the rules, as a checkbox with its explanation.
type ruleField struct {
	Name, Label, Hint string
	On                bool
}

// localeField is a text in one language: an input of the form.
type localeField struct {
	Name, Locale, Language string
	Value, Placeholder     string
	Err                    string
}

// reviewRuleNames are the rules' form names, in the order the page shows
// them.
var reviewRuleNames = []string{"auto_publish", "verified_only", "hold_with_photos", "hold_links", "allow_unverified"}

// ruleValues reads rules as the form's booleans and back.
func ruleValues(rules *review.Rules) map[string]*bool {
	return map[string]*bool{"auto_publish": &rules.AutoPublish, "verified_only": &rules.VerifiedOnly,
		"hold_with_photos": &rules.HoldWithPhotos, "hold_links": &rules.HoldLinks, "allow_unverified": &rules.AllowUnverified}
}

// handleReviewSettings handles "GET /reviews/settings".
func (s *Server) handleReviewSettings(w http.ResponseWriter, r *http.Request, v *viewer) {
	if s.reviews == nil {
		s.error(w, r, v, reviewNotFound())
		return
	}
	st, err := s.reviews.Settings(r.Context(), v.shop.ID)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	notice := ""
	if r.URL.Query().Has("saved") {
		notice = v.lang.T("reviews.settings.saved")
	}
	s.renderReviewSettings(w, r, v, http.StatusOK, st, nil, notice)
}

// handleReviewSettingsSave handles "POST /reviews/settings". Every
// "incentive.<locale>" field sent goes to the service, so that a language
// Purna does not know is refused rather than dropped without a word.
func (s *Server) handleReviewSettingsSave(w http.ResponseWriter, r *http.Request, v *viewer) {
	if s.reviews == nil {
		s.error(w, r, v, reviewNotFound())
		return
	}
	if err := r.ParseForm(); err != nil {
		s.error(w, r, v, purna.Errorf(purna.EINVALID, "The form could not be read."))
		return
	}
	st := &review.Settings{Incentive: map[string]string{}}
	for name, p := range ruleValues(&st.Rules) {
		*p = r.PostForm.Get(name) == "1"
	}
	for k, vals := range r.PostForm {
		if loc, ok := strings.CutPrefix(k, "incentive."); ok && len(vals) > 0 {
			st.Incentive[loc] = vals[0]
		}
	}
	// What was typed, before the service trims it, to show it again.
	typed := &review.Settings{Rules: st.Rules, Incentive: maps.Clone(st.Incentive)}
	err := s.reviews.SaveSettings(r.Context(), v.shop.ID, st)
	switch purna.ErrorCode(err) {
	case "":
		http.Redirect(w, r, localPath("/reviews/settings", url.Values{"saved": {"1"}}), http.StatusSeeOther)
	case purna.EINVALID:
		s.renderReviewSettings(w, r, v, http.StatusUnprocessableEntity, typed, purna.ErrorFields(err), "")
	default:
		s.error(w, r, v, err)
	}
}

// renderReviewSettings shows the form with st, and the service's problems
// in the page's language: an incentive too long next to its input, a
// language Purna does not know above the form.
func (s *Server) renderReviewSettings(w http.ResponseWriter, r *http.Request, v *viewer, status int, st *review.Settings,
	problems map[string]string, notice string) {
	l := v.lang
	d := reviewSettingsView{layout: s.layout(r, v, l.T("reviews.settings.title"), "reviews"), Notice: notice,
		Invalid: len(problems) > 0}
	values := ruleValues(&st.Rules)
	for _, name := range reviewRuleNames {
		d.Rules = append(d.Rules, ruleField{Name: name, Label: l.T("reviews.rule." + name),
			Hint: l.T("reviews.rule." + name + "_hint"), On: *values[name]})
	}
	errs := map[string]string{}
	for field, msg := range problems {
		loc, ok := strings.CutPrefix(field, "incentive.")
		switch {
		case ok && i18n.Supported(loc):
			errs[loc] = l.T("reviews.settings.err.incentive_long", "max", 200)
		case ok:
			d.Problems = append(d.Problems, l.T("reviews.settings.err.locale", "locale", loc))
		default:
			d.Problems = append(d.Problems, field+": "+msg)
		}
	}
	slices.Sort(d.Problems)
	for _, loc := range i18n.Locales {
		d.Incentive = append(d.Incentive, localeField{Name: "incentive." + loc, Locale: loc, Language: langNames[loc],
			Value: st.Incentive[loc], Placeholder: i18n.T(loc, "reviews.settings.incentive_example"), Err: errs[loc]})
	}
	base := s.publicBase(r) + "/w/" + v.shop.ID
	d.Snippet = `<div data-purna-reviews data-product="SKU"></div>` + "\n" + `<script src="` + base + `/reviews.js" async></script>`
	d.Product = base + "/products/SKU"
	d.Feed = base + "/reviews.xml"
	s.render(w, r, status, "review_settings", d)
}
