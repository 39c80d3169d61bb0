package app

import (
	"context"
	"slices"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
	"keepwarm/web"
)

// colleaguesThreadRig: Hans, Lily's customer (Globex), answers her mail
// from his private address, a customer of its own owned by owner, in
// Lily's thread; its reply clock (target 10 minutes) is owner's. It
// returns the backend, the store, the private mail's id, and the two
// customers.
func colleaguesThreadRig(t *testing.T, t0 time.Time, owner string) (b *WebBackend, db *store.DB, id, globex, priv int64) {
	t.Helper()
	ctx := context.Background()
	db = tempDB(t, t0)
	const lily, tom = "lily@lumina-export.example", "tom@lumina-export.example"
	globex = lilysCustomerWrites(ctx, t, db, t0, "sales", keepwarm.Address{Name: "Hans Meier", Email: "hans@globex.de"})
	ans := keepwarm.Message{Key: "ans@lumina", MessageID: "ans@lumina", From: keepwarm.Address{Email: lily},
		To: []keepwarm.Address{{Email: "hans@globex.de"}}, Subject: "Re: Thanks", SubjectKey: "thanks",
		Date: t0.Add(time.Minute), Kind: keepwarm.KindOutbound, CustomerKey: "domain:globex.de",
		Contacts: []keepwarm.Address{{Email: "hans@globex.de"}}, InReplyTo: []string{"q@globex.de"}, References: []string{"q@globex.de"},
		RawHeader: []byte("Message-ID: <ans@lumina>\r\n")}
	pm := keepwarm.Message{Key: "priv@gmail", MessageID: "priv@gmail", From: keepwarm.Address{Name: "Hans Meier", Email: "hans.m@gmail.com"},
		To: []keepwarm.Address{{Email: lily}}, Subject: "Re: Thanks", SubjectKey: "thanks",
		Date: t0.Add(2 * time.Minute), Kind: keepwarm.KindInbound, CustomerKey: "addr:hans.m@gmail.com",
		Contacts: []keepwarm.Address{{Email: "hans.m@gmail.com"}}, InReplyTo: []string{"ans@lumina"}, References: []string{"q@globex.de", "ans@lumina"},
		RawHeader: []byte("Message-ID: <priv@gmail>\r\n")}
	for i, m := range []keepwarm.Incoming{
		{Message: ans, Copy: keepwarm.Copy{Mailbox: "lily", Folder: "Sent", Role: keepwarm.RoleSent, UIDValidity: 1, UID: 1, InternalDate: ans.Date}},
		{Message: pm, Copy: keepwarm.Copy{Mailbox: "lily", Folder: "INBOX", Role: keepwarm.RoleInbox, UIDValidity: 1, UID: 1, InternalDate: pm.Date}},
	} {
		st := keepwarm.FolderState{Mailbox: m.Copy.Mailbox, Folder: m.Copy.Folder, UIDValidity: 1, LastUID: 1, SyncedAt: t0}
		if _, err := db.SaveBatch(ctx, st, []keepwarm.Incoming{m}); err != nil {
			t.Fatal(i, err)
		}
	}
	priv, err := db.FindCustomer(ctx, "addr:hans.m@gmail.com", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetCustomer(ctx, priv, store.CustomerChange{Owner: &owner}, t0, "manager@lumina-export.example"); err != nil {
		t.Fatal(err)
	}
	judge := func(c *keepwarm.ReplyClock) { c.Target, c.Owner = 10*time.Minute, c.CustomerOwner }
	if _, err := db.MeasureReplies(ctx, t0.Add(3*time.Minute), "test", judge); err != nil {
		t.Fatal(err)
	}
	id = openClockOf(ctx, t, db, t0.Add(3*time.Minute), priv)
	b = NewWebBackend(WebDeps{DB: db, Clock: keepwarm.NewManualClock(t0),
		People:        []web.Person{{Email: lily, Name: "Lily"}, {Email: tom, Name: "Tom"}},
		MailboxOwners: map[string]string{"sales": tom, "lily": lily}})
	return b, db, id, globex, priv
}

// Hans, Lily's customer, answers her mail from his private address: a
// customer of its own, Tom's, in Lily's thread. Tom is nudged about it:
// the nudge's link opens it, and the page names Lily's customer without a
// link to its page, which is closed to Tom. Lily reads it in her thread
// with the link.
func TestMessageOfAnotherCustomerInAColleaguesThread(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	const lily, tom = "lily@lumina-export.example", "tom@lumina-export.example"
	b, _, id, _, _ := colleaguesThreadRig(t, t0, tom)
	now := t0.Add(5 * time.Minute)
	mv, err := b.Message(ctx, web.Person{Email: tom, Name: "Tom"}, id, now)
	if err != nil || !mv.NoPage || mv.Clock == nil || !mv.Clock.MayMark {
		t.Fatalf("the link of Tom's nudge: %v (no link to the thread's customer's page: %v, clock %+v)", err, mv.NoPage, mv.Clock)
	}
	if mv, err := b.Message(ctx, web.Person{Email: lily, Name: "Lily"}, id, now); err != nil || mv.NoPage {
		t.Fatalf("Lily reads the mail in her thread: %v (no link: %v)", err, mv.NoPage)
	}
}

// The desk's line and the report's breach for that mail link a customer
// page the reader may open that shows the mail: the thread's customer's
// (Globex's, where the conversation is), not the private address's, whose
// page holds no thread; and no page when the thread's customer is closed
// to the reader (Tom). So whether the private address is Tom's or Lily's
// own (as a forwarder of her customer's would be).
func TestDeskAndReportLinkThePageOfTheConversation(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	const lily, tom, mgr = "lily@lumina-export.example", "tom@lumina-export.example", "manager@lumina-export.example"
	for _, owner := range []string{tom, lily} {
		t.Run(owner, func(t *testing.T) {
			b, db, id, globex, _ := colleaguesThreadRig(t, t0, owner)
			now := t0.Add(30 * time.Minute) // past the target
			// shows says whether the page a line links shows the mail to
			// the reader.
			shows := func(who, what string, v store.Viewer, page int64) {
				t.Helper()
				if err := db.VisibleCustomer(ctx, v, page); err != nil {
					t.Fatalf("%s's %s links customer %d, closed to them: %v", who, what, page, err)
				}
				ms, err := db.CustomerMessages(ctx, v, page, 20, 20)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.ContainsFunc(ms, func(m store.WebMessage) bool { return m.ID == id }) {
					t.Fatalf("%s's %s links customer %d, whose page does not show the mail", who, what, page)
				}
				if page != globex {
					t.Fatalf("%s's %s links customer %d, not the thread's %d", who, what, page, globex)
				}
			}
			for _, p := range []web.Person{{Email: owner, Name: "Owner"}, {Email: mgr, Name: "Manager", Manager: true}} {
				v := store.Viewer{Email: p.Email, Manager: p.Manager}
				d, err := b.Desk(ctx, p, now, web.DeskPage{})
				if err != nil {
					t.Fatal(err)
				}
				x := slices.IndexFunc(d.Waiting, func(w web.Waiting) bool { return w.MessageID == id })
				if x < 0 {
					t.Fatalf("%s's desk leaves the mail out: %+v", p.Email, d.Waiting)
				}
				if w := d.Waiting[x]; !w.NoPage {
					shows(p.Email, "desk", v, w.PageID())
				} else if p.Email != tom {
					t.Fatalf("%s's desk line has no link: %+v", p.Email, w)
				}
				r, err := b.Report(ctx, p, "replies", now)
				if err != nil {
					t.Fatal(err)
				}
				listed := 0
				for _, br := range append(r.Breaches, r.Older...) {
					if br.MessageID != id {
						continue
					}
					listed++
					if br.Open && !br.NoPage {
						shows(p.Email, "report", v, br.CustomerID)
					} else if br.Listed && p.Email != tom {
						t.Fatalf("%s's report lists the breach without a link: %+v", p.Email, br)
					}
				}
				if listed == 0 {
					t.Fatalf("%s's report leaves the breach out", p.Email)
				}
			}
		})
	}
}
