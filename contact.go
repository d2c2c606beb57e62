package purna

import (
	"errors"
	"net/mail"
	"strings"
)

// Locales lists the languages every shopper-facing text comes in.
var Locales = []string{"id", "en", "ro"}

// ValidLocale reports whether l is one of Locales.
func ValidLocale(l string) bool {
	for _, x := range Locales {
		if x == l {
			return true
		}
	}
	return false
}

// NormalizeEmail trims and lower-cases an address and checks its shape.
// It returns an error for anything that is not a bare addr-spec.
func NormalizeEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errors.New("is empty")
	}
	if len(s) > 254 {
		return "", errors.New("is too long")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return "", errors.New("is not a valid email address")
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || !strings.Contains(domain, ".") || strings.HasSuffix(domain, ".") {
		return "", errors.New("is not a valid email address")
	}
	return strings.ToLower(s), nil
}

// callingCodes maps the countries Purna's first shops sell in to their
// E.164 calling codes, for numbers written the national way ("0812…").
var callingCodes = map[string]string{
	"ID": "62", "RO": "40", "MY": "60", "SG": "65", "MD": "373", "GB": "44", "US": "1", "DE": "49",
}

// NormalizePhone returns s in E.164 form ("+6281234567890"). Numbers written
// the national way, with a leading 0, take the calling code of country (ISO
// 3166 alpha-2). Spaces, dashes, dots and brackets are ignored.
func NormalizePhone(s, country string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errors.New("is empty")
	}
	var digits strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == '+' && i == 0:
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		default:
			return "", errors.New("is not a valid phone number")
		}
	}
	d := digits.String()
	switch {
	case strings.HasPrefix(s, "+"):
	case strings.HasPrefix(d, "00"):
		d = d[2:]
	case strings.HasPrefix(d, "0"):
		cc, ok := callingCodes[strings.ToUpper(country)]
		if !ok {
			return "", errors.New("needs a country code, such as +62")
		}
		d = cc + d[1:]
	default:
		// A number without + or 0 is taken as already international
		// ("6281234567890"), the way marketplaces export them.
	}
	if len(d) < 8 || len(d) > 15 || d[0] == '0' {
		return "", errors.New("is not a valid phone number")
	}
	return "+" + d, nil
}
