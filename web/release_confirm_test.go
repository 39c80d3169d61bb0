package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"keepwarm/book"
	"keepwarm/web"
)

// setLang sets the language switch's cookie, as the switch does.
func (c *client) setLang(code string) {
	u, _ := url.Parse(c.srv.URL)
	c.c.Jar.SetCookies(u, []*http.Cookie{{Name: "kw_lang", Value: code, Path: "/"}})
}

// A won customer released by the manager: the question says that it stops
// counting as won, that the cool-down falls on its salesperson, by name,
// and that its live follow-up stops for good, in English and in Chinese; unanswered, the customer stays Lily's
// and won.
func TestReleasingAWonCustomerAsksFirst(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	if err := w.db.MarkWon(w.ctx, w.meier, now0, lily); err != nil {
		t.Fatal(err)
	}
	srv := w.serve()
	mc := w.signIn(srv, mei)
	page := path("/customers/%d", w.meier)
	code, body := mc.do(page, path("/customers/%d/release", w.meier), nil)
	if code != http.StatusOK {
		t.Fatalf("release without confirm: %d %s", code, body)
	}
	mustContain(t, "the release question", body, "Meier GmbH", "Lily Chen cannot claim it again for 7 days",
		"It was marked won: it stops counting as won", "Its follow-up, active or paused, stops and cannot be resumed.")
	mc.setLang("zh")
	code, body = mc.do(page, path("/customers/%d/release", w.meier), nil)
	if code != http.StatusOK {
		t.Fatalf("release without confirm, in Chinese: %d %s", code, body)
	}
	mustContain(t, "the Chinese release question", body, "把这个客户放回公海？", "任何同事都可以认领它，Lily Chen 在 7 天内不能再认领它", "它已标记为成交",
		"它正在进行或暂停的跟进会停止，且无法恢复。")
	rec, err := w.db.Customer(w.ctx, w.meier)
	if err != nil || rec.Owner != lily || rec.WonAt == nil {
		t.Fatalf("after the questions alone: %+v %v", rec, err)
	}
	if n := w.count(`SELECT count(*) FROM web_audit`); n != 0 {
		t.Fatalf("%d audit rows after a question", n)
	}
	if code, _ := mc.do(page, path("/customers/%d/release", w.meier), url.Values{"confirm": {"1"}}); code != http.StatusSeeOther {
		t.Fatalf("release: %d", code)
	}
	if rec, _ := w.db.Customer(w.ctx, w.meier); rec.Owner != "" || rec.WonAt != nil {
		t.Fatalf("after release: %+v", rec)
	}
}

// Release from the customer's page, its forms posted as rendered: "Keep
// it" goes back to that page, and "Release it" lands there too, where the
// audit line of the release shows.
func TestReleaseFromTheCustomerPageReturnsToIt(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	mc := w.signIn(srv, mei)
	page := path("/customers/%d", w.meier)
	release := path("/customers/%d/release", w.meier)
	_, body := mc.get(page)
	code, q := mc.do(page, release, formOf(t, body, release))
	if code != http.StatusOK {
		t.Fatalf("release without confirm: %d %s", code, q)
	}
	mustContain(t, "the release question", q, path(`href="%s" id="confirm-no"`, page))
	code, loc := mc.do(page, release, formOf(t, q, release))
	if code != http.StatusSeeOther || loc != page {
		t.Fatalf("Release it: %d %s, want a redirect to %s", code, loc, page)
	}
	if rec, _ := w.db.Customer(w.ctx, w.meier); rec.Owner != "" {
		t.Fatalf("after release: owner %q", rec.Owner)
	}
}

// A colleague with a Chinese name runs on into the Chinese text (no space
// as after a Latin name), and a cool-down of one day reads "a day", not
// "1 days".
func TestTheReleaseQuestionNamesAChineseColleagueAndOneDay(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	w.deps.Rules.Cooldown = book.Day
	w.withPeople(web.Person{Email: lily, Name: "陈丽"}, web.Person{Email: tom, Name: "Tom Wu"}, web.Person{Email: mei, Name: "Mei Lin", Manager: true})
	mc := w.signIn(w.serve(), mei)
	page := path("/customers/%d", w.meier)
	code, body := mc.do(page, path("/customers/%d/release", w.meier), nil)
	if code != http.StatusOK {
		t.Fatalf("release without confirm: %d %s", code, body)
	}
	mustContain(t, "the release question", body, "Any colleague may claim it, and 陈丽 cannot claim it again for a day.")
	mustLack(t, "the release question", body, "1 days")
	mc.setLang("zh")
	_, body = mc.do(page, path("/customers/%d/release", w.meier), nil)
	mustContain(t, "the Chinese release question", body, "任何同事都可以认领它，陈丽在 1 天内不能再认领它")
	mustLack(t, "the Chinese release question", body, "陈丽 在")
}
