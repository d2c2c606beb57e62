package journey

import (
	"context"
	"strings"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/timeline"
)

// Service manages a shop's journeys for the API and the UI.
type Service struct {
	store Store
	clock purna.Clock
}

// NewService returns a Service on store.
func NewService(store Store, clock purna.Clock) *Service {
	return &Service{store: store, clock: clock}
}

// Input creates a journey.
type Input struct {
	// Key names the journey in the shop; it defaults to one made from the
	// name.
	Key        string          `json:"key,omitempty"`
	Name       string          `json:"name"`
	Status     Status          `json:"status,omitempty"`
	Kind       Kind            `json:"kind"`
	Trigger    timeline.Type   `json:"trigger"`
	Triggers   []timeline.Type `json:"triggers,omitempty"`
	Conditions Conditions      `json:"conditions,omitempty"`
	Steps      []Step          `json:"steps"`
	ExitOn     []timeline.Type `json:"exit_on,omitempty"`
	Reentry    Reentry         `json:"reentry,omitempty"`
}

// Update changes a journey; nil fields stay as they are.
type Update struct {
	Name       *string          `json:"name,omitempty"`
	Status     *Status          `json:"status,omitempty"`
	Conditions *Conditions      `json:"conditions,omitempty"`
	Steps      *[]Step          `json:"steps,omitempty"`
	ExitOn     *[]timeline.Type `json:"exit_on,omitempty"`
	Reentry    *Reentry         `json:"reentry,omitempty"`
}

// Find returns the shop's journeys.
func (s *Service) Find(ctx context.Context, shopID purna.ID) ([]*Journey, error) {
	js, err := s.store.FindJourneys(ctx, shopID)
	if js == nil {
		js = []*Journey{}
	}
	return js, err
}

// FindByID returns one journey. ENOTFOUND.
func (s *Service) FindByID(ctx context.Context, shopID, id purna.ID) (*Journey, error) {
	return s.store.FindJourneyByID(ctx, shopID, id)
}

// Create adds a journey. EINVALID, ECONFLICT when the key is taken.
func (s *Service) Create(ctx context.Context, shopID purna.ID, in Input) (*Journey, error) {
	now := s.clock.Now()
	j := &Journey{ID: purna.NewID(now), ShopID: shopID, Key: strings.TrimSpace(in.Key), Name: in.Name, Status: in.Status,
		Kind: in.Kind, Trigger: in.Trigger, Triggers: in.Triggers, Conditions: in.Conditions, Steps: in.Steps, ExitOn: in.ExitOn,
		Reentry: in.Reentry, CreatedAt: now, UpdatedAt: now}
	if j.Key == "" {
		j.Key = "custom_" + strings.ToLower(j.ID)
	}
	if err := j.Validate(); err != nil {
		return nil, err
	}
	existing, err := s.store.FindJourneys(ctx, shopID)
	if err != nil {
		return nil, err
	}
	for _, e := range existing {
		if e.Key == j.Key {
			return nil, &purna.Error{Code: purna.ECONFLICT, Message: "A journey with this key exists.",
				Fields: map[string]string{"key": "is taken by another journey"}}
		}
	}
	if err := s.store.SaveJourney(ctx, j); err != nil {
		return nil, err
	}
	return j, nil
}

// Update changes a journey: rename it, pause or resume it, or change its
// steps. Runs already under way keep their place (their step number).
// ENOTFOUND, EINVALID.
func (s *Service) Update(ctx context.Context, shopID, id purna.ID, u Update) (*Journey, error) {
	j, err := s.store.FindJourneyByID(ctx, shopID, id)
	if err != nil {
		return nil, err
	}
	if u.Name != nil {
		j.Name = *u.Name
	}
	if u.Status != nil {
		j.Status = *u.Status
	}
	if u.Conditions != nil {
		j.Conditions = *u.Conditions
	}
	if u.Steps != nil {
		j.Steps = *u.Steps
	}
	if u.ExitOn != nil {
		j.ExitOn = *u.ExitOn
	}
	if u.Reentry != nil {
		j.Reentry = *u.Reentry
	}
	if err := j.Validate(); err != nil {
		return nil, err
	}
	j.UpdatedAt = s.clock.Now()
	if err := s.store.SaveJourney(ctx, j); err != nil {
		return nil, err
	}
	return j, nil
}
