package purna_test

import (
	"sync"
	"testing"
	"time"

	"github.com/purnajual/purna"
)

func TestOffsetClock(t *testing.T) {
	base := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	c := &purna.OffsetClock{Base: purna.ClockFunc(func() time.Time { return base })}
	if !c.Now().Equal(base) {
		t.Fatalf("Now = %v before any advance", c.Now())
	}
	if got := c.Advance(-time.Hour); got != 0 || !c.Now().Equal(base) {
		t.Errorf("a negative advance moved the clock: %v", got)
	}
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() { c.Advance(time.Hour) })
	}
	wg.Wait()
	if c.Offset() != 10*time.Hour || !c.Now().Equal(base.Add(10*time.Hour)) {
		t.Errorf("after ten hours: offset %v, now %v", c.Offset(), c.Now())
	}
}
