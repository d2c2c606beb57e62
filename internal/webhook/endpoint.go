package webhook

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/timeline"
)

// Status says whether an endpoint receives events.
type Status string

// The statuses of an endpoint.
const (
	Active Status = "active"
	// Disabled endpoints receive nothing: the merchant paused them, the
	// receiver answered 410 Gone, or every attempt failed for too long
	// (DisabledReason says which).
	Disabled Status = "disabled"
)

// Limits on what a merchant can set up.
const (
	// MaxEndpoints is how many endpoints a shop can have.
	MaxEndpoints = 20
	// MaxEventTypes is how many types or patterns one endpoint can list.
	MaxEventTypes = 50
	maxURL        = 2000
	maxDesc       = 500
	maxType       = 64
)

// Endpoint is a URL of the merchant's that receives a shop's events.
type Endpoint struct {
	ID          purna.ID `json:"id"`
	ShopID      purna.ID `json:"-"`
	URL         string   `json:"url"`
	Description string   `json:"description"`
	// EventTypes lists the timeline types sent here: exact types
	// ("order.paid"), families ("message.*" is every type starting with
	// "message.") or "*" for everything.
	EventTypes []string `json:"event_types"`
	// Secret signs requests ("whsec_" and base64). The API shows it only
	// when the endpoint is created and when it is rotated.
	Secret string `json:"-"`
	// PreviousSecret still signs requests, beside Secret, until
	// PreviousSecretUntil, so that a rotation does not break a receiver
	// that has not yet been given the new one.
	PreviousSecret      string     `json:"-"`
	PreviousSecretUntil *time.Time `json:"-"`
	Status              Status     `json:"status"`
	DisabledReason      string     `json:"disabled_reason,omitempty"`
	// FailingSince is the first failed attempt with no success after it;
	// nil while the endpoint answers.
	FailingSince *time.Time `json:"failing_since,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

// Input creates an endpoint.
type Input struct {
	URL         string   `json:"url"`
	Description string   `json:"description,omitempty"`
	EventTypes  []string `json:"event_types"`
}

// Update changes an endpoint; nil fields stay as they are. Setting status
// to active turns a disabled endpoint back on.
type Update struct {
	URL         *string   `json:"url,omitempty"`
	Description *string   `json:"description,omitempty"`
	EventTypes  *[]string `json:"event_types,omitempty"`
	Status      *Status   `json:"status,omitempty"`
}

// Validate normalises e and reports its problems by JSON field name
// ("url", "event_types[1]"). EINVALID.
func (e *Endpoint) Validate() error {
	var p purna.Problems
	e.URL = strings.TrimSpace(e.URL)
	if msg := checkURL(e.URL); msg != "" {
		p.Add("url", msg)
	}
	e.Description = strings.TrimSpace(e.Description)
	if len(e.Description) > maxDesc {
		p.Add("description", fmt.Sprintf("is longer than %d characters", maxDesc))
	}
	switch {
	case len(e.EventTypes) == 0:
		p.Add("event_types", `must list at least one event type, such as "order.paid" or "message.*"`)
	case len(e.EventTypes) > MaxEventTypes:
		p.Add("event_types", fmt.Sprintf("lists more than %d event types; use a pattern such as \"order.*\"", MaxEventTypes))
	}
	for i, t := range e.EventTypes {
		t = strings.TrimSpace(t)
		e.EventTypes[i] = t
		f := fmt.Sprintf("event_types[%d]", i)
		switch {
		case !ValidEventType(t):
			p.Add(f, `must be an event type such as "order.paid", a family such as "message.*", or "*"`)
		case slices.Contains(e.EventTypes[:i], t):
			p.Add(f, "is listed twice")
		}
	}
	if e.Status == "" {
		e.Status = Active
	}
	if e.Status != Active && e.Status != Disabled {
		p.Add("status", "must be active or disabled")
	}
	return p.Err()
}

// Wants reports whether the endpoint subscribes to events of type t.
func (e *Endpoint) Wants(t timeline.Type) bool {
	for _, pat := range e.EventTypes {
		if Match(pat, t) {
			return true
		}
	}
	return false
}

// secrets returns the secrets that sign a request at now: the current one,
// and the previous one during its grace period after a rotation.
func (e *Endpoint) secrets(now time.Time) []string {
	out := []string{e.Secret}
	if e.PreviousSecret != "" && e.PreviousSecretUntil != nil && now.Before(*e.PreviousSecretUntil) {
		out = append(out, e.PreviousSecret)
	}
	return out
}

var (
	exactType  = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$`)
	familyType = regexp.MustCompile(`^([a-z][a-z0-9_]*\.)+\*$`)
)

// ValidEventType reports whether s can be subscribed to: a type made of
// lower-case words joined by dots ("order.paid"), a family ending in ".*"
// ("message.*"), or "*".
func ValidEventType(s string) bool {
	if len(s) > maxType {
		return false
	}
	return s == "*" || exactType.MatchString(s) || familyType.MatchString(s)
}

// Match reports whether pattern selects type t: "*" selects every type,
// "message.*" every type that starts with "message.", and anything else
// only itself.
func Match(pattern string, t timeline.Type) bool {
	switch {
	case pattern == "*":
		return true
	case strings.HasSuffix(pattern, ".*"):
		return strings.HasPrefix(string(t), strings.TrimSuffix(pattern, "*"))
	}
	return pattern == string(t)
}

// checkURL returns what is wrong with an endpoint URL, or "". URLs must be
// absolute https URLs; http is allowed only to loopback hosts, so that a
// developer can point Purna at a receiver on their own machine without a
// certificate. Purna does not follow redirects, so the URL must be the one
// that answers.
func checkURL(s string) string {
	if s == "" {
		return "is required"
	}
	if len(s) > maxURL {
		return fmt.Sprintf("is longer than %d characters", maxURL)
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return "must be an absolute URL, such as https://example.com/purna/webhooks"
	}
	if u.Fragment != "" || strings.Contains(s, "#") {
		return "must not have a #fragment"
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !loopback(u.Hostname()) {
			return "must use https (http is allowed only to localhost)"
		}
	default:
		return "must use https"
	}
	if u.Hostname() == "" {
		return "must name a host"
	}
	return ""
}

// loopback reports whether host is this machine: localhost, a name under
// .localhost (RFC 6761), 127.0.0.0/8 or ::1.
func loopback(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}
