package config

import (
	"strconv"
	"strings"
	"testing"
)

// TestUnknownKeyNamesItsLineAndBlock: a key misspelt in one of several
// [[mailbox]] blocks is named at its line, with the mailbox's name, as a
// value of the wrong type there is; each unknown key is its own error.
func TestUnknownKeyNamesItsLineAndBlock(t *testing.T) {
	body := strings.Replace(minimal, `name = "lily"`, `name = "team"`, 1) + `
[[mailbox]]
name = "lily"
owner = "lily@acme.example"
url = "imaps://imap.acme.example"
username = "lily.chen@acme.example"
password_env = "LILY_PW"
sent_foler = "Sent Items"

[sync]
no_such_thing = "1m"
`
	lines := strings.Split(body, "\n")
	at := func(prefix string) string {
		for i, l := range lines {
			if strings.HasPrefix(l, prefix) {
				return "line " + strconv.Itoa(i+1) + ": "
			}
		}
		t.Fatalf("no line %q", prefix)
		return ""
	}
	_, err := Parse([]byte(body))
	if err == nil {
		t.Fatal("accepted sent_foler")
	}
	for _, want := range []string{
		at("sent_foler") + `unknown key mailbox "lily".sent_foler: did you mean mailbox.sent_folder? (or remove it)`,
		at("no_such_thing") + "unknown key sync.no_such_thing: remove it or check its spelling",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q\ndoes not hold %q", err, want)
		}
	}

	// A block without an email is named by its place; a key inside an
	// inline table at the line of the key that holds it.
	body = `[team]
internal_domains = ["acme.example"]
[[salesperson]]
email = "lily@acme.example"
[[salesperson]]
name = "Tom"
away = [{ from = "2026-12-22", untill = "2027-01-02" }]
`
	_, err = Parse([]byte(body))
	if err == nil || !strings.Contains(err.Error(), "line 7: unknown key away.untill in the 2nd [[salesperson]]: did you mean salesperson.away.until?") {
		t.Errorf("unnamed salesperson: %v", err)
	}
}
