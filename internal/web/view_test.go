package web

import (
	"net/http/httptest"
	"testing"
	"time"
)

func TestNewBrand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, color          string
		accent, onText, text string
	}{
		{"default", "", defaultAccent, "#ffffff", defaultAccent},
		{"not a colour", "red;}body{display:none", defaultAccent, "#ffffff", defaultAccent},
		{"dark", "#0f766e", "#0f766e", "#ffffff", "#0f766e"},
		{"short form", "#e11", "#ee1111", "#ffffff", "#d60f0f"},
		{"too light for white text", "#ffd400", "#ffd400", "#101828", "#887100"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := newBrand(tc.color)
			if b.Accent != tc.accent || b.OnText != tc.onText || b.Text != tc.text {
				t.Errorf("newBrand(%q) = %+v, want {%s %s %s}", tc.color, b, tc.accent, tc.onText, tc.text)
			}
			r, g, bl := parseHex(b.Text)
			if c := contrast(luminance(r, g, bl), 1); c < 4.5 {
				t.Errorf("text colour %s has contrast %.2f on white", b.Text, c)
			}
		})
	}
}

func TestNextPath(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"": "/", "/orders?q=1": "/orders?q=1", "//evil.example": "/", "/\\evil.example": "/",
		"https://evil.example": "/", "orders": "/", "javascript:alert(1)": "/",
	} {
		if got := nextPath(in); got != want {
			t.Errorf("nextPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNiceScale(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ max, step, top int }{
		{0, 1, 4}, {3, 1, 4}, {7, 2, 8}, {10, 5, 10}, {23, 10, 30}, {180, 50, 200}, {1234, 500, 1500},
	} {
		if step, top := niceScale(tc.max); step != tc.step || top != tc.top {
			t.Errorf("niceScale(%d) = %d, %d, want %d, %d", tc.max, step, top, tc.step, tc.top)
		}
	}
}

func TestPager(t *testing.T) {
	t.Parallel()
	l := newLang("en", time.UTC, time.Now())
	tests := []struct {
		name, url           string
		n, total            int
		next                string
		wantNewer, wantNext string
		wantRange           string
	}{
		{"first page", "/orders?q=x", 50, 120, "c2", "", "/orders?cursor=c2&q=x", "1–50 of 120"},
		{"second page", "/orders?cursor=c2&q=x", 50, 120, "c3", "/orders?q=x", "/orders?cursor=c3&prev=c2&q=x", "51–100 of 120"},
		{"third page", "/orders?cursor=c3&prev=c2", 20, 120, "", "/orders?cursor=c2", "", "101–120 of 120"},
		{"junk cursor", "/orders?cursor=%3Cx%3E&prev=a.%3Cb%3E", 50, 120, "", "", "", "1–50 of 120"},
		{"empty", "/orders", 0, 0, "", "", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := newPager(httptest.NewRequest("GET", tc.url, nil), l, tc.n, tc.total, 50, tc.next)
			if p.NewerURL != tc.wantNewer || p.NextURL != tc.wantNext || p.Range != tc.wantRange {
				t.Errorf("got newer %q next %q range %q", p.NewerURL, p.NextURL, p.Range)
			}
		})
	}
}
