package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/web"
)

// Lily left before her customers were handed on. Hans, one of them, writes
// to sales@, Tom's mailbox: the reply nudges go to Tom (the receiving
// mailbox's owner stands in), so Tom opens the mail from the nudge's link,
// finds it on his desk ("covering for" Lily) and may mark it "no answer
// needed". Anna, who owns no mailbox Lily's customers wrote to, still
// cannot read it, and Tom gets none of Lily's calls.
func TestStandInForAnOwnerWhoLeftReadsAndMarksTheMail(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	db := tempDB(t, t0)
	const lily, tom, anna = "lily@lumina-export.example", "tom@lumina-export.example", "anna@lumina-export.example"
	cust := lilysCustomerWrites(ctx, t, db, t0, "sales", keepwarm.Address{Name: "Hans Meier", Email: "hans@globex.de"})
	// Erik, another of Lily's, wrote to Anna's mailbox: his nudges go to
	// Anna, and Tom has no business with him.
	erik := lilysCustomerWrites(ctx, t, db, t0, "anna", keepwarm.Address{Name: "Erik Lund", Email: "erik@nordvik.se"})
	judge := func(c *keepwarm.ReplyClock) { c.Target, c.Owner = 10*time.Minute, c.CustomerOwner }
	if _, err := db.MeasureReplies(ctx, t0.Add(time.Minute), "test", judge); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddTask(ctx, keepwarm.Task{Key: "call:1", CustomerID: cust, Owner: lily, Title: "Call Hans", DueAt: t0}); err != nil {
		t.Fatal(err)
	}
	id, erikMail := openClockOf(ctx, t, db, t0.Add(time.Minute), cust), openClockOf(ctx, t, db, t0.Add(time.Minute), erik)
	erikCall := int64(0)
	if _, err := db.AddTask(ctx, keepwarm.Task{Key: "call:2", CustomerID: erik, Owner: lily, Title: "Call Erik", DueAt: t0}); err != nil {
		t.Fatal(err)
	}
	calls, err := db.ListTasks(ctx, false, lily)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range calls {
		if c.CustomerID == erik {
			erikCall = c.ID
		}
	}
	b := NewWebBackend(WebDeps{DB: db, Clock: keepwarm.NewManualClock(t0),
		People:        []web.Person{{Email: tom, Name: "Tom"}, {Email: anna, Name: "Anna"}, {Email: "manager@lumina-export.example", Manager: true}},
		MailboxOwners: map[string]string{"sales": tom, "anna": anna}})
	now := t0.Add(5 * time.Minute)
	pTom, pAnna := web.Person{Email: tom, Name: "Tom"}, web.Person{Email: anna, Name: "Anna"}

	if _, err := b.Message(ctx, pAnna, id, now); keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		t.Fatalf("Anna reads Lily's customer's mail that reached Tom's mailbox: %v", err)
	}
	if mv, err := b.Message(ctx, pTom, id, now); err != nil || !mv.NoPage {
		t.Fatalf("the link of Tom's nudge: %v (no link to the customer's page: %v)", err, mv.NoPage)
	}
	// Standing in is for that mail: not Lily's other customers, not the
	// customer's page, orders, search or calls.
	if _, err := b.Message(ctx, pTom, erikMail, now); keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		t.Fatalf("Tom reads the mail of Lily's customer that reached Anna's mailbox: %v", err)
	}
	for _, c := range []int64{cust, erik} {
		if _, err := b.Customer(ctx, pTom, c, now); keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
			t.Fatalf("Tom opens the page of Lily's customer %d: %v", c, err)
		}
	}
	if rows, err := b.Search(ctx, pTom, "nordvik", now); err != nil || len(rows) != 0 {
		t.Fatalf("Tom finds Lily's customers: %+v %v", rows, err)
	}
	if _, err := b.DoneTask(ctx, pTom, erikCall, "", "", now); keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		t.Fatalf("Tom closes Lily's call: %v", err)
	}
	if open, err := db.ListTasks(ctx, false, lily); err != nil || len(open) != 2 {
		t.Fatalf("Lily's calls after Tom's try: %+v %v", open, err)
	}
	if _, err := b.NoAnswerNeeded(ctx, pTom, erikMail, now); keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		t.Fatalf("Tom marks the mail whose nudges go to Anna: %v", err)
	}
	d, err := b.Desk(ctx, pTom, now, web.DeskPage{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Waiting) != 1 || d.Waiting[0].MessageID != id || d.Waiting[0].CoveringFor != lily || !d.Waiting[0].NoPage {
		t.Fatalf("Tom's desk waits for %+v; want the mail, covering for %s, with no link to the page", d.Waiting, lily)
	}
	if len(d.Calls) != 0 {
		t.Fatalf("Tom's desk lists the calls of Lily, who left: %+v", d.Calls)
	}
	d, err = b.Desk(ctx, pAnna, now, web.DeskPage{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Waiting) != 1 || d.Waiting[0].MessageID != erikMail {
		t.Fatalf("Anna's desk waits for %+v; want Erik's mail only", d.Waiting)
	}

	// Over HTTP, as Tom signed in: the customer pages and Erik's mail are
	// not found, the mail of his nudge opens.
	srv, err := web.New(web.Config{BaseURL: "http://keepwarm.example", Clock: keepwarm.NewManualClock(now)}, b)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	tok := "tom-session-token-0123456789abcdef0123456789"
	sum := sha256.Sum256([]byte(tok))
	if _, err := b.AddSession(ctx, hex.EncodeToString(sum[:]), web.Session{Email: tom, CreatedAt: now, SeenAt: now, ExpiresAt: now.Add(24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	get := func(path string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", hs.URL+path, nil)
		req.AddCookie(&http.Cookie{Name: "kw_session", Value: tok})
		res, err := hs.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var sb strings.Builder
		buf := make([]byte, 4096)
		for {
			n, err := res.Body.Read(buf)
			sb.Write(buf[:n])
			if err != nil {
				break
			}
		}
		return res.StatusCode, sb.String()
	}
	for _, path := range []string{"/customers/" + itoa(erik), "/customers/" + itoa(cust), "/messages/" + itoa(erikMail)} {
		if code, _ := get(path); code != http.StatusNotFound {
			t.Errorf("Tom GET %s: %d, want 404", path, code)
		}
	}
	if code, body := get("/messages/" + itoa(id)); code != http.StatusOK || strings.Contains(body, "/customers/"+itoa(cust)) {
		t.Errorf("Tom GET the mail of his nudge: %d, or it links to a page he cannot open:\n%s", code, body)
	}
	if code, body := get("/"); code != http.StatusOK || !strings.Contains(body, "wait-"+itoa(id)) || strings.Contains(body, "wait-"+itoa(erikMail)) {
		t.Errorf("Tom's desk over HTTP: %d\n%s", code, body)
	}
	if code, body := get("/customers?q=nordvik"); code != http.StatusOK || strings.Contains(body, "/customers/"+itoa(erik)) {
		t.Errorf("Tom's search finds Erik: %d\n%s", code, body)
	}
	if _, err := b.NoAnswerNeeded(ctx, pAnna, id, now); err == nil {
		t.Fatal("Anna marked the mail")
	}
	if _, err := b.NoAnswerNeeded(ctx, pTom, id, now); err != nil {
		t.Fatalf("Tom marks the mail he was nudged about: %v", err)
	}
	// The mark is listed with its Undo, the customer's name not a link
	// to the page he cannot open.
	code, body := get("/")
	i := strings.Index(body, `id="settled-`+itoa(id)+`"`)
	if code != http.StatusOK || i < 0 {
		t.Fatalf("Tom's desk lists no mark of the mail: %d\n%s", code, body)
	}
	item := body[i:]
	item = item[:strings.Index(item, "</li>")]
	if strings.Contains(item, "/customers/") || !strings.Contains(item, "/no-answer/undo") {
		t.Errorf("the mark on Tom's desk links a page he cannot open, or has no Undo:\n%s", item)
	}
}

// lilysCustomerWrites stores an inbound mail of from (a customer of its own
// domain) in mailbox at t0 and gives the customer to Lily, who left.
func lilysCustomerWrites(ctx context.Context, t *testing.T, db *store.DB, t0 time.Time, mailbox string, from keepwarm.Address) int64 {
	t.Helper()
	domain := from.Email[strings.Index(from.Email, "@")+1:]
	id := "q@" + domain
	m := keepwarm.Message{Key: id, MessageID: id, From: from,
		To: []keepwarm.Address{{Email: mailbox + "@lumina-export.example"}}, Subject: "Thanks", SubjectKey: "thanks",
		Date: t0, Kind: keepwarm.KindInbound, CustomerKey: "domain:" + domain, Contacts: []keepwarm.Address{from},
		RawHeader: []byte("Message-ID: <" + id + ">\r\n")}
	st := keepwarm.FolderState{Mailbox: mailbox, Folder: "INBOX", UIDValidity: 1, LastUID: 1, SyncedAt: t0}
	if _, err := db.SaveBatch(ctx, st, []keepwarm.Incoming{{Message: m, Copy: keepwarm.Copy{
		Mailbox: mailbox, Folder: "INBOX", Role: keepwarm.RoleInbox, UIDValidity: 1, UID: 1, InternalDate: t0}}}); err != nil {
		t.Fatal(err)
	}
	cust, err := db.FindCustomer(ctx, "domain:"+domain, "")
	if err != nil {
		t.Fatal(err)
	}
	owner := "lily@lumina-export.example"
	if err := db.SetCustomer(ctx, cust, store.CustomerChange{Owner: &owner}, t0, "manager@lumina-export.example"); err != nil {
		t.Fatal(err)
	}
	return cust
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// openClockOf is the message of the customer's one open reply clock at now.
func openClockOf(ctx context.Context, t *testing.T, db *store.DB, now time.Time, customer int64) int64 {
	t.Helper()
	w, err := db.DeskWaiting(ctx, store.Viewer{Manager: true}, now.Add(time.Second), now, store.WaitingLast, true, 10)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, it := range w.Items {
		if it.CustomerID == customer {
			ids = append(ids, it.MessageID)
		}
	}
	if len(ids) != 1 {
		t.Fatalf("the rig: customer %d has %d open clocks", customer, len(ids))
	}
	return ids[0]
}

// onlyOpenClock is the message of the one open reply clock at now.
func onlyOpenClock(ctx context.Context, t *testing.T, db *store.DB, now time.Time) int64 {
	t.Helper()
	w, err := db.DeskWaiting(ctx, store.Viewer{Manager: true}, now.Add(time.Second), now, store.WaitingLast, true, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Items) != 1 {
		t.Fatalf("the rig: %d open clocks", len(w.Items))
	}
	return w.Items[0].MessageID
}

// Tom, who owns sales@, is away and Anna backs him up: the nudges of mail
// that Hans, a customer of Lily who left, sent to sales@ go to Anna, so
// Anna opens it, finds it on her desk and may mark it. Back from his
// absence, it is Tom's again and not Anna's.
func TestTheBackupOfAStandInOpensTheMailOfTheirNudge(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	db := tempDB(t, t0)
	const tom, anna = "tom@lumina-export.example", "anna@lumina-export.example"
	hans := lilysCustomerWrites(ctx, t, db, t0, "sales", keepwarm.Address{Name: "Hans Meier", Email: "hans@globex.de"})
	judge := func(c *keepwarm.ReplyClock) { c.Target, c.Owner = 10*time.Minute, c.CustomerOwner }
	if _, err := db.MeasureReplies(ctx, t0.Add(time.Minute), "test", judge); err != nil {
		t.Fatal(err)
	}
	id := openClockOf(ctx, t, db, t0.Add(time.Minute), hans)
	away := sequences.NewAway(sequences.AwayConfig{
		Configured:  []keepwarm.Absence{{Person: tom, Backup: anna, From: t0, Until: t0.Add(24 * time.Hour), Source: "config"}},
		Salespeople: map[string]bool{tom: true, anna: true}, People: map[string]string{tom: tom, anna: anna},
		MailboxOwners: map[string]string{"sales": tom}}, db)
	b := NewWebBackend(WebDeps{DB: db, Clock: keepwarm.NewManualClock(t0), Away: away,
		People:        []web.Person{{Email: tom, Name: "Tom"}, {Email: anna, Name: "Anna"}, {Email: "manager@lumina-export.example", Manager: true}},
		MailboxOwners: map[string]string{"sales": tom}})
	pAnna := web.Person{Email: anna, Name: "Anna"}
	now := t0.Add(5 * time.Minute)
	if _, err := b.Message(ctx, pAnna, id, now); err != nil {
		t.Fatalf("the link of the nudge Anna got for Tom: %v", err)
	}
	d, err := b.Desk(ctx, pAnna, now, web.DeskPage{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Waiting) != 1 || d.Waiting[0].MessageID != id || d.Waiting[0].CoveringFor == "" {
		t.Fatalf("Anna's desk waits for %+v; want Hans's mail, covering", d.Waiting)
	}
	if _, err := b.Customer(ctx, pAnna, hans, now); keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		t.Fatalf("Anna opens the page of Lily's customer: %v", err)
	}
	back := t0.Add(25 * time.Hour)
	if _, err := b.Message(ctx, pAnna, id, back); keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		t.Fatalf("Anna reads the mail after Tom came back: %v", err)
	}
	if _, err := b.NoAnswerNeeded(ctx, pAnna, id, now); err != nil {
		t.Fatalf("Anna marks the mail she was nudged about: %v", err)
	}
}

// Lily entered "away, backup Tom" on her desk, then left the team before
// her customers were handed on, the absence not cancelled. Tom covers
// nothing of hers for it: not Hans's page, search or calls, only the mail
// that reached his own mailbox, as for any owner who left. The manager's
// Away card still lists the absence, saying she is not on the team, so it
// can be cancelled.
func TestADeskAbsenceOfSomeoneWhoLeftGivesHerBackupNothing(t *testing.T) {
	t0 := time.Date(2026, 12, 16, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	db := tempDB(t, t0)
	const lily, tom, anna, manager = "lily@lumina-export.example", "tom@lumina-export.example", "anna@lumina-export.example", "manager@lumina-export.example"
	hans := lilysCustomerWrites(ctx, t, db, t0, "sales", keepwarm.Address{Name: "Hans Meier", Email: "hans@globex.de"})
	judge := func(c *keepwarm.ReplyClock) { c.Target, c.Owner = 10*time.Minute, c.CustomerOwner }
	if _, err := db.MeasureReplies(ctx, t0.Add(time.Minute), "test", judge); err != nil {
		t.Fatal(err)
	}
	id := openClockOf(ctx, t, db, t0.Add(time.Minute), hans)
	if _, err := db.AddTask(ctx, keepwarm.Task{Key: "call:1", CustomerID: hans, Owner: lily, Title: "Call Hans", DueAt: t0}); err != nil {
		t.Fatal(err)
	}
	calls, err := db.ListTasks(ctx, false, lily)
	if err != nil || len(calls) != 1 {
		t.Fatalf("the rig: Lily's calls %+v %v", calls, err)
	}
	ab, _, err := db.EnterAbsence(ctx, keepwarm.Absence{Person: lily, Backup: tom, From: t0.Add(-24 * time.Hour), Until: t0.Add(30 * 24 * time.Hour)}, lily, t0.Add(-15*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	away := sequences.NewAway(sequences.AwayConfig{
		Salespeople: map[string]bool{tom: true, anna: true}, People: map[string]string{tom: tom, anna: anna},
		MailboxOwners: map[string]string{"sales": tom}, Manager: manager}, db)
	b := NewWebBackend(WebDeps{DB: db, Clock: keepwarm.NewManualClock(t0), Away: away,
		People:        []web.Person{{Email: tom, Name: "Tom"}, {Email: anna, Name: "Anna"}, {Email: manager, Manager: true}},
		MailboxOwners: map[string]string{"sales": tom}})
	pTom := web.Person{Email: tom, Name: "Tom"}
	now := t0.Add(5 * time.Minute)

	if _, err := b.Customer(ctx, pTom, hans, now); keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		t.Errorf("Tom opens the page of Lily's customer: %v", err)
	}
	if rows, err := b.Search(ctx, pTom, "globex", now); err != nil || len(rows) != 0 {
		t.Errorf("Tom finds Lily's customers: %+v %v", rows, err)
	}
	if _, err := b.DoneTask(ctx, pTom, calls[0].ID, "", "", now); keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		t.Errorf("Tom closes Lily's call: %v", err)
	}
	if open, err := db.ListTasks(ctx, false, lily); err != nil || len(open) != 1 {
		t.Errorf("Lily's calls after Tom's try: %+v %v", open, err)
	}
	d, err := b.Desk(ctx, pTom, now, web.DeskPage{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Waiting) != 1 || d.Waiting[0].MessageID != id || !d.Waiting[0].NoPage {
		t.Errorf("Tom's desk waits for %+v; want only the mail that reached sales@, with no link to the page", d.Waiting)
	}
	if mv, err := b.Message(ctx, pTom, id, now); err != nil || !mv.NoPage {
		t.Errorf("the link of Tom's nudge: %v (no link to the customer's page: %v)", err, mv.NoPage)
	}

	// The manager's Away card lists it, as not on the team, to cancel.
	d, err = b.Desk(ctx, web.Person{Email: manager, Manager: true}, now, web.DeskPage{})
	if err != nil {
		t.Fatal(err)
	}
	var card *web.Away
	for i := range d.Away {
		if d.Away[i].ID == ab.ID {
			card = &d.Away[i]
		}
	}
	if card == nil || !card.Left || !card.Mine || card.Backup != "" || card.CoverAway {
		t.Fatalf("the manager's Away card: %+v; want Lily's absence, marked as not on the team, covering nobody, to cancel", card)
	}
}
