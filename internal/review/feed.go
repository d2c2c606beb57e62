package review

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// The Google Merchant Center product reviews feed, schema version 2.4:
// https://developers.google.com/product-review-feeds/schema and
// http://www.google.com/shopping/reviews/schema/product/2.4/product_reviews.xsd
const (
	FeedVersion   = "2.4"
	FeedSchemaURL = "http://www.google.com/shopping/reviews/schema/product/2.4/product_reviews.xsd"
)

// FeedInfo is who publishes a product reviews feed.
type FeedInfo struct {
	// Aggregator is the review service that makes the feed on the shop's
	// behalf ("Purna"); empty leaves <aggregator> out.
	Aggregator string
	// Publisher is the shop's name. Required.
	Publisher string
	// Favicon is the URL of the shop's favicon; optional.
	Favicon string
}

// FeedItem is one review in the feed with the URLs and product identifiers
// Google needs to match it to a product.
type FeedItem struct {
	Review *Review
	// ReviewURL is a page where the review can be read. Empty means the
	// product page.
	ReviewURL string
	// SingleReviewPage says ReviewURL shows this review alone (Google's
	// "singleton"). The widget shows all of a product's reviews on the
	// product page, which is a "group" page, the default.
	SingleReviewPage bool
	// PhotoURLs are the review's photos; only https URLs are sent.
	PhotoURLs []string
	Product   FeedProduct
}

// FeedProduct identifies the product a review is about. Google matches by
// GTIN best; an MPN counts only together with the brand.
type FeedProduct struct {
	Name  string
	URL   string // the product page. Required by the schema.
	SKU   string
	GTIN  string
	MPN   string
	Brand string
}

// The feed's XML shapes, in the order the 2.4 schema's sequences require.
type (
	xmlAggregator struct {
		Name string `xml:"name"`
	}
	xmlPublisher struct {
		Name    string `xml:"name"`
		Favicon string `xml:"favicon,omitempty"`
	}
	xmlReview struct {
		XMLName      xml.Name     `xml:"review"`
		ID           string       `xml:"review_id"`
		Reviewer     xmlReviewer  `xml:"reviewer"`
		Verified     bool         `xml:"is_verified_purchase"`
		Incentivised bool         `xml:"is_incentivized_review"`
		Timestamp    string       `xml:"review_timestamp"`
		Title        string       `xml:"title,omitempty"`
		Content      string       `xml:"content"`
		Language     string       `xml:"review_language,omitempty"`
		URL          xmlTyped     `xml:"review_url"`
		Images       *xmlImages   `xml:"reviewer_images,omitempty"`
		Overall      xmlOverall   `xml:"ratings>overall"`
		Products     []xmlProduct `xml:"products>product"`
		Spam         bool         `xml:"is_spam"`
	}
	xmlReviewer struct {
		Name xmlName `xml:"name"`
	}
	xmlName struct {
		Anonymous string `xml:"is_anonymous,attr,omitempty"`
		Value     string `xml:",chardata"`
	}
	// encoding/xml writes the parents of an a>b path even for an empty
	// list, and the schema wants no empty containers, hence the pointers.
	xmlImages struct {
		Images []xmlImage `xml:"reviewer_image"`
	}
	xmlImage struct {
		URL string `xml:"url"`
	}
	xmlTyped struct {
		Type  string `xml:"type,attr"`
		Value string `xml:",chardata"`
	}
	xmlOverall struct {
		Min   int `xml:"min,attr"`
		Max   int `xml:"max,attr"`
		Value int `xml:",chardata"`
	}
	xmlProduct struct {
		IDs  *xmlProductIDs `xml:"product_ids,omitempty"`
		Name string         `xml:"product_name,omitempty"`
		URL  string         `xml:"product_url"`
	}
	xmlProductIDs struct {
		GTINs  *xmlGTINs  `xml:"gtins,omitempty"`
		MPNs   *xmlMPNs   `xml:"mpns,omitempty"`
		SKUs   *xmlSKUs   `xml:"skus,omitempty"`
		Brands *xmlBrands `xml:"brands,omitempty"`
	}
	xmlGTINs struct {
		Values []string `xml:"gtin"`
	}
	xmlMPNs struct {
		Values []string `xml:"mpn"`
	}
	xmlSKUs struct {
		Values []string `xml:"sku"`
	}
	xmlBrands struct {
		Values []string `xml:"brand"`
	}
)

// WriteFeed writes a product reviews feed of items to w, one review at a
// time, so a shop with many reviews does not need them all in memory as
// XML. Google expects the full feed every time: a review missing from it
// is deleted on Google's side.
//
// Only published reviews go in; others, and items whose product has no
// URL, are left out. Every review is sent whatever its rating: Google
// requires that, and leaving out bad ones is not allowed. All text is
// escaped by encoding/xml, and characters XML cannot hold at all (most
// control characters, invalid UTF-8) are dropped, so one stray byte in a
// review cannot make the whole feed unreadable.
func WriteFeed(w io.Writer, f FeedInfo, items []FeedItem) error {
	if strings.TrimSpace(f.Publisher) == "" {
		return errors.New("review: write feed: the publisher name is required")
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("review: write feed: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	feed := xml.StartElement{
		Name: xml.Name{Local: "feed"},
		// Written as plain attributes: the feed has no namespace of its
		// own, and encoding/xml would invent prefixes for real ones.
		Attr: []xml.Attr{
			{Name: xml.Name{Local: "xmlns:vc"}, Value: "http://www.w3.org/2007/XMLSchema-versioning"},
			{Name: xml.Name{Local: "xmlns:xsi"}, Value: "http://www.w3.org/2001/XMLSchema-instance"},
			{Name: xml.Name{Local: "xsi:noNamespaceSchemaLocation"}, Value: FeedSchemaURL},
		},
	}
	reviews := xml.StartElement{Name: xml.Name{Local: "reviews"}}
	err := errors.Join(
		enc.EncodeToken(feed),
		enc.EncodeElement(FeedVersion, xml.StartElement{Name: xml.Name{Local: "version"}}),
	)
	if a := xmlText(f.Aggregator); a != "" && err == nil {
		err = enc.EncodeElement(xmlAggregator{Name: a}, xml.StartElement{Name: xml.Name{Local: "aggregator"}})
	}
	if err == nil {
		err = errors.Join(
			enc.EncodeElement(xmlPublisher{Name: xmlText(f.Publisher), Favicon: xmlText(f.Favicon)},
				xml.StartElement{Name: xml.Name{Local: "publisher"}}),
			enc.EncodeToken(reviews),
		)
	}
	for i := 0; i < len(items) && err == nil; i++ {
		if x, ok := feedReview(items[i]); ok {
			err = enc.Encode(x)
		}
	}
	if err == nil {
		err = errors.Join(enc.EncodeToken(reviews.End()), enc.EncodeToken(feed.End()), enc.Close())
	}
	if err == nil {
		_, err = io.WriteString(w, "\n")
	}
	if err != nil {
		return fmt.Errorf("review: write feed: %w", err)
	}
	return nil
}

// feedReview turns an item into its XML, or reports false to leave it out.
func feedReview(it FeedItem) (xmlReview, bool) {
	r, p := it.Review, it.Product
	productURL := xmlText(p.URL)
	if r == nil || r.Status != Published || productURL == "" {
		return xmlReview{}, false
	}
	x := xmlReview{
		ID:           xmlText(r.ID),
		Reviewer:     xmlReviewer{Name: xmlName{Value: xmlText(r.AuthorName)}},
		Verified:     r.Verified,
		Incentivised: r.Incentivised,
		// When the review was written, in UTC as Google's examples are.
		Timestamp: r.CreatedAt.UTC().Format(time.RFC3339),
		Title:     xmlText(r.Title),
		Content:   xmlText(r.Body),
		Language:  xmlText(r.Locale),
		URL:       xmlTyped{Type: "group", Value: xmlText(it.ReviewURL)},
		Overall:   xmlOverall{Min: MinRating, Max: MaxRating, Value: r.Rating},
		Products:  []xmlProduct{{Name: xmlText(p.Name), URL: productURL}},
	}
	var ids xmlProductIDs
	if v := xmlText(p.GTIN); v != "" {
		ids.GTINs = &xmlGTINs{[]string{v}}
	}
	if v := xmlText(p.MPN); v != "" {
		ids.MPNs = &xmlMPNs{[]string{v}}
	}
	if v := xmlText(p.SKU); v != "" {
		ids.SKUs = &xmlSKUs{[]string{v}}
	}
	if v := xmlText(p.Brand); v != "" {
		ids.Brands = &xmlBrands{[]string{v}}
	}
	if ids != (xmlProductIDs{}) {
		x.Products[0].IDs = &ids
	}
	if x.Reviewer.Name.Value == "" {
		x.Reviewer.Name = xmlName{Anonymous: "true", Value: "Anonymous"}
	}
	if it.SingleReviewPage {
		x.URL.Type = "singleton"
	}
	if x.URL.Value == "" {
		x.URL = xmlTyped{Type: "group", Value: productURL}
	}
	for _, u := range it.PhotoURLs {
		if u = xmlText(u); strings.HasPrefix(u, "https://") {
			if x.Images == nil {
				x.Images = &xmlImages{}
			}
			x.Images.Images = append(x.Images.Images, xmlImage{URL: u})
		}
	}
	return x, true
}

// xmlText drops what XML 1.0 cannot hold: invalid UTF-8 and characters
// outside its Char production (control characters other than tab, newline
// and carriage return; U+FFFE and U+FFFF). encoding/xml would write U+FFFD
// in their place; dropping them keeps the customer's text as it reads.
func xmlText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if xmlChar(r) && !(r == utf8.RuneError && n == 1) {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// xmlChar reports whether XML 1.0 allows r in a document.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}
