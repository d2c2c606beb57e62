package review

import (
	"fmt"
	"math"
	"testing"
)

func TestSummarize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		ratings []int
		want    Summary
		text    string
	}{
		{"none", nil, Summary{}, ""},
		{"one", []int{4}, Summary{Count: 1, Average: 4, Histogram: [5]int{0, 0, 0, 1, 0}}, "4.0"},
		{"mixed", []int{5, 5, 4, 1}, Summary{Count: 4, Average: 3.75, Histogram: [5]int{1, 0, 0, 1, 2}}, "3.8"},
		{"a half rounds up", []int{5, 4, 4, 4}, Summary{Count: 4, Average: 4.25, Histogram: [5]int{0, 0, 0, 3, 1}}, "4.3"},
		{"thirds", []int{5, 5, 4}, Summary{Count: 3, Average: 14.0 / 3, Histogram: [5]int{0, 0, 0, 1, 2}}, "4.7"},
		{"all fives", []int{5, 5}, Summary{Count: 2, Average: 5, Histogram: [5]int{0, 0, 0, 0, 2}}, "5.0"},
		{"out of range left out", []int{0, 6, -1, 3}, Summary{Count: 1, Average: 3, Histogram: [5]int{0, 0, 1, 0, 0}}, "3.0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := Summarize(tc.ratings)
			if got != tc.want {
				t.Errorf("Summarize(%v) = %+v, want %+v", tc.ratings, got, tc.want)
			}
			if s := got.AverageText(); s != tc.text {
				t.Errorf("AverageText() = %q, want %q", s, tc.text)
			}
		})
	}
}

// TestAverageText checks the rounding against the exact fraction for many
// histograms: 20 reviews of each mix of ratings.
func TestAverageText(t *testing.T) {
	t.Parallel()
	for a := range 21 {
		for b := range 21 - a {
			h := [5]int{a, b, 0, 0, 20 - a - b}
			s := Summary{Count: 20, Histogram: h}
			sum := a + 2*b + 5*(20-a-b)
			s.Average = float64(sum) / 20
			// sum/20 in tenths is sum/2: a whole number or a half, which rounds up.
			want := fmt.Sprintf("%d.%d", (sum+1)/2/10, (sum+1)/2%10)
			if got := s.AverageText(); got != want {
				t.Errorf("%v: AverageText() = %q, want %q", h, got, want)
			}
		}
	}
	// Without a histogram the float is rounded.
	if got := (Summary{Count: 7, Average: 4.04}).AverageText(); got != "4.0" {
		t.Errorf("no histogram: %q", got)
	}
	if got := (Summary{Count: 7, Average: math.Nextafter(4.05, 5)}).AverageText(); got != "4.1" {
		t.Errorf("no histogram: %q", got)
	}
}
