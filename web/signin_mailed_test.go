package web_test

import (
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"
)

const onItsWay = "If that address is on the team, a sign-in link is on its way. It works once, for 15 minutes."

// Someone behind one IPv6 /64 (a fresh address for every request, as any
// subscriber's network allows) asks 30 times for each team address: the
// /64 counts as one client, and no address gets more than two live links
// mailed; every answer that was not refused says the same.
func TestSignInCountsAnIPv6NetworkAndMailsFewLiveLinks(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	w.cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	w.rebase("http://keepwarm.test")
	ok := 0
	for i := 0; i < 90; i++ {
		email := []string{lily, tom, mei}[i%3]
		code, body := w.askFrom("127.0.0.1:40000", path("2001:db8:1:2::%x", i%12+1), email)
		switch code {
		case http.StatusOK:
			ok++
			if !strings.Contains(body, onItsWay) {
				t.Fatalf("request %d: the answer changed:\n%s", i+1, body)
			}
		case http.StatusTooManyRequests:
		default:
			t.Fatalf("request %d: %d", i+1, code)
		}
	}
	w.app.WaitDeliveries()
	if n := len(w.smtp.Messages()); n > 6 || ok > 10 {
		t.Fatalf("from one /64: %d requests answered, %d links mailed; want at most 10 and 6", ok, n)
	}
}

// Asked for one team address from ever new places, twenty minutes after
// twenty minutes, the [notify] account mails at most ten links a day to
// it, not the team's thirty (ten for each of three people); the answers
// stay the same.
func TestSignInMailsAtMostADailyCeilingForEachAddress(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	n := 0
	for round := 0; round < 8; round++ {
		for i, email := range []string{lily, lily, lily, lily, lily, lily} {
			n++
			code, body := w.askFrom(path("198.51.%d.%d:4000", round, i+1), "", email)
			if code != http.StatusOK || !strings.Contains(body, onItsWay) {
				t.Fatalf("round %d, %s: %d\n%s", round+1, email, code, body)
			}
		}
		w.clock.Advance(20 * time.Minute)
	}
	w.app.WaitDeliveries()
	if got := len(w.smtp.Messages()); got != 10 {
		t.Fatalf("%d requests for %s in %s mailed %d links, want the address's ceiling of 10", n, lily, 8*20*time.Minute, got)
	}
	// A day later links are mailed again.
	w.clock.Advance(24 * time.Hour)
	if code, _ := w.askFrom("192.0.2.10:5000", "", lily); code != http.StatusOK {
		t.Fatal(code)
	}
	w.app.WaitDeliveries()
	if got := len(w.smtp.Messages()); got != 11 {
		t.Fatalf("the next day: %d links in all, want 11", got)
	}
}
