// Package reminder notices, on a schedule, the moments a shop wants to
// reach out that no order change announces: a warranty about to end, an
// item due for its periodic service, a customer who has not ordered for a
// long time. Each becomes a timeline event (warranty.expiring,
// maintenance.due, customer.lapsed) that journeys turn into messages.
//
// The scan runs every hour for every shop and is safe to repeat: each event
// carries a dedupe key, so a warranty is announced once, each service date
// once, and a lapse once per last order. Only live purchases count: an
// order that was cancelled or refunded, or that has not been delivered,
// starts no warranty and no service schedule.
//
// The rules, in the shop's time zone:
//
//   - A warranty of N months starts on the delivery day and ends at the end
//     (23:59:59) of the same day N calendar months later. When that month is
//     shorter it ends on its last day: delivered 31 January, a one-month
//     warranty ends on 28 February (29 in a leap year). The reminder goes
//     out from 30 days before the end (Config.WarrantyLead) until the end,
//     never after.
//   - A product serviced every N days is due N, 2N, 3N, … days after
//     delivery, at the delivery's time of day. Each service date is
//     announced once, within 14 days of falling due (Config.MaintenanceGrace);
//     after a long pause only the latest date is announced, the older ones
//     being history.
//   - A customer lapses when their last order that was not cancelled is
//     more than 120 days old (Config.LapsedAfter). A new order and, later,
//     a new lapse make a new event.
package reminder
