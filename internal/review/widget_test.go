package review

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

func TestNewWidgetReview(t *testing.T) {
	t.Parallel()
	jakarta := MustLocation(t, "Asia/Jakarta")
	photoURL := func(id string) string {
		switch id {
		case photoA:
			return "https://cdn.example/" + id + ".jpg"
		case photoB:
			return "/u/" + id
		}
		return "javascript:alert(1)"
	}
	replied := time.Date(2026, 11, 4, 18, 0, 0, 0, time.UTC) // 5 November in Jakarta
	tests := []struct {
		name     string
		change   func(r *Review)
		photoURL func(string) string
		loc      *time.Location
		want     WidgetReview
	}{
		{
			name: "in the shop's zone, with photos and a public reply",
			change: func(r *Review) {
				r.Photos = []string{photoA, photoB, "other"}
				r.Incentivised = true
				r.Reply = &Reply{Body: "Terima kasih, Kak!", Public: true, AuthorID: "U", RepliedAt: replied}
			},
			photoURL: photoURL,
			loc:      jakarta,
			want: WidgetReview{
				ID: "01JC2X8Q6Z3M4N5P6Q7R8S9T0A", Rating: 5, Title: "Bagus sekali",
				Body: "Kainnya lembut, jahitannya rapi. Pengiriman cepat.", Author: "Siti R.",
				Date: "2026-11-03", Verified: true, Incentivised: true,
				Photos: []string{"https://cdn.example/" + photoA + ".jpg", "/u/" + photoB},
				Reply:  &WidgetReply{Body: "Terima kasih, Kak!", Date: "2026-11-05"},
			},
		},
		{
			name: "private reply left out, UTC, no photo function",
			change: func(r *Review) {
				r.Photos = []string{photoA}
				r.Reply = &Reply{Body: "Customer complained by phone too", Public: false, RepliedAt: replied}
			},
			want: WidgetReview{
				ID: "01JC2X8Q6Z3M4N5P6Q7R8S9T0A", Rating: 5, Title: "Bagus sekali",
				Body: "Kainnya lembut, jahitannya rapi. Pengiriman cepat.", Author: "Siti R.",
				Date: "2026-11-02", Verified: true,
			},
		},
		{
			name: "blank public reply left out, never published",
			change: func(r *Review) {
				r.PublishedAt = nil
				r.Rating = 1
				r.Reply = &Reply{Body: "  ", Public: true}
			},
			loc: jakarta,
			want: WidgetReview{
				ID: "01JC2X8Q6Z3M4N5P6Q7R8S9T0A", Rating: 1, Title: "Bagus sekali",
				Body: "Kainnya lembut, jahitannya rapi. Pengiriman cepat.", Author: "Siti R.",
				Date: "2026-11-03", Verified: true,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := NewWidgetReview(testReview(tc.change), tc.photoURL, tc.loc)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("NewWidgetReview =\n%+v\nwant\n%+v", got, tc.want)
			}
		})
	}
}

// TestWidgetPageJSON pins the field names widget.js reads.
func TestWidgetPageJSON(t *testing.T) {
	t.Parallel()
	p := WidgetPage{
		Shop:     WidgetShop{Name: "Toko", Brand: BrandColor("#FF8800"), Locale: "id"},
		Product:  WidgetProduct{SKU: "KB-01", Name: "Kemeja"},
		Summary:  NewWidgetSummary(Summarize([]int{5, 4})),
		Reviews:  []WidgetReview{{ID: "R", Rating: 4, Body: "ok", Author: "A", Date: "2026-11-02", Reply: &WidgetReply{Body: "b", Date: "2026-11-03"}}},
		NextPage: 2,
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"shop":{"name":"Toko","brand":"#ff8800","locale":"id"},"product":{"sku":"KB-01","name":"Kemeja"},` +
		`"summary":{"count":2,"average":"4.5","histogram":[0,0,0,1,1]},` +
		`"reviews":[{"id":"R","rating":4,"body":"ok","author":"A","date":"2026-11-02","verified":false,"incentivised":false,` +
		`"reply":{"body":"b","date":"2026-11-03"}}],"next_page":2}`
	if string(b) != want {
		t.Errorf("JSON =\n%s\nwant\n%s", b, want)
	}
}

func TestSafeWidgetURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url  string
		want bool
	}{
		{"https://cdn.example/a.jpg", true},
		{"/u/01JC2X8Q6Z3M4N5P6Q7R8S9T0V", true},
		{"", false},
		{"http://cdn.example/a.jpg", false},
		{"javascript:alert(1)", false},
		{"JavaScript:alert(1)", false},
		{"data:image/svg+xml;base64,PHN2Zz4=", false},
		{"//evil.example/a.jpg", false},
		{"/\\evil.example/a.jpg", false},
		{"/\n/evil.example/a.jpg", false},
		{"/\t/evil.example", false},
		{" https://cdn.example/a.jpg", false},
		{"https://cdn.example/a b.jpg", false},
		{"u/relative.jpg", false},
	}
	for _, tc := range tests {
		t.Run(tc.url, func(t *testing.T) {
			t.Parallel()
			if got := safeWidgetURL(tc.url); got != tc.want {
				t.Errorf("safeWidgetURL(%q) = %v, want %v", tc.url, got, tc.want)
			}
		})
	}
}

func TestBrandColor(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"#ff8800", "#ff8800"},
		{"#A1B2C3", "#a1b2c3"},
		{"", ""},
		{"ff8800", ""},
		{"#fff", ""},
		{"#ff88001", ""},
		{"#gg8800", ""},
		{"red", ""},
		{"#ff8800;background:url(//evil.example)", ""},
		{"#ff880\n", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			if got := BrandColor(tc.in); got != tc.want {
				t.Errorf("BrandColor(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestWidgetJS holds the script to its promises as far as a text search
// can: small, and none of the APIs that parse strings as HTML or code.
// (The JS side of the URL and colour rules is read, not run, here: Go's
// tests do not need a browser.)
func TestWidgetJS(t *testing.T) {
	t.Parallel()
	if n := len(WidgetJS); n == 0 || n >= 8192 {
		t.Errorf("widget.js is %d bytes, want under 8 KB", n)
	}
	for _, banned := range []string{
		"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
		"setTimeout(", "setInterval(", "createContextualFragment", "DOMParser",
		"?.", "??", // ES2020, newer than the ES2017 the widget promises
	} {
		if bytes.Contains(WidgetJS, []byte(banned)) {
			t.Errorf("widget.js uses %q", banned)
		}
	}
	for _, want := range []string{
		"textContent", "credentials: 'omit'", "a.protocol === 'https:' || a.origin === origin",
		"/^#[0-9a-fA-F]{6}$/", "'--purna-brand'", "/reviews.json?page=", "next_page", "data-lang",
		"rel = 'noopener noreferrer nofollow'",
	} {
		if !bytes.Contains(WidgetJS, []byte(want)) {
			t.Errorf("widget.js lacks %q", want)
		}
	}
	// Every URL the script puts in the page goes through safeURL.
	for _, sink := range []string{".src = ", ".href = "} {
		if n, safe := bytes.Count(WidgetJS, []byte(sink)), bytes.Count(WidgetJS, []byte(sink+"href;")); n != safe {
			t.Errorf("%d of %d %q assignments are not from safeURL", n-safe, n, sink)
		}
	}
}
