// Package cases is what happens after a sale goes wrong or needs care: a
// return, an exchange, a free replacement of a faulty item, a warranty
// claim, a repair with its quote, or a maintenance visit. Each is a Case
// with a number the customer can read out on the phone (R-1001), the items
// it is about, and a status that only moves along the transitions of its
// kind (see Transitions). Every move is recorded twice in the same
// transaction: in the case's own history, and on the customer's timeline,
// where the journeys pick it up and tell the customer.
//
// Whether a customer may open a case at all is not decided here: Open asks
// package eligibility, with the shop's stored policy, the order, its
// earlier cases and the warranty registrations. The portal, the agent's
// screens and the API call the same Service, so the rules hold whichever
// door a request comes through. Calls made for a customer (an Actor with
// RoleCustomer) only ever see that customer's orders and cases; anything
// else is "not found", so a guessed ID reveals nothing.
package cases
