package order

import (
	"context"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/shop"
)

// Group commit. A database commits one transaction at a time (SQLite has a
// single writer; PostgreSQL waits for its log to reach disk), so when many
// orders arrive at once, Ingest gathers the ones waiting into one
// transaction. Each order runs in its own savepoint, so one bad order fails
// alone; the caller gets its answer after the commit, so every order
// acknowledged is durable. Nothing waits on a timer: a batch is whatever
// queued up while the previous one committed, so a lone order is not
// delayed.

// maxBatch bounds the orders in one transaction, and so the latency one
// order can add to the others.
const maxBatch = 128

type ingestReq struct {
	ctx  context.Context
	sh   *shop.Shop
	in   *Input
	now  time.Time
	done chan ingestResp
}

type ingestResp struct {
	res *Result
	err error
}

type batcher struct {
	store   Store
	onBatch func(n int, d time.Duration)
	queue   chan *ingestReq
	stop    chan struct{}
	done    chan struct{}
}

// EnableBatching turns group commit on; onBatch, if not nil, is told the
// size and duration of each batch (for metrics). Call Close when done.
func (s *Service) EnableBatching(onBatch func(n int, d time.Duration)) {
	if onBatch == nil {
		onBatch = func(int, time.Duration) {}
	}
	b := &batcher{store: s.store, onBatch: onBatch, queue: make(chan *ingestReq, maxBatch), stop: make(chan struct{}), done: make(chan struct{})}
	s.batch = b
	go b.loop()
}

// Close stops the group-commit loop after the orders already queued.
func (s *Service) Close() {
	if s.batch != nil {
		close(s.batch.stop)
		<-s.batch.done
	}
}

func (b *batcher) ingest(ctx context.Context, sh *shop.Shop, in *Input, now time.Time) (*Result, error) {
	req := &ingestReq{ctx: ctx, sh: sh, in: in, now: now, done: make(chan ingestResp, 1)}
	select {
	case b.queue <- req:
	case <-b.stop:
		return nil, purna.Errorf(purna.EINTERNAL, "The server is shutting down.")
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	// The answer always comes: the loop finishes every request it took.
	r := <-req.done
	return r.res, r.err
}

func (b *batcher) loop() {
	defer close(b.done)
	for {
		var first *ingestReq
		select {
		case first = <-b.queue:
		case <-b.stop:
			// Finish what is queued, then stop.
			for {
				select {
				case r := <-b.queue:
					b.run([]*ingestReq{r})
				default:
					return
				}
			}
		}
		batch := []*ingestReq{first}
	drain:
		for len(batch) < maxBatch {
			select {
			case r := <-b.queue:
				batch = append(batch, r)
			default:
				break drain
			}
		}
		b.run(batch)
	}
}

// run stores a batch in one transaction and answers every request.
func (b *batcher) run(batch []*ingestReq) {
	start := time.Now()
	defer func() { b.onBatch(len(batch), time.Since(start)) }()
	resps := make([]ingestResp, len(batch))
	ctx := context.Background() // one caller giving up must not roll back the others
	err := b.store.InTx(ctx, func(tx Tx) error {
		for i, r := range batch {
			if err := r.ctx.Err(); err != nil {
				resps[i].err = err
				continue
			}
			// The store merges the orders' dispatch jobs into one.
			err := tx.Savepoint(ctx, func() error {
				res, err := IngestTx(ctx, tx, r.sh, r.in, r.now)
				resps[i].res = res
				return err
			})
			if err != nil {
				resps[i] = ingestResp{err: err}
			}
		}
		return nil
	})
	for i, r := range batch {
		if err != nil && resps[i].err == nil {
			resps[i] = ingestResp{err: err}
		}
		r.done <- resps[i]
	}
}
