package web_test

import (
	"fmt"
	"html"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// Monday morning: 30 mails wait for Lily, the 5 oldest (Friday's) past
// their 10-hour target, the newer ones not. The desk opens on the 25 most
// recent, none of them late; its heading says 5 are past the target and
// links to the oldest page, where the 5 are, red. In Chinese too.
func TestDeskHeadingCountsTheLateMailOnOlderPages(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	var late []int64
	for i := range 29 {
		at := now0.Add(-8*time.Minute - time.Duration(i)*15*time.Minute)
		if i >= 24 {
			at = now0.Add(-20*time.Hour - time.Duration(i)*time.Hour)
		}
		id := fmt.Sprintf("mq-%02d@acme.com", i)
		w.save("lily", "INBOX", msg(id, keepwarm.KindInbound, fmt.Sprintf("Monday question %02d", i), "bob@acme.com", "Bob Stone", at))
	}
	if _, err := w.db.MeasureReplies(w.ctx, now0, "test", func(c *keepwarm.ReplyClock) {
		c.Target, c.Owner = 10*time.Hour, c.CustomerOwner
	}); err != nil {
		t.Fatal(err)
	}
	for i := 24; i < 29; i++ {
		late = append(late, w.idOf(fmt.Sprintf("mq-%02d@acme.com", i)))
	}
	srv := w.serve()
	c := w.signIn(srv, lily)

	_, desk := c.get("/")
	waiting := cut(t, desk, `id="waiting"`, "</section>")
	mustContain(t, "the desk's waiting list", waiting, `<span class="count">30</span>`, "5 past the target",
		"5 of them are not on this page: the count&#39;s link opens the page of the nearest one.")
	for _, id := range late {
		mustLack(t, "the first page", waiting, fmt.Sprintf(`id="wait-%d"`, id))
	}
	if strings.Contains(waiting, `class="wait late"`) {
		t.Errorf("the first page has a late mail:\n%s", waiting)
	}
	link := pageLink(waiting, "page-late")
	if link == "" {
		t.Fatalf("no link to the late mail:\n%s", waiting)
	}
	_, oldest := c.get(link)
	for _, id := range late {
		mustContain(t, "the page the late count links to", oldest, fmt.Sprintf(`<li id="wait-%d" class="wait late">`, id))
	}
	mustContain(t, "the oldest page", oldest, "5 past the target")
	mustLack(t, "the oldest page", oldest, "not on this page", `id="page-late"`)

	zh := cut(t, c.getZh(t, "/"), `id="waiting"`, "</section>")
	mustContain(t, "the Chinese desk", zh, "5 封已超过目标时间", html.EscapeString("其中 5 封不在本页：点这个数字，打开最近一封所在的页。"))
	mustLack(t, "the Chinese desk", zh, "past the target")

	// On time, nothing is said.
	if _, err := w.raw.Exec(`UPDATE reply_clocks SET target_seconds = 100 * 3600`); err != nil {
		t.Fatal(err)
	}
	_, desk = c.get("/")
	mustLack(t, "the desk with nothing late", desk, "past the target", `id="waiting-late"`)
}

// The count of late mail not on the page judges lateness as the store
// counts it, in whole seconds: a mail on the page half a second past its
// target, not yet late to the count, is not taken off it (which showed "4
// of them" for 5, or "-1" when all were on the page).
func TestDeskLateCountOffThePageInWholeSeconds(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	for i := range 29 {
		at := now0.Add(-8*time.Minute - time.Duration(i)*15*time.Minute)
		if i >= 24 {
			at = now0.Add(-20*time.Hour - time.Duration(i)*time.Hour)
		}
		id := fmt.Sprintf("mq-%02d@acme.com", i)
		w.save("lily", "INBOX", msg(id, keepwarm.KindInbound, fmt.Sprintf("Monday question %02d", i), "bob@acme.com", "Bob Stone", at))
	}
	if _, err := w.db.MeasureReplies(w.ctx, now0, "test", func(c *keepwarm.ReplyClock) {
		c.Target, c.Owner = 10*time.Hour, c.CustomerOwner
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.raw.Exec(`UPDATE reply_clocks SET target_seconds = 10 * 3600`); err != nil {
		t.Fatal(err)
	}
	// The seeded question, 7 minutes old at now0, is its 10 hours and
	// half a second old.
	w.clock.Set(now0.Add(-7*time.Minute + 10*time.Hour + 500*time.Millisecond))
	srv := w.serve()
	c := w.signIn(srv, lily)
	_, desk := c.get("/")
	waiting := cut(t, desk, `id="waiting"`, "</section>")
	mustContain(t, "the desk's waiting list", waiting, "29 past the target",
		"5 of them are not on this page: the count&#39;s link opens the page of the nearest one.")
}

// With targets per grade the late mail is not the oldest: 60 mails wait,
// all from the last 20 hours against a 24-hour target, but the 30th most
// recent is an A customer's with a 2-hour target, late. The heading's link
// opens the middle page that holds it, not the Oldest page; from the Oldest
// page, the link leads back to it the other way.
func TestDeskLateLinkOpensThePageOfTheLateMail(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	for i := range 60 {
		at := now0.Add(-10*time.Minute - time.Duration(i)*20*time.Minute)
		w.save("lily", "INBOX", msg(fmt.Sprintf("g-%02d@acme.com", i), keepwarm.KindInbound, fmt.Sprintf("Question %02d", i), "bob@acme.com", "Bob Stone", at))
	}
	lateID := w.idOf("g-29@acme.com")
	if _, err := w.db.MeasureReplies(w.ctx, now0, "test", func(c *keepwarm.ReplyClock) {
		c.Target, c.Owner = 24*time.Hour, c.CustomerOwner
		if c.MessageID == lateID {
			c.Target = 2 * time.Hour
		}
	}); err != nil {
		t.Fatal(err)
	}
	srv := w.serve()
	c := w.signIn(srv, lily)
	want := fmt.Sprintf(`id="wait-%d" class="wait late"`, lateID)

	for _, start := range []string{"/", "/?newer=0.0"} {
		_, desk := c.get(start)
		waiting := cut(t, desk, `id="waiting"`, "</section>")
		mustContain(t, "the waiting list at "+start, waiting, "1 past the target", "1 of them are not on this page")
		mustLack(t, "the waiting list at "+start, waiting, want)
		link := pageLink(waiting, "page-late")
		if link == "" {
			t.Fatalf("no link to the late mail at %s:\n%s", start, waiting)
		}
		_, page := c.get(link)
		mustContain(t, "the page "+start+"'s late link opens ("+link+")", page, want)
		mustLack(t, "the page "+start+"'s late link opens", page, "not on this page", `id="page-late"`)
	}
}
