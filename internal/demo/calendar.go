package demo

import (
	"math/rand/v2"
	"sort"
	"time"
)

// wib is Western Indonesia Time, the shop's clock. Indonesia keeps no
// daylight saving time, so a fixed zone gives the hours of Asia/Jakarta
// without needing the time zone database on the machine.
var wib = time.FixedZone("WIB", 7*60*60)

// calendar says how busy each day of the demo's history is: the shop grows,
// weekends and paydays sell more, and the marketplaces' double-date sales
// (Harbolnas 12.12 above all) and the weeks before Lebaran sell much more.
type calendar struct {
	start, end time.Time // midnight WIB; end is the day the demo is made
	cum        []float64 // cum[i] is the weight of days 0..i
	season     []float64 // season[i] is day i's multiplier from sales and holidays
}

func newCalendar(end time.Time, months int) *calendar {
	c := &calendar{end: end, start: end.AddDate(0, -months, 0)}
	days := int(c.end.Sub(c.start).Hours()/24 + 0.5)
	c.cum = make([]float64, days)
	c.season = make([]float64, days)
	total := 0.0
	for i := range days {
		d := c.start.AddDate(0, 0, i)
		growth := 0.5 + float64(i)/float64(days) // the shop sells three times more at the end
		c.season[i] = seasonOf(d)
		total += growth * c.season[i] * weekdayWeight(d)
		c.cum[i] = total
	}
	return c
}

// total is the weight of the whole history.
func (c *calendar) total() float64 { return c.cum[len(c.cum)-1] }

// weightBefore is the weight of the days before t's day.
func (c *calendar) weightBefore(t time.Time) float64 {
	i := c.dayIndex(t)
	if i <= 0 {
		return 0
	}
	return c.cum[min(i, len(c.cum))-1]
}

func (c *calendar) dayIndex(t time.Time) int {
	return int(t.Sub(c.start).Hours() / 24)
}

// seasonAt is the multiplier of t's day, 1 on an ordinary day.
func (c *calendar) seasonAt(t time.Time) float64 {
	i := c.dayIndex(t)
	if i < 0 || i >= len(c.season) {
		return 1
	}
	return c.season[i]
}

// sample draws a moment whose day is weighted between the cumulative
// weights lo and hi, at an hour people shop.
func (c *calendar) sample(r *rand.Rand, lo, hi float64) time.Time {
	u := lo + r.Float64()*(hi-lo)
	i := min(sort.SearchFloat64s(c.cum, u), len(c.cum)-1)
	day := c.start.AddDate(0, 0, i)
	h := pickWeighted(r, hourWeights[:])
	if doubleDate(day) && r.IntN(4) == 0 {
		h = r.IntN(2) // flash sales open at midnight
	}
	return day.Add(time.Duration(h)*time.Hour + time.Duration(r.IntN(3600))*time.Second)
}

// hourWeights is when Indonesians shop online (WIB): a lunch peak and a
// long evening one.
var hourWeights = [24]float64{2, 1, 0.5, 0.3, 0.3, 0.6, 1.2, 2, 3, 4, 4.5, 4.5,
	5.5, 5, 4.5, 4.5, 4.5, 4, 4, 5.5, 7, 7.5, 6, 4}

func weekdayWeight(d time.Time) float64 {
	w := 1.0
	switch d.Weekday() {
	case time.Saturday, time.Sunday:
		w = 1.1
	}
	if dd := d.Day(); dd >= 25 || dd <= 2 {
		w *= 1.15 // gajian: payday at the end of the month
	}
	return w
}

// doubleDate reports the marketplaces' sale days: 9.9, 10.10, 11.11, 12.12.
func doubleDate(d time.Time) bool {
	return int(d.Month()) == d.Day() && d.Month() >= 9
}

func seasonOf(d time.Time) float64 {
	m, dd := d.Month(), d.Day()
	s := 1.0
	switch {
	case m == 12 && dd == 12:
		s = 4.5 // Harbolnas, the national online shopping day
	case m == 12 && (dd == 10 || dd == 11 || dd == 13):
		s = 1.7
	case m == 11 && dd == 11:
		s = 2.8
	case doubleDate(d):
		s = 1.9
	case m == 12 && dd >= 20:
		s = 1.2
	}
	if r, ok := ramadan[d.Year()]; ok {
		eid := r.eid.Time(wib)
		switch start := r.start.Time(wib); {
		case !d.Before(eid) && d.Before(eid.AddDate(0, 0, 3)):
			s *= 0.4 // Lebaran: everyone is home, couriers rest
		case !d.Before(eid.AddDate(0, 0, -14)) && d.Before(eid):
			s *= 1.8 // shopping for Lebaran: clothes, gifts, THR to spend
		case !d.Before(start) && d.Before(eid):
			s *= 1.3
		}
	}
	return s
}

// lebaranRush reports whether t falls in the days around Lebaran when
// parcels pile up and couriers are short.
func lebaranRush(t time.Time) bool {
	r, ok := ramadan[t.In(wib).Year()]
	if !ok {
		return false
	}
	eid := r.eid.Time(wib)
	return t.After(eid.AddDate(0, 0, -5)) && t.Before(eid.AddDate(0, 0, 4))
}

// harbolnasRush reports the week after 12.12, when couriers catch up.
func harbolnasRush(t time.Time) bool {
	t = t.In(wib)
	return t.Month() == 12 && t.Day() >= 12 && t.Day() <= 18
}

type date struct {
	y int
	m time.Month
	d int
}

func (d date) Time(loc *time.Location) time.Time { return time.Date(d.y, d.m, d.d, 0, 0, 0, 0, loc) }

// ramadan holds the first day of Ramadan and Idul Fitri (Lebaran) as
// Indonesia keeps them; later years are the expected dates, give or take a
// day, which is all the demo needs.
var ramadan = map[int]struct{ start, eid date }{
	2023: {date{2023, 3, 23}, date{2023, 4, 22}},
	2024: {date{2024, 3, 12}, date{2024, 4, 10}},
	2025: {date{2025, 3, 1}, date{2025, 3, 31}},
	2026: {date{2026, 2, 19}, date{2026, 3, 21}},
	2027: {date{2027, 2, 8}, date{2027, 3, 10}},
	2028: {date{2028, 1, 28}, date{2028, 2, 27}},
	2029: {date{2029, 1, 16}, date{2029, 2, 15}},
	2030: {date{2030, 1, 6}, date{2030, 2, 5}},
}

// pickWeighted returns an index of w with probability proportional to its
// weight.
func pickWeighted(r *rand.Rand, w []float64) int {
	total := 0.0
	for _, x := range w {
		total += x
	}
	u := r.Float64() * total
	for i, x := range w {
		if u < x {
			return i
		}
		u -= x
	}
	return len(w) - 1
}

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// between returns a uniform integer in [lo, hi].
func between(r *rand.Rand, lo, hi int) int { return lo + r.IntN(hi-lo+1) }
