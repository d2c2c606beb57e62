package i18n

import (
	"fmt"
	"time"
)

// Dates are written from patterns in the catalogues ("date.datetime":
// "{d} {mon} {yyyy} {HH}.{mm}" in id), so a locale's style lives with its
// words: id "2 Nov 2026 10.04", en "2 Nov 2026, 10:04", ro "2 nov. 2026, 10:04".

func dateArgs(locale string, t time.Time, loc *time.Location) []any {
	if loc == nil {
		loc = time.UTC
	}
	t = t.In(loc)
	return []any{
		"d", fmt.Sprint(t.Day()),
		"mon", MonthShort(locale, t.Month()),
		"month", MonthLong(locale, t.Month()),
		"yyyy", fmt.Sprint(t.Year()),
		"HH", fmt.Sprintf("%02d", t.Hour()),
		"mm", fmt.Sprintf("%02d", t.Minute()),
	}
}

// Date writes t's calendar day in loc: "2 Nov 2026".
func Date(locale string, t time.Time, loc *time.Location) string {
	return T(locale, "date.date", dateArgs(locale, t, loc)...)
}

// DateTime writes t in loc to the minute: "2 Nov 2026, 10:04".
func DateTime(locale string, t time.Time, loc *time.Location) string {
	return T(locale, "date.datetime", dateArgs(locale, t, loc)...)
}

// Time writes t's time of day in loc: "10.04" in id, "10:04" in en and ro.
func Time(locale string, t time.Time, loc *time.Location) string {
	return T(locale, "date.time", dateArgs(locale, t, loc)...)
}

// DayMonth writes t's day and month in loc: "2 Nov", for chart axes.
func DayMonth(locale string, t time.Time, loc *time.Location) string {
	return T(locale, "date.daymonth", dateArgs(locale, t, loc)...)
}

// MonthShort returns m's abbreviated name: "Agu" in id, "aug." in ro.
func MonthShort(locale string, m time.Month) string {
	return T(locale, fmt.Sprintf("month.short.%d", m))
}

// MonthLong returns m's full name: "Agustus" in id, "august" in ro.
func MonthLong(locale string, m time.Month) string {
	return T(locale, fmt.Sprintf("month.long.%d", m))
}

// Ago writes how long before now t was ("3 hari lalu", "3 days ago",
// "acum 3 zile"), or how long after now it is ("dalam 2 hari").
func Ago(locale string, t, now time.Time) string {
	d := now.Sub(t)
	dir := "past"
	if d < 0 {
		dir, d = "future", -d
	}
	var unit string
	var n int
	switch {
	case d < time.Minute:
		return T(locale, "rel.now")
	case d < time.Hour:
		unit, n = "minute", int(d/time.Minute)
	case d < 24*time.Hour:
		unit, n = "hour", int(d/time.Hour)
	case d < 30*24*time.Hour:
		unit, n = "day", int(d/(24*time.Hour))
	case d < 365*24*time.Hour:
		unit, n = "month", int(d/(30*24*time.Hour))
	default:
		unit, n = "year", int(d/(365*24*time.Hour))
	}
	return N(locale, "rel."+dir+"."+unit, n)
}
