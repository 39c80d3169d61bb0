package app

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/config"
)

// sales@acme.example is owned by the manager, who has his own mailbox
// logged in as manager@acme.example: sales@ is a shared mailbox, whose
// follow-ups of his mail go From sales@, not from his address because it
// is on the login's domain. Lily's Exmail login alias lily.chen@ is her
// own mailbox: it sends as lily@.
func TestIdentitiesMarkASharedMailboxOfTheOwner(t *testing.T) {
	cfg, err := config.Parse([]byte(`
[team]
manager = "manager@acme.example"
internal_domains = ["acme.example"]
[[salesperson]]
email = "lily@acme.example"
[[mailbox]]
name = "manager"
owner = "manager@acme.example"
url = "imaps://imap.acme.example"
username = "manager@acme.example"
password_env = "MANAGER_PW"
[[mailbox]]
name = "sales"
owner = "manager@acme.example"
url = "imaps://imap.acme.example"
username = "sales@acme.example"
password_env = "SALES_PW"
smtp_url = "smtps://smtp.acme.example"
[[mailbox]]
name = "lily"
owner = "lily@acme.example"
url = "imaps://imap.acme.example"
username = "lily.chen@acme.example"
password_env = "LILY_PW"
smtp_url = "smtps://smtp.acme.example"
`))
	if err != nil {
		t.Fatal(err)
	}
	shared := map[string]bool{}
	for _, id := range (&App{Cfg: cfg}).Identities() {
		shared[id.Mailbox] = id.Shared
	}
	if !shared["sales"] || shared["lily"] {
		t.Errorf("Shared: %v; want sales shared, lily not", shared)
	}
}

// Wang is the team's manager and sells too; his only mailbox logs in as
// wang.li@acme.example, a Microsoft 365 sign-in name (or an Exmail login
// alias) beside his address wang@acme.example. It is his own mailbox, not
// a shared one: a new buyer's mail to wang@acme.example gets a "received"
// draft From wang@acme.example, the address the buyer wrote to, not From
// the sign-in name; and check says what the mailbox sends from. The team's
// sales@ he owns beside it is shared (a role address).
func TestAManagersOwnMailboxUnderASignInNameIsHis(t *testing.T) {
	cfg, err := config.Parse([]byte(`
[team]
manager = "wang@acme.example"
internal_domains = ["acme.example"]
time_zone = "Asia/Shanghai"
[[salesperson]]
email = "wang@acme.example"
name = "Wang Li"
[[mailbox]]
name = "wang"
owner = "wang@acme.example"
url = "imaps://imap.acme.example"
username = "wang.li@acme.example"
password_env = "WANG_PW"
smtp_url = "smtps://smtp.acme.example"
[[mailbox]]
name = "sales"
owner = "wang@acme.example"
url = "imaps://imap.acme.example"
username = "sales@acme.example"
password_env = "SALES_PW"
smtp_url = "smtps://smtp.acme.example"
`))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	now := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	a := &App{Cfg: cfg, DB: tempDB(t, now), Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	shared := map[string]bool{}
	for _, id := range a.Identities() {
		shared[id.Mailbox] = id.Shared
	}
	if shared["wang"] || !shared["sales"] {
		t.Errorf("Shared: %v; want wang his own, sales shared", shared)
	}
	if w := cfg.LoginWarnings(); len(w) != 1 || !strings.HasPrefix(w[0], "mailbox wang: ") {
		t.Errorf("LoginWarnings = %q; want one, of mailbox wang", w)
	}
	hans := keepwarm.Address{Name: "Hans Meier", Email: "hans@globex.de"}
	m := keepwarm.Message{MessageID: "rfq@globex.de", From: hans, To: []keepwarm.Address{{Email: "wang@acme.example"}},
		Subject: "RFQ: LED panels", SubjectKey: "rfq: led panels", Date: now, Kind: keepwarm.KindInbound,
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hans}, Snippet: "Please quote 2,000 pcs.",
		Text: "Dear Mr. Wang,\n\nplease quote 2,000 pcs.\n\nHans"}
	m.Key, m.RawHeader = m.MessageID, []byte("Message-ID: <rfq@globex.de>\r\n")
	in := keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{Mailbox: "wang", Folder: "INBOX", Role: keepwarm.RoleInbox, UIDValidity: 1, UID: 1, InternalDate: now}}
	res, err := a.DB.SaveBatch(ctx, keepwarm.FolderState{Mailbox: "wang", Folder: "INBOX", UIDValidity: 1, LastUID: 1, SyncedAt: now}, []keepwarm.Incoming{in})
	if err != nil || len(res.NewIDs) != 1 {
		t.Fatalf("save: %v", err)
	}
	item, by, err := a.NewAck(nil).Item(ctx, keepwarm.Nudge{Owner: "wang@acme.example", Mailbox: "wang", MessageID: res.NewIDs[0], StartedAt: now}, "wang@acme.example", now)
	if err != nil || by == "" {
		t.Fatalf("no draft: %q %v", by, err)
	}
	if item.From.Email != "wang@acme.example" || item.Mailbox != "wang" || !strings.HasSuffix(item.MessageID, "@acme.example") {
		t.Errorf("the draft is From %+v via %s (Message-ID %s), want wang@acme.example via wang", item.From, item.Mailbox, item.MessageID)
	}
}
