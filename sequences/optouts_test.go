package sequences_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync/parse"
	"keepwarm/sequences"
	"keepwarm/store"
)

// The December letter closes with an unsubscribe sentence, as letters may.
var unsubscribeLetters = map[string]string{
	"2026-12.tmpl": "subject: News from {{.Owner.Name}}, {{.Month}}\n--- text\n{{.Contact.Salutation}},\n\n" +
		"our news for {{.Customer.Name}}: the new 60x60 LED panels are in stock.\n\n" +
		"If you would rather not receive these letters, just reply unsubscribe.\n\n{{.Owner.Signature}}\n",
	"2027-01.tmpl": "subject: January news from {{.Owner.Name}}\n--- text\n{{.Contact.Salutation}},\n\nour January news.\n\n{{.Owner.Signature}}\n",
}

// letterRig sends the December letter to Hans and Bob through the rig's
// SMTP server into their INBOXes, and returns it as each received it.
func letterRig(t *testing.T) (*greetRig, map[string]received) {
	t.Helper()
	return letterRigWith(t, unsubscribeLetters)
}

// letterRigWith is letterRig with these letter templates (December's
// subject starts "News from Lily Chen" and its text says "reply
// unsubscribe").
func letterRigWith(t *testing.T, letters map[string]string) (*greetRig, map[string]received) {
	t.Helper()
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC))
	r.cfg.Occasions = nil // letters only
	// Hans reads the letter in English: it has no German text.
	r.cfg.EnglishFor = []string{"de"}
	r.add(deBuyer)
	r.add(usBuyer)
	r.start(letters)
	r.replay(time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC), 15*time.Minute)
	got := map[string]received{}
	for _, addr := range []string{deBuyer.email, usBuyer.email} {
		in := r.inbox(addr)
		if len(in) != 1 || !strings.HasPrefix(in[0].Subject, "News from Lily Chen") || !strings.Contains(in[0].Body, "reply unsubscribe") {
			t.Fatalf("%s received %+v", addr, in)
		}
		got[addr] = in[0]
	}
	return r, got
}

// answer stores a customer's answer to letter in Lily's INBOX as sync
// would: the raw mail parsed by the sync's parser (its snippet is one line,
// the quote included), then saved.
func (r *greetRig) answer(from, name string, letter received, at time.Time, uid uint32, body string) int64 {
	r.t.Helper()
	id := strings.Trim(letter.MessageID, "<>")
	key := fmt.Sprintf("re-%d-%s", uid, id)
	raw := mailtest.Msg{From: name + " <" + from + ">", To: "Lily Chen <" + lily + ">", Subject: "Re: " + letter.Subject,
		MessageID: key, InReplyTo: id, References: []string{id}, Date: at, Body: body}.Bytes()
	head, text, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	team := parse.NewTeam([]string{"seller.example"}, []string{lily}, nil)
	m := team.Parse(append(head, "\r\n\r\n"...), text, int64(len(raw)), keepwarm.RoleInbox)
	if m.Kind != keepwarm.KindInbound || !strings.Contains(m.Snippet, "unsubscribe") || strings.Contains(m.Snippet, "\n") {
		r.t.Fatalf("parsed answer: kind %s, snippet %q", m.Kind, m.Snippet)
	}
	in := keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{Mailbox: "lily", Folder: "INBOX", Role: keepwarm.RoleInbox,
		UIDValidity: 1, UID: uid, InternalDate: at}}
	if _, err := r.db.SaveBatch(r.ctx, keepwarm.FolderState{Mailbox: "lily", Folder: "INBOX", UIDValidity: 1, LastUID: uid, SyncedAt: at},
		[]keepwarm.Incoming{in}); err != nil {
		r.t.Fatal(err)
	}
	var mid int64
	if err := r.raw.Get(&mid, `SELECT id FROM messages WHERE key = ?`, key); err != nil {
		r.t.Fatal(err)
	}
	return mid
}

type optOutRow struct {
	Email     string `db:"email"`
	MessageID int64  `db:"message_id"`
	Reason    string `db:"reason"`
}

func (r *greetRig) optOuts() []optOutRow {
	r.t.Helper()
	var rows []optOutRow
	if err := r.raw.Select(&rows, `SELECT email, message_id, reason FROM opt_outs ORDER BY email`); err != nil {
		r.t.Fatal(err)
	}
	return rows
}

// quoteOf is letter quoted below a Gmail attribution, as a reply carries it.
func quoteOf(letter received) string {
	var b strings.Builder
	b.WriteString("On Tue, 1 Dec 2026 at 16:05, Lily Chen <" + lily + "> wrote:\r\n")
	for _, l := range strings.Split(strings.ReplaceAll(letter.Body, "\r\n", "\n"), "\n") {
		b.WriteString("> " + l + "\r\n")
	}
	return b.String()
}

// Hans answers the December letter with "please remove me from your list":
// the opt-out reader records his opt-out, once, with his message, and the
// January letter is not planned for him (the plan says why) nor sent. Bob
// answers it too, quoting the letter and its "reply unsubscribe" line, and
// asks for nothing: nothing is recorded, and his January letter goes.
func TestAnswerToTheLetterOptsOut(t *testing.T) {
	r, letters := letterRig(t)
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	hansMsg := r.answer(deBuyer.email, deBuyer.contact, letters[deBuyer.email], at, 1,
		"Dear Lily,\r\n\r\nplease remove me from your list.\r\n\r\nHans Meier\r\n\r\n"+quoteOf(letters[deBuyer.email]))
	r.answer(usBuyer.email, usBuyer.contact, letters[usBuyer.email], at.Add(time.Hour), 2,
		"Thanks Lily, see you at the fair in March.\r\n\r\nBob\r\n\r\n"+quoteOf(letters[usBuyer.email]))

	job := sequences.NewOptOuts(sequences.OptOutConfig{}, r.db, nil)
	for range 2 { // the same tick twice: nothing more
		if _, err := job.Run(r.ctx, at.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	got := r.optOuts()
	if len(got) != 1 || got[0].Email != deBuyer.email || got[0].MessageID != hansMsg ||
		got[0].Reason != "answer to a monthly letter with opt-out wording" {
		t.Fatalf("opt-outs: %+v", got)
	}

	plan, err := r.job.PlanMonth(r.ctx, "2027-01", at)
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, it := range plan.Items {
		if it.Kind == sequences.OriginLetter {
			reasons[it.To.Email] = it.Status + ": " + it.Reason
		}
	}
	if want := "skip: every contact bounced or opted out: hans@globex.de opted out"; reasons[deBuyer.email] != want {
		t.Errorf("Hans's January letter: %q, want %q", reasons[deBuyer.email], want)
	}
	if !strings.HasPrefix(reasons[usBuyer.email], sequences.PlanPlanned) {
		t.Errorf("Bob's January letter: %q", reasons[usBuyer.email])
	}

	r.clock.Set(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	r.replay(time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC), 15*time.Minute) // the 4th: the first working day in both countries
	if in := r.inbox(deBuyer.email); len(in) != 1 {
		t.Errorf("Hans got %d mails after asking for none: %+v", len(in)-1, in[1:])
	}
	if in := r.inbox(usBuyer.email); len(in) != 2 || in[1].Subject != "January news from Lily Chen" {
		t.Errorf("Bob's INBOX: %+v", in)
	}
}

// Each answer is read once, across restarts: when the manager undoes Hans's
// opt-out on his contact, a new reader (the daemon restarted) does not
// record it again from the same mail; a new answer asking again does.
func TestAnOptOutIsReadOnceAndAPersonsUndoStands(t *testing.T) {
	r, letters := letterRig(t)
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	r.answer(deBuyer.email, deBuyer.contact, letters[deBuyer.email], at, 1,
		"Bitte nehmen Sie mich aus dem Verteiler. Abmelden.\r\n\r\nHans\r\n\r\n"+quoteOf(letters[deBuyer.email]))
	if _, err := sequences.NewOptOuts(sequences.OptOutConfig{}, r.db, nil).Run(r.ctx, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := r.optOuts(); len(got) != 1 {
		t.Fatalf("opt-outs: %+v", got)
	}
	var contact int64
	if err := r.raw.Get(&contact, `SELECT id FROM contacts WHERE email = ?`, deBuyer.email); err != nil {
		t.Fatal(err)
	}
	no := false
	if err := r.db.SetContact(r.ctx, contact, store.ContactChange{OptedOut: &no, ClearAsked: true}, at.Add(2*time.Hour), store.Viewer{Email: "mei@seller.example", Manager: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := sequences.NewOptOuts(sequences.OptOutConfig{}, r.db, nil).Run(r.ctx, at.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := r.optOuts(); len(got) != 0 {
		t.Fatalf("recorded again after the manager undid it: %+v", got)
	}
	second := r.answer(deBuyer.email, deBuyer.contact, letters[deBuyer.email], at.Add(24*time.Hour), 2,
		"Please unsubscribe me, as I wrote yesterday.\r\n\r\n"+quoteOf(letters[deBuyer.email]))
	if _, err := sequences.NewOptOuts(sequences.OptOutConfig{}, r.db, nil).Run(r.ctx, at.Add(25*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := r.optOuts(); len(got) != 1 || got[0].MessageID != second {
		t.Fatalf("a new answer asking again: %+v", got)
	}
}

// Hans answers the letter, Lily answers him herself, and Hans writes back
// to her that his end customer is "not interested" in one colour: that
// answers Lily, not keepwarm's letter, so nothing is recorded and his next
// letter goes.
func TestAnAnswerToTheSalespersonInALetterThreadIsNotAnOptOut(t *testing.T) {
	r, letters := letterRig(t)
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	letter := letters[deBuyer.email]
	letterID := strings.Trim(letter.MessageID, "<>")
	team := parse.NewTeam([]string{"seller.example"}, []string{lily}, nil)
	save := func(folder string, role keepwarm.FolderRole, uid uint32, msg mailtest.Msg, when time.Time) {
		t.Helper()
		raw := msg.Bytes()
		head, text, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
		m := team.Parse(append(head, "\r\n\r\n"...), text, int64(len(raw)), role)
		in := keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{Mailbox: "lily", Folder: folder, Role: role, UIDValidity: 1, UID: uid, InternalDate: when}}
		if _, err := r.db.SaveBatch(r.ctx, keepwarm.FolderState{Mailbox: "lily", Folder: folder, UIDValidity: 1, LastUID: uid, SyncedAt: when},
			[]keepwarm.Incoming{in}); err != nil {
			t.Fatal(err)
		}
	}
	hans := deBuyer.contact + " <" + deBuyer.email + ">"
	save("INBOX", keepwarm.RoleInbox, 1, mailtest.Msg{From: hans, To: "Lily Chen <" + lily + ">", Subject: "Re: " + letter.Subject,
		MessageID: "h-1@globex.de", InReplyTo: letterID, References: []string{letterID}, Date: at,
		Body: "Dear Lily,\r\n\r\nnice panels. Please send the price list.\r\n\r\nHans\r\n"}, at)
	save("Sent", keepwarm.RoleSent, 1, mailtest.Msg{From: "Lily Chen <" + lily + ">", To: hans, Subject: "Re: " + letter.Subject,
		MessageID: "l-1@seller.example", InReplyTo: "h-1@globex.de", References: []string{letterID, "h-1@globex.de"}, Date: at.Add(time.Hour),
		Body: "Dear Hans,\r\n\r\nthe price list is attached; the panels come in red and blue.\r\n\r\nLily\r\n"}, at.Add(time.Hour))
	save("INBOX", keepwarm.RoleInbox, 2, mailtest.Msg{From: hans, To: "Lily Chen <" + lily + ">", Subject: "Re: " + letter.Subject,
		MessageID: "h-2@globex.de", InReplyTo: "l-1@seller.example", References: []string{letterID, "h-1@globex.de", "l-1@seller.example"},
		Date: at.Add(2 * time.Hour), Body: "Lily,\r\n\r\nour end customer is not interested in red. Please quote blue.\r\n\r\nHans\r\n"}, at.Add(2*time.Hour))

	job := sequences.NewOptOuts(sequences.OptOutConfig{}, r.db, nil)
	if _, err := job.Run(r.ctx, at.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := r.optOuts(); len(got) != 0 {
		t.Fatalf("opt-outs from an answer to Lily: %+v", got)
	}
}

// A letter whose own subject offers the way out ("... (reply unsubscribe
// to stop)"): Bob's answer keeps that subject and asks for nothing, and is
// not an opt-out; Hans's, whose own words ask, is.
func TestALettersOwnSubjectInTheAnswerIsNotAnOptOut(t *testing.T) {
	letters := map[string]string{
		"2026-12.tmpl": "subject: News from {{.Owner.Name}} (reply unsubscribe to stop)\n--- text\n{{.Contact.Salutation}},\n\n" +
			"the new 60x60 LED panels are in stock.\n\nIf you would rather not receive these letters, just reply unsubscribe.\n\n{{.Owner.Signature}}\n",
	}
	r, got := letterRigWith(t, letters)
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	r.answer(usBuyer.email, usBuyer.contact, got[usBuyer.email], at, 1,
		"Thanks Lily, see you at the fair in March.\r\n\r\nBob\r\n\r\n"+quoteOf(got[usBuyer.email]))
	hansMsg := r.answer(deBuyer.email, deBuyer.contact, got[deBuyer.email], at.Add(time.Hour), 2,
		"Dear Lily,\r\n\r\nplease unsubscribe me.\r\n\r\nHans\r\n\r\n"+quoteOf(got[deBuyer.email]))
	job := sequences.NewOptOuts(sequences.OptOutConfig{}, r.db, nil)
	if _, err := job.Run(r.ctx, at.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if rows := r.optOuts(); len(rows) != 1 || rows[0].Email != deBuyer.email || rows[0].MessageID != hansMsg {
		t.Fatalf("opt-outs: %+v", rows)
	}
}

// storeRaw stores raw mail found in Lily's folder as sync would: parsed by
// the sync's parser, then saved with its UID.
func (r *greetRig) storeRaw(folder string, role keepwarm.FolderRole, uid uint32, raw []byte, at time.Time) {
	r.t.Helper()
	head, text, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	m := parse.NewTeam([]string{"seller.example"}, []string{lily}, nil).Parse(append(head, "\r\n\r\n"...), text, int64(len(raw)), role)
	in := keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{Mailbox: "lily", Folder: folder, Role: role, UIDValidity: 1, UID: uid, InternalDate: at}}
	if _, err := r.db.SaveBatch(r.ctx, keepwarm.FolderState{Mailbox: "lily", Folder: folder, UIDValidity: 1, LastUID: uid, SyncedAt: at},
		[]keepwarm.Incoming{in}); err != nil {
		r.t.Fatal(err)
	}
}

// sentCopy is Lily's Sent copy of keepwarm's mail with this Message-ID
// (as the dispatcher APPENDed it).
func (r *greetRig) sentCopy(messageID string) []byte {
	r.t.Helper()
	for _, raw := range mailtest.Raw(r.t, r.imap, lily, "Sent") {
		if bytes.Contains(raw, []byte(messageID)) {
			return raw
		}
	}
	r.t.Fatalf("no copy of %s in Lily's Sent", messageID)
	return nil
}

// outlookAnswer stores, as sync reads Lily's INBOX, Hans's answer to the
// December letter from Outlook: "RE:" and the letter's subject, no
// In-Reply-To or References, asking to be removed.
func (r *greetRig) outlookAnswer(letter received, at time.Time, uid uint32) int64 {
	r.t.Helper()
	raw := mailtest.Msg{From: deBuyer.contact + " <" + deBuyer.email + ">", To: "Lily Chen <" + lily + ">", Subject: "RE: " + letter.Subject,
		MessageID: fmt.Sprintf("outlook-%d@globex.de", uid), Date: at, Extra: []string{"Thread-Topic: " + letter.Subject},
		Body: "Dear Lily,\r\n\r\nplease remove me from your mailing list.\r\n\r\nHans Meier\r\n\r\n" + quoteOf(letter)}.Bytes()
	r.storeRaw("INBOX", keepwarm.RoleInbox, uid, raw, at)
	var id int64
	if err := r.raw.Get(&id, `SELECT id FROM messages WHERE key = ?`, fmt.Sprintf("outlook-%d@globex.de", uid)); err != nil {
		r.t.Fatal(err)
	}
	return id
}

// Hans answers the December letter from Outlook (no In-Reply-To), and sync
// stores his answer before Lily's Sent copy of the letter (the INBOX is
// read first): the reader does not judge the answer by a thread without
// the letter in it, but reads it once the copy is stored, and records his
// opt-out.
func TestAnOutlookAnswerStoredBeforeTheLettersCopyOptsOut(t *testing.T) {
	r, letters := letterRig(t)
	letter := letters[deBuyer.email]
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	hansMsg := r.outlookAnswer(letter, at, 1)
	job := sequences.NewOptOuts(sequences.OptOutConfig{}, r.db, nil)
	if _, err := job.Run(r.ctx, at.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got := r.optOuts(); len(got) != 0 {
		t.Fatalf("opt-outs before the letter's copy is stored: %+v", got)
	}

	r.storeRaw("Sent", keepwarm.RoleSent, 1, r.sentCopy(strings.Trim(letter.MessageID, "<>")), letter.Date)
	if _, err := job.Run(r.ctx, at.Add(10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	got := r.optOuts()
	if len(got) != 1 || got[0].Email != deBuyer.email || got[0].MessageID != hansMsg || got[0].Reason != "answer to a monthly letter with opt-out wording" {
		t.Fatalf("opt-outs once the letter's copy is stored: %+v", got)
	}
}

// A copy that never comes (a server that keeps none) holds such an answer
// for OptOutCopyWait only, counted from the first run that saw it: then it
// is read with what is stored, once; a copy stored after that changes
// nothing.
func TestAnOutlookAnswerWaitsForTheLettersCopyOnlySoLong(t *testing.T) {
	r, letters := letterRig(t)
	letter := letters[deBuyer.email]
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	hansMsg := r.outlookAnswer(letter, at, 1)
	job := sequences.NewOptOuts(sequences.OptOutConfig{}, r.db, nil)
	read := func() bool {
		t.Helper()
		var n int
		if err := r.raw.Get(&n, `SELECT count(*) FROM opt_out_reads WHERE message_id = ?`, hansMsg); err != nil {
			t.Fatal(err)
		}
		return n == 1
	}
	first := at.Add(2 * 24 * time.Hour) // the daemon was down: the wait starts now
	for _, now := range []time.Time{first, first.Add(sequences.OptOutCopyWait - time.Minute)} {
		next, err := job.Run(r.ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		if read() {
			t.Fatalf("the answer was read at %s, before its wait was over", now)
		}
		if next.IsZero() || next.After(now.Add(sequences.OptOutCopyWait)) {
			t.Errorf("at %s the job asks to run again at %s", now, next)
		}
	}
	if _, err := job.Run(r.ctx, first.Add(sequences.OptOutCopyWait+time.Minute)); err != nil {
		t.Fatal(err)
	}
	if !read() {
		t.Fatal("the answer was not read once its wait was over")
	}
	r.storeRaw("Sent", keepwarm.RoleSent, 1, r.sentCopy(strings.Trim(letter.MessageID, "<>")), letter.Date)
	if _, err := job.Run(r.ctx, first.Add(sequences.OptOutCopyWait+time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := r.optOuts(); len(got) != 0 {
		t.Errorf("read again after the wait: %+v", got)
	}
}

// Hans answers the December letter turning down one product and asking for
// another; Bob answers it with the request itself. Only Bob's is an
// opt-out: a buyer about to order is not blocked for good by "not
// interested in the 3000K panels".
func TestAnAnswerDecliningAProductIsNotAnOptOut(t *testing.T) {
	r, letters := letterRig(t)
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	r.answer(deBuyer.email, deBuyer.contact, letters[deBuyer.email], at, 1,
		"Dear Lily,\r\n\r\nwe are not interested in the 3000K panels, please quote 4000K.\r\n"+
			"And please stop sending samples by air.\r\n\r\nHans\r\n\r\n"+quoteOf(letters[deBuyer.email]))
	bobMsg := r.answer(usBuyer.email, usBuyer.contact, letters[usBuyer.email], at.Add(time.Hour), 2,
		"Not interested, thanks.\r\n\r\nBob\r\n\r\n"+quoteOf(letters[usBuyer.email]))
	if _, err := sequences.NewOptOuts(sequences.OptOutConfig{}, r.db, nil).Run(r.ctx, at.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if rows := r.optOuts(); len(rows) != 1 || rows[0].Email != usBuyer.email || rows[0].MessageID != bobMsg {
		t.Fatalf("opt-outs: %+v", rows)
	}
}

// An answer to the letter in the company's plural wording, which holds no
// address-level phrase, opts the address and the customer out through the
// opt-out reader; the plural of purchasing wording does neither.
func TestAPluralAnswerToTheLetterOptsTheCompanyOut(t *testing.T) {
	for _, c := range []struct {
		text    string
		company bool
	}{
		{"请不要再给我们发邮件了", true},
		{"Please opt us out of your mailings.", true},
		{"Por favor, dennos de baja.", true},
		{"请不要再给我们发错型号", false},
	} {
		t.Run(c.text, func(t *testing.T) {
			r, letters := letterRig(t)
			at := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
			r.answer(deBuyer.email, deBuyer.contact, letters[deBuyer.email], at, 1, c.text+"\r\n\r\nHans\r\n\r\n"+quoteOf(letters[deBuyer.email]))
			if _, err := sequences.NewOptOuts(sequences.OptOutConfig{}, r.db, nil).Run(r.ctx, at.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			var optedOut int
			if err := r.raw.Get(&optedOut, `SELECT count(*) FROM customers c JOIN contacts k ON k.customer_id = c.id
				WHERE k.email = ? AND c.opted_out_at IS NOT NULL`, deBuyer.email); err != nil {
				t.Fatal(err)
			}
			got := r.optOuts()
			if c.company != (len(got) == 1 && got[0].Email == deBuyer.email) || c.company != (optedOut == 1) {
				t.Fatalf("opt-outs %+v, customer opted out %t; want both %t", got, optedOut == 1, c.company)
			}
		})
	}
}
