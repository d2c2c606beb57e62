package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/followup"
	"github.com/purnajual/purna/internal/review"
	"github.com/purnajual/purna/internal/upload"
)

// reviewShowView is the data of a review's page: the whole review with
// its photos, who wrote it on which order, the moderation buttons and the
// shop's reply.
type reviewShowView struct {
	layout
	ID, Title, Body, Author   string
	Stars                     reviewStars
	Status, StatusLabel       string
	Reasons                   []string
	ReasonsLabel              string
	Date, ISO, Ago, Published string
	Language                  string
	Verified, Incentivised    bool
	Product, SKU, ProductURL  string
	Photos                    []reviewPhoto
	PhotosHidden              string
	Customer, CustomerURL     string
	Order, OrderURL           string
	CanPublish, CanReject     bool
	Reply                     *reviewReplyView
	Form                      reviewReplyForm
	FollowUp                  *reviewFollowUp
	// Notice says what the last form did; Problem why one was refused.
	Notice, Problem string
}

// reviewPhoto is one of the review's photos, served to the shop's agents
// only; Thumb is set when a browser can show it inline.
type reviewPhoto struct {
	URL, Alt string
	Thumb    bool
}

// reviewReplyView is the shop's reply as it stands.
type reviewReplyView struct {
	Body, Visibility, VisibilityLabel string
	Date, By                          string
}

// reviewReplyForm is the reply form: the text and who sees it, as sent
// back when it did not go through, else the current reply.
type reviewReplyForm struct {
	Body string
	// Public is the choice ticked; a new reply starts public.
	Public bool
	Errs   map[string]string
}

// reviewFollowUp links a one- or two-star review to the follow-up it
// opened.
type reviewFollowUp struct {
	Number, URL, StatusLabel string
}

// reviewState is what a form sent back to the page.
type reviewState struct {
	Notice, Problem string
	Form            *reviewReplyForm
}

// loadReview loads the shop's review {id}. Another shop's is ENOTFOUND,
// like one that does not exist.
func (s *Server) loadReview(r *http.Request, v *viewer) (*review.Review, error) {
	id := r.PathValue("id")
	if s.reviews == nil || !purna.ValidID(id) {
		return nil, reviewNotFound()
	}
	rv, err := s.reviews.FindByID(r.Context(), v.shop.ID, id)
	if purna.ErrorCode(err) == purna.ENOTFOUND {
		return nil, reviewNotFound()
	}
	return rv, err
}

// reviewNotices are the words of ?done=… after a form went through.
var reviewNotices = map[string]string{
	"publish": "reviews.done.publish", "reject": "reviews.done.reject",
	"published_already": "reviews.same.publish", "rejected_already": "reviews.same.reject",
	"public": "reviews.done.reply_public", "private": "reviews.done.reply_private", "removed": "reviews.done.reply_removed",
}

// handleReviewShow handles "GET /reviews/{id}".
func (s *Server) handleReviewShow(w http.ResponseWriter, r *http.Request, v *viewer) {
	var st reviewState
	if key, ok := reviewNotices[r.URL.Query().Get("done")]; ok {
		st.Notice = v.lang.T(key)
	}
	s.renderReview(w, r, v, http.StatusOK, st)
}

// renderReview writes the page of review {id} with st.
func (s *Server) renderReview(w http.ResponseWriter, r *http.Request, v *viewer, status int, st reviewState) {
	rv, err := s.loadReview(r, v)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	l, ctx := v.lang, r.Context()
	d := reviewShowView{
		ID: rv.ID, Title: rv.Title, Body: rv.Body, Author: reviewAuthor(l, rv), Stars: newReviewStars(l, rv.Rating),
		Status: string(rv.Status), StatusLabel: reviewStatusLabel(l, rv.Status), Reasons: reviewReasons(l, rv),
		Date: l.DateTime(rv.CreatedAt), ISO: rv.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"), Ago: l.Ago(rv.CreatedAt),
		Language: langNames[rv.Locale], Verified: rv.Verified, Incentivised: rv.Incentivised,
		CanPublish: rv.Status != review.Published, CanReject: rv.Status != review.Rejected,
		Notice: st.Notice, Problem: st.Problem,
	}
	if d.Language == "" {
		d.Language = rv.Locale
	}
	if len(d.Reasons) > 0 {
		d.ReasonsLabel = l.T("reviews.waits_because")
		if rv.Status == review.Rejected {
			d.ReasonsLabel = l.T("reviews.rejected_because")
		}
	}
	if rv.PublishedAt != nil && rv.Status == review.Published {
		d.Published = l.DateTime(*rv.PublishedAt)
	}

	// The customer, the order and the product on it.
	if rv.CustomerID != nil {
		d.CustomerURL = "/customers/" + *rv.CustomerID
		c, err := s.customers.FindByID(ctx, v.shop.ID, *rv.CustomerID)
		switch {
		case err == nil:
			d.Customer = customerLabel(l, c)
		case purna.ErrorCode(err) == purna.ENOTFOUND:
			d.Customer, d.CustomerURL = customerName(l, ""), ""
		default:
			s.error(w, r, v, err)
			return
		}
	}
	d.Product = l.T("reviews.product_unknown")
	if rv.OrderID != nil {
		o, err := s.orders.FindByID(ctx, v.shop.ID, *rv.OrderID)
		switch {
		case err == nil:
			d.Order, d.OrderURL = o.Number, "/orders/"+o.ID
			if ln := lineOf(o, rv); ln != nil {
				d.Product, d.SKU = productLabel(l, reviewedLine{Name: ln.Name}, true), ln.SKU
			}
		case purna.ErrorCode(err) != purna.ENOTFOUND:
			s.error(w, r, v, err)
			return
		}
	}
	if d.SKU != "" && rv.Status == review.Published {
		d.ProductURL = s.publicBase(r) + "/w/" + v.shop.ID + "/products/" + url.PathEscape(d.SKU)
	}

	d.layout = s.layout(r, v, l.T("reviews.show_title", "product", d.Product), "reviews")
	d.Photos, d.PhotosHidden = s.reviewPhotos(r, v, rv)
	d.Reply, d.Form = replyViews(l, v, rv, st.Form)
	if d.FollowUp, err = s.reviewFollowUp(r, v, rv); err != nil {
		s.error(w, r, v, err)
		return
	}
	s.render(w, r, status, "review_show", d)
}

// replyViews lays out the current reply and the form, which holds what
// was sent back (form), else the current reply.
func replyViews(l lang, v *viewer, rv *review.Review, form *reviewReplyForm) (*reviewReplyView, reviewReplyForm) {
	f := reviewReplyForm{Public: true, Errs: map[string]string{}}
	var cur *reviewReplyView
	if rp := rv.Reply; rp != nil {
		cur = &reviewReplyView{Body: rp.Body, Visibility: "private", VisibilityLabel: l.T("reviews.reply.private"),
			Date: l.DateTime(rp.RepliedAt), By: l.T("cases.actor_agent")}
		if rp.Public {
			cur.Visibility, cur.VisibilityLabel = "public", l.T("reviews.reply.public")
		}
		if rp.AuthorID != "" && rp.AuthorID == v.userID() {
			cur.By = l.T("cases.actor_you")
		}
		f.Body, f.Public = rp.Body, rp.Public
	}
	if form != nil {
		f = *form
	}
	return cur, f
}

// reviewPhotos lists the review's photos. Without an upload store there
// is nothing to show them from, and the page says how many there are.
func (s *Server) reviewPhotos(r *http.Request, v *viewer, rv *review.Review) ([]reviewPhoto, string) {
	if len(rv.Photos) == 0 {
		return nil, ""
	}
	if s.uploads == nil {
		return nil, v.lang.N("reviews.photos_n", len(rv.Photos))
	}
	var out []reviewPhoto
	for i, id := range rv.Photos {
		p := reviewPhoto{URL: "/reviews/" + rv.ID + "/photos/" + url.PathEscape(id), Alt: v.lang.T("reviews.photo_n", "n", i+1)}
		if rc, blob, err := s.uploads.Open(r.Context(), v.shop.ID, id); err == nil {
			rc.Close()
			p.Thumb = blob.Kind == upload.Photo && blob.ContentType != upload.HEIC
		}
		out = append(out, p)
	}
	return out, ""
}

// reviewFollowUpPages bounds the search for a review's follow-up among
// its customer's follow-ups, newest first.
const reviewFollowUpPages = 4

// reviewFollowUp finds the follow-up a one- or two-star review opened, if
// the follow-up pages are on and there is one.
func (s *Server) reviewFollowUp(r *http.Request, v *viewer, rv *review.Review) (*reviewFollowUp, error) {
	if s.followups == nil || rv.Rating > 2 || rv.CustomerID == nil {
		return nil, nil
	}
	f := followup.Filter{ShopID: v.shop.ID, CustomerID: rv.CustomerID, Limit: 100}
	for range reviewFollowUpPages {
		page, err := s.followups.Find(r.Context(), f)
		if err != nil {
			return nil, err
		}
		for _, fu := range page.Items {
			if fu.Source == followup.FromReview && fu.SourceID == rv.ID {
				return &reviewFollowUp{Number: fu.Number, URL: "/followups/" + fu.ID,
					StatusLabel: followUpStatusLabel(v.lang, fu.Status)}, nil
			}
		}
		if page.Next == "" {
			break
		}
		f.Cursor = page.Next
	}
	return nil, nil
}

// handleReviewPhoto handles "GET /reviews/{id}/photos/{photo}": a photo
// of one of the shop's reviews, whatever its status, to a signed-in agent
// of the shop. The photo must be the review's: an upload ID in the
// address is not a secret, and the shop comes from the session, never
// from the address.
func (s *Server) handleReviewPhoto(w http.ResponseWriter, r *http.Request, v *viewer) {
	photo := r.PathValue("photo")
	if s.uploads == nil || !purna.ValidID(photo) {
		s.error(w, r, v, reviewNotFound())
		return
	}
	rv, err := s.loadReview(r, v)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	if !slices.Contains(rv.Photos, photo) {
		s.error(w, r, v, reviewNotFound())
		return
	}
	if err := upload.Serve(w, r, s.uploads, v.shop.ID, photo, ""); err != nil {
		if purna.ErrorCode(err) == purna.ENOTFOUND {
			s.error(w, r, v, err)
			return
		}
		if !errors.Is(err, r.Context().Err()) {
			s.logger.ErrorContext(r.Context(), "web: serve review photo", "review", rv.ID, "photo", photo, "err", err)
		}
	}
}
