package i18n

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// aliases maps retired or sibling language codes onto ours.
var aliases = map[string]string{"in": "id", "mo": "ro"}

// Match returns the supported locale the browser's Accept-Language header
// prefers most, or fallback if it names none of them. "id-ID", "in" and
// "ro-MD" all match their language.
func Match(acceptLanguage string, fallback string) string {
	type choice struct {
		locale string
		q      float64
		pos    int
	}
	var choices []choice
	for i, part := range strings.Split(acceptLanguage, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				continue
			}
			q = f
		}
		lang, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		lang, _, _ = strings.Cut(lang, "_")
		if a, ok := aliases[lang]; ok {
			lang = a
		}
		if q > 0 && Supported(lang) {
			choices = append(choices, choice{lang, q, i})
		}
	}
	if len(choices) == 0 {
		return fallback
	}
	best := slices.MinFunc(choices, func(a, b choice) int {
		if c := cmp.Compare(b.q, a.q); c != 0 {
			return c
		}
		return cmp.Compare(a.pos, b.pos)
	})
	return best.locale
}
