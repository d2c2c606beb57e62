// Package survey asks customers how the shop did, after the sale: an NPS
// question three days after delivery ("how likely are you to recommend
// us?"), a CSAT question when a service case is resolved ("how satisfied
// are you?"), a CES question after a maintenance visit ("was it easy?").
//
// The question goes out in a message with one link per score, so a
// customer answers with one click; the link opens a page on the shop's
// brand that asks why, and any questions of the shop's own. Clicking
// another score later changes the answer rather than adding one. Each link
// is signed for one customer and one survey, so it cannot answer for
// anyone else.
//
// Results use the standard definitions: NPS is the share of promoters
// (9–10) minus the share of detractors (0–6), passives (7–8) counting in
// the denominator, with its standard error and a 95% confidence interval;
// CSAT is the share of 4s and 5s; CES is the mean on its 1–7 scale. An
// unhappy answer (a detractor, a CSAT of 1 or 2) is put on the customer's
// timeline as such, and package followup opens a case for it.
package survey
