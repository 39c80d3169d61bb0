package web_test

import (
	"strings"
	"testing"

	"keepwarm/web"
)

// Why a follow-up was not sent in the thread's register or language, and a
// template with no opening in its language, read in Chinese too.
func TestComposeReasonsInChinese(t *testing.T) {
	zh := web.Lang{Code: "zh"}
	for msg, want := range map[string]string{
		`step 1: the mail followed up writes "dir" to hans@buyer.de, resend.de.tmpl says "Ihnen": not sent in a register the customer is not written to (write it yourself, or change the text)`: "第 1 步出错：被跟进的邮件对 hans@buyer.de 用的是「dir」",
		`step 1: the thread is in it and there is no resend.it.tmpl: not sent in another language (add one, or list "it" in sequences.english_for to send the English one)`:                      "这个会话用的是 it，但没有 resend.it.tmpl",
		`no salutation for language "sv": write the opening in the template`: "没有「sv」语言的称呼",
	} {
		if got := zh.Err(msg); !strings.Contains(got, want) {
			t.Errorf("%q in Chinese: %q, want %q in it", msg, got, want)
		}
	}
}
