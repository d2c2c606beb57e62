// Package sqlstore implements every module's Store on the databases db
// opens: SQLite and PostgreSQL run the same SQL text. Each public method of
// Store opens its own transaction or reads from the read pool; a Tx runs
// everything inside one transaction, including the jobs it enqueues.
package sqlstore

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/db"
)

// Enqueuer inserts a job inside a database transaction. The jobs package
// implements it with River; sqlstore never sees River's types.
type Enqueuer interface {
	InsertTx(ctx context.Context, tx db.Tx, args purna.JobArgs) error
}

// Store reads and writes Purna's records.
type Store struct {
	db   *db.DB
	jobs Enqueuer
}

// New returns a Store on an open, migrated database. jobs may be nil when
// nothing the caller does enqueues work (tools, some tests); enqueueing then
// fails loudly rather than dropping the job.
func New(d *db.DB, jobs Enqueuer) *Store {
	return &Store{db: d, jobs: jobs}
}

// DB returns the underlying database.
func (s *Store) DB() *db.DB { return s.db }

// Tx is a Store bound to one transaction.
type Tx struct {
	q       db.Tx
	dialect db.Dialect
	jobs    Enqueuer
	// pending jobs are inserted just before commit, after merging those
	// that can be (one dispatch job for a batch of orders, not one each).
	pending []purna.JobArgs
}

// Merger is a job that can absorb another of its kind queued in the same
// transaction, so a batch of changes makes one job rather than many.
type Merger interface {
	// Merge adds other into the job and reports whether it could.
	Merge(other purna.JobArgs) bool
}

// Begin runs fn in a transaction bound Tx.
func (s *Store) Begin(ctx context.Context, fn func(*Tx) error) error {
	return s.db.InTx(ctx, func(q db.Tx) error {
		t := &Tx{q: q, dialect: s.db.Dialect, jobs: s.jobs}
		if err := fn(t); err != nil {
			return err
		}
		return t.flushJobs(ctx)
	})
}

// flushJobs inserts the pending jobs, merging each into an earlier one
// where it can.
func (t *Tx) flushJobs(ctx context.Context) error {
	var merged []purna.JobArgs
next:
	for _, job := range t.pending {
		for _, m := range merged {
			if mm, ok := m.(Merger); ok && mm.Merge(job) {
				continue next
			}
		}
		merged = append(merged, job)
	}
	t.pending = nil
	for _, job := range merged {
		if err := t.jobs.InsertTx(ctx, t.q, job); err != nil {
			return err
		}
	}
	return nil
}

// Raw returns the database transaction, for savepoints.
func (t *Tx) Raw() db.Tx { return t.q }

// Savepoint runs fn in a savepoint: if fn fails, only its writes are undone
// and the transaction goes on.
func (t *Tx) Savepoint(ctx context.Context, fn func() error) error {
	n := len(t.pending)
	err := db.Savepoint(ctx, t.q, "purna_sp", fn)
	if err != nil {
		t.pending = t.pending[:n] // the jobs of undone writes go too
	}
	return err
}

// Enqueue adds a job that commits with the transaction. It is inserted at
// the end of the transaction, merged into a like job when it can be.
func (t *Tx) Enqueue(ctx context.Context, job purna.JobArgs) error {
	if t.jobs == nil {
		return fmt.Errorf("sqlstore: enqueue %s: no job queue configured", job.Kind())
	}
	t.pending = append(t.pending, job)
	return nil
}

// notFound turns "no rows" into ENOTFOUND and wraps anything else.
func notFound(err error, what string) error {
	if db.IsNoRows(err) {
		return purna.Errorf(purna.ENOTFOUND, "%s not found.", what)
	}
	return fmt.Errorf("sqlstore: %s: %w", strings.ToLower(what), err)
}

// utc returns t in UTC, or nil.
func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// jsonText marshals v for a TEXT column.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("sqlstore: marshal %T: %v", v, err)) // only our own types go here
	}
	return string(b)
}

// findShopJSON reads a shop's JSON settings row of table (shop_id,
// <column>, updated_at) into v. found is false when the shop has none.
// table and column are our own constants, never user input.
func (s *Store) findShopJSON(ctx context.Context, table, column string, shopID purna.ID, v any) (found bool, err error) {
	var text string
	err = s.db.Read().QueryRow(ctx, `SELECT `+column+` FROM `+table+` WHERE shop_id = $1`, shopID).Scan(&text)
	if db.IsNoRows(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("sqlstore: %s: %w", table, err)
	}
	if err := json.Unmarshal([]byte(text), v); err != nil {
		return false, fmt.Errorf("sqlstore: shop %s %s: %w", shopID, table, err)
	}
	return true, nil
}

// saveShopJSON stores v as the shop's row of table.
func (s *Store) saveShopJSON(ctx context.Context, table, column string, shopID purna.ID, v any, now time.Time) error {
	_, err := s.db.Write().Exec(ctx, `INSERT INTO `+table+` (shop_id, `+column+`, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (shop_id) DO UPDATE SET `+column+` = excluded.`+column+`, updated_at = excluded.updated_at`,
		shopID, jsonText(v), now.UTC())
	if err != nil {
		return fmt.Errorf("sqlstore: save %s: %w", table, err)
	}
	return nil
}

// placeholders returns "($1,$2,…),($n+1,…)" for rows of n columns starting
// after offset.
func placeholders(rows, cols, offset int) string {
	var b strings.Builder
	n := offset
	for r := range rows {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteByte(',')
			}
			n++
			b.WriteString("$" + strconv.Itoa(n))
		}
		b.WriteByte(')')
	}
	return b.String()
}

// A cursor names the last row of a page by its sort time and ID, so the
// next page starts right after it even when rows are added meanwhile.
func encodeCursor(t time.Time, id purna.ID) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(t.UnixNano(), 10) + "." + id))
}

func decodeCursor(s string) (time.Time, purna.ID, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		ns, id, ok := strings.Cut(string(b), ".")
		n, perr := strconv.ParseInt(ns, 10, 64)
		if ok && perr == nil && purna.ValidID(id) {
			return time.Unix(0, n).UTC(), id, nil
		}
	}
	return time.Time{}, "", &purna.Error{Code: purna.EINVALID, Message: "The cursor is not valid.",
		Fields: map[string]string{"cursor": "is not a cursor this API returned"}}
}

// trimPage cuts a query's limit+1 rows to limit and returns the cursor of
// the next page, empty when there is none. key gives a row's sort time and
// ID, the order the query sorts by.
func trimPage[T any](rows []T, limit int, key func(T) (time.Time, purna.ID)) ([]T, string) {
	if len(rows) <= limit {
		return rows, ""
	}
	rows = rows[:limit]
	return rows, encodeCursor(key(rows[limit-1]))
}

// likePattern escapes q for a LIKE match anywhere in a lower-cased column.
func likePattern(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(strings.TrimSpace(q))) + "%"
}

// where builds a WHERE clause from conditions with numbered arguments.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	// Renumber "?" into "$n" in order.
	var b strings.Builder
	for _, r := range cond {
		if r == '?' {
			w.args = append(w.args, args[0])
			args = args[1:]
			b.WriteString("$" + strconv.Itoa(len(w.args)))
			continue
		}
		b.WriteRune(r)
	}
	w.conds = append(w.conds, b.String())
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

func (w *where) next() string { return "$" + strconv.Itoa(len(w.args)+1) }

// manyByKey is the shop condition of a lookup of many rows by their key
// (id IN (…), order_id IN (…)), for a table whose shop column is "shop_id"
// under the alias a ("" for none). Written as an expression, it keeps
// SQLite from walking the shop's index: with a long IN list and no
// statistics SQLite guesses that a shop has ten rows and reads every row of
// it instead of looking each key up (TestBulkLookupsUseKeys). The shop
// check itself is the same; PostgreSQL plans it the same way either way.
func manyByKey(alias string) string {
	if alias != "" {
		alias += "."
	}
	return alias + "shop_id || '' = $1"
}
