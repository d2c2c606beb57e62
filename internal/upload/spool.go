package upload

import (
	"bytes"
	"errors"
	"io"
	"os"
)

// memoryBytes is how much of one file is kept in memory; larger files are
// spooled to a temporary file. A request thus holds at most MaxFiles MiB
// of uploads in memory.
const memoryBytes = 1 << 20

// spool holds one file's bytes, in memory while they are few and in a
// temporary file once they pass memoryBytes.
type spool struct {
	mem  []byte
	file *os.File
	size int64
}

// Write appends p, moving the content to a temporary file when it grows
// past memoryBytes.
func (s *spool) Write(p []byte) (int, error) {
	if s.file == nil && len(s.mem)+len(p) > memoryBytes {
		f, err := os.CreateTemp("", "purna-upload-*")
		if err != nil {
			return 0, err
		}
		s.file = f
		if _, err := f.Write(s.mem); err != nil {
			return 0, err
		}
		s.mem = nil
	}
	var n int
	var err error
	if s.file != nil {
		n, err = s.file.Write(p)
	} else {
		s.mem = append(s.mem, p...)
		n = len(p)
	}
	s.size += int64(n)
	return n, err
}

// ReadAt reads from the spooled content.
func (s *spool) ReadAt(p []byte, off int64) (int, error) {
	if s.file != nil {
		return s.file.ReadAt(p, off)
	}
	return bytes.NewReader(s.mem).ReadAt(p, off)
}

// WriteAt overwrites spooled content in place; it cannot grow it.
func (s *spool) WriteAt(p []byte, off int64) (int, error) {
	if off < 0 || off+int64(len(p)) > s.size {
		return 0, errors.New("upload: write past the end of the spool")
	}
	if s.file != nil {
		return s.file.WriteAt(p, off)
	}
	return copy(s.mem[off:], p), nil
}

// reader returns a reader over the whole content from the start.
func (s *spool) reader() *io.SectionReader { return io.NewSectionReader(s, 0, s.size) }

// head returns up to n leading bytes.
func (s *spool) head(n int) []byte {
	b := make([]byte, min(int64(n), s.size))
	k, _ := s.ReadAt(b, 0)
	return b[:k]
}

// Close removes the temporary file, if any. It may be called more than once.
func (s *spool) Close() error {
	s.mem = nil
	if s.file == nil {
		return nil
	}
	f := s.file
	s.file = nil
	err := f.Close()
	if rerr := os.Remove(f.Name()); err == nil {
		err = rerr
	}
	return err
}
