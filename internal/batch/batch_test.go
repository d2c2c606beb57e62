package batch_test

import (
	"sync/atomic"
	"testing"

	"github.com/purnajual/purna/internal/batch"
)

func TestEach(t *testing.T) {
	for _, tc := range []struct{ n, workers int }{{0, 4}, {1, 4}, {10, 1}, {100, 8}, {5, 0}} {
		var calls, running, most atomic.Int64
		seen := make([]int, tc.n)
		batch.Each(tc.n, tc.workers, func(i int) {
			r := running.Add(1)
			for {
				m := most.Load()
				if r <= m || most.CompareAndSwap(m, r) {
					break
				}
			}
			seen[i]++
			calls.Add(1)
			running.Add(-1)
		})
		wantCalls := tc.n
		if tc.workers <= 0 {
			wantCalls = 0 // no workers, nothing runs (callers pass at least 1)
		}
		if int(calls.Load()) != wantCalls {
			t.Errorf("n=%d workers=%d: %d calls", tc.n, tc.workers, calls.Load())
		}
		if tc.workers > 0 {
			for i, c := range seen {
				if c != 1 {
					t.Errorf("n=%d: item %d ran %d times", tc.n, i, c)
				}
			}
		}
		if most.Load() > int64(max(tc.workers, 0)) {
			t.Errorf("n=%d workers=%d: %d at once", tc.n, tc.workers, most.Load())
		}
	}
}
