package upload

import (
	"context"
	"io"

	"github.com/purnajual/purna"
)

// Store keeps uploaded content. FS implements it on the local disk; an
// S3-compatible implementation can come later. Every method takes the shop
// explicitly, and a blob is only ever found under the shop it was put in.
//
// A Store does not decide who may read a blob: see the package doc.
type Store interface {
	// Put stores content as blob in shopID. content must be exactly the
	// bytes blob describes (Size and SHA256), as Accepted.Open returns
	// them. EINVALID for a bad shop or blob ID, ECONFLICT if the ID is
	// taken.
	Put(ctx context.Context, shopID purna.ID, blob Blob, content io.Reader) error
	// Open returns the content of blob id in shopID and its Blob. The
	// caller closes the reader. ENOTFOUND if there is no such blob in
	// shopID, including when id is not a valid ID.
	Open(ctx context.Context, shopID, id purna.ID) (io.ReadCloser, Blob, error)
	// Delete removes blob id from shopID. ENOTFOUND as for Open.
	Delete(ctx context.Context, shopID, id purna.ID) error
}
