package eligibility

import (
	"fmt"
	"time"
)

// day is a calendar day in the shop's time zone.
type day struct {
	y int
	m time.Month
	d int
}

func dayOf(t time.Time, loc *time.Location) day {
	y, m, d := t.In(loc).Date()
	return day{y, m, d}
}

// addDays returns the deadline n days after day 0.
func (a day) addDays(n int, loc *time.Location) Deadline {
	return deadline(a.y, a.m, a.d+n, loc)
}

// addMonths returns the deadline n months after day 0: the same day of the
// month, or the month's last day when it is shorter (31 Jan + 1 month is
// 28 or 29 Feb).
func (a day) addMonths(n int, loc *time.Location) Deadline {
	months := int(a.m) - 1 + n
	y, m := a.y+months/12, time.Month(months%12+1)
	last := time.Date(y, m+1, 0, 12, 0, 0, 0, time.UTC).Day()
	return deadline(y, m, min(a.d, last), loc)
}

// deadline normalises y-m-d (d may overflow the month) and returns it with
// the start of the next local day.
func deadline(y int, m time.Month, d int, loc *time.Location) Deadline {
	// Noon UTC never falls into a DST gap; only the calendar is wanted.
	n := time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
	y, m, d = n.Date()
	return Deadline{
		Date:   fmt.Sprintf("%04d-%02d-%02d", y, m, d),
		EndsAt: time.Date(y, m, d+1, 0, 0, 0, 0, loc).UTC(),
	}
}
