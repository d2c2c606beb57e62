// Package batch runs one function over many items with bounded concurrency,
// as the senders of every channel do with a batch of messages.
package batch

import (
	"sync"
	"sync/atomic"
)

// Each calls fn(i) for i in [0, n), with at most workers calls at once,
// and returns when all have returned. Items are taken in order, so the
// first ones start first; fn writes its result to the caller's slice at i.
func Each(n, workers int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range max(min(workers, n), 0) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}
