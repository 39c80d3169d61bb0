package sequences_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
)

// aliasQuotation saves Lily's quotation to Hans sent from her second
// brand's address, in her own Sent; Hans's company is hers.
func (w *fuWorld) aliasQuotation(id string) {
	w.t.Helper()
	owner := "lily@seller.example"
	if err := w.db.SetCustomer(context.Background(), w.cid, store.CustomerChange{Owner: &owner}, day0, "test"); err != nil {
		w.t.Fatal(err)
	}
	m := w.msg(id, keepwarm.KindOutbound, "Quotation "+id, day0.Add(time.Hour))
	m.From = keepwarm.Address{Name: "Lily Chen", Email: "lily@brightled.example"}
	m.Text = "Dear Hans,\n\nplease find our quotation for 2,000 LED panels attached.\n\nLily Chen\nBrightLED Lighting"
	w.save("lily", "Sent", m)
}

// aliasJob gives Lily's mailbox her main brand's signature and send_as
// (sendAs) and marks both domains the team's.
func (w *fuWorld) aliasJob(sendAs ...string) {
	w.rejob(func(c *sequences.FollowUpConfig) {
		c.Identities = []sequences.Identity{{Mailbox: "lily", Owner: "lily@seller.example", Email: "lily@seller.example", Name: "Lily Chen",
			Signature: "Lily Chen\nExample Export Co.", SendAs: sendAs}}
		c.IsTeam = func(email string) bool {
			return strings.HasSuffix(email, "@seller.example") || strings.HasSuffix(email, "@brightled.example")
		}
	})
}

// A quotation Lily sent from her second brand's address is followed up
// from that address, not her main one, and without the main brand's
// signature: the buyer is not shown that the two companies are one.
func TestFollowUpGoesFromTheAliasTheQuotationWentFrom(t *testing.T) {
	w := newFUWorld(t, "A")
	w.aliasJob("lily@brightled.example")
	w.aliasQuotation("q-alias@brightled.example")
	it := w.resendOf("q-alias@brightled.example")
	if it.From.Email != "lily@brightled.example" || it.From.Name != "Lily Chen" {
		t.Errorf("the resend goes From %+v", it.From)
	}
	if strings.Contains(it.Text, "Example Export") || strings.Contains(it.HTML, "Example Export") {
		t.Errorf("the resend from the alias carries the main brand's signature:\n%s", it.Text)
	}
	if !strings.HasSuffix(it.MessageID, "@brightled.example") {
		t.Errorf("Message-ID %q", it.MessageID)
	}
}

// Without send_as, the follow-up of the alias's quotation is not sent from
// the main address: the follow-up fails with why, where Lily sees it.
func TestFollowUpOfAnAliasMailWithoutSendAsIsNotSent(t *testing.T) {
	w := newFUWorld(t, "A")
	w.aliasJob()
	w.aliasQuotation("q-alias@brightled.example")
	w.failsSayingSendAs("q-alias@brightled.example", "lily@brightled.example")
}

// Lily's Microsoft 365 sign-in name is lily.chen@seller.example, her
// primary address lily@seller.example, which her quotation went out from.
// The follow-up goes from that address too: not from the login, a second
// address for the same person in the thread.
func TestFollowUpOfTheOwnersMailGoesFromTheOwnersAddressNotTheLogin(t *testing.T) {
	w := newFUWorld(t, "A")
	w.rejob(func(c *sequences.FollowUpConfig) {
		c.Identities = []sequences.Identity{{Mailbox: "lily", Owner: "lily@seller.example", Email: "lily.chen@seller.example", Name: "Lily Chen",
			Signature: "Lily Chen\nExample Export Co."}}
	})
	w.ownerQuotation("q-own@seller.example", "lily")
	it := w.resendOf("q-own@seller.example")
	if it.From.Email != "lily@seller.example" || !strings.HasSuffix(it.MessageID, "@seller.example") {
		t.Errorf("the resend goes From %+v (Message-ID %s), want lily@seller.example", it.From, it.MessageID)
	}
}

// Lily's 163.com account (her own, not a shared one); she wrote to Hans
// from her mailbox on the company's domain: the follow-up is not sent
// from the 163.com login, a third address in the thread, nor from hers,
// which the 163.com login never sent as; it fails saying to list it in
// send_as. So also when her company mailbox is in the config, which makes
// the app mark the 163.com account Shared (config.SharedLogin): it is
// still not a mailbox of the company's domain the buyer knows.
func TestFollowUpOfTheOwnersMailFromAnotherDomainSaysToAddItToSendAs(t *testing.T) {
	for _, shared := range []bool{false, true} {
		t.Run(fmt.Sprint("shared=", shared), func(t *testing.T) {
			w := newFUWorld(t, "A")
			w.rejob(func(c *sequences.FollowUpConfig) {
				c.Identities = []sequences.Identity{{Mailbox: "trade", Owner: "lily@seller.example", Email: "seller_trade@163.example", Name: "Lily Chen",
					Signature: "Lily Chen\nExample Export Co.", Shared: shared}}
			})
			w.ownerQuotation("q-other@seller.example", "lily-own")
			w.failsSayingSendAs("q-other@seller.example", "lily@seller.example")
		})
	}
}

// failsSayingSendAs runs the follow-up job past step 1's day and checks
// that nothing was queued in reply to the quotation id and that its
// enrollment failed with a reason naming addr and send_as.
func (w *fuWorld) failsSayingSendAs(id, addr string) {
	w.t.Helper()
	w.run(day0.Add(2 * time.Hour))
	w.run(day0.AddDate(0, 0, 3).Add(2 * time.Hour))
	for _, it := range w.outbox() {
		if it.InReplyTo == id {
			w.t.Fatalf("queued From %+v: %q", it.From, it.Subject)
		}
	}
	e := w.enrollmentOf(w.threadOf(id))
	if e.Status != keepwarm.EnrollFailed || !strings.Contains(e.Reason, addr) || !strings.Contains(e.Reason, "send_as") {
		w.t.Fatalf("enrollment %s: %q", e.Status, e.Reason)
	}
}

// ownerQuotation saves Lily's quotation to Hans, From her own address
// lily@seller.example, in mailbox's Sent; Hans's company is hers.
func (w *fuWorld) ownerQuotation(id, mailbox string) {
	w.t.Helper()
	owner := "lily@seller.example"
	if err := w.db.SetCustomer(context.Background(), w.cid, store.CustomerChange{Owner: &owner}, day0, "test"); err != nil {
		w.t.Fatal(err)
	}
	m := w.msg(id, keepwarm.KindOutbound, "Quotation LED panels", day0.Add(time.Hour))
	m.From = keepwarm.Address{Name: "Lily Chen", Email: owner}
	w.save(mailbox, "Sent", m)
}

// A login on another domain than its owner's address: a Microsoft 365
// sign-in name on seller.onmicrosoft.example (primary address
// lily@seller.example), a QQ number writing as its foxmail.com alias. The
// quotation this very mailbox sent went out From the owner's address, so
// the login sends as it: the follow-up goes from that address, signed with
// her signature, as her quotation was. Listing her own address in send_as
// changes neither.
func TestFollowUpOfTheOwnersMailThisMailboxSentFromAnotherDomainGoesFromIt(t *testing.T) {
	for _, sendAs := range [][]string{nil, {"lily@seller.example"}} {
		t.Run(strings.Join(sendAs, ","), func(t *testing.T) {
			w := newFUWorld(t, "A")
			w.rejob(func(c *sequences.FollowUpConfig) {
				c.Identities = []sequences.Identity{{Mailbox: "lily", Owner: "lily@seller.example", Email: "lily@seller.onmicrosoft.example", Name: "Lily Chen",
					Signature: "Lily Chen\nExample Export Co.", SendAs: sendAs}}
				c.Signers = []sequences.Signer{{Email: "lily@seller.example", Name: "Lily Chen", Signature: "Lily Chen\nExample Export Co."}}
			})
			w.ownerQuotation("q-upn@seller.example", "lily")
			it := w.resendOf("q-upn@seller.example")
			if it.From.Email != "lily@seller.example" || !strings.HasSuffix(it.MessageID, "@seller.example") {
				t.Errorf("the resend goes From %+v (Message-ID %s), want lily@seller.example", it.From, it.MessageID)
			}
			if !strings.Contains(it.Text, "Example Export Co.") {
				t.Errorf("the resend from her own address lost her signature:\n%s", it.Text)
			}
		})
	}
}

// The owner's address on another domain, listed in send_as, followed up
// in a thread whose mail this mailbox did not send (it went out from her
// other mailbox): from her address, still with her own signature, not the
// name only a second brand's alias gets.
func TestFollowUpFromTheOwnersAddressInSendAsKeepsHerSignature(t *testing.T) {
	w := newFUWorld(t, "A")
	w.rejob(func(c *sequences.FollowUpConfig) {
		c.Identities = []sequences.Identity{{Mailbox: "lily", Owner: "lily@seller.example", Email: "lily@seller.onmicrosoft.example", Name: "Lily Chen",
			Signature: "Lily Chen\nExample Export Co.", SendAs: []string{"lily@seller.example"}}}
		c.Signers = []sequences.Signer{{Email: "lily@seller.example", Name: "Lily Chen", Signature: "Lily Chen\nExample Export Co."}}
	})
	w.ownerQuotation("q-sendas@seller.example", "lily-old")
	it := w.resendOf("q-sendas@seller.example")
	if it.From.Email != "lily@seller.example" || !strings.Contains(it.Text, "Example Export Co.") {
		t.Errorf("the resend goes From %+v, text:\n%s", it.From, it.Text)
	}
}

// The team's sales@ mailbox is owned by the manager, who has a mailbox of
// his own logged in as his address, and wrote the quotation from it. sales@
// is a shared mailbox, not his under a sign-in name: the follow-up it
// sends goes From sales@, as in a thread a colleague ran, not From his
// address, which its login was never set up to send as.
func TestFollowUpOfTheOwnersMailFromASharedMailboxGoesFromTheMailbox(t *testing.T) {
	w := newFUWorld(t, "A")
	w.rejob(func(c *sequences.FollowUpConfig) {
		c.Identities = []sequences.Identity{{Mailbox: "sales", Owner: "lily@seller.example", Email: "sales@seller.example", Name: "Lily Chen",
			Signature: "Lily Chen\nExample Export Co.", Shared: true}}
	})
	w.ownerQuotation("q-shared@seller.example", "lily-own")
	it := w.resendOf("q-shared@seller.example")
	if it.From.Email != "sales@seller.example" || !strings.HasSuffix(it.MessageID, "@seller.example") {
		t.Errorf("the resend goes From %+v (Message-ID %s), want sales@seller.example", it.From, it.MessageID)
	}
}

// Lily owns the team's sales@ (listed first) and her own mailbox, which
// logs in under her Microsoft 365 sign-in name. Her quotation from
// lily@seller.example went out from her own mailbox: its follow-up goes
// from there too, From her address, not From her address over sales@'s
// login (refused by Microsoft 365 and Exmail), whichever order the
// mailboxes are in and whether or not sales@ counts as shared.
func TestFollowUpOfTheOwnersMailGoesFromTheMailboxThatSentIt(t *testing.T) {
	sales := sequences.Identity{Mailbox: "sales", Owner: "lily@seller.example", Email: "sales@seller.example", Name: "Lily Chen",
		Signature: "Lily Chen\nExample Export Co."}
	lily := sequences.Identity{Mailbox: "lily", Owner: "lily@seller.example", Email: "lily@seller.onmicrosoft.example", Name: "Lily Chen",
		Signature: "Lily Chen\nExample Export Co."}
	for _, shared := range []bool{false, true} {
		sales.Shared = shared
		for _, ids := range [][]sequences.Identity{{sales, lily}, {lily, sales}} {
			t.Run(fmt.Sprintf("shared=%v,first=%s", shared, ids[0].Mailbox), func(t *testing.T) {
				w := newFUWorld(t, "A")
				w.rejob(func(c *sequences.FollowUpConfig) { c.Identities = ids })
				w.ownerQuotation("q-two@seller.example", "lily")
				it := w.resendOf("q-two@seller.example")
				if it.Mailbox != "lily" || it.From.Email != "lily@seller.example" {
					t.Errorf("the resend goes From %+v via %s, want lily@seller.example via lily", it.From, it.Mailbox)
				}
			})
		}
	}
}

// salesQuotation saves a mail to Hans From the team's sales@ address (Lily
// wrote it, "send as" sales@ from Outlook or in sales@'s webmail), sent at
// at and filed in mailbox's Sent; Hans's company is Lily's.
func (w *fuWorld) salesQuotation(id, mailbox string, at time.Time) {
	w.t.Helper()
	owner := "lily@seller.example"
	if err := w.db.SetCustomer(context.Background(), w.cid, store.CustomerChange{Owner: &owner}, day0, "test"); err != nil {
		w.t.Fatal(err)
	}
	m := w.msg(id, keepwarm.KindOutbound, "Quotation LED panels", at)
	m.From = keepwarm.Address{Name: "Lily Chen", Email: "sales@seller.example"}
	w.save(mailbox, "Sent", m)
}

// salesAndLily are Lily's two sending mailboxes as the app builds them:
// the team's sales@ (shared: she has a mailbox of her own) and hers,
// logged in as lilyLogin; first says which is listed first.
func salesAndLily(lilyLogin, first string) []sequences.Identity {
	sales := sequences.Identity{Mailbox: "sales", Owner: "lily@seller.example", Email: "sales@seller.example", Name: "Lily Chen",
		Signature: "Lily Chen\nExample Export Co.", Shared: true}
	lily := sequences.Identity{Mailbox: "lily", Owner: "lily@seller.example", Email: lilyLogin, Name: "Lily Chen",
		Signature: "Lily Chen\nExample Export Co."}
	if first == "lily" {
		return []sequences.Identity{lily, sales}
	}
	return []sequences.Identity{sales, lily}
}

// A thread Lily runs from the team's sales@ goes on From sales@, through
// sales@: also when her "send as sales@" left its Sent copy in her own
// mailbox (Microsoft 365 files it there), whichever order the mailboxes are
// in and whether her own logs in as her address or under a sign-in name.
// Not From her sign-in name or her own address, which Hans never saw in
// that thread.
func TestFollowUpOfAMailFromSalesGoesFromSalesWhereverItsCopyIs(t *testing.T) {
	for _, login := range []string{"lily@seller.onmicrosoft.example", "lily@seller.example"} {
		for _, first := range []string{"sales", "lily"} {
			t.Run(login+","+first, func(t *testing.T) {
				w := newFUWorld(t, "A")
				w.rejob(func(c *sequences.FollowUpConfig) { c.Identities = salesAndLily(login, first) })
				w.salesQuotation("q-sales@seller.example", "lily", day0.Add(time.Hour))
				it := w.resendOf("q-sales@seller.example")
				if it.Mailbox != "sales" || it.From.Email != "sales@seller.example" {
					t.Errorf("the resend goes From %+v via %s, want sales@seller.example via sales", it.From, it.Mailbox)
				}
			})
		}
	}
}

// Lily sends a revised quotation from sales@ in a thread already followed
// up from sales@: the step that now follows it up still goes through sales@
// From sales@, not through her own mailbox.
func TestFollowUpOfALaterMailFromSalesStaysWithSales(t *testing.T) {
	for _, login := range []string{"lily@seller.onmicrosoft.example", "lily@seller.example"} {
		for _, first := range []string{"sales", "lily"} {
			t.Run(login+","+first, func(t *testing.T) {
				w := newFUWorld(t, "A")
				w.rejob(func(c *sequences.FollowUpConfig) { c.Identities = salesAndLily(login, first) })
				w.salesQuotation("q-sales@seller.example", "sales", day0.Add(time.Hour))
				w.run(day0.Add(2 * time.Hour))
				if e := w.enrollment(); e.Mailbox != "sales" {
					t.Fatalf("enrolled via %q", e.Mailbox)
				}
				w.salesQuotation("q-revised@seller.example", "sales", day0.AddDate(0, 0, 1))
				w.run(day0.AddDate(0, 0, 1).Add(time.Hour))
				if e := w.enrollment(); e.Mailbox != "sales" {
					t.Errorf("after the revised quotation the follow-up goes via %q, want sales", e.Mailbox)
				}
				w.run(day0.AddDate(0, 0, 4).Add(2 * time.Hour))
				for _, it := range w.outbox() {
					if it.InReplyTo == "q-revised@seller.example" {
						if it.Mailbox != "sales" || it.From.Email != "sales@seller.example" {
							t.Errorf("the resend goes From %+v via %s, want sales@seller.example via sales", it.From, it.Mailbox)
						}
						return
					}
				}
				t.Fatalf("no resend of the revised quotation in %+v", w.outbox())
			})
		}
	}
}

// Tom's mailbox logs in under his sign-in name tom.wu@; he quotes Lily's
// customer From tom@ while she is away. The follow-up is his, from his
// own mailbox From his address: not from Lily's mailbox (signed Tom, From
// her login), nor skipped as if he had no mailbox to send from.
func TestFollowUpOfAColleaguesMailFromHisMailboxUnderASignInName(t *testing.T) {
	for _, lilyLogin := range []string{"lily@seller.example", "lily.chen@seller.example"} {
		t.Run(lilyLogin, func(t *testing.T) {
			w := newFUWorld(t, "A")
			w.rejob(func(c *sequences.FollowUpConfig) {
				c.Identities = []sequences.Identity{
					{Mailbox: "lily", Owner: "lily@seller.example", Email: lilyLogin, Name: "Lily Chen", Signature: "Lily Chen\nExample Export Co."},
					{Mailbox: "tom", Owner: "tom@seller.example", Email: "tom.wu@seller.example", Name: "Tom Wu", Signature: "Tom Wu\nExample Export Co."},
				}
				c.People = map[string]string{"lily@seller.example": "lily@seller.example", "tom@seller.example": "tom@seller.example",
					lilyLogin: "lily@seller.example", "tom.wu@seller.example": "tom@seller.example"}
			})
			owner := "lily@seller.example"
			if err := w.db.SetCustomer(context.Background(), w.cid, store.CustomerChange{Owner: &owner}, day0, "test"); err != nil {
				t.Fatal(err)
			}
			m := w.msg("q-tom@seller.example", keepwarm.KindOutbound, "Quotation LED panels", day0.Add(time.Hour))
			m.From = keepwarm.Address{Name: "Tom Wu", Email: "tom@seller.example"}
			w.save("tom", "Sent", m)
			w.run(day0.Add(2 * time.Hour))
			w.run(day0.AddDate(0, 0, 3).Add(2 * time.Hour))
			for _, it := range w.outbox() {
				if it.InReplyTo == "q-tom@seller.example" {
					if it.Mailbox != "tom" || it.From.Email != "tom@seller.example" {
						t.Errorf("the resend goes From %+v via %s, want tom@seller.example via tom", it.From, it.Mailbox)
					}
					return
				}
			}
			t.Fatalf("no resend: enrollments %+v", w.enrollment())
		})
	}
}
