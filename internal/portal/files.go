package portal

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/upload"
)

// formFiles are the files of a multipart form, parsed with
// upload.ParseMultipart, and what went wrong with them.
type formFiles struct {
	files []*upload.Accepted
	// Problems are per-file messages in the customer's language, in the
	// order the files were sent ("Photo 2: larger than 10 MB").
	Problems []string
}

// Close releases the files' content.
func (f *formFiles) Close() {
	for _, a := range f.files {
		a.Close()
	}
}

// parseForm reads a multipart form whose files are under field. A refused
// file is not an error: it is in Problems, and the form's other fields are
// then lost (ParseMultipart keeps them only on success), so the page asks
// to fill it in again. A body that is not multipart is an error.
func (s *Server) parseForm(r *http.Request, field, lang string, kinds ...upload.Kind) (*formFiles, error) {
	limits := s.UploadLimits
	limits.Kinds = kinds
	files, err := upload.ParseMultipart(r, field, limits)
	if err == nil {
		return &formFiles{files: files}, nil
	}
	fields := purna.ErrorFields(err)
	switch code := purna.ErrorCode(err); {
	case code == purna.ETOOLARGE && len(fields) == 0:
		return &formFiles{Problems: []string{i18n.T(lang, "portal.err.upload_too_big")}}, nil
	case code == purna.EMALFORMED || len(fields) == 0:
		return nil, err
	}
	return &formFiles{Problems: fileProblems(lang, field, fields, limits)}, nil
}

var fileIndex = regexp.MustCompile(`\[(\d+)\]$`)

// fileProblems words upload's per-file errors ("photos[1]": "must be at
// most 10 MiB") for the customer, one line per file.
func fileProblems(lang, field string, fields map[string]string, limits upload.Limits) []string {
	maxBytes, maxFiles := limits.MaxBytes, limits.MaxFiles
	d := upload.DefaultLimits()
	if maxBytes <= 0 {
		maxBytes = d.MaxBytes
	}
	if maxFiles <= 0 {
		maxFiles = d.MaxFiles
	}
	type problem struct {
		n    int
		text string
	}
	var ps []problem
	for k, msg := range fields {
		if k == field {
			ps = append(ps, problem{1 << 30, i18n.T(lang, "portal.err.file_count", "n", maxFiles)})
			continue
		}
		m := fileIndex.FindStringSubmatch(k)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		var text string
		switch {
		case strings.Contains(msg, "megapixels"):
			text = i18n.T(lang, "portal.err.file_pixels")
		case strings.HasPrefix(msg, "must be at most"):
			text = i18n.T(lang, "portal.err.file_too_big", "size", fmt.Sprintf("%d MB", maxBytes>>20))
		case msg == "is empty":
			text = i18n.T(lang, "portal.err.file_empty")
		default:
			text = i18n.T(lang, "portal.err.file_type")
		}
		ps = append(ps, problem{n, i18n.T(lang, "portal.err.file_n", "n", n+1, "problem", text)})
	}
	slices.SortFunc(ps, func(a, b problem) int { return a.n - b.n })
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.text
	}
	return out
}

// store puts the files in the shop's uploads and returns their IDs. On
// error it removes what it stored.
func (s *Server) store(ctx context.Context, shopID purna.ID, f *formFiles) ([]string, error) {
	var ids []string
	for _, a := range f.files {
		if err := s.Uploads.Put(ctx, shopID, a.Blob, a.Open()); err != nil {
			s.unstore(ctx, shopID, ids)
			return nil, err
		}
		ids = append(ids, a.Blob.ID)
	}
	return ids, nil
}

// unstore removes files stored for a request that then failed.
func (s *Server) unstore(ctx context.Context, shopID purna.ID, ids []string) {
	for _, id := range ids {
		if err := s.Uploads.Delete(context.WithoutCancel(ctx), shopID, id); err != nil {
			s.Logger.Error("portal: remove upload", "blob", id, "err", err)
		}
	}
}
