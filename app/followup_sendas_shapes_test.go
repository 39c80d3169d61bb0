package app

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/sequences"
	"keepwarm/store"
)

// The team shapes of sending in her name (notes: review 32, second look),
// each built from a config as the daemon builds it: Identities' Shared from
// config.SharedLogin, People from the mailboxes' logins.

const acmeTeam = `
[team]
internal_domains = ["acme.example"]
time_zone = "Asia/Shanghai"
[[salesperson]]
email = "lily@acme.example"
name = "Lily Chen"
signature = "Lily Chen\nAcme Export"
`

// acmeMailbox is a [[mailbox]] of owner's logged in as login; smtp says
// whether it sends.
func acmeMailbox(name, owner, login string, smtp bool) string {
	s := "[[mailbox]]\nname = \"" + name + "\"\nowner = \"" + owner + "\"\nurl = \"imaps://imap.acme.example\"\nusername = \"" +
		login + "\"\npassword_env = \"KW_TEST_PASSWORD\"\n"
	if smtp {
		s += "smtp_url = \"smtps://smtp.acme.example\"\n"
	}
	return s
}

// newTestApp is an App over the config text and a fresh database, its
// clock standing at t0.
func newTestApp(t *testing.T, text string, t0 time.Time) *App {
	t.Helper()
	cfg, err := config.Parse([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "kw.db"), t0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &App{Cfg: cfg, DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Clock: keepwarm.NewManualClock(t0)}
}

// newShapeApp is the follow-up job of the config text, at asked.
func newShapeApp(t *testing.T, text string, asked time.Time) *fuApp {
	t.Helper()
	a := newTestApp(t, text, asked)
	a.Getenv = func(string) string { return "secret" }
	job, err := a.NewFollowUp(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &fuApp{t: t, a: a, job: job}
}

// rfq files Hans's inquiry, written to to, in mailbox's INBOX at asked.
func (w *fuApp) rfq(mailbox, to string, asked time.Time) {
	w.t.Helper()
	w.save(mailbox, keepwarm.Message{MessageID: "rfq-1@globex.de", From: hansMeier, To: []keepwarm.Address{{Email: to}},
		Subject: "RFQ: LED panels", SubjectKey: "rfq: led panels", Date: asked, Kind: keepwarm.KindInbound,
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier},
		Snippet: "Please quote 2,000 pcs LED panel 600x600."}, "")
}

// quote files a quotation to Hans in the inquiry's thread, From from,
// sent at at, in mailbox's Sent, and makes Hans's company owner's (""
// leaves it as it came).
func (w *fuApp) quote(id, mailbox string, from keepwarm.Address, owner string, at time.Time) {
	w.t.Helper()
	w.save(mailbox, keepwarm.Message{MessageID: id, From: from,
		To: []keepwarm.Address{hansMeier}, Subject: "Re: RFQ: LED panels", SubjectKey: "rfq: led panels", Date: at,
		Kind: keepwarm.KindOutbound, CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier},
		InReplyTo: []string{"rfq-1@globex.de"}, References: []string{"rfq-1@globex.de"},
		Snippet: "Dear Mr. Meier, our quotation: USD 18.40/pc CIF Hamburg.",
		Text:    "Dear Mr. Meier,\n\nour quotation: USD 18.40/pc CIF Hamburg.\n\nBest regards\n" + from.Name + "\n"}, "")
	if owner == "" {
		return
	}
	c, err := w.a.DB.ResolveCustomer(context.Background(), hansMeier.Email)
	if err != nil {
		w.t.Fatal(err)
	}
	if err := w.a.DB.SetCustomer(context.Background(), c.ID, store.CustomerChange{Owner: &owner}, at, "test"); err != nil {
		w.t.Fatal(err)
	}
}

// Shapes (c) and (c′): Lily owns the team's sales@ and her own mailbox,
// logged in as her address or under her Microsoft 365 sign-in name, in
// either order. A follow-up goes From the address the thread's mail went
// From, through a mailbox that sends as it: her mail From lily@ through
// her own mailbox, a mail From sales@ through sales@, also when Outlook
// filed her "send as sales@" copy in her own Sent, and also for a later
// mail From sales@ the follow-up moves on to. Never From her address over
// sales@'s login, nor From her login in a sales@ thread.
func TestFollowUpGoesFromTheThreadsAddressThroughAMailboxThatSendsAsIt(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	asked := time.Date(2026, 11, 2, 15, 0, 0, 0, shanghai)
	lily := keepwarm.Address{Name: "Lily Chen", Email: "lily@acme.example"}
	sales := keepwarm.Address{Name: "Lily Chen", Email: "sales@acme.example"}
	for _, login := range []string{"lily@acme.onmicrosoft.example", "lily.chen@acme.example", "lily@acme.example"} {
		for _, salesFirst := range []bool{true, false} {
			text := acmeTeam + acmeMailbox("sales", "lily@acme.example", "sales@acme.example", true)
			if salesFirst {
				text += acmeMailbox("lily", "lily@acme.example", login, true)
			} else {
				text = acmeTeam + acmeMailbox("lily", "lily@acme.example", login, true) + acmeMailbox("sales", "lily@acme.example", "sales@acme.example", true)
			}
			for _, tc := range []struct {
				name      string
				from      keepwarm.Address
				filedIn   string
				later     bool // a second mail From sales@ a day later
				want, via string
			}{
				{name: "her mail", from: lily, filedIn: "lily", want: "lily@acme.example", via: "lily"},
				{name: "sales mail filed in sales", from: sales, filedIn: "sales", want: "sales@acme.example", via: "sales"},
				{name: "sales mail filed in hers", from: sales, filedIn: "lily", want: "sales@acme.example", via: "sales"},
				{name: "a later sales mail", from: sales, filedIn: "sales", later: true, want: "sales@acme.example", via: "sales"},
			} {
				t.Run(login+","+map[bool]string{true: "sales first", false: "hers first"}[salesFirst]+","+tc.name, func(t *testing.T) {
					w := newShapeApp(t, text, asked)
					w.rfq(tc.filedIn, tc.from.Email, asked)
					w.quote("quote-1@acme.example", tc.filedIn, tc.from, lily.Email, asked.Add(30*time.Minute))
					from, wantReply := asked.Add(time.Hour), "quote-1@acme.example"
					if tc.later {
						if _, err := w.job.Run(context.Background(), from); err != nil {
							t.Fatal(err)
						}
						if enrs := w.enrollments(); len(enrs) != 1 || enrs[0].Mailbox != "sales" {
							t.Fatalf("enrollments %+v", enrs)
						}
						w.quote("quote-2@acme.example", "lily", sales, lily.Email, asked.AddDate(0, 0, 1))
						from, wantReply = asked.AddDate(0, 0, 1).Add(time.Hour), "quote-2@acme.example"
					}
					it, ok := w.runUntilQueued(from)
					if !ok {
						t.Fatalf("nothing queued: %+v %+v", w.enrollments(), w.skips())
					}
					if it.From.Email != tc.want || it.Mailbox != tc.via || it.InReplyTo != wantReply {
						t.Errorf("queued From %+v via %s in reply to %s, want %s via %s in reply to %s", it.From, it.Mailbox, it.InReplyTo, tc.want, tc.via, wantReply)
					}
					if !strings.HasSuffix(it.MessageID, "@acme.example") {
						t.Errorf("Message-ID %s", it.MessageID)
					}
				})
			}
		}
	}
}

// The owner-address refusal advises `username = her address` on her own
// mailbox under a sign-in name (Exmail's alias lily.chen@) also when the
// config has her 163.com account or a read-only archive beside it; not on
// the team's sales@ beside her own mailbox, nor on a mailbox beside
// another logged in as her address, where that would point it at her
// other mailbox.
func TestOwnerRefusalAdvisesUsernameOnlyWhereItPointsAtNoOtherMailbox(t *testing.T) {
	for _, tc := range []struct {
		name, mailboxes, of string
		elsewhere           bool
	}{
		{name: "her alias beside her 163.com account", of: "lily", elsewhere: false,
			mailboxes: acmeMailbox("lily", "lily@acme.example", "lily.chen@acme.example", true) + acmeMailbox("trade", "lily@acme.example", "lilytrade@163.example", true)},
		{name: "her alias beside a read-only archive", of: "lily", elsewhere: false,
			mailboxes: acmeMailbox("lily", "lily@acme.example", "lily.chen@acme.example", true) + acmeMailbox("archive", "lily@acme.example", "lily.archive@acme.example", false)},
		{name: "her sign-in name beside sales@", of: "lily", elsewhere: false,
			mailboxes: acmeMailbox("sales", "lily@acme.example", "sales@acme.example", true) + acmeMailbox("lily", "lily@acme.example", "lily@acme.onmicrosoft.example", true)},
		{name: "sales@ beside her sign-in name", of: "sales", elsewhere: true,
			mailboxes: acmeMailbox("sales", "lily@acme.example", "sales@acme.example", true) + acmeMailbox("lily", "lily@acme.example", "lily@acme.onmicrosoft.example", true)},
		{name: "her 163.com account beside her address", of: "trade", elsewhere: true,
			mailboxes: acmeMailbox("lily", "lily@acme.example", "lily@acme.example", false) + acmeMailbox("trade", "lily@acme.example", "lilytrade@163.example", true)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newShapeApp(t, acmeTeam+tc.mailboxes, time.Date(2026, 11, 2, 7, 0, 0, 0, time.UTC))
			for _, mb := range w.a.Cfg.Mailboxes {
				if mb.Name != tc.of {
					continue
				}
				acct, err := w.a.SMTPAccount(context.Background(), mb)
				if err != nil {
					t.Fatal(err)
				}
				if acct.OwnerHasOther != tc.elsewhere {
					t.Errorf("mailbox %s: OwnerHasOther %v, want %v", mb.Name, acct.OwnerHasOther, tc.elsewhere)
				}
				return
			}
			t.Fatalf("no mailbox %s", tc.of)
		})
	}
}

// Shape (b) and (e): logins under sign-in names (Microsoft 365 UPNs,
// Exmail aliases). Tom quotes Lily's customer From tom@ from his own
// mailbox, logged in as tom.wu@; the manager Wang, who also sells, does
// the same from his only mailbox, logged in as wang.li@. The follow-up is
// the writer's, from his own mailbox From his address: not from Lily's
// mailbox, nor skipped as if he had no mailbox to send from.
func TestFollowUpOfAColleaguesMailGoesFromHisMailboxUnderASignInName(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	asked := time.Date(2026, 11, 2, 15, 0, 0, 0, shanghai)
	for _, lilyLogin := range []string{"lily@acme.example", "lily.chen@acme.example"} {
		for _, tc := range []struct {
			who, name, login string
			manager          bool
		}{
			{who: "tom", name: "Tom Wu", login: "tom.wu@acme.example"},
			{who: "wang", name: "Wang Li", login: "wang.li@acme.example", manager: true},
		} {
			t.Run(lilyLogin+","+tc.who, func(t *testing.T) {
				addr := tc.who + "@acme.example"
				text := acmeTeam + "[[salesperson]]\nemail = \"" + addr + "\"\nname = \"" + tc.name + "\"\n" +
					acmeMailbox("lily", "lily@acme.example", lilyLogin, true) + acmeMailbox(tc.who, addr, tc.login, true)
				if tc.manager {
					text = strings.Replace(text, "time_zone = \"Asia/Shanghai\"\n", "time_zone = \"Asia/Shanghai\"\nmanager = \""+addr+"\"\n", 1)
				}
				w := newShapeApp(t, text, asked)
				w.rfq(tc.who, addr, asked)
				w.quote("quote-1@acme.example", tc.who, keepwarm.Address{Name: tc.name, Email: addr}, "lily@acme.example", asked.Add(30*time.Minute))
				it, ok := w.runUntilQueued(asked.Add(time.Hour))
				if !ok {
					t.Fatalf("nothing queued: %+v %+v", w.enrollments(), w.skips())
				}
				if it.From.Email != addr || it.Mailbox != tc.who {
					t.Errorf("queued From %+v via %s, want %s via %s", it.From, it.Mailbox, addr, tc.who)
				}
			})
		}
	}
}

// Shape (f): Lily's company mailbox lily@acme.example is read only, her
// 163.com account sends. A buyer's first inquiry to lily@acme.example gets
// no "received" draft From the 163.com address in the 163.com Drafts, an
// address he never wrote to: the draft is refused saying to list her
// address in send_as, as it is when an earlier team mail is in the thread.
func TestAckDraftForHerCompanyAddressIsNotFromHer163Account(t *testing.T) {
	now := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	w := newShapeApp(t, acmeTeam+acmeMailbox("lily", "lily@acme.example", "lily@acme.example", false)+
		acmeMailbox("trade", "lily@acme.example", "lilytrade@163.example", true), now)
	ctx := context.Background()
	hans := keepwarm.Address{Name: "Hans Meier", Email: "hans@globex.de"}
	m := keepwarm.Message{MessageID: "rfq@globex.de", From: hans, To: []keepwarm.Address{{Email: "lily@acme.example"}},
		Subject: "RFQ: LED panels", SubjectKey: "rfq: led panels", Date: now, Kind: keepwarm.KindInbound,
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hans}, Snippet: "Please quote 2,000 pcs.",
		Text: "Dear Ms. Chen,\n\nplease quote 2,000 pcs.\n\nHans"}
	m.Key, m.RawHeader = m.MessageID, []byte("Message-ID: <rfq@globex.de>\r\n")
	in := keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{Mailbox: "lily", Folder: "INBOX", Role: keepwarm.RoleInbox, UIDValidity: 1, UID: 1, InternalDate: now}}
	res, err := w.a.DB.SaveBatch(ctx, keepwarm.FolderState{Mailbox: "lily", Folder: "INBOX", UIDValidity: 1, LastUID: 1, SyncedAt: now}, []keepwarm.Incoming{in})
	if err != nil || len(res.NewIDs) != 1 {
		t.Fatalf("save: %v", err)
	}
	item, by, err := w.a.NewAck(nil).Item(ctx, keepwarm.Nudge{Owner: "lily@acme.example", Mailbox: "lily", MessageID: res.NewIDs[0], StartedAt: now}, "lily@acme.example", now)
	var sa *sequences.SendAsError
	if !errors.As(err, &sa) || sa.Address != "lily@acme.example" || sa.Mailbox != "trade" {
		t.Fatalf("draft From %+v via %s (by %q), err %v; want a SendAsError for lily@acme.example on trade", item.From, item.Mailbox, by, err)
	}
}

// Shape (c′): the team's sales@ (Lily's) is listed before her own mailbox,
// which logs in under her Microsoft 365 sign-in name. Her greetings and
// letters go from her own mailbox, not From sales@ signed "Lily Chen".
func TestGreetingsGoFromHerOwnMailboxNotSalesListedFirst(t *testing.T) {
	for _, login := range []string{"lily@acme.onmicrosoft.example", "lily.chen@acme.example", "lily@acme.example"} {
		t.Run(login, func(t *testing.T) {
			w := newShapeApp(t, acmeTeam+acmeMailbox("sales", "lily@acme.example", "sales@acme.example", true)+
				acmeMailbox("lily", "lily@acme.example", login, true), time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC))
			if s := w.a.GreetingSenders()["lily@acme.example"]; s.Mailbox != "lily" {
				t.Errorf("Lily's greetings go via %s From %+v, want via lily", s.Mailbox, s.From)
			}
		})
	}
}

// Tom is Lily's backup and wants her "received" drafts; he owns the team's
// sales@, listed first, and has his own mailbox (under a sign-in name or
// not). The draft for Lily's buyer goes into his own Drafts, not into
// sales@'s From sales@ signed Tom.
func TestAckDraftForTheBackupGoesToHisOwnMailboxNotSalesListedFirst(t *testing.T) {
	for _, login := range []string{"tom@acme.example", "tom.wu@acme.example"} {
		t.Run(login, func(t *testing.T) {
			now := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
			w := newShapeApp(t, acmeTeam+"[[salesperson]]\nemail = \"tom@acme.example\"\nname = \"Tom Wu\"\n"+
				acmeMailbox("sales", "tom@acme.example", "sales@acme.example", true)+acmeMailbox("tom", "tom@acme.example", login, true)+
				acmeMailbox("lily", "lily@acme.example", "lily@acme.example", true), now)
			ctx := context.Background()
			hans := keepwarm.Address{Name: "Hans Meier", Email: "hans@globex.de"}
			m := keepwarm.Message{MessageID: "rfq@globex.de", From: hans, To: []keepwarm.Address{{Email: "lily@acme.example"}},
				Subject: "RFQ: LED panels", SubjectKey: "rfq: led panels", Date: now, Kind: keepwarm.KindInbound,
				CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hans}, Snippet: "Please quote 2,000 pcs.",
				Text: "Dear Ms. Chen,\n\nplease quote 2,000 pcs.\n\nHans"}
			m.Key, m.RawHeader = m.MessageID, []byte("Message-ID: <rfq@globex.de>\r\n")
			in := keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{Mailbox: "lily", Folder: "INBOX", Role: keepwarm.RoleInbox, UIDValidity: 1, UID: 1, InternalDate: now}}
			res, err := w.a.DB.SaveBatch(ctx, keepwarm.FolderState{Mailbox: "lily", Folder: "INBOX", UIDValidity: 1, LastUID: 1, SyncedAt: now}, []keepwarm.Incoming{in})
			if err != nil || len(res.NewIDs) != 1 {
				t.Fatalf("save: %v", err)
			}
			item, by, err := w.a.NewAck(nil).Item(ctx, keepwarm.Nudge{Owner: "lily@acme.example", Mailbox: "lily", MessageID: res.NewIDs[0], StartedAt: now}, "tom@acme.example", now)
			if err != nil || by == "" {
				t.Fatalf("no draft: %q %v", by, err)
			}
			if item.Mailbox != "tom" || item.From.Email != login {
				t.Errorf("the draft goes into %s's Drafts From %+v, want tom's From %s", item.Mailbox, item.From, login)
			}
		})
	}
}

// Shapes (a), (d) and (g) of the walk-through, each from its config: one
// mailbox logged in as her address; the team's sales@ owned by the
// manager Wang beside his own wang@ mailbox and her own, a pool customer
// answered from sales@; a salesperson's only mailbox logged in as a role
// address (export1@). Each follow-up goes From the address the mail went
// From through a mailbox that sends as it.
func TestFollowUpShapesOfOneMailboxAManagersSalesAndARoleLogin(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	asked := time.Date(2026, 11, 2, 15, 0, 0, 0, shanghai)
	lily := keepwarm.Address{Name: "Lily Chen", Email: "lily@acme.example"}
	managerTeam := strings.Replace(acmeTeam, "time_zone = \"Asia/Shanghai\"\n", "time_zone = \"Asia/Shanghai\"\nmanager = \"wang@acme.example\"\nmanager_name = \"Wang Li\"\n", 1)
	for _, tc := range []struct {
		name, text, filedIn, owner string
		from                       keepwarm.Address
		want, via                  string
	}{
		{name: "(a) one mailbox", text: acmeTeam + acmeMailbox("lily", lily.Email, lily.Email, true),
			filedIn: "lily", owner: lily.Email, from: lily, want: lily.Email, via: "lily"},
		{name: "(d) a pool customer answered from the manager's sales@",
			text: managerTeam + acmeMailbox("wang", "wang@acme.example", "wang@acme.example", true) +
				acmeMailbox("sales", "wang@acme.example", "sales@acme.example", true) + acmeMailbox("lily", lily.Email, lily.Email, true),
			filedIn: "sales", from: keepwarm.Address{Name: "Lily Chen", Email: "sales@acme.example"}, want: "sales@acme.example", via: "sales"},
		{name: "(g) her only mailbox logged in as export1@", text: acmeTeam + acmeMailbox("lily", lily.Email, "export1@acme.example", true),
			filedIn: "lily", owner: lily.Email, from: lily, want: lily.Email, via: "lily"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newShapeApp(t, tc.text, asked)
			w.rfq(tc.filedIn, tc.from.Email, asked)
			w.quote("quote-1@acme.example", tc.filedIn, tc.from, tc.owner, asked.Add(30*time.Minute))
			it, ok := w.runUntilQueued(asked.Add(time.Hour))
			if !ok {
				t.Fatalf("nothing queued: %+v %+v", w.enrollments(), w.skips())
			}
			if it.From.Email != tc.want || it.Mailbox != tc.via {
				t.Errorf("queued From %+v via %s, want %s via %s", it.From, it.Mailbox, tc.want, tc.via)
			}
		})
	}
}
