package api_test

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/purnajual/purna/internal/storetest"
)

// BenchmarkOrderPost posts new three-line orders through the real HTTP
// handler and order service into SQLite, from parallel clients; 30% of the
// orders come from returning customers.
func BenchmarkOrderPost(b *testing.B) {
	bundle := setup(b, storetest.MustOpenSQLite(b))
	var n atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(8)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			cust := i
			if i%10 < 3 {
				cust = i % 500
			}
			body := strings.Replace(orderJSON, `"INV-1"`, fmt.Sprintf(`"B-%d"`, i), 1)
			body = strings.Replace(body, "Siti@Example.co.id", fmt.Sprintf("c%d@example.co.id", cust), 1)
			body = strings.Replace(body, "0812 3456 7890", fmt.Sprintf("+62812%07d", cust), 1)
			r := bundle.do(b, "POST", "/api/v1/orders", bundle.key, body)
			if r.status != 201 {
				b.Fatalf("%d %s", r.status, r.body)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "orders/s")
}
