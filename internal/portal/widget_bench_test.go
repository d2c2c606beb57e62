package portal_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/review"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
)

// BenchmarkWidgetJSON is what every product page of the merchant's store
// costs Purna: one page of ten of a product's 300 published reviews (a
// third with a public reply) and its summary, as the widget fetches them,
// through the real handler on SQLite.
func BenchmarkWidgetJSON(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchWidget(b, setupFeedback(b, storetest.MustOpenSQLite(b))) })
	b.Run("postgres", func(b *testing.B) {
		if storetest.PostgresURL() == "" {
			b.Skip("PURNA_TEST_POSTGRES_URL is not set")
		}
		benchWidget(b, setupFeedback(b, storetest.MustOpenPostgres(b)))
	})
}

func benchWidget(b *testing.B, fb *feedbackBundle) {
	ctx := context.Background()
	now := time.Now().UTC()
	if err := (sqlstore.Reviews{Store: fb.store}).InTx(ctx, func(tx review.Tx) error {
		for i := range 300 {
			at := now.Add(-time.Duration(i) * time.Hour)
			rv := &review.Review{ID: purna.NewID(at), ShopID: fb.shop.ID, ProductID: fb.blender, Rating: 1 + i%5,
				Title: "Mantap", Body: "Blendernya kuat dan tidak berisik, dipakai tiap pagi untuk jus.", AuthorName: "Siti R.",
				Locale: "id", Photos: []string{}, Verified: true, Status: review.Published, Reasons: []string{},
				CreatedAt: at, PublishedAt: &at, UpdatedAt: at}
			if i%3 == 0 {
				rv.Reply = &review.Reply{Body: "Terima kasih, Kak!", Public: true, RepliedAt: at}
			}
			if err := tx.SaveReview(ctx, rv); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	u := fb.srv.URL + "/w/" + fb.shop.ID + "/products/BLND-01/reviews.json?page=2"
	h := fb.srv.Config.Handler
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, u, nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
}
