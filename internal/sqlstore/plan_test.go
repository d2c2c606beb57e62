package sqlstore

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/purnajual/purna/internal/storetest"
)

// TestBulkLookupsUseKeys checks, on SQLite without statistics, that
// looking up 500 rows by key with manyByKey finds each by its key, and
// that the plain shop condition would have walked the whole shop (so the
// test can tell the difference).
func TestBulkLookupsUseKeys(t *testing.T) {
	t.Parallel()
	d := storetest.MustOpenSQLite(t)
	var in strings.Builder
	args := []any{"shop"}
	for i := range 500 {
		if i > 0 {
			in.WriteByte(',')
		}
		in.WriteString("$" + strconv.Itoa(i+2))
		args = append(args, "id"+strconv.Itoa(i))
	}
	plan := func(q string) string {
		rows, err := d.Read().Query(context.Background(), "EXPLAIN QUERY PLAN "+q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			out = append(out, detail)
		}
		return strings.Join(out, "; ")
	}
	for _, c := range []struct{ table, alias, key string }{
		{"orders", "o", "id"},
		{"customers", "", "id"},
		{"order_lines", "", "order_id"},
		{"shipments", "", "order_id"},
		{"events", "", "id"},
	} {
		col := c.key
		if c.alias != "" {
			col = c.alias + "." + c.key
		}
		from := c.table + " " + c.alias
		good := plan("SELECT * FROM " + from + " WHERE " + manyByKey(c.alias) + " AND " + col + " IN (" + in.String() + ")")
		if strings.Contains(good, "(shop_id=?)") || !strings.Contains(good, "("+c.key+"=?)") {
			t.Errorf("%s by %s: plan %q, want a lookup by %s", c.table, c.key, good, c.key)
		}
		shopCol := "shop_id"
		if c.alias != "" {
			shopCol = c.alias + ".shop_id"
		}
		bad := plan("SELECT * FROM " + from + " WHERE " + shopCol + " = $1 AND " + col + " IN (" + in.String() + ")")
		if !strings.Contains(bad, "(shop_id=?)") {
			t.Logf("%s: SQLite no longer walks the shop's index for a plain shop condition (%q); manyByKey may be unneeded", c.table, bad)
		}
	}
}
