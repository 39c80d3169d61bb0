package app

import (
	"context"
	"strings"
	"testing"
	"time"
)

// A follow-up from the team's sales@, owned by Grace in Shanghai, of a
// quotation Lily wrote from it while working from Dubai goes out in Lily's
// name and in her zone: its Date header (+0400) and the quote's "On …
// wrote:" line (11:30, when her own mail client showed her quotation
// sent) are hers, not the mailbox owner's (+0800, 15:30). A mail queued
// before the zone was kept on it is still dated in the mailbox owner's.
func TestFollowUpFromTheSharedMailboxIsDatedInItsSignersZone(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	asked := time.Date(2026, 11, 2, 15, 0, 0, 0, shanghai)
	w := newFUApp(t, "", asked)
	for i := range w.a.Cfg.Salespeople {
		if w.a.Cfg.Salespeople[i].Email == "lily@lumina-export.example" {
			w.a.Cfg.Salespeople[i].TimeZone = "Asia/Dubai"
		}
	}
	job, err := w.a.NewFollowUp(nil)
	if err != nil {
		t.Fatal(err)
	}
	w.job = job
	w.inquiryAndQuote(asked, asked.Add(30*time.Minute), "Lily Chen")
	it, ok := w.runUntilQueued(asked.Add(time.Hour))
	if !ok || it.From.Name != "Lily Chen" || it.Mailbox != "sales" {
		t.Fatalf("queued %v %+v", ok, it)
	}
	if !strings.Contains(it.Text, "On Mon, 2 Nov 2026 at 11:30, Lily Chen <sales@lumina-export.example> wrote:") {
		t.Errorf("the quote is not dated in Lily's zone:\n%s", it.Text)
	}
	w.a.Getenv = func(string) string { return "secret" } // KW_TEST_PASSWORD
	snd, err := w.a.NewSender(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	dateOf := func(raw []byte) string {
		for _, l := range strings.Split(string(raw), "\r\n") {
			if strings.HasPrefix(l, "Date: ") {
				return l
			}
		}
		return ""
	}
	raw, err := snd.Compose(it)
	if err != nil {
		t.Fatal(err)
	}
	if d := dateOf(raw); !strings.HasSuffix(d, " +0400") {
		t.Errorf("the mail is not dated in Lily's zone: %q", d)
	}
	it.TimeZone = "" // queued before the zone was kept with the mail
	if raw, err = snd.Compose(it); err != nil {
		t.Fatal(err)
	}
	if d := dateOf(raw); !strings.HasSuffix(d, " +0800") {
		t.Errorf("a mail queued before is not dated in the mailbox owner's zone: %q", d)
	}
}
