package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"keepwarm/mailsync"
	"keepwarm/web"
)

// In the Chinese interface the engine's and the store's refusals and the
// sequence and template checks' messages are shown in Chinese, with their
// values.
func TestChineseUIShowsRefusalsAndChecksInChinese(t *testing.T) {
	r, mgr, lilyC, _ := newConsole(t)
	for _, c := range []*client{mgr, lilyC} {
		if code, _ := c.pressLang("/lang/zh?next=/"); code != http.StatusSeeOther {
			t.Fatalf("switch to Chinese: %d", code)
		}
	}
	meierPage := path("/customers/%d", r.meier)
	if code, _ := lilyC.do(meierPage, path("/enrollments/%d/stop", r.enrollment), url.Values{"confirm": {"1"}}); code != http.StatusSeeOther {
		t.Fatalf("stop: %d", code)
	}
	refusals := []struct {
		what, path string
		form       url.Values
		status     int
		want       string
	}{
		{"pause a stopped follow-up", path("/enrollments/%d/pause", r.enrollment), nil, http.StatusConflict,
			path("跟进序列 %d 当前为「已停止」：只有进行中或已暂停的才能暂停。", r.enrollment)},
		{"skip a step of a stopped follow-up", path("/enrollments/%d/skip", r.enrollment), url.Values{"step": {"1"}}, http.StatusConflict,
			path("跟进序列 %d 当前为「已停止」：只有进行中或已暂停的才有可跳过的步骤。", r.enrollment)},
		{"a bad grade", path("/customers/%d/review", r.acme), url.Values{"grade": {"Z"}}, http.StatusBadRequest,
			"等级：未知等级「Z」，请用 A、B、C、D 或 E。"},
		{"claim a customer someone owns", path("/customers/%d/claim", r.meier), nil, http.StatusConflict, "Meier GmbH 不在公海：已归 " + lily + " 所有。"},
	}
	var hans int64
	if err := r.raw.QueryRow(`SELECT id FROM contacts WHERE email = 'hans@buyer.de'`).Scan(&hans); err != nil {
		t.Fatal(err)
	}
	refusals = append(refusals, []struct {
		what, path string
		form       url.Values
		status     int
		want       string
	}{
		{"a phone that is not one", path("/contacts/%d", hans), url.Values{"phone": {"abc"}}, http.StatusBadRequest, "「abc」不是电话号码。"},
		{"an absence from no day", "/away", url.Values{"from": {"next week"}, "until": {"2026-12-24"}}, http.StatusBadRequest,
			"开始：「next week」不是日期或时间"},
	}...)
	for _, x := range refusals {
		code, body := lilyC.do(meierPage, x.path, x.form)
		if code != x.status || !strings.Contains(html.UnescapeString(body), x.want) {
			t.Errorf("%s: %d, want %d with %q\n%s", x.what, code, x.status, x.want, body)
		}
	}

	// The sequence form: the field's error in Chinese beside the field.
	d := keyCustomer(t)
	d.Steps[0].After = "3x"
	code, body := mgr.do("/sequences/key-customer", "/sequences", seqForm(d))
	if want := "「3x」不是时长"; code != http.StatusBadRequest || !strings.Contains(html.UnescapeString(body), want) {
		t.Errorf("sequence form: %d, want %q\n%s", code, want, body)
	}
	d.Steps[0].After, d.Steps[1].Template = "3d", "resnd"
	_, body = mgr.do("/sequences/key-customer", "/sequences", seqForm(d))
	if want := "没有模板「resnd」"; !strings.Contains(html.UnescapeString(body), want) {
		t.Errorf("sequence form: want %q\n%s", want, body)
	}
	// The template editor: a misspelt field, with the did-you-mean.
	_, page := mgr.get("/templates/resend.tmpl")
	tmpl := html.UnescapeString(textareaOf(t, page))
	bad := strings.Replace(tmpl, "{{.Contact.Salutation}}", "{{.Contact.Salutaton}}", 1)
	code, body = mgr.do("/templates/resend.tmpl", "/templates/resend.tmpl", url.Values{"body": {bad}})
	if want := "没有字段 Salutaton；你是不是想写 .Contact.Salutation？"; code != http.StatusBadRequest || !strings.Contains(html.UnescapeString(body), want) {
		t.Errorf("template form: %d, want %q\n%s", code, want, body)
	}
	// The reports' titles and columns too (the CSV keeps its English header).
	_, body = mgr.get("/reports/replies")
	mustContain(t, "Chinese replies report", body, "<h1>回复时间（过去 30 天）</h1>", "<th>销售</th>", "<th>90 分位</th>", "团队回复时间（12 周）", "超时回复")
	if _, csv := mgr.get("/reports/replies?format=csv"); !strings.HasPrefix(csv, "\uFEFFsalesperson,mail,") {
		t.Errorf("the CSV header in the Chinese interface: %q", csv)
	}
	// The same refusal in English stays as the engine wrote it.
	if code, _ := lilyC.pressLang("/lang/en?next=/"); code != http.StatusSeeOther {
		t.Fatal("switch back")
	}
	if code, body := lilyC.do(meierPage, path("/enrollments/%d/pause", r.enrollment), nil); code != http.StatusConflict ||
		!strings.Contains(body, "is stopped: only an active or paused one can be paused") {
		t.Errorf("English refusal: %d\n%s", code, body)
	}
}

func textareaOf(t *testing.T, page string) string {
	t.Helper()
	i := strings.Index(page, "<textarea")
	if i < 0 {
		t.Fatalf("no textarea:\n%s", page)
	}
	j := strings.Index(page[i:], ">")
	k := strings.Index(page[i:], "</textarea>")
	return page[i+j+1 : i+k]
}

// A pool claim says when it returns in the page's language, on the pool
// page and on the desk.
func TestAPoolClaimsStatusInChinese(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	c := w.signIn(w.serve(), lily)
	if code, _ := c.do("/pool", path("/customers/%d/claim", w.pool), nil); code != http.StatusSeeOther {
		t.Fatalf("claim: %d", code)
	}
	zh := c.getZh(t, "/pool")
	mustContain(t, "/pool in Chinese", zh, "天后退回公海")
	mustLack(t, "/pool in Chinese", zh, "returning in")
	// Its last hours, on the desk's list of claims returning soon.
	var deadline int64
	if err := w.raw.QueryRow(`SELECT pool_deadline FROM customers WHERE id = ?`, w.pool).Scan(&deadline); err != nil {
		t.Fatal(err)
	}
	w.clock.Set(time.Unix(deadline, 0).Add(-5 * time.Hour))
	zh = c.getZh(t, "/")
	mustContain(t, "the desk in Chinese", zh, "5 小时后退回公海")
	mustLack(t, "the desk in Chinese", zh, "returning in")
}

// The reasons of an absence or a customer's out-of-office without a return
// date read in Chinese, keepwarm's bound told as such.
func TestNoReturnDateReasonsInChinese(t *testing.T) {
	zh := web.Lang{Code: "zh"}
	for msg, want := range map[string]string{
		"held: lily@seller.example is away (auto-reply, no return date given): waits until 2026-11-18 16:06 CST, when keepwarm takes them as back at the latest": "暂缓发送：lily@seller.example 不在（auto-reply，未给出返回日期）：最迟 2026-11-18 16:06 CST 视为返回，等到那时再定。",
		"lily@seller.example is away (auto-reply, no return date given): waits until 2026-11-18 16:06 CST, when keepwarm takes them as back at the latest":       "lily@seller.example 不在（auto-reply，未给出返回日期）：最迟 2026-11-18 16:06 CST 视为返回，等到那时。",
		"out of office: hans@buyer.de (no return date given: paused for 7 days)":                                                                                 "hans@buyer.de 的自动回复：不在办公室（未给出返回日期：暂停 7 天）",
	} {
		if got := zh.Err(msg); got != want {
			t.Errorf("%q\n in Chinese: %q\n want %q", msg, got, want)
		}
	}
	// A greeting or letter in the name of a salesperson who is away
	// (sequences/greetings_run.go), with or without a return date, held
	// or not sent: nothing in English but the address.
	for msg, want := range map[string]string{
		"held: lily@seller.example is away (auto-reply, no return date given): the greeting waits until Mon 2 Jan 15:04, when keepwarm takes them as back at the latest":                                     "暂缓发送：lily@seller.example 不在（自动回复，未给出返回日期）：问候等到 1月2日（周一）15:04，最迟那时视为返回。",
		"lily@seller.example is away (auto-reply, no return date given): the letter waits until Mon 2 Jan 15:04, when keepwarm takes them as back at the latest":                                             "lily@seller.example 不在（自动回复，未给出返回日期）：月度邮件等到 1月2日（周一）15:04，最迟那时视为返回。",
		"lily@seller.example is away (auto-reply, no return date given): the greeting waits for them to write again within its day; if they do not, it is not sent in their name while they are away":        "lily@seller.example 不在（自动回复，未给出返回日期）：这封问候等其在当天内再次发信后再发；若没有，则不在其外出期间以其名义发出。",
		"lily@seller.example is away (auto-reply, no return date given) and keepwarm takes them as back only by Tue 10 Nov, after the greeting's day ends: it is not sent in their name while they are away": "lily@seller.example 不在（自动回复，未给出返回日期），最迟 11月10日（周二） 才视为返回，已过了这封问候的当天：不在其外出期间以其名义发出。",
		"lily@seller.example is away (auto-reply, no return date given) and keepwarm takes them as back only by Tue 10 Nov, after the letter's month ends: it is not sent in their name while they are away": "lily@seller.example 不在（自动回复，未给出返回日期），最迟 11月10日（周二） 才视为返回，已过了这封月度邮件的当月：不在其外出期间以其名义发出。",
		"held: lily@seller.example is away (config) until Mon 2 Jan 15:04: the letter waits until they are back":                                                                                             "暂缓发送：lily@seller.example 不在（配置），到 1月2日（周一）15:04 为止：月度邮件等其回来再发。",
		"held: lily@seller.example is away (desk) until Fri 24 Dec 09:00: the greeting waits until they are back":                                                                                            "暂缓发送：lily@seller.example 不在（工作台登记），到 12月24日（周五）09:00 为止：问候等其回来再发。",
		"lily@seller.example is away (config) and not back before the greeting's day ends: it is not sent in their name while they are away":                                                                 "lily@seller.example 不在（配置），这封问候的当天结束前回不来：不在其外出期间以其名义发出。",
		"lily@seller.example is away (desk) and not back before the letter's month ends: it is not sent in their name while they are away":                                                                   "lily@seller.example 不在（工作台登记），这封月度邮件的当月结束前回不来：不在其外出期间以其名义发出。",
	} {
		got := zh.Err(msg)
		if got != want {
			t.Errorf("%q\n in Chinese: %q\n want %q", msg, got, want)
		}
		if rest := strings.ReplaceAll(got, "lily@seller.example", ""); strings.ContainsAny(rest, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			t.Errorf("%q in Chinese keeps English: %q", msg, got)
		}
	}
}

// An outbox item held after a fault in keepwarm's own code reads in
// Chinese on the desk; the fault's own words stay as they are.
func TestFaultHoldInChinese(t *testing.T) {
	zh := web.Lang{Code: "zh"}
	msg := "held: keepwarm fault while checking: runtime error: index out of range [2] with length 0"
	want := "暂缓发送：keepwarm 自身在发送前检查时出错（约一小时后重试，已报告给运维）：runtime error: index out of range [2] with length 0"
	if got := zh.Err(msg); got != want {
		t.Errorf("in Chinese: %q\n want %q", got, want)
	}
}

// A send held because its copy cannot be filed in Sent reads in Chinese.
func TestCopyHoldInChinese(t *testing.T) {
	zh := web.Lang{Code: "zh"}
	msg := "held: not sent, as its copy could not be filed in the Sent folder: mailsync: imap tom: login refused 3 times in a row"
	want := "暂缓发送：无法把副本存入“已发送”文件夹，所以未发送：mailsync: imap tom: login refused 3 times in a row"
	if got := zh.Err(msg); got != want {
		t.Errorf("in Chinese: %q\n want %q", got, want)
	}
}

// A send held because keepwarm cannot find or read the mailbox's Sent
// folder reads in Chinese.
func TestNoSentHoldInChinese(t *testing.T) {
	zh := web.Lang{Code: "zh"}
	why := `no Sent folder found (none is marked \Sent, none has a usual name): set sent_folder for mailbox "lily" (the server has: INBOX, Outbox-X)`
	msg := mailsync.NoSentHeld + why
	want := "暂缓发送：keepwarm 找不到或无法读取此邮箱的“已发送”文件夹，所以未发送：" + why
	if got := zh.Err(msg); got != want {
		t.Errorf("in Chinese: %q\n want %q", got, want)
	}
}

// A send held while the copy of a mail sent before it is not filed in Sent
// (the mailbox over its quota) reads in Chinese, the server's answer kept.
func TestCopyUnfiledHoldInChinese(t *testing.T) {
	zh := web.Lang{Code: "zh"}
	why := "mailsync: imap lily: append to Sent: imap: NO [OVERQUOTA] Quota exceeded"
	want := "暂缓发送：此前已发出的一封邮件的副本还未能存入“已发送”文件夹，所以这封未发送：" + why
	if got := zh.Err(mailsync.CopyUnfiledHeld + why); got != want {
		t.Errorf("in Chinese: %q\n want %q", got, want)
	}
}

// A draft held because keepwarm cannot find the mailbox's Drafts folder
// reads in Chinese.
func TestNoDraftsHoldInChinese(t *testing.T) {
	zh := web.Lang{Code: "zh"}
	why := `no Drafts folder found (none is marked \Drafts, none has a usual name): set drafts_folder for mailbox "lily" (the server has: INBOX, Archive)`
	want := "暂缓存草稿：keepwarm 找不到此邮箱的“草稿箱”文件夹，所以未存入草稿：" + why
	if got := zh.Err(mailsync.NoDraftsHeld + why); got != want {
		t.Errorf("in Chinese: %q\n want %q", got, want)
	}
}

// A draft a crash interrupted that may have been filed reads in Chinese.
func TestInterruptedDraftInChinese(t *testing.T) {
	zh := web.Lang{Code: "zh"}
	want := "存草稿时被中断；此后“草稿箱”或“已发送”中已有同一会话的邮件：请先查看那里，再决定是否重新存入草稿。"
	if got := zh.Err(mailsync.InterruptedDraftMaybeFiled); got != want {
		t.Errorf("in Chinese: %q\n want %q", got, want)
	}
}

// A customer's out-of-office whose return date has passed reads in Chinese
// with that date.
func TestPassedReturnDateReasonInChinese(t *testing.T) {
	msg := "out of office: hans@buyer.de (return date 2026-12-07 given, not after this reply, so probably an automatic reply left on: paused for 7 days)"
	want := "hans@buyer.de 的自动回复：不在办公室（所给返回日期 2026-12-07 不晚于这封回复，自动回复大概忘了关：暂停 7 天）"
	if got := (web.Lang{Code: "zh"}).Err(msg); got != want {
		t.Errorf("zh.Err(%q) = %q; want %q", msg, got, want)
	}
}

// A delivery failure naming an address the follow-up never wrote to reads
// in Chinese.
func TestForwardBounceReasonInChinese(t *testing.T) {
	msg := "a delivery failure came back for step 1 naming li.wei@buyer.com, not one of its recipients (info@buyer.com): their server may pass the mail on to an address that no longer works; check the address, then resume or stop"
	want := "第 1 步的邮件被退回，退信写明的 li.wei@buyer.com 不是收件人（info@buyer.com）之一：对方服务器可能把邮件转给了一个已失效的地址；请核对地址，然后恢复或停止"
	if got := (web.Lang{Code: "zh"}).Err(msg); got != want {
		t.Errorf("zh.Err(%q) = %q; want %q", msg, got, want)
	}
}

// A send held while a new message of its mailbox cannot be read yet
// reads in Chinese.
func TestUnreadHoldInChinese(t *testing.T) {
	zh := web.Lang{Code: "zh"}
	for _, tc := range []struct{ why, want string }{
		{"the server has not yet served 1 new message(s) (folder INBOX, UID 2, refused 1 times since 2026-11-05 09:00 UTC); keepwarm asks again at each pass",
			"服务器尚未提供 1 封新邮件（文件夹 INBOX，UID 2，自 2026-11-05 09:00 UTC 起已被拒绝 1 次）；keepwarm 每次同步都会再次读取"},
		{"the server has not yet served 2 new message(s) (folder INBOX, UID 2, refused 3 times since 2026-11-05 09:00 UTC; folder 客户/2026, UID 17, refused 1 times since 2026-11-05 09:20 UTC); keepwarm asks again at each pass",
			"服务器尚未提供 2 封新邮件（文件夹 INBOX，UID 2，自 2026-11-05 09:00 UTC 起已被拒绝 3 次；文件夹 客户/2026，UID 17，自 2026-11-05 09:20 UTC 起已被拒绝 1 次）；keepwarm 每次同步都会再次读取"},
	} {
		want := "暂缓发送：此邮箱有新邮件暂时无法读取，可能就是对方的回复，所以未发送：" + tc.want
		if got := zh.Err(mailsync.UnreadHeld + tc.why); got != want {
			t.Errorf("in Chinese: %q\n want %q", got, want)
		}
		if got := zh.Err(mailsync.UnreadHeld + tc.why); strings.Contains(got, "refused") || strings.Contains(got, "served") {
			t.Errorf("English left in the Chinese: %q", got)
		}
	}
}
