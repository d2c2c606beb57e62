package customer

import (
	"context"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/timeline"
)

// Tx is what customer needs from storage inside a transaction. sqlstore
// implements it.
type Tx interface {
	// FindCustomerByRef returns the customer a source knows by externalID.
	// ENOTFOUND.
	FindCustomerByRef(ctx context.Context, shopID purna.ID, source, externalID string) (*Customer, error)
	// FindCustomerByEmail matches a normalised email. ENOTFOUND.
	FindCustomerByEmail(ctx context.Context, shopID purna.ID, email string) (*Customer, error)
	// FindCustomerByPhone matches an E.164 phone, oldest customer first.
	// ENOTFOUND.
	FindCustomerByPhone(ctx context.Context, shopID purna.ID, phone string) (*Customer, error)
	CreateCustomer(ctx context.Context, c *Customer) error
	UpdateCustomer(ctx context.Context, c *Customer) error
	// AddCustomerRef links (source, externalID) to the customer; an
	// existing link is kept.
	AddCustomerRef(ctx context.Context, shopID purna.ID, source, externalID string, customerID purna.ID) error
	// SaveConsent stores c as the customer's consent on c.Channel.
	SaveConsent(ctx context.Context, shopID, customerID purna.ID, c Consent) error
	// AppendEvents adds events to the timeline and returns those that were
	// new (not already there by dedupe key).
	AppendEvents(ctx context.Context, events []timeline.Event) ([]timeline.Event, error)
}

// Store is what customer needs from storage.
type Store interface {
	// InTx runs fn in one transaction.
	InTx(ctx context.Context, fn func(Tx) error) error
	// FindCustomerByID returns ENOTFOUND if no such customer is in shopID.
	FindCustomerByID(ctx context.Context, shopID, id purna.ID) (*Customer, error)
	// FindCustomersByIDs returns the shop's customers among ids.
	FindCustomersByIDs(ctx context.Context, shopID purna.ID, ids []purna.ID) ([]*Customer, error)
	// FindCustomers returns one page of matches, newest first, and the next
	// page's cursor.
	FindCustomers(ctx context.Context, f Filter) ([]*Customer, string, error)
	// CountCustomers counts the customers matching f, ignoring its cursor.
	CountCustomers(ctx context.Context, f Filter) (int, error)
	// FindEvents returns timeline events, newest first.
	FindEvents(ctx context.Context, f timeline.Filter) ([]timeline.Event, string, error)
	// CountEvents counts the events matching f, ignoring its cursor.
	CountEvents(ctx context.Context, f timeline.Filter) (int, error)
}
