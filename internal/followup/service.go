package followup

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/timeline"
)

// ContextFunc gathers what a follow-up carries: the customer's contacts,
// the order's lines with their warranty and return standing, its
// tracking, and the remedies eligibility allows. orderID may be nil.
type ContextFunc func(ctx context.Context, shopID, customerID purna.ID, orderID *purna.ID) (Context, error)

// Service opens and works follow-ups. The agent UI, the API and the
// timeline reactor call it.
type Service struct {
	store   Store
	clock   purna.Clock
	context ContextFunc
	// DueIn is how long the shop has to get back to the customer.
	DueIn time.Duration
}

// NewService returns a Service. ctx may be nil: follow-ups then carry
// no context beyond the answer.
func NewService(store Store, clock purna.Clock, context ContextFunc) *Service {
	return &Service{store: store, clock: clock, context: context, DueIn: 24 * time.Hour}
}

// Trigger is an unhappy answer or review to follow up.
type Trigger struct {
	ShopID     purna.ID
	CustomerID purna.ID
	OrderID    *purna.ID
	Source     Source
	SourceID   purna.ID
	Kind       string // nps, csat, ces or review
	Score      int
	Comment    string
}

// React opens a follow-up for an unhappy survey answer or a review of one
// or two stars on the timeline (survey.answered, survey.commented and
// review.submitted with "unhappy": true). It is idempotent: an answer or a
// review opens one follow-up however often its events are handled.
func (s *Service) React(ctx context.Context, ev timeline.Event) error {
	// Every event of every shop passes here: only these three are read.
	if ev.CustomerID == nil || ev.Type != "survey.answered" && ev.Type != "survey.commented" && ev.Type != "review.submitted" {
		return nil
	}
	// The events' data: survey answers name their response, reviews
	// themselves; both say whether the customer is unhappy.
	var d struct {
		ResponseID purna.ID `json:"response_id"`
		ReviewID   purna.ID `json:"review_id"`
		Kind       string   `json:"kind"`
		Score      int      `json:"score"`
		Rating     int      `json:"rating"`
		Unhappy    bool     `json:"unhappy"`
		Comment    string   `json:"comment"`
		Title      string   `json:"title"`
		Body       string   `json:"body"`
	}
	if json.Unmarshal(ev.Data, &d) != nil || !d.Unhappy {
		return nil
	}
	t := Trigger{ShopID: ev.ShopID, CustomerID: *ev.CustomerID, OrderID: ev.OrderID}
	// withWords: the event carries the customer's words, which the
	// follow-up takes over.
	var withWords bool
	switch ev.Type {
	case "survey.answered":
		t.Source, t.SourceID, t.Kind, t.Score = FromSurvey, d.ResponseID, d.Kind, d.Score
	case "survey.commented":
		// The "why" often comes a minute after the score. Dispatch jobs
		// may run out of order, so the comment may also be what opens the
		// follow-up.
		t.Source, t.SourceID, t.Kind, t.Score, t.Comment, withWords = FromSurvey, d.ResponseID, d.Kind, d.Score, d.Comment, true
	case "review.submitted":
		// A review of one or two stars alerts the shop at once: the
		// follow-up, due within a day, is at the top of the inbox.
		t.Source, t.SourceID, t.Kind, t.Score, withWords = FromReview, d.ReviewID, "review", d.Rating, true
		t.Comment = strings.TrimSpace(d.Title + "\n" + d.Body)
	default:
		return nil
	}
	if !purna.ValidID(t.SourceID) {
		return nil
	}
	f, err := s.Open(ctx, t)
	if err != nil || !withWords || f.Comment == t.Comment {
		return err
	}
	return s.setComment(ctx, t.ShopID, t.Source, t.SourceID, t.Comment)
}

// Open opens the follow-up of t with its call task, or returns the one t
// already opened.
func (s *Service) Open(ctx context.Context, t Trigger) (*FollowUp, error) {
	now := s.clock.Now()
	var fctx Context
	if s.context != nil {
		var err error
		if fctx, err = s.context(ctx, t.ShopID, t.CustomerID, t.OrderID); err != nil {
			return nil, fmt.Errorf("followup: context: %w", err)
		}
	}
	if fctx.Suggestions == nil {
		fctx.Suggestions = []Suggestion{}
	}
	var out *FollowUp
	err := s.store.InTx(ctx, func(tx Tx) error {
		f, err := tx.FindFollowUpBySource(ctx, t.ShopID, t.Source, t.SourceID)
		if err == nil {
			out = f
			return nil
		}
		if purna.ErrorCode(err) != purna.ENOTFOUND {
			return err
		}
		n, err := tx.NextCaseNumber(ctx, t.ShopID)
		if err != nil {
			return err
		}
		f = &FollowUp{ID: purna.NewID(now), ShopID: t.ShopID, Number: "F-" + strconv.FormatInt(n, 10),
			CustomerID: t.CustomerID, OrderID: t.OrderID, Source: t.Source, SourceID: t.SourceID, Trigger: t.Kind,
			Score: t.Score, Comment: t.Comment, Status: Open, Context: fctx, DueAt: now.Add(s.DueIn), Seq: 1,
			CreatedAt: now, UpdatedAt: now}
		if err := tx.CreateFollowUp(ctx, f); err != nil {
			return err
		}
		if err := tx.AddFollowUpEvent(ctx, &Event{ID: purna.NewID(now), ShopID: f.ShopID, FollowUpID: f.ID, Seq: 1,
			Action: "open", To: Open, Actor: cases.System, CreatedAt: now}); err != nil {
			return err
		}
		fid := f.ID
		task := &Task{ID: purna.NewID(now), ShopID: f.ShopID, Kind: "call", FollowUpID: &fid, CustomerID: f.CustomerID,
			Title: callTitle(f), Phone: fctx.Phone, Status: TaskOpen, DueAt: f.DueAt, CreatedAt: now}
		if err := tx.CreateTask(ctx, task); err != nil {
			return err
		}
		if _, err := tx.AppendEvents(ctx, []timeline.Event{f.event(Opened, "open", now)}); err != nil {
			return err
		}
		out = f
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// callTitle is the task's line in an agent's list: "Call back: NPS 3 on
// order #1042". Agents' screens are in English for now, like the rest of
// the shop's side.
func callTitle(f *FollowUp) string {
	what := strings.ToUpper(f.Trigger) + " " + strconv.Itoa(f.Score)
	if f.Trigger == "review" {
		what = strconv.Itoa(f.Score) + "-star review"
	}
	if o := f.Context.Order; o != nil {
		return "Call back: " + what + " on order " + o.Number
	}
	return "Call back: " + what
}

func (f *FollowUp) event(t timeline.Type, action string, now time.Time) timeline.Event {
	data, _ := json.Marshal(map[string]any{"followup_id": f.ID, "number": f.Number, "status": f.Status,
		"action": action, "remedy": f.Remedy, "trigger": f.Trigger, "score": f.Score})
	cust := f.CustomerID
	return timeline.Event{ShopID: f.ShopID, CustomerID: &cust, OrderID: f.OrderID, Type: t, OccurredAt: now, Data: data,
		DedupeKey: fmt.Sprintf("followup:%s:%d", f.ID, f.Seq)}
}

func (s *Service) setComment(ctx context.Context, shopID purna.ID, src Source, sourceID purna.ID, comment string) error {
	return s.store.InTx(ctx, func(tx Tx) error {
		f, err := tx.FindFollowUpBySource(ctx, shopID, src, sourceID)
		if err != nil || f.Comment == comment {
			return err
		}
		f.Comment, f.UpdatedAt, f.Seq = comment, s.clock.Now(), f.Seq+1
		return tx.UpdateFollowUp(ctx, f)
	})
}

// FindByID returns the follow-up with its history and tasks. ENOTFOUND.
func (s *Service) FindByID(ctx context.Context, shopID, id purna.ID) (*Detail, error) {
	f, err := s.store.FindFollowUpByID(ctx, shopID, id)
	if err != nil {
		return nil, err
	}
	h, err := s.store.FindFollowUpEvents(ctx, shopID, id)
	if err != nil {
		return nil, err
	}
	t, err := s.store.FindTasks(ctx, TaskFilter{ShopID: shopID, FollowUpID: &id, Limit: 50})
	if err != nil {
		return nil, err
	}
	return &Detail{FollowUp: *f, History: h, Tasks: t}, nil
}

// Find returns a page of follow-ups, newest first.
func (s *Service) Find(ctx context.Context, f Filter) (*purna.Page[*FollowUp], error) {
	if f.Status != nil && !slices.Contains(Statuses, *f.Status) {
		return nil, fieldErr("status", "must be open, contacted, resolved or closed")
	}
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 25
	}
	items, next, total, err := s.store.FindFollowUps(ctx, f)
	if err != nil {
		return nil, err
	}
	if items == nil {
		items = []*FollowUp{}
	}
	return &purna.Page[*FollowUp]{Items: items, Next: next, Total: total}, nil
}

// Tasks returns tasks, soonest due first.
func (s *Service) Tasks(ctx context.Context, f TaskFilter) ([]*Task, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	return s.store.FindTasks(ctx, f)
}

// ActInput is what an action needs: the remedy for resolve, and a note.
type ActInput struct {
	Remedy Remedy `json:"remedy"`
	Note   string `json:"note"`
}

// Act does action to the follow-up. A move its status does not allow is
// ECONFLICT and changes nothing; EINVALID names the field.
func (s *Service) Act(ctx context.Context, shopID, id purna.ID, actor cases.Actor, action Action, in ActInput) (*FollowUp, error) {
	var p purna.Problems
	in.Note = strings.TrimSpace(in.Note)
	if utf8.RuneCountInString(in.Note) > 2000 {
		p.Add("note", "is longer than 2000 characters")
	}
	if _, ok := moves[action]; !ok {
		p.Add("action", "must be contact, resolve, close or reopen")
	}
	if action == Resolve && !slices.Contains(Remedies, in.Remedy) {
		p.Add("remedy", "must be replacement, return, coupon, apology or none")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	var out *FollowUp
	err := s.store.InTx(ctx, func(tx Tx) error {
		f, err := tx.FindFollowUpByID(ctx, shopID, id)
		if err != nil {
			return err
		}
		if err := s.apply(ctx, tx, f, actor, action, in, now); err != nil {
			return err
		}
		out = f
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (s *Service) apply(ctx context.Context, tx Tx, f *FollowUp, actor cases.Actor, action Action, in ActInput, now time.Time) error {
	to, ok := moves[action][f.Status]
	if !ok {
		return purna.Errorf(purna.ECONFLICT, "Follow-up %s is %s: it cannot be %s now.", f.Number, f.Status, pastTense(action))
	}
	from := f.Status
	f.Status, f.UpdatedAt, f.Seq = to, now, f.Seq+1
	switch action {
	case Contact:
		if f.FirstContactAt == nil {
			f.FirstContactAt = &now
		}
	case Resolve:
		f.Remedy, f.OutcomeNote, f.ResolvedAt = in.Remedy, in.Note, &now
	case Reopen:
		f.Remedy, f.ResolvedAt = "", nil
	}
	if err := tx.UpdateFollowUp(ctx, f); err != nil {
		return err
	}
	if err := tx.AddFollowUpEvent(ctx, &Event{ID: purna.NewID(now), ShopID: f.ShopID, FollowUpID: f.ID, Seq: f.Seq,
		Action: string(action), From: from, To: to, Actor: actor, Note: in.Note, CreatedAt: now}); err != nil {
		return err
	}
	_, err := tx.AppendEvents(ctx, []timeline.Event{f.event(actionEvents[action], string(action), now)})
	return err
}

func pastTense(a Action) string {
	return map[Action]string{Contact: "marked contacted", Resolve: "resolved", Close: "closed", Reopen: "reopened"}[a]
}

// CompleteInput is how a call went.
type CompleteInput struct {
	Outcome CallOutcome `json:"outcome"`
	Note    string      `json:"note"`
}

// CompleteTask records a call. A call that reached the customer is the
// follow-up's contact, in the same transaction. ECONFLICT when the task
// was done already (a double click changes nothing).
func (s *Service) CompleteTask(ctx context.Context, shopID, taskID purna.ID, actor cases.Actor, in CompleteInput) (*Task, error) {
	var p purna.Problems
	if !slices.Contains(CallOutcomes, in.Outcome) {
		p.Add("outcome", "must be reached, no_answer, left_message or wrong_number")
	}
	in.Note = strings.TrimSpace(in.Note)
	if utf8.RuneCountInString(in.Note) > 2000 {
		p.Add("note", "is longer than 2000 characters")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	var out *Task
	err := s.store.InTx(ctx, func(tx Tx) error {
		t, err := tx.FindTaskByID(ctx, shopID, taskID)
		if err != nil {
			return err
		}
		if t.Status == TaskDone {
			return purna.Errorf(purna.ECONFLICT, "This call was recorded already.")
		}
		t.Status, t.Outcome, t.Note, t.DoneAt, t.DoneBy = TaskDone, in.Outcome, in.Note, &now, cmp.Or(actor.ID, string(actor.Role))
		if err := tx.CompleteTask(ctx, t); err != nil {
			return err
		}
		out = t
		if in.Outcome != Reached || t.FollowUpID == nil {
			return nil
		}
		f, err := tx.FindFollowUpByID(ctx, shopID, *t.FollowUpID)
		if err != nil {
			return err
		}
		if _, ok := moves[Contact][f.Status]; !ok {
			return nil
		}
		note := "Call: reached"
		if in.Note != "" {
			note += ". " + in.Note
		}
		return s.apply(ctx, tx, f, actor, Contact, ActInput{Note: note}, now)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func fieldErr(field, msg string) error {
	return &purna.Error{Code: purna.EINVALID, Message: "Some fields are not valid.", Fields: map[string]string{field: msg}}
}
