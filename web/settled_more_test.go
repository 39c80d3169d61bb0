package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/web"
)

// A manager's busy day: more than 50 mails marked "no answer needed". The
// desk lists the 50 most recent with their Undo and says that older ones
// are taken back with keepwarm replies undo, rather than stopping at 50
// without a word. In Chinese too.
func TestTheDayOfMarksSaysWhenItListsNotAll(t *testing.T) {
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
	c := w.signIn(srv, lily)
	mark := func(i int) {
		t.Helper()
		if _, err := w.be.NoAnswerNeeded(w.ctx, web.Person{Email: lily, Name: "Lily Chen"}, w.idOf(fmt.Sprintf("thanks-%d@acme.com", i)), now0); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 50 {
		mark(i)
	}
	_, desk := c.get("/")
	settled := cut(t, desk, `id="settled"`, "</ul>")
	if n := strings.Count(settled, `<li id="settled-`); n != 50 {
		t.Fatalf("%d marks listed, want 50", n)
	}
	mustLack(t, "50 marks", settled, `id="settled-more"`)
	mark(50)
	_, desk = c.get("/")
	settled = cut(t, desk, `id="settled"`, `id="settled-more"`)
	if n := strings.Count(settled, `<li id="settled-`); n != 50 {
		t.Fatalf("%d marks listed, want the 50 most recent", n)
	}
	mustContain(t, "51 marks", desk, `id="settled-more">Only the 50 most recent marks are listed: take back an older one with keepwarm replies undo MESSAGE.</p>`)
	mustContain(t, "51 marks in Chinese", c.getZh(t, "/"), "只列出最近 50 条标记：更早的请用 keepwarm replies undo MESSAGE 撤销。")
}
