package purna

import (
	"sync/atomic"
	"time"
)

// OffsetClock is another clock moved forward: the demo's clock, which a
// merchant trying Purna moves ahead to see three days' journeys in a
// minute. It only moves forward, as time does.
type OffsetClock struct {
	Base   Clock
	offset atomic.Int64
}

// Now is Base's time plus the offset.
func (c *OffsetClock) Now() time.Time {
	return c.Base.Now().Add(time.Duration(c.offset.Load()))
}

// Advance moves the clock forward by d (ignored unless positive) and
// returns how far ahead of Base it is now.
func (c *OffsetClock) Advance(d time.Duration) time.Duration {
	if d <= 0 {
		return c.Offset()
	}
	return time.Duration(c.offset.Add(int64(d)))
}

// Offset is how far ahead of Base the clock is.
func (c *OffsetClock) Offset() time.Duration { return time.Duration(c.offset.Load()) }
