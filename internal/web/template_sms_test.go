package web

import (
	"reflect"
	"strings"
	"testing"
)

func TestMeasureSMS(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		want       smsLength
	}{
		{"empty", "", smsLength{}},
		{"plain", "Paket #1042 dikirim dengan JNE.", smsLength{Units: 31, Parts: 1}},
		{"full single", strings.Repeat("a", 160), smsLength{Units: 160, Parts: 1}},
		{"two parts", strings.Repeat("a", 161), smsLength{Units: 161, Parts: 2}},
		{"extension takes two", "Total: 10€ [promo]", smsLength{Units: 21, Parts: 1}},
		{"romanian comma-below", "Mulțumim, Ioana! Coletul e în drum spre tine.", smsLength{Units: 45, Parts: 1, Unicode: true,
			Culprits: []string{"ț", "î"}}},
		{"unicode parts", strings.Repeat("ș", 71), smsLength{Units: 71, Parts: 2, Unicode: true, Culprits: []string{"ș"}}},
		{"emoji counts twice", "Hai 👋", smsLength{Units: 6, Parts: 1, Unicode: true, Culprits: []string{"👋"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := measureSMS(tc.text); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("measureSMS(%q) = %+v, want %+v", tc.text, got, tc.want)
			}
		})
	}
}

func TestDecimalAmount(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		minor    int64
		currency string
		want     string
	}{
		{50000000, "IDR", "500000"}, {1250, "RON", "12.5"}, {5, "EUR", "0.05"}, {1000, "JPY", "1000"}, {-150, "RON", "-1.5"},
	} {
		if got := decimalAmount(tc.minor, tc.currency); got != tc.want {
			t.Errorf("decimalAmount(%d, %s) = %q, want %q", tc.minor, tc.currency, got, tc.want)
		}
	}
}
