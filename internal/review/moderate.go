package review

import "regexp"

// Rules are what a shop sets about publishing reviews. None of them looks
// at the rating, and none may: a shop that only publishes its good reviews
// deceives shoppers, which EU consumer law forbids and Google punishes.
type Rules struct {
	// AutoPublish publishes reviews that nothing else holds at once.
	// When false, every review waits in the moderation queue.
	AutoPublish bool `json:"auto_publish"`
	// VerifiedOnly publishes automatically only reviews from verified
	// buyers; other accepted reviews wait.
	VerifiedOnly bool `json:"verified_only"`
	// HoldWithPhotos makes reviews with photos wait until a person has
	// looked at the photos.
	HoldWithPhotos bool `json:"hold_with_photos"`
	// HoldLinks makes reviews whose text holds a URL or an e-mail
	// address wait: that is what spam looks like.
	HoldLinks bool `json:"hold_links"`
	// AllowUnverified accepts reviews from people without an order in the
	// shop at all. When false they are rejected.
	AllowUnverified bool `json:"allow_unverified"`
}

// DefaultRules returns the rules a new shop starts with: verified buyers'
// reviews are published at once unless they hold a swear word, a link or
// photos, and reviews from people who bought nothing are refused.
//
// Photos are held because, unlike text, nothing checks them automatically,
// and a shop does not want a stranger's picture on its product page before
// someone has seen it. VerifiedOnly is on so that a shop which later allows
// unverified reviews still reads them before they appear.
func DefaultRules() Rules {
	return Rules{
		AutoPublish:     true,
		VerifiedOnly:    true,
		HoldWithPhotos:  true,
		HoldLinks:       true,
		AllowUnverified: false,
	}
}

// Decide says whether r is published at once, waits for moderation or is
// rejected, and why (the Reason* codes, in a fixed order). Profanity always
// holds a review, whatever the rules say.
//
// Every reason that applies is listed, also when one is enough to hold the
// review, so that the person moderating sees all of them. Decide reads the
// verified flag, the text, the author name, the locale and the photos; it
// never reads the rating, and a test proves it.
//
// A review rejected for ReasonNotVerified need not be stored at all: the
// caller may refuse the submission instead.
func Decide(rules Rules, r *Review) (Status, []string) {
	if !r.Verified && !rules.AllowUnverified {
		return Rejected, []string{ReasonNotVerified}
	}
	var reasons []string
	if !rules.AutoPublish {
		reasons = append(reasons, ReasonManual)
	}
	if !r.Verified && rules.VerifiedOnly {
		reasons = append(reasons, ReasonNotVerified)
	}
	// The author name is checked too: it is shown as prominently as the
	// title.
	texts := []string{r.Title, r.Body, r.AuthorName}
	for _, s := range texts {
		if len(Profane(r.Locale, s)) > 0 {
			reasons = append(reasons, ReasonProfanity)
			break
		}
	}
	if rules.HoldLinks {
		for _, s := range texts {
			if HasLink(s) {
				reasons = append(reasons, ReasonLink)
				break
			}
		}
	}
	if rules.HoldWithPhotos && len(r.Photos) > 0 {
		reasons = append(reasons, ReasonPhotos)
	}
	if len(reasons) > 0 {
		return Pending, reasons
	}
	return Published, nil
}

// Patterns for HasLink. Go's \b only knows ASCII letters, so the domain
// pattern spells out what may stand around a name.
var (
	schemeRE = regexp.MustCompile(`(?i)\b(?:https?|ftp)://|\bwww\.`)
	emailRE  = regexp.MustCompile(`[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+`)
	// A bare domain: "murah-banget.shop", "wa.me/62812…". The top-level
	// domains are the ones spam uses most plus the shops' own countries.
	// They must be lower case, so that a missing space after a full stop
	// ("Fast delivery.Shop again") is not taken for a link; words a
	// sentence often ends on ("top", "to") are left out for the same
	// reason.
	domainRE = regexp.MustCompile(`(?:^|[^\p{L}\p{N}@._-])[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.` +
		`(?:com|net|org|info|biz|io|co|id|ro|me|ly|xyz|shop|store|online|site|link|click|ru|cn)(?:$|[^\p{L}\p{N}])`)
)

// HasLink reports whether s holds something a browser or a mail program
// would follow: a URL, a bare domain or an e-mail address.
func HasLink(s string) bool {
	return schemeRE.MatchString(s) || emailRE.MatchString(s) || domainRE.MatchString(s)
}
