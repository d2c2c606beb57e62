package journey

import (
	"encoding/json"
	"time"

	"github.com/purnajual/purna"
)

// RunStatus is where one customer is in one journey.
type RunStatus string

// The run statuses.
const (
	Waiting RunStatus = "waiting" // due at NextAt
	Done    RunStatus = "done"
	Exited  RunStatus = "exited" // an exit event ended it
)

// Run is one customer's way through one journey, started by one event.
type Run struct {
	ID         purna.ID  `json:"id"`
	ShopID     purna.ID  `json:"-"`
	JourneyID  purna.ID  `json:"journey_id"`
	CustomerID purna.ID  `json:"customer_id"`
	OrderID    *purna.ID `json:"order_id,omitempty"`
	EventID    purna.ID  `json:"event_id"`
	// Subject is what re-entry counts on: the order, the customer or the
	// event. (journey, subject) is unique.
	Subject string    `json:"-"`
	Step    int       `json:"step"`
	Status  RunStatus `json:"status"`
	// NextAt is when the next step is due; the base for a following wait.
	NextAt *time.Time `json:"next_at,omitempty"`
	// EventAt and EventData are the trigger's time and data, for anchors.
	EventAt   time.Time       `json:"event_at"`
	EventData json.RawMessage `json:"-"`
	CreatedAt time.Time       `json:"created_at"`
	UpdatedAt time.Time       `json:"updated_at"`
}

// MessageStatus is where a message stands. The path is queued → sending →
// sent, failed or unknown; skipped never leaves.
type MessageStatus string

// The message statuses.
const (
	Queued  MessageStatus = "queued"
	Sending MessageStatus = "sending"
	Sent    MessageStatus = "sent"
	Failed  MessageStatus = "failed"
	Skipped MessageStatus = "skipped"
	// Unknown is a message whose send started but whose outcome was never
	// recorded (the process died mid-send). It is shown, never resent: a
	// customer must not get the same message twice.
	Unknown MessageStatus = "unknown"
)

// Message is one message to one customer: the outbox row.
type Message struct {
	ID         purna.ID  `json:"id"`
	ShopID     purna.ID  `json:"-"`
	CustomerID purna.ID  `json:"customer_id"`
	OrderID    *purna.ID `json:"order_id,omitempty"`
	RunID      *purna.ID `json:"run_id,omitempty"`
	Step       int       `json:"step"`
	Channel    string    `json:"channel"`
	Template   string    `json:"template"`
	Kind       Kind      `json:"kind"`
	// Facts is what the message is about beyond its order.
	Facts Facts `json:"facts"`
	// QuietHours is true for messages that may wait for morning: marketing,
	// and follow-ups that come after a wait. A confirmation or a shipping
	// update answers something that just happened and goes at once.
	QuietHours bool          `json:"quiet_hours"`
	Recipient  string        `json:"recipient"`
	Subject    string        `json:"subject"`
	Status     MessageStatus `json:"status"`
	Reason     string        `json:"reason,omitempty"`
	Attempts   int           `json:"attempts"`
	// ProviderID is the channel provider's ID for the message (WhatsApp's
	// wamid), which its status callbacks name.
	ProviderID string     `json:"provider_id,omitempty"`
	DueAt      time.Time  `json:"due_at"`
	SentAt     *time.Time `json:"sent_at,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
}

// Facts is what a message is about beyond its order: the product of a
// warranty or maintenance reminder and its date, from the event that
// started the journey.
type Facts struct {
	ProductID      *purna.ID  `json:"product_id,omitempty"`
	WarrantyEnds   *time.Time `json:"warranty_ends_at,omitempty"`
	MaintenanceDue *time.Time `json:"maintenance_due_at,omitempty"`
}

// factsOf reads the facts a triggering event carries.
func factsOf(data json.RawMessage) Facts {
	var d struct {
		ProductID      string    `json:"product_id"`
		WarrantyEnds   time.Time `json:"warranty_ends_at"`
		MaintenanceDue time.Time `json:"due_at"`
	}
	var f Facts
	if json.Unmarshal(data, &d) != nil {
		return f
	}
	if purna.ValidID(d.ProductID) {
		f.ProductID = &d.ProductID
	}
	if !d.WarrantyEnds.IsZero() {
		f.WarrantyEnds = &d.WarrantyEnds
	}
	if !d.MaintenanceDue.IsZero() {
		f.MaintenanceDue = &d.MaintenanceDue
	}
	return f
}

// MessageFilter selects outbox messages, newest first.
type MessageFilter struct {
	ShopID     purna.ID
	CustomerID *purna.ID
	Status     *MessageStatus
	Cursor     string
	Limit      int
}
