package upload

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna"
)

type fsBundle struct {
	root  string
	store *FS
	shop  purna.ID
	other purna.ID
}

func setupFS(t *testing.T) *fsBundle {
	t.Helper()
	root := filepath.Join(t.TempDir(), "uploads")
	now := time.Now()
	return &fsBundle{root: root, store: NewFS(root), shop: purna.NewID(now), other: purna.NewID(now)}
}

// MustPut accepts content and stores it in shopID, returning its Blob.
func MustPut(tb testing.TB, s Store, shopID purna.ID, content []byte, filename string) Blob {
	tb.Helper()
	a := MustAccept(tb, content, filename)
	if err := s.Put(context.Background(), shopID, a.Blob, a.Open()); err != nil {
		tb.Fatal(err)
	}
	b := a.Blob
	b.ShopID = shopID
	return b
}

func TestFSRoundTrip(t *testing.T) {
	t.Parallel()
	bundle := setupFS(t)
	content := MustReadTestdata(t, "tiny.jpg")
	blob := MustPut(t, bundle.store, bundle.shop, content, "kettle.jpg")

	rc, got, err := bundle.store.Open(t.Context(), bundle.shop, blob.ID)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != string(MustReadAll(t, MustAccept(t, content, "x.jpg"))) {
		t.Error("content changed")
	}
	if !got.CreatedAt.Equal(blob.CreatedAt) {
		t.Errorf("CreatedAt = %v, want %v", got.CreatedAt, blob.CreatedAt)
	}
	got.CreatedAt = blob.CreatedAt
	if got != blob {
		t.Errorf("blob = %+v, want %+v", got, blob)
	}
	// Where it lives: under the shop, in the folder of its last two characters.
	path := filepath.Join(bundle.root, bundle.shop, blob.ID[24:], blob.ID)
	for _, p := range []string{path, path + ".json"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != filePerm {
			t.Errorf("%s has mode %v", p, fi.Mode())
		}
	}

	if err := bundle.store.Put(t.Context(), bundle.shop, blob, strings.NewReader(string(b))); purna.ErrorCode(err) != purna.ECONFLICT {
		t.Errorf("second Put: %v, want ECONFLICT", err)
	}
	if err := bundle.store.Delete(t.Context(), bundle.shop, blob.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := bundle.store.Open(t.Context(), bundle.shop, blob.ID); purna.ErrorCode(err) != purna.ENOTFOUND {
		t.Errorf("Open after Delete: %v", err)
	}
	if err := bundle.store.Delete(t.Context(), bundle.shop, blob.ID); purna.ErrorCode(err) != purna.ENOTFOUND {
		t.Errorf("second Delete: %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("content left after Delete: %v", err)
	}
}

func TestFSOtherShop(t *testing.T) {
	t.Parallel()
	bundle := setupFS(t)
	blob := MustPut(t, bundle.store, bundle.shop, MustReadTestdata(t, "tiny.pdf"), "invoice.pdf")

	if _, _, err := bundle.store.Open(t.Context(), bundle.other, blob.ID); purna.ErrorCode(err) != purna.ENOTFOUND {
		t.Errorf("Open from another shop: %v, want ENOTFOUND", err)
	}
	if err := bundle.store.Delete(t.Context(), bundle.other, blob.ID); purna.ErrorCode(err) != purna.ENOTFOUND {
		t.Errorf("Delete from another shop: %v, want ENOTFOUND", err)
	}
	// A blob that says it belongs to one shop cannot be put in another.
	a := MustAccept(t, MustReadTestdata(t, "tiny.pdf"), "x.pdf")
	a.Blob.ShopID = bundle.shop
	if err := bundle.store.Put(t.Context(), bundle.other, a.Blob, a.Open()); err == nil {
		t.Error("Put of shop A's blob into shop B succeeded")
	}
	// A sidecar copied into another shop's folder is not trusted either.
	src := filepath.Join(bundle.root, bundle.shop, blob.ID[24:])
	dst := filepath.Join(bundle.root, bundle.other, blob.ID[24:])
	if err := os.MkdirAll(dst, 0o750); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{blob.ID, blob.ID + ".json"} {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, name), b, 0o640); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := bundle.store.Open(t.Context(), bundle.other, blob.ID); err == nil {
		t.Error("Open trusted a sidecar naming another shop")
	}
}

func TestFSInvalidIDs(t *testing.T) {
	t.Parallel()
	bundle := setupFS(t)
	blob := MustPut(t, bundle.store, bundle.shop, MustReadTestdata(t, "tiny.png"), "x.png")
	bad := []string{
		"", "..", "../x", "../../etc/passwd", "/etc/passwd", blob.ID + "/..", blob.ID + ".json",
		strings.ToLower(blob.ID), "01ARZ3NDEKTSV4RRFFQ69G5FA\x00", `..\..\x`, "01ARZ3NDEKTSV4RRFFQ69G5FA/",
		"81ARZ3NDEKTSV4RRFFQ69G5FAV", // first character over 7: more than 128 bits
	}
	for _, id := range bad {
		if _, _, err := bundle.store.Open(t.Context(), bundle.shop, id); purna.ErrorCode(err) != purna.ENOTFOUND {
			t.Errorf("Open(%q): %v, want ENOTFOUND", id, err)
		}
		if _, _, err := bundle.store.Open(t.Context(), id, blob.ID); purna.ErrorCode(err) != purna.ENOTFOUND {
			t.Errorf("Open(shop %q): %v, want ENOTFOUND", id, err)
		}
		if err := bundle.store.Delete(t.Context(), bundle.shop, id); purna.ErrorCode(err) != purna.ENOTFOUND {
			t.Errorf("Delete(%q): %v, want ENOTFOUND", id, err)
		}
		b := blob
		b.ID, b.ShopID = id, ""
		if err := bundle.store.Put(t.Context(), bundle.shop, b, strings.NewReader("x")); purna.ErrorCode(err) != purna.EINVALID {
			t.Errorf("Put(%q): %v, want EINVALID", id, err)
		}
		if err := bundle.store.Put(t.Context(), id, b, strings.NewReader("x")); purna.ErrorCode(err) != purna.EINVALID {
			t.Errorf("Put(shop %q): %v, want EINVALID", id, err)
		}
	}
	// Nothing was written outside the root.
	entries, err := os.ReadDir(filepath.Dir(bundle.root))
	if err != nil || len(entries) != 1 {
		t.Errorf("beside the root: %v %v", entries, err)
	}
}

// failingReader returns n bytes of x and then an error.
type failingReader struct{ n int }

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, errors.New("connection reset")
	}
	k := min(len(p), r.n)
	for i := range k {
		p[i] = 'x'
	}
	r.n -= k
	return k, nil
}

func TestFSPutIsAtomic(t *testing.T) {
	t.Parallel()
	content := MustReadTestdata(t, "tiny.pdf")
	tests := []struct {
		name string
		ctx  func(t *testing.T) context.Context
		body func(a *Accepted) io.Reader
	}{
		{"read fails half way", nil, func(*Accepted) io.Reader { return &failingReader{n: 100} }},
		{"content shorter than the blob", nil, func(*Accepted) io.Reader { return strings.NewReader(string(content[:50])) }},
		{"content differs from the blob", nil, func(a *Accepted) io.Reader {
			return strings.NewReader(strings.Repeat("x", int(a.Blob.Size)))
		}},
		{"context cancelled", func(t *testing.T) context.Context {
			ctx, cancel := context.WithCancel(t.Context())
			cancel()
			return ctx
		}, func(a *Accepted) io.Reader { return a.Open() }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			bundle := setupFS(t)
			a := MustAccept(t, content, "x.pdf")
			ctx := t.Context()
			if tc.ctx != nil {
				ctx = tc.ctx(t)
			}
			if err := bundle.store.Put(ctx, bundle.shop, a.Blob, tc.body(a)); err == nil {
				t.Fatal("Put succeeded")
			}
			if _, _, err := bundle.store.Open(t.Context(), bundle.shop, a.Blob.ID); purna.ErrorCode(err) != purna.ENOTFOUND {
				t.Errorf("Open after a failed Put: %v", err)
			}
			// No file at all is left, not even a temporary one.
			filepath.WalkDir(bundle.root, func(path string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					t.Errorf("left behind: %s", path)
				}
				return nil
			})
			// And the same blob can be put again.
			if err := bundle.store.Put(t.Context(), bundle.shop, a.Blob, a.Open()); err != nil {
				t.Errorf("Put after a failed Put: %v", err)
			}
		})
	}
}
