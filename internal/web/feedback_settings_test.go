package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/storetest"
)

// TestSurveySettings words a survey's question and adds a question of
// the shop's through the form, and shows the problem with a bad ID next
// to its field.
func TestSurveySettings(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupFeedback(t, d)
		ctx := context.Background()
		c := b.login(t, "en")

		contains(t, b.mustGet(t, c, "/feedback"), `href="/feedback/settings"`)
		body := b.mustGet(t, c, "/feedback/settings")
		contains(t, body, "NPS question", `name="questions.nps.en"`,
			`placeholder="How likely are you to recommend us to a friend or colleague?"`,
			`placeholder="Cât de probabil este să ne recomanzi unui prieten sau coleg?"`, "No questions of your own yet.",
			`id="extra-add"`)
		lacks(t, body, `name="extra.0.id"`)

		// "Add a question" shows a row and keeps what was typed.
		form := url.Values{"questions.nps.en": {"Would you recommend Toko Test to a friend?"}, "op": {"add"}}
		status, body, _ := b.postBody(t, c, "/feedback/settings", form)
		if status != http.StatusOK {
			t.Fatalf("add: %d", status)
		}
		contains(t, body, `name="extra.0.id"`, `value="Would you recommend Toko Test to a friend?"`, "Question 1",
			`name="extra.0.type" value="text" checked`)
		if st, _ := b.surveys.Settings(ctx, b.shop.ID); st.Question("nps", "en") != "" {
			t.Fatalf("adding a row saved: %+v", st)
		}

		// A bad ID is refused next to its field; nothing is saved.
		row := func(id string) url.Values {
			return url.Values{"questions.nps.en": {"Would you recommend Toko Test to a friend?"}, "questions.csat.id": {""},
				"extra.0.id": {id}, "extra.0.type": {"choice"}, "extra.0.label.en": {"How fast was the delivery?"},
				"extra.0.label.id": {"Seberapa cepat pengirimannya?"}, "extra.0.choices.en": {"Fast\n\nSlow\n"},
				"extra.0.choices.id": {"Cepat\nLambat"}, "extra.0.kinds": {"nps", "csat"}, "op": {"save"}}
		}
		status, body, _ = b.postBody(t, c, "/feedback/settings", row("Delivery Speed!"))
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("bad id: %d", status)
		}
		contains(t, body, "Some fields need a look.", `id="err-extra.0.id"`, "Use 1 to 40 lowercase letters, digits or _",
			`value="Delivery Speed!" maxlength="40"`, `aria-invalid="true" aria-describedby="err-extra.0.id"`,
			`value="How fast was the delivery?"`, "Fast\n\nSlow</textarea>")
		if st, _ := b.surveys.Settings(ctx, b.shop.ID); len(st.Extra) != 0 || st.Question("nps", "en") != "" {
			t.Fatalf("saved anyway: %+v", st)
		}

		// A good one saves, and an empty row added next to it is dropped.
		good := row("delivery_speed")
		good.Set("extra.1.id", "")
		good.Set("extra.1.type", "text")
		status, _, loc := b.postBody(t, c, "/feedback/settings", good)
		if status != http.StatusSeeOther || loc != "/feedback/settings?saved=1" {
			t.Fatalf("save: %d → %q", status, loc)
		}
		st, err := b.surveys.Settings(ctx, b.shop.ID)
		if err != nil {
			t.Fatal(err)
		}
		if st.Question("nps", "en") != "Would you recommend Toko Test to a friend?" || len(st.Extra) != 1 {
			t.Fatalf("settings = %+v", st)
		}
		q := st.Extra[0]
		if q.ID != "delivery_speed" || q.Type != "choice" || q.Label["en"] != "How fast was the delivery?" ||
			strings.Join(q.Choices["en"], "|") != "Fast|Slow" || strings.Join(q.Choices["id"], "|") != "Cepat|Lambat" ||
			len(q.Kinds) != 2 || !q.Asks("csat") || q.Asks("ces") {
			t.Fatalf("question = %+v", q)
		}
		body = b.mustGet(t, c, loc)
		contains(t, body, "Saved. The next surveys ask it this way.", `value="delivery_speed"`,
			`name="extra.0.type" value="choice" checked`, "Fast\nSlow</textarea>", `name="extra.0.kinds" value="csat" checked`,
			`name="extra.0.kinds" value="ces">`, `value="Would you recommend Toko Test to a friend?"`)
		lacks(t, body, `name="extra.1.id"`)

		// Two questions with one ID: the second one is told.
		dup := row("delivery_speed")
		dup.Set("extra.1.id", "delivery_speed")
		dup.Set("extra.1.type", "text")
		dup.Set("extra.1.label.en", "Anything else?")
		status, body, _ = b.postBody(t, c, "/feedback/settings", dup)
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("duplicate id: %d", status)
		}
		contains(t, body, `id="err-extra.1.id"`, "Another question already uses this ID.")
		lacks(t, body, `id="err-extra.0.id"`)

		// Removing the row shows the form without it; saving then
		// removes the question.
		rm := row("delivery_speed")
		rm.Set("op", "remove:0")
		_, body, _ = b.postBody(t, c, "/feedback/settings", rm)
		lacks(t, body, `name="extra.0.id"`)
		contains(t, body, "No questions of your own yet.")
	})
}
