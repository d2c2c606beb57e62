package web

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/timeline"
)

// journeyListView is the data of the journeys page: a card per journey.
type journeyListView struct {
	layout
	Cards  []journeyCard
	Active string // "5 of 6 active"
	NewURL string // empty when journeys cannot be edited here
}

// journeyCard is a journey as the list and its own page show it.
type journeyCard struct {
	URL, Name           string
	Status, StatusLabel string
	Kind, KindLabel     string
	Summary             string
	Stats               []journeyStat
	Bar                 journeyBar
	Toggle              journeyToggle
}

// journeyStat is one count of a journey's.
type journeyStat struct {
	Key, Label, Value string
}

// journeyBar splits the customers who entered a journey into those who
// finished, wait and left early; Label says it in words.
type journeyBar struct {
	Label string
	Parts []barPart
}

// barPart is one segment of a journeyBar, Share percent wide.
type barPart struct {
	Key, Label string
	Share      float64
}

// journeyToggle is the pause or resume button; Next is the page to come
// back to.
type journeyToggle struct {
	Action, Label, Icon, Next string
}

// summaryArrow joins the parts of a journey's summary.
const summaryArrow = " → "

// knownTriggers are the timeline events with a translated "When …"
// phrase (journeys.when.<type>); any other is named as it is.
var knownTriggers = []timeline.Type{
	timeline.OrderPlaced, timeline.OrderPaid, timeline.OrderFulfilled, timeline.OrderDelivered,
	timeline.OrderCancelled, timeline.OrderRefunded, timeline.ShipmentShipped, timeline.ShipmentInTransit,
	timeline.ShipmentOutForDelivery, timeline.ShipmentDelivered, timeline.ShipmentFailed, timeline.ShipmentReturned,
	timeline.ShipmentLate, timeline.CustomerCreated, journey.CaseOpened,
}

// defaultNames maps the key of each shipped journey to the name it
// shipped with, and defaultOrder gives the list their place in a sale's life.
var defaultNames, defaultOrder = func() (map[string]string, map[string]int) {
	names, order := map[string]string{}, map[string]int{}
	for i, j := range journey.Defaults() {
		names[j.Key], order[j.Key] = j.Name, i
	}
	return names, order
}()

// journeyName is a journey's name in the UI's language. A shipped journey
// the merchant has not renamed gets its translation; any other keeps the
// name it was given.
func journeyName(l lang, j *journey.Journey) string {
	if name, ok := defaultNames[j.Key]; ok && name == j.Name {
		return l.T("journeys.name." + j.Key)
	}
	return j.Name
}

// whenText is "When an order is delivered".
func whenText(l lang, t timeline.Type) string {
	if slices.Contains(knownTriggers, t) {
		return l.T("journeys.when." + string(t))
	}
	return l.T("journeys.when.other", "type", string(t))
}

// durationText writes d in whole days, hours or minutes: "3 days".
func durationText(l lang, d time.Duration) string {
	d = d.Abs()
	switch {
	case d >= 24*time.Hour && d%(24*time.Hour) == 0:
		return l.N("journeys.days", int(d/(24*time.Hour)))
	case d >= time.Hour && d%time.Hour == 0:
		return l.N("journeys.hours", int(d/time.Hour))
	}
	return l.N("journeys.minutes", int(d.Round(time.Minute)/time.Minute))
}

// waitText is how long a wait holds the customer: "3 days", or "until 30
// days before warranty ends at".
func waitText(l lang, w *journey.Wait) string {
	if w.Anchor == "" {
		return durationText(l, time.Duration(w.Duration))
	}
	anchor := strings.ReplaceAll(w.Anchor, "_", " ")
	switch w.Anchor {
	case "event":
		anchor = l.T("journeys.anchor.event")
	case "review_at":
		anchor = l.T("journeys.anchor.review_at")
	}
	if w.Offset == 0 {
		return l.T("journeys.until", "anchor", anchor)
	}
	key := "journeys.until_after"
	if w.Offset < 0 {
		key = "journeys.until_before"
	}
	return l.T(key, "duration", durationText(l, time.Duration(w.Offset)), "anchor", anchor)
}

// journeySummary says what j does in one line: "When an order is
// delivered → wait 3 days → send “How-to guide”".
func journeySummary(l lang, j *journey.Journey) string {
	parts := []string{triggersText(l, j)}
	for _, st := range j.Steps {
		switch {
		case st.Wait != nil:
			parts = append(parts, l.T("journeys.wait", "duration", waitText(l, st.Wait)))
		case st.Send != nil:
			parts = append(parts, l.T("journeys.send", "template", templateName(l, st.Send.Template)))
		case st.Branch != nil:
			parts = append(parts, l.T("journeys.flow.branch"))
		}
	}
	return strings.Join(parts, summaryArrow)
}

// newJourneyCard makes the card of j with its stats st; next is the page a
// pause or resume comes back to.
func newJourneyCard(l lang, j *journey.Journey, st journey.Stats, next string) journeyCard {
	c := journeyCard{
		URL: "/journeys/" + j.ID, Name: journeyName(l, j),
		Status: string(j.Status), StatusLabel: l.T("journeys.status." + string(j.Status)),
		Kind: string(j.Kind), KindLabel: l.T("kind." + string(j.Kind)),
		Summary: journeySummary(l, j),
		Toggle:  journeyToggle{Action: "/journeys/" + j.ID + "/pause", Label: l.T("journeys.pause"), Icon: "pause", Next: next},
	}
	if j.Status == journey.Paused {
		c.Toggle.Action, c.Toggle.Label, c.Toggle.Icon = "/journeys/"+j.ID+"/resume", l.T("journeys.resume"), "play"
	}
	stat := func(key string, n int) journeyStat {
		return journeyStat{Key: key, Label: l.T("journeys.stat." + key), Value: l.Number(n)}
	}
	c.Stats = []journeyStat{stat("entered", st.Entered), stat("waiting", st.Waiting), stat("sent", st.Sent),
		stat("skipped", st.Skipped), stat("exited", st.Exited)}
	c.Bar.Label = l.T("journeys.bar_label", "n", st.Entered, "done", st.Done, "waiting", st.Waiting, "exited", st.Exited)
	if st.Entered > 0 {
		for _, p := range []struct {
			key string
			n   int
		}{{"done", st.Done}, {"waiting", st.Waiting}, {"exited", st.Exited}} {
			if p.n > 0 {
				c.Bar.Parts = append(c.Bar.Parts, barPart{Key: p.key, Label: l.T("journeys.stat."+p.key) + ": " + l.Number(p.n),
					Share: float64(p.n*1000/st.Entered) / 10})
			}
		}
	}
	return c
}

// handleJourneyList handles "GET /journeys".
func (s *Server) handleJourneyList(w http.ResponseWriter, r *http.Request, v *viewer) {
	if s.journeys == nil {
		s.error(w, r, v, purna.Errorf(purna.ENOTFOUND, "Page not found."))
		return
	}
	ctx, l := r.Context(), v.lang
	all, err := s.journeys.FindJourneys(ctx, v.shop.ID)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	stats, err := s.journeys.JourneyStats(ctx, v.shop.ID)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	// The shipped journeys first, in the order a sale goes; the merchant's
	// own after them by name.
	slices.SortStableFunc(all, func(a, b *journey.Journey) int {
		ai, aok := defaultOrder[a.Key]
		bi, bok := defaultOrder[b.Key]
		switch {
		case aok && bok:
			return cmp.Compare(ai, bi)
		case aok != bok:
			if aok {
				return -1
			}
			return 1
		}
		return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	data := journeyListView{layout: s.layout(r, v, l.T("journeys.title"), "journeys")}
	if s.editor != nil {
		data.NewURL = "/journeys/new"
	}
	active := 0
	for _, j := range all {
		if j.Status == journey.Active {
			active++
		}
		data.Cards = append(data.Cards, newJourneyCard(l, j, stats[j.ID], "/journeys"))
	}
	if len(all) > 0 {
		data.Active = l.T("journeys.active_of", "n", active, "total", len(all))
	}
	s.render(w, r, http.StatusOK, "journey_list", data)
}
