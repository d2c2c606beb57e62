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
// warranty or maintenance reminder and its date, or the service case of a
// case update, from the event that started the journey.
type Facts struct {
	ProductID      *purna.ID  `json:"product_id,omitempty"`
	WarrantyEnds   *time.Time `json:"warranty_ends_at,omitempty"`
	MaintenanceDue *time.Time `json:"maintenance_due_at,omitempty"`
	// Case is the service case a case event told of, as it stood then.
	Case *CaseFacts `json:"case,omitempty"`
	// Reminder marks the second send of a message in one run: a survey
	// or review request to someone who has not answered yet.
	Reminder bool `json:"reminder,omitempty"`
	// ReviewReply is the shop's reply to a review, from review.replied.
	ReviewReply *ReviewReplyFacts `json:"review_reply,omitempty"`
	// ProductIDs are the products a review request asks about, from
	// review.due; nil asks about the order's.
	ProductIDs []purna.ID `json:"product_ids,omitempty"`
}

// ReviewReplyFacts are a review.replied event's data: the review and the
// shop's reply as they were then.
type ReviewReplyFacts struct {
	ReviewID purna.ID `json:"review_id"`
	Rating   int      `json:"rating"`
	Review   string   `json:"body"`
	Reply    string   `json:"reply"`
	Public   bool     `json:"public"`
}

// CaseFacts are a case event's data (package cases writes it): the case
// at the moment of the event, so a message says what happened then even
// when the case moved on before it was sent.
type CaseFacts struct {
	ID         purna.ID     `json:"case_id"`
	Number     string       `json:"number"`
	Kind       string       `json:"kind"`
	Status     string       `json:"status"`
	Action     string       `json:"action"`
	Resolution string       `json:"resolution,omitempty"`
	Amount     *purna.Money `json:"amount,omitempty"`
	Lines      []CaseLine   `json:"lines,omitempty"`
	// Reason is the shop's words to the customer with the step (why a
	// request was rejected), when the event carries them.
	Reason string `json:"reason,omitempty"`
	// Tracking is the parcel's tracking number when an item was shipped.
	Tracking string `json:"tracking,omitempty"`
	// Repair and Booking are the quote and the visit, when the event
	// carries them.
	Repair  *CaseRepair  `json:"repair,omitempty"`
	Booking *CaseBooking `json:"booking,omitempty"`
}

// CaseLine is one item of a case.
type CaseLine struct {
	OrderLineID    *purna.ID `json:"order_line_id,omitempty"`
	RegistrationID *purna.ID `json:"registration_id,omitempty"`
	ProductID      *purna.ID `json:"product_id,omitempty"`
	Quantity       int64     `json:"quantity"`
}

// CaseRepair is a repair's parts and labour, in minor units of Currency.
type CaseRepair struct {
	InWarranty bool `json:"in_warranty"`
	Parts      []struct {
		Name      string `json:"name,omitempty"`
		Quantity  int64  `json:"quantity"`
		UnitPrice int64  `json:"unit_price"`
	} `json:"parts,omitempty"`
	LabourMinutes int64  `json:"labour_minutes"`
	LabourRate    int64  `json:"labour_rate"`
	Currency      string `json:"currency"`
	Total         int64  `json:"total"`
}

// CaseBooking is a maintenance visit.
type CaseBooking struct {
	Location string    `json:"location"`
	StartsAt time.Time `json:"starts_at"`
}

// factsOf reads the facts a triggering event carries.
func factsOf(data json.RawMessage) Facts {
	var d struct {
		ProductID      string    `json:"product_id"`
		WarrantyEnds   time.Time `json:"warranty_ends_at"`
		MaintenanceDue time.Time `json:"due_at"`
		CaseFacts
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
	var due struct {
		ProductIDs []purna.ID `json:"product_ids"`
	}
	if json.Unmarshal(data, &due) == nil && len(due.ProductIDs) > 0 {
		f.ProductIDs = due.ProductIDs
	}
	var rr ReviewReplyFacts
	if json.Unmarshal(data, &rr) == nil && rr.Reply != "" && purna.ValidID(rr.ReviewID) {
		f.ReviewReply = &rr
	}
	if d.CaseFacts.ID != "" {
		c := d.CaseFacts
		f.Case = &c
		// A case's first product is the one its messages name when the
		// order does not (items bought elsewhere).
		for _, l := range c.Lines {
			if f.ProductID == nil && l.ProductID != nil && purna.ValidID(*l.ProductID) {
				f.ProductID = l.ProductID
			}
		}
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
