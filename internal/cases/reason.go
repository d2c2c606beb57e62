package cases

import (
	"fmt"

	"github.com/purnajual/purna/internal/eligibility"
)

// ReasonText puts an eligibility reason into English words, for error
// messages; the portal words them in the customer's language itself.
func ReasonText(r *eligibility.Reason) string {
	if r == nil {
		return "is not allowed"
	}
	p := r.Params
	switch r.Code {
	case eligibility.OrderCancelled:
		return "the order was cancelled"
	case eligibility.OrderRefunded:
		return "the order was refunded"
	case eligibility.NoProduct:
		return "the item is not linked to a product of the catalogue"
	case eligibility.BoughtElsewhere:
		return "the item was bought elsewhere"
	case eligibility.NotDelivered:
		return "the item has not been delivered yet"
	case eligibility.NotFulfilled:
		return "the order has not been shipped yet"
	case eligibility.NonReturnableCategory:
		return fmt.Sprintf("items of the category %q cannot be returned", p["category"])
	case eligibility.NotReturnable:
		return "the item cannot be returned"
	case eligibility.NotOffered:
		return fmt.Sprintf("the shop does not offer %s for this item", p["resolution"])
	case eligibility.WindowClosed:
		return fmt.Sprintf("the window closed on %s", p["until"])
	case eligibility.AlreadyReturned:
		return "every unit is already returned or being returned"
	case eligibility.NoWarranty:
		return "the item has no warranty"
	case eligibility.Expired:
		return fmt.Sprintf("the warranty ended on %s", p["until"])
	case eligibility.NotRegistered:
		return "the item must be registered by serial number first"
	case eligibility.NoProofOfPurchase:
		return "the item has no proof of purchase"
	case eligibility.ClaimOpen:
		return "every unit already has an open claim or repair"
	case eligibility.NoMaintenance:
		return "the item has no service schedule"
	}
	return r.Code
}
