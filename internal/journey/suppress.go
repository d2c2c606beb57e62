package journey

import (
	"context"
	"slices"
	"strings"

	"github.com/purnajual/purna"
)

// SuppressionInput adds an address to a shop's suppression list: a bounce
// or complaint the shop's mail provider reported, or the shop's own choice.
type SuppressionInput struct {
	Channel string         `json:"channel"` // email, whatsapp or sms
	Address string         `json:"address"` // an email address or a phone number
	Reason  SuppressReason `json:"reason,omitempty"`
	Detail  string         `json:"detail,omitempty"`
}

// SuppressionFilter selects a page of the suppression list, newest first.
type SuppressionFilter struct {
	ShopID  purna.ID
	Channel string
	Cursor  string
	Limit   int
}

// Suppress adds an address to the shop's suppression list; nothing more
// goes to it on that channel, transactional or marketing. Adding one that
// is there already changes nothing. EINVALID names the field.
func (s *Service) Suppress(ctx context.Context, shopID purna.ID, in SuppressionInput) (*Suppression, error) {
	var p purna.Problems
	if !slices.Contains(Channels, in.Channel) {
		p.Add("channel", "must be email, whatsapp or sms")
	}
	if in.Reason == "" {
		in.Reason = Manual
	}
	if in.Reason != Bounce && in.Reason != Complaint && in.Reason != Manual {
		p.Add("reason", "must be bounce, complaint or manual")
	}
	addr, err := normalizeAddress(in.Channel, in.Address)
	if err != nil {
		p.Add("address", err.Error())
	}
	if len(in.Detail) > 1000 {
		p.Add("detail", "must be at most 1000 characters")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	sup := &Suppression{ShopID: shopID, Channel: in.Channel, Address: addr, Reason: in.Reason,
		Detail: strings.TrimSpace(in.Detail), Source: "api", CreatedAt: s.clock.Now().UTC()}
	if err := s.store.SaveSuppression(ctx, sup); err != nil {
		return nil, err
	}
	return sup, nil
}

// Unsuppress lets an address receive messages again. ENOTFOUND when it was
// not suppressed.
func (s *Service) Unsuppress(ctx context.Context, shopID purna.ID, channel, address string) error {
	addr, err := normalizeAddress(channel, address)
	if err != nil {
		return purna.Errorf(purna.ENOTFOUND, "That address is not suppressed.")
	}
	return s.store.DeleteSuppression(ctx, shopID, channel, addr)
}

// Suppressions returns a page of the shop's suppression list.
func (s *Service) Suppressions(ctx context.Context, f SuppressionFilter) (purna.Page[*Suppression], error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	items, next, total, err := s.store.FindSuppressions(ctx, f)
	if items == nil {
		items = []*Suppression{}
	}
	return purna.Page[*Suppression]{Items: items, Next: next, Total: total}, err
}

// normalizeAddress writes an address the way customers' addresses are
// stored, so a suppression matches them.
func normalizeAddress(channel, address string) (string, error) {
	if channel == "email" {
		return purna.NormalizeEmail(address)
	}
	return purna.NormalizePhone(address, "")
}
