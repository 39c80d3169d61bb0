package store

import (
	"context"
	"testing"
	"time"

	"keepwarm"
)

// A contact whose latest mail from the team was stored from its header
// (text_pending, a history's first sync) is marked OwnTextPending while
// that mail is newer than the latest one whose text is known; once a newer
// mail with its text arrives, it is not.
func TestGreetingRecipientsOwnTextPending(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	out := func(key, text string, pending bool) keepwarm.Message {
		m := msg(key)
		m.Kind, m.From, m.To = keepwarm.KindOutbound, keepwarm.Address{Name: "Lily", Email: "sales@team.example"},
			[]keepwarm.Address{{Name: "Bob", Email: "bob@acme.com"}}
		m.Text, m.TextPending = text, pending
		return m
	}
	pendingOf := func() (bool, string) {
		t.Helper()
		rs, err := db.GreetingRecipients(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if r.Contact.Email == "bob@acme.com" {
				return r.OwnTextPending, r.OwnText
			}
		}
		t.Fatal("bob is not a recipient")
		return false, ""
	}
	save(t, db,
		at(msg("in-1@acme.com"), "team", "INBOX", 1, t0),
		at(out("out-1@team.example", "Hallo Bob,\nanbei das Angebot.", false), "team", "INBOX", 2, t0.Add(time.Hour)),
		at(out("out-2@team.example", "", true), "team", "INBOX", 3, t0.Add(2*time.Hour)),
	)
	if p, text := pendingOf(); !p || text != "Hallo Bob,\nanbei das Angebot." {
		t.Errorf("latest mail's text pending: OwnTextPending %v, OwnText %q; want true and the older text", p, text)
	}
	save(t, db, at(out("out-3@team.example", "Dear Bob,\nthe samples left today.", false), "team", "INBOX", 4, t0.Add(3*time.Hour)))
	if p, text := pendingOf(); p || text != "Dear Bob,\nthe samples left today." {
		t.Errorf("a newer mail with its text: OwnTextPending %v, OwnText %q; want false and its text", p, text)
	}
}
