package portal

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/survey"
)

// SurveyService records survey answers; survey.Service implements it.
type SurveyService interface {
	Parse(token string) (survey.Link, error)
	Answer(ctx context.Context, token string, score int, locale string) (*survey.Response, error)
	AddComment(ctx context.Context, token string, in survey.Comment) (*survey.Response, error)
	FindByToken(ctx context.Context, token string) (*survey.Response, survey.Link, error)
	Settings(ctx context.Context, shopID purna.ID) (*survey.Settings, error)
}

// surveyView is the survey page: the question with its scores, and once
// a score is chosen, the "why" and the shop's own questions.
type surveyView struct {
	Action   string
	Kind     string
	Question string
	Scores   []scoreView
	// Low and High name the ends of the scale.
	Low, High string
	// Chosen is the score picked (in the link or the stored answer); -1
	// for none yet. Auto submits it as soon as the page loads.
	Chosen   int
	Auto     bool
	Comment  string
	Extra    []questionView
	Thanks   string
	Saved    bool
	Problems []string
	// Review invites a promoter to review the shop on Google.
	Review string
}

type scoreView struct {
	Score   int
	Label   string
	Checked bool
}

type questionView struct {
	Name, Label, Value string
	Choices            []string
}

// surveyScript answers with the score in the link as soon as the page
// opens. It runs only in a browser: the mail scanners that open every link
// of an email to check it do not run it, so they answer nothing, and the
// last link they open does not become the customer's answer.
const surveyScript = `document.addEventListener("DOMContentLoaded",function(){var f=document.getElementById("auto");` +
	`if(!f)return;fetch(f.action,{method:"POST",body:new URLSearchParams(new FormData(f)),credentials:"omit"}).catch(function(){})});`

var surveyScriptHash = func() string {
	h := sha256.Sum256([]byte(surveyScript))
	return "'sha256-" + base64.StdEncoding.EncodeToString(h[:]) + "'"
}()

// handleSurvey handles "GET /s/{token}", "GET /s/{token}/{score}" and
// "POST /s/{token}".
func (s *Server) handleSurvey(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	token := r.PathValue("token")
	browser := r.Header.Get("Accept-Language")
	l, err := s.Surveys.Parse(token)
	if err != nil {
		s.surveyFail(w, http.StatusNotFound, nil, i18n.Match(browser, "id"))
		return
	}
	sh, err := s.Shops.FindShopByID(ctx, l.ShopID)
	if err != nil {
		s.surveyFail(w, http.StatusNotFound, nil, i18n.Match(browser, "id"))
		return
	}
	lang := i18n.Match(browser, sh.Locale)
	if c, err := s.Customers.FindByID(ctx, l.ShopID, l.CustomerID); err == nil && purna.ValidLocale(c.Locale) {
		lang = c.Locale
	}
	settings, err := s.Surveys.Settings(ctx, l.ShopID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	sv := newSurveyView(l.Kind, lang, settings)
	sv.Action = "/s/" + token
	resp, _, err := s.Surveys.FindByToken(ctx, token)
	switch {
	case err == nil:
		sv.Chosen, sv.Comment = resp.Score, resp.Comment
		for i := range sv.Extra {
			sv.Extra[i].Value = resp.Answers[strings.TrimPrefix(sv.Extra[i].Name, "q_")]
		}
	case purna.ErrorCode(err) != purna.ENOTFOUND:
		s.serverError(w, r, err)
		return
	}
	status := http.StatusOK
	switch {
	case r.Method == http.MethodPost:
		status = s.saveSurvey(ctx, r, token, lang, sv)
		if status == http.StatusNoContent {
			w.WriteHeader(status) // the page's own answer, sent while it loads
			return
		}
	case r.PathValue("score") != "":
		n, err := strconv.Atoi(r.PathValue("score"))
		if lo, hi := l.Kind.Scale(); err != nil || n < lo || n > hi {
			s.surveyFail(w, http.StatusNotFound, sh, lang)
			return
		}
		sv.Chosen, sv.Auto = n, true
	}
	if sv.Chosen >= 0 {
		sv.Thanks = i18n.T(lang, "survey.thanks_score", "score", strconv.Itoa(sv.Chosen))
		if l.Kind == survey.NPS && sv.Chosen >= 9 {
			sv.Review = googleReviewURL(sh)
		}
	}
	for i := range sv.Scores {
		sv.Scores[i].Checked = sv.Scores[i].Score == sv.Chosen
	}
	v := newPage(sh, lang, i18n.T(lang, "survey.title"))
	v.Survey = sv
	s.renderSurvey(w, status, v, sv.Auto)
}

// saveSurvey records a posted form: the score (from the page's script or
// the form) and, when sent, the comment and answers. It returns the status
// to answer with: 204 for the script, 200 or 422 for the form.
func (s *Server) saveSurvey(ctx context.Context, r *http.Request, token, lang string, sv *surveyView) int {
	if err := r.ParseForm(); err != nil {
		sv.Problems = append(sv.Problems, i18n.T(lang, "survey.err.score"))
		return http.StatusUnprocessableEntity
	}
	score, err := strconv.Atoi(r.PostForm.Get("score"))
	if err != nil {
		sv.Problems = append(sv.Problems, i18n.T(lang, "survey.err.score"))
		return http.StatusUnprocessableEntity
	}
	if _, err := s.Surveys.Answer(ctx, token, score, lang); err != nil {
		if purna.ErrorCode(err) == purna.EINTERNAL {
			s.Logger.Error("survey: answer", "err", err)
		}
		sv.Problems = append(sv.Problems, i18n.T(lang, "survey.err.score"))
		return http.StatusUnprocessableEntity
	}
	sv.Chosen = score
	if r.PostForm.Get("auto") == "1" {
		return http.StatusNoContent
	}
	in := survey.Comment{Comment: r.PostForm.Get("comment"), Answers: map[string]string{}}
	for i := range sv.Extra {
		q := &sv.Extra[i]
		q.Value = r.PostForm.Get(q.Name)
		in.Answers[strings.TrimPrefix(q.Name, "q_")] = q.Value
	}
	sv.Comment = in.Comment
	if _, err := s.Surveys.AddComment(ctx, token, in); err != nil {
		if purna.ErrorCode(err) == purna.EINTERNAL {
			s.Logger.Error("survey: comment", "err", err)
		}
		sv.Problems = append(sv.Problems, i18n.T(lang, "survey.err.comment"))
		return http.StatusUnprocessableEntity
	}
	sv.Saved = true
	return http.StatusOK
}

// newSurveyView lays out kind's question in lang, in the shop's words
// when it has its own.
func newSurveyView(k survey.Kind, lang string, st *survey.Settings) *surveyView {
	sv := &surveyView{Kind: string(k), Chosen: -1,
		Question: st.Question(k, lang), Low: i18n.T(lang, "survey."+string(k)+".low"), High: i18n.T(lang, "survey."+string(k)+".high")}
	if sv.Question == "" {
		sv.Question = i18n.T(lang, "survey."+string(k)+".question")
	}
	lo, hi := k.Scale()
	for n := lo; n <= hi; n++ {
		sc := scoreView{Score: n}
		if k == survey.CSAT {
			sc.Label = i18n.T(lang, "survey.csat."+strconv.Itoa(n))
		}
		sv.Scores = append(sv.Scores, sc)
	}
	for _, q := range st.Extra {
		if !q.Asks(k) {
			continue
		}
		label := q.Label[lang]
		for _, alt := range []string{"en", "id", "ro"} {
			if label == "" {
				label = q.Label[alt]
			}
		}
		qv := questionView{Name: "q_" + q.ID, Label: label}
		if q.Type == survey.ChoiceQuestion {
			qv.Choices = q.Choices[lang]
			for _, alt := range []string{"en", "id", "ro"} {
				if len(qv.Choices) == 0 {
					qv.Choices = q.Choices[alt]
				}
			}
		}
		sv.Extra = append(sv.Extra, qv)
	}
	return sv
}

// googleReviewURL is where the shop asks happy customers to review it on
// its Google Business Profile, or "" when it has not said.
func googleReviewURL(sh *shop.Shop) string {
	if u := sh.Brand.GoogleReviewURL; strings.HasPrefix(u, "https://") {
		return u
	}
	return ""
}

func (s *Server) surveyFail(w http.ResponseWriter, status int, sh *shop.Shop, lang string) {
	v := newPage(sh, lang, i18n.T(lang, "survey.invalid_title"))
	v.Headline, v.Summary = i18n.T(lang, "survey.invalid_title"), i18n.T(lang, "survey.invalid_body")
	s.renderPage(w, status, "message", v)
}

func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.Logger.Error("portal", "path", r.URL.Path, "err", err)
	http.Error(w, "Internal error.", http.StatusInternalServerError)
}

// renderSurvey writes the survey page; with auto, its one script may run.
func (s *Server) renderSurvey(w http.ResponseWriter, status int, v *pageView, auto bool) {
	if auto {
		v.Script = template.JS(surveyScript)
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; "+
			"script-src "+surveyScriptHash+"; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	}
	s.renderPage(w, status, "survey", v)
}
