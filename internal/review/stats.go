package review

import (
	"math"
	"strconv"
)

// Summary is what a product's published reviews add up to. Callers pass
// only published reviews' ratings.
type Summary struct {
	Count int `json:"count"`
	// Average is the plain mean of the ratings, not rounded and not
	// weighted: shoppers compare it with the stars they count themselves,
	// and a Bayesian "pull towards the middle" would show a product with
	// two five-star reviews below 5, which looks like a lie. Use
	// AverageText to show it.
	Average float64 `json:"average"`
	// Histogram counts the ratings: Histogram[0] is one star, [4] five.
	Histogram [5]int `json:"histogram"`
}

// Summarize adds up ratings. Ratings outside 1 to 5 are left out: Validate
// refuses them, so one here is a bug elsewhere, and it must not move the
// average.
func Summarize(ratings []int) Summary {
	var h [5]int
	for _, r := range ratings {
		if r < MinRating || r > MaxRating {
			continue
		}
		h[r-1]++
	}
	return SummaryOf(h)
}

// SummaryOf is the summary of a histogram of ratings (h[0] one star, h[4]
// five), as the database counts them.
func SummaryOf(h [5]int) Summary {
	s := Summary{Histogram: h}
	var sum int
	for i, n := range s.Histogram {
		s.Count += n
		sum += (i + 1) * n
	}
	if s.Count > 0 {
		s.Average = float64(sum) / float64(s.Count)
	}
	return s
}

// AverageText returns the average rounded to one decimal, as shown and as
// schema.org's ratingValue: "4.6", or "" when there are no ratings.
// Halves round up, from the histogram's whole numbers when it adds up to
// Count, so 4.25 is "4.3" and never "4.2" by a floating-point hair.
func (s Summary) AverageText() string {
	if s.Count <= 0 {
		return ""
	}
	var n, sum int
	for i, c := range s.Histogram {
		n += c
		sum += (i + 1) * c
	}
	if n == s.Count {
		// round(10·sum/n) = floor((20·sum + n) / 2n), in integers.
		tenths := (20*sum + n) / (2 * n)
		return strconv.Itoa(tenths/10) + "." + strconv.Itoa(tenths%10)
	}
	// A Summary made elsewhere (an SQL AVG) without its histogram.
	return strconv.FormatFloat(math.Round(s.Average*10)/10, 'f', 1, 64)
}
