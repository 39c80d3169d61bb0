package store

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/mailsync/parse"
)

// A buyer's answer through his company's Google Group (purchasing@buyer.de)
// names Lily's quotation to that address: it is his inbound mail, of his
// customer, in the quotation's conversation, and the follow-up reads it
// as the answer. List mail naming no mail of the team's, or from another
// company, stays list mail and makes no customer.
func TestSaveBatchAnswerThroughTheCustomersList(t *testing.T) {
	const failedWhy = "the send window of key-customer has no working day for a customer in SA (workdays fri; their weekend fri, sat): nothing is sent; the manager changes the sequence's workdays, then resume it"
	team := parse.NewTeam([]string{"team.example"}, nil, []string{"gmail.com"})
	parseMail := func(t *testing.T, role keepwarm.FolderRole, lines ...string) keepwarm.Message {
		t.Helper()
		header := ""
		for _, l := range lines {
			header += l + "\r\n"
		}
		header += "Date: Thu, 01 Oct 2026 09:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
		body := "Please send the PI.\r\n"
		m := team.Parse([]byte(header), []byte(body), int64(len(header)+len(body)), role)
		if m.ParseError != "" {
			t.Fatal(m.ParseError)
		}
		return m
	}
	group := []string{"List-Id: Purchasing <purchasing.buyer.de>",
		"List-Unsubscribe: <mailto:googlegroups-manage+1+unsubscribe@googlegroups.com>",
		"Precedence: list", "To: Lily <lily@team.example>"}
	assoc := []string{"List-Id: Members <members.trade-assoc.org>",
		"List-Unsubscribe: <mailto:members-leave@trade-assoc.org>",
		"Precedence: list", "To: members@trade-assoc.org"}
	// A community group at Google Groups: googlegroups.com is every group
	// there, no one customer.
	community := []string{"List-Id: Community <community.googlegroups.com>",
		"List-Unsubscribe: <mailto:googlegroups-manage+2+unsubscribe@googlegroups.com>",
		"Precedence: list", "To: community@googlegroups.com"}
	// Another company's list.
	other := []string{"List-Id: Buyers <buyers.other.example>",
		"List-Unsubscribe: <mailto:buyers-leave@other.example>",
		"Precedence: list", "To: Lily <lily@team.example>"}
	// Another list of the buyer's, one Lily sent nothing to.
	suppliers := []string{"List-Id: Suppliers <suppliers.buyer.de>",
		"List-Unsubscribe: <mailto:googlegroups-manage+3+unsubscribe@googlegroups.com>",
		"Precedence: list", "To: Lily <lily@team.example>"}
	// A group whose name has a dot: Google writes <sales.eu.buyer.de>
	// for sales.eu@buyer.de.
	salesEU := []string{"List-Id: Sales EU <sales.eu.buyer.de>",
		"List-Unsubscribe: <mailto:googlegroups-manage+4+unsubscribe@googlegroups.com>",
		"Precedence: list", "To: Lily <lily@team.example>"}
	// More for some rows, by name: the mailbox the list Lily is a member
	// of delivers to (lily if empty), and mail in her INBOX before the
	// answer.
	extra := map[string]struct {
		memberIn string
		before   []string
		away     bool // the quotation's follow-up is paused for the buyer's absence
		// The quotation's follow-up queued its last step, held in the
		// outbox: it is completed. live: a newer follow-up of the thread
		// is active too. failed: the follow-up failed instead, its
		// step 2 not done (the window held the mail and never opens).
		lastQueued, live, failed bool
		// putBack: the failed follow-up's held mail was skipped and its
		// step put back (the window fixed, the last look ran): nothing
		// queued. uncertain: its last step's mail may have gone out.
		putBack, uncertain bool
	}{
		// Hans sent his RFQ to the group and the suppliers in Bcc: a
		// direct copy, no proof that Lily is a member of the group.
		"a sourcing agent the group did not rewrite, after an RFQ to the group with Lily in Bcc": {before: []string{
			"From: Hans Meier <hans@buyer.de>", "To: purchasing@buyer.de", "Subject: RFQ", "Message-ID: <rfq@buyer.de>"}},
		// A copy through the group naming another address of the team:
		// it reached Lily because the team was named.
		"a sourcing agent the group did not rewrite, after a group copy to Lily's other address": {before: append([]string{
			"From: Hans Meier <hans@buyer.de>", "Subject: RFQ", "Message-ID: <g0@buyer.de>",
			"To: purchasing@buyer.de", "Cc: lily.chen@team.example"}, group[:3]...)},
		"a stranger's reply-all on the association's list the shared mailbox is a member of":        {memberIn: "sales"},
		"a stranger's reply-all on the association's list while the follow-up waits for an absence": {away: true},
		"a stranger's reply-all on the association's list while the last step's mail waits":         {lastQueued: true},
		"a stranger's reply-all on the association's list while the last step's mail waits beside a live follow-up": {
			lastQueued: true, live: true},
		"a stranger's reply-all on the association's list while the follow-up failed with its mail held": {
			lastQueued: true, failed: true},
		"a stranger's reply-all on the association's list while the failed follow-up's step was put back": {
			lastQueued: true, failed: true, putBack: true},
		"a stranger's reply-all on the association's list while the failed follow-up's mail may have gone": {
			lastQueued: true, failed: true, uncertain: true},
	}
	for _, tt := range []struct {
		name     string
		from     string
		replyTo  string
		kind     keepwarm.Kind
		customer string
		quoteTo  string   // Lily's quotation's To, purchasing@buyer.de if empty
		list     []string // the list's fields, group if nil
		member   string   // a list Lily is a member of: an earlier post through it, To it alone, is in her INBOX
	}{
		{"a member's answer", "Hans Meier <hans@buyer.de>", "<q1@team.example>", keepwarm.KindInbound, "domain:buyer.de", "", nil, ""},
		{"the group's own From", "'Hans Meier' via Purchasing <purchasing@buyer.de>", "<q1@team.example>", keepwarm.KindInbound, "domain:buyer.de", "", nil, ""},
		{"an answer to mail keepwarm does not know", "Hans Meier <hans@buyer.de>", "<other@team.example>", keepwarm.KindBulk, "", "", nil, ""},
		{"an answer to the buyer's own mail", "Hans Meier <hans@buyer.de>", "<b1@buyer.de>", keepwarm.KindBulk, "", "", nil, ""},
		{"another company's list naming the quotation", "Eve <eve@other.example>", "<q1@team.example>", keepwarm.KindBulk, "", "", other, ""},
		// A member of the buyer's group writing from outside its domain
		// whose own domain publishes no strict DMARC policy (gmail.com,
		// most agents'): the group leaves his From as it is.
		{"a member at free mail the group did not rewrite", "Hans Meier <hans.meier@gmail.com>", "<q1@team.example>", keepwarm.KindInbound, "domain:buyer.de", "", nil, ""},
		{"a sourcing agent the group did not rewrite", "Hans Meier <hans@agent-sourcing.com>", "<q1@team.example>", keepwarm.KindInbound, "domain:buyer.de", "", nil, ""},
		{"a stranger's reply-all the association's list did not rewrite", "Eve <eve@other.example>", "<q1@team.example>", keepwarm.KindBulk, "",
			"members@trade-assoc.org", append([]string{"Cc: Lily <lily@team.example>"}, assoc...), "members@trade-assoc.org"},
		{"the group's own From naming the member", "'Hans Meier' via Purchasing <purchasing@buyer.de>", "<q1@team.example>", keepwarm.KindInbound, "domain:buyer.de",
			"", append([]string{"Reply-To: hans@buyer.de"}, group...), ""},
		// A member of the buyer's group writing from outside its domain
		// (his own free mail, a sourcing agent's): the group rewrote
		// From to its own, and the copy is addressed to Lily. He
		// answers Lily's quotation to the group: the group's customer.
		{"the group's own From naming a member at free mail", "'Hans Meier' via Purchasing <purchasing@buyer.de>", "<q1@team.example>", keepwarm.KindInbound, "domain:buyer.de",
			"", append([]string{"X-Original-From: Hans Meier <hans.meier@gmail.com>"}, group...), ""},
		{"the group's own From naming a sourcing agent", "'Hans Meier' via Purchasing <purchasing@buyer.de>", "<q1@team.example>", keepwarm.KindInbound, "domain:buyer.de",
			"", append([]string{"Reply-To: Hans Meier <hans@agent-sourcing.com>"}, group...), ""},
		// Lily's post to an association's list: a member the list
		// rewrote to its own From is that member, a stranger.
		{"a stranger on an association's list, Reply-To", "'Eve Buyer' via Members <members@trade-assoc.org>", "<q1@team.example>", keepwarm.KindBulk, "",
			"members@trade-assoc.org", append([]string{"Reply-To: eve@other.example"}, assoc...), ""},
		{"a stranger on an association's list, X-Original-From", "'Eve Buyer' via Members <members@trade-assoc.org>", "<q1@team.example>", keepwarm.KindBulk, "",
			"members@trade-assoc.org", append([]string{"X-Original-From: Eve Buyer <eve@other.example>", "Reply-To: members@trade-assoc.org"}, assoc...), ""},
		{"the association's own staff on its list", "'Ann' via Members <members@trade-assoc.org>", "<q1@team.example>", keepwarm.KindInbound, "domain:trade-assoc.org",
			"members@trade-assoc.org", append([]string{"X-Original-From: ann@trade-assoc.org"}, assoc...), ""},
		// A stranger's reply-all to Lily's post on a list she is a
		// member of names Lily or the colleague who posted: judged by
		// the stranger, whatever the list's customer.
		{"a stranger's reply-all on the association's list", "'Eve Buyer' via Members <members@trade-assoc.org>", "<q1@team.example>", keepwarm.KindBulk, "",
			"members@trade-assoc.org", append([]string{"Reply-To: eve@other.example", "Cc: Lily <lily@team.example>"}, assoc...), "members@trade-assoc.org"},
		{"a stranger's reply-all naming the colleague who posted", "'Eve Buyer' via Members <members@trade-assoc.org>", "<q1@team.example>", keepwarm.KindBulk, "",
			"members@trade-assoc.org", append([]string{"X-Original-From: eve@other.example", "Cc: Bob <bob@team.example>"}, assoc...), "members@trade-assoc.org"},
		// The buyer's other list answers no mail Lily sent to the group.
		{"another of the buyer's lists than the quotation's", "'Hans Meier' via Suppliers <suppliers@buyer.de>", "<q1@team.example>", keepwarm.KindBulk, "",
			"", append([]string{"X-Original-From: Hans Meier <hans.meier@gmail.com>"}, suppliers...), ""},
		// A group at a host of many groups: its customer is the host's.
		{"a stranger's reply-all in a group at Google Groups", "'Eve Buyer' via Community <community@googlegroups.com>", "<q1@team.example>", keepwarm.KindBulk, "",
			"community@googlegroups.com", append([]string{"X-Original-From: eve@other.example", "Cc: Lily <lily@team.example>"}, community...), ""},
		{"a sourcing agent the group did not rewrite, after an RFQ to the group with Lily in Bcc", "Hans Meier <hans@agent-sourcing.com>", "<q1@team.example>",
			keepwarm.KindInbound, "domain:buyer.de", "", nil, ""},
		{"a sourcing agent the group did not rewrite, after a group copy to Lily's other address", "Hans Meier <hans@agent-sourcing.com>", "<q1@team.example>",
			keepwarm.KindInbound, "domain:buyer.de", "", nil, ""},
		// The list's address is the one Lily's mail went to whose
		// local.domain is the List-Id, a dot in its name or not.
		{"a member at free mail a group with a dot in its name did not rewrite", "Hans Meier <hans.meier@gmail.com>", "<q1@team.example>",
			keepwarm.KindInbound, "domain:buyer.de", "sales.eu@buyer.de", salesEU, ""},
		{"the group with a dot in its name naming a sourcing agent", "'Hans Meier' via Sales EU <sales.eu@buyer.de>", "<q1@team.example>",
			keepwarm.KindInbound, "domain:buyer.de", "sales.eu@buyer.de", append([]string{"Reply-To: Hans Meier <hans@agent-sourcing.com>"}, salesEU...), ""},
		// The team's shared mailbox is the member: no one of the team
		// is a stranger to the list.
		{"a stranger's reply-all on the association's list the shared mailbox is a member of", "Eve <eve@other.example>", "<q1@team.example>", keepwarm.KindBulk, "",
			"members@trade-assoc.org", append([]string{"Cc: Lily <lily@team.example>"}, assoc...), "members@trade-assoc.org"},
		{"a stranger's reply-all on the association's list while the follow-up waits for an absence", "Eve <eve@other.example>", "<q1@team.example>", keepwarm.KindBulk, "",
			"members@trade-assoc.org", append([]string{"Cc: Lily <lily@team.example>"}, assoc...), "members@trade-assoc.org"},
		{"a stranger's reply-all on the association's list while the last step's mail waits", "Eve <eve@other.example>", "<q1@team.example>", keepwarm.KindBulk, "",
			"members@trade-assoc.org", append([]string{"Cc: Lily <lily@team.example>"}, assoc...), "members@trade-assoc.org"},
		{"a stranger's reply-all on the association's list while the last step's mail waits beside a live follow-up", "Eve <eve@other.example>", "<q1@team.example>", keepwarm.KindBulk, "",
			"members@trade-assoc.org", append([]string{"Cc: Lily <lily@team.example>"}, assoc...), "members@trade-assoc.org"},
		{"a stranger's reply-all on the association's list while the follow-up failed with its mail held", "Eve <eve@other.example>", "<q1@team.example>", keepwarm.KindBulk, "",
			"members@trade-assoc.org", append([]string{"Cc: Lily <lily@team.example>"}, assoc...), "members@trade-assoc.org"},
		{"a stranger's reply-all on the association's list while the failed follow-up's step was put back", "Eve <eve@other.example>", "<q1@team.example>", keepwarm.KindBulk, "",
			"members@trade-assoc.org", append([]string{"Cc: Lily <lily@team.example>"}, assoc...), "members@trade-assoc.org"},
		{"a stranger's reply-all on the association's list while the failed follow-up's mail may have gone", "Eve <eve@other.example>", "<q1@team.example>", keepwarm.KindBulk, "",
			"members@trade-assoc.org", append([]string{"Cc: Lily <lily@team.example>"}, assoc...), "members@trade-assoc.org"},
	} {
		// oneBatch: the earlier post of a list Lily is a member of comes
		// in the answer's own batch.
		run := func(t *testing.T, oneBatch bool) {
			db := openTest(t)
			quoteTo, list := tt.quoteTo, tt.list
			if quoteTo == "" {
				quoteTo = "purchasing@buyer.de"
			}
			if list == nil {
				list = group
			}
			quote := parseMail(t, keepwarm.RoleSent, "From: Lily <lily@team.example>", "To: "+quoteTo,
				"Subject: Quotation 4711", "Message-ID: <q1@team.example>")
			save(t, db, at(quote, "lily", "Sent", 1, t0))
			// The quotation's follow-up, live.
			if _, err := db.w.Exec(`INSERT INTO enrollments (thread_id, customer_id, sequence, status, anchor_id, anchor_at, clock_at, due_at, created_at, updated_at)
				SELECT thread_id, customer_id, 'follow-up', 'active', id, 0, 0, 0, 0, 0 FROM messages WHERE key = 'q1@team.example'`); err != nil {
				t.Fatal(err)
			}
			if x := extra[tt.name]; x.lastQueued {
				// Its second (last) step queued at 16:50 and held until
				// the next working day: the follow-up is completed.
				if _, err := db.w.Exec(`UPDATE enrollments SET status = 'completed', step = 2, reason = 'every step done'`); err != nil {
					t.Fatal(err)
				}
				if _, err := db.w.Exec(`INSERT INTO outbox (key, message_id, mailbox, from_email, mode, status, next_attempt_at, origin, sequence, step, enrollment_id, due_at, created_at)
					SELECT 'seq:' || id || ':1', 'm1@team.example', 'lily', 'lily@team.example', 'send', 'queued', ?, 'sequence', 'follow-up', 1, id, 0, 0 FROM enrollments`,
					unix(t0.Add(24*time.Hour))); err != nil {
					t.Fatal(err)
				}
				if x.failed {
					if _, err := db.w.Exec(`UPDATE enrollments SET status = 'failed', step = 2, reason = ?`, failedWhy); err != nil {
						t.Fatal(err)
					}
				}
				if x.putBack {
					if _, err := db.w.Exec(`UPDATE outbox SET status = 'skipped'`); err != nil {
						t.Fatal(err)
					}
					if _, err := db.w.Exec(`UPDATE enrollments SET step = 1, redo = 1, redo_of = (SELECT max(id) FROM outbox)`); err != nil {
						t.Fatal(err)
					}
				}
				if x.uncertain {
					if _, err := db.w.Exec(`UPDATE outbox SET status = 'uncertain'`); err != nil {
						t.Fatal(err)
					}
				}
				if x.live {
					if _, err := db.w.Exec(`INSERT INTO enrollments (thread_id, customer_id, sequence, status, anchor_id, anchor_at, clock_at, due_at, created_at, updated_at)
						SELECT thread_id, customer_id, 'follow-up', 'active', anchor_id, 0, 0, 0, 0, 0 FROM enrollments`); err != nil {
						t.Fatal(err)
					}
				}
			}
			if extra[tt.name].away {
				if _, err := db.w.Exec(`UPDATE enrollments SET status = 'paused', paused_until = ?, reason = 'hans@buyer.de is away'`, unix(t0.Add(7*24*time.Hour))); err != nil {
					t.Fatal(err)
				}
			}
			// Lily is no member of the buyer's group: its copies reach
			// her only addressed to her.
			own := parseMail(t, keepwarm.RoleInbox, "From: Hans Meier <hans@buyer.de>", "To: purchasing@buyer.de",
				"Cc: Lily <lily@team.example>", "Subject: internal", "Message-ID: <b1@buyer.de>")
			own.Kind, own.CustomerKey, own.Contacts = keepwarm.KindBulk, "", nil // a copy through the group, stored as list mail
			save(t, db, at(own, "lily", "INBOX", 1, t0.Add(time.Hour)))
			if b := extra[tt.name].before; b != nil {
				save(t, db, at(parseMail(t, keepwarm.RoleInbox, b...), "lily", "INBOX", 4, t0.Add(90*time.Minute)))
			}
			var batch []keepwarm.Incoming
			if tt.member != "" {
				var fields []string
				for _, l := range list {
					if !strings.HasPrefix(l, "To:") && !strings.HasPrefix(l, "Cc:") {
						fields = append(fields, l)
					}
				}
				post := parseMail(t, keepwarm.RoleInbox, append([]string{"From: Carl <carl@third.example>", "To: " + tt.member,
					"Subject: Fair dates", "Message-ID: <p0@third.example>"}, fields...)...)
				box := extra[tt.name].memberIn
				if box == "" {
					box = "lily"
				}
				batch = append(batch, at(post, box, "INBOX", 3, t0.Add(-time.Hour)))
				if !oneBatch {
					save(t, db, batch...)
					batch = nil
				}
			}

			lines := append([]string{"From: " + tt.from, "Subject: Re: Quotation 4711", "Message-ID: <a1@buyer.de>",
				"In-Reply-To: " + tt.replyTo, "References: " + tt.replyTo}, list...)
			answer := parseMail(t, keepwarm.RoleInbox, lines...)
			if answer.Kind != keepwarm.KindBulk || !answer.ListAnswer {
				t.Fatalf("parsed as %s (list answer %v); the test needs a list answer", answer.Kind, answer.ListAnswer)
			}
			save(t, db, append(batch, at(answer, "lily", "INBOX", 2, t0.Add(2*time.Hour)))...)
			var kind, customer string
			var sameThread bool
			err := db.r.QueryRow(`SELECT m.kind, coalesce(c.key, ''), m.thread_id = (SELECT thread_id FROM messages WHERE key = 'q1@team.example')
				FROM messages m LEFT JOIN customers c ON c.id = m.customer_id WHERE m.key = 'a1@buyer.de'`).Scan(&kind, &customer, &sameThread)
			if err != nil {
				t.Fatal(err)
			}
			if keepwarm.Kind(kind) != tt.kind || customer != tt.customer {
				t.Fatalf("stored as %s of %q; want %s of %q", kind, customer, tt.kind, tt.customer)
			}
			if tt.kind == keepwarm.KindInbound && !sameThread {
				t.Error("the answer is not in the quotation's conversation")
			}
			// A reply-all through a list someone of the team is a
			// member of may still be the customer's: keepwarm cannot
			// tell, so the quotation's follow-up waits for Lily, who
			// reads why. Other list mail leaves it as it is.
			var status, reason string
			var byPerson bool
			if err := db.r.QueryRow(`SELECT status, reason, paused_by_person FROM enrollments ORDER BY id DESC LIMIT 1`).Scan(&status, &reason, &byPerson); err != nil {
				t.Fatal(err)
			}
			if extra[tt.name].live {
				// The live one waits for Lily; the completed one stays
				// as it is (one live follow-up a thread).
				var first string
				if err := db.r.QueryRow(`SELECT status FROM enrollments ORDER BY id LIMIT 1`).Scan(&first); err != nil {
					t.Fatal(err)
				}
				if first != "completed" {
					t.Errorf("the completed follow-up beside the live one is %s; want completed", first)
				}
			}
			switch {
			case extra[tt.name].uncertain:
				// Paused, it would hide "It arrived" and Send again,
				// which a failed one offers: it stays failed, and its
				// reason says first that a reply came through the list.
				want := "a reply came through the customer's list " + tt.member + " from eve@other.example" +
					": check whether it answers you, then resume the follow-up or stop it; before: " + failedWhy
				if status != "failed" || reason != want {
					t.Errorf("the follow-up whose mail may have gone is %s (%q); want failed: %q", status, reason, want)
				}
			case tt.member != "":
				who := "eve@other.example"
				want := "a reply came through the customer's list " + tt.member + " from " + who +
					": check whether it answers you, then resume the follow-up or stop it"
				if extra[tt.name].failed {
					// What the failure asks is still said.
					want += "; before: " + failedWhy
				}
				if status != "paused" || reason != want || !byPerson {
					t.Errorf("the follow-up is %s (%q, for a person %v); want paused for a person: %q", status, reason, byPerson, want)
				}
			case tt.kind == keepwarm.KindBulk && status != "active":
				t.Errorf("list mail made the follow-up %s (%q)", status, reason)
			}
			// The member at another domain makes no customer or contact
			// of his own, nor is he filed under the buyer.
			if n := count(t, db, `SELECT count(*) FROM customers WHERE key NOT IN ('domain:buyer.de', 'domain:trade-assoc.org', 'domain:googlegroups.com')`); n != 0 {
				t.Errorf("%d other customers made", n)
			}
			if n := count(t, db, `SELECT count(*) FROM contacts WHERE email IN ('hans.meier@gmail.com', 'hans@agent-sourcing.com')`); n != 0 {
				t.Errorf("the member at another domain is a contact")
			}
			if tt.kind == keepwarm.KindBulk {
				if n := count(t, db, `SELECT count(*) FROM message_contacts mc JOIN messages m ON m.id = mc.message_id WHERE m.key = 'a1@buyer.de'`); n != 0 {
					t.Errorf("list mail has %d contacts", n)
				}
				if n := count(t, db, `SELECT count(*) FROM customers WHERE key = 'domain:other.example'`); n != 0 {
					t.Error("list mail made a customer")
				}
			}
		}
		t.Run(tt.name, func(t *testing.T) { run(t, false) })
		if tt.member != "" {
			t.Run(tt.name+", in one batch", func(t *testing.T) { run(t, true) })
		}
	}
}

// TestListMemberIsOneIndexProbe: whether someone of the team is a member
// of a list is asked, inside the batch's write, for list answers naming the
// team; with 100,000 messages it must read that list's proof rows only
// (the partial index of messages.list_member_of), never every list or
// inbound message of the team (messages_kind), whatever the mail.
func TestListMemberIsOneIndexProbe(t *testing.T) {
	db := openTest(t)
	plan, err := explain(db, queries["ingest-list-member"])
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(plan), "\n")
	if len(lines) != 1 || !strings.HasPrefix(strings.TrimSpace(lines[0]), "SEARCH") ||
		!strings.Contains(lines[0], "INDEX messages_list_member_of (list_member_of=?)") {
		t.Errorf("ingest-list-member is not one probe of messages_list_member_of:\n%s", plan)
	}
}
