package web_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/web"
)

// Sign-in links asked for while the application closes (requests the HTTP
// server's shutdown gave up waiting for) are safe: Close waits for the
// mail under way, and once it began no other goes out. The answer stays
// the one anyone gets; the log says why nothing was sent. Run it with
// -race too.
func TestSignInsWhileClosing(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	var log mailtest.LockedBuffer
	w.cfg.Log = slog.New(slog.NewTextHandler(&log, nil))
	team := []web.Person{{Email: mei, Name: "Mei Lin", Manager: true}}
	for i := range 60 {
		team = append(team, web.Person{Email: fmt.Sprintf("p%d@seller.example", i), Name: fmt.Sprintf("P %d", i)})
	}
	w.withPeople(team...)
	_, stranger := w.askFrom("192.0.2.200:1", "", "stranger@else.example")

	// The first mail is under way (its server slow to answer) when Close
	// begins, while requests keep coming in.
	hold := w.smtp.HoldNextData()
	if code, _ := w.askFrom("192.0.2.1:1", "", "p0@seller.example"); code != http.StatusOK {
		t.Fatalf("first request: %d", code)
	}
	select {
	case <-hold.Held:
	case <-time.After(10 * time.Second):
		t.Fatal("the first mail never reached the server")
	}
	var closed atomic.Bool
	var asked atomic.Int64
	var wg sync.WaitGroup
	for g := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			after := 0
			for i := 0; i < 60 && after < 5; i++ {
				if closed.Load() {
					after++
				}
				n := asked.Add(1)
				w.askFrom(fmt.Sprintf("198.51.%d.%d:4000", g, i), "", fmt.Sprintf("p%d@seller.example", 1+n%59))
			}
		}()
	}
	closeErr := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		err := w.app.Close(ctx)
		closed.Store(true)
		closeErr <- err
	}()
	for asked.Load() < 6 {
		time.Sleep(time.Millisecond)
	}
	hold.Release()
	wg.Wait()
	if err := <-closeErr; err != nil {
		t.Fatalf("Close: %v", err)
	}
	under := false
	for _, m := range w.smtp.Messages() {
		under = under || m.To[0] == "p0@seller.example"
	}
	if !under {
		t.Fatal("the mail under way at Close did not arrive")
	}

	// Closed: the same answer, no mail, and the log says why.
	sent := len(w.smtp.Messages())
	code, body := w.askFrom("192.0.2.99:1", "", "p59@seller.example")
	if code != http.StatusOK || body != stranger {
		t.Fatalf("after Close: %d, not the answer anyone gets:\n%s", code, body)
	}
	w.app.WaitDeliveries()
	if n := len(w.smtp.Messages()); n != sent {
		t.Fatalf("%d mails went out after Close", n-sent)
	}
	if logged := log.String(); !strings.Contains(logged, "stopping: sign-in mail not sent") || !strings.Contains(logged, "p59@seller.example") {
		t.Fatalf("the log does not say the mail was not sent:\n%s", logged)
	}
}
