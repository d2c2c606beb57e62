package web

import (
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/purnajual/purna/internal/sms"
)

// The GSM 03.38 alphabet an SMS is written in when it can be: the basic
// set takes one of the 160 places of a single message, the extension
// table (€, brackets) two. Any other character (ș, ț, emoji) turns the
// whole message into UCS-2, which holds 70.
const (
	gsmBasic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
		"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsmExtension = "^{}\\[~]|€\f"
)

// smsLength is how an SMS text will travel: its length in the encoding's
// units, the number of messages it takes, and, for UCS-2, the characters
// that forced it.
type smsLength struct {
	Units, Parts int
	Unicode      bool
	Culprits     []string // at most five, in order of appearance
}

// measureSMS counts s the way carriers bill it: one message holds 160
// GSM units or 70 UCS-2 ones; a longer text is split into parts of 153 or
// 67 (sms.Segments), the rest going to the header that joins them.
func measureSMS(s string) smsLength {
	var m smsLength
	for _, r := range s {
		switch {
		case strings.ContainsRune(gsmBasic, r):
			m.Units++
		case strings.ContainsRune(gsmExtension, r):
			m.Units += 2
		default:
			m.Unicode = true
			if c := string(r); len(m.Culprits) < 5 && !slices.Contains(m.Culprits, c) {
				m.Culprits = append(m.Culprits, c)
			}
		}
	}
	if m.Unicode {
		m.Units = len(utf16.Encode([]rune(s)))
	}
	// The parts as the SMS channel counts them, so the editor and the
	// bill agree.
	m.Parts = sms.Segments(s)
	return m
}
