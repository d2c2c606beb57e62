// Package purna holds the primitives every Purna module shares: identifiers,
// money, errors, the clock and the acting user. It imports nothing from the
// rest of the project, so every module can depend on it.
package purna

import (
	"crypto/rand"
	"encoding/binary"
	"sync"
	"time"
)

// ID is a ULID in its 26-character Crockford base32 text form. IDs sort by
// creation time, which keyset pagination relies on ("WHERE id < $1").
type ID = string

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// idState keeps ULIDs made in the same millisecond monotonic, so that rows
// inserted in one batch keep their insertion order.
var idState struct {
	sync.Mutex
	ms      uint64
	entropy [10]byte
}

// NewID returns a new ULID for time t.
func NewID(t time.Time) ID {
	ms := uint64(t.UnixMilli())
	idState.Lock()
	if ms <= idState.ms {
		ms = idState.ms
		// Increment the 80-bit entropy as a big-endian number.
		for i := 9; i >= 0; i-- {
			idState.entropy[i]++
			if idState.entropy[i] != 0 {
				break
			}
		}
	} else {
		idState.ms = ms
		_, _ = rand.Read(idState.entropy[:])
		idState.entropy[0] &= 0x7f // leave room to increment within a millisecond
	}
	var b [16]byte
	binary.BigEndian.PutUint16(b[0:2], uint16(ms>>32))
	binary.BigEndian.PutUint32(b[2:6], uint32(ms))
	copy(b[6:], idState.entropy[:])
	idState.Unlock()
	return encodeULID(b)
}

func encodeULID(b [16]byte) ID {
	var out [26]byte
	// 128 bits as 26 base32 characters; the first character carries 3 bits.
	hi := binary.BigEndian.Uint64(b[0:8])
	lo := binary.BigEndian.Uint64(b[8:16])
	for i := 25; i >= 0; i-- {
		out[i] = crockford[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return string(out[:])
}

// ValidID reports whether s looks like an ID made by NewID.
func ValidID(s string) bool {
	if len(s) != 26 || s[0] > '7' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' && c != 'I' && c != 'L' && c != 'O' && c != 'U') {
			return false
		}
	}
	return true
}

// Clock tells the time. Services take a Clock so that tests can move time
// instead of sleeping.
type Clock interface {
	Now() time.Time
}

// SystemClock is the wall clock, in UTC.
type SystemClock struct{}

// Now returns the current time in UTC.
func (SystemClock) Now() time.Time { return time.Now().UTC() }

// ClockFunc adapts a function to Clock.
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }

// JobArgs is a unit of background work a module asks for. It has the shape
// of river.JobArgs, so modules can enqueue without importing the job queue.
type JobArgs interface {
	// Kind names the job: "module.verb_noun".
	Kind() string
}

// Page is one page of a list, newest first. Next is the cursor of the
// following page, empty on the last one.
type Page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next_cursor,omitempty"`
	Total int    `json:"total"`
}
