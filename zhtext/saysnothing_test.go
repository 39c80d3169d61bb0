package zhtext

import "testing"

// A mail not sent because, without products or a company name, it would
// be its opening and sign-off alone says so in Chinese, the file kept.
func TestSaysNothingInChinese(t *testing.T) {
	for en, want := range map[string]string{
		`not sent: no product in the catalog matches the customer's tags or mail, and resend.tmpl then says nothing but its opening and sign-off (write what it says to them outside {{with .Products}} and above the closing, since under it everything but a P.S. is the signature, or add "requires: Products" to its header)`: `未发送：产品目录里没有与客户标签或邮件相符的产品，这时 resend.tmpl 除了称呼和结尾敬语什么也没说（请把要对他们说的话写在 {{with .Products}} 外面、结尾敬语之上（结尾敬语之下除附言外都算签名），或在文件头加 "requires: Products"）。`,
		`not sent: the book has no company name for this customer, and 2026-12.tmpl then says nothing but its opening and sign-off (write what it says to them outside {{with .Company}} and above the closing, since under it everything but a P.S. is the signature, or add "requires: Company" to its header)`:                 `未发送：客户资料里没有这位客户的公司名，这时 2026-12.tmpl 除了称呼和结尾敬语什么也没说（请把要对他们说的话写在 {{with .Company}} 外面、结尾敬语之上（结尾敬语之下除附言外都算签名），或在文件头加 "requires: Company"）。`,
		// Worded so before 7 December 2026: a reason a skip stored then.
		`not sent: no product in the catalog matches the customer's tags or mail, and resend.tmpl then says nothing but its opening and sign-off (write what it says to them outside {{with .Products}}, or add "requires: Products" to its header)`: `未发送：产品目录里没有与客户标签或邮件相符的产品，这时 resend.tmpl 除了称呼和结尾敬语什么也没说（请把要对他们说的话写在 {{with .Products}} 外面，或在文件头加 "requires: Products"）。`,
		`not sent: the book has no company name for this customer, and 2026-12.tmpl then says nothing but its opening and sign-off (write what it says to them outside {{with .Company}}, or add "requires: Company" to its header)`:                 `未发送：客户资料里没有这位客户的公司名，这时 2026-12.tmpl 除了称呼和结尾敬语什么也没说（请把要对他们说的话写在 {{with .Company}} 外面，或在文件头加 "requires: Company"）。`,
	} {
		if got := Err(en); got != want {
			t.Errorf("%s:\ngot  %s\nwant %s", en, got, want)
		}
	}
}
