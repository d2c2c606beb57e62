package i18n

// Form is a CLDR plural category.
type Form string

// The plural categories Purna's languages use.
const (
	One   Form = "one"
	Few   Form = "few"
	Other Form = "other"
)

// Forms lists the plural forms each locale's plural messages must have.
var Forms = map[string][]Form{
	"id": {Other},
	"en": {One, Other},
	"ro": {One, Few, Other},
}

// PluralForm returns the CLDR plural category of the integer n in locale.
// The rules, for integers (v = 0), from CLDR's plurals.xml:
//
//	id: other
//	en: one: n = 1
//	ro: one: n = 1; few: n = 0 or n != 1 and n % 100 = 1..19
//
// So Romanian says "1 zi", "2 zile", "19 zile", "20 de zile", "101 zile".
func PluralForm(locale string, n int) Form {
	if n < 0 {
		n = -n
	}
	switch locale {
	case "en":
		if n == 1 {
			return One
		}
	case "ro":
		if n == 1 {
			return One
		}
		if r := n % 100; n == 0 || r >= 1 && r <= 19 {
			return Few
		}
	}
	return Other
}
