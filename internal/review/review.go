package review

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/purnajual/purna"
)

// Status is where a review is in moderation.
type Status string

// The statuses of a review.
const (
	Pending   Status = "pending"   // waits in the moderation queue
	Published Status = "published" // shown to shoppers
	Rejected  Status = "rejected"  // never shown
)

// Reasons a review waits for moderation or was rejected. They are stable
// codes: the moderation queue translates them and filters on them.
const (
	ReasonProfanity   = "profanity"    // a word from the profanity lists
	ReasonLink        = "link"         // a URL or an e-mail address
	ReasonPhotos      = "photos"       // the shop wants a person to see photos first
	ReasonNotVerified = "not_verified" // not tied to an order of the customer's
	ReasonManual      = "manual"       // the shop publishes nothing automatically
)

// Limits on what a customer may send.
const (
	MaxTitle      = 150  // characters
	MaxBody       = 5000 // characters, after trimming spaces
	MaxAuthorName = 80   // characters; Google's structured data wants under 100
	MaxPhotos     = 6
	MinRating     = 1
	MaxRating     = 5
)

// Review is what one customer said about one product.
type Review struct {
	ID        purna.ID `json:"id"`
	ShopID    purna.ID `json:"-"`
	ProductID purna.ID `json:"product_id"`
	// CustomerID is nil for a review the shop accepted from someone it
	// does not know (Rules.AllowUnverified).
	CustomerID  *purna.ID `json:"customer_id,omitempty"`
	OrderID     *purna.ID `json:"order_id,omitempty"`
	OrderLineID *purna.ID `json:"order_line_id,omitempty"`
	Rating      int       `json:"rating"`
	// Title and Body are stored exactly as the customer typed them. They
	// are never trusted: every output (HTML, JSON-LD, XML, the widget)
	// escapes them for where they go.
	Title string `json:"title"`
	Body  string `json:"body"`
	// AuthorName is the name as shown: "Siti R.".
	AuthorName string `json:"author_name"`
	// Locale is the language the review is written in: id, en or ro.
	Locale string `json:"locale"`
	// Photos are upload IDs.
	Photos []string `json:"photos"`
	// Verified is true when the review is tied to an order of the
	// customer's: the verified-buyer badge.
	Verified bool `json:"verified"`
	// Incentivised is true when the customer was offered a coupon or
	// points for reviewing. Such reviews are labelled as such everywhere
	// they are shown.
	Incentivised bool   `json:"incentivised"`
	Status       Status `json:"status"`
	// Reasons say why the review waits for moderation or was rejected:
	// the Reason* codes.
	Reasons     []string   `json:"reasons,omitempty"`
	Reply       *Reply     `json:"reply,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// Reply is the shop's answer to a review.
type Reply struct {
	Body string `json:"body"`
	// Public replies are shown under the review; private ones go to the
	// customer alone, by email (the review_reply journey), and are never
	// shown to shoppers.
	Public    bool      `json:"public"`
	AuthorID  purna.ID  `json:"author_id"`
	RepliedAt time.Time `json:"replied_at"`
}

// NewReview is a review as the customer sends it from the review form.
type NewReview struct {
	Rating     int      `json:"rating"`
	Title      string   `json:"title"`
	Body       string   `json:"body"`
	AuthorName string   `json:"author_name"`
	Locale     string   `json:"locale"`
	Photos     []string `json:"photos"`
	// Honeypot is a form field hidden from people with CSS. Bots fill in
	// every field, so a non-empty value means a bot sent the form; see
	// IsSpam. It is called "website" because bots love to fill that in.
	Honeypot string `json:"website"`
}

// IsSpam reports whether a bot sent the form: the hidden honeypot field is
// filled in. The caller should answer exactly as if the review had been
// accepted and store nothing, so the bot learns nothing. Validate does not
// look at the honeypot, so that a bot cannot tell it apart by the error.
func (n *NewReview) IsSpam() bool { return strings.TrimSpace(n.Honeypot) != "" }

// Validate checks n and returns an EINVALID *purna.Error whose Fields are
// keyed by JSON path ("rating", "photos[2]").
func (n *NewReview) Validate() error {
	var p purna.Problems
	if n.Rating < MinRating || n.Rating > MaxRating {
		p.Add("rating", fmt.Sprintf("must be %d to %d", MinRating, MaxRating))
	}
	// Lengths count characters, not bytes: "ă" or an emoji is one.
	line(&p, "title", n.Title, MaxTitle)
	line(&p, "author_name", n.AuthorName, MaxAuthorName)
	switch body := strings.TrimSpace(n.Body); {
	case !utf8.ValidString(n.Body):
		p.Add("body", "is not valid text")
	case body == "":
		p.Add("body", "is required")
	case utf8.RuneCountInString(body) > MaxBody:
		p.Add("body", fmt.Sprintf("must be at most %d characters", MaxBody))
	case hasControl(n.Body, true):
		p.Add("body", "contains control characters")
	}
	if n.Locale == "" {
		p.Add("locale", "is required")
	} else if !purna.ValidLocale(n.Locale) {
		p.Add("locale", "must be one of id, en, ro")
	}
	if len(n.Photos) > MaxPhotos {
		p.Add("photos", fmt.Sprintf("must be at most %d", MaxPhotos))
	}
	for i, id := range n.Photos {
		if !purna.ValidID(id) {
			p.Add(fmt.Sprintf("photos[%d]", i), "is not an upload ID")
		}
	}
	return p.Err()
}

// line checks a one-line field: valid UTF-8, no control characters (a
// title or name with a newline breaks every layout it is shown in) and at
// most max characters.
func line(p *purna.Problems, field, s string, max int) {
	switch {
	case !utf8.ValidString(s):
		p.Add(field, "is not valid text")
	case utf8.RuneCountInString(strings.TrimSpace(s)) > max:
		p.Add(field, fmt.Sprintf("must be at most %d characters", max))
	case hasControl(s, false):
		p.Add(field, "contains control characters")
	}
}

// hasControl reports whether s holds a control character. multiline allows
// the newline, carriage return and tab of ordinary text.
func hasControl(s string, multiline bool) bool {
	for _, r := range s {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}
