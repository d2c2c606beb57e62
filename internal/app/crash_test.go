package app_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	smtpd "github.com/emersion/go-smtp"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/app"
	"github.com/purnajual/purna/internal/config"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/storetest"
)

// TestMain lets the test binary run as a purna server, so that
// TestKillDuringSend can kill a real process with SIGKILL.
func TestMain(m *testing.M) {
	if os.Getenv("PURNA_TEST_CHILD") == "serve" {
		err := app.Run(context.Background(), []string{"purna", "serve"}, os.Getenv, os.Stdout, io.Discard)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// slowSMTP accepts mail slowly and counts each Message-ID it receives.
type slowSMTP struct {
	srv   *smtpd.Server
	addr  string
	delay time.Duration
	mu    sync.Mutex
	seen  map[string]int
}

func newSlowSMTP(t *testing.T, delay time.Duration) *slowSMTP {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &slowSMTP{addr: ln.Addr().String(), delay: delay, seen: map[string]int{}}
	s.srv = smtpd.NewServer(smtpd.BackendFunc(func(*smtpd.Conn) (smtpd.Session, error) { return &slowSession{s}, nil }))
	s.srv.Domain = "localhost"
	s.srv.ErrorLog = log.New(io.Discard, "", 0)
	go func() { _ = s.srv.Serve(ln) }()
	t.Cleanup(func() { s.srv.Close() })
	return s
}

func (s *slowSMTP) counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for k, v := range s.seen {
		out[k] = v
	}
	return out
}

type slowSession struct{ s *slowSMTP }

func (x *slowSession) Reset()                                {}
func (x *slowSession) Logout() error                         { return nil }
func (x *slowSession) Mail(string, *smtpd.MailOptions) error { return nil }
func (x *slowSession) Rcpt(string, *smtpd.RcptOptions) error { return nil }
func (x *slowSession) Data(r io.Reader) error {
	br := bufio.NewReader(r)
	id := ""
	for {
		line, err := br.ReadString('\n')
		if v, ok := strings.CutPrefix(line, "Message-ID: <"); ok {
			id, _, _ = strings.Cut(v, "@")
		}
		if err != nil || strings.TrimSpace(line) == "" {
			break
		}
	}
	_, _ = io.Copy(io.Discard, br)
	time.Sleep(x.s.delay)
	x.s.mu.Lock()
	x.s.seen[id]++
	x.s.mu.Unlock()
	return nil
}

// startChild runs `purna serve` in a child process and returns it with its URL.
func startChild(t *testing.T, env []string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), append(env, "PURNA_TEST_CHILD=serve")...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "URL: ") {
		_ = cmd.Process.Kill()
		t.Fatalf("child did not start: %q %v", line, err)
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	return cmd, strings.TrimSpace(strings.TrimPrefix(line, "URL: "))
}

// TestKillDuringSend kills the server with SIGKILL in the middle of sending
// confirmations, starts it again, and checks the delivery guarantee: no
// message reaches the mail server twice, none stays pending, and the one
// whose send was cut off is marked unknown rather than lost or resent.
func TestKillDuringSend(t *testing.T) {
	t.Parallel()
	if testing.Short() || storetest.RaceEnabled {
		t.Skip("starts and kills server processes; skipped with -short and -race")
	}
	const orders = 120
	smtp := newSlowSMTP(t, 25*time.Millisecond)
	dir := t.TempDir()
	env := []string{"PURNA_DATA=" + dir, "PURNA_ADDR=127.0.0.1:0", "PURNA_SMTP_URL=smtp://" + smtp.addr + "?tls=none&pool=1",
		"PURNA_LOG_LEVEL=error"}

	// The shop and its key, made before the server runs.
	cfg := config.Default()
	cfg.DataDir = dir
	a, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	sh := &shop.Shop{ID: purna.NewID(now), Name: "Toko Tahan Banting", CreatedAt: now, UpdatedAt: now}
	_ = sh.Validate()
	if err := a.Shops.CreateShop(context.Background(), sh); err != nil {
		t.Fatal(err)
	}
	_, key, err := a.Auth.CreateAPIKey(context.Background(), sh.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	a.Close()

	child, url := startChild(t, env)
	for i := range orders {
		body := fmt.Sprintf(`{"source":"api","external_id":"K-%d","currency":"IDR","placed_at":"%s",
			"customer":{"email":"c%d@example.co.id","first_name":"Ayu"},"lines":[{"name":"Kipas","quantity":1,"unit_price":25000000}]}`,
			i, now.Format(time.RFC3339), i)
		req, _ := http.NewRequest("POST", url+"/api/v1/orders", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 201 {
			t.Fatalf("order %d: %d", i, resp.StatusCode)
		}
	}
	// Kill it mid-stream, once every confirmation is in the outbox (so no
	// job that makes them is cut off) and some went out.
	d := storetest.MustOpenSQLiteAt(t, dir)
	deadline := time.Now().Add(60 * time.Second)
	for {
		var total int
		_ = d.Read().QueryRow(context.Background(), `SELECT COUNT(*) FROM messages`).Scan(&total)
		if total == orders && len(smtp.counts()) >= orders/4 {
			break
		}
		if time.Now().After(deadline) {
			_ = child.Process.Kill()
			t.Fatalf("only %d messages sent before the deadline", len(smtp.counts()))
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = child.Wait()
	before := len(smtp.counts())
	if before >= orders {
		t.Fatalf("all %d messages went out before the kill; the test proves nothing", before)
	}

	child, _ = startChild(t, env)
	t.Cleanup(func() {
		_ = child.Process.Signal(syscall.SIGTERM)
		_ = child.Wait()
	})
	deadline = time.Now().Add(90 * time.Second)
	for {
		var open int
		if err := d.Read().QueryRow(context.Background(),
			`SELECT COUNT(*) FROM messages WHERE status IN ('queued', 'sending')`).Scan(&open); err != nil {
			t.Fatal(err)
		}
		var total int
		_ = d.Read().QueryRow(context.Background(), `SELECT COUNT(*) FROM messages`).Scan(&total)
		if open == 0 && total == orders {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d messages still open", open, total)
		}
		time.Sleep(100 * time.Millisecond)
	}

	counts := smtp.counts()
	for id, n := range counts {
		if n > 1 {
			t.Errorf("message %s reached the mail server %d times", id, n)
		}
	}
	rows, err := d.Read().Query(context.Background(), `SELECT id, status FROM messages`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	status := map[string]int{}
	for rows.Next() {
		var id, st string
		if err := rows.Scan(&id, &st); err != nil {
			t.Fatal(err)
		}
		status[st]++
		switch st {
		case "sent":
			if counts[id] != 1 {
				t.Errorf("message %s is sent but the server has it %d times", id, counts[id])
			}
		case "unknown":
			// Cut off mid-send: the server may or may not have it, and it
			// was not sent again.
		default:
			t.Errorf("message %s ended %s", id, st)
		}
	}
	// A crash leaves at most the chunks in flight unknown.
	if status["sent"]+status["unknown"] != orders || status["unknown"] > journey.MaxUnknownAfterCrash {
		t.Errorf("statuses = %v, want %d sent or unknown, at most %d unknown", status, orders, journey.MaxUnknownAfterCrash)
	}
	t.Logf("killed after %d sends; final statuses %v", before, status)
}
