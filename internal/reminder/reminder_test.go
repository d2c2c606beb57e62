package reminder_test

import (
	"testing"
	"time"

	"github.com/purnajual/purna/internal/reminder"
)

func mustLoad(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

func TestWarrantyEnd(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		start  time.Time
		months int
		zone   string
		want   time.Time
	}{
		{name: "SameDayNextYear", start: time.Date(2026, 3, 15, 5, 0, 0, 0, time.UTC), months: 12,
			zone: "Asia/Jakarta", want: time.Date(2027, 3, 15, 16, 59, 59, 0, time.UTC)},
		{name: "Jan31PlusOneMonthIsFeb28", start: time.Date(2026, 1, 31, 3, 0, 0, 0, time.UTC), months: 1,
			zone: "Asia/Jakarta", want: time.Date(2026, 2, 28, 16, 59, 59, 0, time.UTC)},
		{name: "Jan31PlusOneMonthInLeapYearIsFeb29", start: time.Date(2028, 1, 31, 3, 0, 0, 0, time.UTC), months: 1,
			zone: "Asia/Jakarta", want: time.Date(2028, 2, 29, 16, 59, 59, 0, time.UTC)},
		{name: "Aug31PlusSixMonthsIsFeb28", start: time.Date(2025, 8, 31, 3, 0, 0, 0, time.UTC), months: 6,
			zone: "Asia/Jakarta", want: time.Date(2026, 2, 28, 16, 59, 59, 0, time.UTC)},
		// 20:00 UTC on 31 March is already 1 April in Jakarta (UTC+7),
		// still 31 March in Bucharest (UTC+3 in summer).
		{name: "JakartaDayAfterUTC", start: time.Date(2026, 3, 31, 20, 0, 0, 0, time.UTC), months: 12,
			zone: "Asia/Jakarta", want: time.Date(2027, 4, 1, 16, 59, 59, 0, time.UTC)},
		{name: "BucharestSameDayAsUTC", start: time.Date(2026, 3, 31, 20, 0, 0, 0, time.UTC), months: 12,
			zone: "Europe/Bucharest", want: time.Date(2027, 3, 31, 20, 59, 59, 0, time.UTC)},
		{name: "BucharestWinterOffset", start: time.Date(2026, 6, 10, 12, 0, 0, 0, time.UTC), months: 6,
			zone: "Europe/Bucharest", want: time.Date(2026, 12, 10, 21, 59, 59, 0, time.UTC)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := reminder.WarrantyEnd(tc.start, tc.months, mustLoad(t, tc.zone)); !got.Equal(tc.want) {
				t.Errorf("WarrantyEnd = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestLatestDue(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 1, 10, 3, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	tests := []struct {
		name  string
		now   time.Time
		zone  string
		wantK int
		want  time.Time
	}{
		{name: "NotYet", now: start.Add(89 * day), zone: "Asia/Jakarta"},
		{name: "First", now: start.Add(90 * day), zone: "Asia/Jakarta", wantK: 1, want: start.Add(90 * day)},
		{name: "Second", now: start.Add(200 * day), zone: "Asia/Jakarta", wantK: 2, want: start.Add(180 * day)},
		{name: "TenthAfterLongGap", now: start.Add(905 * day), zone: "Asia/Jakarta", wantK: 10, want: start.Add(900 * day)},
		// Bucharest moves its clocks on 29 March: the service keeps the
		// delivery's local time of day, an hour earlier in UTC.
		{name: "AcrossDST", now: start.Add(90 * day), zone: "Europe/Bucharest", wantK: 1, want: start.Add(90*day - time.Hour)},
		{name: "BeforeDelivery", now: start.Add(-day), zone: "Asia/Jakarta"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			k, due := reminder.LatestDue(start, 90, tc.now, mustLoad(t, tc.zone))
			if k != tc.wantK || !due.Equal(tc.want) {
				t.Errorf("LatestDue = %d, %s; want %d, %s", k, due, tc.wantK, tc.want)
			}
		})
	}
}
