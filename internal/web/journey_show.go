package web

import (
	"net/http"
	"strings"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/journey"
)

// journeyShowView is the data of one journey's page.
type journeyShowView struct {
	layout
	Card         journeyCard
	Flow         []flowStep
	Conditions   []string
	Exits        []string
	Reentry      string
	Key, Updated string
	Customers    []journeyStat // entered, waiting, finished, left early
	Messages     []journeyStat // sent, skipped, failed
	Paused       bool
	EditURL      string // empty when journeys cannot be edited here
}

// flowStep is one box of a journey's flow, from its trigger to its end.
type flowStep struct {
	Kind, Icon   string // trigger, wait, send or end
	Label, Text  string
	Detail, Mono string
}

// handleJourneyShow handles "GET /journeys/{id}". Another shop's journey
// is not found, like one that does not exist.
func (s *Server) handleJourneyShow(w http.ResponseWriter, r *http.Request, v *viewer) {
	id := r.PathValue("id")
	if s.journeys == nil || !purna.ValidID(id) {
		s.error(w, r, v, purna.Errorf(purna.ENOTFOUND, "Journey not found."))
		return
	}
	ctx, l := r.Context(), v.lang
	j, err := s.journeys.FindJourneyByID(ctx, v.shop.ID, id)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	stats, err := s.journeys.JourneyStats(ctx, v.shop.ID)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	st := stats[j.ID]
	card := newJourneyCard(l, j, st, "/journeys/"+j.ID)
	d := journeyShowView{
		layout: s.layout(r, v, card.Name, "journeys"), Card: card, Key: j.Key, Updated: l.DateTime(j.UpdatedAt),
		Reentry: l.T("journeys.reentry." + string(j.Reentry)), Paused: j.Status == journey.Paused,
		Flow: journeyFlow(l, j, v.shop.Currency), Conditions: journeyConditions(l, j.Conditions, v.shop.Currency),
	}
	if s.editor != nil {
		d.EditURL = "/journeys/" + j.ID + "/edit"
	}
	for _, t := range j.ExitOn {
		d.Exits = append(d.Exits, whenText(l, t))
	}
	stat := func(key string, n int) journeyStat {
		return journeyStat{Key: key, Label: l.T("journeys.stat." + key), Value: l.Number(n)}
	}
	d.Customers = []journeyStat{stat("entered", st.Entered), stat("waiting", st.Waiting), stat("done", st.Done),
		stat("exited", st.Exited)}
	d.Messages = []journeyStat{stat("sent", st.Sent), stat("skipped", st.Skipped), stat("failed", st.Failed)}
	s.render(w, r, http.StatusOK, "journey_show", d)
}

// journeyFlow lays j out from its trigger, through its steps, to its end.
func journeyFlow(l lang, j *journey.Journey, currency string) []flowStep {
	flow := []flowStep{{Kind: "trigger", Icon: "zap", Label: l.T("journeys.flow.trigger"), Text: triggersText(l, j),
		Mono: string(j.Trigger)}}
	for _, st := range j.Steps {
		switch {
		case st.Wait != nil:
			flow = append(flow, flowStep{Kind: "wait", Icon: "clock", Label: l.T("journeys.flow.wait"), Text: waitText(l, st.Wait)})
		case st.Send != nil:
			channel := st.Send.Channel
			if channel == "" {
				channel = "email"
			}
			f := flowStep{Kind: "send", Icon: "mail", Label: l.T("journeys.flow.send", "channel", l.T("channel."+channel)),
				Text: templateName(l, st.Send.Template)}
			if f.Text != st.Send.Template {
				f.Mono = st.Send.Template
			}
			flow = append(flow, f)
		case st.Branch != nil:
			flow = append(flow, flowStep{Kind: "branch", Icon: "filter", Label: l.T("journeys.flow.branch"), Text: branchText(l, st.Branch, currency)})
		}
	}
	return append(flow, flowStep{Kind: "end", Icon: "check", Label: l.T("journeys.flow.end"), Text: l.T("journeys.flow.end_body")})
}

// branchText says what a branch does: "Orders of at least Rp 500.000;
// otherwise the journey ends".
func branchText(l lang, b *journey.Branch, currency string) string {
	conds := journeyConditions(l, b.If.Conditions, currency)
	if b.If.Consent != "" {
		conds = append(conds, l.T("journeys.cond.consent", "channel", l.T("channel."+b.If.Consent)))
	}
	if len(conds) == 0 {
		conds = []string{l.T("journeys.cond.none")}
	}
	otherwise := l.T("journeys.branch.else_end")
	if b.ElseStep != nil {
		otherwise = l.T("journeys.branch.else_step", "n", *b.ElseStep+1)
	}
	return l.T("journeys.branch.text", "conditions", strings.Join(conds, "; "), "otherwise", otherwise)
}

// journeyConditions lists who may enter, one line per condition.
func journeyConditions(l lang, c journey.Conditions, currency string) []string {
	var out []string
	if c.MinTotal != nil {
		out = append(out, l.T("journeys.cond.min_total", "amount", l.Money(*c.MinTotal, currency)))
	}
	if len(c.Categories) > 0 {
		out = append(out, l.T("journeys.cond.categories", "list", strings.Join(c.Categories, ", ")))
	}
	if len(c.Locales) > 0 {
		names := make([]string, len(c.Locales))
		for i, loc := range c.Locales {
			names[i] = loc
			if n, ok := langNames[loc]; ok {
				names[i] = n
			}
		}
		out = append(out, l.T("journeys.cond.locales", "list", strings.Join(names, ", ")))
	}
	if c.FirstOrder != nil {
		key := "journeys.cond.repeat_order"
		if *c.FirstOrder {
			key = "journeys.cond.first_order"
		}
		out = append(out, l.T(key))
	}
	return out
}

// triggersText is what starts j: its trigger, and how many more events do.
func triggersText(l lang, j *journey.Journey) string {
	if len(j.Triggers) == 0 {
		return whenText(l, j.Trigger)
	}
	return l.T("journeys.and_more", "when", whenText(l, j.Trigger), "more", l.N("journeys.more_events", len(j.Triggers)))
}
