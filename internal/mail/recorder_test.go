package mail

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"testing"
)

func TestRecorder(t *testing.T) {
	t.Parallel()
	var r Recorder
	r.FailNth(2, &SMTPError{Code: 550, Msg: "no such mailbox"})
	r.FailNth(3, &ConnError{Op: "send", Err: errors.New("reset by peer")})

	var errs [4]error
	for i := range errs {
		errs[i] = r.Send(t.Context(), testMessage(fmt.Sprintf("01JREC%d", i), "ana@example.ro"))
	}
	if errs[0] != nil || errs[3] != nil {
		t.Errorf("unplanned failures: %v, %v", errs[0], errs[3])
	}
	if !IsPermanent(errs[1]) || !IsTemporary(errs[2]) {
		t.Errorf("planned failures: %v, %v", errs[1], errs[2])
	}
	got := r.Messages()
	if len(got) != 2 || got[0].ID != "01JREC0" || got[1].ID != "01JREC3" {
		t.Fatalf("Messages() = %+v", got)
	}
	got[0].Headers["X-Purna-Message"] = "changed"
	if r.Messages()[0].Headers["X-Purna-Message"] != "01JREC0" {
		t.Error("Messages() shares Headers with the Recorder")
	}

	bad := testMessage("01JBAD", "ana@example.ro")
	bad.Headers["X"] = "a\r\nb"
	if err := r.Send(t.Context(), bad); !IsPermanent(err) {
		t.Errorf("Send(invalid) = %v", err)
	}
	r.Reset()
	if len(r.Messages()) != 0 {
		t.Error("Reset kept messages")
	}
}

func TestRecorderConcurrent(t *testing.T) {
	t.Parallel()
	var r Recorder
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			if err := r.Send(context.Background(), testMessage(fmt.Sprintf("01JC%d", i), "ana@example.ro")); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := len(r.Messages()); n != 50 {
		t.Errorf("recorded %d, want 50", n)
	}
}

func TestLog(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	l := Log{Logger: slog.New(slog.NewJSONHandler(&buf, nil))}
	if err := l.Send(t.Context(), testMessage("01JLOG", "ana@example.ro")); err != nil {
		t.Fatal(err)
	}
	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatalf("want one JSON line, got %q: %v", buf.String(), err)
	}
	if line["message_id"] != "<01JLOG@batiksari.id>" || line["to"] != "ana@example.ro" {
		t.Errorf("log line %v", line)
	}
	bad := testMessage("01JLOG", "ana@example.ro")
	bad.Subject = "x\ny"
	if err := l.Send(t.Context(), bad); !errors.Is(err, ErrInvalidMessage) {
		t.Errorf("Send(invalid) = %v", err)
	}
}
