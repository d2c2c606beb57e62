package message

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// feedbackKeys are the messages that ask the customer for an answer; each
// is sent a second time as the reminder.
var feedbackKeys = []Key{SurveyNPS, SurveyCSAT, SurveyCES, ReviewRequest}

// feedbackVariants are the ways a survey or review request goes out
// besides the first sending the golden files show.
func feedbackVariants(f fixture, key Key, locale string) []struct {
	name string
	data Data
} {
	type variant = struct {
		name string
		data Data
	}
	first := f.data(key, locale)
	reminder := f.data(key, locale)
	words := wordsFor(locale)
	if reminder.Survey != nil {
		reminder.Survey.Reminder = true
		reminder.Survey.Question = words.questions[reminder.Survey.Kind]
	}
	if reminder.Review != nil {
		reminder.Review.Reminder = true
	}
	out := []variant{{"first", first}, {"reminder in the shop's words", reminder}}
	switch key {
	case SurveyNPS, SurveyCSAT, SurveyCES:
		bare := f.data(key, locale)
		bare.Case, bare.Order, bare.Customer.FirstName = nil, nil, ""
		out = append(out, variant{"no case, no order, no name", bare})
		bareReminder := bare
		bareReminder.Survey = &SurveyData{Kind: bare.Survey.Kind, Scores: bare.Survey.Scores, PageURL: bare.Survey.PageURL, Reminder: true}
		out = append(out, variant{"reminder with no case, no order", bareReminder})
	case ReviewRequest:
		one := f.data(key, locale)
		one.Review.Products = one.Review.Products[1:]
		one.Review.Incentive = ""
		one.Order = nil
		out = append(out, variant{"one product without a picture, no incentive, no order", one})
	}
	if key == SurveyCSAT || key == SurveyCES {
		// A CES after a return, a CSAT after a service visit.
		other := f.data(key, locale)
		other.Case = f.data(map[Key]Key{SurveyCSAT: SurveyCES, SurveyCES: SurveyCSAT}[key], locale).Case
		out = append(out, variant{"after a case of kind " + other.Case.Kind, other})
	}
	return out
}

// TestFeedbackVariants renders each survey and the review request as
// first sent, as the reminder in the shop's own words, and with the least
// they may know, in each language; checks that the SMS fits and that the
// reminder says so; and compares subject, SMS, WhatsApp and text with
// testdata/golden/feedback_variants.<locale>.txt.
func TestFeedbackVariants(t *testing.T) {
	t.Parallel()
	reminderWords := map[string]string{"id": "Sekadar mengingatkan", "en": "A quick reminder", "ro": "reamintire"}
	for _, locale := range Locales {
		t.Run(locale, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, locale)
			var out strings.Builder
			for _, key := range feedbackKeys {
				c := MustDefault(t, key, locale)
				for _, v := range feedbackVariants(f, key, locale) {
					r, err := c.Render(v.data)
					if err != nil {
						t.Fatalf("%s %s: %v", key, v.name, err)
					}
					wa, err := WhatsAppParams(key, v.data)
					if err != nil {
						t.Fatalf("%s %s: whatsapp: %v", key, v.name, err)
					}
					limit := 1
					if locale == "ro" {
						limit = 2
					}
					if n := SMSSegments(r.SMS); n > limit {
						t.Errorf("%s %s: SMS in %d parts: %s", key, v.name, n, r.SMS)
					}
					reminder := (v.data.Survey != nil && v.data.Survey.Reminder) || (v.data.Review != nil && v.data.Review.Reminder)
					for part, s := range map[string]string{"subject": r.Subject, "text": r.Text} {
						if got := strings.Contains(strings.ToLower(s), strings.ToLower(reminderWords[locale])); got != reminder {
							t.Errorf("%s %s: %s says it is a reminder = %v, want %v", key, v.name, part, got, reminder)
						}
					}
					if q := v.data.Survey; q != nil && q.Question != "" && !strings.Contains(r.Text, q.Question) {
						t.Errorf("%s %s: text does not ask the shop's question", key, v.name)
					}
					for _, s := range []string{r.Subject, r.Text, r.SMS} {
						if strings.Contains(s, "<no value>") || strings.Contains(s, "  ") || strings.Contains(s, " ?") {
							t.Errorf("%s %s: %q", key, v.name, s)
						}
					}
					out.WriteString("=== " + string(key) + ": " + v.name + "\n")
					out.WriteString("subject: " + r.Subject + "\n")
					out.WriteString("sms: " + r.SMS + "\n")
					out.WriteString("whatsapp: " + strings.Join(wa.Body, " | ") + "\n\n")
					body, _, _ := strings.Cut(r.Text, "\n----") // the footer is the layout's
					out.WriteString(body + "\n\n")
				}
			}
			path := filepath.Join("testdata", "golden", "feedback_variants."+locale+".txt")
			if *update {
				if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/message -update)", err)
			}
			if got := out.String(); got != string(want) {
				t.Errorf("%s differs; run go test ./internal/message -update and review the diff\n%s", path, firstDiff(string(want), got))
			}
		})
	}
}

// TestScoreButtons checks the email's one-click answers: one link per
// score in one row of equal cells, lowest first, each link the score's own,
// and five star links per product, each opening its form with its rating.
func TestScoreButtons(t *testing.T) {
	t.Parallel()
	for _, locale := range Locales {
		for _, key := range feedbackKeys {
			t.Run(string(key)+"."+locale, func(t *testing.T) {
				t.Parallel()
				d := Sample(key, locale)
				r, err := MustDefault(t, key, locale).Render(d)
				if err != nil {
					t.Fatal(err)
				}
				var links []ScoreLink
				if d.Survey != nil && key != ReviewRequest {
					links = d.Survey.Scores
					if n := strings.Count(r.HTML, "table-layout:fixed"); n != 1 {
						t.Errorf("%d rows of scores, want 1", n)
					}
				} else {
					for _, p := range d.Review.Products {
						links = append(links, p.Stars...)
						if !strings.Contains(r.HTML, p.Name) {
							t.Errorf("html does not name %s", p.Name)
						}
					}
					if n := strings.Count(r.HTML, "★</a>"); n != 5*len(d.Review.Products) {
						t.Errorf("%d star links, want %d", n, 5*len(d.Review.Products))
					}
				}
				last := 0
				for _, l := range links {
					i := strings.Index(r.HTML, `href="`+l.URL+`"`)
					if i < 0 {
						t.Fatalf("html has no link for %d (%s)", l.Score, l.URL)
					}
					if i < last {
						t.Errorf("the link for %d comes before the one below it", l.Score)
					}
					last = i
					if !strings.Contains(r.Text, "\n"+strconv.Itoa(l.Score)+" - "+l.URL+"\n") {
						t.Errorf("text has no line %q", strconv.Itoa(l.Score)+" - "+l.URL)
					}
				}
			})
		}
	}
}
