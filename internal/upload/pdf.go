package upload

import (
	"bytes"
	"fmt"
	"io"
)

// checkPDF checks the PDF in src (size bytes) has a version after its
// "%PDF-" header and an "%%EOF" marker in its last kilobyte, as readers
// expect. A PDF is stored as it came: it is served only as an attachment,
// so a browser never runs it inside the app's origin.
func checkPDF(src io.ReaderAt, size int64) error {
	head := make([]byte, min(size, 8))
	if _, err := src.ReadAt(head, 0); err != nil {
		return fmt.Errorf("%w: PDF cut short", errFormat)
	}
	if len(head) < 8 || !bytes.HasPrefix(head, []byte("%PDF-")) || head[5] < '1' || head[5] > '9' || head[6] != '.' {
		return fmt.Errorf("%w: no PDF version", errFormat)
	}
	n := min(size, 1024)
	tail := make([]byte, n)
	if _, err := src.ReadAt(tail, size-n); err != nil {
		return err
	}
	if !bytes.Contains(tail, []byte("%%EOF")) {
		return fmt.Errorf("%w: PDF has no end marker", errFormat)
	}
	return nil
}
