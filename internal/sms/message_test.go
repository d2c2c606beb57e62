package sms

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMessageValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		msg     Message
		wantErr string // "" means valid
	}{
		{name: "valid", msg: Message{ID: "01JZ5Q7ZP3MZ8XK0Y2V9R4T6WA", To: "+6281234567890", Text: "Pesanan Anda sudah dikirim."}},
		{name: "shortest number", msg: Message{ID: "m1", To: "+12345678", Text: "x"}},
		{name: "longest number", msg: Message{ID: "m1", To: "+123456789012345", Text: "x"}},
		{name: "no ID", msg: Message{To: "+6281234567890", Text: "x"}, wantErr: "ID"},
		{name: "ID with space", msg: Message{ID: "m 1", To: "+6281234567890", Text: "x"}, wantErr: "ID"},
		{name: "ID with newline", msg: Message{ID: "m1\r\nX-Evil: 1", To: "+6281234567890", Text: "x"}, wantErr: "ID"},
		{name: "ID too long", msg: Message{ID: strings.Repeat("m", 256), To: "+6281234567890", Text: "x"}, wantErr: "ID"},
		{name: "local number", msg: Message{ID: "m1", To: "081234567890", Text: "x"}, wantErr: "E.164"},
		{name: "seven digits", msg: Message{ID: "m1", To: "+1234567", Text: "x"}, wantErr: "E.164"},
		{name: "sixteen digits", msg: Message{ID: "m1", To: "+1234567890123456", Text: "x"}, wantErr: "E.164"},
		{name: "leading zero", msg: Message{ID: "m1", To: "+0812345678", Text: "x"}, wantErr: "E.164"},
		{name: "dashes", msg: Message{ID: "m1", To: "+62-812-3456-7890", Text: "x"}, wantErr: "E.164"},
		{name: "empty text", msg: Message{ID: "m1", To: "+6281234567890", Text: " \n"}, wantErr: "empty"},
		{name: "invalid UTF-8", msg: Message{ID: "m1", To: "+6281234567890", Text: "a\xffb"}, wantErr: "UTF-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.msg.Validate()
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate() = %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("Validate() = %v, want error containing %q", err, tc.wantErr)
			}
			if !errors.Is(err, ErrInvalidMessage) || !IsPermanent(err) {
				t.Errorf("error %v: want ErrInvalidMessage and permanent", err)
			}
			// The journey engine asks errors these two questions only.
			var p interface{ Permanent() bool }
			var md interface{ MaybeDelivered() bool }
			if !errors.As(err, &p) || !p.Permanent() || !errors.As(err, &md) || md.MaybeDelivered() {
				t.Errorf("error %v: want Permanent() true and MaybeDelivered() false", err)
			}
		})
	}
}

func TestSegments(t *testing.T) {
	t.Parallel()
	a := func(n int) string { return strings.Repeat("a", n) }
	// 80 characters of Indonesian, all in the GSM 7-bit alphabet.
	const id80 = "Halo Budi, pesanan INV-2024-001 sudah dikirim via JNE. Lacak: toko.id/t/ABC123 ."
	const ro = "Bună ziua! Comanda dumneavoastră #1234 a fost expediată și va ajunge mâine."
	tests := []struct {
		name string
		text string
		want int
	}{
		{name: "empty", text: "", want: 0},
		{name: "indonesian, short", text: "Terima kasih sudah berbelanja di Toko Budi! Beri ulasan: toko.id/r/9", want: 1},
		{name: "indonesian, 160", text: id80 + id80, want: 1},
		{name: "indonesian, 161", text: id80 + id80 + "!", want: 2},
		{name: "gsm 306 = 2 x 153", text: a(306), want: 2},
		{name: "gsm 307", text: a(307), want: 3},
		{name: "gsm 459 = 3 x 153", text: a(459), want: 3},
		{name: "GSM accents and symbols stay 7-bit", text: "Pengiriman ke Jalan Merdeka @ Rp150.000 £$¥ èéùìò ÄÖÑÜ äöñüà ¿¡§", want: 1},
		{name: "euro counts double: 160 septets", text: a(158) + "€", want: 1},
		{name: "euro counts double: 161 septets", text: a(159) + "€", want: 2},
		{name: "brackets count double", text: a(150) + "[]{}|^~\\", want: 2},
		{name: "an escape pair is not split across parts", text: a(152) + "€" + a(152), want: 3},
		{name: "tab forces UCS-2", text: "Rp\t150.000", want: 1},
		{name: "romanian sentence is UCS-2", text: ro, want: 2},
		{name: "ucs-2 70", text: "ș" + a(69), want: 1},
		{name: "ucs-2 71", text: "ș" + a(70), want: 2},
		{name: "ucs-2 134 = 2 x 67", text: "ț" + a(133), want: 2},
		{name: "ucs-2 135", text: "ț" + a(134), want: 3},
		{name: "emoji counts double: 70 units", text: a(68) + "🙏", want: 1},
		{name: "emoji counts double: 71 units", text: a(69) + "🙏", want: 2},
		{name: "an emoji is not split across parts", text: a(66) + "🙏" + a(66), want: 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Segments(tc.text); got != tc.want {
				t.Errorf("Segments(%q) = %d, want %d (%d runes)", tc.text, got, tc.want, utf8.RuneCountInString(tc.text))
			}
		})
	}
}

// TestSegmentsRomanian checks that each Romanian letter outside the GSM
// alphabet, in comma-below and cedilla spellings, forces UCS-2: 101
// characters fit one GSM part but need two UCS-2 parts.
func TestSegmentsRomanian(t *testing.T) {
	t.Parallel()
	for _, r := range "șțăâîȘȚĂÂÎşţŞŢ" {
		if got := Segments(strings.Repeat("a", 100) + string(r)); got != 2 {
			t.Errorf("Segments(100 × a + %q) = %d, want 2", r, got)
		}
	}
	if got := Segments(strings.Repeat("a", 101)); got != 1 {
		t.Errorf("Segments(101 × a) = %d, want 1", got)
	}
}

func TestGSM7Tables(t *testing.T) {
	t.Parallel()
	seen := map[rune]bool{}
	for _, r := range gsm7Basic + gsm7Extension {
		if seen[r] {
			t.Errorf("%q listed twice", r)
		}
		seen[r] = true
	}
	// 128 code points less the escape, and 10 extension characters.
	if n, m := utf8.RuneCountInString(gsm7Basic), utf8.RuneCountInString(gsm7Extension); n != 127 || m != 10 {
		t.Errorf("tables have %d and %d characters, want 127 and 10", n, m)
	}
}

func BenchmarkSegments(b *testing.B) {
	text := strings.Repeat("Pesanan Anda sudah dikirim. ", 20)
	for b.Loop() {
		Segments(text)
	}
}
