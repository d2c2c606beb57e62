package journey

import (
	"context"
	"time"

	"github.com/purnajual/purna"
)

// Store is what journeys need from storage. sqlstore.Journeys implements it.
type Store interface {
	// SaveJourney creates or updates the journey with j.Key in its shop.
	SaveJourney(ctx context.Context, j *Journey) error
	// FindJourneys returns a shop's journeys, by name.
	FindJourneys(ctx context.Context, shopID purna.ID) ([]*Journey, error)
	// FindJourneyByID returns ENOTFOUND.
	FindJourneyByID(ctx context.Context, shopID, id purna.ID) (*Journey, error)

	// CreateRun starts r unless the journey already has a run for
	// r.Subject; it reports whether it did.
	CreateRun(ctx context.Context, r *Run) (bool, error)
	// ExitRuns ends the customer's waiting runs in the given journeys.
	ExitRuns(ctx context.Context, shopID, customerID purna.ID, journeyIDs []purna.ID, now time.Time) (int, error)
	// DueRuns returns waiting runs of active journeys due at now, oldest
	// first.
	DueRuns(ctx context.Context, now time.Time, limit int) ([]*Run, error)
	// AdvanceRun saves r's step, status and next time, and adds msgs, in one
	// transaction.
	AdvanceRun(ctx context.Context, r *Run, msgs []*Message) error

	// DueMessages returns queued messages due at now, oldest first (by due
	// time, then ID), after the given one when it is not nil.
	DueMessages(ctx context.Context, now time.Time, after *Message, limit int) ([]*Message, error)
	// ClaimMessages moves the queued messages among ids to sending and
	// commits, so that a crash after it can never send them again. It
	// returns the IDs it moved; a message no longer queued is left out.
	ClaimMessages(ctx context.Context, ids []purna.ID, now time.Time) (map[purna.ID]bool, error)
	// FinishMessages records the messages' states, their events on the
	// customers' timelines and the addresses to suppress, in one
	// transaction.
	FinishMessages(ctx context.Context, o Outcomes) error
	// FindMessagesByProvider returns the messages on channel with these
	// provider IDs, in any shop.
	FindMessagesByProvider(ctx context.Context, channel string, providerIDs []string) ([]*Message, error)
	// SaveSuppression adds an address to the suppression list.
	SaveSuppression(ctx context.Context, s *Suppression) error
	// DeleteSuppression takes it off again; ENOTFOUND.
	DeleteSuppression(ctx context.Context, shopID purna.ID, channel, address string) error
	// FindSuppressions returns a page of the list, the next cursor and how
	// many the filter matches in all.
	FindSuppressions(ctx context.Context, f SuppressionFilter) ([]*Suppression, string, int, error)
	// FindSuppressed returns which of the addresses are suppressed on the
	// channel, and why.
	FindSuppressed(ctx context.Context, shopID purna.ID, channel string, addresses []string) (map[string]SuppressReason, error)
	// MarkStaleSending turns messages left in sending since before into
	// unknown, with a timeline event each, and returns how many.
	MarkStaleSending(ctx context.Context, before, now time.Time) (int, error)
	// CountSent counts the customer's messages of kind on channel sent since.
	CountSent(ctx context.Context, shopID, customerID purna.ID, channel string, kind Kind, since time.Time) (int, error)
	// FindMessages returns a page of the outbox, newest first.
	FindMessages(ctx context.Context, f MessageFilter) ([]*Message, string, error)
}
