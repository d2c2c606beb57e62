package journey

import (
	"context"
	"encoding/json"
	"time"

	"github.com/purnajual/purna/internal/timeline"
)

// Timeline events of what providers report after they took a message.
const (
	MessageDelivered timeline.Type = "message.delivered"
	MessageRead      timeline.Type = "message.read"
)

// ProviderStatus is what a channel's provider reports about a message it
// took: WhatsApp's delivered, read or failed callbacks.
type ProviderStatus struct {
	ProviderID string
	Status     string // delivered, read or failed
	At         time.Time
	Detail     string // why it failed
}

// RecordStatuses puts providers' reports on the customers' timelines. A
// failed report fails the message (it was accepted, then not delivered).
// Reports of unknown messages (another installation's) are ignored, and a
// report seen before changes nothing (its event's dedupe key).
func (e *Engine) RecordStatuses(ctx context.Context, channel string, sts []ProviderStatus) error {
	ids := make([]string, 0, len(sts))
	for _, s := range sts {
		ids = append(ids, s.ProviderID)
	}
	msgs, err := e.Store.FindMessagesByProvider(ctx, channel, ids)
	if err != nil || len(msgs) == 0 {
		return err
	}
	byProvider := make(map[string]*Message, len(msgs))
	for _, m := range msgs {
		byProvider[m.ProviderID] = m
	}
	now := e.Clock.Now()
	var o Outcomes
	for _, s := range sts {
		m := byProvider[s.ProviderID]
		if m == nil {
			continue
		}
		at := s.At
		if at.IsZero() {
			at = now
		}
		switch s.Status {
		case "delivered", "read":
			t := MessageDelivered
			if s.Status == "read" {
				t = MessageRead
			}
			data, _ := json.Marshal(map[string]any{"message_id": m.ID, "template": m.Template, "channel": m.Channel})
			o.events = append(o.events, timeline.Event{ShopID: m.ShopID, CustomerID: &m.CustomerID, OrderID: m.OrderID,
				Type: t, OccurredAt: at, Data: data, DedupeKey: string(t) + ":" + m.ID})
		case "failed":
			if m.Status == Failed {
				continue
			}
			o.add(m, Failed, "the provider could not deliver it: "+s.Detail, MessageFailed, now)
		}
	}
	if len(o.msgs) == 0 && len(o.events) == 0 {
		return nil
	}
	return e.Store.FinishMessages(ctx, o)
}
