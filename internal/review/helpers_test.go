package review

import (
	"flag"
	"testing"
	"time"
	_ "time/tzdata" // the zone tests must not depend on the machine's zoneinfo
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func ptr[T any](v T) *T { return &v }

// Upload IDs as purna.NewID makes them.
const (
	photoA = "01JC2X8Q6Z3M4N5P6Q7R8S9T0V"
	photoB = "01JC2X8Q6Z3M4N5P6Q7R8S9T0W"
)

// MustLocation loads an IANA zone.
func MustLocation(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

// testReview returns a published, verified five-star review written on
// 2 November 2026 at 20:15 UTC (3 November in Jakarta) and published an
// hour later; change picks what a test needs.
func testReview(change func(r *Review)) *Review {
	created := time.Date(2026, 11, 2, 20, 15, 0, 0, time.UTC)
	published := created.Add(time.Hour)
	r := &Review{
		ID:          "01JC2X8Q6Z3M4N5P6Q7R8S9T0A",
		ShopID:      "01JC2X8Q6Z3M4N5P6Q7R8S9T0S",
		ProductID:   "01JC2X8Q6Z3M4N5P6Q7R8S9T0P",
		CustomerID:  ptr("01JC2X8Q6Z3M4N5P6Q7R8S9T0C"),
		OrderID:     ptr("01JC2X8Q6Z3M4N5P6Q7R8S9T0D"),
		OrderLineID: ptr("01JC2X8Q6Z3M4N5P6Q7R8S9T0E"),
		Rating:      5,
		Title:       "Bagus sekali",
		Body:        "Kainnya lembut, jahitannya rapi. Pengiriman cepat.",
		AuthorName:  "Siti R.",
		Locale:      "id",
		Verified:    true,
		Status:      Published,
		CreatedAt:   created,
		PublishedAt: &published,
		UpdatedAt:   published,
	}
	if change != nil {
		change(r)
	}
	return r
}
