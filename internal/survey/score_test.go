package survey

import (
	"math"
	"math/rand/v2"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestNPS(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name            string
		scores          []int
		score, se       float64
		pro, pass, detr int
		low, high       float64
		checkInterval   bool
	}{
		// The hand computation: 3 promoters, 2 passives, 1
		// detractor of 6: (3-1)/6 = +33.3; var = 4/6 - (2/6)^2 = 0.5556;
		// se = sqrt(0.5556/6) = 0.3043.
		{name: "hand computed", scores: []int{0, 7, 7, 9, 9, 9}, score: 33.333, se: 0.3043, pro: 3, pass: 2, detr: 1,
			low: 1.0/3 - 1.96*0.3043, high: 1.0/3 + 1.96*0.3043, checkInterval: true},
		{name: "all promoters", scores: []int{9, 10, 10}, score: 100, se: 0, pro: 3, low: 1, high: 1, checkInterval: true},
		{name: "all detractors", scores: []int{0, 6, 3, 5}, score: -100, se: 0, detr: 4, low: -1, high: -1, checkInterval: true},
		{name: "passives only count in the denominator", scores: []int{7, 8, 8, 8, 9}, score: 20, se: 0.1789, pro: 1, pass: 4},
		{name: "boundaries 6/7 and 8/9", scores: []int{6, 7, 8, 9}, score: 0, se: 0.3536, pro: 1, pass: 2, detr: 1},
		{name: "none", scores: nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := NPSOf(tc.scores)
			if r.N != len(tc.scores) || r.Promoters != tc.pro || r.Passives != tc.pass || r.Detractors != tc.detr {
				t.Fatalf("counts = %+v", r)
			}
			if !near(r.Score, tc.score, 0.001) || !near(r.StdErr, tc.se, 0.0001) {
				t.Fatalf("NPS = %.4f ± %.4f, want %.4f ± %.4f", r.Score, r.StdErr, tc.score, tc.se)
			}
			if tc.checkInterval && (!near(r.Low, tc.low, 0.001) || !near(r.High, tc.high, 0.001)) {
				t.Fatalf("interval = [%.4f, %.4f], want [%.4f, %.4f]", r.Low, r.High, tc.low, tc.high)
			}
		})
	}
}

// TestNPSStdErrAgainstSample checks the closed form against the variance
// of the −1/0/+1 values computed the long way.
func TestNPSStdErrAgainstSample(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		n := 1 + rng.IntN(300)
		scores := make([]int, n)
		var sum float64
		vals := make([]float64, n)
		for i := range scores {
			scores[i] = rng.IntN(11)
			switch {
			case scores[i] >= 9:
				vals[i] = 1
			case scores[i] <= 6:
				vals[i] = -1
			}
			sum += vals[i]
		}
		mean := sum / float64(n)
		var ss float64
		for _, v := range vals {
			ss += (v - mean) * (v - mean)
		}
		want := math.Sqrt(ss / float64(n) / float64(n))
		r := NPSOf(scores)
		if !near(r.Score/100, mean, 1e-9) || !near(r.StdErr, want, 1e-9) {
			t.Fatalf("n=%d: NPS %.6f ± %.6f, want %.6f ± %.6f", n, r.Score/100, r.StdErr, mean, want)
		}
		if r.Low > mean || r.High < mean || r.Low < -1 || r.High > 1 {
			t.Fatalf("interval [%f, %f] does not hold %f within −1..1", r.Low, r.High, mean)
		}
	}
}

func TestCSATAndCES(t *testing.T) {
	t.Parallel()
	c := CSATOf([]int{5, 4, 3, 1, 5})
	if c.N != 5 || c.Satisfied != 3 || !near(c.Share, 60, 1e-9) || !near(c.Mean, 3.6, 1e-9) {
		t.Fatalf("CSAT = %+v", c)
	}
	var e CESResult
	for _, s := range []int{7, 6, 5, 4, 1} {
		e.Add(s)
	}
	e.Finish()
	if e.N != 5 || !near(e.Mean, 4.6, 1e-9) || !near(e.Easy, 60, 1e-9) {
		t.Fatalf("CES = %+v", e)
	}
	if z := CSATOf(nil); z.Share != 0 || z.Mean != 0 {
		t.Fatalf("empty CSAT = %+v", z)
	}
}

func TestUnhappy(t *testing.T) {
	t.Parallel()
	for s := 0; s <= 10; s++ {
		if NPS.Unhappy(s) != (s <= 6) {
			t.Errorf("NPS %d unhappy = %v", s, NPS.Unhappy(s))
		}
	}
	for s := 1; s <= 5; s++ {
		if CSAT.Unhappy(s) != (s <= 2) {
			t.Errorf("CSAT %d unhappy = %v", s, CSAT.Unhappy(s))
		}
	}
}
