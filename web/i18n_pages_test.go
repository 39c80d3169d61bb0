package web_test

import (
	"net/http"
	"testing"
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
