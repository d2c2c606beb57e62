package message

import (
	"strings"
	"unicode/utf16"
)

// An SMS holds 160 characters of the GSM 7-bit alphabet, or 70 UTF-16
// code units when any character is outside it (UCS-2: Romanian ă â î ș ț,
// curly quotes, emoji). A longer text is split into parts of 153 or 67,
// since each part gives some room to a header that joins them again;
// a carrier bills every part as one SMS.

// gsm7 is the GSM 03.38 default alphabet; each of these is one septet.
const gsm7 = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
	"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"

// gsm7Ext is the extension table: two septets each (an escape and the
// character).
const gsm7Ext = "^{}\\[~]|€\f"

// SMSSegments returns how many SMS parts s takes to send: 0 for "", 1 up
// to 160 GSM 7-bit characters (70 when s needs UCS-2), and more beyond.
// An editor shows it next to the SMS preview; carriers bill each part.
func SMSSegments(s string) int {
	if s == "" {
		return 0
	}
	widths := make([]int, 0, len(s))
	gsm := true
	for _, r := range s {
		switch {
		case strings.ContainsRune(gsm7, r):
			widths = append(widths, 1)
		case strings.ContainsRune(gsm7Ext, r):
			widths = append(widths, 2)
		default:
			gsm = false
		}
		if !gsm {
			break
		}
	}
	if gsm {
		return smsParts(widths, 160, 153)
	}
	widths = widths[:0]
	for _, r := range s {
		n := utf16.RuneLen(r)
		if n < 1 {
			n = 1 // invalid UTF-8 goes out as U+FFFD
		}
		widths = append(widths, n)
	}
	return smsParts(widths, 70, 67)
}

// smsParts packs characters of the given widths into SMS parts: one part
// when they fit in single, else parts of multi, never splitting a
// character (an escaped GSM character or a surrogate pair) across two.
func smsParts(widths []int, single, multi int) int {
	total := 0
	for _, w := range widths {
		total += w
	}
	if total <= single {
		return 1
	}
	n, used := 1, 0
	for _, w := range widths {
		if used+w > multi {
			n++
			used = 0
		}
		used += w
	}
	return n
}
