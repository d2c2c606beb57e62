package shop

import "strings"

// weekdays are the days' names, Monday first, the way the shops' customers
// count a week.
var weekdays = map[string][7]string{
	"id": {"Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"},
	"en": {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
	"ro": {"luni", "marți", "miercuri", "joi", "vineri", "sâmbătă", "duminică"},
}

// FormatSupportHours writes hours as runs of days with the same times, in
// locale: "Senin–Jumat 09.00–17.00, Sabtu 09.00–13.00". Emails and the
// tracking page show it.
func FormatSupportHours(hours []SupportHours, locale string) string {
	byDay := [7]string{} // Monday first
	for _, h := range hours {
		if h.Weekday < 0 || h.Weekday > 6 {
			continue
		}
		opens, closes := h.Opens, h.Closes
		if locale == "id" { // Indonesian writes 09.00
			opens, closes = strings.ReplaceAll(opens, ":", "."), strings.ReplaceAll(closes, ":", ".")
		}
		byDay[(h.Weekday+6)%7] = opens + "–" + closes
	}
	names, ok := weekdays[locale]
	if !ok {
		names = weekdays["en"]
	}
	var runs []string
	for i := 0; i < 7; {
		if byDay[i] == "" {
			i++
			continue
		}
		j := i
		for j+1 < 7 && byDay[j+1] == byDay[i] {
			j++
		}
		days := names[i]
		if j > i {
			days += "–" + names[j]
		}
		runs = append(runs, days+" "+byDay[i])
		i = j + 1
	}
	return strings.Join(runs, ", ")
}
