package sms

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// ErrInvalidMessage is matched (errors.Is) by every error Message.Validate
// returns. Such a message can never be sent: the errors' Permanent method
// and IsPermanent report true.
var ErrInvalidMessage = errors.New("sms: invalid message")

// invalidError is what Validate returns. It answers Permanent and
// MaybeDelivered like *Error, for callers that classify errors by those
// methods alone.
type invalidError struct{ msg string }

func (e *invalidError) Error() string        { return e.msg }
func (e *invalidError) Is(target error) bool { return target == ErrInvalidMessage }
func (e *invalidError) Permanent() bool      { return true }
func (e *invalidError) MaybeDelivered() bool { return false }

// invalid returns an invalidError reading "sms: invalid message[ ID]: why".
func invalid(id, format string, args ...any) error {
	prefix := ErrInvalidMessage.Error()
	if id != "" {
		prefix += " " + id
	}
	return &invalidError{msg: prefix + ": " + fmt.Sprintf(format, args...)}
}

// Message is one text message to one customer.
type Message struct {
	// ID is Purna's outbox ID. It is sent as the Idempotency-Key header, so
	// it must stay the same when the message is retried: at most 255
	// printable ASCII characters without spaces.
	ID string
	// To is the customer's number in E.164 form: "+6281234567890".
	To string
	// Text is the message. See Segments for what its length costs.
	Text string
}

const maxIDLen = 255

// Validate reports the first problem that would keep m from being sent,
// wrapped around ErrInvalidMessage.
func (m Message) Validate() error {
	if m.ID == "" || len(m.ID) > maxIDLen || !isVisibleASCII(m.ID) {
		return invalid("", "ID must be 1 to %d printable ASCII characters without spaces", maxIDLen)
	}
	if !isE164(m.To) {
		return invalid(m.ID, "recipient %q is not an E.164 number such as +6281234567890", m.To)
	}
	if strings.TrimSpace(m.Text) == "" {
		return invalid(m.ID, "text is empty")
	}
	if !utf8.ValidString(m.Text) {
		return invalid(m.ID, "text is not valid UTF-8")
	}
	return nil
}

// isE164 reports whether s is '+' and 8 to 15 digits, the first not 0.
func isE164(s string) bool {
	d, ok := strings.CutPrefix(s, "+")
	return ok && len(d) >= 8 && len(d) <= 15 && d[0] != '0' && isDigits(d)
}

func isVisibleASCII(s string) bool {
	for i := range len(s) {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// The GSM 03.38 (3GPP TS 23.038) default alphabet without the escape
// character, and its extension table, whose characters take two septets (an
// escape and the character).
const (
	gsm7Basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
		"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsm7Extension = "\f^{}\\[]~|€"
)

// gsm7Len is the number of septets r takes in the GSM 7-bit alphabet, or 0 if
// it is not in it.
func gsm7Len(r rune) int {
	switch {
	case strings.ContainsRune(gsm7Basic, r):
		return 1
	case strings.ContainsRune(gsm7Extension, r):
		return 2
	}
	return 0
}

// ucs2Len is the number of UTF-16 code units r takes: 2 for an emoji or
// anything else outside the Basic Multilingual Plane.
func ucs2Len(r rune) int {
	if n := utf16.RuneLen(r); n > 0 {
		return n
	}
	return 1 // cannot occur for runes from a Go string, which are never surrogates
}

// Segments returns how many SMS parts text is sent as; gateways charge per
// part. Text written only in the GSM 7-bit alphabet (plain Indonesian or
// English, "€" and "[]{}" counting double) fits 160 characters in one part,
// or 153 per part when split. Any other character (Romanian ș ț ă â î,
// emoji, a tab) makes the whole message UCS-2: 70 characters in one part, 67
// per part, an emoji counting double. Phones never split an escape pair or an
// emoji across parts, so neither does Segments. An empty text has 0 parts.
func Segments(text string) int {
	if text == "" {
		return 0
	}
	single, multi, cost := 160, 153, gsm7Len
	for _, r := range text {
		if gsm7Len(r) == 0 {
			single, multi, cost = 70, 67, ucs2Len
			break
		}
	}
	total := 0
	for _, r := range text {
		total += cost(r)
	}
	if total <= single {
		return 1
	}
	parts, used := 1, 0
	for _, r := range text {
		c := cost(r)
		if used+c > multi {
			parts++
			used = 0
		}
		used += c
	}
	return parts
}
