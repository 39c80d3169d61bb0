package sequences_test

import (
	"context"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// Lily owns the shared sales@ (so its login maps to her, as app.People
// builds it) and is away with an out-of-office without a date from her own
// address. Tom covers from sales@: his answers there are not hers and do
// not end her absence; a mail from sales@ under her own name does.
func TestColleagueMailFromSharedBoxDoesNotEndAbsence(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	sales := "sales@" + teamDomain
	s := newAwayStore(t, at)
	away := sequences.NewAway(sequences.AwayConfig{
		Salespeople:   map[string]bool{lilyUser: true, tomUser: true},
		People:        map[string]string{lilyUser: lilyUser, tomUser: tomUser, boss: boss, sales: lilyUser},
		Names:         map[string]string{lilyUser: "Lily Chen", tomUser: "Tom Wang"},
		MailboxOwners: map[string]string{"lily": lilyUser, "tom": tomUser, "shared": lilyUser},
		Backups:       map[string]string{lilyUser: tomUser},
		Manager:       boss,
	}, s.db)
	s.saveMail("lily", "Sent", ownOOO("ooo-w1@acme", at, time.Time{}))
	fromSales := func(id, name string, when time.Time) keepwarm.Message {
		return keepwarm.Message{MessageID: id, Subject: "RE: Terms", Date: when, Kind: keepwarm.KindOutbound,
			From: keepwarm.Address{Name: name, Email: sales}, To: []keepwarm.Address{{Email: "hans@globex.de"}},
			CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{{Email: "hans@globex.de"}}}
	}
	s.saveMail("shared", "Sent", fromSales("tom-w1@acme", "Tom Wang", at.Add(time.Hour)))
	// Tom writes again from sales@ between two of her automatic answers:
	// her absence still starts at the first.
	s.saveMail("lily", "Sent", ownOOO("ooo-w2@acme", at.Add(90*time.Minute), time.Time{}))
	if to, cover, err := away.Recipient(context.Background(), lilyUser, at.Add(2*time.Hour)); err != nil || to != tomUser || cover == nil || !cover.From.Equal(at) {
		t.Fatalf("Recipient(lily) after Tom answered from sales@ = %q, %+v, %v; want Tom, covering from %v", to, cover, err, at)
	}
	s.saveMail("shared", "Sent", fromSales("lily-w1@acme", "Lily Chen", at.Add(3*time.Hour)))
	if to, cover, err := away.Recipient(context.Background(), lilyUser, at.Add(4*time.Hour)); err != nil || to != lilyUser {
		t.Fatalf("Recipient(lily) after her own mail from sales@ = %q, %+v, %v; want Lily", to, cover, err)
	}
}

// The shared sales@ itself answers with Lily's out-of-office (filed in the
// Sent of the shared box she owns, whose login is hers). Tom covering
// from sales@ under his own name does not end her absence, though her
// automatic answers came from that address; her own mail from it does.
func TestColleagueMailFromSharedResponderDoesNotEndAbsence(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	sales := "sales@" + teamDomain
	s := newAwayStore(t, at)
	away := sequences.NewAway(sequences.AwayConfig{
		Salespeople:   map[string]bool{lilyUser: true, tomUser: true},
		People:        map[string]string{lilyUser: lilyUser, tomUser: tomUser, boss: boss, sales: lilyUser},
		Names:         map[string]string{lilyUser: "Lily Chen", tomUser: "Tom Wang"},
		MailboxOwners: map[string]string{"lily": lilyUser, "tom": tomUser, "shared": lilyUser},
		Backups:       map[string]string{lilyUser: tomUser},
		Manager:       boss,
	}, s.db)
	ooo := ownOOO("ooo-r1@acme", at, time.Time{})
	ooo.From = keepwarm.Address{Name: "Sales", Email: sales}
	s.saveMail("shared", "Sent", ooo)
	fromSales := func(id, name string, when time.Time) keepwarm.Message {
		return keepwarm.Message{MessageID: id, Subject: "RE: Terms", Date: when, Kind: keepwarm.KindOutbound,
			From: keepwarm.Address{Name: name, Email: sales}, To: []keepwarm.Address{{Email: "hans@globex.de"}},
			CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{{Email: "hans@globex.de"}}}
	}
	s.saveMail("shared", "Sent", fromSales("tom-r1@acme", "Tom Wang", at.Add(time.Hour)))
	if to, cover, err := away.Recipient(context.Background(), lilyUser, at.Add(2*time.Hour)); err != nil || to != tomUser || cover == nil || !cover.From.Equal(at) {
		t.Fatalf("Recipient(lily) after Tom answered from the sales@ that answered for her = %q, %+v, %v; want Tom, covering from %v", to, cover, err, at)
	}
	s.saveMail("shared", "Sent", fromSales("lily-r1@acme", "Lily Chen", at.Add(3*time.Hour)))
	if to, cover, err := away.Recipient(context.Background(), lilyUser, at.Add(4*time.Hour)); err != nil || to != lilyUser {
		t.Fatalf("Recipient(lily) after her own mail from sales@ = %q, %+v, %v; want Lily", to, cover, err)
	}
}
