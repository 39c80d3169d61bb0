package web_test

import (
	"net/http"
	"testing"

	"keepwarm/web"
)

// getZh fetches a page as a browser set to Chinese.
func (c *client) getZh(t *testing.T, p string) string {
	t.Helper()
	req, err := http.NewRequest("GET", c.srv.URL+p, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8")
	resp, err := c.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", p, resp.StatusCode)
	}
	return readAll(resp)
}

// The sequences page and form speak Chinese down to each step's line and
// the send window; the window's end is a time ("至"), not a recipient.
func TestSequencesInChinese(t *testing.T) {
	_, mgr, _, _ := newConsole(t)
	zh := mgr.getZh(t, "/sequences")
	mustContain(t, "Chinese sequences", zh, "避开公共假日", "(同一会话)", "邮件 resend", "任务: ")
	mustLack(t, "Chinese sequences", zh, "holidays skipped", "(in thread)", " task: ", " email resend")
	_, en := mgr.get("/sequences")
	mustContain(t, "English sequences", en, "holidays skipped", "+3d email resend (in thread)", "task: ")

	zh = mgr.getZh(t, "/sequences/key-customer")
	mustContain(t, "Chinese sequence form", zh, `<label>至 <input name="window.end"`)
	mustLack(t, "Chinese sequence form", zh, `<label>收件人 <input name="window.end"`)
}

// Why a follow-up ended reads in Chinese on the customer's page.
func TestEnrollmentReasonInChinese(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	l := w.signIn(srv, lily)
	if _, err := w.be.ChangeEnrollment(w.ctx, web.Person{Email: lily, Name: "Lily Chen"}, w.enrollment, web.OpStop, "", now0); err != nil {
		t.Fatal(err)
	}
	zh := l.getZh(t, path("/customers/%d", w.meier))
	mustContain(t, "Chinese customer page", zh, "已停止", "已被手动停止")
	mustLack(t, "Chinese customer page", zh, "stopped by a person")
	_, en := l.get(path("/customers/%d", w.meier))
	mustContain(t, "English customer page", en, "stopped by a person")

	// The engine's reasons, each with the value it carries.
	zhL := web.Lang{Code: "zh"}
	for msg, want := range map[string]string{
		"answered by hans@buyer.de":                          "hans@buyer.de 已回复",
		"every step done":                                    "所有步骤已完成",
		"no recipient may be written to: bounced":            "没有可以写信的收件人：已退信",
		"asked for no more mail: hans@buyer.de":              "hans@buyer.de 要求不再来信",
		"step clock restarted by a later mail in the thread": "会话中有更新的邮件，步骤重新计时",
		"asked for no more mail: ute@buyer.de, for the whole company (ute@buyer.de asked for the whole company in an answer to a follow-up)":                                        "ute@buyer.de 要求不再来信，适用于整个公司（ute@buyer.de 在回复跟进邮件时代表整个公司提出）",
		"ute@buyer.de asked for the whole company in an answer to a monthly letter":                                                                                                 "ute@buyer.de 在回复月度邮件时代表整个公司提出",
		"ended when the customer was opted out as a whole by the answer from mia@seller.example, which was the team's own mail (its copy in Sent came later): resume it or stop it": "因 mia@seller.example 的那封“回复”整个客户被退订而结束，但那其实是团队自己的邮件（其在已发送中的副本后来才同步到）：请恢复或停止这个跟进",
		"live again: the answer from mia@seller.example was the team's own mail (its copy in Sent came later)":                                                                      "已恢复：mia@seller.example 的那封“回复”其实是团队自己的邮件（其在已发送中的副本后来才同步到）",
	} {
		if got := zhL.Err(msg); got != want {
			t.Errorf("Err(%q) = %q, want %q", msg, got, want)
		}
	}
}

// A salesperson reads the sequence and template editors without a word
// about saving: they are told only a manager can change them.
func TestEditorsTellASalespersonOnlyAManagerChanges(t *testing.T) {
	_, _, sales, _ := newConsole(t)
	_, body := sales.get("/templates/resend.tmpl")
	mustContain(t, "salesperson's template editor", body, "Only a manager can change this.", "readonly")
	mustLack(t, "salesperson's template editor", body, "saving writes", "Check and save")
	_, body = sales.get("/sequences/key-customer")
	mustContain(t, "salesperson's sequence form", body, "Only a manager can change sequences.")
	mustLack(t, "salesperson's sequence form", body, "saving writes", "Check and save")
}

// The templates page says where each template is used, and the funnel
// report its total row, in Chinese.
func TestTemplatesUsedByAndFunnelTotalInChinese(t *testing.T) {
	_, mgr, _, _ := newConsole(t)
	zh := mgr.getZh(t, "/templates")
	mustContain(t, "Chinese templates page", zh, "key-customer 第 1 步", "回复提醒：草稿箱中的草稿")
	mustLack(t, "Chinese templates page", zh, "key-customer step 1", "reply nudge: draft in Drafts")
	zh = mgr.getZh(t, "/reports/sequences")
	mustContain(t, "Chinese funnel", zh, "<td>合计</td>", ">合计</text>")
	mustLack(t, "Chinese funnel", zh, "<td>total</td>", ">total<")
	_, csv := mgr.get("/reports/sequences?format=csv")
	mustContain(t, "funnel CSV", csv, "\ntotal,")
}
