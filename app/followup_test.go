package app

import (
	"context"
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

// The team of the follow-up tests: Lily and Tom sell from their own
// mailboxes and from the team's sales@, which the manager owns.
const followUpTeam = `
[team]
internal_domains = ["lumina-export.example"]
time_zone = "Asia/Shanghai"
manager = "grace@lumina-export.example"
manager_name = "Grace Liu"

[[salesperson]]
email = "lily@lumina-export.example"
name = "Lily Chen"
time_zone = "Asia/Shanghai"
signature = "Lily Chen\nSales Manager, Lumina Export"

[[salesperson]]
email = "tom@lumina-export.example"
name = "Tom Wang"
time_zone = "Asia/Shanghai"

[[mailbox]]
name = "sales"
owner = "grace@lumina-export.example"
url = "imaps://mail.lumina-export.example"
username = "sales@lumina-export.example"
password_env = "KW_TEST_PASSWORD"
smtp_url = "smtps://mail.lumina-export.example"
%SALES%

[[mailbox]]
name = "lily"
owner = "lily@lumina-export.example"
url = "imaps://mail.lumina-export.example"
username = "lily@lumina-export.example"
password_env = "KW_TEST_PASSWORD"
smtp_url = "smtps://mail.lumina-export.example"
`

// fuApp is an App over a fresh database with followUpTeam's config
// (salesMailbox adds keys to the sales@ mailbox) and its follow-up job.
type fuApp struct {
	t   *testing.T
	a   *App
	job *sequences.FollowUp
	uid uint32
}

func newFUApp(t *testing.T, salesMailbox string, t0 time.Time) *fuApp {
	t.Helper()
	cfg, err := config.Parse([]byte(strings.Replace(followUpTeam, "%SALES%", salesMailbox, 1)))
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "kw.db"), t0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	a := &App{Cfg: cfg, DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Clock: keepwarm.NewManualClock(t0)}
	job, err := a.NewFollowUp(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &fuApp{t: t, a: a, job: job}
}

// save files m in mailbox's INBOX (inbound) or Sent (outbound), its raw
// header carrying its Date as written.
func (w *fuApp) save(mailbox string, m keepwarm.Message, date string) {
	w.t.Helper()
	w.uid++
	m.Key = m.MessageID
	m.RawHeader = []byte("Message-ID: <" + m.MessageID + ">\r\n")
	if date != "" {
		m.RawHeader = append(m.RawHeader, "Date: "+date+"\r\n"...)
	}
	folder, role := "INBOX", keepwarm.RoleInbox
	if m.Kind == keepwarm.KindOutbound {
		folder, role = "Sent", keepwarm.RoleSent
	}
	in := keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{Mailbox: mailbox, Folder: folder, Role: role, UIDValidity: 1, UID: w.uid, InternalDate: m.Date}}
	st := keepwarm.FolderState{Mailbox: mailbox, Folder: folder, UIDValidity: 1, LastUID: w.uid, SyncedAt: m.Date}
	if _, err := w.a.DB.SaveBatch(context.Background(), st, []keepwarm.Incoming{in}); err != nil {
		w.t.Fatal(err)
	}
}

// runUntilQueued runs the job every 10 minutes from from for up to 5 days
// and returns the first follow-up mail queued.
func (w *fuApp) runUntilQueued(from time.Time) (keepwarm.OutboxItem, bool) {
	w.t.Helper()
	ctx := context.Background()
	for at := from; at.Before(from.AddDate(0, 0, 5)); at = at.Add(10 * time.Minute) {
		if _, err := w.job.Run(ctx, at); err != nil {
			w.t.Fatalf("run at %s: %v", at, err)
		}
		items, err := w.a.DB.ListOutbox(ctx, keepwarm.OutboxFilter{})
		if err != nil {
			w.t.Fatal(err)
		}
		for _, it := range items {
			if it.Origin == sequences.OriginSequence {
				return it, true
			}
		}
	}
	return keepwarm.OutboxItem{}, false
}

func (w *fuApp) enrollments() []keepwarm.Enrollment {
	w.t.Helper()
	list, err := w.a.DB.ListEnrollments(context.Background(), 0)
	if err != nil {
		w.t.Fatal(err)
	}
	return list
}

var (
	hansMeier = keepwarm.Address{Name: "Hans Meier", Email: "hans.meier@globex.de"}
	salesAddr = "sales@lumina-export.example"
)

// inquiryAndQuote files Hans's inquiry to sales@ (written in Berlin, Date
// +0100) and the quotation answering it from sales@ with from as its From
// name, sent at quoted; it returns the quotation.
func (w *fuApp) inquiryAndQuote(asked, quoted time.Time, from string) keepwarm.Message {
	w.t.Helper()
	berlin := time.FixedZone("", 3600)
	w.save("sales", keepwarm.Message{MessageID: "rfq-1@globex.de", From: hansMeier, To: []keepwarm.Address{{Email: salesAddr}},
		Subject: "RFQ: LED panels", SubjectKey: "rfq: led panels", Date: asked, Kind: keepwarm.KindInbound,
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier},
		Snippet: "Please quote 2,000 pcs LED panel 600x600."}, asked.In(berlin).Format(time.RFC1123Z))
	q := keepwarm.Message{MessageID: "quote-1@lumina-export.example", From: keepwarm.Address{Name: from, Email: salesAddr},
		To: []keepwarm.Address{hansMeier}, Subject: "Re: RFQ: LED panels", SubjectKey: "rfq: led panels", Date: quoted,
		Kind: keepwarm.KindOutbound, CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier},
		InReplyTo: []string{"rfq-1@globex.de"}, References: []string{"rfq-1@globex.de"},
		Snippet: "Dear Mr. Meier, thank you for your inquiry. Our quotation: USD 18.40/pc CIF Hamburg, 25 days after deposit.",
		Text:    "Dear Mr. Meier,\n\nthank you for your inquiry. Our quotation: USD 18.40/pc CIF Hamburg, 25 days\nafter deposit. The detailed offer is attached.\n\nBest regards\n" + from + "\n"}
	w.save("sales", q, quoted.In(w.a.Cfg.TeamLocation()).Format(time.RFC1123Z))
	return q
}

// A follow-up from the team's shared sales@ speaks for the salesperson who
// wrote the mail followed up: From "Lily Chen <sales@...>", her signature
// below. Without a sender name it is the customer's owner's, else the
// mailbox's from_name; with none of them nothing is sent, and the
// enrollment says why: never a bare sales@ ending "Best regards," and
// nothing.
func TestFollowUpFromTheSharedMailboxIsSignedByAPerson(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	asked := time.Date(2026, 11, 2, 15, 0, 0, 0, shanghai)
	for _, tc := range []struct {
		name, mailbox, from, owner string
		wantName, wantSig          string // "" nothing is sent
	}{
		{name: "the writer", from: "Lily Chen", wantName: "Lily Chen", wantSig: "Lily Chen\nSales Manager, Lumina Export\n"},
		{name: "a writer not in the config", from: "Anna Li", wantName: "Anna Li", wantSig: "Anna Li\n"},
		{name: "the owner", owner: "tom@lumina-export.example", wantName: "Tom Wang", wantSig: "Tom Wang\n"},
		{name: "the mailbox", mailbox: "from_name = \"Lumina Sales\"\nsignature = \"Lumina Sales Team\"",
			wantName: "Lumina Sales", wantSig: "Lumina Sales Team\n"},
		{name: "nobody"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newFUApp(t, tc.mailbox, asked)
			w.inquiryAndQuote(asked, asked.Add(30*time.Minute), tc.from)
			if tc.owner != "" {
				c, err := w.a.DB.ResolveCustomer(context.Background(), hansMeier.Email)
				if err != nil {
					t.Fatal(err)
				}
				if err := w.a.DB.SetCustomer(context.Background(), c.ID, store.CustomerChange{Owner: &tc.owner}, asked, "test"); err != nil {
					t.Fatal(err)
				}
			}
			it, ok := w.runUntilQueued(asked.Add(time.Hour))
			if tc.wantName == "" {
				enrs := w.enrollments()
				if ok || len(enrs) != 1 || enrs[0].Status != keepwarm.EnrollFailed ||
					!strings.Contains(enrs[0].Reason, "no name to sign with for sales@lumina-export.example") ||
					!strings.Contains(enrs[0].Reason, `from_name (and signature) on [[mailbox]] "sales"`) {
					t.Fatalf("queued %v %+v; enrollments %+v", ok, it, enrs)
				}
				return
			}
			if !ok {
				t.Fatalf("nothing queued: %+v %+v", w.enrollments(), w.skips())
			}
			if it.From.Name != tc.wantName || it.From.Email != salesAddr || it.Mailbox != "sales" {
				t.Errorf("From %q <%s> via %s, want %s <%s> via sales", it.From.Name, it.From.Email, it.Mailbox, tc.wantName, salesAddr)
			}
			if !strings.Contains(it.Text, "Best regards,\n"+tc.wantSig) {
				t.Errorf("not signed %q:\n%s", tc.wantSig, it.Text)
			}
		})
	}
}

func (w *fuApp) skips() []keepwarm.FollowUpSkip {
	w.t.Helper()
	list, err := w.a.DB.FollowUpSkips(context.Background(), 0, time.Time{})
	if err != nil {
		w.t.Fatal(err)
	}
	return list
}
