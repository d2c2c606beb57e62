package review

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/purnajual/purna"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	valid := func() NewReview {
		return NewReview{Rating: 4, Title: "Mantap", Body: "Barang sesuai foto.", AuthorName: "Siti R.", Locale: "id", Photos: []string{photoA}}
	}
	tests := []struct {
		name   string
		change func(n *NewReview)
		fields []string // fields with a problem; nil means valid
	}{
		{"valid", func(n *NewReview) {}, nil},
		{"no title, name or photos", func(n *NewReview) { n.Title, n.AuthorName, n.Photos = "", "", nil }, nil},
		{"rating 1", func(n *NewReview) { n.Rating = 1 }, nil},
		{"rating 5", func(n *NewReview) { n.Rating = 5 }, nil},
		{"rating 0", func(n *NewReview) { n.Rating = 0 }, []string{"rating"}},
		{"rating 6", func(n *NewReview) { n.Rating = 6 }, []string{"rating"}},
		{"negative rating", func(n *NewReview) { n.Rating = -5 }, []string{"rating"}},
		{"title of 150 characters", func(n *NewReview) { n.Title = strings.Repeat("ă", 150) }, nil},
		{"title of 151 characters", func(n *NewReview) { n.Title = strings.Repeat("a", 151) }, []string{"title"}},
		{"title with a newline", func(n *NewReview) { n.Title = "one\ntwo" }, []string{"title"}},
		{"empty body", func(n *NewReview) { n.Body = "" }, []string{"body"}},
		{"blank body", func(n *NewReview) { n.Body = " \n\t " }, []string{"body"}},
		{"body of 5000 characters and spaces", func(n *NewReview) { n.Body = "  " + strings.Repeat("😀", 5000) + "\n" }, nil},
		{"body of 5001 characters", func(n *NewReview) { n.Body = strings.Repeat("a", 5001) }, []string{"body"}},
		{"body with paragraphs", func(n *NewReview) { n.Body = "Bagus.\r\n\r\n\tRekomendasi." }, nil},
		{"body with a NUL", func(n *NewReview) { n.Body = "Bagus\x00" }, []string{"body"}},
		{"body not UTF-8", func(n *NewReview) { n.Body = "Bagus \xff" }, []string{"body"}},
		{"name of 80 characters", func(n *NewReview) { n.AuthorName = strings.Repeat("ș", 80) }, nil},
		{"name of 81 characters", func(n *NewReview) { n.AuthorName = strings.Repeat("b", 81) }, []string{"author_name"}},
		{"name with escape code", func(n *NewReview) { n.AuthorName = "Siti\x1b[31m" }, []string{"author_name"}},
		{"six photos", func(n *NewReview) { n.Photos = slices.Repeat([]string{photoA}, 6) }, nil},
		{"seven photos", func(n *NewReview) { n.Photos = slices.Repeat([]string{photoA}, 7) }, []string{"photos"}},
		{"photo not an ID", func(n *NewReview) { n.Photos = []string{photoA, "../../etc/passwd"} }, []string{"photos[1]"}},
		{"no locale", func(n *NewReview) { n.Locale = "" }, []string{"locale"}},
		{"unknown locale", func(n *NewReview) { n.Locale = "de" }, []string{"locale"}},
		{"honeypot is not a field problem", func(n *NewReview) { n.Honeypot = "http://spam.example" }, nil},
		{"everything wrong", func(n *NewReview) { *n = NewReview{Rating: 9, Locale: "xx"} }, []string{"body", "locale", "rating"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			n := valid()
			tc.change(&n)
			err := n.Validate()
			if tc.fields == nil {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if purna.ErrorCode(err) != purna.EINVALID {
				t.Fatalf("Validate() = %v, want EINVALID", err)
			}
			if got := slices.Sorted(maps.Keys(purna.ErrorFields(err))); !slices.Equal(got, tc.fields) {
				t.Errorf("fields = %v, want %v", got, tc.fields)
			}
		})
	}
}

func TestIsSpam(t *testing.T) {
	t.Parallel()
	tests := []struct {
		honeypot string
		want     bool
	}{
		{"", false},
		{"   ", false},
		{"http://spam.example", true},
		{"x", true},
	}
	for _, tc := range tests {
		t.Run(tc.honeypot, func(t *testing.T) {
			t.Parallel()
			n := NewReview{Honeypot: tc.honeypot}
			if got := n.IsSpam(); got != tc.want {
				t.Errorf("IsSpam() = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestJSON checks the field names API clients see, and that the shop ID and
// the honeypot's Go name stay out.
func TestJSON(t *testing.T) {
	t.Parallel()
	r := testReview(func(r *Review) {
		r.Reasons = []string{ReasonLink}
		r.Reply = &Reply{Body: "Terima kasih", Public: true, AuthorID: "U"}
	})
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	want := []string{"author_name", "body", "created_at", "customer_id", "id", "incentivised", "locale", "order_id",
		"order_line_id", "photos", "product_id", "published_at", "rating", "reasons", "reply", "status", "title", "updated_at", "verified"}
	if got := slices.Sorted(maps.Keys(m)); !slices.Equal(got, want) {
		t.Errorf("review keys = %v\nwant %v", got, want)
	}
	if reply := m["reply"].(map[string]any); len(reply) != 4 || reply["replied_at"] == nil || reply["author_id"] != "U" {
		t.Errorf("reply = %v", reply)
	}

	var n NewReview
	if err := json.Unmarshal([]byte(`{"rating":5,"body":"ok","author_name":"A","locale":"en","photos":[],"website":"bot"}`), &n); err != nil {
		t.Fatal(err)
	}
	if n.Rating != 5 || n.AuthorName != "A" || !n.IsSpam() {
		t.Errorf("NewReview = %+v", n)
	}
	b, err = json.Marshal(DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"auto_publish":true,"verified_only":true,"hold_with_photos":true,"hold_links":true,"allow_unverified":false}`; got != want {
		t.Errorf("rules = %s, want %s", got, want)
	}
}
