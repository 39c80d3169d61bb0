package zhtext_test

import (
	"strings"
	"testing"

	"keepwarm/zhtext"
)

// A letter held past its month is skipped with what held it: a Chinese
// desk and digest read both parts in Chinese, whatever held it.
func TestALetterSkippedAfterAHoldReadsInChinese(t *testing.T) {
	month := "the letter's month (2026-12) ended in the customer's time (America/New_York) before it could go inside their send window"
	for _, c := range []struct {
		held string
		want []string
	}{
		{"not sent, as the copy of a mail sent before it could not be filed in the Sent folder yet: NO [OVERQUOTA] Quota exceeded",
			[]string{"副本", "NO [OVERQUOTA] Quota exceeded"}},
		{"lily@seller.example is away (desk) until Thu 31 Dec: waits until then",
			[]string{"lily@seller.example 不在", "等到那时再定"}},
	} {
		for _, skip := range []string{month, month + " on a day without a greeting to hans@acme.de: it is not sent, one a day at most"} {
			got := zhtext.Err(skip + "; it waited, " + c.held)
			if !strings.Contains(got, "月度邮件") || !strings.Contains(got, "此前一直暂缓") || strings.Contains(got, "it waited") {
				t.Fatalf("%q: %q", c.held, got)
			}
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Fatalf("%q: %q wants %q", c.held, got, w)
				}
			}
		}
	}
}

// A sent item's note on its copy reads in Chinese, alone or after who
// learnt that it arrived.
func TestCopyNotesOnSentItemsReadInChinese(t *testing.T) {
	for _, c := range []struct{ en, want string }{
		{"its copy is not filed in Sent: NO [OVERQUOTA] Quota exceeded", "已发送；但它的副本还未能存入“已发送”文件夹：NO [OVERQUOTA] Quota exceeded"},
		{"sent; its copy could not be filed in Sent: NO [TOOBIG] too big", "已发送；但它的副本无法存入“已发送”文件夹：NO [TOOBIG] too big"},
		{"arrived, as lily@seller.example learnt from the recipient; its copy is not filed in Sent: NO [OVERQUOTA] Quota exceeded",
			"已送达：lily@seller.example 从收件人处得知；已发送；但它的副本还未能存入“已发送”文件夹：NO [OVERQUOTA] Quota exceeded"},
		{"arrived, as lily@seller.example learnt from the recipient; sent; its copy could not be filed in Sent: NO [TOOBIG] too big",
			"已送达：lily@seller.example 从收件人处得知；已发送；但它的副本无法存入“已发送”文件夹：NO [TOOBIG] too big"},
	} {
		if got := zhtext.Err(c.en); got != c.want {
			t.Fatalf("%q:\n got %q\nwant %q", c.en, got, c.want)
		}
	}
}
