package webhook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/timeline"
)

// DeliveryStatus is where a delivery stands.
type DeliveryStatus string

// The statuses of a delivery.
const (
	// Pending deliveries are waiting for their first or next attempt.
	Pending DeliveryStatus = "pending"
	// Delivered: the endpoint answered 2xx.
	Delivered DeliveryStatus = "delivered"
	// Failed deliveries are not tried again: attempts ran out, the endpoint
	// answered 410 Gone, or it was disabled.
	Failed DeliveryStatus = "failed"
)

// DeliveryStatuses lists the statuses, for the API's filter.
var DeliveryStatuses = []DeliveryStatus{Pending, Delivered, Failed}

// TestType is the type of the events "send a test event" sends. Every
// endpoint gets them, whatever it subscribes to.
const TestType timeline.Type = "webhook.test"

// Delivery is one event on its way to one endpoint, with all its attempts.
type Delivery struct {
	// ID is sent as webhook-id, the same on every attempt.
	ID         purna.ID      `json:"id"`
	ShopID     purna.ID      `json:"-"`
	EndpointID purna.ID      `json:"endpoint_id"`
	EventID    purna.ID      `json:"event_id"`
	Type       timeline.Type `json:"type"`
	// Payload is the exact body sent (and signed) on every attempt.
	Payload  json.RawMessage `json:"payload"`
	Status   DeliveryStatus  `json:"status"`
	Attempts int             `json:"attempts"`
	// LastStatus is the HTTP status of the last answer; 0 when the last
	// attempt got none (timeout, refused connection).
	LastStatus int    `json:"last_status,omitempty"`
	LastError  string `json:"last_error,omitempty"`
	// NextAt is when a pending delivery is tried next.
	NextAt      *time.Time `json:"next_at,omitempty"`
	DeliveredAt *time.Time `json:"delivered_at,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// DeliveryFilter selects an endpoint's deliveries, newest first.
type DeliveryFilter struct {
	ShopID     purna.ID
	EndpointID purna.ID
	Status     *DeliveryStatus
	// Cursor is opaque, from the previous page.
	Cursor string
	Limit  int
}

// DeliverArgs is the job that makes a delivery's attempts. It is enqueued
// in the transaction that records the delivery.
type DeliverArgs struct {
	ShopID     purna.ID `json:"shop_id"`
	DeliveryID purna.ID `json:"delivery_id"`
}

// Kind names the job.
func (DeliverArgs) Kind() string { return "webhook.deliver" }

// envelope is the body of every request: the Standard Webhooks payload
// shape.
type envelope struct {
	Type      timeline.Type   `json:"type"`
	Timestamp string          `json:"timestamp"`
	Data      json.RawMessage `json:"data"`
}

// Payload returns the body sent for ev: its type, when it happened (RFC
// 3339), and its data with the IDs of the event, customer and order added
// (event_id, customer_id, order_id). Data that is not a JSON object is put
// under "value".
func Payload(ev timeline.Event) ([]byte, error) {
	data := map[string]json.RawMessage{}
	raw := bytes.TrimSpace(ev.Data)
	switch {
	case len(raw) == 0 || bytes.Equal(raw, []byte("null")):
	case raw[0] == '{':
		if err := json.Unmarshal(raw, &data); err != nil {
			return nil, fmt.Errorf("webhook: event %s data: %w", ev.ID, err)
		}
	default:
		data["value"] = json.RawMessage(raw)
	}
	data["event_id"] = mustJSON(ev.ID)
	if ev.CustomerID != nil {
		data["customer_id"] = mustJSON(*ev.CustomerID)
	}
	if ev.OrderID != nil {
		data["order_id"] = mustJSON(*ev.OrderID)
	}
	return json.Marshal(envelope{Type: ev.Type, Timestamp: ev.OccurredAt.UTC().Format(time.RFC3339), Data: mustJSON(data)})
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("webhook: marshal %T: %v", v, err)) // only strings and raw JSON go here
	}
	return b
}
