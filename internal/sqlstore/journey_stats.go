package sqlstore

import (
	"context"
	"fmt"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/journey"
)

// JourneyStats counts each journey's runs by status and its messages by
// outcome, for the shop's journeys page. A journey with no runs is left
// out of the map; its zero Stats is the right answer.
func (s Journeys) JourneyStats(ctx context.Context, shopID purna.ID) (map[purna.ID]journey.Stats, error) {
	out := map[purna.ID]journey.Stats{}
	// Both counts group on (journey, status), so one loop reads either.
	count := func(query string, add func(st *journey.Stats, status string, n int)) error {
		rows, err := s.db.Read().Query(ctx, query, shopID)
		if err != nil {
			return fmt.Errorf("sqlstore: journey stats: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id purna.ID
			var status string
			var n int
			if err := rows.Scan(&id, &status, &n); err != nil {
				return fmt.Errorf("sqlstore: journey stats: %w", err)
			}
			st := out[id]
			add(&st, status, n)
			out[id] = st
		}
		return rows.Err()
	}
	err := count(`SELECT journey_id, status, COUNT(*) FROM journey_runs WHERE shop_id = $1 GROUP BY journey_id, status`,
		func(st *journey.Stats, status string, n int) {
			st.Entered += n
			switch journey.RunStatus(status) {
			case journey.Waiting:
				st.Waiting += n
			case journey.Done:
				st.Done += n
			case journey.Exited:
				st.Exited += n
			}
		})
	if err != nil {
		return nil, err
	}
	// Messages belong to a journey through their run; one without a run (a
	// campaign's, later) is no journey's.
	err = count(`SELECT r.journey_id, m.status, COUNT(*) FROM messages m JOIN journey_runs r ON r.id = m.run_id
		WHERE m.shop_id = $1 GROUP BY r.journey_id, m.status`,
		func(st *journey.Stats, status string, n int) {
			switch journey.MessageStatus(status) {
			case journey.Sent:
				st.Sent += n
			case journey.Skipped:
				st.Skipped += n
			case journey.Failed:
				st.Failed += n
			}
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}
