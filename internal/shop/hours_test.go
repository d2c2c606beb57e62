package shop

import "testing"

func TestFormatSupportHours(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		hours  []SupportHours
		locale string
		want   string
	}{
		{"none", nil, "en", ""},
		{"every day", func() []SupportHours {
			var h []SupportHours
			for wd := range 7 {
				h = append(h, SupportHours{Weekday: wd, Opens: "08:00", Closes: "20:00"})
			}
			return h
		}(), "id", "Senin–Minggu 08.00–20.00"},
		{"one day", []SupportHours{{Weekday: 0, Opens: "10:00", Closes: "14:00"}}, "ro", "duminică 10:00–14:00"},
		{"gap", []SupportHours{{Weekday: 1, Opens: "09:00", Closes: "17:00"}, {Weekday: 3, Opens: "09:00", Closes: "17:00"}}, "en",
			"Monday 09:00–17:00, Wednesday 09:00–17:00"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := FormatSupportHours(tc.hours, tc.locale); got != tc.want {
				t.Errorf("FormatSupportHours = %q, want %q", got, tc.want)
			}
		})
	}
}
