package web

import (
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/survey"
)

// feedbackResultsView is the data of the Feedback page: one kind of
// survey over one range.
type feedbackResultsView struct {
	layout
	Kind         string
	KindLabel    string
	Kinds        []periodLink
	Ranges       []periodLink
	Range        string
	Empty        bool
	EmptyBody    string
	AnswersURL   string
	Headline     feedbackHeadline
	Split        []splitPart
	SplitLabel   string
	Distribution feedbackChart
	Trend        feedbackChart
	TrendTitle   string
	Groups       []groupTable
}

// feedbackHeadline is the big number and what to read it with.
type feedbackHeadline struct {
	Value, Caption string
	Facts          []string
}

// splitPart is one group of the stacked bar: promoters, passives and
// detractors, or their CSAT and CES kin. Width is its share in percent.
type splitPart struct {
	Group, Tone, Label, Share, Count string
	Width                            float64
}

// groupTable is the results by one thing the answers share.
type groupTable struct {
	ID, Title, More string
	Rows            []groupRow
}

// groupRow is one product, category, source or journey. Few is set under
// fewAnswers: too few to trust much.
type groupRow struct {
	Name, N, Value string
	Few            bool
}

// feedbackRanges are the ranges the page offers; the first is the default.
var feedbackRanges = []string{"30d", "90d", "12m"}

// fewAnswers is the number of answers under which a group's score is
// flagged: below it one answer moves an NPS by several points.
const fewAnswers = 30

// maxGroupRows caps each group table; the rest are counted under it.
const maxGroupRows = 25

// feedbackPeriod returns the range key rng as whole days in the shop's
// zone, today included: 30 or 90 days, or the 12 calendar months ending
// with this one.
func feedbackPeriod(l lang, rng string) (from, to time.Time) {
	local := l.now.In(l.loc)
	to = time.Date(local.Year(), local.Month(), local.Day()+1, 0, 0, 0, 0, l.loc)
	switch rng {
	case "90d":
		return to.AddDate(0, 0, -90), to
	case "12m":
		return time.Date(local.Year(), local.Month()-11, 1, 0, 0, 0, 0, l.loc), to
	}
	return to.AddDate(0, 0, -30), to
}

// handleFeedbackResults handles "GET /feedback?kind=nps|csat|ces&range=30d|90d|12m".
func (s *Server) handleFeedbackResults(w http.ResponseWriter, r *http.Request, v *viewer) {
	if s.surveys == nil {
		s.error(w, r, v, feedbackNotFound())
		return
	}
	l, q, ctx := v.lang, r.URL.Query(), r.Context()
	kind := survey.Kind(q.Get("kind"))
	if !kind.Valid() {
		kind = survey.NPS
	}
	rng := q.Get("range")
	if rng != "90d" && rng != "12m" {
		rng = "30d"
	}
	from, to := feedbackPeriod(l, rng)
	f := survey.ResultsFilter{ShopID: v.shop.ID, Kind: kind, From: from, To: to, Location: l.loc}
	if s.journeys != nil {
		js, err := s.journeys.FindJourneys(ctx, v.shop.ID)
		if err != nil {
			s.error(w, r, v, err)
			return
		}
		names := map[purna.ID]string{}
		for _, j := range js {
			names[j.ID] = journeyName(l, j)
		}
		f.JourneyName = func(id purna.ID) string {
			if n, ok := names[id]; ok {
				return n
			}
			return l.T("feedback.journey_gone")
		}
	}
	res, err := s.surveys.Results(ctx, f)
	if err != nil {
		s.error(w, r, v, err)
		return
	}

	d := feedbackResultsView{layout: s.layout(r, v, l.T("feedback.title"), "feedback"),
		Kind: string(kind), KindLabel: surveyKindLabel(l, kind),
		Range:      l.T("cases.stats.range", "from", l.Date(from), "to", l.Date(to.Add(-time.Second))),
		AnswersURL: localPath("/feedback/answers", url.Values{"kind": {string(kind)}})}
	for _, k := range survey.Kinds {
		d.Kinds = append(d.Kinds, periodLink{Label: surveyKindLabel(l, k), Current: k == kind,
			URL: localPath("/feedback", url.Values{"kind": {string(k)}, "range": {rng}})})
	}
	for _, key := range feedbackRanges {
		d.Ranges = append(d.Ranges, periodLink{Label: l.T("feedback.range." + key), Current: key == rng,
			URL: localPath("/feedback", url.Values{"kind": {string(kind)}, "range": {key}})})
	}
	if res.Overall.N() == 0 {
		d.Empty, d.EmptyBody = true, l.T("feedback.empty_body."+string(kind))
		s.render(w, r, http.StatusOK, "feedback_results", d)
		return
	}
	d.Headline = headline(l, kind, res.Overall)
	d.Split, d.SplitLabel = split(l, kind, res.Distribution)
	d.Distribution = distributionChart(l, kind, res.Distribution)
	d.Trend, d.TrendTitle = trendChart(l, kind, res, to.Sub(from) <= 16*7*24*time.Hour)
	for _, g := range []struct {
		id     string
		groups []survey.Group
	}{{"product", res.ByProduct}, {"category", res.ByCategory}, {"source", res.BySource}, {"journey", res.ByJourney}} {
		d.Groups = append(d.Groups, groupTableOf(l, kind, g.id, g.groups))
	}
	s.render(w, r, http.StatusOK, "feedback_results", d)
}

// headline words the overall tally: the NPS with its 95% interval and
// standard error, the CSAT share with the mean, or the CES mean with the
// share of easy answers; each with the number of answers.
func headline(l lang, k survey.Kind, t survey.Tally) feedbackHeadline {
	h := feedbackHeadline{Value: tallyText(l, k, t)}
	n := l.N("feedback.answers_n", t.N())
	switch {
	case t.NPS != nil:
		h.Caption = l.T("feedback.nps.caption")
		h.Facts = []string{
			l.T("feedback.nps.interval", "low", npsText(t.NPS.Low*100), "high", npsText(t.NPS.High*100)),
			l.T("feedback.nps.stderr", "se", decimal(l, t.NPS.StdErr*100, 1)), n}
	case t.CSAT != nil:
		h.Caption = l.T("feedback.csat.caption")
		h.Facts = []string{l.T("feedback.csat.mean", "mean", decimal(l, t.CSAT.Mean, 1)), n}
	case t.CES != nil:
		h.Caption = l.T("feedback.ces.caption")
		h.Facts = []string{l.T("feedback.ces.easy", "share", percent(l, t.CES.Easy/100)), n}
	}
	return h
}

// split works out the stacked bar from the distribution, and a sentence
// of it for screen readers.
func split(l lang, k survey.Kind, dist []int) ([]splitPart, string) {
	lo, _ := k.Scale()
	counts, total := map[string]int{}, 0
	for i, n := range dist {
		g, _ := scoreGroup(k, lo+i)
		counts[g] += n
		total += n
	}
	var parts []splitPart
	var words []string
	for _, g := range scoreGroups(k) {
		_, tone := scoreGroup(k, groupScore(k, g))
		share := 0.0
		if total > 0 {
			share = float64(counts[g]) / float64(total)
		}
		p := splitPart{Group: g, Tone: tone, Label: l.T("feedback.groups." + g), Share: percent(l, share),
			Count: l.Number(counts[g]), Width: math.Round(share*1000) / 10}
		parts = append(parts, p)
		words = append(words, p.Label+" "+p.Share)
	}
	return parts, strings.Join(words, ", ")
}

// groupScore is a score inside group g of k, to find the group's tone.
func groupScore(k survey.Kind, g string) int {
	lo, hi := k.Scale()
	for s := hi; s >= lo; s-- {
		if got, _ := scoreGroup(k, s); got == g {
			return s
		}
	}
	return lo
}

// distributionChart draws how many answers gave each score.
func distributionChart(l lang, k survey.Kind, dist []int) feedbackChart {
	lo, _ := k.Scale()
	most := 0
	for _, n := range dist {
		most = max(most, n)
	}
	step, top := niceScale(most)
	var ticks []float64
	for t := 0; t <= top; t += step {
		ticks = append(ticks, float64(t))
	}
	values := make([]chartValue, len(dist))
	for i, n := range dist {
		score := lo + i
		_, tone := scoreGroup(k, score)
		values[i] = chartValue{Value: float64(n), Label: l.Number(score), Tone: tone, Hidden: n == 0,
			Title: l.N("feedback.dist.bar", n, "score", score)}
	}
	return newFeedbackChart(distributionSize, l.T("feedback.distribution"), values, 0, float64(top), 0, ticks,
		func(v float64) string { return l.Number(int(v)) })
}

// trendChart draws the score of each week (or month) of the range; a
// period without answers is an empty slot.
func trendChart(l lang, k survey.Kind, res *survey.Results, weekly bool) (feedbackChart, string) {
	values := make([]chartValue, len(res.Trend))
	for i, p := range res.Trend {
		var label, period string
		if weekly {
			label = i18n.DayMonth(l.Locale, p.Start, l.loc)
			period = l.T("feedback.trend.week", "date", l.Date(p.Start))
		} else {
			m := p.Start.In(l.loc)
			label = i18n.MonthShort(l.Locale, m.Month())
			period = l.T("feedback.trend.month", "month", i18n.MonthLong(l.Locale, m.Month()), "year", strconv.Itoa(m.Year()))
		}
		cv := chartValue{Value: p.Value(), Label: label, Empty: p.N() == 0}
		if cv.Empty {
			cv.Title = l.T("feedback.trend.empty", "period", period)
		} else {
			cv.Title = l.T("feedback.trend.bar", "period", period, "kind", surveyKindLabel(l, k),
				"value", tallyText(l, k, p.Tally), "answers", l.N("feedback.answers_n", p.N()))
		}
		values[i] = cv
	}
	title := l.T("feedback.trend.by_week")
	if !weekly {
		title = l.T("feedback.trend.by_month")
	}
	switch k {
	case survey.NPS:
		return newFeedbackChart(trendSize, title, values, -100, 100, 0, []float64{-100, -50, 0, 50, 100}, npsText), title
	case survey.CSAT:
		return newFeedbackChart(trendSize, title, values, 0, 100, 0, []float64{0, 25, 50, 75, 100},
			func(v float64) string { return percent(l, v/100) }), title
	}
	return newFeedbackChart(trendSize, title, values, 1, 7, 1, []float64{1, 3, 5, 7},
		func(v float64) string { return l.Number(int(v)) }), title
}

// groupTableOf lays out the results by one key, most answers first as the
// service sorts them.
func groupTableOf(l lang, k survey.Kind, id string, groups []survey.Group) groupTable {
	t := groupTable{ID: id, Title: l.T("feedback.by_" + id)}
	for i, g := range groups {
		if i == maxGroupRows {
			t.More = l.N("feedback.more_groups", len(groups)-maxGroupRows)
			break
		}
		name := g.Name
		switch {
		case id == "source" && g.Key == "":
			name = l.T("feedback.source_unknown")
		case id == "source":
			name = sourceName(g.Key)
		case strings.TrimSpace(name) == "":
			name = l.T("cases.stats.unknown_product")
		}
		t.Rows = append(t.Rows, groupRow{Name: name, N: l.Number(g.N()), Value: tallyText(l, k, g.Tally),
			Few: g.N() < fewAnswers})
	}
	return t
}
