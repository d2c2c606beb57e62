package web

import (
	"net/http"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/message"
)

// templateListView is the data of the Messages page: every message Purna
// sends, and in which languages the shop changed its wording.
type templateListView struct {
	layout
	Locales []option // column heads
	Rows    []templateRow
	Edited  string // "2 edited" or ""
}

// templateRow is one message key.
type templateRow struct {
	Key, Name       string
	Kind, KindLabel string
	Cells           []templateCell
}

// templateCell is one message in one language: the link to its editor
// and whether the shop sends its own wording or the shipped one.
type templateCell struct {
	Locale, URL string
	Edited      bool
	Label       string
}

// handleTemplateList handles "GET /messages".
func (s *Server) handleTemplateList(w http.ResponseWriter, r *http.Request, v *viewer) {
	if s.templates == nil {
		s.error(w, r, v, purna.Errorf(purna.ENOTFOUND, "Page not found."))
		return
	}
	l := v.lang
	edits, err := s.templates.FindTemplates(r.Context(), v.shop.ID)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	edited := map[string]bool{}
	for _, t := range edits {
		edited[string(t.Key)+"/"+t.Locale] = true
	}
	d := templateListView{layout: s.layout(r, v, l.T("messages.title"), "messages")}
	for _, loc := range message.Locales {
		d.Locales = append(d.Locales, option{Value: loc, Label: langNames[loc]})
	}
	for _, k := range message.Keys() {
		row := templateRow{Key: string(k), Name: templateName(l, string(k)), Kind: string(k.Kind()),
			KindLabel: l.T("kind." + string(k.Kind()))}
		for _, loc := range message.Locales {
			c := templateCell{Locale: loc, URL: templateURL(k, loc), Edited: edited[string(k)+"/"+loc],
				Label: l.T("messages.shipped")}
			if c.Edited {
				c.Label = l.T("messages.edited")
			}
			row.Cells = append(row.Cells, c)
		}
		d.Rows = append(d.Rows, row)
	}
	if len(edits) > 0 {
		d.Edited = l.N("messages.edited_count", len(edits))
	}
	s.render(w, r, http.StatusOK, "template_list", d)
}

// templateURL is the editor of key in locale.
func templateURL(k message.Key, locale string) string {
	return "/messages/" + string(k) + "/" + locale
}
