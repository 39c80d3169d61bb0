package web_test

import (
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// manyWaiting gives Lily n more questions from Acme waiting for her answer,
// each in its own thread, the first 8 minutes old and each next one an hour
// older. It returns the ids of all her waiting mail, the most recent first
// (the seeded question, 7 minutes old, leads).
func (w *world) manyWaiting(n int) []int64 {
	w.t.Helper()
	for i := range n {
		subject := fmt.Sprintf("Order question %02d", i)
		w.save("lily", "INBOX", msg(fmt.Sprintf("oq-%02d@acme.com", i), keepwarm.KindInbound, subject, "bob@acme.com", "Bob Stone",
			now0.Add(-8*time.Minute-time.Duration(i)*time.Hour)))
	}
	if _, err := w.db.MeasureReplies(w.ctx, now0, "test", func(c *keepwarm.ReplyClock) {
		c.Target, c.Owner = 10*time.Minute, c.CustomerOwner
	}); err != nil {
		w.t.Fatal(err)
	}
	ids := []int64{w.waitingMsg}
	for i := range n {
		ids = append(ids, w.idOf(fmt.Sprintf("oq-%02d@acme.com", i)))
	}
	return ids
}

var waitRow = regexp.MustCompile(`<li id="wait-(\d+)"`)

// shown lists the waiting messages a desk page shows, in its order.
func shown(body string) []string {
	var out []string
	for _, m := range waitRow.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// pageLink is the href of the pager's link with that id, "" when absent.
func pageLink(body, id string) string {
	m := regexp.MustCompile(`href="([^"]*)" id="` + id + `"`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// wantPage checks that a desk page lists ids[from:to] of the most-recent-
// first list, shown oldest first, and its pager links.
func wantPage(t *testing.T, what, body string, ids []int64, from, to int, newer, older bool) {
	t.Helper()
	var want []string
	for i := to - 1; i >= from; i-- {
		want = append(want, fmt.Sprint(ids[i]))
	}
	if got := shown(body); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("%s lists %v, want %v", what, got, want)
	}
	mustContain(t, what, body, fmt.Sprintf(`<span class="count">%d</span>`, len(ids)),
		fmt.Sprintf("Showing %d–%d of %d, counted from the most recent; oldest first on the page.", from+1, to, len(ids)))
	if got := pageLink(body, "page-newer") != ""; got != newer {
		t.Errorf("%s: a link to newer mail: %v, want %v", what, got, newer)
	}
	if got := pageLink(body, "page-recent") != ""; got != newer {
		t.Errorf("%s: a link to the most recent mail: %v, want %v", what, got, newer)
	}
	if got := pageLink(body, "page-older") != ""; got != older {
		t.Errorf("%s: a link to older mail: %v, want %v", what, got, older)
	}
}

// With 61 messages waiting, Lily's desk counts them all in the heading and
// lists the 25 most recent, oldest first (what her digest lists); "Older"
// pages through the rest (25, then 11) and "Newer" comes back; "Oldest"
// and "Most recent" jump to the ends. A link that is not a page's is a
// 400 that says so. Tom's desk, asked for Lily's pages, shows his own.
func TestDeskPagesThroughALongWaitingList(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	ids := w.manyWaiting(60)
	srv := w.serve()
	lc := w.signIn(srv, lily)

	code, p1 := lc.get("/")
	if code != http.StatusOK {
		t.Fatalf("desk: %d", code)
	}
	wantPage(t, "the first page", p1, ids, 0, 25, false, true)
	mustContain(t, "the first page", p1, "Price for 500 pcs?", "Order question 23", `aria-label="Pages of the waiting list"`)
	mustLack(t, "the first page", p1, "Order question 24<")

	_, p2 := lc.get(pageLink(p1, "page-older"))
	wantPage(t, "the second page", p2, ids, 25, 50, true, true)
	_, p3 := lc.get(pageLink(p2, "page-older"))
	wantPage(t, "the last page", p3, ids, 50, 61, true, false)
	_, back := lc.get(pageLink(p3, "page-newer"))
	wantPage(t, "the second page again", back, ids, 25, 50, true, true)
	_, first := lc.get(pageLink(back, "page-newer"))
	wantPage(t, "the first page again", first, ids, 0, 25, false, true)
	_, oldest := lc.get(pageLink(p1, "page-oldest"))
	wantPage(t, "the oldest page", oldest, ids, 36, 61, true, false)
	if l := pageLink(p2, "page-recent"); l != "/#waiting" {
		t.Errorf("the link to the most recent mail: %q", l)
	}

	// A page after the newest message is the most recent page.
	_, recent := lc.get("/?newer=" + fmt.Sprint(now0.Unix()) + ".0")
	wantPage(t, "the page after the newest", recent, ids, 0, 25, false, true)

	for _, bad := range []string{"/?older=abc", "/?older=", "/?newer=12", "/?older=1.2&newer=3.4", "/?older=-5.3", "/?older=1.2&older=3.4"} {
		code, body := lc.get(bad)
		if code != http.StatusBadRequest {
			t.Errorf("GET %s: %d, want 400", bad, code)
		}
		mustContain(t, "GET "+bad, body, "This link to a page of the waiting list is not valid: open the desk again.")
	}

	// Tom follows Lily's links: his own desk, none of her mail.
	tc := w.signIn(srv, tom)
	for _, l := range []string{"/", pageLink(p1, "page-older"), pageLink(p3, "page-newer"), "/?newer=0.0"} {
		code, body := tc.get(l)
		if code != http.StatusOK {
			t.Fatalf("Tom GET %s: %d", l, code)
		}
		mustContain(t, "Tom's desk at "+l, body, "Catalogue", `<span class="count">1</span>`)
		mustLack(t, "Tom's desk at "+l, body, "Acme", "Order question", "waiting-pager", "waiting-range")
	}

	// The manager sees everyone's: Lily's 61, Tom's and the pool's.
	_, body := w.signIn(srv, mei).get("/")
	mustContain(t, "the manager's desk", body, `<span class="count">63</span>`, "Showing 1–25 of 63")

	// The team page counts the whole list, and those past the target (all
	// but the two under 10 minutes old).
	_, team := lc.get("/team")
	mustContain(t, "the team page", team, `<td class="num">61</td><td class="num bad">59</td>`)

	// Two of the first page's messages answered since the second page was
	// shown: its "Newer" link would find 23; the most recent page shows 25.
	if _, err := w.raw.ExecContext(w.ctx, `UPDATE reply_clocks SET replied_at = ? WHERE message_id IN (?, ?)`,
		now0.Unix(), ids[1], ids[2]); err != nil {
		t.Fatal(err)
	}
	left := append([]int64{ids[0]}, ids[3:]...)
	_, after := lc.get(pageLink(p2, "page-newer"))
	wantPage(t, "the page after the second, two answered", after, left, 0, 25, false, true)
	_, p2now := lc.get(pageLink(p1, "page-older"))
	wantPage(t, "the second page, two answered", p2now, left, 23, 48, true, true)
}
