package web

import "testing"

// The reason a follow-up stops with when its mail came back refused for
// something other than the address reads in Chinese.
func TestARefusalOfTheMailReadsInChinese(t *testing.T) {
	l := Lang{Code: "zh"}
	for en, want := range map[string]string{
		"step 1 was refused by buyer.de's server as too large (5.3.4), not for the address: nobody was flagged; check the mail, then resume or stop":                                                   "第 1 步的邮件被 buyer.de 的服务器拒收：邮件过大（5.3.4），不是地址的问题：没有标记任何地址；请检查邮件，然后恢复或停止",
		"step 2 was refused by buyer.de's server as failing the SPF, DKIM or DMARC check (5.7.26), not for the address: nobody was flagged; check the mail, then resume or stop":                       "第 2 步的邮件被 buyer.de 的服务器拒收：未通过 SPF、DKIM 或 DMARC 验证（5.7.26），不是地址的问题：没有标记任何地址；请检查邮件，然后恢复或停止",
		"the mail followed up was refused by buyer.de's server as spam, not for the address: nobody was flagged; check the mail, then resume or stop":                                                  "所跟进的邮件被 buyer.de 的服务器拒收：被当作垃圾邮件，不是地址的问题：没有标记任何地址；请检查邮件，然后恢复或停止",
		"step 1 was refused by buyer.de's server (5.4.1), which did not say the address does not exist: nobody was flagged; check the mail and the address, then resume or stop":                       "第 1 步的邮件被 buyer.de 的服务器拒收（5.4.1），但没有说明地址不存在：没有标记任何地址；请检查邮件和地址，然后恢复或停止",
		"step 1 was refused for ute@buyer.de by buyer.de's server as spam (5.7.1), not for the address: hans@buyer.de does not exist and is no longer written to; check the mail, then resume or stop": "第 1 步发给 ute@buyer.de 的邮件被 buyer.de 的服务器拒收：被当作垃圾邮件（5.7.1），不是地址的问题：hans@buyer.de 不存在，已不再给它发信；请检查邮件，然后恢复或停止",
		"step 1 was refused for ute@buyer.de by buyer.de's server (5.4.6), which did not say the address does not exist: nobody was flagged; check the mail and the address, then resume or stop":      "第 1 步发给 ute@buyer.de 的邮件被 buyer.de 的服务器拒收（5.4.6），但没有说明地址不存在：没有标记任何地址；请检查邮件和地址，然后恢复或停止",
		"the mail followed up was refused by buyer.de's server as too large (5.3.4), not for the address: nobody was flagged; send it again: the new mail is followed up on its own; stop this one":    "所跟进的邮件被 buyer.de 的服务器拒收：邮件过大（5.3.4），不是地址的问题：没有标记任何地址；请重新发送：新邮件会单独跟进；请停止这个跟进",
	} {
		if got := l.Err(en); got != want {
			t.Errorf("%q\n got %q\nwant %q", en, got, want)
		}
	}
}
