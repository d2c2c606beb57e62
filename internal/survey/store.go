package survey

import (
	"context"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/timeline"
)

// Store is what surveys need from storage. sqlstore.Surveys implements it.
type Store interface {
	// InTx runs fn in one transaction.
	InTx(ctx context.Context, fn func(Tx) error) error
	// FindResponse returns the customer's answer to kind about subject.
	// ENOTFOUND.
	FindResponse(ctx context.Context, shopID, customerID purna.ID, kind Kind, subject string) (*Response, error)
	// FindResponses returns a page of answers, newest first, the next
	// cursor, and how many match in all.
	FindResponses(ctx context.Context, f Filter) ([]*Response, string, int, error)
	// FindScores returns every answer f matches, oldest first, with what
	// results group them by. f's cursor and limit are ignored.
	FindScores(ctx context.Context, f Filter) ([]Scored, error)
	// CountScores counts the answers f matches by score. f's cursor and
	// limit are ignored.
	CountScores(ctx context.Context, f Filter) (map[int]int, error)
	// FindSettings returns the shop's survey settings; a shop without any
	// gets the zero Settings.
	FindSettings(ctx context.Context, shopID purna.ID) (*Settings, error)
	// SaveSettings stores the shop's settings.
	SaveSettings(ctx context.Context, shopID purna.ID, s *Settings, now time.Time) error
	// FindMessageJourney returns the journey of a message the shop sent,
	// nil when it came from none. ENOTFOUND.
	FindMessageJourney(ctx context.Context, shopID, messageID purna.ID) (*purna.ID, error)
	// FindOrderSource returns where the order came from. ENOTFOUND.
	FindOrderSource(ctx context.Context, shopID, orderID purna.ID) (string, error)
}

// Tx is Store inside one transaction.
type Tx interface {
	// FindResponseForUpdate is FindResponse, locking the row where the
	// database can.
	FindResponseForUpdate(ctx context.Context, shopID, customerID purna.ID, kind Kind, subject string) (*Response, error)
	// SaveResponse creates r, or updates the response with r's ID.
	SaveResponse(ctx context.Context, r *Response) error
	// AppendEvents adds events to timelines, dropping those whose dedupe
	// key is taken, and returns those it added.
	AppendEvents(ctx context.Context, events []timeline.Event) ([]timeline.Event, error)
}

// Filter selects answers.
type Filter struct {
	ShopID purna.ID
	Kind   *Kind
	// From and To bound when they were first given: From ≤ t < To.
	From, To   *time.Time
	CustomerID *purna.ID
	// Query matches the comment (verbatims search).
	Query string
	// WithComment keeps answers that have a comment.
	WithComment bool
	// Unhappy keeps the answers the shop must follow up.
	Unhappy bool
	Cursor  string
	Limit   int
}

// Scored is one answer with what results group it by.
type Scored struct {
	Kind      Kind
	Score     int
	At        time.Time
	Source    string
	JourneyID *purna.ID
	// Products are the order's products, with their categories.
	Products []ScoredProduct
}

// ScoredProduct is a product of a scored answer's order.
type ScoredProduct struct {
	ID       purna.ID
	Name     string
	Category string
}
