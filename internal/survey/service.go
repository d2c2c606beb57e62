package survey

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/timeline"
)

// Service records answers and works out results. The survey page and the
// API both call it.
type Service struct {
	store  Store
	clock  purna.Clock
	secret []byte
}

// NewService returns a Service that checks links signed with secret.
func NewService(store Store, clock purna.Clock, secret []byte) *Service {
	return &Service{store: store, clock: clock, secret: secret}
}

// LinkToken signs l, for the messages that carry survey links.
func (s *Service) LinkToken(l Link) string { return l.Token(s.secret) }

// Parse checks a survey link's token. EINVALID.
func (s *Service) Parse(token string) (Link, error) { return ParseToken(s.secret, token) }

// Answer records score as the answer of the link's customer to its
// survey: the first answer, or a change of it. Giving the same score again
// changes nothing and adds no event, so a double click or a mail scanner
// that follows the link twice is harmless. EINVALID for a bad token or a
// score off the kind's scale.
func (s *Service) Answer(ctx context.Context, token string, score int, locale string) (*Response, error) {
	l, err := s.Parse(token)
	if err != nil {
		return nil, err
	}
	if lo, hi := l.Kind.Scale(); score < lo || score > hi {
		return nil, &purna.Error{Code: purna.EINVALID, Message: "Some fields are not valid.",
			Fields: map[string]string{"score": fmt.Sprintf("must be %d to %d", lo, hi)}}
	}
	if !purna.ValidLocale(locale) {
		locale = "en"
	}
	// Attribution is read outside the transaction: it never changes.
	var journeyID *purna.ID
	if l.MessageID != nil {
		if journeyID, err = s.store.FindMessageJourney(ctx, l.ShopID, *l.MessageID); err != nil &&
			purna.ErrorCode(err) != purna.ENOTFOUND {
			return nil, err
		}
	}
	var source string
	if l.OrderID != nil {
		if source, err = s.store.FindOrderSource(ctx, l.ShopID, *l.OrderID); err != nil {
			if purna.ErrorCode(err) == purna.ENOTFOUND {
				return nil, purna.Errorf(purna.EINVALID, "This survey link is not valid.")
			}
			return nil, err
		}
	}
	var out *Response
	// Two first clicks at once meet on the unique answer: the one that
	// loses (ECONFLICT) runs again and finds the other's row.
	for attempt := 0; ; attempt++ {
		out, err = s.answer(ctx, l, score, locale, journeyID, source)
		if purna.ErrorCode(err) != purna.ECONFLICT || attempt > 0 {
			return out, err
		}
	}
}

func (s *Service) answer(ctx context.Context, l Link, score int, locale string, journeyID *purna.ID, source string) (*Response, error) {
	now := s.clock.Now()
	var out *Response
	err := s.store.InTx(ctx, func(tx Tx) error {
		r, err := tx.FindResponseForUpdate(ctx, l.ShopID, l.CustomerID, l.Kind, l.Subject())
		previous := -1
		switch {
		case err == nil:
			if r.Score == score {
				out = r
				return nil
			}
			previous = r.Score
			r.Score, r.Changes, r.UpdatedAt = score, r.Changes+1, now
		case purna.ErrorCode(err) == purna.ENOTFOUND:
			r = &Response{ID: purna.NewID(now), ShopID: l.ShopID, CustomerID: l.CustomerID, Kind: l.Kind,
				OrderID: l.OrderID, CaseID: l.CaseID, JourneyID: journeyID, MessageID: l.MessageID, Source: source,
				Score: score, Answers: map[string]string{}, Locale: locale, CreatedAt: now, UpdatedAt: now}
		default:
			return err
		}
		if err := tx.SaveResponse(ctx, r); err != nil {
			return err
		}
		data := map[string]any{"response_id": r.ID, "kind": r.Kind, "score": r.Score, "unhappy": r.Kind.Unhappy(r.Score)}
		if previous >= 0 {
			data["previous_score"] = previous
		}
		if r.CaseID != nil {
			data["case_id"] = *r.CaseID
		}
		if _, err := tx.AppendEvents(ctx, []timeline.Event{event(r, Answered, now, data, strconv.Itoa(r.Changes))}); err != nil {
			return err
		}
		out = r
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func event(r *Response, t timeline.Type, now time.Time, data map[string]any, dedupe string) timeline.Event {
	b, _ := json.Marshal(data)
	cust := r.CustomerID
	return timeline.Event{ShopID: r.ShopID, CustomerID: &cust, OrderID: r.OrderID, Type: t, OccurredAt: now,
		Data: b, DedupeKey: string(t) + ":" + r.ID + ":" + dedupe}
}

// Comment is what the survey page sends after the score: the customer's
// "why" and answers to the shop's own questions.
type Comment struct {
	Comment string            `json:"comment"`
	Answers map[string]string `json:"answers"`
}

// AddComment saves the link's customer's comment and answers on their
// response; sending the same again changes nothing. ENOTFOUND before a
// score was given; EINVALID names the field.
func (s *Service) AddComment(ctx context.Context, token string, in Comment) (*Response, error) {
	l, err := s.Parse(token)
	if err != nil {
		return nil, err
	}
	settings, err := s.store.FindSettings(ctx, l.ShopID)
	if err != nil {
		return nil, err
	}
	var p purna.Problems
	in.Comment = strings.TrimSpace(in.Comment)
	if utf8.RuneCountInString(in.Comment) > MaxComment {
		p.Add("comment", fmt.Sprintf("is longer than %d characters", MaxComment))
	}
	answers := map[string]string{}
	for id, a := range in.Answers {
		a = strings.TrimSpace(a)
		q := findQuestion(settings, id)
		switch {
		case q == nil || !q.Asks(l.Kind):
			p.Add("answers."+id, "is not a question of this survey")
		case utf8.RuneCountInString(a) > MaxAnswer:
			p.Add("answers."+id, fmt.Sprintf("is longer than %d characters", MaxAnswer))
		case a != "" && q.Type == ChoiceQuestion && !isChoice(q, a):
			p.Add("answers."+id, "is not one of the choices")
		case a != "":
			answers[id] = a
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	var out *Response
	err = s.store.InTx(ctx, func(tx Tx) error {
		r, err := tx.FindResponseForUpdate(ctx, l.ShopID, l.CustomerID, l.Kind, l.Subject())
		if err != nil {
			if purna.ErrorCode(err) == purna.ENOTFOUND {
				return purna.Errorf(purna.ENOTFOUND, "Choose a score first.")
			}
			return err
		}
		out = r
		if r.Comment == in.Comment && sameAnswers(r.Answers, answers) {
			return nil
		}
		r.Comment, r.Answers, r.UpdatedAt = in.Comment, answers, now
		if err := tx.SaveResponse(ctx, r); err != nil {
			return err
		}
		data := map[string]any{"response_id": r.ID, "kind": r.Kind, "score": r.Score, "unhappy": r.Kind.Unhappy(r.Score),
			"comment": r.Comment}
		_, err = tx.AppendEvents(ctx, []timeline.Event{event(r, Commented, now, data, strconv.FormatInt(now.UnixNano(), 10))})
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func findQuestion(s *Settings, id string) *Question {
	for i := range s.Extra {
		if s.Extra[i].ID == id {
			return &s.Extra[i]
		}
	}
	return nil
}

func isChoice(q *Question, a string) bool {
	for _, cs := range q.Choices {
		for _, c := range cs {
			if c == a {
				return true
			}
		}
	}
	return false
}

func sameAnswers(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// FindByToken returns the link's response. ENOTFOUND before an answer.
func (s *Service) FindByToken(ctx context.Context, token string) (*Response, Link, error) {
	l, err := s.Parse(token)
	if err != nil {
		return nil, l, err
	}
	r, err := s.store.FindResponse(ctx, l.ShopID, l.CustomerID, l.Kind, l.Subject())
	return r, l, err
}

// Answered reports whether the customer answered kind about the order or
// case: a reminder then goes to nobody.
func (s *Service) Answered(ctx context.Context, shopID, customerID purna.ID, kind Kind, orderID, caseID *purna.ID) (bool, error) {
	_, err := s.store.FindResponse(ctx, shopID, customerID, kind, subjectOf(orderID, caseID))
	switch purna.ErrorCode(err) {
	case "":
		return true, nil
	case purna.ENOTFOUND:
		return false, nil
	}
	return false, err
}

// Settings returns the shop's survey settings.
func (s *Service) Settings(ctx context.Context, shopID purna.ID) (*Settings, error) {
	return s.store.FindSettings(ctx, shopID)
}

// SaveSettings checks and stores the shop's settings. EINVALID.
func (s *Service) SaveSettings(ctx context.Context, shopID purna.ID, in *Settings) error {
	if err := in.Validate(); err != nil {
		return err
	}
	return s.store.SaveSettings(ctx, shopID, in, s.clock.Now())
}

// Responses returns a page of the shop's answers, newest first: the
// verbatims, searchable by f.Query.
func (s *Service) Responses(ctx context.Context, f Filter) (*purna.Page[*Response], error) {
	if f.Kind != nil && !f.Kind.Valid() {
		return nil, &purna.Error{Code: purna.EINVALID, Message: "Some fields are not valid.",
			Fields: map[string]string{"kind": "must be nps, csat or ces"}}
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	items, next, total, err := s.store.FindResponses(ctx, f)
	if err != nil {
		return nil, err
	}
	if items == nil {
		items = []*Response{}
	}
	return &purna.Page[*Response]{Items: items, Next: next, Total: total}, nil
}
