package web_test

import (
	"fmt"
	"html"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/web"
)

// A busy day: more than 50 mails marked "no answer needed". The desk lists
// the 50 most recent with their Undo and says how an older one is taken
// back, rather than stopping at 50 without a word: a salesperson, who has
// no shell on the server, is told to ask the manager; the manager is given
// the command. In Chinese too.
func TestTheDayOfMarksSaysWhenItListsNotAll(t *testing.T) {
	for _, c := range []struct {
		who, name, en, zh string
		manager           bool
	}{
		{lily, "Lily Chen", "Only the 50 most recent marks are listed: ask the manager to take back an older one (keepwarm replies undo MESSAGE).",
			"只列出最近 50 条标记：更早的请让经理撤销（keepwarm replies undo MESSAGE）。", false},
		{mei, "Mei Lin", "Only the 50 most recent marks are listed: take back an older one with keepwarm replies undo MESSAGE.",
			"只列出最近 50 条标记：更早的请用 keepwarm replies undo MESSAGE 撤销。", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t, "http://keepwarm.test")
			for i := range 51 {
				w.save("lily", "INBOX", msg(fmt.Sprintf("thanks-%d@acme.com", i), keepwarm.KindInbound, fmt.Sprintf("Thanks %d", i), "bob@acme.com", "Bob Stone",
					now0.Add(-time.Duration(60-i)*time.Minute)))
			}
			if _, err := w.db.MeasureReplies(w.ctx, now0, "test", func(c *keepwarm.ReplyClock) {
				c.Target, c.Owner = 10*time.Minute, c.CustomerOwner
			}); err != nil {
				t.Fatal(err)
			}
			srv := w.serve()
			cl := w.signIn(srv, c.who)
			mark := func(i int) {
				t.Helper()
				if _, err := w.be.NoAnswerNeeded(w.ctx, web.Person{Email: c.who, Name: c.name, Manager: c.manager}, w.idOf(fmt.Sprintf("thanks-%d@acme.com", i)), now0); err != nil {
					t.Fatal(err)
				}
			}
			for i := range 50 {
				mark(i)
			}
			_, desk := cl.get("/")
			settled := cut(t, desk, `id="settled"`, "</ul>")
			if n := strings.Count(settled, `<li id="settled-`); n != 50 {
				t.Fatalf("%d marks listed, want 50", n)
			}
			mustLack(t, "50 marks", settled, `id="settled-more"`)
			mark(50)
			_, desk = cl.get("/")
			settled = cut(t, desk, `id="settled"`, `id="settled-more"`)
			if n := strings.Count(settled, `<li id="settled-`); n != 50 {
				t.Fatalf("%d marks listed, want the 50 most recent", n)
			}
			mustContain(t, "51 marks", desk, `id="settled-more">`+html.EscapeString(c.en)+`</p>`)
			zh := cl.getZh(t, "/")
			mustContain(t, "51 marks in Chinese", zh, c.zh)
			mustLack(t, "51 marks in Chinese", zh, "Only the 50")
		})
	}
}
