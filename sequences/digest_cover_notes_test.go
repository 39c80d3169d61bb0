package sequences

import (
	"fmt"
	"html"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// In the digest Tom reads while covering for Lily, her reviews due and her
// follow-ups a failed send stopped are hers to act on (the desk leaves them
// to her and the manager): their notes say they wait for her, not "review
// each" or "until you act". Her own digest keeps its words. In Chinese too.
func TestCoveringDigestSaysReviewsAndFailedWaitForTheOwner(t *testing.T) {
	at := time.Date(2026, 12, 21, 9, 0, 0, 0, time.UTC)
	d := Digest{Salesperson: "lily@team.example", Name: "Lily Chen", Date: "2026-12-21", TimeZone: "UTC", Now: at, web: "https://desk.example",
		Reviews: []DigestCustomer{{CustomerID: 42, Customer: "domain:meier.example", Name: "Meier GmbH", Grade: "A", At: at.Add(-24 * time.Hour)}},
		Failed:  []keepwarm.Enrollment{{ID: 7, Customer: "domain:meier.example", Sequence: "key-customer", Status: keepwarm.EnrollFailed, Reason: "550 no such user", ThreadID: 3}}}
	own := d.Text()
	for _, want := range []string{"review each and regrade", "Nothing more goes out in these until you act"} {
		if !strings.Contains(own, want) {
			t.Errorf("Lily's own digest lacks %q:\n%s", want, own)
		}
	}
	d.cover = &digestCover{reader: "Tom Wang", line: "You are covering for Lily Chen, away until 2026-12-24.\n\n"}
	covering := d.Text()
	for _, want := range []string{"These wait for Lily Chen to review when back (or for the manager): nothing to do while you cover.",
		"Nothing more goes out in these until Lily Chen (or the manager) resumes or stops them"} {
		if !strings.Contains(covering, want) {
			t.Errorf("the covering digest lacks %q:\n%s", want, covering)
		}
	}
	for _, not := range []string{"review each and regrade", "until you act"} {
		if strings.Contains(covering, not) {
			t.Errorf("the covering digest says %q:\n%s", not, covering)
		}
	}
	d.Lang = "zh"
	zh := d.Text()
	if !strings.Contains(zh, "这些客户等 Lily Chen 回来后复查") || !strings.Contains(zh, "在 Lily Chen（或经理）恢复或停止之前") {
		t.Errorf("the covering digest in Chinese:\n%s", zh)
	}
}

// A follow-up stopped while keepwarm filed its step in Drafts is listed
// among the failed ones saying to look in Drafts: the section's note says
// so too, not only "ask the recipient", and to look in Sent as well: such
// a draft is most often uncertain because a mail of its thread is in Sent
// (she may have sent it), so it never says the draft "went to nobody". In
// Chinese too.
func TestFailedNoteSaysADraftStepIsLookedForInDrafts(t *testing.T) {
	at := time.Date(2026, 12, 21, 9, 0, 0, 0, time.UTC)
	d := Digest{Salesperson: "lily@team.example", Name: "Lily Chen", Date: "2026-12-21", TimeZone: "UTC", Now: at, web: "https://desk.example",
		Failed: []keepwarm.Enrollment{{ID: 7, Customer: "domain:meier.example", Sequence: "key-customer", Status: keepwarm.EnrollFailed, ThreadID: 3,
			Reason: "step 2's draft may be in Drafts already (interrupted while filing the draft): look in your Drafts (and Sent); if it is there or you sent it, go on to the next step, if not, file it again (or stop)"}}}
	if text := d.Text(); !strings.Contains(text, "ask the recipient") || !strings.Contains(text, "a step filed as a draft may be in your Drafts, or sent from there: look in your Drafts and Sent") ||
		strings.Contains(text, "went to nobody") {
		t.Errorf("the failed follow-ups' note:\n%s", text)
	}
	d.Lang = "zh"
	if zh := d.Text(); !strings.Contains(zh, "先问收件人") || !strings.Contains(zh, "存入草稿箱的一步可能还在草稿箱里，也可能已从那里发出：请查看草稿箱和“已发送”") ||
		strings.Contains(zh, "没有发给任何人") {
		t.Errorf("the failed follow-ups' note in Chinese:\n%s", zh)
	}
}

// In the digest Tom reads while covering for Lily, her uncertain draft is
// in her Drafts, not his; her uncertain send is hers (or the manager's) to
// check; her follow-ups go in her name and only the manager can pause
// them (the desk refuses Tom): no line tells him "your Drafts", "in your
// name" or "on your desk", nor counts her held follow-ups as waiting for
// him. Her own digest keeps its words. In Chinese too.
func TestCoveringDigestSaysDraftsSendsAndStepsAreTheOwners(t *testing.T) {
	at := time.Date(2026, 12, 21, 9, 0, 0, 0, time.UTC)
	enr := int64(7)
	d := Digest{Salesperson: "lily@team.example", Name: "Lily Chen", Date: "2026-12-21", TimeZone: "UTC", Now: at, web: "https://desk.example",
		Uncertain: []keepwarm.OutboxItem{
			{ID: 1, Mode: keepwarm.ModeDraft, Subject: "Re: RFQ", To: []keepwarm.Address{{Email: "hans@meier.example"}}, Mailbox: "lily", Enrollment: &enr},
			{ID: 2, Mode: keepwarm.ModeSend, Subject: "Price list", To: []keepwarm.Address{{Email: "hans@meier.example"}}, Mailbox: "lily"}},
		SentFollowUps: []DigestSend{{CustomerID: 42, To: []keepwarm.Address{{Email: "hans@meier.example"}}, Sequence: "key-customer", Step: 1, Subject: "Re: RFQ",
			At: at.Add(-time.Hour), Status: string(keepwarm.OutboxDrafted)}},
		DueFollowUps: []DigestSend{{Customer: "domain:meier.example", CustomerID: 42, To: []keepwarm.Address{{Email: "hans@meier.example"}},
			Sequence: "key-customer", Step: 2, At: at.Add(3 * time.Hour), Enrollment: 7, Status: "due"}},
		Waiting: []keepwarm.Enrollment{{ID: 8, Customer: "domain:meier.example", Sequence: "key-customer", Status: keepwarm.EnrollPaused, ThreadID: 3}}}
	mustHave := func(who, text string, want []string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(strings.ToLower(text), strings.ToLower(w)) {
				t.Errorf("%s lacks %q:\n%s", who, w, text)
			}
		}
	}
	mustHave("Lily's own digest", d.Text()+d.Subject(), []string{"Look in your Drafts", "keepwarm sends these in your name", "Follow-ups sent in your name", "waiting for you"})
	d.cover = &digestCover{reader: "Tom Wang", line: "You are covering for Lily Chen, away until 2026-12-24.\n\n"}
	for _, tc := range []struct {
		lang      string
		want, not []string
	}{
		{"", []string{"in Lily Chen's Drafts", "do not write them again", "tell Lily Chen or the manager", "in Lily Chen's name", "the manager can pause",
			"Follow-ups sent in Lily Chen's name", "waiting for Lily Chen"},
			[]string{"your Drafts", "in your name", "on your desk", "waiting for you"}},
		{"zh", []string{"Lily Chen 的草稿箱", "请不要再写", "告诉 Lily Chen 或经理", "以 Lily Chen 的名义", "经理可以暂停", "等 Lily Chen 处理"},
			[]string{"你的草稿箱", "以你的名义", "在工作台上操作", "等你处理"}},
	} {
		d.Lang = tc.lang
		for _, part := range []struct{ name, text string }{{"text", d.Text() + "\n" + d.Subject()}, {"HTML", d.HTML()}} {
			text := part.text
			if part.name == "HTML" {
				text = html.UnescapeString(text)
			}
			mustHave(fmt.Sprintf("the covering %q digest's %s", tc.lang, part.name), text, tc.want)
			if subject := map[string]string{"": "1 follow-up waiting for Lily Chen", "zh": "1 个跟进等 Lily Chen 处理"}[tc.lang]; !strings.Contains(d.Subject(), subject) {
				t.Errorf("the covering %q digest's subject %q lacks %q", tc.lang, d.Subject(), subject)
			}
			for _, not := range tc.not {
				if strings.Contains(strings.ToLower(text), strings.ToLower(not)) {
					t.Errorf("the covering %q digest's %s says %q:\n%s", tc.lang, part.name, not, text)
				}
			}
		}
	}
}

// In the digest Tom reads while covering for Lily, the mail she sent that
// no sequence follows up and her follow-ups that ended without an answer
// are hers (or the manager's) to decide: their notes name her, not "Mail
// you sent", and do not send him to keepwarm enroll. Her own digest keeps
// its words. In Chinese too.
func TestCoveringDigestSaysNotFollowedAndEndedAreTheOwners(t *testing.T) {
	at := time.Date(2026, 12, 21, 9, 0, 0, 0, time.UTC)
	d := Digest{Salesperson: "lily@team.example", Name: "Lily Chen", Date: "2026-12-21", TimeZone: "UTC", Now: at, web: "https://desk.example",
		NotFollowed: []keepwarm.FollowUpSkip{{Customer: "domain:meier.example", Subject: "Catalogue", To: []string{"hans@meier.example"},
			SentAt: at.Add(-3 * time.Hour), Reason: keepwarm.SkipNoSequence, ThreadID: 11}},
		Ended: []keepwarm.Enrollment{{ID: 8, Customer: "domain:meier.example", Sequence: "key-customer", Status: keepwarm.EnrollCompleted, Step: 3,
			ThreadID: 12, UpdatedAt: at.Add(-time.Hour)}}}
	own := d.Text()
	for _, want := range []string{"Mail you sent that no sequence follows up", "keepwarm enroll THREAD", "decide what next"} {
		if !strings.Contains(own, want) {
			t.Errorf("Lily's own digest lacks %q:\n%s", want, own)
		}
	}
	d.cover = &digestCover{reader: "Tom Wang", line: "You are covering for Lily Chen, away until 2026-12-24.\n\n"}
	for _, lang := range []string{"en", "zh"} {
		d.Lang = lang
		covering := d.Text() + d.HTML()
		wants := map[string][]string{
			"en": {"Mail Lily Chen sent that no sequence follows up", "Lily Chen (or the manager) decides what next"},
			"zh": {"Lily Chen 发出的、没有序列跟进的邮件", "由 Lily Chen（或经理）决定下一步"},
		}[lang]
		for _, want := range wants {
			if !strings.Contains(covering, html.EscapeString(want)) && !strings.Contains(covering, want) {
				t.Errorf("the covering digest (%s) lacks %q:\n%s", lang, want, covering)
			}
		}
		for _, not := range []string{"Mail you sent", "你发出的", "keepwarm enroll ", "decide what next", "请决定下一步"} {
			if strings.Contains(covering, not) {
				t.Errorf("the covering digest (%s) says %q:\n%s", lang, not, covering)
			}
		}
	}
}

// A failed follow-up whose step may have gone out, with a reply through
// the customer's list since, is listed as the desk shows it: who replied
// through which list, and what --arrived and --resend do now (either
// leaves it paused, or --arrived ends it on its last step), in Chinese
// too. It printed the stored reason whole: "then resume the follow-up or
// stop it" (a plain resume is refused) and "if it did, go on to the next
// step".
func TestFailedListHeldFollowUpSaysWhatTheAnswersDo(t *testing.T) {
	at := time.Date(2026, 12, 21, 9, 0, 0, 0, time.UTC)
	reason := keepwarm.ListAnswerHold + "purchasing@buyer.de from anna@buyer.de: check whether it answers you, then resume the follow-up or stop it" +
		"; before: step 1 may not have gone out (the link dropped after DATA); it is not in Sent: ask the recipient whether it arrived; if it did, go on to the next step, if not, send it again (or stop)"
	d := Digest{Salesperson: "lily@team.example", Name: "Lily Chen", Date: "2026-12-21", TimeZone: "UTC", Now: at, web: "https://desk.example",
		Failed: []keepwarm.Enrollment{{ID: 7, Customer: "domain:meier.example", Sequence: "key-customer", Status: keepwarm.EnrollFailed, ThreadID: 3, Reason: reason}}}
	text := d.Text()
	for _, want := range []string{"a reply came through the customer's list purchasing@buyer.de from anna@buyer.de (enrollment 7, thread 3); read that reply first",
		"keepwarm resume 7 --arrived (it arrived) leaves the follow-up paused until you resume it, or ends it on its last step; --resend (it did not) does the step again when you resume it"} {
		if !strings.Contains(text, want) {
			t.Errorf("the digest lacks %q:\n%s", want, text)
		}
	}
	for _, not := range []string{"go on to the next step", "then resume the follow-up", "; before: "} {
		if strings.Contains(text, not) {
			t.Errorf("the digest says %q:\n%s", not, text)
		}
	}
	d.Lang = "zh"
	d.translate = func(s string) string { return "«" + s + "»" }
	zh := d.Text()
	if !strings.Contains(zh, "«a reply came through the customer's list purchasing@buyer.de from anna@buyer.de»（跟进 7，会话 3）；请先读这封回复") ||
		!strings.Contains(zh, "keepwarm resume 7 --arrived（已送达）会让跟进保持暂停，直到你恢复（若是最后一步则结束跟进）") {
		t.Errorf("the failed follow-up in Chinese:\n%s", zh)
	}
	for _, not := range []string{"go on to the next step", "then resume the follow-up"} {
		if strings.Contains(zh, not) {
			t.Errorf("the Chinese digest says %q:\n%s", not, zh)
		}
	}
}
