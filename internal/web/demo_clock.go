package web

import (
	"net/http"
	"net/url"
	"time"
)

// TimeTraveller is the demo's clock, which the merchant trying Purna moves
// forward to watch journeys that wait days happen in a minute.
// purna.OffsetClock implements it.
type TimeTraveller interface {
	Now() time.Time
	Advance(d time.Duration) time.Duration
	Offset() time.Duration
}

// demoClock is the bar on every page of the demo that shows its time and
// moves it.
type demoClock struct {
	Now   string
	Ahead string // "" when the clock is not ahead
	Next  string // where to come back to
	Steps []demoStep
}

type demoStep struct {
	Value, Label string
}

// demoSteps are the moves the demo offers: enough to see the how-to that
// goes three days after delivery.
var demoSteps = []time.Duration{time.Hour, 24 * time.Hour, 72 * time.Hour}

func (s *Server) demoClock(r *http.Request, l lang) *demoClock {
	if s.clock == nil {
		return nil
	}
	d := &demoClock{Now: l.DateTime(s.clock.Now()), Next: localPath(r.URL.Path, r.URL.Query())}
	if off := s.clock.Offset(); off > 0 {
		d.Ahead = l.T("demo.clock.ahead", "duration", durationText(l, off))
	}
	for _, step := range demoSteps {
		d.Steps = append(d.Steps, demoStep{Value: step.String(), Label: l.T("demo.clock.step", "duration", durationText(l, step))})
	}
	return d
}

// handleDemoClock handles "POST /demo/clock": it moves the demo's clock
// forward by one of demoSteps and goes back to the page it came from.
func (s *Server) handleDemoClock(w http.ResponseWriter, r *http.Request, v *viewer) {
	if s.clock == nil {
		http.NotFound(w, r)
		return
	}
	by, err := time.ParseDuration(r.PostFormValue("by"))
	allowed := false
	for _, step := range demoSteps {
		allowed = allowed || (err == nil && by == step)
	}
	if !allowed {
		http.Error(w, "unknown step", http.StatusBadRequest)
		return
	}
	s.clock.Advance(by)
	next := "/"
	if u, err := url.Parse(r.PostFormValue("next")); err == nil {
		next = localPath(u.Path, u.Query())
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}
