package whatsapp

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrInvalidMessage is matched (errors.Is) by every error Message.Validate
// returns. Such a message can never be sent: the errors' Permanent method
// and IsPermanent report true.
var ErrInvalidMessage = errors.New("whatsapp: invalid message")

// invalidError is what Validate returns. It answers Permanent and
// MaybeDelivered like *Error, for callers that classify errors by those
// methods alone.
type invalidError struct{ msg string }

func (e *invalidError) Error() string        { return e.msg }
func (e *invalidError) Is(target error) bool { return target == ErrInvalidMessage }
func (e *invalidError) Permanent() bool      { return true }
func (e *invalidError) MaybeDelivered() bool { return false }

// invalid returns an invalidError reading "whatsapp: invalid message[ ID]: why".
func invalid(id, format string, args ...any) error {
	prefix := ErrInvalidMessage.Error()
	if id != "" {
		prefix += " " + id
	}
	return &invalidError{msg: prefix + ": " + fmt.Sprintf(format, args...)}
}

// Message is one template message to one customer.
type Message struct {
	// ID is Purna's outbox ID. It appears in errors, and it is sent as
	// biz_opaque_callback_data, which Meta returns in every status webhook
	// for the message (Status.CallbackData). Optional; at most 512 bytes.
	ID string
	// To is the customer's number in E.164 form: "+6281234567890".
	To string
	// Template is the name of an approved template: lowercase letters,
	// digits and underscores, such as "order_shipped".
	Template string
	// Language is the template's language code as approved: "id", "en",
	// "ro", "en_US".
	Language string
	// BodyParams fill the body's {{1}}, {{2}}… in order. Meta refuses
	// parameters that are empty or that contain a newline, a tab or more
	// than four spaces in a row.
	BodyParams []string
	// ButtonURLSuffix, if set, completes the dynamic URL of the template's
	// first button (index 0): "ORD-123" for https://shop.example/track/{{1}}.
	ButtonURLSuffix string
}

// Limits from the Cloud API reference: biz_opaque_callback_data is at most
// 512 characters; a template body is at most 1024 characters, so no single
// parameter can be longer.
const (
	maxIDLen    = 512
	maxParamLen = 1024
	maxNameLen  = 512
)

// Validate reports the first problem that would make Meta refuse m, wrapped
// around ErrInvalidMessage.
func (m Message) Validate() error {
	id := m.ID
	if hasControl(id) || len(id) > maxIDLen {
		id = "" // not fit to print
	}
	bad := func(format string, args ...any) error { return invalid(id, format, args...) }
	if len(m.ID) > maxIDLen || hasControl(m.ID) {
		return bad("ID must be at most %d bytes without control characters", maxIDLen)
	}
	if !isE164(m.To) {
		return bad("recipient %q is not an E.164 number such as +6281234567890", m.To)
	}
	if !isTemplateName(m.Template) {
		return bad("template name %q: want lowercase letters, digits and underscores", m.Template)
	}
	if !isLanguage(m.Language) {
		return bad("language %q: want a code such as id, en or en_US", m.Language)
	}
	for i, p := range m.BodyParams {
		if err := checkParam(p); err != nil {
			return bad("body parameter {{%d}}: %v", i+1, err)
		}
	}
	if m.ButtonURLSuffix != "" {
		if !utf8.ValidString(m.ButtonURLSuffix) || strings.IndexFunc(m.ButtonURLSuffix, unicode.IsSpace) >= 0 || hasControl(m.ButtonURLSuffix) {
			return bad("button URL suffix %q contains spaces or control characters", m.ButtonURLSuffix)
		}
		if len(m.ButtonURLSuffix) > 2000 {
			return bad("button URL suffix is longer than 2000 bytes")
		}
	}
	return nil
}

// checkParam applies Meta's rules for a text parameter ("Param text cannot
// have new-line/tab characters or more than 4 consecutive spaces", error
// 132018 in the Cloud API error codes).
func checkParam(p string) error {
	switch {
	case strings.TrimSpace(p) == "":
		return errors.New("empty")
	case !utf8.ValidString(p):
		return errors.New("not valid UTF-8")
	case strings.ContainsAny(p, "\n\r\t"):
		return errors.New("contains a newline or tab")
	case strings.Contains(p, "     "):
		return errors.New("contains more than four spaces in a row")
	case hasControl(p):
		return errors.New("contains a control character")
	case utf8.RuneCountInString(p) > maxParamLen:
		return fmt.Errorf("longer than %d characters", maxParamLen)
	}
	return nil
}

// isE164 reports whether s is '+' and 8 to 15 digits, the first not 0.
func isE164(s string) bool {
	d, ok := strings.CutPrefix(s, "+")
	return ok && len(d) >= 8 && len(d) <= 15 && d[0] != '0' && isDigits(d)
}

func isTemplateName(s string) bool {
	if s == "" || len(s) > maxNameLen {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// isLanguage accepts Meta's template language codes: "id", "fil", "en_US",
// "zh_CN".
func isLanguage(s string) bool {
	lang, region, hasRegion := strings.Cut(s, "_")
	if len(lang) < 2 || len(lang) > 3 || !isLetters(lang, 'a', 'z') {
		return false
	}
	return !hasRegion || len(region) == 2 && isLetters(region, 'A', 'Z')
}

func isLetters(s string, lo, hi byte) bool {
	for i := range len(s) {
		if s[i] < lo || s[i] > hi {
			return false
		}
	}
	return true
}

func hasControl(s string) bool {
	return strings.IndexFunc(s, unicode.IsControl) >= 0
}

// The request body of POST /{phone-number-id}/messages for a template
// message, as in the Cloud API reference ("Send message templates").
type sendRequest struct {
	MessagingProduct string       `json:"messaging_product"` // always "whatsapp"
	RecipientType    string       `json:"recipient_type"`    // always "individual"
	To               string       `json:"to"`                // digits, no '+'
	Type             string       `json:"type"`              // always "template"
	Template         templateBody `json:"template"`
	CallbackData     string       `json:"biz_opaque_callback_data,omitempty"`
}

type templateBody struct {
	Name       string      `json:"name"`
	Language   language    `json:"language"`
	Components []component `json:"components,omitempty"`
}

type language struct {
	Code string `json:"code"`
}

type component struct {
	Type       string      `json:"type"`               // "body" or "button"
	SubType    string      `json:"sub_type,omitempty"` // "url" for a button
	Index      string      `json:"index,omitempty"`    // a string: "0"
	Parameters []parameter `json:"parameters"`
}

type parameter struct {
	Type string `json:"type"` // "text"
	Text string `json:"text"`
}

// request builds the JSON body for m, which must be valid.
func (m Message) request() sendRequest {
	req := sendRequest{
		MessagingProduct: "whatsapp",
		RecipientType:    "individual",
		To:               strings.TrimPrefix(m.To, "+"),
		Type:             "template",
		Template:         templateBody{Name: m.Template, Language: language{Code: m.Language}},
		CallbackData:     m.ID,
	}
	if len(m.BodyParams) > 0 {
		ps := make([]parameter, len(m.BodyParams))
		for i, p := range m.BodyParams {
			ps[i] = parameter{Type: "text", Text: p}
		}
		req.Template.Components = append(req.Template.Components, component{Type: "body", Parameters: ps})
	}
	if m.ButtonURLSuffix != "" {
		req.Template.Components = append(req.Template.Components, component{
			Type: "button", SubType: "url", Index: "0",
			Parameters: []parameter{{Type: "text", Text: m.ButtonURLSuffix}},
		})
	}
	return req
}
