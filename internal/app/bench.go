package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/purnajual/purna/internal/bench"
)

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "ingest" && args[0] != "baseline") {
		return errors.New("usage: purna bench ingest --url URL --key KEY [--conns 32] [--duration 30s]\n       purna bench baseline [--addr 127.0.0.1:9090]")
	}
	fs := flag.NewFlagSet("purna bench "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	if args[0] == "baseline" {
		addr := fs.String("addr", "127.0.0.1:9090", "listen address")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		return bench.Baseline(ctx, *addr, func(url string) {
			fmt.Fprintf(stdout, "URL: %s (decodes orders, stores nothing)\n", url)
		})
	}
	var o bench.Options
	fs.StringVar(&o.URL, "url", "http://127.0.0.1:8080", "server URL")
	fs.StringVar(&o.Key, "key", "", "API key")
	fs.IntVar(&o.Conns, "conns", 32, "concurrent connections")
	fs.DurationVar(&o.Duration, "duration", 30*time.Second, "how long to send")
	fs.Float64Var(&o.Returning, "returning", 0.3, "share of orders from returning customers")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "Posting orders to %s with %d connections for %s…\n", o.URL, o.Conns, o.Duration)
	rep, err := bench.Ingest(ctx, o)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, rep)
	if rep.FirstError != "" {
		fmt.Fprintln(stdout, "first error:", rep.FirstError)
	}
	return nil
}
