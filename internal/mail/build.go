package mail

import (
	"fmt"
	netmail "net/mail"
	"net/textproto"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// build turns a valid m into a go-mail message: UTF-8, quoted-printable
// bodies, multipart/alternative when m has HTML.
func build(m Message, now time.Time) (*gomail.Msg, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	gm := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	gm.FromMailAddress(&netmail.Address{Name: m.From.Name, Address: m.From.Email})
	gm.ToMailAddress(&netmail.Address{Name: m.To.Name, Address: m.To.Email})
	if m.ReplyTo != nil {
		gm.ReplyToMailAddress(&netmail.Address{Name: m.ReplyTo.Name, Address: m.ReplyTo.Email})
	}
	gm.Subject(m.Subject)
	gm.SetMessageIDWithValue(m.ID + "@" + m.idHost())
	gm.SetDateWithValue(now)
	if m.Lang != "" {
		gm.SetGenHeader(gomail.HeaderContentLang, m.Lang)
	}
	if m.Marketing {
		uris, err := m.unsubscribeURIs()
		if err != nil {
			return nil, err
		}
		if m.oneClick() {
			if err := gm.SetListUnsubscribeOneClick(uris[0], uris[1:]...); err != nil {
				return nil, fmt.Errorf("%w: %w", ErrInvalidMessage, err)
			}
		} else {
			gm.SetListUnsubscribe(uris...)
		}
	}
	for k, v := range m.Headers {
		gm.SetGenHeader(gomail.Header(textproto.CanonicalMIMEHeaderKey(k)), v)
	}
	gm.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		gm.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return gm, nil
}
