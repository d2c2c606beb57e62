package web

import (
	"math"
	"strconv"
	"strings"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/survey"
)

// The words and helpers the feedback pages share: the results, the
// answers, the follow-up inbox and a follow-up's page.

// feedbackNotFound is what the feedback pages answer when they are off.
func feedbackNotFound() error { return purna.Errorf(purna.ENOTFOUND, "Page not found.") }

// surveyKindLabel names a kind of survey: "NPS", "CSAT", "CES".
func surveyKindLabel(l lang, k survey.Kind) string { return l.T("feedback.kind." + string(k)) }

// scoreGroup is the group an answer falls in, for its badge and the
// stacked bar: promoter, passive or detractor on NPS; satisfied, neutral
// or unhappy on CSAT; easy, neutral or hard on CES. Tone is how the page
// colours it: good, mid or bad.
func scoreGroup(k survey.Kind, score int) (group, tone string) {
	switch k {
	case survey.NPS:
		switch {
		case score >= 9:
			return "promoter", "good"
		case score >= 7:
			return "passive", "mid"
		}
		return "detractor", "bad"
	case survey.CSAT:
		switch {
		case score >= 4:
			return "satisfied", "good"
		case score == 3:
			return "neutral", "mid"
		}
		return "unhappy", "bad"
	}
	switch {
	case score >= 5:
		return "easy", "good"
	case score >= 3:
		return "neutral", "mid"
	}
	return "hard", "bad"
}

// scoreGroups lists a kind's groups from the happiest.
func scoreGroups(k survey.Kind) []string {
	switch k {
	case survey.NPS:
		return []string{"promoter", "passive", "detractor"}
	case survey.CSAT:
		return []string{"satisfied", "neutral", "unhappy"}
	}
	return []string{"easy", "neutral", "hard"}
}

// decimal writes x with digits decimals in the page's language: "30.4",
// "30,4".
func decimal(l lang, x float64, digits int) string {
	s := strconv.FormatFloat(x, 'f', digits, 64)
	if l.Locale != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// npsText writes an NPS (−100..100) as a signed whole number: "+33", "-12", "0".
func npsText(score float64) string {
	n := int(math.Round(score))
	if n > 0 {
		return "+" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// tallyText writes a tally's headline number the way its kind is read:
// the NPS signed, the CSAT share as a percentage, the CES mean of 7.
func tallyText(l lang, k survey.Kind, t survey.Tally) string {
	if t.N() == 0 {
		return "—"
	}
	switch k {
	case survey.NPS:
		return npsText(t.Value())
	case survey.CSAT:
		return percent(l, t.Value()/100)
	}
	return decimal(l, t.Value(), 1)
}

// triggerText says what opened a follow-up: "NPS 3", "2-star review".
func triggerText(l lang, trigger string, score int) string {
	if k := survey.Kind(trigger); k.Valid() {
		return l.T("followups.trigger.survey", "kind", surveyKindLabel(l, k), "score", score)
	}
	if trigger == "review" {
		return l.N("followups.trigger.review", score)
	}
	return trigger + " " + strconv.Itoa(score)
}

// excerpt shortens text to about n characters on one line, for lists.
func excerpt(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// feedbackChart is a server-drawn SVG bar chart of the feedback pages:
// bars from a base value, so an NPS below zero hangs under the zero line.
type feedbackChart struct {
	Width, Height int
	Label         string
	Grid          []gridLine
	Bars          []feedbackBar
	// ZeroY is the zero line's height, drawn when the scale goes below 0.
	ZeroY    float64
	WithZero bool
}

// feedbackBar is one bar; an Empty one (a week without answers) is only
// its label.
type feedbackBar struct {
	X, Y, W, H     float64
	LabelX, LabelY float64
	Label, Title   string
	Tone           string
	Empty          bool
}

// chartValue is what one bar shows. An Empty one has no data (its label
// is greyed); a Hidden one is a count of zero, drawn as no bar.
type chartValue struct {
	Value         float64
	Label, Title  string
	Tone          string
	Empty, Hidden bool
}

// chartSize is a chart's SVG viewBox. The text is 11 units high, so a
// chart's width is about the width it is shown at: the trend spans the
// page, the distribution a column.
type chartSize struct{ Width, Height int }

var (
	trendSize        = chartSize{900, 260}
	distributionSize = chartSize{420, 220}
)

// Chart margins, in SVG units.
const chartLeft, chartRight, chartTop, chartBottom = 40.0, 8.0, 12.0, 28.0

// newFeedbackChart draws values on the scale lo..hi with grid lines at
// ticks, each bar rising (or falling) from base.
func newFeedbackChart(size chartSize, label string, values []chartValue, lo, hi, base float64, ticks []float64, tick func(float64) string) feedbackChart {
	chartWidth, chartHeight := float64(size.Width), float64(size.Height)
	c := feedbackChart{Width: size.Width, Height: size.Height, Label: label}
	plotH := chartHeight - chartTop - chartBottom
	y := func(v float64) float64 {
		v = min(max(v, lo), hi)
		return math.Round((chartTop+(hi-v)/(hi-lo)*plotH)*10) / 10
	}
	for _, t := range ticks {
		c.Grid = append(c.Grid, gridLine{Y: y(t), Label: tick(t)})
	}
	if lo < 0 && hi > 0 {
		c.ZeroY, c.WithZero = y(0), true
	}
	if len(values) == 0 {
		return c
	}
	slot := (chartWidth - chartLeft - chartRight) / float64(len(values))
	for i, v := range values {
		x := chartLeft + float64(i)*slot + slot*0.18
		b := feedbackBar{X: math.Round(x*10) / 10, W: math.Round(slot*0.64*10) / 10, LabelX: math.Round((x+slot*0.32)*10) / 10,
			LabelY: chartHeight - 8, Label: v.Label, Title: v.Title, Tone: v.Tone, Empty: v.Empty}
		if !v.Empty && !v.Hidden {
			top, bottom := y(max(v.Value, base)), y(min(v.Value, base))
			b.Y, b.H = top, bottom-top
			if b.H < 2 { // a score right on the base still shows
				b.Y, b.H = top-1, 2
			}
		}
		c.Bars = append(c.Bars, b)
	}
	return c
}
