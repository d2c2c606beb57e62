package review

import (
	"bytes"
	"encoding/json"
	"html/template"
	"strconv"
	"time"
)

// ProductInfo is the product a page of reviews is about, as the JSON-LD
// names it.
type ProductInfo struct {
	Name     string
	SKU      string
	ImageURL string
	URL      string
	Brand    string
	// Location is the shop's time zone, in which the dates are written;
	// nil is UTC. A review written at 23:30 in Jakarta carries that day's
	// date, as the widget shows it.
	Location *time.Location
}

// The schema.org shapes. Field order is the output's order; the values
// schema.org allows as text or number are written as Google's examples
// write them.
type (
	ldProduct struct {
		Context         string       `json:"@context"`
		Type            string       `json:"@type"`
		Name            string       `json:"name"`
		SKU             string       `json:"sku,omitempty"`
		Image           string       `json:"image,omitempty"`
		URL             string       `json:"url,omitempty"`
		Brand           *ldBrand     `json:"brand,omitempty"`
		AggregateRating *ldAggregate `json:"aggregateRating,omitempty"`
		Review          []ldReview   `json:"review,omitempty"`
	}
	ldBrand struct {
		Type string `json:"@type"`
		Name string `json:"name"`
	}
	ldAggregate struct {
		Type        string `json:"@type"`
		RatingValue string `json:"ratingValue"`
		ReviewCount int    `json:"reviewCount"`
		BestRating  string `json:"bestRating"`
		WorstRating string `json:"worstRating"`
	}
	ldReview struct {
		Type          string   `json:"@type"`
		Author        ldPerson `json:"author"`
		DatePublished string   `json:"datePublished"`
		ReviewBody    string   `json:"reviewBody"`
		Name          string   `json:"name,omitempty"`
		ReviewRating  ldRating `json:"reviewRating"`
	}
	ldPerson struct {
		Type string `json:"@type"`
		Name string `json:"name"`
	}
	ldRating struct {
		Type        string `json:"@type"`
		RatingValue string `json:"ratingValue"`
		BestRating  string `json:"bestRating"`
	}
)

// ProductJSONLD returns schema.org Product markup with the rating summary
// and reviews, for search engines to show stars under the product.
// s should count every published review of the product; reviews are the
// ones shown on the page (Google wants marked-up reviews to be visible).
//
// aggregateRating is left out when s counts no reviews: a rating made of
// no reviews is invalid markup for Google. Reviews that are not published, and
// reviews without an author name (Google requires one), are left out.
//
// Text is escaped as encoding/json does by default: <, > and & become
// \u003c, \u003e and \u0026, and U+2028 and U+2029 are escaped too, so the
// output can go inside a <script> element as it is; ScriptTag does that.
func ProductJSONLD(p ProductInfo, s Summary, reviews []*Review) ([]byte, error) {
	loc := p.Location
	if loc == nil {
		loc = time.UTC
	}
	out := ldProduct{
		Context: "https://schema.org",
		Type:    "Product",
		Name:    p.Name,
		SKU:     p.SKU,
		Image:   p.ImageURL,
		URL:     p.URL,
	}
	if p.Brand != "" {
		out.Brand = &ldBrand{Type: "Brand", Name: p.Brand}
	}
	if s.Count > 0 {
		out.AggregateRating = &ldAggregate{
			Type:        "AggregateRating",
			RatingValue: s.AverageText(),
			ReviewCount: s.Count,
			BestRating:  strconv.Itoa(MaxRating),
			WorstRating: strconv.Itoa(MinRating),
		}
	}
	for _, r := range reviews {
		if r == nil || r.Status != Published || r.AuthorName == "" {
			continue
		}
		out.Review = append(out.Review, ldReview{
			Type:          "Review",
			Author:        ldPerson{Type: "Person", Name: r.AuthorName},
			DatePublished: r.shownAt().In(loc).Format(time.DateOnly),
			ReviewBody:    r.Body,
			Name:          r.Title,
			ReviewRating: ldRating{
				Type:        "Rating",
				RatingValue: strconv.Itoa(r.Rating),
				BestRating:  strconv.Itoa(MaxRating),
			},
		})
	}
	// json.Marshal escapes HTML; an Encoder would too, but adds a newline.
	return json.Marshal(out)
}

// shownAt is the date shown with a review: when it was published, or when
// it was written if it never went through publishing (imported reviews).
func (r *Review) shownAt() time.Time {
	if r.PublishedAt != nil {
		return *r.PublishedAt
	}
	return r.CreatedAt
}

// ScriptTag wraps JSON-LD in a <script type="application/ld+json"> element
// for an html/template page. It escapes <, >, &, U+2028 and U+2029 inside
// the JSON's strings once more (json.HTMLEscape), so that even bytes not
// made by ProductJSONLD cannot close the element: a review body
// "</script><script>alert(1)</script>" stays inside the JSON string.
// Anything that is not valid JSON gives an empty result rather than
// something a browser might run.
func ScriptTag(jsonld []byte) template.HTML {
	if !json.Valid(jsonld) {
		return ""
	}
	var b bytes.Buffer
	b.WriteString(`<script type="application/ld+json">`)
	json.HTMLEscape(&b, jsonld)
	b.WriteString(`</script>`)
	return template.HTML(b.String())
}
