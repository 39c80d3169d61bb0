package providers

import "testing"

// TestGuess: the host of a url as people copy it from the provider's help
// (with its port) is guessed; a name that only ends like a provider's
// domain is not.
func TestGuess(t *testing.T) {
	for host, want := range map[string]string{
		"imap.163.com:993":            "netease",
		"imap.163.com":                "netease",
		"IMAP.126.COM:993":            "netease",
		"imap.188.com:993":            "netease",
		"imap.not188.com":             "",
		"imap.gmail.com:993":          "gmail",
		"outlook.office365.com:993":   "microsoft365",
		"imap.exmail.qq.com:993":      "exmail",
		"imap.qiye.163.com:993":       "qiye163",
		"imap.qq.com:993":             "qq",
		"imap.qiye.aliyun.com:993":    "aliyun",
		"imap.aliyun.com:993":         "aliyunmail",
		"imap.mxhichina.com:993":      "aliyun",
		"smtp.mxhichina.com":          "aliyun",
		"imap.notmxhichina.com":       "",
		"partner.outlook.cn":          "microsoft365",
		"partner.outlook.cn:993":      "microsoft365",
		"outlook.cn":                  "microsoft365",
		"mail.myoutlook.cn":           "",
		"imap.notgmail.com":           "",
		"imap.myaliyun.com:993":       "",
		"mail.not163.com":             "",
		"imap.example-export.com:993": "",
	} {
		if got := Guess(host); got != want {
			t.Errorf("Guess(%q) = %q, want %q", host, got, want)
		}
	}
}
