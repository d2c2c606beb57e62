package purna

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Money is an amount in the currency's minor units (ISO 4217 exponent), with
// the currency's code. Amounts are never floats.
type Money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

// Currency describes an ISO 4217 currency as Purna stores and shows it.
type Currency struct {
	Code string
	// Exponent is the ISO 4217 number of minor-unit digits used for storage.
	Exponent int
	// Digits is the number of decimals shown to people (CLDR); IDR is shown
	// without decimals although ISO gives it two.
	Digits int
}

var currencies = map[string]Currency{}

func init() {
	for _, c := range []Currency{
		{"IDR", 2, 0}, {"RON", 2, 2}, {"EUR", 2, 2}, {"USD", 2, 2}, {"GBP", 2, 2},
		{"SGD", 2, 2}, {"MYR", 2, 2}, {"THB", 2, 2}, {"PHP", 2, 2}, {"VND", 0, 0},
		{"JPY", 0, 0}, {"AUD", 2, 2}, {"CHF", 2, 2}, {"HUF", 2, 2}, {"PLN", 2, 2},
		{"BGN", 2, 2}, {"CZK", 2, 2}, {"MDL", 2, 2}, {"CAD", 2, 2}, {"CNY", 2, 2},
		{"INR", 2, 2}, {"KRW", 0, 0}, {"HKD", 2, 2}, {"NZD", 2, 2}, {"SEK", 2, 2},
		{"NOK", 2, 2}, {"DKK", 2, 2}, {"TRY", 2, 2}, {"AED", 2, 2}, {"SAR", 2, 2},
	} {
		currencies[c.Code] = c
	}
}

// LookupCurrency returns the currency with the given ISO code.
func LookupCurrency(code string) (Currency, bool) {
	c, ok := currencies[code]
	return c, ok
}

// ParseAmount converts a decimal string such as "1250000.00" or "-3.5" into
// minor units of currency code. It rejects more decimals than the currency has.
func ParseAmount(s, code string) (int64, error) {
	c, ok := currencies[code]
	if !ok {
		return 0, fmt.Errorf("unknown currency %q", code)
	}
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" {
		return 0, fmt.Errorf("not an amount: %q", s)
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > c.Exponent {
		return 0, fmt.Errorf("%q has more than %d decimals", s, c.Exponent)
	}
	frac += strings.Repeat("0", c.Exponent-len(frac))
	for _, part := range []string{whole, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return 0, fmt.Errorf("not an amount: %q", s)
			}
		}
	}
	if whole == "" {
		whole = "0"
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("amount out of range: %q", s)
	}
	var f int64
	if frac != "" {
		f, _ = strconv.ParseInt(frac, 10, 64)
	}
	scale := int64(math.Pow10(c.Exponent))
	if w > (math.MaxInt64-f)/scale {
		return 0, fmt.Errorf("amount out of range: %q", s)
	}
	v := w*scale + f
	if neg {
		v = -v
	}
	return v, nil
}

// localeNumber says how a locale writes numbers and where the symbol goes.
type localeNumber struct {
	group, decimal string
	// pattern places the symbol: "¤ #" or "# ¤".
	symbolAfter bool
	symbols     map[string]string
}

var numberFormats = map[string]localeNumber{
	"id": {group: ".", decimal: ",", symbols: map[string]string{"IDR": "Rp", "USD": "US$", "EUR": "€", "SGD": "SGD", "RON": "RON"}},
	"en": {group: ",", decimal: ".", symbols: map[string]string{"IDR": "Rp", "USD": "$", "EUR": "€", "GBP": "£", "RON": "RON"}},
	"ro": {group: ".", decimal: ",", symbolAfter: true, symbols: map[string]string{"RON": "lei", "EUR": "€", "USD": "USD", "IDR": "IDR", "GBP": "£"}},
}

// Format writes m the way people in locale (id, en or ro) read it:
// "Rp 1.250.000" in id, "1.234,50 lei" in ro, "€1,234.50" in en.
func (m Money) Format(locale string) string {
	f, ok := numberFormats[locale]
	if !ok {
		f = numberFormats["en"]
	}
	c, ok := currencies[m.Currency]
	if !ok {
		c = Currency{Code: m.Currency, Exponent: 2, Digits: 2}
	}
	amount := m.Amount
	neg := amount < 0
	if neg {
		amount = -amount
	}
	// Round half away from zero to the shown digits.
	drop := c.Exponent - c.Digits
	for range drop {
		amount = (amount + 5) / 10
	}
	scale := int64(math.Pow10(c.Digits))
	whole, frac := amount/scale, amount%scale

	digits := strconv.FormatInt(whole, 10)
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(f.group)
		}
		b.WriteRune(r)
	}
	if c.Digits > 0 {
		b.WriteString(f.decimal)
		fs := strconv.FormatInt(frac, 10)
		b.WriteString(strings.Repeat("0", c.Digits-len(fs)) + fs)
	}
	num := b.String()
	sym, ok := f.symbols[m.Currency]
	if !ok {
		sym = m.Currency
	}
	sign := ""
	if neg {
		sign = "-"
	}
	switch {
	case f.symbolAfter:
		return sign + num + " " + sym
	case len([]rune(sym)) == 1 || strings.HasSuffix(sym, "$"):
		// "$1,234.50", "€1,234.50": one-glyph symbols sit against the number.
		return sign + sym + num
	default:
		return sign + sym + " " + num
	}
}

// String formats m in English.
func (m Money) String() string { return m.Format("en") }
