package web

import (
	"context"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/policy"
)

// The words and helpers the case pages share: the inbox, a case's page,
// the order page's panel and the numbers.

// caseNotFound is what every case page answers for a case that is not the
// shop's, or when the case pages are off.
func caseNotFound() error { return purna.Errorf(purna.ENOTFOUND, "Case not found.") }

// agent is the signed-in user acting on cases.
func (v *viewer) agent() cases.Actor {
	if v.session == nil || v.session.User == nil {
		return cases.Agent("")
	}
	return cases.Agent(v.session.User.ID)
}

// userID is the signed-in user's ID, "" if there is none.
func (v *viewer) userID() purna.ID {
	if v.session == nil || v.session.User == nil {
		return ""
	}
	return v.session.User.ID
}

// kindLabel, statusLabel, actionLabel, conditionLabel and resolutionLabel
// put the cases package's codes into the page's language.
func kindLabel(l lang, k cases.Kind) string           { return l.T("cases.kind." + string(k)) }
func statusLabel(l lang, s cases.Status) string       { return l.T("cases.status." + string(s)) }
func actionLabel(l lang, a cases.Action) string       { return l.T("cases.action." + string(a)) }
func conditionLabel(l lang, c cases.Condition) string { return l.T("cases.condition." + string(c)) }
func resolutionLabel(l lang, r cases.Resolution) string {
	return l.T("cases.resolution." + string(r))
}

// reasonWords returns the shop's words for a return reason code in the
// page's language: the policy keeps each reason's label per language.
// An unknown code is shown as it is.
func reasonWords(l lang, pol *policy.Policy, code string) string {
	if code == "" || pol == nil {
		return code
	}
	for _, r := range pol.Returns.Reasons {
		if r.Code != code {
			continue
		}
		for _, loc := range []string{l.Locale, "en", "id"} {
			if t := r.Label[loc]; t != "" {
				return t
			}
		}
	}
	return code
}

// customerNames looks up the names of the customers with ids, for lists.
func (s *Server) customerNames(ctx context.Context, l lang, shopID purna.ID, ids []purna.ID) (map[purna.ID]string, error) {
	out := map[purna.ID]string{}
	if len(ids) == 0 {
		return out, nil
	}
	cs, err := s.customers.FindByIDs(ctx, shopID, ids)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		out[c.ID] = customerLabel(l, c)
	}
	return out, nil
}

// customerLabel is a customer's name, or their email or phone when they
// gave no name.
func customerLabel(l lang, c *customer.Customer) string {
	if n := c.Name(); n != "" {
		return n
	}
	if c.Email != nil && *c.Email != "" {
		return *c.Email
	}
	if c.Phone != nil && *c.Phone != "" {
		return *c.Phone
	}
	return customerName(l, "")
}

// dueText writes a due time, and whether it has passed for an open case.
func dueText(l lang, c *cases.Case) (string, bool) {
	if c.DueAt == nil {
		return "", false
	}
	return l.DateTime(*c.DueAt), c.Overdue(l.now)
}

// localInput is the value of a datetime-local input for t in the shop's
// zone: "2026-11-02T10:04".
func localInput(l lang, t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(l.loc).Format("2006-01-02T15:04")
}

// parseLocalInput reads a datetime-local input's value in loc.
func parseLocalInput(s string, loc *time.Location) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// assigneeLabel says who works on a case: "you", "another agent" or
// nobody ("").
func assigneeLabel(l lang, v *viewer, id *purna.ID) string {
	switch {
	case id == nil || *id == "":
		return ""
	case *id == v.userID():
		return l.T("cases.assignee_you")
	}
	return l.T("cases.assignee_other")
}
