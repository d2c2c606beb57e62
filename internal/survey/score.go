package survey

import "math"

// z95 is the two-sided 95% quantile of the normal distribution.
const z95 = 1.959963984540054

// NPSResult is the Net Promoter Score of a set of answers.
//
// Each answer counts as +1 (promoter, 9–10), 0 (passive, 7–8) or −1
// (detractor, 0–6); the score is their mean, on −1..1, shown ×100. Its
// standard error is that of the mean of those values: sqrt(var/n) with
// var = (p + d) − (p − d)², p and d the shares of promoters and
// detractors. So 0,7,7,9,9,9 gives +33.3 with a standard error of 0.304.
type NPSResult struct {
	N          int `json:"n"`
	Promoters  int `json:"promoters"`
	Passives   int `json:"passives"`
	Detractors int `json:"detractors"`
	// Score is on −100..100; StdErr, Low and High on −1..1 like the
	// underlying mean (Low and High bound a 95% interval, clipped).
	Score  float64 `json:"score"`
	StdErr float64 `json:"std_err"`
	Low    float64 `json:"low"`
	High   float64 `json:"high"`
}

// Add counts one NPS answer.
func (r *NPSResult) Add(score int) {
	r.N++
	switch {
	case score >= 9:
		r.Promoters++
	case score >= 7:
		r.Passives++
	default:
		r.Detractors++
	}
}

// Finish works out the score and its error from the counts.
func (r *NPSResult) Finish() {
	r.Score, r.StdErr, r.Low, r.High = 0, 0, 0, 0
	if r.N == 0 {
		return
	}
	n := float64(r.N)
	p, d := float64(r.Promoters)/n, float64(r.Detractors)/n
	mean := p - d
	v := max(p+d-mean*mean, 0)
	r.Score = 100 * mean
	r.StdErr = math.Sqrt(v / n)
	r.Low = max(mean-z95*r.StdErr, -1)
	r.High = min(mean+z95*r.StdErr, 1)
}

// NPSOf returns the NPS of scores (0–10).
func NPSOf(scores []int) NPSResult {
	var r NPSResult
	for _, s := range scores {
		r.Add(s)
	}
	r.Finish()
	return r
}

// CSATResult is customer satisfaction: the share of 4s and 5s on 1–5.
type CSATResult struct {
	N         int `json:"n"`
	Satisfied int `json:"satisfied"`
	// Share is Satisfied/N on 0..100; Mean the average score.
	Share float64 `json:"share"`
	Mean  float64 `json:"mean"`
	sum   int
}

// Add counts one CSAT answer.
func (r *CSATResult) Add(score int) {
	r.N++
	r.sum += score
	if score >= 4 {
		r.Satisfied++
	}
}

// Finish works out the share and mean.
func (r *CSATResult) Finish() {
	r.Share, r.Mean = 0, 0
	if r.N > 0 {
		r.Share = 100 * float64(r.Satisfied) / float64(r.N)
		r.Mean = float64(r.sum) / float64(r.N)
	}
}

// CSATOf returns the CSAT of scores (1–5).
func CSATOf(scores []int) CSATResult {
	var r CSATResult
	for _, s := range scores {
		r.Add(s)
	}
	r.Finish()
	return r
}

// CESResult is customer effort: the mean on 1–7 (7: strongly agree that it
// was easy), and the share of 5s to 7s.
type CESResult struct {
	N    int     `json:"n"`
	Mean float64 `json:"mean"`
	Easy float64 `json:"easy"` // share of 5–7, on 0..100
	sum  int
	easy int
}

// Add counts one CES answer.
func (r *CESResult) Add(score int) {
	r.N++
	r.sum += score
	if score >= 5 {
		r.easy++
	}
}

// Finish works out the mean and share.
func (r *CESResult) Finish() {
	r.Mean, r.Easy = 0, 0
	if r.N > 0 {
		r.Mean = float64(r.sum) / float64(r.N)
		r.Easy = 100 * float64(r.easy) / float64(r.N)
	}
}
