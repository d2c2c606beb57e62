package api

import (
	"net/http"
	"strconv"

	"github.com/purnajual/purna/internal/http/request"
	"github.com/purnajual/purna/internal/http/response"
	"github.com/purnajual/purna/internal/review"
)

// ModerateInput publishes or rejects a review.
type ModerateInput struct {
	Publish bool `json:"publish"`
}

// handleReviewList handles "GET /api/v1/reviews".
func (s *Server) handleReviewList(w http.ResponseWriter, r *http.Request) {
	if s.Reviews == nil {
		response.Error(w, r, errNoFeedback)
		return
	}
	q := newQuery(r)
	f := review.Filter{ShopID: request.Shop(r).ID, Query: q.str("q"), Cursor: q.str("cursor"), Limit: q.limit()}
	if v := q.str("status"); v != "" {
		st := review.Status(v)
		f.Status = &st
	}
	for name, dst := range map[string]**string{"product_id": &f.ProductID, "customer_id": &f.CustomerID} {
		if v := q.str(name); v != "" {
			*dst = &v
		}
	}
	if v := q.str("max_rating"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 5 {
			q.problems.Add("max_rating", "must be 1 to 5")
		}
		f.MaxRating = n
	}
	if err := q.err(); err != nil {
		response.Error(w, r, err)
		return
	}
	page, err := s.Reviews.Find(r.Context(), f)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, page)
}

// handleReviewGet handles "GET /api/v1/reviews/{id}".
func (s *Server) handleReviewGet(w http.ResponseWriter, r *http.Request) {
	if s.Reviews == nil {
		response.Error(w, r, errNoFeedback)
		return
	}
	rv, err := s.Reviews.FindByID(r.Context(), request.Shop(r).ID, r.PathValue("id"))
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, rv)
}

// handleReviewModerate handles "POST /api/v1/reviews/{id}/moderation".
func (s *Server) handleReviewModerate(w http.ResponseWriter, r *http.Request) {
	if s.Reviews == nil {
		response.Error(w, r, errNoFeedback)
		return
	}
	var in ModerateInput
	if err := request.DecodeJSON(r, &in); err != nil {
		response.Error(w, r, err)
		return
	}
	rv, err := s.Reviews.Moderate(r.Context(), request.Shop(r).ID, r.PathValue("id"), in.Publish)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, rv)
}

// handleReviewReply handles "PUT /api/v1/reviews/{id}/reply".
func (s *Server) handleReviewReply(w http.ResponseWriter, r *http.Request) {
	if s.Reviews == nil {
		response.Error(w, r, errNoFeedback)
		return
	}
	var in review.ReplyInput
	if err := request.DecodeJSON(r, &in); err != nil {
		response.Error(w, r, err)
		return
	}
	rv, err := s.Reviews.Reply(r.Context(), request.Shop(r).ID, r.PathValue("id"), "api", in)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, rv)
}

// handleReviewSettingsGet handles "GET /api/v1/reviews/settings".
func (s *Server) handleReviewSettingsGet(w http.ResponseWriter, r *http.Request) {
	if s.Reviews == nil {
		response.Error(w, r, errNoFeedback)
		return
	}
	st, err := s.Reviews.Settings(r.Context(), request.Shop(r).ID)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, st)
}

// handleReviewSettingsPut handles "PUT /api/v1/reviews/settings".
func (s *Server) handleReviewSettingsPut(w http.ResponseWriter, r *http.Request) {
	if s.Reviews == nil {
		response.Error(w, r, errNoFeedback)
		return
	}
	var in review.Settings
	if err := request.DecodeJSON(r, &in); err != nil {
		response.Error(w, r, err)
		return
	}
	if err := s.Reviews.SaveSettings(r.Context(), request.Shop(r).ID, &in); err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, &in)
}
