package sequences

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/zhtext"
)

// A mail to another contact in a thread whose follow-up runs is in the
// digest's "not followed up" list with what to do, in English and Chinese.
func TestDigestNamesAMailToOtherContactsOfAFollowedUpThread(t *testing.T) {
	running := keepwarm.Enrollment{Status: keepwarm.EnrollActive, To: []keepwarm.Address{{Email: "hans@buyer.de"}}}
	detail := otherContactsDetail(running, []keepwarm.Address{{Name: "Ute", Email: "ute@buyer.de"}})
	for lang, want := range map[string][]string{
		"en": {"other-contacts", "a follow-up of this thread to hans@buyer.de is running: follow this mail to ute@buyer.de up by hand"},
		"zh": {"会话正在跟进发给其他联系人的邮件", "这个会话正在跟进发给 hans@buyer.de 的邮件：发给 ute@buyer.de 的这封邮件请手动跟进"},
	} {
		d := zhDigest(lang)
		d.translate = zhtext.Err
		d.NotFollowed = []keepwarm.FollowUpSkip{{Customer: "domain:buyer.de", Subject: "Re: Quotation", To: []string{"ute@buyer.de"},
			SentAt: d.Now.Add(-2 * time.Hour), Reason: keepwarm.SkipOtherContacts, Detail: detail, ThreadID: 9}}
		text := d.Text()
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s digest lacks %q:\n%s", lang, w, text)
			}
		}
		// keepwarm enroll refuses a thread whose follow-up runs: the note
		// says to write to them, not to enroll it.
		if strings.Contains(text, "keepwarm enroll ") || strings.Contains(d.HTML(), "keepwarm enroll ") {
			t.Errorf("%s digest points a mail to other contacts at keepwarm enroll:\n%s", lang, text)
		}
		if hint := map[string]string{"en": "write to them yourself", "zh": "请自己给他们写信"}[lang]; !strings.Contains(text, hint) {
			t.Errorf("%s digest lacks %q:\n%s", lang, hint, text)
		}
		// A mail no sequence follows beside it can still be enrolled.
		d.NotFollowed = append(d.NotFollowed, keepwarm.FollowUpSkip{Customer: "domain:other.example", Subject: "Catalogue", To: []string{"max@other.example"},
			SentAt: d.Now.Add(-3 * time.Hour), Reason: keepwarm.SkipNoSequence, ThreadID: 11})
		if text := d.Text(); !strings.Contains(text, "keepwarm enroll THREAD") || !strings.Contains(text, map[string]string{"en": "write to them yourself", "zh": "请自己给他们写信"}[lang]) {
			t.Errorf("%s digest with a no-sequence mail too:\n%s", lang, text)
		}
		d.NotFollowed = d.NotFollowed[1:]
		if text := d.Text(); !strings.Contains(text, "keepwarm enroll THREAD") || strings.Contains(text, map[string]string{"en": "write to them yourself", "zh": "请自己给他们写信"}[lang]) {
			t.Errorf("%s digest with a no-sequence mail only:\n%s", lang, text)
		}
	}
}

// A follow-up paused by a person, or held by keepwarm for someone to read
// something, sends no steps on its own days: the detail says it is paused,
// not running, in English and Chinese.
func TestOtherContactsDetailSaysAPausedFollowUpIsPaused(t *testing.T) {
	ute := []keepwarm.Address{{Name: "Ute", Email: "ute@buyer.de"}}
	for _, e := range []keepwarm.Enrollment{
		{Status: keepwarm.EnrollPaused, PausedByPerson: true},
		{Status: keepwarm.EnrollPaused, Reason: "peter@seller.example wrote in the thread after the mail of 2 November and has no [[mailbox]] to send from: follow that mail up by hand, then resume or stop the follow-up"},
		{Status: keepwarm.EnrollPaused, PausedUntil: time.Date(2026, 12, 10, 0, 0, 0, 0, time.UTC), Reason: "out of office: hans@buyer.de until 2026-12-10"},
	} {
		e.To = []keepwarm.Address{{Email: "hans@buyer.de"}}
		got := otherContactsDetail(e, ute)
		if want := "a follow-up of this thread to hans@buyer.de is paused: follow this mail to ute@buyer.de up by hand"; got != want {
			t.Errorf("%+v: %q, want %q", e, got, want)
		}
		if zh, want := zhtext.Err(got), "这个会话发给 hans@buyer.de 的跟进已暂停：发给 ute@buyer.de 的这封邮件请手动跟进"; zh != want {
			t.Errorf("in Chinese: %q, want %q", zh, want)
		}
	}
}
