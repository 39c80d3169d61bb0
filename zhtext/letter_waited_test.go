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
