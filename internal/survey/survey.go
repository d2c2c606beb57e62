package survey

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/timeline"
)

// Kind is the question a survey asks.
type Kind string

// The kinds of survey.
const (
	// NPS: "How likely are you to recommend us?", 0 to 10.
	NPS Kind = "nps"
	// CSAT: "How satisfied are you?", 1 to 5.
	CSAT Kind = "csat"
	// CES: "The shop made it easy for me", 1 (strongly disagree) to 7.
	CES Kind = "ces"
)

// Kinds lists every Kind.
var Kinds = []Kind{NPS, CSAT, CES}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool { return k == NPS || k == CSAT || k == CES }

// Scale returns the lowest and highest score of k.
func (k Kind) Scale() (lo, hi int) {
	switch k {
	case NPS:
		return 0, 10
	case CSAT:
		return 1, 5
	case CES:
		return 1, 7
	}
	return 0, -1
}

// Unhappy reports whether score on k is an answer the shop must follow
// up: a detractor (NPS 0–6) or a CSAT of 1 or 2. CES measures effort, not
// feeling; a 1 or 2 (it was hard) is followed up too.
func (k Kind) Unhappy(score int) bool {
	switch k {
	case NPS:
		return score <= 6
	case CSAT, CES:
		return score <= 2
	}
	return false
}

// Timeline events of surveys. Their data is the response: response_id,
// kind, score, previous_score (on a change), unhappy, comment.
const (
	// Answered is a first answer, or a changed score.
	Answered timeline.Type = "survey.answered"
	// Commented is the customer's "why", or their answers to the shop's
	// own questions, added on the survey page.
	Commented timeline.Type = "survey.commented"
)

// Response is one customer's answer to one survey about one order or
// case. (customer, kind, subject) is unique: a second click changes it.
type Response struct {
	ID         purna.ID  `json:"id"`
	ShopID     purna.ID  `json:"-"`
	CustomerID purna.ID  `json:"customer_id"`
	Kind       Kind      `json:"kind"`
	OrderID    *purna.ID `json:"order_id,omitempty"`
	CaseID     *purna.ID `json:"case_id,omitempty"`
	// JourneyID and MessageID are the journey and message the answer came
	// from, for results by journey.
	JourneyID *purna.ID `json:"journey_id,omitempty"`
	MessageID *purna.ID `json:"message_id,omitempty"`
	// Source is where the order came from (shopify, tokopedia, api…).
	Source string `json:"source,omitempty"`
	Score  int    `json:"score"`
	// Comment is the customer's "why", as they wrote it.
	Comment string `json:"comment"`
	// Answers are the answers to the shop's own questions, by question ID.
	Answers map[string]string `json:"answers"`
	Locale  string            `json:"locale"`
	// Changes counts how often the score was changed after the first
	// answer.
	Changes   int       `json:"changes"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Subject is what a survey is about, the key of its answer: "order:<id>"
// or "case:<id>".
func (r *Response) Subject() string { return subjectOf(r.OrderID, r.CaseID) }

func subjectOf(orderID, caseID *purna.ID) string {
	switch {
	case caseID != nil:
		return "case:" + *caseID
	case orderID != nil:
		return "order:" + *orderID
	}
	return ""
}

// Settings are a shop's own wording of its survey questions and its extra
// questions, shown on the survey page after the score.
type Settings struct {
	// Questions replace the shipped wording of a kind's question, per
	// locale: Questions["nps"]["id"].
	Questions map[Kind]map[string]string `json:"questions,omitempty"`
	// Extra are the shop's own questions, asked after the "why".
	Extra []Question `json:"extra,omitempty"`
}

// QuestionType is how an extra question is answered.
type QuestionType string

// The question types.
const (
	TextQuestion   QuestionType = "text"
	ChoiceQuestion QuestionType = "choice"
)

// Question is one of the shop's own questions, worded per locale.
type Question struct {
	ID   string       `json:"id"`
	Type QuestionType `json:"type"`
	// Kinds are the surveys that ask it; empty asks it in all.
	Kinds []Kind `json:"kinds,omitempty"`
	// Label and Choices are per locale: Label["ro"], Choices["ro"].
	Label   map[string]string   `json:"label"`
	Choices map[string][]string `json:"choices,omitempty"`
}

// Asks reports whether q is asked in a survey of kind k.
func (q *Question) Asks(k Kind) bool {
	if len(q.Kinds) == 0 {
		return true
	}
	for _, x := range q.Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Limits of what customers and shops write.
const (
	MaxComment   = 2000
	MaxAnswer    = 500
	MaxQuestions = 10
)

// Validate checks s. EINVALID names the field.
func (s *Settings) Validate() error {
	var p purna.Problems
	for k, byLocale := range s.Questions {
		if !k.Valid() {
			p.Add("questions."+string(k), "must be nps, csat or ces")
			continue
		}
		for loc, text := range byLocale {
			f := fmt.Sprintf("questions.%s.%s", k, loc)
			switch {
			case !purna.ValidLocale(loc):
				p.Add(f, "must be id, en or ro")
			case utf8.RuneCountInString(text) > 200:
				p.Add(f, "is longer than 200 characters")
			}
			byLocale[loc] = strings.TrimSpace(text)
		}
	}
	if len(s.Extra) > MaxQuestions {
		p.Add("extra", fmt.Sprintf("at most %d questions", MaxQuestions))
	}
	ids := map[string]bool{}
	for i, q := range s.Extra {
		f := fmt.Sprintf("extra[%d]", i)
		switch {
		case q.ID == "" || len(q.ID) > 40 || strings.ContainsFunc(q.ID, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_')
		}):
			p.Add(f+".id", "must be 1 to 40 of a-z, 0-9 and _")
		case ids[q.ID]:
			p.Add(f+".id", "is used by another question")
		}
		ids[q.ID] = true
		if q.Type != TextQuestion && q.Type != ChoiceQuestion {
			p.Add(f+".type", "must be text or choice")
		}
		for _, k := range q.Kinds {
			if !k.Valid() {
				p.Add(f+".kinds", "must be nps, csat or ces")
			}
		}
		if q.Label["en"] == "" && q.Label["id"] == "" && q.Label["ro"] == "" {
			p.Add(f+".label", "give the question in at least one language")
		}
		if q.Type == ChoiceQuestion && len(q.Choices) == 0 {
			p.Add(f+".choices", "a choice question needs choices")
		}
	}
	return p.Err()
}

// Question returns the shop's wording of k's question in locale, or ""
// for the shipped one.
func (s *Settings) Question(k Kind, locale string) string {
	if s == nil {
		return ""
	}
	return s.Questions[k][locale]
}
