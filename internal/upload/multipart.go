package upload

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"strconv"

	"github.com/purnajual/purna"
)

// maxValueBytes bounds the form's other fields together: the reason text,
// the CSRF token and the like.
const maxValueBytes = 1 << 20

// ParseMultipart reads a multipart/form-data request and accepts the files
// sent under field ("photos"), in order, with Accept; errors name each file
// as field[i]. It streams: the body is read part by part, each file is
// cleaned as it arrives, and a file over 1 MiB waits in a temporary file
// rather than in memory.
//
// The whole body may be at most MaxFiles × MaxBytes + 1 MiB; r.Body is
// replaced by an http.MaxBytesReader to enforce it. The form's
// other fields (at most 1 MiB together) are kept in r.PostForm and r.Form,
// so r.PostFormValue works afterwards; r.ParseMultipartForm must not have
// been called, nor anything that calls it (r.FormValue), since the body can
// only be read once. An empty file input (a part with no file name and no
// content, which browsers send when nothing was chosen) is skipped.
//
// Errors: EMALFORMED for a body that is not multipart; ETOOLARGE for a body
// over the limit; EINVALID or ETOOLARGE naming every refused file, and
// naming field itself when there are more than MaxFiles files, or a file
// under another field. On error no Accepted is returned and all are
// closed; on success the caller must Close each.
func ParseMultipart(r *http.Request, field string, limits Limits) ([]*Accepted, error) {
	limits = limits.withDefaults()
	bodyLimit := int64(limits.MaxFiles)*limits.MaxBytes + maxValueBytes
	r.Body = http.MaxBytesReader(nil, r.Body, bodyLimit)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, &purna.Error{Code: purna.EMALFORMED, Message: "The body must be multipart/form-data.",
			Fields: map[string]string{"body": "must be multipart/form-data"}}
	}

	var (
		files      []*Accepted
		problems   purna.Problems
		tooLarge   bool
		values     = url.Values{}
		valueBytes int64
	)
	fail := func(err error) ([]*Accepted, error) {
		for _, a := range files {
			a.Close()
		}
		return nil, err
	}
	for i := 0; ; {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return fail(bodyError(err, bodyLimit))
		}
		name := part.FormName()
		switch {
		case name == field:
			src := &recordingReader{r: part}
			if part.FileName() == "" {
				// Browsers send an empty, unnamed part for a file input
				// where nothing was chosen: skip it.
				var b [1]byte
				if n, _ := io.ReadFull(part, b[:]); n == 0 {
					continue
				}
				src.r = io.MultiReader(bytes.NewReader(b[:]), part)
			}
			index := field + "[" + strconv.Itoa(i) + "]"
			i++
			if i > limits.MaxFiles {
				problems.Add(field, fmt.Sprintf("must hold at most %d files", limits.MaxFiles))
				continue
			}
			a, err := Accept(src, index, part.FileName(), part.Header.Get("Content-Type"), limits)
			if err != nil {
				fields := purna.ErrorFields(err)
				switch {
				case src.err != nil:
					return fail(bodyError(src.err, bodyLimit))
				case len(fields) == 0:
					return fail(err)
				}
				tooLarge = tooLarge || purna.ErrorCode(err) == purna.ETOOLARGE
				for k, v := range fields {
					problems.Add(k, v)
				}
				continue
			}
			files = append(files, a)
		case part.FileName() != "":
			problems.Add(name, "is not a file field")
		default:
			b, err := io.ReadAll(io.LimitReader(part, maxValueBytes-valueBytes+1))
			if err != nil {
				return fail(bodyError(err, bodyLimit))
			}
			valueBytes += int64(len(b))
			if valueBytes > maxValueBytes {
				return fail(purna.Errorf(purna.ETOOLARGE, "The form fields are larger than %s.", formatBytes(maxValueBytes)))
			}
			values.Add(name, string(b))
		}
	}
	if len(problems) > 0 {
		code, msg := purna.EINVALID, "Some files are not accepted."
		if tooLarge {
			code, msg = purna.ETOOLARGE, "Some files are too large."
		}
		return fail(&purna.Error{Code: code, Message: msg, Fields: problems})
	}
	r.PostForm = values
	r.Form = maps.Clone(values)
	for k, vs := range r.URL.Query() {
		r.Form[k] = append(r.Form[k], vs...)
	}
	return files, nil
}

// recordingReader remembers the first read error other than io.EOF, so
// that a broken body is told apart from a refused file.
type recordingReader struct {
	r   io.Reader
	err error
}

func (rr *recordingReader) Read(p []byte) (int, error) {
	n, err := rr.r.Read(p)
	if err != nil && err != io.EOF && rr.err == nil {
		rr.err = err
	}
	return n, err
}

// bodyError turns a failure to read the body into a *purna.Error.
func bodyError(err error, limit int64) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return purna.Errorf(purna.ETOOLARGE, "The upload is larger than %s.", formatBytes(limit))
	}
	return &purna.Error{Code: purna.EMALFORMED, Message: "The multipart body could not be read.",
		Fields: map[string]string{"body": "is not valid multipart/form-data"}}
}
