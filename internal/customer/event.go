package customer

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/timeline"
)

// EventInput is something that happened to a customer in the merchant's own
// systems ("subscription.renewed", "store.visited"), posted to the timeline
// so journeys can react to it.
type EventInput struct {
	// Type names the event: lower-case words joined by dots.
	Type string `json:"type"`
	// CustomerID or Email says whose timeline it goes on.
	CustomerID purna.ID `json:"customer_id,omitempty"`
	Email      string   `json:"email,omitempty"`
	// OccurredAt defaults to now.
	OccurredAt *time.Time `json:"occurred_at,omitempty"`
	// ExternalID makes posting the same event twice harmless: an event
	// with a type and external ID the shop already has is not added again.
	ExternalID string          `json:"external_id,omitempty"`
	Data       json.RawMessage `json:"data,omitempty"`
}

var eventType = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$`)

// reservedPrefixes are the event families Purna itself writes.
var reservedPrefixes = []string{"order.", "shipment.", "customer.", "consent.", "message.", "case.",
	"return.", "exchange.", "replacement.", "claim.", "repair.", "maintenance.", "warranty."}

// RecordEvent puts a merchant's event on the customer's timeline and returns
// it, with false when it was already there. EINVALID, ENOTFOUND.
func (s *Service) RecordEvent(ctx context.Context, shopID purna.ID, in EventInput) (*timeline.Event, bool, error) {
	now := s.clock.Now()
	var p purna.Problems
	in.Type = strings.TrimSpace(in.Type)
	switch {
	case !eventType.MatchString(in.Type) || len(in.Type) > 64:
		p.Add("type", "must be lower-case words joined by dots, such as subscription.renewed (at most 64 characters)")
	default:
		for _, r := range reservedPrefixes {
			if strings.HasPrefix(in.Type, r) {
				p.Add("type", "starts with "+r+", which Purna itself writes; choose another name")
			}
		}
	}
	if in.CustomerID == "" && strings.TrimSpace(in.Email) == "" {
		p.Add("customer_id", "customer_id or email is required")
	}
	if in.Email != "" {
		e, err := purna.NormalizeEmail(in.Email)
		if err != nil {
			p.Add("email", err.Error())
		}
		in.Email = e
	}
	at := now
	if in.OccurredAt != nil {
		at = in.OccurredAt.UTC()
		if at.After(now.Add(24 * time.Hour)) {
			p.Add("occurred_at", "is in the future")
		}
	}
	if len(in.ExternalID) > 200 {
		p.Add("external_id", "is longer than 200 characters")
	}
	if len(in.Data) == 0 {
		in.Data = json.RawMessage(`{}`)
	} else if len(in.Data) > 16<<10 {
		p.Add("data", "is larger than 16 KiB")
	} else if d := strings.TrimSpace(string(in.Data)); !strings.HasPrefix(d, "{") {
		p.Add("data", "must be a JSON object")
	}
	if err := p.Err(); err != nil {
		return nil, false, err
	}

	var ev *timeline.Event
	created := false
	err := s.store.InTx(ctx, func(tx Tx) error {
		var c *Customer
		var err error
		if in.CustomerID != "" {
			c, err = s.store.FindCustomerByID(ctx, shopID, in.CustomerID)
		} else {
			c, err = tx.FindCustomerByEmail(ctx, shopID, in.Email)
		}
		if purna.ErrorCode(err) == purna.ENOTFOUND {
			return &purna.Error{Code: purna.ENOTFOUND, Message: "No customer matches.",
				Fields: map[string]string{"customer_id": "no customer of this shop has this ID or email"}}
		} else if err != nil {
			return err
		}
		id := purna.NewID(now)
		key := "custom:" + in.Type + ":" + id
		if in.ExternalID != "" {
			key = "custom:" + in.Type + ":" + in.ExternalID
		}
		e := timeline.Event{ID: id, ShopID: shopID, CustomerID: &c.ID, Type: timeline.Type(in.Type), OccurredAt: at,
			Data: in.Data, DedupeKey: key, CreatedAt: now}
		fresh, err := tx.AppendEvents(ctx, []timeline.Event{e})
		if err != nil {
			return err
		}
		created = len(fresh) == 1
		ev = &e
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	return ev, created, nil
}
