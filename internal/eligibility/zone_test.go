package eligibility

import (
	"testing"
	"time"

	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/policy"
	"github.com/purnajual/purna/internal/product"
)

// TestReturnWindowAcrossZones checks the last day of a window in the zones
// Purna's shops are in: at 23:59:59 local the item is returnable, at
// 00:00:00 the next day it is not, whatever UTC says, and across the
// Romanian DST changes.
func TestReturnWindowAcrossZones(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		zone      string
		delivered string // local
		days      int
		now       string // local
		allowed   bool
		date      string
		endsAt    string // UTC, RFC 3339
	}{
		{"Jakarta last second", "Asia/Jakarta", "2026-12-01 15:00:00", 7, "2026-12-08 23:59:59", true, "2026-12-08", "2026-12-08T17:00:00Z"},
		{"Jakarta next midnight", "Asia/Jakarta", "2026-12-01 15:00:00", 7, "2026-12-09 00:00:00", false, "2026-12-08", "2026-12-08T17:00:00Z"},
		// 06:00 WIB on 1 Dec is still 30 Nov in UTC: day 0 is the local day.
		{"Jakarta early delivery counts the local day", "Asia/Jakarta", "2026-12-01 06:00:00", 7, "2026-12-08 23:59:59", true, "2026-12-08", "2026-12-08T17:00:00Z"},
		{"Jakarta delivery at midnight", "Asia/Jakarta", "2026-12-01 00:00:00", 7, "2026-12-09 00:00:00", false, "2026-12-08", "2026-12-08T17:00:00Z"},
		{"Jakarta delivery a second before midnight", "Asia/Jakarta", "2026-11-30 23:59:59", 7, "2026-12-08 00:00:00", false, "2026-12-07", "2026-12-07T17:00:00Z"},
		{"Jakarta year end", "Asia/Jakarta", "2026-12-28 10:00:00", 7, "2027-01-04 23:59:59", true, "2027-01-04", "2027-01-04T17:00:00Z"},
		{"Makassar last second", "Asia/Makassar", "2026-12-01 07:30:00", 7, "2026-12-08 23:59:59", true, "2026-12-08", "2026-12-08T16:00:00Z"},
		{"Makassar next midnight", "Asia/Makassar", "2026-12-01 07:30:00", 7, "2026-12-09 00:00:00", false, "2026-12-08", "2026-12-08T16:00:00Z"},
		// 29 March 2026: clocks go from 03:00 to 04:00 EEST; the day has 23 hours.
		{"Bucharest window ends on the spring DST day, last second", "Europe/Bucharest", "2026-03-15 10:00:00", 14, "2026-03-29 23:59:59", true, "2026-03-29", "2026-03-29T21:00:00Z"},
		{"Bucharest window ends on the spring DST day, next midnight", "Europe/Bucharest", "2026-03-15 10:00:00", 14, "2026-03-30 00:00:00", false, "2026-03-29", "2026-03-29T21:00:00Z"},
		{"Bucharest window across spring DST", "Europe/Bucharest", "2026-03-20 18:00:00", 14, "2026-04-03 23:59:59", true, "2026-04-03", "2026-04-03T21:00:00Z"},
		// 25 October 2026: clocks go from 04:00 EEST back to 03:00 EET; the day has 25 hours.
		{"Bucharest window ends on the autumn DST day, last second", "Europe/Bucharest", "2026-10-11 12:00:00", 14, "2026-10-25 23:59:59", true, "2026-10-25", "2026-10-25T22:00:00Z"},
		{"Bucharest window ends on the autumn DST day, next midnight", "Europe/Bucharest", "2026-10-11 12:00:00", 14, "2026-10-26 00:00:00", false, "2026-10-25", "2026-10-25T22:00:00Z"},
		{"Bucharest window across autumn DST", "Europe/Bucharest", "2026-10-20 12:00:00", 14, "2026-11-03 23:59:59", true, "2026-11-03", "2026-11-03T22:00:00Z"},
		{"Bucharest delivered in the repeated hour", "Europe/Bucharest", "2026-10-25 03:30:00", 1, "2026-10-26 23:59:59", true, "2026-10-26", "2026-10-26T22:00:00Z"},
		{"UTC when no zone is given", "", "2026-12-01 23:30:00", 7, "2026-12-08 23:59:59", true, "2026-12-08", "2026-12-09T00:00:00Z"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			loc := time.UTC
			if tc.zone != "" {
				loc = MustLocation(t, tc.zone)
			}
			pol := policy.Default("ID")
			pol.Returns.WindowDays = tc.days
			pol.Returns.FreeReplacementDays = tc.days
			in := Input{
				Policy:   &pol,
				Order:    &order.Order{ID: "O", DeliveredAt: ptr(MustTime(t, loc, tc.delivered)), Lines: []*order.Line{{ID: "L", ProductID: ptr("P"), Quantity: 1}}},
				Products: map[string]*product.Product{"P": {ID: "P"}},
				Now:      MustTime(t, loc, tc.now),
			}
			if tc.zone != "" {
				in.Location = loc
			}
			it := Compute(in)[0]
			if r := it.Replacement; r.Allowed != it.Return.Allowed || *r.Until != *it.Return.Until {
				t.Errorf("free replacement %s differs from return %s over the same days", sumWindow(r), sumWindow(it.Return))
			}
			w := it.Return
			if w.Allowed != tc.allowed {
				t.Errorf("allowed = %v (%s), want %v", w.Allowed, sumWindow(w), tc.allowed)
			}
			if w.Until == nil {
				t.Fatalf("no until: %s", sumWindow(w))
			}
			if w.Until.Date != tc.date || w.Until.EndsAt.Format(time.RFC3339) != tc.endsAt {
				t.Errorf("until = %s / %s, want %s / %s", w.Until.Date, w.Until.EndsAt.Format(time.RFC3339), tc.date, tc.endsAt)
			}
			if w.Until.EndsAt.Location() != time.UTC {
				t.Errorf("EndsAt is in %s, want UTC", w.Until.EndsAt.Location())
			}
		})
	}
}

func TestAddMonths(t *testing.T) {
	t.Parallel()
	tests := []struct {
		start  string
		months int
		want   string
	}{
		{"2026-01-31", 1, "2026-02-28"},
		{"2027-01-31", 13, "2028-02-29"},
		{"2026-03-03", 12, "2027-03-03"},
		{"2026-12-15", 1, "2027-01-15"},
		{"2026-08-31", 6, "2027-02-28"},
		{"2024-02-29", 12, "2025-02-28"},
		{"2026-05-10", 120, "2036-05-10"},
	}
	for _, tc := range tests {
		t.Run(tc.start, func(t *testing.T) {
			t.Parallel()
			s, err := time.Parse(time.DateOnly, tc.start)
			if err != nil {
				t.Fatal(err)
			}
			if got := dayOf(s, time.UTC).addMonths(tc.months, time.UTC).Date; got != tc.want {
				t.Errorf("%s + %d months = %s, want %s", tc.start, tc.months, got, tc.want)
			}
		})
	}
}
