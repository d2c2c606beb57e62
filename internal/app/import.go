package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/purnajual/purna/internal/csvimport"
)

func runImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) < 2 || (args[0] != "orders" && args[0] != "customers" && args[0] != "products") {
		return errors.New("usage: purna import orders|customers|products FILE [--layout auto|generic|shopify|uci] [--source S] [--shop ID]")
	}
	kind, path := args[0], args[1]
	var layout, source, shopID string
	extra := func(fs *flag.FlagSet) {
		fs.StringVar(&layout, "layout", "auto", "auto, generic, shopify or uci")
		fs.StringVar(&source, "source", "csv", "the order source to record")
		fs.StringVar(&shopID, "shop", "", "shop ID (default: the only shop)")
	}
	return withApp(ctx, args[2:], getenv, stderr, "import", extra, func(a *App) error {
		sh, err := a.shopFlag(ctx, shopID)
		if err != nil {
			return err
		}
		sum, err := csvimport.ImportFile(ctx, a.Store, sh, path, csvimport.Options{
			Kind: csvimport.Kind(kind), Layout: csvimport.Layout(layout), Source: source, Now: a.Clock.Now,
		}, stderr)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Imported %s: %d rows, %d created, %d updated, %d unchanged, %d bad.\n",
			kind, sum.Rows, sum.Created, sum.Updated, sum.Unchanged, sum.BadCount)
		return nil
	})
}
