// Package eligibility decides what each item of an order allows today: how
// many units can still be returned or exchanged and until when, whether a
// faulty item is replaced for free, whether it is in warranty and a claim can
// be filed, when its next service is due and whether it is free, and which
// spare parts to offer once the warranty is over. When something is not
// allowed it says why, as a stable code with parameters that the portal, the
// agent's screens, the API and the journeys put into words in id, en or ro.
//
// Nothing here is stored or typed in by hand: Compute derives everything
// from the shop's policy, the order, its delivery dates, serial numbers,
// warranty registrations and the cases already opened, so that every screen
// and every message agrees. It reads no clock and no database; the caller
// passes the time and the records.
//
// Dates follow the shop's time zone. A window's day 0 is the local day it
// starts on, so a 7-day window from a delivery at 15:00 on 1 December ends
// when 9 December begins in the shop's zone, and is shown as "until 8 Dec".
// A warranty of N months ends at the end of the same day of the month N
// months later (the last day of a shorter month).
package eligibility
