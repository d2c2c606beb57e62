package cases

import (
	"context"
	"time"

	"github.com/purnajual/purna"
)

// Stats are a shop's after-sales figures over a period: how often products
// come back and why, how often they fail in warranty, how long cases take,
// and what refunds, replacements and repairs cost. Units sold count the
// lines of orders placed in the period that were not cancelled; units
// returned and claimed count the lines of cases opened in it that were not
// rejected or withdrawn. (The two cohorts differ at the period's edges; over
// a few months the rates settle.)
type Stats struct {
	From     time.Time      `json:"from"`
	To       time.Time      `json:"to"`
	Products []ProductStats `json:"products"`
	Reasons  []ReasonStats  `json:"reasons"`
	Kinds    []KindStats    `json:"kinds"`
}

// ProductStats are one product's figures. Rates are returned (claimed)
// units per unit sold, 0 when none were sold. Amounts are minor units of
// the orders' currency.
type ProductStats struct {
	ProductID       purna.ID `json:"product_id"`
	Name            string   `json:"name"`
	Sold            int64    `json:"sold"`
	Returned        int64    `json:"returned"` // returns, exchanges and replacements
	ReturnRate      float64  `json:"return_rate"`
	Claimed         int64    `json:"claimed"` // warranty claims
	ClaimRate       float64  `json:"claim_rate"`
	RefundCost      int64    `json:"refund_cost"`
	ReplacementCost int64    `json:"replacement_cost"`
	RepairCost      int64    `json:"repair_cost"`
}

// ReasonStats counts the units returned for one reason code.
type ReasonStats struct {
	Reason string  `json:"reason"`
	Units  int64   `json:"units"`
	Share  float64 `json:"share"` // of all units returned with a reason
}

// KindStats is how long cases of one kind took from opening to resolution,
// over those resolved in the period.
type KindStats struct {
	Kind   Kind `json:"kind"`
	Opened int  `json:"opened"`
	// Resolved counts the cases resolved in the period; MedianHours is the
	// median time they took.
	Resolved    int     `json:"resolved"`
	MedianHours float64 `json:"median_hours"`
}

// Stats returns the shop's figures for cases in [from, to). EINVALID if to
// is not after from.
func (s *Service) Stats(ctx context.Context, shopID purna.ID, from, to time.Time) (*Stats, error) {
	if !to.After(from) {
		return nil, &purna.Error{Code: purna.EINVALID, Message: "The period is empty.",
			Fields: map[string]string{"to": "must be after from"}}
	}
	return s.store.CaseStats(ctx, shopID, from.UTC(), to.UTC())
}
