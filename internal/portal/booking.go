package portal

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/eligibility"
	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/policy"
)

// bookingDays is how far ahead the booking page offers slots.
const bookingDays = 14

// bookingView offers the service slots of the next bookingDays days at each
// of the shop's service locations.
type bookingView struct {
	Action, Item, Due string
	Locations         []locationView
	Chosen, Error     string
}

type locationView struct {
	Name, Address string
	Days          []dayView
}

type dayView struct {
	Label string
	Slots []optionView // Value "<location index>|<RFC 3339 start>", Label "09:00"
}

// handleBooking handles "GET /p/orders/{id}/lines/{line}/service" and the
// POST that books the chosen slot as a maintenance case.
func (s *Server) handleBooking(w http.ResponseWriter, r *http.Request) {
	vis, ok := s.visitor(w, r)
	if !ok {
		return
	}
	ctx, lang := r.Context(), vis.lang
	o, items, err := s.customerOrder(r, vis, r.PathValue("id"))
	if err != nil {
		s.pageError(w, r, err, vis.shop, lang)
		return
	}
	lineID := r.PathValue("line")
	li := slices.IndexFunc(o.Lines, func(l *order.Line) bool { return l.ID == lineID })
	ii := slices.IndexFunc(items, func(it eligibility.Item) bool { return it.LineID == lineID })
	if li < 0 || ii < 0 {
		s.notFound(w, vis.shop, lang)
		return
	}
	m := items[ii].Maintenance
	if m.OpenCaseID != "" {
		http.Redirect(w, r, "/p/cases/"+m.OpenCaseID, http.StatusSeeOther)
		return
	}
	if !m.Scheduled {
		s.notFound(w, vis.shop, lang)
		return
	}
	pol, err := s.Cases.Policies().Get(ctx, vis.shop.ID)
	if err != nil {
		s.pageError(w, r, err, vis.shop, lang)
		return
	}
	// Locations are the shop's; a product's override of them is left to
	// the service, which checks the slot again.
	locs := pol.ForProduct(nil).Maintenance.Locations
	now, loc := s.now(), vis.shop.Location()
	// Full slots are not offered: count each location's bookings over the
	// days shown. The service checks again on submit.
	taken := map[string]int{} // "<location index>|<RFC 3339 start>"
	for i, l := range locs {
		uses, err := s.Cases.SlotsTaken(ctx, vis.shop.ID, l.Name, now, now.AddDate(0, 0, bookingDays+1))
		if err != nil {
			s.pageError(w, r, err, vis.shop, lang)
			return
		}
		for _, u := range uses {
			taken[strconv.Itoa(i)+"|"+u.StartsAt.UTC().Format(time.RFC3339)] = u.Booked
		}
	}
	bv := &bookingView{Action: r.URL.Path, Item: o.Lines[li].Name, Due: deadlineOf(lang, m.Due, now, loc),
		Locations: offerSlots(lang, locs, now, loc, taken)}
	v := newPage(vis.shop, lang, i18n.T(lang, "portal.booking_title"))
	v.Number, v.Contact = o.Number, newContactView(vis.shop, lang, o.Number)
	v.Back, v.BackLabel = "/p/orders/"+o.ID, i18n.T(lang, "portal.back_to_order", "number", o.Number)
	v.Booking = bv
	if r.Method != http.MethodPost {
		s.renderPage(w, http.StatusOK, "booking", v)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	bv.Chosen = r.PostFormValue("slot")
	i, at, ok := parseSlot(bv.Chosen, len(locs))
	if !ok {
		bv.Error = i18n.T(lang, "portal.err.slot")
		s.renderPage(w, http.StatusUnprocessableEntity, "booking", v)
		return
	}
	in := cases.OpenInput{Kind: cases.Maintenance, OrderID: &o.ID,
		Lines:   []cases.LineInput{{OrderLineID: lineID, Quantity: 1}},
		Booking: &cases.Booking{Location: locs[i].Name, StartsAt: at}}
	c, err := s.Cases.Open(ctx, vis.shop.ID, vis.actor, in)
	if err != nil {
		if dup := s.sameRecentCase(ctx, vis, o.ID, in); dup != nil {
			http.Redirect(w, r, "/p/cases/"+dup.ID+"?again=1", http.StatusSeeOther)
			return
		}
		if code := purna.ErrorCode(err); code != purna.EINVALID && code != purna.ECONFLICT {
			s.pageError(w, r, err, vis.shop, lang)
			return
		}
		bv.Error = i18n.T(lang, "portal.err.slot")
		s.renderPage(w, http.StatusUnprocessableEntity, "booking", v)
		return
	}
	http.Redirect(w, r, "/p/cases/"+c.ID+"?sent=1", http.StatusSeeOther)
}

// offerSlots lists, per location, the slots that start after now within
// bookingDays days, by the shop's calendar, leaving out those whose
// bookings (taken, by slot value) fill their capacity.
func offerSlots(lang string, locs []policy.Location, now time.Time, zone *time.Location, taken map[string]int) []locationView {
	local := now.In(zone)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, zone)
	var out []locationView
	for i, l := range locs {
		lv := locationView{Name: l.Name, Address: l.Address}
		for d := range bookingDays {
			day := today.AddDate(0, 0, d)
			dv := dayView{Label: i18n.T(lang, "portal.weekday_date", "weekday", i18n.T(lang, "portal.weekday."+strconv.Itoa(int(day.Weekday()))),
				"date", i18n.DayMonth(lang, day, zone))}
			for _, sl := range l.Slots {
				start, err := time.ParseInLocation("15:04", sl.Start, zone)
				if sl.Weekday != int(day.Weekday()) || err != nil {
					continue
				}
				at := time.Date(day.Year(), day.Month(), day.Day(), start.Hour(), start.Minute(), 0, 0, zone)
				if !at.After(now) {
					continue
				}
				value := strconv.Itoa(i) + "|" + at.UTC().Format(time.RFC3339)
				if sl.Capacity > 0 && taken[value] >= sl.Capacity {
					continue
				}
				dv.Slots = append(dv.Slots, optionView{Value: value, Label: i18n.Time(lang, at, zone)})
			}
			if len(dv.Slots) > 0 {
				lv.Days = append(lv.Days, dv)
			}
		}
		out = append(out, lv)
	}
	return out
}

// parseSlot reads a slot's value: the location's index and the start.
func parseSlot(v string, n int) (int, time.Time, bool) {
	is, ts, ok := strings.Cut(v, "|")
	i, err := strconv.Atoi(is)
	if !ok || err != nil || i < 0 || i >= n {
		return 0, time.Time{}, false
	}
	at, err := time.Parse(time.RFC3339, ts)
	return i, at, err == nil
}
