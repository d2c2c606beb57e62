package customer

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/timeline"
)

// Upsert is UpsertAt with the events dated now.
func Upsert(ctx context.Context, tx Tx, shopID purna.ID, in Input, now time.Time) (*Customer, []timeline.Event, error) {
	return UpsertAt(ctx, tx, shopID, in, now, now)
}

// UpsertAt finds the customer in describes, or creates one, and merges what in
// says into the record. A customer is matched first by the source's own ID,
// then by email, then by phone, so that one person keeps one timeline across
// stores. in must be normalised. It returns the customer and the timeline
// events the change produced (not yet appended), dated at: when the
// customer first appeared (an order's placed time) or now.
func UpsertAt(ctx context.Context, tx Tx, shopID purna.ID, in Input, now, at time.Time) (*Customer, []timeline.Event, error) {
	c, err := match(ctx, tx, shopID, in)
	if err != nil {
		return nil, nil, err
	}
	var events []timeline.Event
	if c == nil {
		c = &Customer{ID: purna.NewID(now), ShopID: shopID, CreatedAt: now, UpdatedAt: now}
		merge(c, in)
		if err := tx.CreateCustomer(ctx, c); err != nil {
			return nil, nil, fmt.Errorf("customer: create: %w", err)
		}
		events = append(events, timeline.Event{
			ShopID: shopID, CustomerID: &c.ID, Type: timeline.CustomerCreated, OccurredAt: at,
			DedupeKey: "customer.created:" + c.ID, Data: json.RawMessage(`{}`),
		})
	} else if merge(c, in) {
		c.UpdatedAt = now
		if err := tx.UpdateCustomer(ctx, c); err != nil {
			return nil, nil, fmt.Errorf("customer: update %s: %w", c.ID, err)
		}
	}
	if in.ExternalID != "" {
		if err := tx.AddCustomerRef(ctx, shopID, in.Source, in.ExternalID, c.ID); err != nil {
			return nil, nil, fmt.Errorf("customer: add ref: %w", err)
		}
	}
	for _, ch := range []Channel{Email, SMS, WhatsApp} {
		granted, ok := in.Consent[ch]
		if !ok {
			continue
		}
		i := slices.IndexFunc(c.Consents, func(x Consent) bool { return x.Channel == ch })
		if i >= 0 && c.Consents[i].Granted == granted {
			continue
		}
		src := in.ConsentSource
		if src == "" {
			src = in.Source
		}
		if src == "" {
			src = "api"
		}
		cons := Consent{Channel: ch, Granted: granted, Source: src, UpdatedAt: at}
		if err := tx.SaveConsent(ctx, shopID, c.ID, cons); err != nil {
			return nil, nil, fmt.Errorf("customer: save consent: %w", err)
		}
		if i >= 0 {
			c.Consents[i] = cons
		} else {
			c.Consents = append(c.Consents, cons)
		}
		data, _ := json.Marshal(cons)
		id := purna.NewID(now)
		events = append(events, timeline.Event{
			ID: id, ShopID: shopID, CustomerID: &c.ID, Type: timeline.ConsentChanged, OccurredAt: at,
			DedupeKey: "consent.changed:" + id, Data: data,
		})
	}
	return c, events, nil
}

func match(ctx context.Context, tx Tx, shopID purna.ID, in Input) (*Customer, error) {
	try := func(c *Customer, err error) (*Customer, bool, error) {
		if purna.ErrorCode(err) == purna.ENOTFOUND {
			return nil, false, nil
		} else if err != nil {
			return nil, false, err
		}
		return c, true, nil
	}
	if in.ExternalID != "" {
		if c, ok, err := try(tx.FindCustomerByRef(ctx, shopID, in.Source, in.ExternalID)); ok || err != nil {
			return c, err
		}
	}
	if in.Email != "" {
		if c, ok, err := try(tx.FindCustomerByEmail(ctx, shopID, in.Email)); ok || err != nil {
			return c, err
		}
	}
	if in.Phone != "" {
		if c, ok, err := try(tx.FindCustomerByPhone(ctx, shopID, in.Phone)); ok || err != nil {
			return c, err
		}
	}
	return nil, nil
}

// merge copies what in knows into c and reports whether c changed. Names and
// places follow the newest input; an email or phone is only filled in, never
// replaced, because another record may be matched on it.
func merge(c *Customer, in Input) bool {
	changed := false
	set := func(dst *string, v string) {
		if v != "" && *dst != v {
			*dst = v
			changed = true
		}
	}
	set(&c.FirstName, in.FirstName)
	set(&c.LastName, in.LastName)
	set(&c.Locale, in.Locale)
	set(&c.Timezone, in.Timezone)
	set(&c.City, in.City)
	set(&c.Province, in.Province)
	set(&c.Country, in.Country)
	if c.Email == nil && in.Email != "" {
		e := in.Email
		c.Email = &e
		changed = true
	}
	if c.Phone == nil && in.Phone != "" {
		p := in.Phone
		c.Phone = &p
		changed = true
	}
	return changed
}
