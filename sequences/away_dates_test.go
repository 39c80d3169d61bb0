package sequences_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
)

// awayStore is a store with Lily's mailbox, for absences read from mail
// without a mail server: saveMail files a message as the sync would.
type awayStore struct {
	t   *testing.T
	db  *store.DB
	uid uint32
}

func newAwayStore(t *testing.T, at time.Time) *awayStore {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "kw.db"), at)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &awayStore{t: t, db: db}
}

// saveMail files m in mailbox's folder ("Sent" or "INBOX") at m.Date.
func (s *awayStore) saveMail(mailbox, folder string, m keepwarm.Message) {
	s.t.Helper()
	s.uid++
	role := keepwarm.RoleInbox
	if folder == "Sent" {
		role = keepwarm.RoleSent
	}
	if m.Key == "" {
		m.Key = m.MessageID
	}
	m.RawHeader = []byte("Message-ID: <" + m.MessageID + ">\r\n")
	m.SubjectKey = strings.ToLower(m.Subject)
	in := keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{Mailbox: mailbox, Folder: folder, Role: role, UIDValidity: 1, UID: s.uid, InternalDate: m.Date}}
	st := keepwarm.FolderState{Mailbox: mailbox, Folder: folder, UIDValidity: 1, LastUID: s.uid, SyncedAt: m.Date}
	if _, err := s.db.SaveBatch(context.Background(), st, []keepwarm.Incoming{in}); err != nil {
		s.t.Fatal(err)
	}
}

// ownOOO is Lily's own out-of-office answer to a customer, sent at at,
// naming until as her return (zero: no date).
func ownOOO(id string, at, until time.Time) keepwarm.Message {
	return keepwarm.Message{MessageID: id, Subject: "Automatic reply: Terms", Date: at, Kind: keepwarm.KindAutoReply,
		From: keepwarm.Address{Name: "Lily", Email: lilyUser}, To: []keepwarm.Address{{Email: "hans@globex.de"}},
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{{Email: "hans@globex.de"}}, AutoReplyUntil: until,
		Snippet: "I am on leave."}
}

func (s *awayStore) away(configured ...keepwarm.Absence) *sequences.Away {
	return s.awayWith(nil, configured...)
}

// awayWith is away with more mailboxes and their owners.
func (s *awayStore) awayWith(owners map[string]string, configured ...keepwarm.Absence) *sequences.Away {
	mailboxes := map[string]string{"lily": lilyUser, "tom": tomUser}
	for mb, owner := range owners {
		mailboxes[mb] = owner
	}
	return sequences.NewAway(sequences.AwayConfig{
		Configured:    configured,
		Salespeople:   map[string]bool{lilyUser: true, tomUser: true},
		People:        map[string]string{lilyUser: lilyUser, tomUser: tomUser, boss: boss},
		MailboxOwners: mailboxes,
		Backups:       map[string]string{lilyUser: tomUser},
		Manager:       boss,
	}, s.db)
}

// Lily's out-of-office of 20 January says she is back on 20 February;
// customers stop writing after the 26th and she sends no other. On 10
// February, more than 14 days after her last reply, she is still away
// until the date she gave: the 14-day bound is for replies without one.
func TestDatedOwnAutoReplyOutlivesTheOpenLimit(t *testing.T) {
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	back := time.Date(2027, 2, 20, 0, 0, 0, 0, sh)
	s := newAwayStore(t, time.Date(2027, 1, 20, 0, 0, 0, 0, sh))
	s.saveMail("lily", "Sent", ownOOO("ooo-a@acme", time.Date(2027, 1, 20, 9, 0, 0, 0, sh), back))
	s.saveMail("lily", "Sent", ownOOO("ooo-b@acme", time.Date(2027, 1, 26, 9, 0, 0, 0, sh), back))
	away := s.away()
	at := time.Date(2027, 2, 10, 9, 0, 0, 0, sh)
	to, cover, err := away.Recipient(context.Background(), lilyUser, at)
	if err != nil || to != tomUser || cover == nil || !cover.Until.Equal(back) || cover.NoReturnDate {
		t.Fatalf("Recipient(lily) on 10 February = %q, %+v, %v; want Tom, until 20 February", to, cover, err)
	}
	if to, _, _ := away.Recipient(context.Background(), lilyUser, back.Add(time.Minute)); to != lilyUser {
		t.Errorf("on 20 February: %q, want Lily", to)
	}
	// A reply without a date still ends 14 days after it.
	s.saveMail("tom", "Sent", keepwarm.Message{MessageID: "ooo-t@acme", Subject: "Automatic reply: Samples", Date: time.Date(2027, 1, 20, 9, 0, 0, 0, sh),
		Kind: keepwarm.KindAutoReply, From: keepwarm.Address{Email: tomUser}, To: []keepwarm.Address{{Email: "ann@initech.de"}},
		CustomerKey: "domain:initech.de", Contacts: []keepwarm.Address{{Email: "ann@initech.de"}}})
	if to, _, _ := away.Recipient(context.Background(), tomUser, at); to != tomUser {
		t.Errorf("Tom's dateless reply of 20 January on 10 February: %q, want Tom back", to)
	}
}

// "Back now" ends a config absence running at that instant (Lily back two
// days early) but not a later trip the config also lists.
func TestBackNowEndsARunningConfigAbsenceOnly(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 12, d, 0, 0, 0, 0, time.UTC) }
	s := newAwayStore(t, day(1))
	away := s.away(
		keepwarm.Absence{Person: lilyUser, From: day(10), Until: day(20), Source: keepwarm.AwayConfig},
		keepwarm.Absence{Person: lilyUser, From: day(24), Until: day(28), Source: keepwarm.AwayConfig},
	)
	ctx := context.Background()
	if err := s.db.RecordReturn(ctx, lilyUser, lilyUser, day(18)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		at   time.Time
		want string
	}{{day(17), tomUser}, {day(18), lilyUser}, {day(19), lilyUser}, {day(25), tomUser}} {
		if to, _, err := away.Recipient(ctx, lilyUser, c.at); err != nil || to != c.want {
			t.Errorf("at %s: %q %v, want %q", c.at.Format("Jan 2"), to, err, c.want)
		}
	}
}

// Lily, away 1-10 December in the config, says "back now" on 5 December
// at 09:00; at 13:00 she goes home ill and the config gets 5-13 December.
// That absence covers 09:00 too but came after the return: it runs.
func TestBackNowDoesNotEndAnAbsenceEnteredAfterIt(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 12, d, 0, 0, 0, 0, time.UTC) }
	s := newAwayStore(t, day(1))
	ctx := context.Background()
	// What the desk records: the return and the start of the absence it ended.
	if err := s.db.RecordReturn(ctx, lilyUser, lilyUser, day(5).Add(9*time.Hour), day(1)); err != nil {
		t.Fatal(err)
	}
	before := s.away(keepwarm.Absence{Person: lilyUser, From: day(1), Until: day(11), Source: keepwarm.AwayConfig})
	if to, _, err := before.Recipient(ctx, lilyUser, day(5).Add(10*time.Hour)); err != nil || to != lilyUser {
		t.Fatalf("after her return: %q %v, want Lily", to, err)
	}
	sick := s.away(keepwarm.Absence{Person: lilyUser, From: day(5), Until: day(13), Source: keepwarm.AwayConfig})
	if to, _, err := sick.Recipient(ctx, lilyUser, day(5).Add(15*time.Hour)); err != nil || to != tomUser {
		t.Errorf("sick leave entered after her return: %q %v, want Tom", to, err)
	}
}

// Lily is away 22 December to 4 January in the config, read in Berlin (her
// entry had no time_zone and the team's was Berlin). She says "Back now" on
// 28 December. The next day the operator gives her entry Asia/Shanghai and
// restarts: the entry starts at midnight in Shanghai now, seven hours
// earlier, and is still the one she ended.
func TestBackNowOutlastsAZoneChangeInTheConfig(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	entry := func(loc *time.Location) keepwarm.Absence {
		return keepwarm.Absence{Person: lilyUser, From: time.Date(2026, 12, 22, 0, 0, 0, 0, loc),
			Until: time.Date(2027, 1, 5, 0, 0, 0, 0, loc), Source: keepwarm.AwayConfig}
	}
	s := newAwayStore(t, time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC))
	ctx := context.Background()
	back := time.Date(2026, 12, 28, 9, 0, 0, 0, berlin)
	if err := s.db.RecordReturn(ctx, lilyUser, lilyUser, back, entry(berlin).From); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 29, 12, 0, 0, 0, time.UTC)
	for _, loc := range []*time.Location{berlin, sh} {
		if to, cover, err := s.away(entry(loc)).Recipient(ctx, lilyUser, at); err != nil || to != lilyUser {
			t.Errorf("her entry read in %s after her return: %q, %+v, %v; want Lily", loc, to, cover, err)
		}
	}
	// A later trip of hers starting at another midnight is not ended.
	trip := keepwarm.Absence{Person: lilyUser, From: time.Date(2026, 12, 29, 0, 0, 0, 0, sh),
		Until: time.Date(2027, 1, 5, 0, 0, 0, 0, sh), Source: keepwarm.AwayConfig}
	if to, _, err := s.away(trip).Recipient(ctx, lilyUser, at); err != nil || to != tomUser {
		t.Errorf("a trip entered after her return: %q, %v; want Tom", to, err)
	}
}

// A desk absence names a backup who has since left the team: their mail
// goes to the standing backup, else the manager, not to the address of
// someone nobody on the team reads; the absence says whom it named.
func TestBackupWhoLeftTheTeamIsPassedOver(t *testing.T) {
	t0 := time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC)
	s := newAwayStore(t, t0)
	ctx := context.Background()
	for _, p := range []string{lilyUser, tomUser} {
		if _, err := s.db.AddAbsence(ctx, keepwarm.Absence{Person: p, Backup: "gone@acme-export.com", From: t0, Until: t0.AddDate(0, 0, 10)}, p, t0.AddDate(0, 0, -19)); err != nil {
			t.Fatal(err)
		}
	}
	away := s.away()
	// Lily's standing backup is Tom, away too, and his named backup has
	// left: both go to the manager.
	for _, p := range []string{lilyUser, tomUser} {
		to, cover, err := away.Recipient(ctx, p, t0.Add(time.Hour))
		if err != nil || to != boss || cover == nil || cover.OffTeam != "gone@acme-export.com" {
			t.Errorf("Recipient(%s) = %q %+v %v, want the manager", p, to, cover, err)
		}
	}
	// Tom's absence called off: Lily's standing backup covers again.
	desk, _ := s.db.DeskAbsences(ctx, t0)
	for _, d := range desk {
		if d.Person == tomUser {
			if _, err := s.db.CancelAbsence(ctx, d.ID, tomUser, t0); err != nil {
				t.Fatal(err)
			}
		}
	}
	if to, _, _ := away.Recipient(ctx, lilyUser, t0.Add(time.Hour)); to != tomUser {
		t.Errorf("Tom back: Lily's mail goes to %q, want Tom", to)
	}
}

// A desk absence names Tom as backup; Tom has since moved into
// team.managers, who see everything but cover for nobody. He is passed
// over as one who left is, but the absence says he is in team.managers,
// not that he is off the team; a backup who left is still said to be off.
func TestBackupNowInManagersIsPassedOverNotCalledOffTheTeam(t *testing.T) {
	t0 := time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC)
	s := newAwayStore(t, t0)
	ctx := context.Background()
	const ann = "ann@acme-export.com"
	for p, b := range map[string]string{lilyUser: tomUser, ann: "gone@acme-export.com"} {
		if _, err := s.db.AddAbsence(ctx, keepwarm.Absence{Person: p, Backup: b, From: t0, Until: t0.AddDate(0, 0, 10)}, p, t0.AddDate(0, 0, -19)); err != nil {
			t.Fatal(err)
		}
	}
	away := sequences.NewAway(sequences.AwayConfig{
		Salespeople: map[string]bool{lilyUser: true, ann: true},
		People:      map[string]string{lilyUser: lilyUser, ann: ann, tomUser: tomUser, boss: boss},
		Manager:     boss,
		Team:        map[string]bool{lilyUser: true, ann: true, tomUser: true, boss: true},
	}, s.db)
	to, cover, err := away.Recipient(ctx, lilyUser, t0.Add(time.Hour))
	if err != nil || to != boss || cover == nil || cover.OffTeam != tomUser || !cover.OffTeamManager {
		t.Errorf("Recipient(Lily) = %q %+v %v, want the manager, Tom named as in team.managers", to, cover, err)
	}
	to, cover, err = away.Recipient(ctx, ann, t0.Add(time.Hour))
	if err != nil || to != boss || cover == nil || cover.OffTeam != "gone@acme-export.com" || cover.OffTeamManager {
		t.Errorf("Recipient(Ann) = %q %+v %v, want the manager, her backup off the team", to, cover, err)
	}
}

// Lily works from São Paulo; her mail server writes its automatic replies
// with a UTC Date, so "back on 5 January" is read as 5 January 00:00 UTC,
// 21:00 on the 4th her time. Her absence ends at midnight of the 5th where
// she lives; a reply dated in her own offset, or in Hawaii's (which could
// be read as Kiribati's), gives the same day.
func TestOwnReturnDateIsADayInTheirZone(t *testing.T) {
	sp, err := time.LoadLocation("America/Sao_Paulo")
	if err != nil {
		t.Fatal(err)
	}
	hawaii, err := time.LoadLocation("Pacific/Honolulu")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		loc   *time.Location
		until time.Time // the midnight the parser gave
	}{
		{sp, time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC)},
		{sp, time.Date(2027, 1, 5, 0, 0, 0, 0, time.FixedZone("", -3*3600))},
		{sp, time.Date(2027, 1, 5, 0, 0, 0, 0, time.FixedZone("", 8*3600))},
		{hawaii, time.Date(2027, 1, 5, 0, 0, 0, 0, time.FixedZone("", -10*3600))},
		{hawaii, time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC)},
	} {
		s := newAwayStore(t, time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC))
		s.saveMail("lily", "Sent", ownOOO("ooo-z@acme", time.Date(2026, 12, 22, 12, 0, 0, 0, time.UTC), c.until))
		away := sequences.NewAway(sequences.AwayConfig{Salespeople: map[string]bool{lilyUser: true},
			People: map[string]string{lilyUser: lilyUser}, MailboxOwners: map[string]string{"lily": lilyUser},
			PersonLocation: func(string) *time.Location { return c.loc }}, s.db)
		_, cover, err := away.Recipient(context.Background(), lilyUser, time.Date(2026, 12, 28, 0, 0, 0, 0, time.UTC))
		want := time.Date(2027, 1, 5, 0, 0, 0, 0, c.loc)
		if err != nil || cover == nil || !cover.Until.Equal(want) {
			t.Errorf("%s, read as %s: %+v %v, want until %s", c.loc, c.until, cover, err, want)
		}
	}
}

// Lily works from New York. Her Exchange responder wrote its replies in UTC:
// "back on 5 January" is stored as 5 January 00:00 UTC, 4 January 19:00
// in New York. Its last answer went out on 15 December, past the 14-day
// bound. At 21:00 New York time on 4 January she is still away: the
// day is hers, and it begins at her midnight, not the reply's.
func TestOwnReturnDateHoldsPastTheRepliesMidnightWestOfIt(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	until := time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC)
	s := newAwayStore(t, time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC))
	s.saveMail("lily", "Sent", ownOOO("ooo-ny@acme", time.Date(2026, 12, 15, 14, 0, 0, 0, time.UTC), until))
	away := sequences.NewAway(sequences.AwayConfig{Salespeople: map[string]bool{lilyUser: true, tomUser: true},
		People: map[string]string{lilyUser: lilyUser, tomUser: tomUser}, MailboxOwners: map[string]string{"lily": lilyUser, "tom": tomUser},
		Backups: map[string]string{lilyUser: tomUser}, PersonLocation: func(string) *time.Location { return ny }}, s.db)
	want := time.Date(2027, 1, 5, 0, 0, 0, 0, ny)
	to, cover, err := away.Recipient(context.Background(), lilyUser, time.Date(2027, 1, 5, 2, 0, 0, 0, time.UTC))
	if err != nil || to != tomUser || cover == nil || !cover.Until.Equal(want) {
		t.Fatalf("Recipient(lily) at 21:00 on 4 January in New York = %q, %+v, %v; want Tom, until %s", to, cover, err, want)
	}
	if to, _, err := away.Recipient(context.Background(), lilyUser, want.Add(time.Minute)); err != nil || to != lilyUser {
		t.Errorf("Recipient(lily) on 5 January in New York = %q, %v; want Lily", to, err)
	}
}

// Lily's scheduled out-of-office says she is back on 20 December; she comes
// back on the 15th and says "Back now" at 09:00. Her responder still runs
// and answers a customer at 09:40 with the old date; at 09:50 she sends a
// normal mail. At 10:00 she is not away: after a "Back now", her own mail
// ends a dated out-of-office reply as it ends one without a date.
func TestBackNowOutlastsTheStillRunningResponder(t *testing.T) {
	day := func(d, h, m int) time.Time { return time.Date(2026, 12, d, h, m, 0, 0, time.UTC) }
	s := newAwayStore(t, day(1, 0, 0))
	ctx := context.Background()
	s.saveMail("lily", "Sent", ownOOO("ooo-1@acme", day(10, 9, 0), day(20, 0, 0)))
	if err := s.db.RecordReturn(ctx, lilyUser, lilyUser, day(15, 9, 0)); err != nil {
		t.Fatal(err)
	}
	s.saveMail("lily", "Sent", ownOOO("ooo-2@acme", day(15, 9, 40), day(20, 0, 0)))
	s.saveMail("lily", "Sent", keepwarm.Message{MessageID: "n-1@acme", Subject: "Samples", Date: day(15, 9, 50), Kind: keepwarm.KindOutbound,
		From: keepwarm.Address{Name: "Lily", Email: lilyUser}, To: []keepwarm.Address{{Email: "hans@globex.de"}},
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{{Email: "hans@globex.de"}}, Snippet: "Dear Hans, the samples left today."})
	away := s.away()
	if to, cover, err := away.Recipient(ctx, lilyUser, day(15, 10, 0)); err != nil || to != lilyUser {
		t.Fatalf("after Back now, her responder and her own mail: %q, %+v, %v; want Lily", to, cover, err)
	}
	// Without "Back now", a normal mail sent while a dated reply runs (a
	// look at the mailbox on holiday) does not end it.
	s2 := newAwayStore(t, day(1, 0, 0))
	s2.saveMail("lily", "Sent", ownOOO("ooo-1@acme", day(10, 9, 0), day(20, 0, 0)))
	s2.saveMail("lily", "Sent", ownOOO("ooo-2@acme", day(15, 9, 40), day(20, 0, 0)))
	s2.saveMail("lily", "Sent", keepwarm.Message{MessageID: "n-1@acme", Subject: "Samples", Date: day(15, 9, 50), Kind: keepwarm.KindOutbound,
		From: keepwarm.Address{Name: "Lily", Email: lilyUser}, To: []keepwarm.Address{{Email: "hans@globex.de"}},
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{{Email: "hans@globex.de"}}, Snippet: "Dear Hans, the samples left today."})
	if to, _, err := s2.away().Recipient(ctx, lilyUser, day(15, 10, 0)); err != nil || to != tomUser {
		t.Fatalf("a mail on holiday: %q, %v; want Tom", to, err)
	}
}

// Lily's responder answers a customer at 09:55 with "back on 4 January";
// she says "Back now" at 10:00, when the last sync of her Sent had seen
// only its 08:00 answer, and the sync files the 09:55 one at 10:03. That
// answer was sent before she said she was back: she stays back.
func TestBackNowEndsAnOutOfOfficeSyncedAfterIt(t *testing.T) {
	day := func(d, h, m int) time.Time { return time.Date(2026, 12, d, h, m, 0, 0, time.UTC) }
	s := newAwayStore(t, day(1, 0, 0))
	ctx := context.Background()
	back := time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC)
	s.saveMail("lily", "Sent", ownOOO("ooo-1@acme", day(21, 8, 0), back))
	away := s.away()
	// What the desk records at 10:00: the start of the absence it saw.
	r, err := away.Roster(ctx, day(21, 10, 0))
	if err != nil {
		t.Fatal(err)
	}
	var starts []time.Time
	for _, a := range r.Current() {
		starts = append(starts, a.From)
	}
	if len(starts) != 1 || !starts[0].Equal(day(21, 8, 0)) {
		t.Fatalf("before Back now: running absences start at %v, want 08:00", starts)
	}
	if err := s.db.RecordReturn(ctx, lilyUser, lilyUser, day(21, 10, 0), starts...); err != nil {
		t.Fatal(err)
	}
	s.saveMail("lily", "Sent", ownOOO("ooo-2@acme", day(21, 9, 55), back))
	r, err = away.Roster(ctx, day(21, 10, 5))
	if err != nil {
		t.Fatal(err)
	}
	if cur := r.Current(); len(cur) != 0 {
		t.Errorf("at 10:05, after Back now: away %+v, want nobody", cur)
	}
	if to, cover, err := away.Recipient(ctx, lilyUser, day(21, 10, 5)); err != nil || to != lilyUser {
		t.Errorf("Recipient(lily) at 10:05 = %q, %+v, %v; want Lily", to, cover, err)
	}
	// Her responder answering after the return, with no normal mail of
	// hers since, still makes her away.
	s.saveMail("lily", "Sent", ownOOO("ooo-3@acme", day(21, 11, 0), back))
	if to, _, err := away.Recipient(ctx, lilyUser, day(21, 11, 5)); err != nil || to != tomUser {
		t.Errorf("an out-of-office sent after Back now: %q, %v; want Tom", to, err)
	}
}
