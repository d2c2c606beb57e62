package csvimport

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// rowReader reads CSV records strictly (no lazy quotes) and knows the line
// each one starts on.
type rowReader struct {
	cr      *csv.Reader
	counter *countingReader
	size    int64
	count   int // data rows read, good or bad
	fields  int // fields in the header
	last    int // line of the last record read
}

// rowError is a row the CSV reader refused but could step over.
type rowError struct{ reason string }

func (e *rowError) Error() string { return e.reason }

func newRowReader(r io.Reader, size int64) *rowReader {
	c := &countingReader{r: r}
	cr := csv.NewReader(bufio.NewReaderSize(c, 64<<10))
	// The header fixes the number of fields; csv.Reader still returns a
	// record with the wrong number, with ErrFieldCount, and carries on.
	cr.FieldsPerRecord = 0
	cr.ReuseRecord = true
	return &rowReader{cr: cr, counter: c, size: size}
}

// header reads line 1 and returns its column names, lower-cased and
// trimmed, by position.
func (rr *rowReader) header() (map[string]int, error) {
	rec, err := rr.cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("csvimport: the file is empty")
	} else if err != nil {
		return nil, fmt.Errorf("csvimport: line 1: %w", err)
	}
	rr.fields = len(rec)
	h := make(map[string]int, len(rec))
	for i, name := range rec {
		if i == 0 {
			name = strings.TrimPrefix(name, "\uFEFF") // spreadsheets write a byte order mark
		}
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		if _, dup := h[name]; dup {
			return nil, fmt.Errorf("csvimport: line 1: column %q appears twice", name)
		}
		h[name] = i
	}
	return h, nil
}

// next returns the next record and the line it starts on. The record is
// reused by the following call. A *rowError is a bad row to report and
// step over; io.EOF ends the file; any other error stops the import.
func (rr *rowReader) next() ([]string, int, error) {
	rec, err := rr.cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, 0, io.EOF
	}
	var pe *csv.ParseError
	if err != nil && !errors.As(err, &pe) {
		return nil, 0, fmt.Errorf("csvimport: read after line %d: %w", max(rr.last, 1), err)
	}
	rr.count++
	if pe != nil {
		rr.last = pe.Line
		switch {
		case errors.Is(pe.Err, csv.ErrFieldCount):
			return nil, pe.StartLine, &rowError{fmt.Sprintf("has %d fields, the header has %d", len(rec), rr.fields)}
		case pe.Line > pe.StartLine:
			// A quote opened on StartLine and not closed where it should
			// be swallows the lines after it: which of them are rows can
			// no longer be told.
			return nil, pe.StartLine, fmt.Errorf("csvimport: line %d: a quoted field runs on to line %d and is malformed: %w",
				pe.StartLine, pe.Line, pe.Err)
		default:
			return nil, pe.StartLine, &rowError{fmt.Sprintf("malformed CSV at column %d: %v", pe.Column, pe.Err)}
		}
	}
	line, _ := rr.cr.FieldPos(0)
	rr.last = line
	return rec, line, nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
