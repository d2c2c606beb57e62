package portal

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/review"
	"github.com/purnajual/purna/internal/upload"
)

// Review form limits: at most reviewTries submissions per client IP in a
// lookupWindow, whatever their outcome. A customer writes a few reviews;
// a script writes hundreds.
const reviewTries = 20

// reviewView is the review form: stars, title, text, photos, and the
// hidden honeypot field.
type reviewView struct {
	Action    string
	Product   string
	Rating    int
	Stars     []int
	Title     string
	Body      string
	Author    string
	Incentive string
	MaxPhotos int
	Problems  []string
	Fields    map[string]string
	Done      bool
	Held      bool
}

// handleReview handles "GET /r/{token}" and "POST /r/{token}": the form a
// review request's stars open, with that rating chosen.
func (s *Server) handleReview(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	token := r.PathValue("token")
	browser := r.Header.Get("Accept-Language")
	l, err := s.Reviews.ParseFormToken(token)
	if err != nil {
		s.message(w, http.StatusNotFound, nil, i18n.Match(browser, "id"), i18n.T(i18n.Match(browser, "id"), "review.invalid_title"),
			i18n.T(i18n.Match(browser, "id"), "review.invalid_body"))
		return
	}
	sh, err := s.Shops.FindShopByID(ctx, l.ShopID)
	if err != nil {
		s.pageError(w, r, err, nil, i18n.Match(browser, "id"))
		return
	}
	lang := i18n.Match(browser, sh.Locale)
	c, err := s.Customers.FindByID(ctx, l.ShopID, l.CustomerID)
	if err != nil {
		s.pageError(w, r, err, sh, lang)
		return
	}
	if purna.ValidLocale(c.Locale) {
		lang = c.Locale
	}
	p, err := s.Products.FindByID(ctx, l.ShopID, l.ProductID)
	if err != nil {
		s.pageError(w, r, err, sh, lang)
		return
	}
	settings, err := s.Reviews.Settings(ctx, l.ShopID)
	if err != nil {
		s.pageError(w, r, err, sh, lang)
		return
	}
	rv := &reviewView{Action: "/r/" + token, Product: p.Name, Stars: []int{5, 4, 3, 2, 1}, Author: shortName(c.FirstName, c.LastName),
		Incentive: settings.Incentive[lang], MaxPhotos: review.MaxPhotos, Fields: map[string]string{}}
	if n, err := strconv.Atoi(r.URL.Query().Get("rating")); err == nil && n >= 1 && n <= 5 {
		rv.Rating = n
	}
	v := newPage(sh, lang, i18n.T(lang, "review.title", "product", p.Name))
	v.Review = rv
	if r.Method != http.MethodPost {
		s.renderPage(w, http.StatusOK, "review", v)
		return
	}
	ipKey := "review:" + s.clientIP(r)
	if !s.reviews.Allowed(ipKey, s.now()) {
		s.message(w, http.StatusTooManyRequests, sh, lang, i18n.T(lang, "review.limit_title"), i18n.T(lang, "review.limit_body"))
		return
	}
	s.reviews.Fail(ipKey, s.now()) // every submission counts
	status := s.submitReview(ctx, r, token, l.ShopID, lang, rv)
	s.renderPage(w, status, "review", v)
}

// handleAnonReview handles "GET /w/{shop}/products/{sku}/review" and its
// POST: the review form for someone without an order, which only a shop
// that accepts such reviews offers (others answer 404). The same honeypot
// and rate limit guard it; the rules decide whether it waits.
func (s *Server) handleAnonReview(w http.ResponseWriter, r *http.Request) {
	sh, p, ok := s.widgetShopProduct(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	lang := i18n.Match(r.Header.Get("Accept-Language"), sh.Locale)
	settings, err := s.Reviews.Settings(ctx, sh.ID)
	if err != nil {
		s.pageError(w, r, err, sh, lang)
		return
	}
	if !settings.Rules.AllowUnverified {
		s.notFound(w, sh, lang)
		return
	}
	rv := &reviewView{Action: r.URL.Path, Product: p.Name, Stars: []int{5, 4, 3, 2, 1}, Incentive: settings.Incentive[lang],
		MaxPhotos: review.MaxPhotos, Fields: map[string]string{}}
	v := newPage(sh, lang, i18n.T(lang, "review.title", "product", p.Name))
	v.Review = rv
	if r.Method != http.MethodPost {
		s.renderPage(w, http.StatusOK, "review", v)
		return
	}
	ipKey := "review:" + s.clientIP(r)
	if !s.reviews.Allowed(ipKey, s.now()) {
		s.message(w, http.StatusTooManyRequests, sh, lang, i18n.T(lang, "review.limit_title"), i18n.T(lang, "review.limit_body"))
		return
	}
	s.reviews.Fail(ipKey, s.now())
	status := s.submit(ctx, r, sh.ID, lang, rv, func(in review.NewReview) (*review.Review, error) {
		return s.Reviews.SubmitUnverified(ctx, sh.ID, p.ID, in)
	})
	s.renderPage(w, status, "review", v)
}

// submitReview reads the form, stores its photos and submits the review;
// it fills rv with the outcome and returns the status to answer with.
func (s *Server) submitReview(ctx context.Context, r *http.Request, token string, shopID purna.ID, lang string, rv *reviewView) int {
	return s.submit(ctx, r, shopID, lang, rv, func(in review.NewReview) (*review.Review, error) {
		return s.Reviews.Submit(ctx, token, in)
	})
}

// submit reads a review form and hands it to send.
func (s *Server) submit(ctx context.Context, r *http.Request, shopID purna.ID, lang string, rv *reviewView,
	send func(review.NewReview) (*review.Review, error)) int {
	files, err := s.parseForm(r, "photos", lang, upload.Photo)
	if err != nil {
		rv.Problems = []string{i18n.T(lang, "portal.err.form")}
		return http.StatusBadRequest
	}
	defer files.Close()
	rv.Rating, _ = strconv.Atoi(r.PostFormValue("rating"))
	rv.Title, rv.Body, rv.Author = r.PostFormValue("title"), r.PostFormValue("body"), r.PostFormValue("author_name")
	if len(files.Problems) > 0 {
		rv.Problems = append(files.Problems, i18n.T(lang, "portal.err.files_again"))
		return http.StatusUnprocessableEntity
	}
	in := review.NewReview{Rating: rv.Rating, Title: rv.Title, Body: rv.Body, AuthorName: rv.Author, Locale: lang,
		Honeypot: r.PostFormValue("website")}
	if in.IsSpam() {
		rv.Done = true // a bot: the same answer as for a person, and nothing stored
		return http.StatusOK
	}
	if err := in.Validate(); err != nil {
		rv.problems(lang, err)
		return http.StatusUnprocessableEntity
	}
	if in.Photos, err = s.store(ctx, shopID, files); err != nil {
		s.Logger.Error("portal: store review photos", "err", err)
		rv.Problems = []string{i18n.T(lang, "portal.error_body")}
		return http.StatusInternalServerError
	}
	got, err := send(in)
	if err != nil {
		s.unstore(ctx, shopID, in.Photos)
		if code := purna.ErrorCode(err); code == purna.EINTERNAL || code == purna.EFORBIDDEN {
			s.Logger.Error("portal: submit review", "err", err)
			rv.Problems = []string{i18n.T(lang, "portal.error_body")}
			return http.StatusInternalServerError
		}
		rv.problems(lang, err)
		return http.StatusUnprocessableEntity
	}
	rv.Done, rv.Held = true, got.Status != review.Published
	return http.StatusOK
}

// problems puts the service's field errors next to the fields, in the
// customer's words.
func (rv *reviewView) problems(lang string, err error) {
	fields := purna.ErrorFields(err)
	if len(fields) == 0 {
		rv.Problems = append(rv.Problems, i18n.T(lang, "review.invalid_body"))
		return
	}
	for f := range fields {
		switch {
		case f == "rating":
			rv.Fields["rating"] = i18n.T(lang, "review.err.rating")
		case f == "body":
			rv.Fields["body"] = i18n.T(lang, "review.err.body")
		case f == "title":
			rv.Fields["title"] = i18n.T(lang, "review.err.title")
		case f == "author_name":
			rv.Fields["author_name"] = i18n.T(lang, "review.err.author")
		default:
			rv.Problems = append(rv.Problems, i18n.T(lang, "review.err.other"))
		}
	}
}

// shortName is how a review is signed by default: "Siti R.".
func shortName(first, last string) string {
	first, last = strings.TrimSpace(first), strings.TrimSpace(last)
	if last == "" {
		return first
	}
	r := []rune(last)
	return strings.TrimSpace(first + " " + string(r[0]) + ".")
}
