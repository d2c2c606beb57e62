package survey

import (
	"testing"

	"github.com/purnajual/purna"
)

// FuzzParseToken: any link text either fails with EINVALID or names a
// valid survey that signs back to the same token; it never panics.
func FuzzParseToken(f *testing.F) {
	secret := []byte("fuzz secret of thirty-two bytes!")
	order := purna.NewID(purna.SystemClock{}.Now())
	msg := purna.NewID(purna.SystemClock{}.Now())
	f.Add(Link{ShopID: order, CustomerID: order, Kind: NPS, OrderID: &order, MessageID: &msg}.Token(secret))
	f.Add(Link{ShopID: order, CustomerID: order, Kind: CSAT, CaseID: &order}.Token(secret))
	f.Add("abc.def")
	f.Add("")
	f.Fuzz(func(t *testing.T, token string) {
		l, err := ParseToken(secret, token)
		if err != nil {
			if purna.ErrorCode(err) != purna.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		if !l.Kind.Valid() || !purna.ValidID(l.ShopID) || !purna.ValidID(l.CustomerID) || l.Subject() == "" {
			t.Fatalf("accepted a link to nothing: %+v", l)
		}
		if l.Token(secret) != token {
			t.Fatalf("%q parsed to %+v, which signs to another token", token, l)
		}
	})
}

// FuzzSettingsValidate: any settings either validate or name their field;
// validation never panics.
func FuzzSettingsValidate(f *testing.F) {
	f.Add("nps", "id", "Seberapa mungkin Kakak merekomendasikan kami?", "q1", "text", "Apa yang bisa kami perbaiki?")
	f.Add("xyz", "fr", "", "Bad ID!", "radio", "")
	f.Fuzz(func(t *testing.T, kind, loc, question, id, typ, label string) {
		s := Settings{Questions: map[Kind]map[string]string{Kind(kind): {loc: question}},
			Extra: []Question{{ID: id, Type: QuestionType(typ), Label: map[string]string{loc: label}}}}
		err := s.Validate()
		if err != nil && len(purna.ErrorFields(err)) == 0 {
			t.Fatalf("error without fields: %v", err)
		}
	})
}
