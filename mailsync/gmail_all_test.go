package mailsync_test

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/providers"
	"keepwarm/store"
)

// gmailBox is a Gmail-like mailbox on the in-process server: INBOX, Sent,
// Drafts, Trash and the folder of all mail under the account language's
// names. Each message is appended to every folder (label) Gmail shows it
// in, each copy with its own UID, as Gmail's IMAP does.
type gmailBox struct {
	t                        *testing.T
	srv                      *mailtest.IMAPServer
	sent, all, drafts, trash string
}

func newGmailBox(t *testing.T, prefix, allName string) *gmailBox {
	t.Helper()
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, lilyUser, password)
	g := &gmailBox{t: t, srv: srv, sent: prefix + "/Sent Mail", all: prefix + "/" + allName,
		drafts: prefix + "/Drafts", trash: prefix + "/Trash"}
	c := srv.Dial(t, lilyUser)
	for _, f := range []string{g.sent, g.all, g.drafts, g.trash} {
		if err := c.Create(f, nil).Wait(); err != nil {
			t.Fatal(err)
		}
	}
	return g
}

// add appends raw to each folder, with flags.
func (g *gmailBox) add(raw string, at time.Time, flags []imap.Flag, folders ...string) {
	g.t.Helper()
	c := g.srv.Dial(g.t, lilyUser)
	for _, f := range folders {
		b := []byte(raw)
		cmd := c.Append(f, int64(len(b)), &imap.AppendOptions{Flags: flags, Time: at})
		if _, err := cmd.Write(b); err != nil {
			g.t.Fatal(err)
		}
		if err := cmd.Close(); err != nil {
			g.t.Fatal(err)
		}
		if _, err := cmd.Wait(); err != nil {
			g.t.Fatalf("append to %s: %v", f, err)
		}
	}
}

// syncer reads the mailbox as the gmail preset has keepwarm read it.
func (g *gmailBox) syncer(db *store.DB) *mailsync.Syncer {
	return g.syncerAt(db, g.srv.Addr())
}

// syncerAt is syncer through the server (or a front to it) at addr.
func (g *gmailBox) syncerAt(db *store.DB, addr string) *mailsync.Syncer {
	p, ok := providers.Get("gmail")
	if !ok {
		g.t.Fatal("no gmail preset")
	}
	cfg := mailboxConfig(g.srv, "lily", lilyUser)
	cfg.URL.Host = addr
	cfg.Owner = "lily"
	cfg.SentNames, cfg.ReadAll, cfg.AllNames = p.SentNames, p.ArchiveLeavesInbox, p.AllNames
	return mailsync.NewSyncer(cfg, db, team(), keepwarm.SystemClock{}, testLogger(g.t), mailsync.SyncOptions{})
}

func gmailMsg(from, to, subject, id, inReplyTo string, at time.Time, body string) string {
	var b bytes.Buffer
	b.WriteString("From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMessage-ID: " + id + "\r\n")
	if inReplyTo != "" {
		b.WriteString("In-Reply-To: " + inReplyTo + "\r\nReferences: " + inReplyTo + "\r\n")
	}
	b.WriteString("Date: " + at.Format(time.RFC1123Z) + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n")
	return b.String()
}

func threadBySubject(t *testing.T, db *store.DB, subject string) keepwarm.Thread {
	t.Helper()
	threads, err := db.ListThreads(context.Background(), store.ThreadFilter{Internal: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, th := range threads {
		if th.Subject == subject {
			return th
		}
	}
	t.Fatalf("no thread %q among %+v", subject, threads)
	return keepwarm.Thread{}
}

const gmailBuyer = "Hans Becker <hans@globex.de>"

// TestGmailArchivedReplyIsRead: a customer's reply archived (Gmail's
// Archive button) or filed by a filter that skips the inbox is in All Mail
// alone. keepwarm reads All Mail in INBOX's place, found by the account
// language's name, so the reply answers the quotation; the quotation, in
// Sent and All Mail, is one message, the team's own; mail in Trash (not
// in All Mail) is not read.
func TestGmailArchivedReplyIsRead(t *testing.T) {
	g := newGmailBox(t, "[Google Mail]", "Alle Nachrichten")
	lily := "Lily Chen <" + lilyUser + ">"
	q := gmailMsg(lily, gmailBuyer, "Quotation 500 pcs", "<q1@"+teamDomain+">", "", t0, "Please find our offer.")
	g.add(q, t0, []imap.Flag{imap.FlagSeen}, g.sent, g.all)
	reply := gmailMsg(gmailBuyer, lily, "Re: Quotation 500 pcs", "<r1@globex.de>", "<q1@"+teamDomain+">", t0.Add(2*time.Hour), "Thanks, we order 500.")
	g.add(reply, t0.Add(2*time.Hour), []imap.Flag{imap.FlagSeen}, g.all)
	// Another customer's mail, read and then deleted: in Trash only.
	trashed := gmailMsg("Ana <ana@acme.es>", lily, "Catalogue?", "<t1@acme.es>", "", t0.Add(time.Hour), "Send the catalogue.")
	g.add(trashed, t0.Add(time.Hour), nil, g.trash)

	db := newStore(t)
	s := g.syncer(db)
	syncOnce(t, s)
	if got, want := s.Folders(), []string{g.sent, g.all}; !slices.Equal(got, want) {
		t.Fatalf("read folders %q, want %q (All Mail in INBOX's place)", got, want)
	}
	th := threadBySubject(t, db, "Quotation 500 pcs")
	if th.Messages != 2 || th.LastInboundAt == nil || !th.LastInboundAt.Equal(t0.Add(2*time.Hour)) ||
		th.LastOutboundAt == nil || !th.LastOutboundAt.Equal(t0) {
		t.Fatalf("thread %+v: want the quotation and the archived reply, answered at %v", th, t0.Add(2*time.Hour))
	}
	if st := stats(t, db); st.Messages != 2 || st.Copies["lily"] != 3 {
		t.Fatalf("stats %+v: want 2 messages (the quotation once) in 3 copies, nothing from Trash", st)
	}
}

// TestGmailDraftInAllMailIsNoAnswer: All Mail holds the drafts, flagged
// \Draft. A draft answer to a customer's inquiry is no answer: the thread
// stays unanswered. Sent, the draft is a new message (a new UID, in Sent
// and All Mail), which answers it.
func TestGmailDraftInAllMailIsNoAnswer(t *testing.T) {
	g := newGmailBox(t, "[Gmail]", "All Mail")
	lily := "Lily Chen <" + lilyUser + ">"
	inq := gmailMsg(gmailBuyer, lily, "Price for valves", "<i1@globex.de>", "", t0, "Your price for DN50?")
	g.add(inq, t0, nil, "INBOX", g.all)
	draft := gmailMsg(lily, gmailBuyer, "Re: Price for valves", "<d1@"+teamDomain+">", "<i1@globex.de>", t0.Add(5*time.Minute), "Received, working on it.")
	g.add(draft, t0.Add(5*time.Minute), []imap.Flag{imap.FlagDraft, imap.FlagSeen}, g.drafts, g.all)

	db := newStore(t)
	s := g.syncer(db)
	syncOnce(t, s)
	th := threadBySubject(t, db, "Price for valves")
	if th.Messages != 1 || th.LastOutboundAt != nil || th.LastInboundAt == nil {
		t.Fatalf("thread %+v: a draft in All Mail answered the inquiry", th)
	}

	sentAt := t0.Add(20 * time.Minute)
	sent := gmailMsg(lily, gmailBuyer, "Re: Price for valves", "<d1@"+teamDomain+">", "<i1@globex.de>", sentAt, "Received, working on it.")
	g.add(sent, sentAt, []imap.Flag{imap.FlagSeen}, g.sent, g.all)
	syncOnce(t, s)
	th = threadBySubject(t, db, "Price for valves")
	if th.Messages != 2 || th.LastOutboundAt == nil || !th.LastOutboundAt.Equal(sentAt) {
		t.Fatalf("thread %+v: the sent draft does not answer the inquiry at %v", th, sentAt)
	}
	if st := stats(t, db); st.Messages != 2 || st.Copies["lily"] != 3 {
		t.Fatalf("stats %+v: want the inquiry (from All Mail; INBOX is not read) and the sent answer (Sent and All Mail), no draft", st)
	}
}

// TestGmailAllMailFoundBySpecialUse: the folder of all mail is the one
// LIST marks \All, whatever its name (one in a language the preset does
// not list): it is read in INBOX's place.
func TestGmailAllMailFoundBySpecialUse(t *testing.T) {
	g := newGmailBox(t, "[Gmail]", "Wszystkie")
	lily := "Lily Chen <" + lilyUser + ">"
	reply := gmailMsg(gmailBuyer, lily, "Re: Offer", "<r2@globex.de>", "<o2@"+teamDomain+">", t0, "Agreed.")
	g.add(reply, t0, nil, g.all)
	front := mailtest.NewSpecialUseFrontAttr(t, g.srv.Addr(), g.all, `\All`)
	db := newStore(t)
	s := g.syncerAt(db, front.Addr())
	syncOnce(t, s)
	if got, want := s.Folders(), []string{g.sent, g.all}; !slices.Equal(got, want) {
		t.Fatalf("read folders %q, want %q", got, want)
	}
	if th := threadBySubject(t, db, "Offer"); th.LastInboundAt == nil {
		t.Fatalf("thread %+v: the reply in the \\All folder is not read", th)
	}
}

// TestGmailSentMailIsOneOutboundMessage: Lily's mail is in Sent and in All
// Mail, which is read in INBOX's place. Sent from an alias the team does
// not know, the All Mail copy alone would make it a customer's mail; with
// the Sent copy it is one message, hers, to the buyer, whichever copy is
// read first (IDLE on All Mail may see it before Sent is polled).
func TestGmailSentMailIsOneOutboundMessage(t *testing.T) {
	for _, first := range []string{"sent", "all"} {
		t.Run(first+" first", func(t *testing.T) {
			g := newGmailBox(t, "[Gmail]", "All Mail")
			offer := gmailMsg("Lily <lily@brand-alias.example>", gmailBuyer, "Offer LED panels", "<o7@brand-alias.example>", "", t0, "Dear Hans, our offer.")
			db := newStore(t)
			s := g.syncer(db)
			if first == "all" {
				g.add(offer, t0, []imap.Flag{imap.FlagSeen}, g.all)
				syncOnce(t, s)
				g.add(offer, t0, []imap.Flag{imap.FlagSeen}, g.sent)
			} else {
				g.add(offer, t0, []imap.Flag{imap.FlagSeen}, g.sent, g.all)
			}
			syncOnce(t, s)
			m, err := db.GetMessage(context.Background(), 1)
			if err != nil {
				t.Fatal(err)
			}
			if m.Kind != keepwarm.KindOutbound || m.CustomerKey != "domain:globex.de" {
				t.Fatalf("stored as %s of %q; want Lily's own mail to domain:globex.de", m.Kind, m.CustomerKey)
			}
			if st := stats(t, db); st.Messages != 1 || st.Copies["lily"] != 2 || st.Customers != 1 {
				t.Fatalf("stats %+v: want one message in two copies, Globex alone", st)
			}
		})
	}
}
