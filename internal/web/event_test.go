package web

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna/internal/timeline"
)

// TestEventLabels: case, survey, review and follow-up events read as
// sentences on the timeline in every language, and a case's or
// follow-up's number is not taken for an order's.
func TestEventLabels(t *testing.T) {
	t.Parallel()
	order := "01JTMAZ3W01427J3KANS2T4KYD"
	at := time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)
	tests := []struct {
		typ  timeline.Type
		data map[string]any
		en   string
	}{
		{"return.approved", map[string]any{"number": "R-1001", "kind": "return", "action": "approve"}, "Return R-1001: approved"},
		{"claim.submitted", map[string]any{"number": "W-1002", "kind": "warranty_claim", "action": "open"}, "Warranty claim W-1002: opened"},
		{"case.opened", map[string]any{"number": "S-1003", "kind": "repair", "action": "open"}, "Repair S-1003: opened"},
		{"survey.answered", map[string]any{"kind": "nps", "score": 3}, "Answered the NPS survey: 3"},
		{"review.submitted", map[string]any{"rating": 5}, "Reviewed a product: 5 ★"},
		{"followup.opened", map[string]any{"number": "F-1004"}, "Follow-up F-1004 opened"},
	}
	for _, tc := range tests {
		t.Run(string(tc.typ), func(t *testing.T) {
			t.Parallel()
			b, _ := json.Marshal(tc.data)
			ev := timeline.Event{Type: tc.typ, OccurredAt: at, OrderID: &order, Data: b}
			for _, loc := range []string{"en", "id", "ro"} {
				row := eventRowOf(newLang(loc, time.UTC, at), factOf(ev))
				if loc == "en" && row.Label != tc.en {
					t.Errorf("en label %q, want %q", row.Label, tc.en)
				}
				if strings.Contains(row.Label, "event.") || strings.Contains(row.Label, "{") || row.Label == "" {
					t.Errorf("%s label %q is not translated", loc, row.Label)
				}
				if row.OrderNumber != "" {
					t.Errorf("%s: %q shown as the order's number", loc, row.OrderNumber)
				}
			}
		})
	}
}
