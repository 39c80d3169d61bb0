package web_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"keepwarm"
)

// Hans answers Lily's quotation from his private address: a customer of
// its own, in Meier's thread. Lily's desk line and the report's breach
// name the private address and link Meier's page at that thread, where the
// conversation is; so does the line under "no answer needed" once it is
// marked. Held by Tom, the lines and the breach name it without a link:
// Meier's page is not his.
func TestDeskAndBreachLinkTheThreadsCustomer(t *testing.T) {
	for _, owner := range []string{lily, tom} {
		t.Run(owner, func(t *testing.T) {
			w := newWorld(t, "http://keepwarm.test")
			priv := msg("priv-1@gmail.com", keepwarm.KindInbound, "Re: Quotation LED panels", "hans.m@gmail.com", "Hans Meier", now0.Add(-30*time.Minute))
			priv.CustomerKey = "addr:hans.m@gmail.com"
			priv.InReplyTo, priv.References = []string{"q-1@seller.example"}, []string{"q-1@seller.example"}
			w.save("lily", "INBOX", priv)
			id := w.idOf("priv-1@gmail.com")
			var thread, threadCustomer int64
			if err := w.raw.QueryRow(`SELECT m.thread_id, t.customer_id FROM messages m JOIN threads t ON t.id = m.thread_id WHERE m.id = ?`, id).Scan(&thread, &threadCustomer); err != nil {
				t.Fatal(err)
			}
			if threadCustomer != w.meier {
				t.Fatalf("the rig: the private mail is in customer %d's thread, not Meier's", threadCustomer)
			}
			if _, err := w.raw.Exec(`UPDATE customers SET owner = ? WHERE key = 'addr:hans.m@gmail.com'`, owner); err != nil {
				t.Fatal(err)
			}
			if _, err := w.db.MeasureReplies(w.ctx, now0, "test", func(c *keepwarm.ReplyClock) {
				c.Target, c.Owner = 10*time.Minute, c.CustomerOwner
			}); err != nil {
				t.Fatal(err)
			}
			srv := w.serve()
			c := w.signIn(srv, owner)
			link := path(`href="/customers/%d#thread-%d"`, w.meier, thread)
			_, desk := c.get("/")
			line := cut(t, desk, path(`id="wait-%d"`, id), "</li>")
			_, report := c.get("/reports/replies")
			breach := cut(t, report, path(`id="breach-%d"`, id), "</li>")
			if code, _ := c.do("/", path("/messages/%d/no-answer", id), url.Values{"back": {"/"}}); code != http.StatusSeeOther {
				t.Fatalf("marking it no answer needed: %d", code)
			}
			_, desk = c.get("/")
			settled := cut(t, desk, path(`id="settled-%d"`, id), "</li>")
			for what, s := range map[string]string{"desk line": line, "breach": breach, "marked line": settled} {
				mustContain(t, owner+"'s "+what, s, "hans.m@gmail.com")
				if owner == lily {
					mustContain(t, owner+"'s "+what, s, link)
				} else {
					mustLack(t, owner+"'s "+what, s, `href="/customers/`)
				}
			}
		})
	}
}
