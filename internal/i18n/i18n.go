// Package i18n holds the words of Purna's merchant UI in Indonesian (id),
// English (en) and Romanian (ro), and writes numbers, dates and relative
// times the way each language does. Messages are whole sentences with
// placeholders, so that translators can move words around; nothing is built
// by joining sentence fragments.
//
// A message such as "Dikirim lewat {carrier}" takes named arguments as
// name/value pairs (T("id", "event.shipped", "carrier", "JNE")) and
// positional ones as {0}, {1} (T("en", "key", "JNE")). Plural messages
// (N) also get {n}, the count written with the locale's digit grouping.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Locales lists the UI languages, the default first.
var Locales = []string{"id", "en", "ro"}

// Fallback is the locale used for unknown locales.
const Fallback = "en"

//go:embed locales/*.json
var localeFiles embed.FS

// message is one catalogue entry: a plain text, or one text per plural form.
type message struct {
	text   string
	plural map[Form]string
}

// catalogues maps locale → key → message. Loaded once at init; a broken
// catalogue is a build error, so init panics.
var catalogues = map[string]map[string]message{}

func init() {
	for _, l := range Locales {
		b, err := localeFiles.ReadFile("locales/" + l + ".json")
		if err != nil {
			panic(err)
		}
		cat, err := parseCatalogue(b)
		if err != nil {
			panic(fmt.Sprintf("i18n: locales/%s.json: %v", l, err))
		}
		catalogues[l] = cat
	}
}

func parseCatalogue(b []byte) (map[string]message, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, err
	}
	cat := make(map[string]message, len(raw))
	for k, v := range raw {
		var s string
		if err := json.Unmarshal(v, &s); err == nil {
			cat[k] = message{text: s}
			continue
		}
		var forms map[Form]string
		if err := json.Unmarshal(v, &forms); err != nil {
			return nil, fmt.Errorf("%s: want a string or an object of plural forms", k)
		}
		cat[k] = message{plural: forms}
	}
	return cat, nil
}

// Supported reports whether locale is one of Locales.
func Supported(locale string) bool { return slices.Contains(Locales, locale) }

func lookup(locale, key string) (message, bool) {
	if m, ok := catalogues[locale][key]; ok {
		return m, true
	}
	m, ok := catalogues[Fallback][key]
	return m, ok
}

// T returns the message key in locale with args filled in. A key missing
// from the catalogue comes back as the key itself, so that it shows up.
func T(locale, key string, args ...any) string {
	m, ok := lookup(locale, key)
	if !ok {
		return key
	}
	if m.plural != nil {
		return format(locale, m.plural[Other], args)
	}
	return format(locale, m.text, args)
}

// N returns the plural message key in the form CLDR gives n in locale,
// with {n} set to n and args filled in.
func N(locale, key string, n int, args ...any) string {
	m, ok := lookup(locale, key)
	if !ok {
		return key
	}
	if m.plural == nil {
		return format(locale, m.text, append([]any{"n", n}, args...))
	}
	text, ok := m.plural[PluralForm(locale, n)]
	if !ok {
		text = m.plural[Other]
	}
	return format(locale, text, append([]any{"n", n}, args...))
}

// format replaces each {name} in text with the value that follows "name" in
// args, and each {0}, {1}… with args[0], args[1]…; "{{" writes "{".
// Integers are written with the locale's digit grouping.
func format(locale, text string, args []any) string {
	if !strings.Contains(text, "{") {
		return text
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(text, '{')
		if i < 0 {
			b.WriteString(text)
			return b.String()
		}
		b.WriteString(text[:i])
		text = text[i+1:]
		if strings.HasPrefix(text, "{") {
			b.WriteByte('{')
			text = text[1:]
			continue
		}
		j := strings.IndexByte(text, '}')
		if j < 0 {
			b.WriteByte('{')
			continue
		}
		name := text[:j]
		text = text[j+1:]
		if v, ok := arg(args, name); ok {
			b.WriteString(formatValue(locale, v))
		} else {
			b.WriteString("{" + name + "}")
		}
	}
}

// arg finds the value of placeholder name in args.
func arg(args []any, name string) (any, bool) {
	if i, err := strconv.Atoi(name); err == nil {
		if i >= 0 && i < len(args) {
			return args[i], true
		}
		return nil, false
	}
	for i := 0; i+1 < len(args); i++ {
		if k, ok := args[i].(string); ok && k == name {
			return args[i+1], true
		}
	}
	return nil, false
}

func formatValue(locale string, v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return Number(locale, int64(x))
	case int64:
		return Number(locale, x)
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

// Number writes n with the locale's digit grouping: 1.234 in id and ro,
// 1,234 in en, as purna.Money groups amounts.
func Number(locale string, n int64) string {
	s := strconv.FormatInt(n, 10)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:]
	}
	if len(s) <= 3 {
		return sign + s
	}
	sep := "."
	if locale == "en" {
		sep = ","
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return sign + b.String()
}

// placeholders returns the sorted placeholder names of text.
func placeholders(text string) []string {
	var out []string
	for {
		i := strings.IndexByte(text, '{')
		if i < 0 {
			break
		}
		text = text[i+1:]
		if strings.HasPrefix(text, "{") {
			text = text[1:]
			continue
		}
		j := strings.IndexByte(text, '}')
		if j < 0 {
			break
		}
		if !slices.Contains(out, text[:j]) {
			out = append(out, text[:j])
		}
		text = text[j+1:]
	}
	slices.Sort(out)
	return out
}
