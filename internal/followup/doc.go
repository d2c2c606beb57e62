// Package followup closes the feedback loop: no unhappy customer goes
// unanswered. A detractor's NPS answer, a CSAT of 1 or 2, or a review of
// one or two stars opens a follow-up on its own, numbered like the shop's
// cases (F-1007), due within a day. It carries the order as it stood: its
// lines, serial numbers, warranty and return windows and the delivery's
// tracking, and the remedies the shop can offer (a replacement in
// warranty, a return, a coupon). A call task puts the customer's phone
// and WhatsApp in an agent's hands.
//
// The agent contacts the customer, resolves the follow-up with the remedy
// given and closes it; each step is on the customer's timeline. Stats show
// how fast the shop got back to people and whether it worked: a better
// answer to a later survey, or another order.
package followup
