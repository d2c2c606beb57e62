package portal

import (
	"time"

	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/eligibility"
	"github.com/purnajual/purna/internal/i18n"
)

// reasonText puts an eligibility reason into the customer's words
// ("portal.reason.window_closed": "Return window closed on {date}"). Dates
// come as "2026-12-08", the last day in the shop's zone, and are written
// without the year when it is this year's.
func reasonText(lang string, r *eligibility.Reason, now time.Time, loc *time.Location) string {
	if r == nil {
		return i18n.T(lang, "portal.reason.not_allowed")
	}
	p := r.Params
	args := []any{"category", p["category"], "n", p["quantity"], "date", deadline(lang, p["until"], now, loc)}
	if res := p["resolution"]; res != "" {
		args = append(args, "resolution", i18n.T(lang, "portal.resolution."+res))
	}
	key := "portal.reason." + r.Code
	if i18n.T(lang, key) == key {
		return i18n.T(lang, "portal.reason.not_allowed")
	}
	return i18n.T(lang, key, args...)
}

// deadline writes a "2026-12-08" day: "8 Dec" this year, "3 Mar 2027"
// another year.
func deadline(lang, date string, now time.Time, loc *time.Location) string {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	if d.Year() == now.In(loc).Year() {
		return i18n.DayMonth(lang, d, time.UTC)
	}
	return i18n.Date(lang, d, time.UTC)
}

// deadlineOf is deadline for an eligibility Deadline, "" for none.
func deadlineOf(lang string, d *eligibility.Deadline, now time.Time, loc *time.Location) string {
	if d == nil {
		return ""
	}
	return deadline(lang, d.Date, now, loc)
}

// statusText is a case's status as the customer reads it, for its kind:
// a return that is "approved" asks them to send the item.
func statusText(lang string, k cases.Kind, st cases.Status) string {
	if key := "portal.status." + string(k) + "." + string(st); i18n.T(lang, key) != key {
		return i18n.T(lang, key)
	}
	return i18n.T(lang, "portal.status."+string(st))
}

// kindText is a case's kind: "Return", "Warranty claim".
func kindText(lang string, k cases.Kind) string { return i18n.T(lang, "portal.kind."+string(k)) }
