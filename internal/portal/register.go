package portal

import (
	"net/http"
	"strings"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/i18n"
)

// handleRegister handles "POST /p/orders/{id}/lines/{line}/register": the
// customer registers the serial number of the unit they got, which starts
// (or proves) its warranty. The order page then shows the warranty's end.
func (s *Server) handleRegister(w http.ResponseWriter, r *http.Request) {
	vis, ok := s.visitor(w, r)
	if !ok {
		return
	}
	lang := vis.lang
	orderID, lineID := r.PathValue("id"), r.PathValue("line")
	if !purna.ValidID(orderID) || !purna.ValidID(lineID) {
		s.notFound(w, vis.shop, lang)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	serial := strings.TrimSpace(r.PostFormValue("serial"))
	_, err := s.Cases.Register(r.Context(), vis.shop.ID, vis.actor,
		cases.RegisterInput{OrderID: &orderID, OrderLineID: &lineID, SerialNumber: serial})
	if err == nil {
		http.Redirect(w, r, "/p/orders/"+orderID+"?registered=1", http.StatusSeeOther)
		return
	}
	var msg string
	switch code, fields := purna.ErrorCode(err), purna.ErrorFields(err); {
	case code == purna.ECONFLICT:
		msg = i18n.T(lang, "portal.err.serial_taken")
	case code == purna.EINVALID && fields["serial_number"] != "" && serial == "":
		msg = i18n.T(lang, "portal.err.required")
	case code == purna.EINVALID && fields["serial_number"] != "":
		msg = i18n.T(lang, "portal.err.serial")
	case code == purna.EINVALID && fields["order_line_id"] != "":
		s.notFound(w, vis.shop, lang)
		return
	case code == purna.EINVALID:
		msg = i18n.T(lang, "portal.err.form")
	default:
		s.pageError(w, r, err, vis.shop, lang)
		return
	}
	s.showOrder(w, r, vis, orderID, http.StatusUnprocessableEntity, func(v *pageView) {
		for i := range v.Order.Lines {
			if l := &v.Order.Lines[i]; l.ID == lineID {
				l.Register, l.Serial, l.RegisterError = true, serial, msg
			}
		}
	})
}
