package sequences_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/store"
)

// unseenWorld is a world in which Lily has answered Hans from her mailbox
// before: her address is one the team's mail is sent from.
func unseenWorld(t *testing.T, srv mailtest.Server) *world {
	t.Helper()
	w := newWorld(t, srv, false)
	w.deliver(lilyUser, "INBOX", ask("p1@globex.de", lilyUser, "Samples"), t0.Add(-2*time.Hour))
	w.deliver(lilyUser, "Sent", answer("p2@acme", lilyUser, "Samples", "p1@globex.de"), t0.Add(-2*time.Hour+3*time.Minute))
	return w
}

// setOwnerOf makes the customer who wrote the mail messageID owner's, at at.
func (w *world) setOwnerOf(messageID, owner string, at time.Time) {
	w.t.Helper()
	if err := w.db.SetCustomer(context.Background(), w.clockOf(messageID).CustomerID, store.CustomerChange{Owner: &owner}, at, boss); err != nil {
		w.t.Fatal(err)
	}
}

// lilysCustomerAsks: Hans's mail h1 (subject) comes into mailbox at at;
// a minute later its clock is measured and its customer made Lily's.
func (w *world) lilysCustomerAsks(mailbox, subject string, at time.Time) {
	w.t.Helper()
	w.deliver(mailbox, "INBOX", ask("h1@globex.de", mailbox, subject), at)
	w.sync()
	w.tickAt(at.Add(time.Minute))
	w.setOwnerOf("h1@globex.de", lilyUser, at.Add(time.Minute))
}

// handLilysToTom hands Lily's customers to Tom at at, as the manager.
func (w *world) handLilysToTom(at time.Time) {
	w.t.Helper()
	if _, err := w.db.HandOver(context.Background(), lilyUser, tomUser, at, boss, false); err != nil {
		w.t.Fatal(err)
	}
}

// mustBeAnsweredUnseen stops the test unless the mail first is answered
// by a mail keepwarm did not see, as the customer's mail next shows.
func (w *world) mustBeAnsweredUnseen(first, next string) {
	w.t.Helper()
	if c := w.clockOf(first); c.UnseenBy != w.idOf(next) {
		w.t.Fatalf("%s answered by mail not seen: %+v", first, c)
	}
}

// wantStillWaiting fails the test unless the mail first still waits, not
// taken for answered, and the mail next joins its clock.
func (w *world) wantStillWaiting(first, next, why string) {
	w.t.Helper()
	f, n := w.clockOf(first), w.clockOf(next)
	if f.UnseenBy != 0 || !f.Open() || n.CoveredBy != f.MessageID {
		w.t.Errorf("%s: %s still waits and %s joins it: %+v, %+v", why, first, next, f, n)
	}
}

// wantUnseenFiledUnder fails the test unless the reply report by
// salesperson for the hour from since, as of now, files one mail answered
// at a time not known under want and none under not.
func (w *world) wantUnseenFiledUnder(since, now time.Time, want, not string) {
	w.t.Helper()
	rep, err := w.db.ReplyReport(context.Background(), store.ReplyReportFilter{Since: since, Until: since.Add(time.Hour), Now: now, By: store.BySalesperson})
	if err != nil {
		w.t.Fatal(err)
	}
	unseen := map[string]int{}
	for _, g := range rep.Groups {
		unseen[g.Key] += g.AnsweredUnseen
	}
	if unseen[want] != 1 || unseen[not] != 0 {
		w.t.Errorf("answered, time unknown by salesperson: %v; want one under %s, none under %s", unseen, want, not)
	}
}

// fromHans is Hans's mail to Lily answering inReplyTo.
func fromHans(subject, id, inReplyTo, body string, refs ...string) mailtest.Msg {
	return mailtest.Msg{From: "Hans Meier <hans@globex.de>", To: lilyUser,
		Subject: subject, MessageID: id, InReplyTo: inReplyTo, References: refs, Body: body}
}

// TestReplyAnsweredUnseen: Lily answers Hans's 10:00 mail from her phone,
// whose app keeps no copy in Sent; at 10:40 Hans answers that mail (its id
// unknown here, in In-Reply-To, after his own 10:00 mail in References, To
// Lily alone). His 10:00 mail is then answered, at a time not seen: it
// leaves the waiting list, keeps the nudge already sent, and the report
// counts it apart, neither on time nor late; his 10:40 mail starts its own
// clock, which Lily's PI at 12:30 answers. When the headers do not show
// the team wrote the unknown mail nothing changes: no References, an id of
// the customer's own mail server, To a colleague of the customer's.
func TestReplyAnsweredUnseen(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := unseenWorld(t, srv)
		ctx := context.Background()
		minute := time.Minute

		h0 := t0.Add(time.Hour) // 10:00
		w.deliver(lilyUser, "INBOX", ask("h1@globex.de", lilyUser, "500 pcs by March"), h0)
		// Unsure, left waiting: no References.
		w.deliver(lilyUser, "INBOX", ask("k1@globex.de", lilyUser, "Cartons"), h0.Add(minute))
		// Unsure: the id answered is of Hans's own mail server.
		w.deliver(lilyUser, "INBOX", ask("m1@globex.de", lilyUser, "Pallets"), h0.Add(2*minute))
		// Unsure: the answer goes To Hans's colleague, Lily in Cc.
		w.deliver(lilyUser, "INBOX", ask("n1@globex.de", lilyUser, "Labels"), h0.Add(3*minute))
		// Not an answer: Hans answers Lily's out-of-office, which her
		// server sent and no Sent folder keeps.
		w.deliver(lilyUser, "INBOX", ask("o1@globex.de", lilyUser, "Moulds"), h0.Add(4*minute))
		w.sync()
		w.tickAt(h0.Add(6 * minute))
		if n := len(w.nudges()); n == 0 {
			t.Fatal("no reply-due nudge at 10:06")
		}
		nudged := w.clockOf("h1@globex.de").Nudge1At
		if nudged.IsZero() {
			t.Fatal("h1's nudge not recorded")
		}

		// 10:03 Lily answered from her phone (x1@mobile.example, never
		// stored); at 10:40 Hans answers it.
		h2Msg := fromHans("Re: 500 pcs by March", "h2@globex.de", "x1@mobile.example", "Great, please send PI.", "h1@globex.de", "x1@mobile.example")
		h2Msg.To = "Lily <" + lilyUser + ">"
		w.deliver(lilyUser, "INBOX", h2Msg, h0.Add(40*minute))
		w.deliver(lilyUser, "INBOX", fromHans("Re: Cartons", "k2@globex.de", "x2@mobile.example", "Fine."), h0.Add(41*minute))
		w.deliver(lilyUser, "INBOX", fromHans("Re: Pallets", "m2@globex.de", "m-own@globex.de", "Any news?", "m1@globex.de", "m-own@globex.de"), h0.Add(42*minute))
		n2Msg := fromHans("Re: Labels", "n2@globex.de", "x3@mobile.example", "Ma, see below.", "n1@globex.de", "x3@mobile.example")
		n2Msg.To, n2Msg.Cc = "ma@globex.de", lilyUser
		w.deliver(lilyUser, "INBOX", n2Msg, h0.Add(43*minute))
		w.deliver(lilyUser, "INBOX", fromHans("RE: Automatic reply: Moulds", "o2@globex.de", "x4@mobile.example", "When are you back?", "o1@globex.de", "x4@mobile.example"), h0.Add(43*minute+30*time.Second))
		w.sync()
		w.tickAt(h0.Add(44 * minute))

		h1, h2 := w.clockOf("h1@globex.de"), w.clockOf("h2@globex.de")
		if h1.UnseenBy != w.idOf("h2@globex.de") || h1.Open() || !h1.RepliedAt.IsZero() || h1.CoveredBy != 0 {
			t.Errorf("h1 is answered by mail not seen, as h2 shows: %+v", h1)
		}
		if !h1.Nudge1At.Equal(nudged) {
			t.Errorf("h1's nudge sent at %s now reads %s", nudged, h1.Nudge1At)
		}
		if h2.CoveredBy != 0 || !h2.Open() || !h2.StartedAt.Equal(h0.Add(40*minute)) {
			t.Errorf("h2 holds its own clock from 10:40: %+v", h2)
		}
		for _, c := range []struct{ first, next string }{{"k1@globex.de", "k2@globex.de"}, {"m1@globex.de", "m2@globex.de"}, {"n1@globex.de", "n2@globex.de"}, {"o1@globex.de", "o2@globex.de"}} {
			w.wantStillWaiting(c.first, c.next, "nothing shows the team wrote")
		}
		waiting, err := w.db.UnansweredReplies(ctx, lilyUser, h0.Add(44*minute), h0.Add(44*minute))
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, it := range waiting {
			ids = append(ids, it.MessageID)
		}
		if want := []int64{w.idOf("k1@globex.de"), w.idOf("m1@globex.de"), w.idOf("n1@globex.de"), w.idOf("o1@globex.de"), w.idOf("h2@globex.de")}; !slices.Equal(ids, want) {
			t.Errorf("waiting: %v, want %v (h1 left)", ids, want)
		}

		// 12:30 Lily sends the PI from Outlook: it answers h2, not h1.
		pi := answer("h3@acme", lilyUser, "500 pcs by March", "h2@globex.de")
		pi.References = []string{"h1@globex.de", "x1@mobile.example", "h2@globex.de"}
		w.deliver(lilyUser, "Sent", pi, h0.Add(150*minute))
		w.sync()
		w.tickAt(h0.Add(151 * minute))
		h1, h2 = w.clockOf("h1@globex.de"), w.clockOf("h2@globex.de")
		if h1.UnseenBy == 0 || !h1.RepliedAt.IsZero() || h1.Seconds() != 0 {
			t.Errorf("h1 is not answered by the PI at 12:30: %+v", h1)
		}
		if h2.Open() || h2.CoveredBy != 0 || h2.Seconds() != 110*60 {
			t.Errorf("h2 answered by the PI after 1 h 50 min: %+v", h2)
		}

		rep, err := w.db.ReplyReport(ctx, store.ReplyReportFilter{Since: h0, Until: h0.Add(time.Hour), Now: h0.Add(151 * minute)})
		if err != nil {
			t.Fatal(err)
		}
		// h2 late, and k1, m1, n1, o1 (the PI to Hans answers them from
		// another thread); h1 apart.
		if tot := rep.Total; tot.AnsweredUnseen != 1 || tot.Count != 5 || tot.Late != 5 || tot.WithinTarget != 0 || tot.Overdue != 0 {
			t.Errorf("total: %+v", tot)
		}
		for _, b := range rep.Breaches {
			if b.MessageID == h1.MessageID {
				t.Errorf("h1 listed as a breach: %+v", b)
			}
		}
	})
}

// TestReplyUnseenOutOfOffice: the unknown mail Hans answers is Lily's
// out-of-office. Dovecot's vacation sends it as "Auto: <subject>"; other
// responders keep the original subject, and then only the absence entered
// for her around his mail shows it. Neither is taken for her answer: his
// first mail still waits and his second joins it.
func TestReplyUnseenOutOfOffice(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := unseenWorld(t, srv)
		ctx := context.Background()
		minute := time.Minute

		h0 := t0.Add(time.Hour) // 10:00
		w.deliver(lilyUser, "INBOX", ask("q1@globex.de", lilyUser, "Moulds2"), h0)
		w.deliver(lilyUser, "INBOX", fromHans("Re: Auto: Moulds2", "q2@globex.de", "x5@mail.acme-export.com", "When are you back?", "q1@globex.de", "x5@mail.acme-export.com"), h0.Add(20*minute))
		w.sync()
		w.tickAt(h0.Add(21 * minute))
		w.wantStillWaiting("q1@globex.de", "q2@globex.de", "an answer to \"Auto: …\" shows no answer")

		h1 := h0.Add(2 * time.Hour) // 12:00
		if _, err := w.db.AddAbsence(ctx, keepwarm.Absence{Person: lilyUser, From: h1.Add(-time.Hour), Until: h1.Add(48 * time.Hour)}, lilyUser, h1.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		w.deliver(lilyUser, "INBOX", ask("r1@globex.de", lilyUser, "Moulds3"), h1)
		w.deliver(lilyUser, "INBOX", fromHans("Re: Moulds3", "r2@globex.de", "x6@mail.acme-export.com", "When are you back?", "r1@globex.de", "x6@mail.acme-export.com"), h1.Add(20*minute))
		w.sync()
		w.tickAt(h1.Add(21 * minute))
		w.wantStillWaiting("r1@globex.de", "r2@globex.de", "Lily away: her out-of-office, not her answer")
	})
}

// TestReplyUnseenAutomaticReceipt: a server rule on Lily's mailbox answers
// Hans's mail with a receipt, which no Sent folder keeps, under a subject
// of its own ("Thank you for your inquiry", no "Automatic reply"). Hans
// answers it, quoting it: nobody has answered his question, and his mail
// still waits. The same answer quoting a person's words is an unseen
// answer.
func TestReplyUnseenAutomaticReceipt(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := unseenWorld(t, srv)
		minute := time.Minute

		h0 := t0.Add(time.Hour) // 10:00
		w.deliver(lilyUser, "INBOX", ask("c1@globex.de", lilyUser, "Moulds6"), h0)
		w.deliver(lilyUser, "INBOX", ask("d1@globex.de", lilyUser, "Moulds7"), h0.Add(minute))
		w.sync()
		w.tickAt(h0.Add(2 * minute))
		w.deliver(lilyUser, "INBOX", fromHans("RE: Thank you for your inquiry", "c2@globex.de", "x1@acme-mail.example",
			"Please also quote 5000 pcs.\n\n> Thank you, we have received your inquiry and will reply within 24 hours.",
			"c1@globex.de", "x1@acme-mail.example"), h0.Add(8*minute))
		w.deliver(lilyUser, "INBOX", fromHans("RE: Moulds7", "d2@globex.de", "x2@acme-mail.example",
			"Please also quote 5000 pcs.\n\n> Dear Hans, the moulds cost EUR 4,000; the quotation is attached.",
			"d1@globex.de", "x2@acme-mail.example"), h0.Add(8*minute+30*time.Second))
		w.sync()
		w.tickAt(h0.Add(9 * minute))
		w.wantStillWaiting("c1@globex.de", "c2@globex.de", "an answer to the team's automatic receipt shows no answer")
		if d1 := w.clockOf("d1@globex.de"); d1.UnseenBy != w.idOf("d2@globex.de") {
			t.Errorf("an answer quoting Lily's words shows her answer: %+v", d1)
		}
	})
}

// TestReplyUnseenBackupNudgedAboutTheHolder: Lily is away (an absence of
// the config, which the inference does not read), Hans writes twice in a
// thread, and the backup is nudged about his first mail, which holds the
// clock. Lily's out-of-office, which keeps the original subject, answers
// his second mail, and Hans answers it: the nudge about the first mail
// shows she was away, so neither mail is taken for answered.
func TestReplyUnseenBackupNudgedAboutTheHolder(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := unseenWorld(t, srv)
		ctx := context.Background()
		minute := time.Minute

		h0 := t0.Add(time.Hour) // 10:00
		w.deliver(lilyUser, "INBOX", ask("c1@globex.de", lilyUser, "Moulds4"), h0)
		w.deliver(lilyUser, "INBOX", ask("c2@globex.de", lilyUser, "Moulds4", "c1@globex.de"), h0.Add(5*minute))
		w.sync()
		w.tickAt(h0.Add(6 * minute))
		c1, c2 := w.clockOf("c1@globex.de"), w.clockOf("c2@globex.de")
		if !c1.Open() || c2.CoveredBy != c1.MessageID {
			t.Fatalf("c1 holds the clock, c2 joins it: %+v, %+v", c1, c2)
		}
		away := keepwarm.Absence{Person: lilyUser, Source: keepwarm.AwayConfig}
		if err := w.db.RecordCover(ctx, c1.MessageID, 1, away, "tom@acme-export.com", h0.Add(6*minute)); err != nil {
			t.Fatal(err)
		}
		w.deliver(lilyUser, "INBOX", fromHans("Re: Moulds4", "c3@globex.de", "x7@mail.acme-export.com", "When are you back?",
			"c1@globex.de", "c2@globex.de", "x7@mail.acme-export.com"), h0.Add(20*minute))
		w.sync()
		w.tickAt(h0.Add(21 * minute))
		c1, c2, c3 := w.clockOf("c1@globex.de"), w.clockOf("c2@globex.de"), w.clockOf("c3@globex.de")
		if c1.UnseenBy != 0 || c2.UnseenBy != 0 || !c1.Open() || c2.CoveredBy != c1.MessageID || c3.CoveredBy != c1.MessageID {
			t.Errorf("the backup was nudged about c1: Lily's out-of-office, not her answer: %+v, %+v, %+v", c1, c2, c3)
		}
	})
}

// TestReplyUnseenStaysWithTheOwnerWhoAnswered: Lily answers Hans from her
// phone and he answers that; minutes later, within the first mail's
// target, Hans is handed to Tom. The report by salesperson files the
// mail answered at a time not known under Lily, who answered it, not
// under Tom, who never saw it.
func TestReplyUnseenStaysWithTheOwnerWhoAnswered(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := unseenWorld(t, srv)
		minute := time.Minute

		h0 := t0.Add(time.Hour) // 10:00
		w.lilysCustomerAsks(lilyUser, "Moulds5", h0)
		w.deliver(lilyUser, "INBOX", fromHans("Re: Moulds5", "h2@globex.de", "x8@mobile.example", "Thanks, noted.",
			"h1@globex.de", "x8@mobile.example"), h0.Add(4*minute))
		w.sync()
		w.tickAt(h0.Add(5 * minute))
		w.mustBeAnsweredUnseen("h1@globex.de", "h2@globex.de")
		w.handLilysToTom(h0.Add(6 * minute))
		now := h0.Add(7 * minute)
		w.tickAt(now)
		w.wantUnseenFiledUnder(h0, now, lilyUser, tomUser)
	})
}

// TestReplyUnseenHandedOverBeforeHisReply: Lily answers Hans from her
// phone at 10:02, Hans is handed to Tom at 10:03, within the target of
// his 10:00 mail, and Hans answers Lily's mail at 10:04, To her. His
// mail went to Lily, who wrote the mail he answers: the report by
// salesperson files his 10:00 mail, answered at a time not known, under
// Lily, not under Tom, who never saw it.
func TestReplyUnseenHandedOverBeforeHisReply(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := unseenWorld(t, srv)
		minute := time.Minute

		h0 := t0.Add(time.Hour) // 10:00
		w.lilysCustomerAsks(lilyUser, "Moulds8", h0)
		w.handLilysToTom(h0.Add(3 * minute))
		w.tickAt(h0.Add(3 * minute))
		w.deliver(lilyUser, "INBOX", fromHans("Re: Moulds8", "h2@globex.de", "x9@mobile.example", "Thanks, noted.",
			"h1@globex.de", "x9@mobile.example"), h0.Add(4*minute))
		w.sync()
		now := h0.Add(5 * minute)
		w.tickAt(now)
		w.mustBeAnsweredUnseen("h1@globex.de", "h2@globex.de")
		w.wantUnseenFiledUnder(h0, now, lilyUser, tomUser)
	})
}

// TestReplyUnseenToSharedLoginIsTheOwners: Hans, Lily's customer, writes
// to the shared sales@ (its login owned by the manager); Lily answers from
// the sales@ account on her phone and Hans answers that, To sales@. The
// address does not say who of the team wrote the mail not seen: the
// report by salesperson files his mail under Lily, his owner, not under
// the manager who owns the login.
func TestReplyUnseenToSharedLoginIsTheOwners(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := unseenWorld(t, srv)
		minute := time.Minute
		w.deliver(salesUser, "Sent", answer("s0@team", salesUser, "Samples", "p1@globex.de"), t0.Add(-time.Hour))

		h0 := t0.Add(time.Hour) // 10:00
		w.lilysCustomerAsks(salesUser, "Moulds9", h0)
		h2 := fromHans("Re: Moulds9", "h2@globex.de", "x8@mobile.example", "Thanks, noted.", "h1@globex.de", "x8@mobile.example")
		h2.To = salesUser
		w.deliver(salesUser, "INBOX", h2, h0.Add(4*minute))
		w.sync()
		now := h0.Add(5 * minute)
		w.tickAt(now)
		w.mustBeAnsweredUnseen("h1@globex.de", "h2@globex.de")
		w.wantUnseenFiledUnder(h0, now, lilyUser, boss)
	})
}

// TestReplyUnseenKeepsOldBreach: Hans asked about cartons three weeks ago
// and nobody answered; today he writes again in the thread (h1), Lily
// answers from her phone and he answers that. h1 is answered at a time not
// known, but the three-week-old mail waited at least until h1 came, far
// past its target: it stays a breach, in the report and the Unanswered
// list, not "answered, time unknown".
func TestReplyUnseenKeepsOldBreach(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := unseenWorld(t, srv)
		ctx := context.Background()
		minute := time.Minute

		old := t0.AddDate(0, 0, -21)
		w.deliver(lilyUser, "INBOX", ask("c1@globex.de", lilyUser, "Cartons"), old)
		h0 := t0.Add(time.Hour)
		w.deliver(lilyUser, "INBOX", ask("h1@globex.de", lilyUser, "Cartons", "c1@globex.de"), h0)
		w.deliver(lilyUser, "INBOX", fromHans("Re: Cartons", "h2@globex.de", "x1@mobile.example", "Thanks, noted.", "c1@globex.de", "h1@globex.de", "x1@mobile.example"), h0.Add(40*minute))
		w.sync()
		w.tickAt(h0.Add(41 * minute))

		c1, h1 := w.clockOf("c1@globex.de"), w.clockOf("h1@globex.de")
		if h1.UnseenBy != w.idOf("h2@globex.de") {
			t.Errorf("h1 answered by mail not seen: %+v", h1)
		}
		if c1.UnseenBy != 0 || !c1.Open() {
			t.Errorf("the three-week-old mail keeps its breach: %+v", c1)
		}
		rep, err := w.db.ReplyReport(ctx, store.ReplyReportFilter{Since: old.Add(-time.Hour), Until: h0.Add(time.Hour), Now: h0.Add(41 * minute)})
		if err != nil {
			t.Fatal(err)
		}
		if tot := rep.Total; tot.AnsweredUnseen != 1 || tot.Late+tot.Overdue != 1 {
			t.Errorf("total: %+v (want the old mail a breach, h1 apart)", tot)
		}
		if !slices.ContainsFunc(rep.Breaches, func(b store.ReplyItem) bool { return b.MessageID == c1.MessageID }) {
			t.Errorf("the old mail not among the breaches: %+v", rep.Breaches)
		}
	})
}
