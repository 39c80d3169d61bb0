package templates

import "testing"

// Outlook on the web (a line of underscores above the header block) and
// Chinese Outlook (发件人 / 发送时间, no 原始邮件 line) quote as Outlook.
func TestQuoteStyleOfOutlookOnTheWebAndChineseOutlook(t *testing.T) {
	for _, text := range []string{
		"Dear Hans,\n\noffer below.\n\n________________________________\nFrom: Hans Meier <hans@buyer.de>\nSent: Friday, November 13, 2026 4:10 PM\nTo: Lily Chen <lily@seller.example>\nSubject: Inquiry\n\nDear Lily",
		"王总您好，\n\n报价见附件。\n\n发件人: 王伟 <wang@buyer.cn>\n发送时间: 2026年11月13日 16:10\n收件人: Lily Chen <lily@seller.example>\n主题: 询价\n\nLily 你好",
		"王总您好，\n\n报价见附件。\n\n________________________________\n发件人: 王伟 <wang@buyer.cn>\n发送时间: 2026年11月13日 16:10\n收件人: Lily Chen <lily@seller.example>\n主题: 询价\n\nLily 你好",
	} {
		if got := QuoteStyleOf(text); got != QuoteOutlook {
			t.Errorf("QuoteStyleOf = %q for\n%s", got, text)
		}
	}
	// A line of underscores that is not over a header block is no
	// Outlook quote.
	if got := QuoteStyleOf("Hi Bob,\n\nsee below.\n\n____________\n> Hi Lily\n"); got != QuoteCite {
		t.Errorf("underscores alone: %q", got)
	}
}
