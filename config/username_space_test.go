package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// netease is minimal's mailbox set up from the NetEase preset, with
// username for its login.
func netease(username string) string {
	return strings.Replace(minimal, "url = \"imaps://imap.acme.example\"\nusername = \"lily@acme.example\"",
		"provider = \"netease\"\nusername = \""+username+"\"", 1)
}

// TestUsernameWithTrailingSpaceIsNamed: a login pasted with a space (or a
// full-width space, a tab) around it is refused at load by its own key,
// quoted so that the space shows, instead of as a preset's url and smtp_url
// the user never wrote (imaps://imap.163.com :993), or as refused logins
// after start. The other keys read as written into a login or a lookup
// (an environment variable's name, the OAuth client and tenant) are
// refused the same way.
func TestUsernameWithTrailingSpaceIsNamed(t *testing.T) {
	if _, err := Parse([]byte(netease("example_trade@163.com"))); err != nil {
		t.Fatalf("the NetEase mailbox without the space is refused: %v", err)
	}
	cases := []struct {
		name, body string
		want       []string
	}{
		{"preset, trailing space", netease("example_trade@163.com "),
			[]string{`mailbox "lily".username: "example_trade@163.com " has a space`}},
		{"no preset, trailing space", strings.Replace(minimal, `username = "lily@acme.example"`, `username = "lily@acme.example "`, 1),
			[]string{`mailbox "lily".username: "lily@acme.example " has a space`}},
		{"preset, full-width space", netease("example_trade@163.com\u3000"),
			[]string{`mailbox "lily".username: "example_trade@163.com\u3000" has a space`}},
		{"a tab inside an address", strings.Replace(minimal, `username = "lily@acme.example"`, `username = "lily\t@acme.example"`, 1),
			[]string{`mailbox "lily".username: "lily\t@acme.example" has a space`}},
		{"notify username", minimal + "\n[notify]\nsmtp_url = \"smtps://smtp.acme.example\"\nfrom = \"kw@acme.example\"\nusername = \" kw@acme.example\"\npassword_env = \"KW_PW\"\n",
			[]string{`notify.username: " kw@acme.example" has a space`}},
		{"password_env", strings.Replace(minimal, `password_env = "LILY_PW"`, `password_env = "LILY_PW "`, 1),
			[]string{`mailbox "lily".password_env: "LILY_PW " has a space`}},
		{"oauth_client_id", strings.Replace(minimal, "url = \"imaps://imap.acme.example\"\nusername = \"lily@acme.example\"\npassword_env = \"LILY_PW\"",
			"provider = \"microsoft365\"\nusername = \"lily@acme.example\"\noauth_client_id = \"0a1b2c3d \"", 1),
			[]string{`mailbox "lily".oauth_client_id: "0a1b2c3d " has a space`}},
		{"a chat channel's url_env", minimal + "\n[[notify.channel]]\nname = \"wecom\"\nkind = \"wecom\"\nurl_env = \"WECOM_URL \"\n",
			[]string{`notify.channel "wecom".url_env: "WECOM_URL " has a space`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "keepwarm.toml")
			if err := os.WriteFile(path, []byte(c.body), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path)
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not say %s: %v", w, err)
				}
			}
			if strings.Contains(err.Error(), ".url:") || strings.Contains(err.Error(), ".smtp_url:") {
				t.Errorf("error names a url she did not write: %v", err)
			}
		})
	}
}
