package whatsapp

import (
	"errors"
	"strings"
	"testing"
)

func validMessage() Message {
	return Message{
		ID: "01JZ5Q7ZP3MZ8XK0Y2V9R4T6WA", To: "+6281234567890", Template: "order_shipped", Language: "id",
		BodyParams: []string{"Budi", "INV-2024-001"}, ButtonURLSuffix: "ORD-123",
	}
}

func TestMessageValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		edit    func(*Message)
		wantErr string // "" means valid
	}{
		{name: "valid", edit: func(*Message) {}},
		{name: "no params, no button, no ID", edit: func(m *Message) { m.ID, m.BodyParams, m.ButtonURLSuffix = "", nil, "" }},
		{name: "region language", edit: func(m *Message) { m.Language = "en_US" }},
		{name: "three-letter language", edit: func(m *Message) { m.Language = "fil" }},
		{name: "romanian param", edit: func(m *Message) { m.BodyParams = []string{"Ștefan Țurcanu", "comanda ta"} }},
		{name: "four spaces are fine", edit: func(m *Message) { m.BodyParams = []string{"a    b"} }},
		{name: "no plus", edit: func(m *Message) { m.To = "6281234567890" }, wantErr: "E.164"},
		{name: "too short", edit: func(m *Message) { m.To = "+6281234" }, wantErr: "E.164"},
		{name: "too long", edit: func(m *Message) { m.To = "+6281234567890123" }, wantErr: "E.164"},
		{name: "leading zero", edit: func(m *Message) { m.To = "+081234567890" }, wantErr: "E.164"},
		{name: "spaces in number", edit: func(m *Message) { m.To = "+62 812 3456 7890" }, wantErr: "E.164"},
		{name: "no template", edit: func(m *Message) { m.Template = "" }, wantErr: "template"},
		{name: "template with capitals", edit: func(m *Message) { m.Template = "Order_Shipped" }, wantErr: "template"},
		{name: "no language", edit: func(m *Message) { m.Language = "" }, wantErr: "language"},
		{name: "language with dash", edit: func(m *Message) { m.Language = "en-US" }, wantErr: "language"},
		{name: "empty param", edit: func(m *Message) { m.BodyParams = []string{"Budi", " "} }, wantErr: "{{2}}: empty"},
		{name: "newline in param", edit: func(m *Message) { m.BodyParams = []string{"Budi\nSantoso"} }, wantErr: "newline"},
		{name: "tab in param", edit: func(m *Message) { m.BodyParams = []string{"Budi\tSantoso"} }, wantErr: "newline or tab"},
		{name: "five spaces in param", edit: func(m *Message) { m.BodyParams = []string{"a     b"} }, wantErr: "four spaces"},
		{name: "invalid UTF-8 in param", edit: func(m *Message) { m.BodyParams = []string{"a\xffb"} }, wantErr: "UTF-8"},
		{name: "param too long", edit: func(m *Message) { m.BodyParams = []string{strings.Repeat("a", 1025)} }, wantErr: "longer"},
		{name: "space in button suffix", edit: func(m *Message) { m.ButtonURLSuffix = "ORD 123" }, wantErr: "button"},
		{name: "ID too long", edit: func(m *Message) { m.ID = strings.Repeat("x", 513) }, wantErr: "ID"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := validMessage()
			tc.edit(&m)
			err := m.Validate()
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("Validate() = %v, want error containing %q", err, tc.wantErr)
			}
			if !errors.Is(err, ErrInvalidMessage) || !IsPermanent(err) {
				t.Errorf("error %v: want ErrInvalidMessage and permanent", err)
			}
			// The journey engine asks errors these two questions only.
			var p interface{ Permanent() bool }
			var md interface{ MaybeDelivered() bool }
			if !errors.As(err, &p) || !p.Permanent() || !errors.As(err, &md) || md.MaybeDelivered() {
				t.Errorf("error %v: want Permanent() true and MaybeDelivered() false", err)
			}
		})
	}
}
