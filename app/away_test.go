package app

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/sequences"
	"keepwarm/store"
)

// An ack draft whose customer was answered before the dispatcher filed it
// is skipped, not filed (it would only be removed again); a draft that is
// still needed passes; other items are not the ack check's business.
func TestAckPrecheckSkipsADraftAnsweredBeforeItWasFiled(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	db := tempDB(t, t0)
	uid := uint32(0)
	save := func(m keepwarm.Message, role keepwarm.FolderRole) int64 {
		t.Helper()
		uid++
		m.Key, m.RawHeader = m.MessageID, []byte("Message-ID: <"+m.MessageID+">\r\n")
		folder := "INBOX"
		if role == keepwarm.RoleSent {
			folder = "Sent"
		}
		in := keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{Mailbox: "lily", Folder: folder, Role: role, UIDValidity: 1, UID: uid, InternalDate: m.Date}}
		res, err := db.SaveBatch(ctx, keepwarm.FolderState{Mailbox: "lily", Folder: folder, UIDValidity: 1, LastUID: uid, SyncedAt: m.Date}, []keepwarm.Incoming{in})
		if err != nil || len(res.NewIDs) != 1 {
			t.Fatalf("save %s: %v", m.MessageID, err)
		}
		return res.NewIDs[0]
	}
	hans := keepwarm.Address{Email: "hans@globex.de"}
	q := save(keepwarm.Message{MessageID: "q@globex.de", From: hans, To: []keepwarm.Address{{Email: "lily@acme.example"}},
		Subject: "Terms", SubjectKey: "terms", Date: t0, Kind: keepwarm.KindInbound, CustomerKey: "domain:globex.de",
		Contacts: []keepwarm.Address{hans}}, keepwarm.RoleInbox)
	a := &App{DB: db}
	item := keepwarm.OutboxItem{Key: sequences.AckKey(q), Origin: sequences.OriginAck, MessageID: "ack@acme.example"}
	if why, err := a.ackPrecheck(ctx, item); err != nil || why != "" {
		t.Fatalf("unanswered: %q %v", why, err)
	}
	save(keepwarm.Message{MessageID: "a@acme.example", From: keepwarm.Address{Email: "lily@acme.example"}, To: []keepwarm.Address{hans},
		Subject: "Re: Terms", SubjectKey: "terms", Date: t0.Add(3 * time.Minute), Kind: keepwarm.KindOutbound,
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hans}, InReplyTo: []string{"q@globex.de"},
		References: []string{"q@globex.de"}}, keepwarm.RoleSent)
	if why, err := a.ackPrecheck(ctx, item); err != nil || why == "" {
		t.Fatalf("answered: %q %v", why, err)
	}
	if why, err := a.ackPrecheck(ctx, keepwarm.OutboxItem{Key: "nudge:1:1", Origin: sequences.OriginNudge}); err != nil || why != "" {
		t.Fatalf("a nudge: %q %v", why, err)
	}
}

// Hans writes "Thanks, received!"; the first nudge queues a "received"
// draft for Lily's Drafts; before the dispatcher files it Lily marks the
// mail "no answer needed". The dispatcher skips the draft, saying who
// marked it, and her Drafts on the IMAP server stay empty.
func TestAckDraftQueuedForAMailMarkedNoAnswerNeededIsNotFiled(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	const lily = "lily@acme.example"
	db := tempDB(t, t0)
	hans := keepwarm.Address{Name: "Hans Meier", Email: "hans@globex.de"}
	m := keepwarm.Message{MessageID: "thx@globex.de", Key: "thx@globex.de", RawHeader: []byte("Message-ID: <thx@globex.de>\r\n"),
		From: hans, To: []keepwarm.Address{{Email: lily}}, Subject: "Re: Quotation", SubjectKey: "quotation", Date: t0,
		Kind: keepwarm.KindInbound, CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hans}}
	res, err := db.SaveBatch(ctx, keepwarm.FolderState{Mailbox: "lily", Folder: "INBOX", UIDValidity: 1, LastUID: 1, SyncedAt: t0},
		[]keepwarm.Incoming{{Message: m, Copy: keepwarm.Copy{Mailbox: "lily", Folder: "INBOX", Role: keepwarm.RoleInbox, UIDValidity: 1, UID: 1, InternalDate: t0}}})
	if err != nil || len(res.NewIDs) != 1 {
		t.Fatalf("save: %v", err)
	}
	id := res.NewIDs[0]
	log := slog.New(slog.DiscardHandler)
	rc := sequences.ReplyConfig{People: map[string]string{lily: lily}, MailboxOwners: map[string]string{"lily": lily}}
	if _, err := sequences.NewReplyWatch(rc, db, log).Measure(ctx, t0.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	now := t0.Add(5 * time.Minute)
	draft := keepwarm.OutboxItem{Key: sequences.AckKey(id), MessageID: keepwarm.NewMessageID("acme.example"), Mailbox: "lily",
		From: keepwarm.Address{Name: "Lily Chen", Email: lily}, To: []keepwarm.Address{hans}, Subject: "Re: Quotation",
		Text: "Dear Hans,\n\nReceived, I am working on it.\n\nLily", InReplyTo: "thx@globex.de", References: []string{"thx@globex.de"},
		Mode: keepwarm.ModeDraft, Origin: sequences.OriginAck, DueAt: now, NextAttemptAt: now, CreatedAt: now}
	if _, _, err := db.Enqueue(ctx, draft); err != nil {
		t.Fatal(err)
	}
	if _, err := db.WaiveReply(ctx, store.Viewer{Email: lily}, id, lily, now.Add(30*time.Second)); err != nil {
		t.Fatal(err)
	}

	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, lily, "lily-pw")
	smtp := mailtest.NewSMTPServer(t)
	clock := keepwarm.NewManualClock(now.Add(time.Minute))
	sender, err := mailsync.NewSender([]mailsync.Account{{Mailbox: "lily", SMTPURL: smtp.URL().String(), Username: mailtest.SMTPUser,
		Password: mailtest.SMTPPassword, DailyCap: -1}}, mailtest.SenderDialer(srv.Addr(), lily, "lily-pw"), clock, log)
	if err != nil {
		t.Fatal(err)
	}
	a := &App{DB: db}
	disp := mailsync.NewDispatcher(db, sender, clock, log, mailsync.DispatcherOptions{Precheck: a.ackPrecheck})
	if _, err := disp.RunOnce(ctx, clock.Now()); err != nil {
		t.Fatal(err)
	}
	items, err := db.ListOutbox(ctx, keepwarm.OutboxFilter{Origin: sequences.OriginAck})
	if err != nil || len(items) != 1 {
		t.Fatalf("ack items: %+v %v", items, err)
	}
	if it := items[0]; it.Status != keepwarm.OutboxSkipped || !strings.Contains(it.LastError, "marked as needing no answer by "+lily) {
		t.Errorf("the draft: %s %q, want skipped saying who marked the mail", it.Status, it.LastError)
	}
	if raws := mailtest.Raw(t, srv, lily, "Drafts"); len(raws) != 0 {
		t.Errorf("%d drafts filed in Lily's Drafts for a mail she marked as needing no answer:\n%s", len(raws), raws[0])
	}
	if n := len(smtp.Messages()); n != 0 {
		t.Errorf("%d messages sent", n)
	}
}

// keepwarm check's absence lines: an out-of-office reply without a return
// date is told as such, with the day keepwarm takes them as back by at the
// latest, in the team's zone; one with a date as "until" it.
func TestAbsenceLinesSayWhenNoReturnDateWasGiven(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, shanghai)
	r := sequences.Roster{At: at, Manager: "mei@seller.example", Absences: []keepwarm.Absence{
		{Person: "lily@seller.example", Backup: "tom@seller.example", From: at.Add(-time.Hour), Until: at.Add(14*24*time.Hour - time.Hour),
			NoReturnDate: true, Source: keepwarm.AwayAutoReply},
		{Person: "ann@seller.example", From: at.Add(-time.Hour), Until: time.Date(2026, 11, 5, 0, 0, 0, 0, shanghai), Source: keepwarm.AwayAutoReply},
	}}
	got := lines(AbsenceLines(r, func(string) *time.Location { return shanghai }))
	for _, want := range []string{
		"lily@seller.example is away (auto-reply) since 2026-11-02 08:00 with no return date given (back by 2026-11-16 at the latest; Asia/Shanghai): nudges and digest go to tom@seller.example",
		"ann@seller.example is away (auto-reply) 2026-11-02 08:00 to 2026-11-05 00:00 (Asia/Shanghai)",
		`go to tom@seller.example (back early: "Back now" on the web desk's Away card ends it)`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "lily@seller.example is away (auto-reply) until") {
		t.Errorf("keepwarm's bound shown as Lily's return:\n%s", got)
	}
}

// keepwarm check names a desk absence's backup who left the team, and how
// to end the absence early.
func TestAbsenceLinesNameABackupOffTheTeam(t *testing.T) {
	at := time.Date(2026, 12, 22, 9, 0, 0, 0, time.UTC)
	r := sequences.Roster{At: at, Manager: "mei@seller.example", Absences: []keepwarm.Absence{
		{ID: 3, Person: "lily@seller.example", From: at.Add(-time.Hour), Until: at.AddDate(0, 0, 5), Source: keepwarm.AwayDesk, OffTeam: "gone@seller.example"},
	}}
	got := lines(AbsenceLines(r, nil))
	want := `nudges and digest go to mei@seller.example (the backup it names, gone@seller.example, is not on the team; back early: "Cancel" on the web desk's Away card ends it)`
	if !strings.Contains(got, want) {
		t.Errorf("lacks %q:\n%s", want, got)
	}
}

// An absence Lily entered on the desk before she left the team covers
// nothing: keepwarm check says so and that Cancel ends it, not that her
// nudges and digest go to Tom, and warns of no cover.
func TestAbsenceLinesSayADeskAbsenceOfSomeoneWhoLeftCoversNothing(t *testing.T) {
	at := time.Date(2026, 12, 16, 9, 0, 0, 0, time.UTC)
	r := sequences.Roster{At: at, Manager: "mei@seller.example", Absences: []keepwarm.Absence{
		{ID: 3, Person: "lily@seller.example", Backup: "tom@seller.example", From: at.Add(-24 * time.Hour), Until: at.AddDate(0, 0, 30), Source: keepwarm.AwayDesk, Left: true},
		{ID: 4, Person: "tom@seller.example", From: at.AddDate(0, 0, 2), Until: at.AddDate(0, 0, 5), Source: keepwarm.AwayDesk},
	}}
	out, warns := AbsenceLines(r, nil)
	got := lines(out, warns)
	want := `lily@seller.example is not on the team and is away (desk) 2026-12-15 09:00 to 2027-01-15 09:00 (UTC): the absence covers nothing (their customers' mail goes to whoever stands in for an owner who left); hand their customers on first (keepwarm customers handover lily@seller.example TO), then "Cancel" on the web desk's Away card ends it (cancelling first releases what waits in their name at once)`
	if !strings.Contains(got, want) {
		t.Errorf("lacks %q:\n%s", want, got)
	}
	if strings.Contains(got, "go to tom@seller.example") || strings.Contains(got, "go to lily@seller.example") || len(warns) != 0 {
		t.Errorf("says who covers for Lily, or warns:\n%s", got)
	}
}

// Lily entered 10-31 Jan on her desk and left on 15 Dec. On the 16th,
// keepwarm check names the absence still to come, as the Away card does:
// it covers nothing, and her customers are to be handed on before it is
// cancelled.
func TestAbsenceLinesNameADeskAbsenceToComeOfSomeoneWhoLeft(t *testing.T) {
	at := time.Date(2026, 12, 16, 9, 0, 0, 0, time.UTC)
	r := sequences.Roster{At: at, Manager: "mei@seller.example", Absences: []keepwarm.Absence{
		{ID: 3, Person: "lily@seller.example", Backup: "tom@seller.example", From: time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC), Until: time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), Source: keepwarm.AwayDesk, Left: true},
	}}
	out, warns := AbsenceLines(r, nil)
	got := lines(out, warns)
	want := `lily@seller.example is not on the team and will be away (desk) 2027-01-10 to 2027-01-31 (UTC): the absence covers nothing (their customers' mail goes to whoever stands in for an owner who left); hand their customers on first (keepwarm customers handover lily@seller.example TO), then "Cancel" on the web desk's Away card ends it`
	if !strings.Contains(got, want) || len(warns) != 0 {
		t.Errorf("lacks %q, or warns:\n%s", want, got)
	}
}

// keepwarm check writes a config absence as the desk does: its first and
// last day away in the absent person's zone (Lily's Madrid, not the
// team's Shanghai), which it names, not the midnight after the last day.
func TestAbsenceLinesGiveTheDaysInThePersonsZone(t *testing.T) {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	zone := func(email string) *time.Location {
		if email == "lily@seller.example" {
			return madrid
		}
		return shanghai
	}
	at := time.Date(2026, 12, 23, 9, 0, 0, 0, shanghai)
	r := sequences.Roster{At: at, Manager: "mei@seller.example", Absences: []keepwarm.Absence{
		{Person: "lily@seller.example", From: time.Date(2026, 12, 22, 0, 0, 0, 0, madrid), Until: time.Date(2026, 12, 25, 0, 0, 0, 0, madrid), Source: keepwarm.AwayConfig},
		{Person: "tom@seller.example", From: at.Add(-time.Hour), NoReturnDate: true, Until: time.Date(2027, 1, 5, 23, 0, 0, 0, time.UTC), Source: keepwarm.AwayAutoReply},
	}}
	got := lines(AbsenceLines(r, zone))
	for _, want := range []string{
		"lily@seller.example is away (config) 2026-12-22 to 2026-12-24 (Europe/Madrid): nudges",
		// 23:00 UTC on 5 January is the 6th in Shanghai.
		"tom@seller.example is away (auto-reply) since 2026-12-23 08:00 with no return date given (back by 2027-01-06 at the latest; Asia/Shanghai)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "12-25") {
		t.Errorf("the midnight after Lily's last day shown:\n%s", got)
	}
}

func lines(out, warns []string) string { return strings.Join(append(out, warns...), "\n") }

// keepwarm check warns when who covers is away too: Mei, the manager,
// away with no backup keeps her own nudges; Lily, away with none named,
// has hers go to Mei, away too; Ann's backup Tom leaves the day after she
// does, and his own mail, with nobody named, will go to Mei too. Ben,
// covered by Tom before Tom leaves and back before, is not warned about.
func TestAbsenceLinesWarnWhenTheCoverIsAwayToo(t *testing.T) {
	at := time.Date(2026, 12, 22, 9, 0, 0, 0, time.UTC)
	const mei, lily, ann, tom, ben = "mei@seller.example", "lily@seller.example", "ann@seller.example", "tom@seller.example", "ben@seller.example"
	r := sequences.Roster{At: at, Manager: mei, Absences: []keepwarm.Absence{
		{ID: 1, Person: mei, From: at.Add(-time.Hour), Until: at.AddDate(0, 0, 10), Source: keepwarm.AwayDesk},
		{ID: 2, Person: lily, From: at.Add(-time.Hour), Until: at.AddDate(0, 0, 10), Source: keepwarm.AwayDesk},
		{ID: 3, Person: ann, Backup: tom, From: at.Add(-time.Hour), Until: at.AddDate(0, 0, 10), Source: keepwarm.AwayDesk},
		{ID: 4, Person: tom, From: time.Date(2026, 12, 23, 0, 0, 0, 0, time.UTC), Until: at.AddDate(0, 0, 10), Source: keepwarm.AwayDesk},
		{ID: 5, Person: ben, Backup: tom, From: at.Add(-time.Hour), Until: time.Date(2026, 12, 23, 0, 0, 0, 0, time.UTC), Source: keepwarm.AwayDesk},
	}}
	_, warns := AbsenceLines(r, nil)
	got := strings.Join(warns, "\n")
	for _, want := range []string{
		mei + " is away (desk) with nobody to cover now: their nudges and digest stay in their own inbox; name a backup",
		lily + " is away (desk) and their nudges and digest go now to " + mei + ", who is away too",
		ann + " is away (desk) and their nudges and digest go from 2026-12-23 00:00 (UTC) to " + mei + ", who is away too",
		tom + " will be away (desk) and their nudges and digest go from 2026-12-23 00:00 (UTC) to " + mei + ", who is away too",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
	if len(warns) != 4 || strings.Contains(got, ben) {
		t.Errorf("%d warnings, want 4 and none about Ben:\n%s", len(warns), got)
	}
}

// Who covers changes when an absence ends too. At Christmas Mei, the
// manager, is away with Tom as her backup, and Tom is away with nobody
// named. Ann entered 22-24 December on the desk with Lily as her backup,
// and her out-of-office says she is back on 4 January. Lily is free, so
// Ann's mail goes to her until the desk absence ends; from 25 December
// only the out-of-office runs, which names nobody, and her mail goes to
// Mei, away too. keepwarm check says so ahead, not only when it happens.
func TestAbsenceLinesWarnWhenTheCoverChangesAsAnAbsenceEnds(t *testing.T) {
	at := time.Date(2026, 12, 22, 9, 0, 0, 0, time.UTC)
	day := func(d int) time.Time { return time.Date(2026, 12, d, 0, 0, 0, 0, time.UTC) }
	const mei, lily, ann, tom = "mei@seller.example", "lily@seller.example", "ann@seller.example", "tom@seller.example"
	r := sequences.Roster{At: at, Manager: mei, Absences: []keepwarm.Absence{
		{ID: 1, Person: mei, Backup: tom, From: day(20), Until: time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC), Source: keepwarm.AwayDesk},
		{ID: 2, Person: tom, From: day(20), Until: time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC), Source: keepwarm.AwayDesk},
		{ID: 3, Person: ann, Backup: lily, From: day(22), Until: day(25), Source: keepwarm.AwayDesk},
		{Person: ann, From: day(21).Add(15 * time.Hour), Until: time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC), Source: keepwarm.AwayAutoReply},
	}}
	if to, _ := r.Cover(ann); to != lily {
		t.Fatalf("Ann's mail goes to %s now, want Lily", to)
	}
	_, warns := AbsenceLines(r, nil)
	got := strings.Join(warns, "\n")
	want := ann + " is away (auto-reply) and their nudges and digest go from 2026-12-25 00:00 (UTC) to " + mei + ", who is away too"
	if !strings.Contains(got, want) {
		t.Errorf("lacks %q:\n%s", want, got)
	}
	if strings.Contains(got, ann+" is away (desk)") {
		t.Errorf("Ann's desk absence, covered by Lily while it runs, warned about:\n%s", got)
	}
}

// keepwarm check, run each day under cron, warns of an absence to come
// whose cover will be away too while there is time to name a backup, not
// only once it runs: on 1 December Mei, the manager, and Lily have both
// entered 24-31 December with nobody named. Nobody is away yet, so no
// "away" line; Ben, back before anyone leaves, is not warned about.
func TestAbsenceLinesWarnAheadOfAnAbsenceToCome(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	const mei, lily, ben = "mei@seller.example", "lily@seller.example", "ben@seller.example"
	from, until := time.Date(2026, 12, 24, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	r := sequences.Roster{At: at, Manager: mei, Absences: []keepwarm.Absence{
		{ID: 1, Person: mei, From: from, Until: until, Source: keepwarm.AwayDesk},
		{ID: 2, Person: lily, From: from, Until: until, Source: keepwarm.AwayDesk},
		{ID: 3, Person: ben, From: time.Date(2026, 12, 10, 0, 0, 0, 0, time.UTC), Until: time.Date(2026, 12, 12, 0, 0, 0, 0, time.UTC), Source: keepwarm.AwayDesk},
	}}
	out, warns := AbsenceLines(r, nil)
	if len(out) != 0 {
		t.Errorf("away lines with nobody away yet: %q", out)
	}
	got := strings.Join(warns, "\n")
	for _, want := range []string{
		mei + " will be away (desk) with nobody to cover from 2026-12-24 00:00 (UTC): their nudges and digest stay in their own inbox; name a backup",
		lily + " will be away (desk) and their nudges and digest go from 2026-12-24 00:00 (UTC) to " + mei + ", who is away too",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
	if len(warns) != 2 || strings.Contains(got, ben) {
		t.Errorf("%d warnings, want 2 and none about Ben:\n%s", len(warns), got)
	}
}

// On 15 December Tom is to be away 20-28 December with Ann as his backup,
// and Lily 22 December-2 January with Tom as hers: from the 22nd to the
// 28th her mail goes to Ann, then to Tom. keepwarm check says so ahead;
// Tom's own absence, covered by the backup it names, is not mentioned.
func TestAbsenceLinesSayWhoCoversWhenTheBackupIsAwayForPart(t *testing.T) {
	at := time.Date(2026, 12, 15, 9, 0, 0, 0, time.UTC)
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	const mei, lily, ann, tom = "mei@seller.example", "lily@seller.example", "ann@seller.example", "tom@seller.example"
	r := sequences.Roster{At: at, Manager: mei, Absences: []keepwarm.Absence{
		{ID: 1, Person: tom, Backup: ann, From: day(12, 20), Until: day(12, 29), Source: keepwarm.AwayDesk},
		{ID: 2, Person: lily, Backup: tom, From: day(12, 22), Until: day(13, 3), Source: keepwarm.AwayDesk},
	}}
	out, warns := AbsenceLines(r, nil)
	got := strings.Join(warns, "\n")
	want := lily + " will be away (desk) 2026-12-22 to 2027-01-02 (UTC) and their nudges and digest go to " + ann + " (2026-12-22 to 2026-12-28), then " + tom +
		": " + tom + ", who covers for them, is away too then"
	if len(out) != 0 || len(warns) != 1 || !strings.Contains(got, want) {
		t.Errorf("lines %q, warnings:\n%s\nwant one with %q", out, got, want)
	}
}

// Lily is away 20-31 December with Tom as her backup. On the 21st Tom
// enters his own absence for 22-28 December with Ann as his: from the 22nd
// Lily's mail goes to Ann. keepwarm check says so for Lily's running
// absence too, from now.
func TestAbsenceLinesSayWhoCoversWhenTheBackupOfARunningAbsenceWillBeAway(t *testing.T) {
	at := time.Date(2026, 12, 21, 9, 0, 0, 0, time.UTC)
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	const mei, lily, ann, tom = "mei@seller.example", "lily@seller.example", "ann@seller.example", "tom@seller.example"
	r := sequences.Roster{At: at, Manager: mei, Absences: []keepwarm.Absence{
		{ID: 1, Person: lily, Backup: tom, From: day(12, 20), Until: day(12, 32), Source: keepwarm.AwayDesk},
		{ID: 2, Person: tom, Backup: ann, From: day(12, 22), Until: day(12, 29), Source: keepwarm.AwayDesk},
	}}
	_, warns := AbsenceLines(r, nil)
	got := strings.Join(warns, "\n")
	want := lily + " is away (desk) 2026-12-20 to 2026-12-31 (UTC) and their nudges and digest go to " + tom + " (2026-12-21 09:00 to 2026-12-22 00:00), then " + ann +
		" (2026-12-22 to 2026-12-28), then " + tom + ": " + tom + ", who covers for them, is away too then"
	if len(warns) != 1 || !strings.Contains(got, want) {
		t.Errorf("warnings:\n%s\nwant one with %q", got, want)
	}
}
