package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/message"
)

// templateEditView is the data of the message editor: one message in one
// language, its parts in text areas and a preview on sample data.
type templateEditView struct {
	layout
	Key, Name, Locale, LocaleName string
	Kind, KindLabel               string
	// Edited: the shop sends its own wording, which Reset deletes.
	Edited bool
	Notice string
	Form   message.Template
	// Errs holds Parse's problem per part ("html": "line 3: …").
	Errs                         map[string]string
	Invalid                      bool
	Action, PreviewURL, ResetURL string
	Others                       []templateCell // the same message in the other languages
	Fields                       []string       // fields worth knowing, for the help
	Preview                      templatePreview
}

// templatePreview is a message rendered with message.Sample, or what
// stops it from rendering.
type templatePreview struct {
	Subject, HTML, Text, SMS string
	SMSInfo, SMSHint         string
	Problems                 []string // "html: line 3: …"
}

// helpFields are the fields the help lists; message.Data has them all.
var helpFields = []string{"{{.Customer.FirstName}}", "{{.Shop.Name}}", "{{.Order.Number}}", "{{.Order.Total}}",
	"{{.Shipment.Carrier}}", "{{.Shipment.TrackingURL}}", "{{.Product.Name}}", "{{.Links.TrackingPage}}",
	"{{.Links.Unsubscribe}}", `{{template "lines" .Order}}`}

// templateTarget reads {key} and {locale} from the path; an unknown one
// is not found.
func (s *Server) templateTarget(w http.ResponseWriter, r *http.Request, v *viewer) (message.Key, string, bool) {
	key, locale := message.Key(r.PathValue("key")), r.PathValue("locale")
	if s.templates == nil || !key.Valid() || !slices.Contains(message.Locales, locale) {
		s.error(w, r, v, purna.Errorf(purna.ENOTFOUND, "Message not found."))
		return "", "", false
	}
	return key, locale, true
}

// handleTemplateEdit handles "GET /messages/{key}/{locale}": the shop's
// wording, or the shipped one when it has none.
func (s *Server) handleTemplateEdit(w http.ResponseWriter, r *http.Request, v *viewer) {
	key, locale, ok := s.templateTarget(w, r, v)
	if !ok {
		return
	}
	t, edited, err := s.currentTemplate(r, v, key, locale)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	notice := ""
	switch q := r.URL.Query(); {
	case q.Has("saved"):
		notice = v.lang.T("messages.saved")
	case q.Has("reset"):
		notice = v.lang.T("messages.reset_done")
	}
	s.renderTemplateEdit(w, r, v, t, edited, notice, nil, http.StatusOK)
}

// handleTemplateSave handles "POST /messages/{key}/{locale}". The store
// checks the template with message.Parse: one that does not compile comes
// back with the problem next to its part, and nothing is stored.
func (s *Server) handleTemplateSave(w http.ResponseWriter, r *http.Request, v *viewer) {
	key, locale, ok := s.templateTarget(w, r, v)
	if !ok {
		return
	}
	t := templateFromForm(r, key, locale)
	err := s.templates.SaveTemplate(r.Context(), v.shop.ID, t, s.now())
	if fields := purna.ErrorFields(err); len(fields) > 0 {
		_, edited, ferr := s.currentTemplate(r, v, key, locale)
		if ferr != nil {
			s.error(w, r, v, ferr)
			return
		}
		s.renderTemplateEdit(w, r, v, t, edited, "", fields, http.StatusUnprocessableEntity)
		return
	} else if err != nil {
		s.error(w, r, v, err)
		return
	}
	http.Redirect(w, r, templateURL(key, locale)+"?saved=1", http.StatusSeeOther)
}

// handleTemplatePreview handles "POST /messages/{key}/{locale}/preview":
// the editor again, with the preview of what was sent and nothing saved.
// The live preview posts here as the merchant types and takes the parts
// marked data-live out of the page.
func (s *Server) handleTemplatePreview(w http.ResponseWriter, r *http.Request, v *viewer) {
	key, locale, ok := s.templateTarget(w, r, v)
	if !ok {
		return
	}
	_, edited, err := s.currentTemplate(r, v, key, locale)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	t := templateFromForm(r, key, locale)
	_, perr := message.Parse(t)
	s.renderTemplateEdit(w, r, v, t, edited, v.lang.T("messages.unsaved"), purna.ErrorFields(perr), http.StatusOK)
}

// handleTemplateReset handles "POST /messages/{key}/{locale}/reset": the
// shop's wording is deleted and the shipped one is sent again.
func (s *Server) handleTemplateReset(w http.ResponseWriter, r *http.Request, v *viewer) {
	key, locale, ok := s.templateTarget(w, r, v)
	if !ok {
		return
	}
	if err := s.templates.DeleteTemplate(r.Context(), v.shop.ID, key, locale); err != nil {
		s.error(w, r, v, err)
		return
	}
	http.Redirect(w, r, templateURL(key, locale)+"?reset=1", http.StatusSeeOther)
}

// currentTemplate returns what the shop sends for key in locale, and
// whether it is the shop's own wording.
func (s *Server) currentTemplate(r *http.Request, v *viewer, key message.Key, locale string) (message.Template, bool, error) {
	t, err := s.templates.FindTemplate(r.Context(), v.shop.ID, key, locale)
	if err == nil {
		return t, true, nil
	} else if purna.ErrorCode(err) != purna.ENOTFOUND {
		return t, false, err
	}
	t, err = message.Default(key, locale)
	return t, false, err
}

// templateFromForm reads the parts from the posted form. Browsers send
// text areas with CRLF line ends; templates keep LF, so that line numbers
// in problems match what the merchant sees.
func templateFromForm(r *http.Request, key message.Key, locale string) message.Template {
	part := func(name string) string { return strings.ReplaceAll(r.PostFormValue(name), "\r\n", "\n") }
	return message.Template{Key: key, Locale: locale, Subject: strings.TrimSpace(part("subject")),
		HTML: part("html"), Text: part("text"), SMS: strings.TrimSpace(part("sms"))}
}

// renderTemplateEdit shows the editor with t, problems next to their parts,
// and the preview of t.
func (s *Server) renderTemplateEdit(w http.ResponseWriter, r *http.Request, v *viewer, t message.Template, edited bool,
	notice string, problems map[string]string, status int) {
	l := v.lang
	u := templateURL(t.Key, t.Locale)
	d := templateEditView{Key: string(t.Key), Name: templateName(l, string(t.Key)), Locale: t.Locale,
		LocaleName: langNames[t.Locale], Kind: string(t.Key.Kind()), KindLabel: l.T("kind." + string(t.Key.Kind())),
		Edited: edited, Notice: notice, Form: t, Errs: problems, Invalid: status == http.StatusUnprocessableEntity,
		Action: u, PreviewURL: u + "/preview", ResetURL: u + "/reset", Fields: helpFields}
	d.layout = s.layout(r, v, l.T("messages.edit_title", "name", d.Name, "lang", d.LocaleName), "messages")
	for _, loc := range message.Locales {
		if loc != t.Locale {
			d.Others = append(d.Others, templateCell{Locale: loc, URL: templateURL(t.Key, loc), Label: langNames[loc]})
		}
	}
	d.Preview = renderPreview(l, t, problems)
	s.render(w, r, status, "template_edit", d)
}

// renderPreview renders t with the sample data of its key and language.
// problems, when there are any, are shown instead: a template that does
// not compile has nothing to show.
func renderPreview(l lang, t message.Template, problems map[string]string) templatePreview {
	var p templatePreview
	if len(problems) == 0 {
		c, err := message.Parse(t)
		if err != nil {
			problems = purna.ErrorFields(err)
			if len(problems) == 0 {
				problems = map[string]string{"": purna.ErrorMessage(err)}
			}
		} else {
			out, err := c.Render(message.Sample(t.Key, t.Locale))
			if err != nil {
				problems = map[string]string{"": purna.ErrorMessage(err)}
			}
			p.Subject, p.HTML, p.Text, p.SMS = out.Subject, out.HTML, out.Text, out.SMS
		}
	}
	for _, part := range append(message.Parts(), "key", "locale", "") {
		if msg, ok := problems[part]; ok {
			if part != "" {
				msg = part + ": " + msg
			}
			p.Problems = append(p.Problems, msg)
		}
	}
	if len(p.Problems) > 0 {
		return templatePreview{Problems: p.Problems}
	}
	if p.SMS != "" {
		m := measureSMS(p.SMS)
		p.SMSInfo = l.T("messages.sms_count", "chars", l.Number(len([]rune(p.SMS))), "parts", l.N("messages.sms_parts", m.Parts))
		if m.Unicode {
			p.SMSHint = l.T("messages.sms_unicode", "chars", strings.Join(m.Culprits, " "))
		}
	}
	return p
}
