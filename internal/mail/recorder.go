package mail

import (
	"context"
	"maps"
	"sync"
)

// Recorder is a Sender for tests. It keeps every message it accepts, and can
// be told to fail chosen sends. The zero value is ready to use and it is safe
// for concurrent use.
type Recorder struct {
	mu    sync.Mutex
	calls int
	fails map[int]error
	msgs  []Message
}

// FailNth makes the nth call to Send (counting from 1, over the Recorder's
// life) return err and record nothing. Use &SMTPError{Code: 550} for a
// permanent failure and &SMTPError{Code: 421} or &ConnError{} for a temporary
// one.
func (r *Recorder) FailNth(n int, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fails == nil {
		r.fails = make(map[int]error)
	}
	r.fails[n] = err
}

// Send records m. Like SMTP it refuses an invalid message and a cancelled
// context.
func (r *Recorder) Send(ctx context.Context, m Message) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return &ConnError{Op: "send", Err: err}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	if err, ok := r.fails[r.calls]; ok {
		return err
	}
	r.msgs = append(r.msgs, deepCopy(m))
	return nil
}

// Messages returns a copy of the messages sent so far, in order.
func (r *Recorder) Messages() []Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Message, len(r.msgs))
	for i, m := range r.msgs {
		out[i] = deepCopy(m)
	}
	return out
}

// Reset forgets recorded messages, the call count and planned failures.
func (r *Recorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls, r.fails, r.msgs = 0, nil, nil
}

// deepCopy copies m's map and pointer so that neither the caller nor the test
// can change a recorded message.
func deepCopy(m Message) Message {
	m.Headers = maps.Clone(m.Headers)
	if m.ReplyTo != nil {
		rt := *m.ReplyTo
		m.ReplyTo = &rt
	}
	return m
}
