package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
	"keepwarm/templates"
)

// awayWorld is the reply-watch world with absences read from the config
// entries given, the store (desk, auto-replies) and Tom as Lily's standing
// backup.
func awayWorld(t *testing.T, srv mailtest.Server, configured ...keepwarm.Absence) *world {
	return newWorld(t, srv, false, func(w *world, c *sequences.ReplyConfig) {
		c.Away = sequences.NewAway(sequences.AwayConfig{
			Configured:    configured,
			Salespeople:   map[string]bool{lilyUser: true, tomUser: true},
			People:        c.People,
			MailboxOwners: c.MailboxOwners,
			Backups:       map[string]string{lilyUser: tomUser},
			Manager:       boss,
		}, w.db)
	})
}

// TestAbsenceNudgesTheBackup: with Lily away (config) and Tom her backup, a
// customer mail to Lily nudges Tom, says why, and is recorded for the weekly
// summary; once she is back, her customers nudge her again.
func TestAbsenceNudgesTheBackup(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		away := keepwarm.Absence{Person: lilyUser, Backup: tomUser, From: t0.Add(-24 * time.Hour), Until: t0.Add(2 * time.Hour),
			Source: keepwarm.AwayConfig}
		w := awayWorld(t, srv, away)
		w.deliver(lilyUser, "INBOX", ask("away1@globex.de", lilyUser, "Quotation for 40HQ"), t0)
		w.sync()
		w.tickAt(t0.Add(5 * time.Minute))
		got := w.nudges()
		if len(got) != 1 || len(got[0].To) != 1 || got[0].To[0] != tomUser {
			t.Fatalf("nudges while Lily is away: %+v", got)
		}
		if body := string(got[0].Raw); !strings.Contains(body, "You are covering for "+lilyUser+", away until 2026-11-02 11:00.") || strings.Contains(body, "config") {
			t.Errorf("the backup's nudge does not say whose customer it is:\n%s", body)
		}
		covers, err := w.db.Covers(context.Background(), t0, t0.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if len(covers) != 1 || covers[0].Backup != tomUser || covers[0].Person != lilyUser || covers[0].Subject != "Quotation for 40HQ" {
			t.Errorf("covers: %+v", covers)
		}
		// Back after 11:00 Shanghai: her own customers nudge her.
		back := t0.Add(3 * time.Hour)
		w.deliver(lilyUser, "INBOX", ask("away2@globex.de", lilyUser, "Samples"), back)
		w.sync()
		w.tickAt(back.Add(5 * time.Minute))
		got = w.nudges()
		if len(got) != 2 || got[1].To[0] != lilyUser {
			t.Fatalf("after the absence: %+v", got[len(got)-1].To)
		}
	})
}

// TestOwnAutoReplyStartsAbsence: Lily's own out-of-office answer in her
// Sent makes her away without any config: her customer's mail nudges Tom
// (her standing backup), and is told she gave no return date (keepwarm's
// 14-day bound is no date of hers). Without a return date she is back
// with her next normal mail.
func TestOwnAutoReplyStartsAbsence(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := awayWorld(t, srv)
		// Monday 08:00 Shanghai: her out-of-office answers a customer.
		w.deliver(lilyUser, "Sent", mailtest.Msg{From: "Lily <" + lilyUser + ">", To: "hans@globex.de",
			Subject: "Automatic reply: Terms", MessageID: "ooo1@acme", Extra: []string{"Auto-Submitted: auto-replied"},
			Body: "I am out of the office with limited access to email."}, t0.Add(-time.Hour))
		w.deliver(lilyUser, "INBOX", ask("ooo-q1@globex.de", lilyUser, "Price list"), t0)
		w.sync()
		w.tickAt(t0.Add(5 * time.Minute))
		got := w.nudges()
		if len(got) != 1 || got[0].To[0] != tomUser {
			t.Fatalf("nudges after Lily's own auto-reply: %+v", got)
		}
		if body := decodedText(t, string(got[0].Raw)); !strings.Contains(body, "You are covering for "+lilyUser+", away with no return date given (back by 2026-11-16 at the latest).") ||
			strings.Contains(body, "away until") || strings.Contains(body, "(auto-reply") {
			t.Errorf("the nudge does not say she is away:\n%s", got[0].Raw)
		}
		r, cover, err := w.watch.Recipient(context.Background(), lilyUser, t0.Add(10*time.Minute))
		if err != nil || r != tomUser || cover == nil || cover.Source != keepwarm.AwayAutoReply {
			t.Errorf("Recipient(lily) = %q, %v; want Tom", r, err)
		}
		// She writes a normal mail at 10:00: she is back.
		w.deliver(lilyUser, "Sent", answer("ooo-a1@acme", lilyUser, "Price list", "ooo-q1@globex.de"), t0.Add(time.Hour))
		w.deliver(lilyUser, "INBOX", ask("ooo-q2@globex.de", lilyUser, "Samples"), t0.Add(2*time.Hour))
		w.sync()
		w.tickAt(t0.Add(2*time.Hour + 5*time.Minute))
		got = w.nudges()
		if len(got) != 2 || got[1].To[0] != lilyUser {
			t.Fatalf("after her normal mail: %d nudges, last to %v", len(got), got[len(got)-1].To)
		}
	})
}

// TestDeskAbsenceAndReturnDate: an absence entered on the desk counts like
// a configured one (Tom covers, as Lily's standing backup); an
// out-of-office reply naming a return date keeps her away until that day,
// even after she writes a normal mail.
func TestDeskAbsenceAndReturnDate(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := awayWorld(t, srv)
		ctx := context.Background()
		if _, err := w.db.AddAbsence(ctx, keepwarm.Absence{Person: lilyUser, From: t0.Add(-time.Hour), Until: t0.Add(time.Hour)}, boss, t0); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			at   time.Time
			want string
		}{{t0, tomUser}, {t0.Add(2 * time.Hour), lilyUser}} {
			if to, _, err := w.watch.Recipient(ctx, lilyUser, c.at); err != nil || to != c.want {
				t.Errorf("desk absence, at %s: %q %v, want %q", c.at, to, err, c.want)
			}
		}
		w.deliver(lilyUser, "Sent", mailtest.Msg{From: lilyUser, To: "hans@globex.de", Subject: "Out of office: Terms",
			MessageID: "ooo2@acme", Extra: []string{"Auto-Submitted: auto-replied"},
			Body: "Thank you for your email. I am out of the office until 10 November 2026 and will reply on my return."}, t0.Add(3*time.Hour))
		w.deliver(lilyUser, "Sent", answer("normal@acme", lilyUser, "Terms", "x@globex.de"), t0.Add(4*time.Hour))
		w.sync()
		for _, c := range []struct {
			at   time.Time
			want string
		}{{t0.Add(5 * time.Hour), tomUser}, {time.Date(2026, 11, 9, 12, 0, 0, 0, time.UTC), tomUser},
			{time.Date(2026, 11, 11, 12, 0, 0, 0, time.UTC), lilyUser}} {
			if to, cover, err := w.watch.Recipient(ctx, lilyUser, c.at); err != nil || to != c.want ||
				(to == tomUser && cover.Source != keepwarm.AwayAutoReply) {
				t.Errorf("out-of-office until 10 November, at %s: %q %v, want %q", c.at, to, err, c.want)
			}
		}
	})
}

// CoveredBy is the reverse of Cover: whose mail goes to a person now.
func TestRosterCoveredBy(t *testing.T) {
	at := time.Date(2026, 12, 23, 9, 0, 0, 0, time.UTC)
	lily, tom, ann, mei := "lily@x.example", "tom@x.example", "ann@x.example", "mei@x.example"
	r := sequences.Roster{At: at, Manager: mei, Absences: []keepwarm.Absence{
		{Person: lily, Backup: tom, From: at.Add(-time.Hour), Until: at.Add(24 * time.Hour)},
		{Person: ann, Backup: tom, From: at.Add(time.Hour), Until: at.Add(48 * time.Hour)}, // to come
	}}
	if got := r.CoveredBy(tom); len(got) != 1 || got[0] != lily {
		t.Fatalf("Tom covers %v, want Lily alone", got)
	}
	if got := r.CoveredBy(ann); len(got) != 0 {
		t.Fatalf("Ann covers %v", got)
	}
	// Tom away too, with nobody named: Lily's and Tom's go to the manager.
	r.Absences = append(r.Absences, keepwarm.Absence{Person: tom, From: at.Add(-time.Hour), Until: at.Add(time.Hour)})
	if got := r.CoveredBy(tom); len(got) != 0 {
		t.Fatalf("an away Tom covers %v", got)
	}
	if got := r.CoveredBy(mei); len(got) != 2 || got[0] != lily || got[1] != tom {
		t.Fatalf("the manager covers %v, want Lily and Tom", got)
	}
}

// TestBackupsNudgeWhenNoReturnDateIsGiven: Lily's own out-of-office reply
// names no return date. Tom, who covers and reads Chinese, is told so in
// his nudge mail and in the chat note, with the day keepwarm takes her as
// back by at the latest (14 days after the reply), not as a date of hers.
func TestBackupsNudgeWhenNoReturnDateIsGiven(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := newWorld(t, srv, false, func(w *world, c *sequences.ReplyConfig) {
			c.Away = sequences.NewAway(sequences.AwayConfig{Salespeople: map[string]bool{lilyUser: true, tomUser: true},
				People: c.People, MailboxOwners: c.MailboxOwners, Backups: map[string]string{lilyUser: tomUser}, Manager: boss}, w.db)
			c.Notify = map[string][]sequences.NotifyTarget{tomUser: {{Channel: "ding", Mention: "tom01"}, {Channel: sequences.NotifyEmail}}}
			c.Names = map[string]string{lilyUser: "Lily Chen", tomUser: "Tom Wang"}
			c.Langs = map[string]string{tomUser: "zh"}
		})
		w.deliver(lilyUser, "Sent", mailtest.Msg{From: "Lily <" + lilyUser + ">", To: "hans@globex.de",
			Subject: "Automatic reply: Terms", MessageID: "ooo-nodate@acme", Extra: []string{"Auto-Submitted: auto-replied"},
			Body: "I am out of the office with limited access to email."}, t0.Add(-time.Hour))
		w.deliver(lilyUser, "INBOX", ask("nodate-q1@globex.de", lilyUser, "Price list"), t0)
		w.sync()
		w.tickAt(t0.Add(5 * time.Minute))
		note, mail := w.nudgeNoteAndMail(t)
		if note.Cover == nil || *note.Cover != (keepwarm.ChatCover{Owner: "Lily Chen", Until: "2026-11-16", NoReturnDate: true}) {
			t.Errorf("the chat note's cover: %+v", note.Cover)
		}
		if !strings.HasPrefix(mail.Text, "Lily Chen 不在（未给出返回日期，最迟 2026-11-16 视为返回），由你代为跟进。\n\n") || strings.Contains(mail.Text, "休假至") {
			t.Errorf("the backup's mail:\n%s", mail.Text)
		}
	})
}

// Lily's out-of-office reply names no return date; a follow-up step
// keepwarm sends in her name an hour later lands in her Sent. That is not
// Lily writing a normal mail again: she stays away and Tom covers.
func TestOwnFollowUpDoesNotEndAnAbsence(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := awayWorld(t, srv)
		ctx := context.Background()
		w.deliver(lilyUser, "Sent", mailtest.Msg{From: "Lily <" + lilyUser + ">", To: "hans@globex.de",
			Subject: "Automatic reply: Terms", MessageID: "ooo-step@acme", Extra: []string{"Auto-Submitted: auto-replied"},
			Body: "I am out of the office with limited access to email."}, t0.Add(-2*time.Hour))
		if _, _, err := w.db.Enqueue(ctx, keepwarm.OutboxItem{Key: "seq:7:1", MessageID: "step-7-1@acme", Mailbox: lilyUser,
			From: keepwarm.Address{Email: lilyUser}, To: []keepwarm.Address{{Email: "hans@globex.de"}}, Subject: "Did you receive my offer?",
			Text: "Dear Hans, did you receive my offer?", Mode: keepwarm.ModeSend, Origin: "sequence",
			DueAt: t0.Add(30 * 24 * time.Hour), CreatedAt: t0.Add(-2 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		w.deliver(lilyUser, "Sent", answer("step-7-1@acme", lilyUser, "Offer", "offer-1@acme"), t0.Add(-time.Hour))
		w.sync()
		r, cover, err := w.watch.Recipient(ctx, lilyUser, t0)
		if err != nil || r != tomUser || cover == nil || cover.Source != keepwarm.AwayAutoReply {
			t.Fatalf("Recipient(lily) = %q, %+v, %v; want Tom covering", r, cover, err)
		}
	})
}

// Lily works from Madrid and is away from 1 to 3 November (her days); Tom,
// her backup, works in Shanghai. His nudge gives her last day as she
// entered it, 3 November, in her zone and naming it, not "4 November
// 07:00" (her midnight in Shanghai); the chat note says the same day.
func TestBackupsNudgeGivesTheLastDayInTheAbsentPersonsZone(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		madrid, err := time.LoadLocation("Europe/Madrid")
		if err != nil {
			t.Skip("no zone data:", err)
		}
		away := keepwarm.Absence{Person: lilyUser, Backup: tomUser, Source: keepwarm.AwayConfig,
			From: time.Date(2026, 11, 1, 0, 0, 0, 0, madrid), Until: time.Date(2026, 11, 4, 0, 0, 0, 0, madrid)}
		w := newWorld(t, srv, false, func(w *world, c *sequences.ReplyConfig) {
			c.Away = sequences.NewAway(sequences.AwayConfig{Configured: []keepwarm.Absence{away},
				Salespeople: map[string]bool{lilyUser: true, tomUser: true},
				People:      c.People, MailboxOwners: c.MailboxOwners, Manager: boss}, w.db)
			c.Hours = map[string]sequences.WorkHours{lilyUser: sequences.DefaultWorkHours(madrid)}
			c.Notify = map[string][]sequences.NotifyTarget{tomUser: {{Channel: "ding", Mention: "tom01"}, {Channel: sequences.NotifyEmail}}}
			c.Names = map[string]string{lilyUser: "Lily Chen", tomUser: "Tom Wang"}
		})
		w.deliver(lilyUser, "INBOX", ask("zone-q1@globex.de", lilyUser, "Price list"), t0)
		w.sync()
		w.tickAt(t0.Add(5 * time.Minute))
		note, mail := w.nudgeNoteAndMail(t)
		if note.Cover == nil || note.Cover.Until != "2026-11-03" {
			t.Errorf("the chat note's cover: %+v", note.Cover)
		}
		if !strings.HasPrefix(mail.Text, "You are covering for Lily Chen, away until 2026-11-03 (Europe/Madrid).\n\n") {
			t.Errorf("the backup's mail:\n%s", mail.Text)
		}
	})
}

// The manager is away with Tom as their backup, and escalation is on: the
// copy of Lily's "Reply target passed" goes to Tom, who covers for the
// manager, not to the manager's unattended inbox.
func TestManagersCopyGoesToTheManagersBackup(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		away := keepwarm.Absence{Person: boss, Backup: tomUser, From: t0.Add(-24 * time.Hour), Until: t0.Add(48 * time.Hour),
			Source: keepwarm.AwayConfig}
		w := newWorld(t, srv, true, func(w *world, c *sequences.ReplyConfig) {
			c.Away = sequences.NewAway(sequences.AwayConfig{Configured: []keepwarm.Absence{away},
				Salespeople: map[string]bool{lilyUser: true, tomUser: true},
				People:      c.People, MailboxOwners: c.MailboxOwners, Manager: boss}, w.db)
		})
		w.deliver(lilyUser, "INBOX", ask("esc-q1@globex.de", lilyUser, "Price list"), t0)
		w.sync()
		w.tickAt(t0.Add(5 * time.Minute))
		w.tickAt(t0.Add(10 * time.Minute))
		got := w.nudges()
		if len(got) != 3 {
			t.Fatalf("%d nudges, want 2 and the manager's copy", len(got))
		}
		var copies []string
		for _, m := range got[1:] {
			if m.To[0] != lilyUser {
				copies = append(copies, m.To...)
				if text := decodedText(t, string(m.Raw)); !strings.HasPrefix(text, "Copy for the manager, to you while "+boss+" is away: "+lilyUser+" was nudged") {
					t.Errorf("the copy for the away manager:\n%s", text)
				}
			}
		}
		if len(copies) != 1 || copies[0] != tomUser {
			t.Fatalf("the manager's copy went to %v, want Tom, who covers for the away manager", copies)
		}
	})
}

// Lily is away and Tom covers; escalation is on. At the target Tom gets
// his nudge in Chinese, opening "you are covering for Lily"; the manager
// gets a copy of their own, in English, naming Tom as the one nudged and
// for whom, never telling the manager they cover.
func TestManagersCopySaysWhoWasNudged(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		away := keepwarm.Absence{Person: lilyUser, Backup: tomUser, From: t0.Add(-24 * time.Hour), Until: t0.Add(48 * time.Hour),
			Source: keepwarm.AwayConfig}
		w := newWorld(t, srv, true, func(w *world, c *sequences.ReplyConfig) {
			c.Away = sequences.NewAway(sequences.AwayConfig{Configured: []keepwarm.Absence{away},
				Salespeople: map[string]bool{lilyUser: true, tomUser: true},
				People:      c.People, MailboxOwners: c.MailboxOwners, Manager: boss}, w.db)
			c.Names = map[string]string{lilyUser: "Lily Chen", tomUser: "Tom Wang"}
			c.Langs = map[string]string{tomUser: "zh", lilyUser: "zh"}
		})
		w.deliver(lilyUser, "INBOX", ask("copy-q1@globex.de", lilyUser, "Price list"), t0)
		w.sync()
		w.tickAt(t0.Add(5 * time.Minute))
		w.tickAt(t0.Add(10 * time.Minute))
		var toBoss, toTom []string
		for _, m := range w.nudges() {
			text := decodedText(t, string(m.Raw))
			switch m.To[0] {
			case boss:
				toBoss = append(toBoss, text)
			case tomUser:
				toTom = append(toTom, text)
			}
		}
		if len(toBoss) != 1 || len(toTom) != 2 {
			t.Fatalf("%d mails to the manager, %d to Tom", len(toBoss), len(toTom))
		}
		if c := toBoss[0]; !strings.HasPrefix(c, "Copy for the manager: Tom Wang (covering for Lily Chen) was nudged about this customer email.") ||
			strings.Contains(c, "由你代为跟进") || strings.Contains(c, "You are covering") {
			t.Errorf("the manager's copy:\n%s", c)
		}
		if !strings.HasPrefix(toTom[1], "Lily Chen 休假至") {
			t.Errorf("Tom's target nudge:\n%s", toTom[1])
		}
	})
}

// TestOwnThankYouResponderIsNoAbsence: Lily's Outlook rule answers every
// inquiry "Thank you for your inquiry. We will reply you within 24 hours."
// without saying the mail was received. It is no absence: the nudge for
// the inquiry goes to Lily, and no "received" draft is filed in Tom's
// Drafts in his name.
func TestOwnThankYouResponderIsNoAbsence(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := newWorld(t, srv, false, func(w *world, c *sequences.ReplyConfig) {
			c.Away = sequences.NewAway(sequences.AwayConfig{
				Salespeople: map[string]bool{lilyUser: true, tomUser: true},
				People:      c.People, MailboxOwners: c.MailboxOwners, Backups: map[string]string{lilyUser: tomUser}, Manager: boss,
			}, w.db)
			c.Ack = sequences.NewAck(sequences.AckConfig{
				Identities: []sequences.Identity{
					{Mailbox: "lily", Owner: lilyUser, Email: lilyUser, Name: "Lily Chen", Signature: "Lily Chen", Location: shanghai},
					{Mailbox: "tom", Owner: tomUser, Email: tomUser, Name: "Tom Li", Signature: "Tom Li", Location: shanghai},
				},
				On:        func(string) bool { return true },
				Templates: func() *templates.Set { return set },
			}, w.db, testLog())
		})
		w.deliver(lilyUser, "INBOX", ask("thx-q1@globex.de", lilyUser, "Price list"), t0)
		w.deliver(lilyUser, "Sent", mailtest.Msg{From: "Lily <" + lilyUser + ">", To: "hans@globex.de",
			Subject: "Automatic reply: Price list", MessageID: "thx1@acme", Extra: []string{"Auto-Submitted: auto-replied"},
			Body: "Thank you for your inquiry. We will reply you within 24 hours."}, t0.Add(5*time.Second))
		w.sync()
		w.tickAt(t0.Add(5 * time.Minute))
		w.tickAt(t0.Add(10 * time.Minute))
		got := w.nudges()
		if len(got) != 2 || got[0].To[0] != lilyUser || got[1].To[0] != lilyUser {
			to := make([][]string, len(got))
			for i, n := range got {
				to[i] = n.To
			}
			t.Fatalf("nudges after Lily's standing responder go to %v; want Lily", to)
		}
		if raws, _ := draftsOf(t, srv, tomUser); len(raws) != 0 {
			t.Fatalf("%d drafts in Tom's Drafts for Lily's customer", len(raws))
		}
	})
}

// TestOwnThankYouWithAnAbsenceIsOne: Lily's responder thanks and promises
// an answer, but says her office is closed for the New Year holiday. She
// is away: the nudge for the inquiry goes to Tom, her backup.
func TestOwnThankYouWithAnAbsenceIsOne(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := newWorld(t, srv, false, func(w *world, c *sequences.ReplyConfig) {
			c.Away = sequences.NewAway(sequences.AwayConfig{
				Salespeople: map[string]bool{lilyUser: true, tomUser: true},
				People:      c.People, MailboxOwners: c.MailboxOwners, Backups: map[string]string{lilyUser: tomUser}, Manager: boss,
			}, w.db)
		})
		w.deliver(lilyUser, "INBOX", ask("thx-closed-q1@globex.de", lilyUser, "Price list"), t0)
		w.deliver(lilyUser, "Sent", mailtest.Msg{From: "Lily <" + lilyUser + ">", To: "hans@globex.de",
			Subject: "Automatic reply: Price list", MessageID: "thx-closed1@acme", Extra: []string{"Auto-Submitted: auto-replied"},
			Body: "Thank you for your email. Our office is closed for the Chinese New Year holiday and we will reply as soon as possible."}, t0.Add(5*time.Second))
		w.sync()
		w.tickAt(t0.Add(5 * time.Minute))
		w.tickAt(t0.Add(10 * time.Minute))
		got := w.nudges()
		if len(got) == 0 {
			t.Fatal("no nudge for the inquiry Lily's closed office answered")
		}
		for _, n := range got {
			if n.To[0] != tomUser {
				t.Fatalf("nudge after Lily's closed-office responder goes to %v; want Tom", n.To)
			}
		}
	})
}
