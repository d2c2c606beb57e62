package survey

import (
	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/signed"
)

// linkPurpose keeps survey links from passing for any other signed value.
const linkPurpose = "survey-answer:"

// Link is what a survey link answers for: one customer of one shop, one
// kind of survey about one order or case, from one message. It is signed
// as a whole, so changing any part (another customer, another order,
// another kind) breaks the signature.
type Link struct {
	ShopID     purna.ID
	CustomerID purna.ID
	Kind       Kind
	OrderID    *purna.ID
	CaseID     *purna.ID
	// MessageID is the message the link came in; results by journey
	// follow it to its journey.
	MessageID *purna.ID
}

// Token signs l with secret for a URL path.
func (l Link) Token(secret []byte) string {
	return signed.Encode(secret, linkPurpose, l.ShopID, l.CustomerID, string(l.Kind), deref(l.OrderID), deref(l.CaseID),
		deref(l.MessageID))
}

// ParseToken checks a token made by Link.Token. EINVALID for anything
// else, including a token made for another purpose.
func ParseToken(secret []byte, token string) (Link, error) {
	bad := purna.Errorf(purna.EINVALID, "This survey link is not valid.")
	p, ok := signed.Decode(secret, linkPurpose, token, 6)
	if !ok || !purna.ValidID(p[0]) || !purna.ValidID(p[1]) || !Kind(p[2]).Valid() {
		return Link{}, bad
	}
	l := Link{ShopID: p[0], CustomerID: p[1], Kind: Kind(p[2])}
	for i, dst := range []**purna.ID{&l.OrderID, &l.CaseID, &l.MessageID} {
		v := p[3+i]
		if v == "" {
			continue
		}
		if !purna.ValidID(v) {
			return Link{}, bad
		}
		*dst = &v
	}
	if l.OrderID == nil && l.CaseID == nil {
		return Link{}, bad
	}
	return l, nil
}

// Subject is the order or case the link's survey is about.
func (l Link) Subject() string { return subjectOf(l.OrderID, l.CaseID) }

func deref(id *purna.ID) string {
	if id == nil {
		return ""
	}
	return *id
}
