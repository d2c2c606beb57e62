package followup

import (
	"context"
	"slices"
	"time"

	"github.com/purnajual/purna"
)

// Stats are how the shop followed up on unhappy customers over a range.
type Stats struct {
	Opened    int `json:"opened"`
	Contacted int `json:"contacted"` // got a first contact
	Resolved  int `json:"resolved"`
	Overdue   int `json:"overdue"` // open past due, never contacted
	// MedianFirstContact is the median time from opening to the first
	// contact, over those contacted; 0 when none was.
	MedianFirstContact time.Duration `json:"median_first_contact"`
	// ByRemedy counts resolutions by remedy.
	ByRemedy map[Remedy]int `json:"by_remedy"`
	// AnsweredLater counts customers who answered a later survey of the
	// same kind; Improved those whose later score was higher.
	AnsweredLater int `json:"answered_later"`
	Improved      int `json:"improved"`
	// Reordered counts customers who ordered again after the follow-up
	// opened.
	Reordered int `json:"reordered"`
}

// Stats works out the follow-ups opened in [from, to).
func (s *Service) Stats(ctx context.Context, shopID purna.ID, from, to time.Time) (*Stats, error) {
	rows, err := s.store.FindOutcomes(ctx, shopID, from, to)
	if err != nil {
		return nil, err
	}
	return summarize(rows, s.clock.Now(), s.DueIn), nil
}

func summarize(rows []Outcome, now time.Time, dueIn time.Duration) *Stats {
	st := &Stats{ByRemedy: map[Remedy]int{}}
	var waits []time.Duration
	for _, o := range rows {
		st.Opened++
		if o.FirstContactAt != nil {
			st.Contacted++
			waits = append(waits, o.FirstContactAt.Sub(o.CreatedAt))
		} else if (o.Status == Open) && now.After(o.CreatedAt.Add(dueIn)) {
			st.Overdue++
		}
		if o.ResolvedAt != nil {
			st.Resolved++
			st.ByRemedy[o.Remedy]++
		}
		if o.LaterScore != nil {
			st.AnsweredLater++
			if *o.LaterScore > o.Score {
				st.Improved++
			}
		}
		if o.Reordered {
			st.Reordered++
		}
	}
	if len(waits) > 0 {
		slices.Sort(waits)
		n := len(waits)
		st.MedianFirstContact = waits[n/2]
		if n%2 == 0 {
			st.MedianFirstContact = (waits[n/2-1] + waits[n/2]) / 2
		}
	}
	return st
}
