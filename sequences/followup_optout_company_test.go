package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
)

// Ute, Cc'd on Lily's quotation to Hans, answers "Please remove us from
// your mailing list": the company asked. Hans, who was on the same mail, is
// written to no more either; the customer names who asked, the digest's
// list says so, and a manager's --opted-out=false undoes it. "Remove me"
// is Ute's alone.
func TestARemoveUsAnswerOptsTheCompanyOut(t *testing.T) {
	for _, c := range []struct {
		text    string
		company bool
	}{
		{"Please remove us from your mailing list.", true},
		{"Please remove me from your mailing list.", false},
	} {
		t.Run(c.text, func(t *testing.T) {
			ctx := context.Background()
			w := newFUWorld(t, "A")
			w.run(day0.Add(2 * time.Hour))
			a := w.msg("stop-1@buyer.de", keepwarm.KindInbound, "Re: Quotation", day0.Add(3*time.Hour), "q-1@seller.example")
			a.From = keepwarm.Address{Name: "Ute Kraus", Email: "ute@buyer.de"}
			a.Contacts = []keepwarm.Address{{Name: "Ute Kraus", Email: "ute@buyer.de"}}
			a.Snippet = c.text
			w.save("lily", "INBOX", a)
			w.run(day0.Add(4 * time.Hour))

			e := w.enrollmentOf(w.threadOf("q-1@seller.example"))
			if e.Status != keepwarm.EnrollOptedOut {
				t.Fatalf("enrollment %s %q; want opted-out", e.Status, e.Reason)
			}
			blocked, err := w.db.BlockedAddresses(ctx, []string{"hans@buyer.de", "ute@buyer.de"})
			if err != nil {
				t.Fatal(err)
			}
			if blocked["ute@buyer.de"] != "opted-out" {
				t.Errorf("ute@ not opted out: %v", blocked)
			}
			if got := blocked["hans@buyer.de"] == "opted-out"; got != c.company {
				t.Fatalf("hans@ opted out = %t; want %t (%v)", got, c.company, blocked)
			}
			rec, err := w.db.Customer(ctx, w.cid)
			if err != nil {
				t.Fatal(err)
			}
			optOuts, err := w.db.RecentOptOuts(ctx, "", day0)
			if err != nil {
				t.Fatal(err)
			}
			if !c.company {
				if rec.OptedOutAt != nil || len(optOuts) != 1 || optOuts[0].Company {
					t.Fatalf("customer opted out %v, digest lines %+v; want ute@'s own line", rec.OptedOutAt, optOuts)
				}
				return
			}
			if rec.OptedOutAt == nil || !strings.Contains(rec.OptOutReason, "ute@buyer.de") || !strings.Contains(e.Reason, "whole company") {
				t.Fatalf("customer opted out %v %q, enrollment reason %q; want the company opted out, naming ute@", rec.OptedOutAt, rec.OptOutReason, e.Reason)
			}
			entries, err := w.db.Book(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range entries {
				if b.ID == w.cid && b.OptOutReason != rec.OptOutReason {
					t.Errorf("the book lists the customer with reason %q; want %q", b.OptOutReason, rec.OptOutReason)
				}
			}
			if len(optOuts) != 1 || !optOuts[0].Company || optOuts[0].Email != "ute@buyer.de" {
				t.Fatalf("digest lines %+v; want one: ute@ asked for the whole company", optOuts)
			}
			// Undone by hand, as customers set --opted-out=false does.
			no := false
			if err := w.db.SetCustomer(ctx, w.cid, store.CustomerChange{OptedOut: &no}, day0.Add(5*time.Hour), "test"); err != nil {
				t.Fatal(err)
			}
			if blocked, _ := w.db.BlockedAddresses(ctx, []string{"hans@buyer.de"}); blocked["hans@buyer.de"] != "" {
				t.Errorf("hans@ still blocked after the company's opt-out was undone: %v", blocked)
			}
			if rec, _ := w.db.Customer(ctx, w.cid); rec.OptOutReason != "" {
				t.Errorf("the undone opt-out keeps its reason %q", rec.OptOutReason)
			}
		})
	}
}

// The company's plural wording that holds no address-level phrase ("请不要再
// 给我们发邮件了", "opt us out", "dennos de baja") opts out through the answer's
// real path: the follow-up ends opted-out, the address is blocked and the
// customer opted out as a whole. A plural phrase that is purchasing wording
// ("don't ship us the wrong model again") ends it as replied, and one the
// answer denies ("but don't take us off your list") opts out only the
// address that asked for itself.
func TestAPluralOptOutAnswerTakesEffect(t *testing.T) {
	const replied, address, company = "replied", "address", "company"
	for _, c := range []struct {
		text, want string
	}{
		{"请不要再给我们发邮件了", company},
		{"Please opt us out of your mailings.", company},
		{"Por favor, dennos de baja.", company},
		{"Please remove us.", company},
		{"Please remove our addresses from your list.", company},
		{"Не пишите нам больше.", company},
		{"请不要再给我们发错型号", replied},
		{"Please remove us from the Cc of the shipping notices, our forwarder handles them.", replied},
		{"Please take me off the newsletter. But don't take us off your list, we will order again in spring.", address},
		{"取消订阅。上批货我们退订了", address},
	} {
		t.Run(c.text, func(t *testing.T) {
			ctx := context.Background()
			w := newFUWorld(t, "A")
			w.run(day0.Add(2 * time.Hour))
			a := w.msg("stop-1@buyer.de", keepwarm.KindInbound, "Re: Quotation", day0.Add(3*time.Hour), "q-1@seller.example")
			a.From = keepwarm.Address{Name: "Ute Kraus", Email: "ute@buyer.de"}
			a.Contacts = []keepwarm.Address{{Name: "Ute Kraus", Email: "ute@buyer.de"}}
			a.Snippet = c.text
			w.save("lily", "INBOX", a)
			w.run(day0.Add(4 * time.Hour))

			e := w.enrollmentOf(w.threadOf("q-1@seller.example"))
			rec, err := w.db.Customer(ctx, w.cid)
			if err != nil {
				t.Fatal(err)
			}
			blocked, err := w.db.BlockedAddresses(ctx, []string{"hans@buyer.de", "ute@buyer.de"})
			if err != nil {
				t.Fatal(err)
			}
			got := replied
			switch {
			case e.Status == keepwarm.EnrollOptedOut && blocked["ute@buyer.de"] == "opted-out" && blocked["hans@buyer.de"] == "opted-out" && rec.OptedOutAt != nil:
				got = company
			case e.Status == keepwarm.EnrollOptedOut && blocked["ute@buyer.de"] == "opted-out" && blocked["hans@buyer.de"] == "" && rec.OptedOutAt == nil:
				got = address
			case e.Status != keepwarm.EnrollReplied || len(blocked) > 0 || rec.OptedOutAt != nil:
				got = "something else"
			}
			if got != c.want {
				t.Fatalf("%s: enrollment %s %q, customer opted out %v, blocked %v; want %s", got, e.Status, e.Reason, rec.OptedOutAt, blocked, c.want)
			}
		})
	}
}

// The buyer's sourcing agent, at another company, answers Lily's quotation
// to Hans in its thread: "please remove us from your mailing list". The
// agent's company is opted out as a whole and the follow-up ends, but the
// buyer, who asked nothing, is not: Hans is still written to.
func TestAnAgentsRemoveUsOptsOutTheAgentsCompany(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.run(day0.Add(2 * time.Hour))
	a := w.msg("stop-1@agent.example", keepwarm.KindInbound, "Re: Quotation", day0.Add(3*time.Hour), "q-1@seller.example")
	a.From = keepwarm.Address{Name: "Li Na", Email: "li@agent.example"}
	a.CustomerKey = "domain:agent.example"
	a.Contacts = []keepwarm.Address{{Name: "Li Na", Email: "li@agent.example"}}
	a.Snippet = "Please remove us from your mailing list."
	w.save("lily", "INBOX", a)
	w.run(day0.Add(4 * time.Hour))

	e := w.enrollmentOf(w.threadOf("q-1@seller.example"))
	if e.Status != keepwarm.EnrollOptedOut {
		t.Fatalf("enrollment %s %q; want opted-out", e.Status, e.Reason)
	}
	blocked, err := w.db.BlockedAddresses(ctx, []string{"hans@buyer.de", "li@agent.example"})
	if err != nil {
		t.Fatal(err)
	}
	if blocked["li@agent.example"] != "opted-out" || blocked["hans@buyer.de"] != "" {
		t.Fatalf("blocked %v; want li@ alone", blocked)
	}
	buyer, err := w.db.Customer(ctx, w.cid)
	if err != nil {
		t.Fatal(err)
	}
	if buyer.OptedOutAt != nil {
		t.Errorf("buyer.de opted out as a whole (%q) by its agent's answer", buyer.OptOutReason)
	}
	agent, err := w.db.ResolveCustomer(ctx, "li@agent.example")
	if err != nil {
		t.Fatal(err)
	}
	if agent.ID == w.cid {
		t.Fatalf("the agent is stored under the buyer")
	}
	if rec, err := w.db.Customer(ctx, agent.ID); err != nil || rec.OptedOutAt == nil || !strings.Contains(rec.OptOutReason, "li@agent.example") {
		t.Fatalf("agent.example opted out %v %q (%v); want it opted out, naming li@", rec.OptedOutAt, rec.OptOutReason, err)
	}
}
