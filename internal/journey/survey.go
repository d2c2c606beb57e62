package journey

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/message"
	"github.com/purnajual/purna/internal/survey"
	"github.com/purnajual/purna/internal/timeline"
)

// surveyKinds are the survey messages and the question each asks.
var surveyKinds = map[message.Key]survey.Kind{
	message.SurveyNPS: survey.NPS, message.SurveyCSAT: survey.CSAT, message.SurveyCES: survey.CES,
}

// SurveyAnswers is what messages need to know of surveys: whether the
// customer answered already (a reminder then goes to nobody), and the
// shop's own wording of the question. survey.Service implements it.
type SurveyAnswers interface {
	Answered(ctx context.Context, shopID, customerID purna.ID, kind survey.Kind, orderID, caseID *purna.ID) (bool, error)
	Settings(ctx context.Context, shopID purna.ID) (*survey.Settings, error)
}

// SkipError skips a message with a reason, as ErrNothingToSay does.
type SkipError struct{ Reason string }

func (e *SkipError) Error() string { return "skipped: " + e.Reason }

// errAnswered skips a survey message to a customer who answered it.
var errAnswered = &SkipError{Reason: "answered: the customer already answered this survey"}

// skipReason returns why err skips a message, or "" when it does not.
func skipReason(err error) string {
	var s *SkipError
	switch {
	case errors.As(err, &s):
		return s.Reason
	case errors.Is(err, ErrNothingToSay):
		return "nothing to say: no product in the order has content for this message"
	}
	return ""
}

// surveyData is the question of a survey message and its links: one per
// score, each signed for this customer, this survey and this order or
// case, so that one click answers and a forwarded email answers for
// nobody else.
func (tc *TemplateComposer) surveyData(ctx context.Context, d *Draft, kind survey.Kind) (*message.SurveyData, error) {
	m := d.Message
	var caseID *purna.ID
	if m.Facts.Case != nil && purna.ValidID(m.Facts.Case.ID) {
		id := m.Facts.Case.ID
		caseID = &id
	}
	if m.OrderID == nil && caseID == nil {
		return nil, ErrNothingToSay // a survey is about something
	}
	var question string
	if tc.Surveys != nil {
		answered, err := tc.Surveys.Answered(ctx, d.Shop.ID, d.Customer.ID, kind, m.OrderID, caseID)
		if err != nil {
			return nil, err
		}
		if answered {
			return nil, errAnswered
		}
		st, err := tc.Surveys.Settings(ctx, d.Shop.ID)
		if err != nil {
			return nil, err
		}
		question = st.Question(kind, d.Locale)
	}
	id := m.ID
	l := survey.Link{ShopID: d.Shop.ID, CustomerID: d.Customer.ID, Kind: kind, OrderID: m.OrderID, CaseID: caseID, MessageID: &id}
	page := tc.BaseURL + "/s/" + l.Token(tc.Secret)
	lo, hi := kind.Scale()
	sd := &message.SurveyData{Kind: string(kind), Question: question, Reminder: m.Facts.Reminder, PageURL: page}
	for s := lo; s <= hi; s++ {
		sd.Scores = append(sd.Scores, message.ScoreLink{Score: s, URL: page + "/" + strconv.Itoa(s)})
	}
	return sd, nil
}

// SurveyResolvedTriggers are the case events after which the customer is
// asked how satisfied they are (with ReturnResolved, the journey's
// trigger): the case is resolved. A repair is not among them: three days
// after the item is back, the service follow-up asks how it works.
var SurveyResolvedTriggers = []timeline.Type{
	timeline.ExchangeResolved, timeline.ReplacementResolved, timeline.ClaimResolved,
}

// surveyDefaults are the survey journeys every shop starts with. Each
// sends its question once and, to those who did not answer, once more.
func surveyDefaults() []Journey {
	send := func(tpl message.Key) Step { return Step{Send: &Send{Template: string(tpl), Channel: "email"}} }
	wait := func(d time.Duration) Step { return Step{Wait: &Wait{Duration: Duration(d)}} }
	day := 24 * time.Hour
	return []Journey{
		// Three days after delivery the customer has unpacked and used
		// it; a case opened meanwhile is a conversation already going on.
		{Key: "survey_nps", Name: "NPS survey three days after delivery, one reminder", Kind: Transactional,
			Trigger: timeline.OrderDelivered, Reentry: PerOrder, ExitOn: []timeline.Type{CaseOpened},
			Steps: []Step{wait(3 * day), send(message.SurveyNPS), wait(4 * day), send(message.SurveyNPS)}},
		{Key: "survey_csat", Name: "CSAT survey a day after a case is resolved, one reminder", Kind: Transactional,
			Trigger: timeline.ReturnResolved, Triggers: SurveyResolvedTriggers, Reentry: EveryTime,
			Steps: []Step{wait(day), send(message.SurveyCSAT), wait(3 * day), send(message.SurveyCSAT)}},
		{Key: "survey_ces", Name: "CES survey a day after a maintenance visit, one reminder", Kind: Transactional,
			Trigger: timeline.MaintenanceDone, Reentry: EveryTime,
			Steps: []Step{wait(day), send(message.SurveyCES), wait(3 * day), send(message.SurveyCES)}},
	}
}
