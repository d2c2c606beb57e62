package followup

import (
	"context"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/timeline"
)

// Store is what follow-ups need from storage. sqlstore.FollowUps
// implements it.
type Store interface {
	// InTx runs fn in one transaction.
	InTx(ctx context.Context, fn func(Tx) error) error
	// FindFollowUpByID returns ENOTFOUND.
	FindFollowUpByID(ctx context.Context, shopID, id purna.ID) (*FollowUp, error)
	// FindFollowUps returns a page, newest first, the next cursor and how
	// many match in all.
	FindFollowUps(ctx context.Context, f Filter) ([]*FollowUp, string, int, error)
	// FindFollowUpEvents returns a follow-up's history, oldest first.
	FindFollowUpEvents(ctx context.Context, shopID, id purna.ID) ([]*Event, error)
	// FindTasks returns tasks, soonest due first.
	FindTasks(ctx context.Context, f TaskFilter) ([]*Task, error)
	// FindOutcomes returns what happened after each follow-up opened in
	// [from, to), for Stats.
	FindOutcomes(ctx context.Context, shopID purna.ID, from, to time.Time) ([]Outcome, error)
}

// Tx is Store inside one transaction.
type Tx interface {
	// FindFollowUpBySource returns the follow-up an answer or review
	// opened. ENOTFOUND.
	FindFollowUpBySource(ctx context.Context, shopID purna.ID, source Source, sourceID purna.ID) (*FollowUp, error)
	FindFollowUpByID(ctx context.Context, shopID, id purna.ID) (*FollowUp, error)
	// NextCaseNumber is the shop's next case number, shared with cases.
	NextCaseNumber(ctx context.Context, shopID purna.ID) (int64, error)
	CreateFollowUp(ctx context.Context, f *FollowUp) error
	// UpdateFollowUp saves f if its seq is still seq-1; ECONFLICT when
	// someone changed it meanwhile.
	UpdateFollowUp(ctx context.Context, f *FollowUp) error
	AddFollowUpEvent(ctx context.Context, e *Event) error
	CreateTask(ctx context.Context, t *Task) error
	// FindTaskByID returns ENOTFOUND.
	FindTaskByID(ctx context.Context, shopID, id purna.ID) (*Task, error)
	// CompleteTask marks an open task done; ECONFLICT when it was done.
	CompleteTask(ctx context.Context, t *Task) error
	AppendEvents(ctx context.Context, events []timeline.Event) ([]timeline.Event, error)
}

// Outcome is what became of one follow-up, for Stats.
type Outcome struct {
	Trigger        string
	Score          int
	Status         Status
	Remedy         Remedy
	CreatedAt      time.Time
	FirstContactAt *time.Time
	ResolvedAt     *time.Time
	// LaterScore is the customer's next answer of the same kind after
	// the follow-up opened (nil if none); Reordered whether they placed an
	// order since.
	LaterScore *int
	Reordered  bool
}
