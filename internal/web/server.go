// Package web is Purna's merchant UI: server-rendered HTML pages over the
// same services the JSON API uses. Pages are html/template files and the
// styles are one hand-written CSS file, all embedded in the binary. Every
// page except sign-in is scoped to the signed-in user's shop.
package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/auth"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/followup"
	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/mail"
	"github.com/purnajual/purna/internal/message"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/review"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/survey"
	"github.com/purnajual/purna/internal/upload"
)

// Cookie names.
const (
	sessionCookie = "purna_session"
	langCookie    = "lang"
)

// ShopFinder loads the signed-in user's shop. sqlstore.Shops implements it.
type ShopFinder interface {
	// FindShopByID returns ENOTFOUND.
	FindShopByID(ctx context.Context, id purna.ID) (*shop.Shop, error)
}

// OutboxFinder lists the outbox; sqlstore.Journeys implements it.
type OutboxFinder interface {
	// FindMessages returns a page of the outbox, newest first, and the
	// cursor of the next page ("" on the last one).
	FindMessages(ctx context.Context, f journey.MessageFilter) ([]*journey.Message, string, error)
	// FindMessageByID returns one message of the shop. ENOTFOUND.
	FindMessageByID(ctx context.Context, shopID, id purna.ID) (*journey.Message, error)
}

// JourneyStore lists journeys, counts what they did, and pauses and resumes
// them; sqlstore.Journeys implements it.
type JourneyStore interface {
	// FindJourneys returns a shop's journeys.
	FindJourneys(ctx context.Context, shopID purna.ID) ([]*journey.Journey, error)
	// FindJourneyByID returns ENOTFOUND, also for another shop's journey.
	FindJourneyByID(ctx context.Context, shopID, id purna.ID) (*journey.Journey, error)
	// SaveJourney updates the journey with j.Key in its shop.
	SaveJourney(ctx context.Context, j *journey.Journey) error
	// JourneyStats counts each journey's runs and messages; a journey
	// with none may be missing from the map.
	JourneyStats(ctx context.Context, shopID purna.ID) (map[purna.ID]journey.Stats, error)
}

// TemplateStore keeps a shop's own wording of the shipped messages;
// sqlstore.Templates implements it.
type TemplateStore interface {
	// FindTemplate returns the shop's edit of key in locale; ENOTFOUND
	// when the shop sends the shipped one.
	FindTemplate(ctx context.Context, shopID purna.ID, key message.Key, locale string) (message.Template, error)
	// FindTemplates returns every edit the shop made.
	FindTemplates(ctx context.Context, shopID purna.ID) ([]message.Template, error)
	// SaveTemplate checks t with message.Parse and stores it; EINVALID
	// with the part and line when it does not compile.
	SaveTemplate(ctx context.Context, shopID purna.ID, t message.Template, now time.Time) error
	// DeleteTemplate goes back to the shipped template.
	DeleteTemplate(ctx context.Context, shopID purna.ID, key message.Key, locale string) error
}

// Mailbox holds emails as they were sent; the demo's mail.Catcher is one.
type Mailbox interface {
	// Messages returns the kept emails, oldest first.
	Messages() []mail.Received
}

// Config is what the UI needs from the app.
type Config struct {
	Auth      *auth.Service
	Orders    *order.Service
	Customers *customer.Service
	Shops     ShopFinder
	// Outbox lists the messages journeys send; sqlstore.Journeys implements
	// it. Nil hides the Outbox page.
	Outbox OutboxFinder
	// Journeys lists the shop's journeys and lets the merchant pause and
	// resume them; sqlstore.Journeys implements it. Nil hides the
	// Journeys pages.
	Journeys JourneyStore
	// JourneyService creates and edits journeys with the rules the API
	// applies. Nil hides the journey editor.
	JourneyService *journey.Service
	// Templates keeps the shop's edits of the messages; sqlstore.Templates
	// implements it. Nil hides the Messages pages.
	Templates TemplateStore
	// Cases runs returns, exchanges, replacements, warranty claims,
	// repairs and maintenance visits. Nil hides the case pages and the
	// order page's after-sales panel.
	Cases *cases.Service
	// Uploads keeps the files attached to case notes. Nil hides the
	// thumbnails and the note form's file input.
	Uploads upload.Store
	// Surveys gives the survey results and the customers' answers. Nil
	// hides the Feedback pages.
	Surveys *survey.Service
	// FollowUps works the follow-ups that unhappy answers and reviews
	// open. Nil hides the Follow-ups pages.
	FollowUps *followup.Service
	// Reviews moderates the customers' product reviews, takes the shop's
	// replies and keeps its review settings. Nil hides the Reviews pages
	// and their navigation entry.
	Reviews *review.Service
	// BaseURL is the public address of the portal and the reviews widget
	// ("https://purna.example", no trailing slash), for the snippets the
	// review settings give the merchant to paste into their store. Empty
	// means the address the merchant opened the UI at.
	BaseURL string
	// Mailbox, when set (the demo's mail catcher), lets the outbox show
	// what each sent email looked like.
	Mailbox Mailbox
	// Logger gets internal errors; nil means slog.Default().
	Logger *slog.Logger
	// SecureCookies sets the Secure flag on the session cookie; turn it on
	// whenever the UI is served over HTTPS.
	SecureCookies bool
	// Now tells the time for "late" and the dashboard's periods; nil means
	// time.Now.
	Now func() time.Time
	// TimeTravel, in the demo, is the clock the merchant can move forward
	// from a bar on every page. Nil everywhere else.
	TimeTravel TimeTraveller
}

// Server serves the merchant UI.
type Server struct {
	auth      *auth.Service
	orders    *order.Service
	customers *customer.Service
	shops     ShopFinder
	outbox    OutboxFinder
	journeys  JourneyStore
	editor    *journey.Service
	templates TemplateStore
	mailbox   Mailbox
	cases     *cases.Service
	uploads   upload.Store
	surveys   *survey.Service
	followups *followup.Service
	reviews   *review.Service
	baseURL   string
	logger    *slog.Logger
	secure    bool
	now       func() time.Time
	clock     TimeTraveller
	pages     map[string]*template.Template
	assets    map[string]*asset
}

//go:embed templates/*.html
var templateFS embed.FS

// pageNames lists the templates/<name>.html files that are whole pages;
// layout.html and icons.html are shared by all of them.
var pageNames = []string{"login", "dashboard", "order_list", "order_show", "customer_list", "customer_show",
	"outbox_list", "outbox_show", "journey_list", "journey_show", "journey_edit", "template_list", "template_edit",
	"case_list", "case_show", "case_stats", "feedback_results", "feedback_answers", "feedback_settings", "followup_list",
	"followup_show", "review_list", "review_show", "review_settings", "error"}

// New returns a Server. It parses every template and hashes every asset
// now, and panics if one is broken: they are embedded, so that is a bug
// the tests catch, never a runtime condition.
func New(cfg Config) *Server {
	s := &Server{
		auth: cfg.Auth, orders: cfg.Orders, customers: cfg.Customers, shops: cfg.Shops,
		outbox: cfg.Outbox, journeys: cfg.Journeys, editor: cfg.JourneyService, templates: cfg.Templates, mailbox: cfg.Mailbox,
		cases: cfg.Cases, uploads: cfg.Uploads, surveys: cfg.Surveys, followups: cfg.FollowUps,
		reviews: cfg.Reviews, baseURL: strings.TrimSuffix(cfg.BaseURL, "/"),
		logger: cfg.Logger, secure: cfg.SecureCookies, now: cfg.Now, clock: cfg.TimeTravel,
		pages: map[string]*template.Template{},
	}
	if s.logger == nil {
		s.logger = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	base := template.Must(template.New("").Funcs(template.FuncMap{"fieldErr": newFieldErr}).
		ParseFS(templateFS, "templates/layout.html", "templates/icons.html"))
	for _, name := range pageNames {
		s.pages[name] = template.Must(template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html"))
	}
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	s.assets = mustLoadAssets(sub)
	return s
}

// Register adds the UI's routes to mux.
func (s *Server) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /login", s.page(s.handleLoginShow))
	mux.HandleFunc("POST /login", s.handleLoginSubmit)
	mux.HandleFunc("POST /logout", s.handleLogout)
	mux.HandleFunc("GET /{$}", s.page(s.signedIn(s.handleDashboard)))
	mux.HandleFunc("GET /orders", s.page(s.signedIn(s.handleOrderList)))
	mux.HandleFunc("GET /orders/{id}", s.page(s.signedIn(s.handleOrderShow)))
	mux.HandleFunc("GET /customers", s.page(s.signedIn(s.handleCustomerList)))
	mux.HandleFunc("GET /customers/{id}", s.page(s.signedIn(s.handleCustomerShow)))
	mux.HandleFunc("POST /orders/{id}/cases", s.page(s.signedIn(s.handleCaseOpen)))
	mux.HandleFunc("GET /cases", s.page(s.signedIn(s.handleCaseList)))
	mux.HandleFunc("GET /cases/stats", s.page(s.signedIn(s.handleCaseStats)))
	mux.HandleFunc("GET /cases/{id}", s.page(s.signedIn(s.handleCaseShow)))
	mux.HandleFunc("POST /cases/{id}/act", s.page(s.signedIn(s.handleCaseAct)))
	mux.HandleFunc("POST /cases/{id}/notes", s.page(s.signedIn(s.handleCaseNote)))
	mux.HandleFunc("POST /cases/{id}/assign", s.page(s.signedIn(s.handleCaseAssign)))
	mux.HandleFunc("GET /cases/{id}/files/{file}", s.page(s.signedIn(s.handleCaseFile)))
	mux.HandleFunc("GET /feedback", s.page(s.signedIn(s.handleFeedbackResults)))
	mux.HandleFunc("GET /feedback/answers", s.page(s.signedIn(s.handleFeedbackAnswers)))
	mux.HandleFunc("GET /feedback/answers.csv", s.signedIn(s.handleFeedbackCSV))
	mux.HandleFunc("GET /feedback/settings", s.page(s.signedIn(s.handleSurveySettings)))
	mux.HandleFunc("POST /feedback/settings", s.page(s.signedIn(s.handleSurveySettingsSave)))
	mux.HandleFunc("GET /followups", s.page(s.signedIn(s.handleFollowUpList)))
	mux.HandleFunc("GET /followups/{id}", s.page(s.signedIn(s.handleFollowUpShow)))
	mux.HandleFunc("POST /followups/{id}/act", s.page(s.signedIn(s.handleFollowUpAct)))
	mux.HandleFunc("POST /followups/{id}/tasks/{task}", s.page(s.signedIn(s.handleFollowUpCall)))
	mux.HandleFunc("GET /reviews", s.page(s.signedIn(s.handleReviewList)))
	mux.HandleFunc("GET /reviews/settings", s.page(s.signedIn(s.handleReviewSettings)))
	mux.HandleFunc("POST /reviews/settings", s.page(s.signedIn(s.handleReviewSettingsSave)))
	mux.HandleFunc("GET /reviews/{id}", s.page(s.signedIn(s.handleReviewShow)))
	mux.HandleFunc("POST /reviews/{id}/moderate", s.page(s.signedIn(s.handleReviewModerate)))
	mux.HandleFunc("POST /reviews/{id}/reply", s.page(s.signedIn(s.handleReviewReply)))
	mux.HandleFunc("GET /reviews/{id}/photos/{photo}", s.page(s.signedIn(s.handleReviewPhoto)))
	mux.HandleFunc("GET /journeys", s.page(s.signedIn(s.handleJourneyList)))
	mux.HandleFunc("GET /journeys/new", s.page(s.signedIn(s.handleJourneyNew)))
	mux.HandleFunc("POST /journeys/new", s.page(s.signedIn(s.handleJourneyCreate)))
	mux.HandleFunc("GET /journeys/{id}", s.page(s.signedIn(s.handleJourneyShow)))
	mux.HandleFunc("GET /journeys/{id}/edit", s.page(s.signedIn(s.handleJourneyEdit)))
	mux.HandleFunc("POST /journeys/{id}/edit", s.page(s.signedIn(s.handleJourneySave)))
	mux.HandleFunc("POST /journeys/{id}/pause", s.signedIn(s.handleJourneyPause))
	mux.HandleFunc("POST /journeys/{id}/resume", s.signedIn(s.handleJourneyResume))
	mux.HandleFunc("GET /messages", s.page(s.signedIn(s.handleTemplateList)))
	mux.HandleFunc("GET /messages/{key}/{locale}", s.page(s.signedIn(s.handleTemplateEdit)))
	mux.HandleFunc("POST /messages/{key}/{locale}", s.page(s.signedIn(s.handleTemplateSave)))
	mux.HandleFunc("POST /messages/{key}/{locale}/preview", s.page(s.signedIn(s.handleTemplatePreview)))
	mux.HandleFunc("POST /messages/{key}/{locale}/reset", s.signedIn(s.handleTemplateReset))
	mux.HandleFunc("GET /outbox", s.page(s.signedIn(s.handleOutboxList)))
	mux.HandleFunc("GET /outbox/{id}", s.page(s.signedIn(s.handleOutboxShow)))
	mux.HandleFunc("POST /demo/clock", s.signedIn(s.handleDemoClock))
	mux.HandleFunc("GET /static/", s.handleStatic)
}

// viewer is who asks for a page: the session, its shop, the UI language
// and the time the page is about.
type viewer struct {
	session *auth.Session
	shop    *shop.Shop
	lang    lang
}

// page wraps every HTML page: it sets the security headers and handles the
// language switcher, whose links add ?lang=xx to the current address.
func (s *Server) page(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		hdr := w.Header()
		hdr.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' https: data:; style-src 'self' 'unsafe-inline'; "+
			"script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		hdr.Set("X-Content-Type-Options", "nosniff")
		hdr.Set("Referrer-Policy", "same-origin")
		if q := r.URL.Query(); q.Has("lang") {
			if l := q.Get("lang"); i18n.Supported(l) {
				http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
					HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
			}
			q.Del("lang")
			http.Redirect(w, r, localPath(r.URL.Path, q), http.StatusSeeOther)
			return
		}
		h(w, r)
	}
}

// signedIn looks up the session and its shop, and sends anyone without one
// to the sign-in page, remembering where they were going.
func (s *Server) signedIn(h func(http.ResponseWriter, *http.Request, *viewer)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var token string
		if c, err := r.Cookie(sessionCookie); err == nil {
			token = c.Value
		}
		sess, err := s.auth.Session(r.Context(), token)
		if purna.ErrorCode(err) == purna.EUNAUTHORIZED {
			next := url.Values{"next": {localPath(r.URL.Path, r.URL.Query())}}
			if r.URL.Path == "/" {
				next = nil
			}
			http.Redirect(w, r, localPath("/login", next), http.StatusSeeOther)
			return
		} else if err != nil {
			s.error(w, r, s.anonymous(r), err)
			return
		}
		sh, err := s.shops.FindShopByID(r.Context(), sess.ShopID)
		if err != nil {
			s.error(w, r, s.anonymous(r), err)
			return
		}
		v := &viewer{session: sess, shop: sh, lang: newLang(s.locale(r, sh.Locale), sh.Location(), s.now())}
		w.Header().Set("Cache-Control", "no-store")
		h(w, r, v)
	}
}

// anonymous is the viewer of a page shown before sign-in.
func (s *Server) anonymous(r *http.Request) *viewer {
	return &viewer{lang: newLang(s.locale(r, i18n.Locales[0]), time.UTC, s.now())}
}

// locale picks the UI language: the switcher's cookie, else the browser's
// Accept-Language, else fallback (the shop's language).
func (s *Server) locale(r *http.Request, fallback string) string {
	if c, err := r.Cookie(langCookie); err == nil && i18n.Supported(c.Value) {
		return c.Value
	}
	if !i18n.Supported(fallback) {
		fallback = i18n.Locales[0]
	}
	return i18n.Match(r.Header.Get("Accept-Language"), fallback)
}

// render executes page with data into a buffer first, so that a template
// error becomes an error page rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	var buf bytes.Buffer
	if err := s.pages[page].ExecuteTemplate(&buf, "page", data); err != nil {
		s.logger.ErrorContext(r.Context(), "web: render", "page", page, "err", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// errorView is the data of the error page.
type errorView struct {
	layout
	Status  int
	Heading string
	Body    string
}

// error writes err as a translated error page. Codes map to statuses here
// and nowhere else; internal errors are logged and never shown.
func (s *Server) error(w http.ResponseWriter, r *http.Request, v *viewer, err error) {
	if errors.Is(err, context.Canceled) {
		w.WriteHeader(499) // the client went away; nobody reads the page
		return
	}
	status, key := http.StatusInternalServerError, "internal"
	switch purna.ErrorCode(err) {
	case purna.ENOTFOUND:
		status, key = http.StatusNotFound, "not_found"
	case purna.EFORBIDDEN:
		status, key = http.StatusForbidden, "forbidden"
	case purna.EINVALID:
		status, key = http.StatusBadRequest, "invalid"
	case purna.EUNAUTHORIZED:
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	default:
		s.logger.ErrorContext(r.Context(), "web: internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	l := v.lang
	data := errorView{
		layout: s.layout(r, v, l.T("error."+key+".title"), ""), Status: status,
		Heading: l.T("error." + key + ".title"), Body: l.T("error." + key + ".body"),
	}
	s.render(w, r, status, "error", data)
}

// localPath joins path and query into a same-site address. A path that
// could leave the site ("//host", "/\host") becomes "/".
func localPath(path string, q url.Values) string {
	if !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//") || strings.HasPrefix(path, "/\\") {
		path = "/"
	}
	if enc := q.Encode(); enc != "" {
		return path + "?" + enc
	}
	return path
}
