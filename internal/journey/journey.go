// Package journey is the shop talking to its customers after the sale
// without anyone pressing a button: a journey starts when something happens
// on a customer's timeline (an order is paid, a parcel is delivered), waits
// as long as it should, and sends the right message: thanks, where the
// parcel is, how to use the product, an apology when it is late.
//
// A journey's schedule lives in the database (journey_runs, messages), so it
// survives restarts and deploys; the engine's Tick advances what is due and
// Deliver sends what is due, both from jobs that River runs once across all
// purna processes. The engine reads time from a purna.Clock, so tests move
// the clock instead of sleeping.
package journey

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/message"
	"github.com/purnajual/purna/internal/timeline"
)

// Status is whether a journey takes new customers.
type Status string

// The journey statuses.
const (
	Active Status = "active"
	Paused Status = "paused"
)

// Kind tells transactional messages (about an order the customer made; no
// consent needed) from marketing ones (consent, caps and unsubscribe apply).
type Kind string

// The message kinds.
const (
	Transactional Kind = "transactional"
	Marketing     Kind = "marketing"
)

// Reentry says how often one customer may go through a journey.
type Reentry string

// The re-entry rules.
const (
	// PerOrder: once for each order (the default for order journeys).
	PerOrder Reentry = "per_order"
	// PerCustomer: once in the customer's life.
	PerCustomer Reentry = "per_customer"
	// EveryTime: each triggering event starts it again.
	EveryTime Reentry = "every_time"
)

// Journey is one automation.
type Journey struct {
	ID     purna.ID `json:"id"`
	ShopID purna.ID `json:"-"`
	// Key names a shipped default ("order_confirmation"); custom journeys
	// get a generated one.
	Key     string        `json:"key"`
	Name    string        `json:"name"`
	Status  Status        `json:"status"`
	Kind    Kind          `json:"kind"`
	Trigger timeline.Type `json:"trigger"`
	// Triggers are more events that start the journey, as Trigger does:
	// one journey for a family of events (every step of a service case).
	Triggers   []timeline.Type `json:"triggers,omitempty"`
	Conditions Conditions      `json:"conditions"`
	Steps      []Step          `json:"steps"`
	// ExitOn ends a customer's run when one of these happens to them (for
	// example a support case stops the how-to series).
	ExitOn    []timeline.Type `json:"exit_on"`
	Reentry   Reentry         `json:"reentry"`
	CreatedAt time.Time       `json:"created_at"`
	UpdatedAt time.Time       `json:"updated_at"`
}

// StartsOn reports whether an event of type t starts j.
func (j *Journey) StartsOn(t timeline.Type) bool {
	return j.Trigger == t || slices.Contains(j.Triggers, t)
}

// Conditions decide who enters. Empty conditions let everyone in.
type Conditions struct {
	// MinTotal is the least order total, in the order's minor units.
	MinTotal *int64 `json:"min_total,omitempty"`
	// Categories lets in orders with a product in one of them.
	Categories []string `json:"categories,omitempty"`
	// Locales lets in customers who read one of them.
	Locales []string `json:"locales,omitempty"`
	// FirstOrder: true lets in first orders only, false repeat orders only.
	FirstOrder *bool `json:"first_order,omitempty"`
}

// Step is one thing a journey does: wait, send, or branch.
type Step struct {
	Wait   *Wait   `json:"wait,omitempty"`
	Send   *Send   `json:"send,omitempty"`
	Branch *Branch `json:"branch,omitempty"`
}

// Branch decides, when the run reaches it, whether the customer goes on:
// when If holds the run takes the next step; when it does not, the run
// goes to ElseStep, or ends when there is none ("send the how-to only to
// first-time buyers", "skip the SMS for customers without consent").
type Branch struct {
	If BranchIf `json:"if"`
	// ElseStep is the index of the step to go to; it must come after the
	// branch, so a journey always ends.
	ElseStep *int `json:"else_step,omitempty"`
}

// BranchIf holds when every part that is set holds.
type BranchIf struct {
	Conditions
	// Consent: the customer has given marketing consent on this channel.
	Consent string `json:"consent,omitempty"`
}

// Wait holds the customer until a time: Duration after the previous step,
// or Offset from an anchor time of the triggering event ("delivered_at + 3
// days", "warranty_end − 30 days").
type Wait struct {
	Duration Duration `json:"duration,omitempty"`
	// Anchor is "event" (when the trigger happened) or a time the trigger
	// event carries in its data (such as "warranty_ends_at").
	Anchor string   `json:"anchor,omitempty"`
	Offset Duration `json:"offset,omitempty"`
}

// Send sends a message template.
type Send struct {
	Template string `json:"template"`
	Channel  string `json:"channel"` // email (whatsapp and sms come behind the same door)
}

// Duration is a time.Duration written as "72h" or "3d" in JSON.
type Duration time.Duration

// MarshalJSON writes the duration in days when whole, else Go's form.
func (d Duration) MarshalJSON() ([]byte, error) {
	td := time.Duration(d)
	if td != 0 && td%(24*time.Hour) == 0 {
		return json.Marshal(fmt.Sprintf("%dd", td/(24*time.Hour)))
	}
	return json.Marshal(td.String())
}

// UnmarshalJSON reads "3d", "-30d", "90m" or "2h30m".
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a duration is a string such as \"3d\" or \"2h\"")
	}
	v, err := ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// ParseDuration reads Go durations plus a "d" suffix for days.
func ParseDuration(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		var days int
		if _, err := fmt.Sscanf(n, "%d", &days); err != nil || fmt.Sprint(days) != n {
			return 0, fmt.Errorf("%q is not a number of days", s)
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration such as \"3d\" or \"2h\"", s)
	}
	return d, nil
}

// Validate checks j and fills defaults. EINVALID names the field.
func (j *Journey) Validate() error {
	var p purna.Problems
	j.Name = strings.TrimSpace(j.Name)
	if j.Name == "" {
		p.Add("name", "is required")
	}
	if j.Status == "" {
		j.Status = Active
	}
	if j.Status != Active && j.Status != Paused {
		p.Add("status", "must be active or paused")
	}
	if j.Kind != Transactional && j.Kind != Marketing {
		p.Add("kind", "must be transactional or marketing")
	}
	if j.Trigger == "" {
		p.Add("trigger", "is required")
	}
	if j.Reentry == "" {
		j.Reentry = PerOrder
	}
	if j.Reentry != PerOrder && j.Reentry != PerCustomer && j.Reentry != EveryTime {
		p.Add("reentry", "must be per_order, per_customer or every_time")
	}
	if len(j.Steps) == 0 {
		p.Add("steps", "must have at least one step")
	}
	for i, s := range j.Steps {
		f := fmt.Sprintf("steps[%d]", i)
		switch {
		case countSet(s.Wait != nil, s.Send != nil, s.Branch != nil) != 1:
			p.Add(f, "must be one of a wait, a send or a branch")
		case s.Branch != nil && s.Branch.ElseStep != nil && (*s.Branch.ElseStep <= i || *s.Branch.ElseStep > len(j.Steps)):
			p.Add(f+".branch.else_step", fmt.Sprintf("must be a step after this one (%d to %d)", i+1, len(j.Steps)))
		case s.Branch != nil && s.Branch.If.Consent != "" && !slices.Contains(Channels, s.Branch.If.Consent):
			p.Add(f+".branch.if.consent", "must be email, whatsapp or sms")
		case s.Branch != nil && s.Branch.If.MinTotal != nil && *s.Branch.If.MinTotal < 0:
			p.Add(f+".branch.if.min_total", "must not be negative")
		case s.Send != nil && s.Send.Template == "":
			p.Add(f+".send.template", "is required")
		case s.Send != nil && !message.Key(s.Send.Template).Valid():
			p.Add(f+".send.template", "is not a message template; see message.Keys")
		case s.Send != nil && s.Send.Channel != "" && !slices.Contains(Channels, s.Send.Channel):
			p.Add(f+".send.channel", "must be email, whatsapp or sms")
		case s.Wait != nil && s.Wait.Anchor == "" && s.Wait.Duration <= 0:
			p.Add(f+".wait.duration", "must be positive, or give an anchor")
		}
	}
	if j.ExitOn == nil {
		j.ExitOn = []timeline.Type{}
	}
	return p.Err()
}

func countSet(bs ...bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}
