package web

import (
	"testing"
	"testing/fstest"

	"keepwarm/templates"
)

// The attachment notice a template's preview shows reads in Chinese on a
// Chinese console, the words quoted as written.
func TestAttachmentNoticeInChinese(t *testing.T) {
	set, err := templates.Load(fstest.MapFS{"intro.tmpl": {Data: []byte("subject: News\n--- text\nHi,\n\nplease find attached our catalogue.\n")}})
	if err != nil {
		t.Fatal(err)
	}
	ps := templates.AttachmentClaims(set)
	if len(ps) != 1 {
		t.Fatalf("claims: %v", ps)
	}
	want := "写了「attached」，但 keepwarm 发出的邮件不带任何附件：客户会去找一个并不存在的附件。请改为给出文件的链接（产品的 {{.Link}}，或公司网站上的页面）。"
	if got := (Lang{Code: "zh"}).Err(ps[0].Msg); got != want {
		t.Errorf("zh: %q", got)
	}
}
