package message

import (
	"embed"
	"fmt"
	htmltemplate "html/template"
	"slices"
	"strings"
	"sync"
	texttemplate "text/template"

	"github.com/purnajual/purna"
)

// The shipped templates. templates/layout.html and layout.txt are the
// frame every message shares; templates/<locale>/layout.tmpl holds the
// frame's words in one language; templates/<locale>/<key>.tmpl is one
// message in one language, with its parts in sections. A translator
// works in one folder. templates/README.md explains the files to them.
//
//go:embed templates/layout.html templates/layout.txt templates/*/*.tmpl
var files embed.FS

// layout is the frame of one language, parsed and never executed: Parse
// clones it for each template.
type layout struct {
	html *htmltemplate.Template
	text *texttemplate.Template
}

var layouts = sync.OnceValues(func() (map[string]layout, error) {
	htmlSrc, err := files.ReadFile("templates/layout.html")
	if err != nil {
		return nil, err
	}
	textSrc, err := files.ReadFile("templates/layout.txt")
	if err != nil {
		return nil, err
	}
	out := make(map[string]layout, len(Locales))
	for _, loc := range Locales {
		words, err := files.ReadFile("templates/" + loc + "/layout.tmpl")
		if err != nil {
			return nil, err
		}
		h, err := htmltemplate.New("layout").Option("missingkey=error").Funcs(funcsFor(loc)).Parse(string(htmlSrc))
		if err == nil {
			_, err = h.New("words").Parse(string(words))
		}
		if err != nil {
			return nil, fmt.Errorf("message: %s html layout: %w", loc, err)
		}
		t, err := texttemplate.New("layout").Option("missingkey=error").Funcs(funcsFor(loc)).Parse(string(textSrc))
		if err == nil {
			_, err = t.New("words").Parse(string(words))
		}
		if err != nil {
			return nil, fmt.Errorf("message: %s text layout: %w", loc, err)
		}
		out[loc] = layout{html: h, text: t}
	}
	return out, nil
})

func layoutFor(locale string) (layout, error) {
	all, err := layouts()
	if err != nil {
		return layout{}, err
	}
	l, ok := all[locale]
	if !ok {
		return layout{}, purna.Errorf(purna.ENOTFOUND, "No messages in language %q.", locale)
	}
	return l, nil
}

// Default returns the template Purna ships for key in locale. ENOTFOUND
// for an unknown key or language.
func Default(key Key, locale string) (Template, error) {
	if !key.Valid() {
		return Template{}, purna.Errorf(purna.ENOTFOUND, "No message %q.", key)
	}
	b, err := files.ReadFile("templates/" + locale + "/" + string(key) + ".tmpl")
	if err != nil {
		return Template{}, purna.Errorf(purna.ENOTFOUND, "No message %q in language %q.", key, locale)
	}
	sec, err := sections(string(b))
	if err != nil {
		return Template{}, fmt.Errorf("message: templates/%s/%s.tmpl: %w", locale, key, err)
	}
	return Template{Key: key, Locale: locale, Subject: sec["subject"], HTML: sec["html"], Text: sec["text"], SMS: sec["sms"]}, nil
}

// sections splits a template file into its parts. A part starts after a
// line "-- subject --", "-- html --", "-- text --" or "-- sms --" and runs
// to the next; anything before the first is a note for translators. The
// sms section may be missing (files written before SMS existed); the
// others may not.
func sections(src string) (map[string]string, error) {
	out := map[string]string{}
	var name string
	var body strings.Builder
	flush := func() {
		if name != "" {
			out[name] = strings.Trim(body.String(), "\n")
		}
		body.Reset()
	}
	for l := range strings.Lines(src) {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "-- ") && strings.HasSuffix(t, " --") {
			flush()
			name = strings.TrimSpace(t[3 : len(t)-3])
			if !slices.Contains(Parts(), name) {
				return nil, fmt.Errorf("unknown section %q", name)
			}
			if _, dup := out[name]; dup {
				return nil, fmt.Errorf("section %q twice", name)
			}
			continue
		}
		if name != "" {
			body.WriteString(l)
		}
	}
	flush()
	for _, s := range []string{"subject", "html", "text"} {
		if _, ok := out[s]; !ok {
			return nil, fmt.Errorf("no %q section", s)
		}
	}
	return out, nil
}
