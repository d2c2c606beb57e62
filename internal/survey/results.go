package survey

import (
	"cmp"
	"context"
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/purnajual/purna"
)

// Tally is the result of one kind of survey over a set of answers: NPS,
// CSAT or CES, whichever the kind is.
type Tally struct {
	NPS  *NPSResult  `json:"nps,omitempty"`
	CSAT *CSATResult `json:"csat,omitempty"`
	CES  *CESResult  `json:"ces,omitempty"`
}

func newTally(k Kind) Tally {
	switch k {
	case NPS:
		return Tally{NPS: &NPSResult{}}
	case CSAT:
		return Tally{CSAT: &CSATResult{}}
	}
	return Tally{CES: &CESResult{}}
}

// Add counts one answer.
func (t Tally) Add(score int) {
	switch {
	case t.NPS != nil:
		t.NPS.Add(score)
	case t.CSAT != nil:
		t.CSAT.Add(score)
	case t.CES != nil:
		t.CES.Add(score)
	}
}

func (t Tally) finish() {
	switch {
	case t.NPS != nil:
		t.NPS.Finish()
	case t.CSAT != nil:
		t.CSAT.Finish()
	case t.CES != nil:
		t.CES.Finish()
	}
}

// N is how many answers the tally counts.
func (t Tally) N() int {
	switch {
	case t.NPS != nil:
		return t.NPS.N
	case t.CSAT != nil:
		return t.CSAT.N
	case t.CES != nil:
		return t.CES.N
	}
	return 0
}

// Value is the tally's headline number: the NPS (−100..100), the CSAT
// share (0..100) or the CES mean (1..7).
func (t Tally) Value() float64 {
	switch {
	case t.NPS != nil:
		return t.NPS.Score
	case t.CSAT != nil:
		return t.CSAT.Share
	case t.CES != nil:
		return t.CES.Mean
	}
	return 0
}

// Period is one bucket of a trend.
type Period struct {
	Start time.Time `json:"start"`
	Tally
}

// Group is the tally of the answers that share a key: a product, a
// category, an order source or a journey.
type Group struct {
	Key  string `json:"key"`
	Name string `json:"name"`
	Tally
}

// Results are one kind of survey's numbers over a time range.
type Results struct {
	Kind Kind      `json:"kind"`
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	// Overall counts every answer; Distribution how many gave each score,
	// from the lowest.
	Overall      Tally `json:"overall"`
	Distribution []int `json:"distribution"`
	// Trend is by week (ranges up to 16 weeks) or by month, in the
	// shop's time zone; buckets without answers are kept, with N 0.
	Trend      []Period `json:"trend"`
	ByProduct  []Group  `json:"by_product"`
	ByCategory []Group  `json:"by_category"`
	BySource   []Group  `json:"by_source"`
	ByJourney  []Group  `json:"by_journey"`
}

// ResultsFilter chooses the survey and the range of Results.
type ResultsFilter struct {
	ShopID purna.ID
	Kind   Kind
	From   time.Time
	To     time.Time
	// Location is the shop's time zone, for the trend's buckets.
	Location *time.Location
	// JourneyName names journeys in ByJourney; nil shows their IDs.
	JourneyName func(id purna.ID) string
}

// Results works out f's numbers. EINVALID for an unknown kind or a range
// that ends before it starts.
func (s *Service) Results(ctx context.Context, f ResultsFilter) (*Results, error) {
	var p purna.Problems
	if !f.Kind.Valid() {
		p.Add("kind", "must be nps, csat or ces")
	}
	if !f.To.After(f.From) {
		p.Add("to", "must be after from")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if f.Location == nil {
		f.Location = time.UTC
	}
	k := f.Kind
	rows, err := s.store.FindScores(ctx, Filter{ShopID: f.ShopID, Kind: &k, From: &f.From, To: &f.To})
	if err != nil {
		return nil, err
	}
	return Summarize(f, rows), nil
}

// Headline is kind's tally over [from, to) without its breakdowns: the
// dashboard's glance, counted by the database.
func (s *Service) Headline(ctx context.Context, shopID purna.ID, kind Kind, from, to time.Time) (Tally, error) {
	t := newTally(kind)
	if !kind.Valid() {
		return t, &purna.Error{Code: purna.EINVALID, Message: "Some fields are not valid.",
			Fields: map[string]string{"kind": "must be nps, csat or ces"}}
	}
	counts, err := s.store.CountScores(ctx, Filter{ShopID: shopID, Kind: &kind, From: &from, To: &to})
	if err != nil {
		return t, err
	}
	lo, hi := kind.Scale()
	for score := lo; score <= hi; score++ {
		for range counts[score] {
			t.Add(score)
		}
	}
	t.finish()
	return t, nil
}

// Summarize tallies rows into f's results. Rows of other kinds or outside
// the range are left out.
func Summarize(f ResultsFilter, rows []Scored) *Results {
	if f.Location == nil {
		f.Location = time.UTC
	}
	lo, hi := f.Kind.Scale()
	res := &Results{Kind: f.Kind, From: f.From, To: f.To, Overall: newTally(f.Kind), Distribution: make([]int, hi-lo+1)}
	starts := buckets(f.From, f.To, f.Location)
	trend := make([]Period, len(starts))
	for i, st := range starts {
		trend[i] = Period{Start: st, Tally: newTally(f.Kind)}
	}
	type group struct {
		name  string
		tally Tally
	}
	by := [4]map[string]*group{{}, {}, {}, {}}
	add := func(m map[string]*group, key, name string, score int) {
		g, ok := m[key]
		if !ok {
			g = &group{name: name, tally: newTally(f.Kind)}
			m[key] = g
		}
		g.tally.Add(score)
	}
	for _, r := range rows {
		if r.Kind != f.Kind || r.At.Before(f.From) || !r.At.Before(f.To) || r.Score < lo || r.Score > hi {
			continue
		}
		res.Overall.Add(r.Score)
		res.Distribution[r.Score-lo]++
		if i, ok := slices.BinarySearchFunc(starts, r.At, func(st, at time.Time) int {
			return st.Compare(at)
		}); ok {
			trend[i].Add(r.Score)
		} else if i > 0 {
			trend[i-1].Add(r.Score)
		}
		cats := map[string]bool{}
		for _, p := range r.Products {
			add(by[0], p.ID, p.Name, r.Score)
			if p.Category != "" && !cats[p.Category] {
				cats[p.Category] = true
				add(by[1], p.Category, p.Category, r.Score)
			}
		}
		add(by[2], r.Source, cmp.Or(r.Source, "—"), r.Score)
		if r.JourneyID != nil {
			name := *r.JourneyID
			if f.JourneyName != nil {
				name = f.JourneyName(name)
			}
			add(by[3], *r.JourneyID, name, r.Score)
		}
	}
	res.Overall.finish()
	for i := range trend {
		trend[i].finish()
	}
	res.Trend = trend
	groups := make([][]Group, 4)
	for i, m := range by {
		out := make([]Group, 0, len(m))
		for key, g := range m {
			g.tally.finish()
			out = append(out, Group{Key: key, Name: g.name, Tally: g.tally})
		}
		// Most answers first: the groups people can trust come on top.
		slices.SortFunc(out, func(a, b Group) int {
			return cmp.Or(cmp.Compare(b.N(), a.N()), cmp.Compare(a.Name, b.Name))
		})
		groups[i] = out
	}
	res.ByProduct, res.ByCategory, res.BySource, res.ByJourney = groups[0], groups[1], groups[2], groups[3]
	return res
}

// buckets returns the starts of the trend's periods covering [from, to):
// weeks from Monday when the range is up to 16 weeks, else months, in loc.
func buckets(from, to time.Time, loc *time.Location) []time.Time {
	var out []time.Time
	f := from.In(loc)
	if to.Sub(from) <= 16*7*24*time.Hour {
		day := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, loc)
		day = day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
		for t := day; t.Before(to); t = t.AddDate(0, 0, 7) {
			out = append(out, t.UTC())
		}
		return out
	}
	for t := time.Date(f.Year(), f.Month(), 1, 0, 0, 0, 0, loc); t.Before(to); t = t.AddDate(0, 1, 0) {
		out = append(out, t.UTC())
	}
	return out
}

// WriteCSV writes the answers f matches as CSV, newest first: one row per
// answer, with the shop's extra questions as columns. Values a
// spreadsheet would run as a formula are prefixed with a quote.
func (s *Service) WriteCSV(ctx context.Context, w io.Writer, f Filter, loc *time.Location) error {
	settings, err := s.store.FindSettings(ctx, f.ShopID)
	if err != nil {
		return err
	}
	if loc == nil {
		loc = time.UTC
	}
	cw := csv.NewWriter(w)
	head := []string{"answered_at", "kind", "score", "group", "comment", "customer_id", "order_id", "case_id", "source",
		"journey_id", "locale", "changes"}
	for _, q := range settings.Extra {
		head = append(head, "q_"+q.ID)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	f.Limit = 500
	for {
		page, next, _, err := s.store.FindResponses(ctx, f)
		if err != nil {
			return err
		}
		for _, r := range page {
			row := []string{r.CreatedAt.In(loc).Format(time.RFC3339), string(r.Kind), strconv.Itoa(r.Score),
				groupOf(r.Kind, r.Score), safeCell(r.Comment), r.CustomerID, deref(r.OrderID), deref(r.CaseID),
				r.Source, deref(r.JourneyID), r.Locale, strconv.Itoa(r.Changes)}
			for _, q := range settings.Extra {
				row = append(row, safeCell(r.Answers[q.ID]))
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
		if next == "" {
			break
		}
		f.Cursor = next
	}
	cw.Flush()
	return cw.Error()
}

// groupOf names the group a score falls in: promoter, passive or
// detractor for NPS; satisfied or not for CSAT; easy or not for CES.
func groupOf(k Kind, score int) string {
	switch k {
	case NPS:
		switch {
		case score >= 9:
			return "promoter"
		case score >= 7:
			return "passive"
		}
		return "detractor"
	case CSAT:
		switch {
		case score >= 4:
			return "satisfied"
		case score == 3:
			return "neutral"
		}
	case CES:
		switch {
		case score >= 5:
			return "easy"
		case score >= 3:
			return "neutral"
		}
	}
	return "unhappy"
}

// safeCell keeps a customer's text from running as a spreadsheet formula
// (OWASP's CSV injection advice).
func safeCell(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}
