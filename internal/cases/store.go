package cases

import (
	"context"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/policy"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/timeline"
)

// PolicyStore is what Policies needs from persistence. sqlstore.Cases
// implements it.
type PolicyStore interface {
	// FindShopByID returns ENOTFOUND.
	FindShopByID(ctx context.Context, id purna.ID) (*shop.Shop, error)
	// FindPolicy returns the shop's stored policy, ENOTFOUND if it has none.
	FindPolicy(ctx context.Context, shopID purna.ID) (*policy.Policy, error)
	// SavePolicy stores p as the shop's policy.
	SavePolicy(ctx context.Context, shopID purna.ID, p *policy.Policy, now time.Time) error
}

// Tx is what cases needs inside a transaction.
type Tx interface {
	// NextCaseNumber returns the shop's next case number (1001, 1002, …).
	NextCaseNumber(ctx context.Context, shopID purna.ID) (int64, error)
	// FindOpenCase returns an open case of kind on the order line or
	// registration item, ENOTFOUND if there is none.
	FindOpenCase(ctx context.Context, shopID purna.ID, kind Kind, item purna.ID) (*Case, error)
	// CreateCase inserts c with its lines. ECONFLICT if an open case of
	// the same kind already holds one of its items.
	CreateCase(ctx context.Context, c *Case) error
	// UpdateCase saves c's status, resolution, refund, repair, booking,
	// replacements, assignment and lines, if the stored case is still at
	// seq; ECONFLICT if it moved meanwhile. c.Seq is the new value.
	UpdateCase(ctx context.Context, c *Case, seq int) error
	// AddCaseHistory records a transition.
	AddCaseHistory(ctx context.Context, h *History) error
	// AddCaseNote inserts n.
	AddCaseNote(ctx context.Context, n *Note) error
	// CreateRegistration inserts r. ECONFLICT if its serial number is
	// registered already.
	CreateRegistration(ctx context.Context, r *Registration) error
	// CountBookings counts the open maintenance cases other than except
	// booked at b's location and start time. It locks the shop's bookings
	// until the transaction ends, so a count followed by a booking cannot
	// interleave with another's.
	CountBookings(ctx context.Context, shopID purna.ID, b Booking, except purna.ID) (int, error)
	// AppendEvents adds events to the timeline and returns the new ones.
	AppendEvents(ctx context.Context, events []timeline.Event) ([]timeline.Event, error)
}

// Store is what cases needs from persistence. sqlstore.Cases implements it.
type Store interface {
	PolicyStore
	// InTx runs fn in one transaction.
	InTx(ctx context.Context, fn func(Tx) error) error
	// FindOrderByID returns the order with its lines and shipments.
	// ENOTFOUND.
	FindOrderByID(ctx context.Context, shopID, id purna.ID) (*order.Order, error)
	// FindProductsByIDs returns the shop's products among ids.
	FindProductsByIDs(ctx context.Context, shopID purna.ID, ids []purna.ID) ([]*product.Product, error)
	// FindSpareParts returns the shop's products that are spare parts.
	FindSpareParts(ctx context.Context, shopID purna.ID) ([]*product.Product, error)
	// FindCaseByID returns the case with its lines. ENOTFOUND.
	FindCaseByID(ctx context.Context, shopID, id purna.ID) (*Case, error)
	// FindCases returns one page of cases with their lines, newest first,
	// and the next page's cursor.
	FindCases(ctx context.Context, f Filter) ([]*Case, string, error)
	// CountCases counts the cases matching f, ignoring its cursor.
	CountCases(ctx context.Context, f Filter) (int, error)
	// FindCasesByOrder returns every case on the order, oldest first.
	FindCasesByOrder(ctx context.Context, shopID, orderID purna.ID) ([]*Case, error)
	// FindNotes returns a case's notes, oldest first; only visible ones
	// when visibleOnly.
	FindNotes(ctx context.Context, shopID, caseID purna.ID, visibleOnly bool) ([]*Note, error)
	// FindHistory returns a case's transitions, oldest first.
	FindHistory(ctx context.Context, shopID, caseID purna.ID) ([]*History, error)
	// FindRegistrations returns registrations, oldest first.
	FindRegistrations(ctx context.Context, f RegistrationFilter) ([]*Registration, error)
	// FindBookings returns the bookings of the shop's open maintenance
	// cases at location starting in [from, to), by start time.
	FindBookings(ctx context.Context, shopID purna.ID, location string, from, to time.Time) ([]Booking, error)
	// IsMember reports whether the user works in the shop.
	IsMember(ctx context.Context, shopID, userID purna.ID) (bool, error)
	// CaseStats computes the figures of Stats in [from, to).
	CaseStats(ctx context.Context, shopID purna.ID, from, to time.Time) (*Stats, error)
}
