package cases

import (
	"slices"
	"testing"

	"github.com/purnajual/purna"
)

// TestEveryTransitionIsAllowed walks the table: each row is what Next
// returns for each role it names, and refused for the other roles.
func TestEveryTransitionIsAllowed(t *testing.T) {
	t.Parallel()
	for _, tr := range Transitions {
		t.Run(string(tr.Kind)+"/"+string(tr.From)+"/"+string(tr.Action), func(t *testing.T) {
			t.Parallel()
			for _, role := range []Role{RoleCustomer, RoleAgent, RoleSystem} {
				got, err := Next(tr.Kind, tr.From, tr.Action, role)
				if !slices.Contains(tr.By, role) {
					if purna.ErrorCode(err) != purna.EFORBIDDEN {
						t.Errorf("%s: err = %v, want forbidden", role, err)
					}
					continue
				}
				if err != nil || got.To != tr.To || got.Event != tr.Event {
					t.Errorf("%s: %+v, %v; want %+v", role, got, err, tr)
				}
			}
			if tr.Event == "" {
				t.Error("no timeline event")
			}
		})
	}
}

// TestMachineShape checks the table as a whole: every kind can reach an
// end from where it opens, every status is known, and only ends are final.
func TestMachineShape(t *testing.T) {
	t.Parallel()
	for _, k := range Kinds {
		seen := map[Status]bool{Initial[k]: true}
		queue := []Status{Initial[k]}
		for len(queue) > 0 {
			st := queue[0]
			queue = queue[1:]
			if _, ok := statusInfo[st]; !ok {
				t.Errorf("%s: status %s is not in statusInfo", k, st)
			}
			out := Allowed(k, st, RoleAgent)
			if len(out) == 0 && st != Closed && st != Cancelled {
				t.Errorf("%s: %s has no way on", k, st)
			}
			for _, tr := range out {
				if !seen[tr.To] {
					seen[tr.To] = true
					queue = append(queue, tr.To)
				}
			}
		}
		if !seen[Closed] && !seen[Cancelled] {
			t.Errorf("%s cannot end", k)
		}
		if OpenedEvent[k] == "" || prefixes[k] == "" {
			t.Errorf("%s has no opening event or number prefix", k)
		}
	}
}

func TestRefusedTransitions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind   Kind
		status Status
		action Action
		role   Role
		code   string
		msg    string
	}{
		{Return, Requested, Receive, RoleAgent, purna.ECONFLICT, "A return that is requested cannot be received; approve it first."},
		{Return, Requested, Resolve, RoleAgent, purna.ECONFLICT, "A return that is requested cannot be resolved; it can be approved, rejected or cancelled."},
		{Return, InTransit, Approve, RoleAgent, purna.ECONFLICT, "A return that is in transit cannot be approved; it can be received."},
		{Return, Closed, Approve, RoleAgent, purna.ECONFLICT, "A return that is closed cannot be approved; it is closed."},
		{Return, Received, Ship, RoleAgent, purna.ECONFLICT, "A return that is received cannot be shipped; it can be resolved."},
		{Return, Approved, Resolve, RoleAgent, purna.ECONFLICT, "A return that is approved cannot be resolved; receive it first."},
		{Exchange, Received, Close, RoleAgent, purna.ECONFLICT, "An exchange that is received cannot be closed; resolve it first."},
		{WarrantyClaim, Submitted, Resolve, RoleAgent, purna.ECONFLICT, "A warranty claim that is submitted cannot be resolved; approve it first."},
		{Repair, Received, Quote, RoleAgent, purna.ECONFLICT, "A repair that is received cannot be quoted; diagnose it first."},
		{Repair, Quoted, RepairAction, RoleAgent, purna.ECONFLICT, "A repair that is quoted cannot be repaired; accept the quote first."},
		{Maintenance, Cancelled, Reschedule, RoleCustomer, purna.ECONFLICT, "A maintenance visit that is cancelled cannot be rescheduled; it is cancelled."},
		{Return, Requested, Approve, RoleCustomer, purna.EFORBIDDEN, "Only the shop can approve a return."},
		{Return, Received, Resolve, RoleSystem, purna.EFORBIDDEN, "Only an agent can resolve a return."},
		{Repair, Quoted, AcceptQuote, RoleSystem, purna.EFORBIDDEN, "Only the customer or an agent can accept the quote of a repair."},
		{Return, Requested, "teleport", RoleAgent, purna.EINVALID, "Unknown action."},
	}
	for _, tc := range tests {
		t.Run(string(tc.kind)+"/"+string(tc.status)+"/"+string(tc.action), func(t *testing.T) {
			t.Parallel()
			_, err := Next(tc.kind, tc.status, tc.action, tc.role)
			if purna.ErrorCode(err) != tc.code || purna.ErrorMessage(err) != tc.msg {
				t.Errorf("Next = %v\nwant %s %q", err, tc.code, tc.msg)
			}
		})
	}
}

func TestRepairPrice(t *testing.T) {
	t.Parallel()
	r := RepairOrder{Parts: []Part{{Quantity: 2, UnitPrice: 1000}}, LabourMinutes: 90, LabourRate: 6000}
	r.price()
	if r.Cost != 11000 || r.Total != 11000 {
		t.Errorf("paid: %+v", r)
	}
	r.InWarranty = true
	r.price()
	if r.Cost != 11000 || r.Total != 0 {
		t.Errorf("in warranty: %+v", r)
	}
}
