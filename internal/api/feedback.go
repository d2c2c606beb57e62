package api

import (
	"net/http"
	"slices"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/followup"
	"github.com/purnajual/purna/internal/http/request"
	"github.com/purnajual/purna/internal/http/response"
	"github.com/purnajual/purna/internal/survey"
)

var errNoFeedback = purna.Errorf(purna.ENOTFOUND, "Feedback is not available on this server.")

// handleSurveyResults handles "GET /api/v1/surveys/results".
func (s *Server) handleSurveyResults(w http.ResponseWriter, r *http.Request) {
	if s.Surveys == nil {
		response.Error(w, r, errNoFeedback)
		return
	}
	q := newQuery(r)
	sh := request.Shop(r)
	f := survey.ResultsFilter{ShopID: sh.ID, Kind: survey.Kind(q.str("kind")), Location: sh.Location()}
	if f.Kind == "" {
		f.Kind = survey.NPS
	}
	from, to := q.time("from"), q.time("to")
	now := s.Clock.Now()
	f.To = now
	if to != nil {
		f.To = *to
	}
	f.From = f.To.AddDate(0, 0, -90)
	if from != nil {
		f.From = *from
	}
	if err := q.err(); err != nil {
		response.Error(w, r, err)
		return
	}
	if s.Journeys != nil {
		js, err := s.Journeys.Find(r.Context(), sh.ID)
		if err != nil {
			response.Error(w, r, err)
			return
		}
		names := map[purna.ID]string{}
		for _, j := range js {
			names[j.ID] = j.Name
		}
		f.JourneyName = func(id purna.ID) string {
			if n, ok := names[id]; ok {
				return n
			}
			return id
		}
	}
	res, err := s.Surveys.Results(r.Context(), f)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, res)
}

// handleSurveyResponses handles "GET /api/v1/surveys/responses".
func (s *Server) handleSurveyResponses(w http.ResponseWriter, r *http.Request) {
	if s.Surveys == nil {
		response.Error(w, r, errNoFeedback)
		return
	}
	q := newQuery(r)
	f := survey.Filter{ShopID: request.Shop(r).ID, Query: q.str("q"), Cursor: q.str("cursor"), Limit: q.limit(),
		From: q.time("from"), To: q.time("to")}
	if v := q.str("kind"); v != "" {
		k := survey.Kind(v)
		if !k.Valid() {
			q.problems.Add("kind", "must be nps, csat or ces")
		}
		f.Kind = &k
	}
	if v := q.str("customer_id"); v != "" {
		f.CustomerID = &v
	}
	f.Unhappy = q.flag("unhappy")
	f.WithComment = q.flag("with_comment")
	if err := q.err(); err != nil {
		response.Error(w, r, err)
		return
	}
	page, err := s.Surveys.Responses(r.Context(), f)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, page)
}

// handleSurveySettingsGet handles "GET /api/v1/surveys/settings".
func (s *Server) handleSurveySettingsGet(w http.ResponseWriter, r *http.Request) {
	if s.Surveys == nil {
		response.Error(w, r, errNoFeedback)
		return
	}
	st, err := s.Surveys.Settings(r.Context(), request.Shop(r).ID)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, st)
}

// handleSurveySettingsPut handles "PUT /api/v1/surveys/settings".
func (s *Server) handleSurveySettingsPut(w http.ResponseWriter, r *http.Request) {
	if s.Surveys == nil {
		response.Error(w, r, errNoFeedback)
		return
	}
	var in survey.Settings
	if err := request.DecodeJSON(r, &in); err != nil {
		response.Error(w, r, err)
		return
	}
	if err := s.Surveys.SaveSettings(r.Context(), request.Shop(r).ID, &in); err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, &in)
}

// handleFollowUpList handles "GET /api/v1/followups".
func (s *Server) handleFollowUpList(w http.ResponseWriter, r *http.Request) {
	if s.FollowUps == nil {
		response.Error(w, r, errNoFeedback)
		return
	}
	q := newQuery(r)
	f := followup.Filter{ShopID: request.Shop(r).ID, Cursor: q.str("cursor"), Limit: q.limit(), OpenOnly: q.flag("open")}
	if v := q.str("status"); v != "" {
		st := followup.Status(v)
		if !slices.Contains(followup.Statuses, st) {
			q.problems.Add("status", "must be open, contacted, resolved or closed")
		}
		f.Status = &st
	}
	if v := q.str("customer_id"); v != "" {
		f.CustomerID = &v
	}
	if err := q.err(); err != nil {
		response.Error(w, r, err)
		return
	}
	page, err := s.FollowUps.Find(r.Context(), f)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, page)
}

// handleFollowUpGet handles "GET /api/v1/followups/{id}".
func (s *Server) handleFollowUpGet(w http.ResponseWriter, r *http.Request) {
	if s.FollowUps == nil {
		response.Error(w, r, errNoFeedback)
		return
	}
	d, err := s.FollowUps.FindByID(r.Context(), request.Shop(r).ID, r.PathValue("id"))
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, d)
}

// handleFollowUpAction handles "POST /api/v1/followups/{id}/actions".
func (s *Server) handleFollowUpAction(w http.ResponseWriter, r *http.Request) {
	if s.FollowUps == nil {
		response.Error(w, r, errNoFeedback)
		return
	}
	var in followup.ActRequest
	if err := request.DecodeJSON(r, &in); err != nil {
		response.Error(w, r, err)
		return
	}
	f, err := s.FollowUps.Act(r.Context(), request.Shop(r).ID, r.PathValue("id"), apiActor, in.Action, in.ActInput)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, f)
}

// handleFollowUpStats handles "GET /api/v1/followups/stats".
func (s *Server) handleFollowUpStats(w http.ResponseWriter, r *http.Request) {
	if s.FollowUps == nil {
		response.Error(w, r, errNoFeedback)
		return
	}
	q := newQuery(r)
	to := s.Clock.Now()
	if t := q.time("to"); t != nil {
		to = *t
	}
	from := to.Add(-90 * 24 * time.Hour)
	if t := q.time("from"); t != nil {
		from = *t
	}
	if err := q.err(); err != nil {
		response.Error(w, r, err)
		return
	}
	st, err := s.FollowUps.Stats(r.Context(), request.Shop(r).ID, from, to)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, st)
}

// handleTaskList handles "GET /api/v1/tasks".
func (s *Server) handleTaskList(w http.ResponseWriter, r *http.Request) {
	if s.FollowUps == nil {
		response.Error(w, r, errNoFeedback)
		return
	}
	q := newQuery(r)
	f := followup.TaskFilter{ShopID: request.Shop(r).ID, Limit: q.limit()}
	if v := q.str("status"); v != "" {
		st := followup.TaskStatus(v)
		if st != followup.TaskOpen && st != followup.TaskDone {
			q.problems.Add("status", "must be open or done")
		}
		f.Status = &st
	}
	if err := q.err(); err != nil {
		response.Error(w, r, err)
		return
	}
	ts, err := s.FollowUps.Tasks(r.Context(), f)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, ts)
}

// handleTaskComplete handles "POST /api/v1/tasks/{id}/complete".
func (s *Server) handleTaskComplete(w http.ResponseWriter, r *http.Request) {
	if s.FollowUps == nil {
		response.Error(w, r, errNoFeedback)
		return
	}
	var in followup.CompleteInput
	if err := request.DecodeJSON(r, &in); err != nil {
		response.Error(w, r, err)
		return
	}
	t, err := s.FollowUps.CompleteTask(r.Context(), request.Shop(r).ID, r.PathValue("id"), apiActor, in)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, t)
}
