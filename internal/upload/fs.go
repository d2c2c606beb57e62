package upload

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/purnajual/purna"
)

// FS is a Store on the local file system. A blob lives at
//
//	<root>/<shop ID>/<last two characters of the blob ID>/<blob ID>
//
// with its Blob as JSON in "<blob ID>.json" next to it. The folder level
// keeps folders small; it uses the ID's last characters because the first
// ones encode the time and would put a decade of uploads in one folder.
//
// Every write goes to a temporary file in the same folder, is synced and
// then renamed, so a reader sees a whole file or none. The sidecar is
// written after the content and removed before it, and Open needs both, so
// a blob is visible only once it is complete. A crash can leave a
// temporary file (".put-*") or a content file without sidecar behind;
// neither can be opened, and both can be deleted at leisure.
//
// Paths are built from IDs only, each checked with purna.ValidID, so no
// input can name a path outside root or another shop's folder.
type FS struct {
	root string
}

var _ Store = (*FS)(nil)

// NewFS returns an FS storing under root, usually
// filepath.Join(cfg.DataDir, "uploads"). Folders are created as needed.
func NewFS(root string) *FS {
	return &FS{root: root}
}

// File and folder permissions: uploads are private to the server's user
// and its group.
const (
	dirPerm  fs.FileMode = 0o750
	filePerm fs.FileMode = 0o640
)

// paths returns the folder, content path and sidecar path of a blob. The
// IDs must have been validated.
func (s *FS) paths(shopID, id purna.ID) (dir, content, sidecar string) {
	dir = filepath.Join(s.root, shopID, id[len(id)-2:])
	content = filepath.Join(dir, id)
	return dir, content, content + ".json"
}

// Put implements Store.
func (s *FS) Put(ctx context.Context, shopID purna.ID, blob Blob, content io.Reader) error {
	switch {
	case !purna.ValidID(shopID):
		return &purna.Error{Code: purna.EINVALID, Message: "The shop ID is not valid.", Fields: map[string]string{"shop_id": "is not a valid ID"}}
	case !purna.ValidID(blob.ID):
		return &purna.Error{Code: purna.EINVALID, Message: "The file ID is not valid.", Fields: map[string]string{"id": "is not a valid ID"}}
	case blob.ShopID != "" && blob.ShopID != shopID:
		return fmt.Errorf("upload: put %s: blob belongs to shop %s, not %s", blob.ID, blob.ShopID, shopID)
	}
	blob.ShopID = shopID
	dir, contentPath, sidecarPath := s.paths(shopID, blob.ID)
	if err := os.MkdirAll(dir, dirPerm); err != nil {
		return fmt.Errorf("upload: put %s: %w", blob.ID, err)
	}
	if _, err := os.Lstat(contentPath); err == nil {
		return purna.Errorf(purna.ECONFLICT, "A file with ID %s already exists.", blob.ID)
	}

	sum := sha256.New()
	err := writeAtomic(dir, contentPath, io.TeeReader(ctxReader{ctx, content}, sum), func(n int64) error {
		if n != blob.Size {
			return fmt.Errorf("content is %d bytes, blob says %d", n, blob.Size)
		}
		if got := hex.EncodeToString(sum.Sum(nil)); got != blob.SHA256 {
			return fmt.Errorf("content SHA-256 is %s, blob says %s", got, blob.SHA256)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("upload: put %s: %w", blob.ID, err)
	}
	meta, err := json.Marshal(blob)
	if err != nil {
		return fmt.Errorf("upload: put %s: %w", blob.ID, err)
	}
	if err := writeAtomic(dir, sidecarPath, bytes.NewReader(meta), nil); err != nil {
		os.Remove(contentPath)
		return fmt.Errorf("upload: put %s: %w", blob.ID, err)
	}
	return syncDir(dir)
}

// Open implements Store. The reader it returns is an *os.File, so it can
// seek (Serve relies on that for Range requests).
func (s *FS) Open(ctx context.Context, shopID, id purna.ID) (io.ReadCloser, Blob, error) {
	if !purna.ValidID(shopID) || !purna.ValidID(id) {
		return nil, Blob{}, notFound()
	}
	if err := ctx.Err(); err != nil {
		return nil, Blob{}, err
	}
	blob, err := s.readSidecar(shopID, id)
	if err != nil {
		return nil, Blob{}, err
	}
	_, contentPath, _ := s.paths(shopID, id)
	f, err := os.Open(contentPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, Blob{}, notFound()
	} else if err != nil {
		return nil, Blob{}, fmt.Errorf("upload: open %s: %w", id, err)
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() || fi.Size() != blob.Size {
		f.Close()
		return nil, Blob{}, fmt.Errorf("upload: open %s: content does not match its sidecar", id)
	}
	return f, blob, nil
}

// Delete implements Store. The sidecar goes first, so a failure half way
// leaves an invisible content file rather than a blob without content.
func (s *FS) Delete(ctx context.Context, shopID, id purna.ID) error {
	if !purna.ValidID(shopID) || !purna.ValidID(id) {
		return notFound()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := s.readSidecar(shopID, id); err != nil {
		return err
	}
	dir, contentPath, sidecarPath := s.paths(shopID, id)
	if err := os.Remove(sidecarPath); err != nil {
		return fmt.Errorf("upload: delete %s: %w", id, err)
	}
	if err := os.Remove(contentPath); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("upload: delete %s: %w", id, err)
	}
	return syncDir(dir)
}

// readSidecar reads and checks the Blob of id in shopID.
func (s *FS) readSidecar(shopID, id purna.ID) (Blob, error) {
	_, _, sidecarPath := s.paths(shopID, id)
	b, err := os.ReadFile(sidecarPath)
	if errors.Is(err, fs.ErrNotExist) {
		return Blob{}, notFound()
	} else if err != nil {
		return Blob{}, fmt.Errorf("upload: read %s: %w", id, err)
	}
	var blob Blob
	if err := json.Unmarshal(b, &blob); err != nil {
		return Blob{}, fmt.Errorf("upload: read %s: %w", id, err)
	}
	// The path already says whose it is; the sidecar must agree.
	if blob.ID != id || blob.ShopID != shopID {
		return Blob{}, fmt.Errorf("upload: read %s: sidecar names blob %s of shop %s", id, blob.ID, blob.ShopID)
	}
	return blob, nil
}

func notFound() error {
	return purna.Errorf(purna.ENOTFOUND, "File not found.")
}

// writeAtomic writes r to a temporary file in dir, syncs it, calls check
// (if not nil) with the byte count, and renames it to path. On any error
// the temporary file is removed and path is untouched.
func writeAtomic(dir, path string, r io.Reader, check func(int64) error) (err error) {
	f, err := os.CreateTemp(dir, ".put-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	n, err := io.Copy(f, r)
	if err != nil {
		return err
	}
	if check != nil {
		if err = check(n); err != nil {
			return err
		}
	}
	if err = f.Chmod(filePerm); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// syncDir makes the renames in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("upload: sync %s: %w", dir, err)
	}
	return nil
}

// ctxReader stops a copy when ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
