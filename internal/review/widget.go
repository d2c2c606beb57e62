package review

import (
	_ "embed" // for WidgetJS
	"strings"
	"time"
)

// WidgetJS is the reviews widget a shop pastes into its store:
//
//	<div data-purna-reviews data-product="SKU"></div>
//	<script src="https://purna.example/w/SHOPKEY/reviews.js" async></script>
//
// It finds those elements, fetches WidgetPage JSON from
// {script origin}/w/{SHOPKEY}/products/{SKU}/reviews.json?page=N and shows
// the stars, the summary and the reviews in the page's language (the
// element's data-lang, else <html lang>, else the shop's), with a button
// for more.
//
// The widget runs inside the shop's pages, next to its cart and its
// customers' sessions, and shows text written by strangers. So it builds
// the page with createElement and textContent only and never parses data
// as HTML; it sets an img src or a link's href only from a URL that,
// resolved against the widget's own origin, is https: or that origin
// (safeWidgetURL is the same rule here); and it sets the shop's colour
// only when it is #RRGGBB. It is under 8 KB and needs nothing else.
//
//go:embed widget.js
var WidgetJS []byte

// WidgetPage is the JSON the widget's reviews.json endpoint answers: one
// page of a product's published reviews.
type WidgetPage struct {
	Shop    WidgetShop     `json:"shop"`
	Product WidgetProduct  `json:"product"`
	Summary WidgetSummary  `json:"summary"`
	Reviews []WidgetReview `json:"reviews"`
	// NextPage is the page to ask for next, 0 (left out) on the last one.
	NextPage int `json:"next_page,omitempty"`
}

// WidgetShop is what the widget shows of the shop.
type WidgetShop struct {
	Name string `json:"name"`
	// Brand is the shop's colour for stars and accents, "#rrggbb" or
	// empty. Set it with BrandColor, never from the setting as it is.
	Brand string `json:"brand,omitempty"`
	// Locale is the shop's language, used when the page does not say.
	Locale string `json:"locale"`
}

// WidgetProduct is the product the reviews are about.
type WidgetProduct struct {
	SKU  string `json:"sku"`
	Name string `json:"name"`
}

// WidgetSummary is the product's rating summary as the widget shows it.
type WidgetSummary struct {
	Count int `json:"count"`
	// Average is rounded to one decimal ("4.6"), empty without reviews.
	Average   string `json:"average"`
	Histogram [5]int `json:"histogram"`
}

// NewWidgetSummary returns s as the widget shows it.
func NewWidgetSummary(s Summary) WidgetSummary {
	return WidgetSummary{Count: s.Count, Average: s.AverageText(), Histogram: s.Histogram}
}

// WidgetReview is one review as shoppers see it. It holds nothing a
// shopper may not see: no customer, order or moderation details.
type WidgetReview struct {
	ID     string `json:"id"`
	Rating int    `json:"rating"`
	Title  string `json:"title,omitempty"`
	Body   string `json:"body"`
	// Author is the name as shown; empty, the widget writes "Customer" in
	// the page's language.
	Author       string `json:"author"`
	Date         string `json:"date"` // YYYY-MM-DD in the shop's time zone
	Verified     bool   `json:"verified"`
	Incentivised bool   `json:"incentivised"`
	// Photos are the photos' URLs, each https: or a path on Purna.
	Photos []string     `json:"photos,omitempty"`
	Reply  *WidgetReply `json:"reply,omitempty"`
}

// WidgetReply is the shop's public reply under a review.
type WidgetReply struct {
	Body string `json:"body"`
	Date string `json:"date"`
}

// NewWidgetReview returns r as the widget shows it. photoURL turns an
// upload ID into the photo's URL (nil shows no photos); URLs that are not
// https: or a path on Purna are left out. Dates are written in loc, the
// shop's time zone (nil is UTC). A private reply is never included.
//
// Title, body and names are passed on as they are: JSON escapes them for
// transport and the widget inserts them as text, never as HTML.
func NewWidgetReview(r *Review, photoURL func(id string) string, loc *time.Location) WidgetReview {
	if loc == nil {
		loc = time.UTC
	}
	w := WidgetReview{
		ID:           r.ID,
		Rating:       r.Rating,
		Title:        r.Title,
		Body:         r.Body,
		Author:       r.AuthorName,
		Date:         r.shownAt().In(loc).Format(time.DateOnly),
		Verified:     r.Verified,
		Incentivised: r.Incentivised,
	}
	if photoURL != nil {
		for _, id := range r.Photos {
			if u := photoURL(id); safeWidgetURL(u) {
				w.Photos = append(w.Photos, u)
			}
		}
	}
	if rp := r.Reply; rp != nil && rp.Public && strings.TrimSpace(rp.Body) != "" {
		w.Reply = &WidgetReply{Body: rp.Body, Date: rp.RepliedAt.In(loc).Format(time.DateOnly)}
	}
	return w
}

// safeWidgetURL reports whether the widget may put u in an img src or a
// link: an https URL, or a path on the widget's own origin ("/u/…"). It is
// deliberately simple. "//host" (another host, on whatever scheme the page
// has), backslashes (which browsers read as slashes) and control
// characters and spaces (which browsers drop, so "/\n/evil" would become
// "//evil") are refused. widget.js applies the same rule once more in the
// browser, with the URL parser: resolved against the widget's origin, the
// URL must be https: or that origin.
func safeWidgetURL(u string) bool {
	if strings.ContainsFunc(u, func(r rune) bool { return r <= ' ' || r == '\\' || r == 0x7f }) {
		return false
	}
	return strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//")
}

// BrandColor returns a shop's colour setting as the widget may use it:
// "#rrggbb" in lower case, or "" for anything else. The widget puts it in
// a CSS custom property, where an unchecked value could carry url(…) or
// break out of the declaration.
func BrandColor(s string) string {
	if len(s) != 7 || s[0] != '#' {
		return ""
	}
	for i := 1; i < 7; i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return ""
		}
	}
	return strings.ToLower(s)
}
