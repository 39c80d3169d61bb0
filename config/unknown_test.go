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
	at := func(prefix string) string { return lineAt(t, body, prefix) }
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

// TestUnknownKeyInInlineTableNamesItsOwnBlock: a key misspelt inside an
// inline table of one [[salesperson]] among several with the same key is
// named at that salesperson's line, not the first block that has the key.
func TestUnknownKeyInInlineTableNamesItsOwnBlock(t *testing.T) {
	body := `[team]
internal_domains = ["acme.example"]
[[salesperson]]
email = "lily@acme.example"
away = [{ from = "2026-12-22", until = "2027-01-02" }]
[[salesperson]]
email = "tom@acme.example"
away = [{ from = "2026-12-22", untill = "2027-01-02" }]
[[salesperson]]
email = "ann@acme.example"
away = [{ from = "2026-12-22", until = "2027-01-02" }, { from = "2027-02-01", untill = "2027-02-09" }]
`
	_, err := Parse([]byte(body))
	want := `line 8: unknown key salesperson "tom@acme.example".away.untill (also line 11): did you mean salesperson.away.until?`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v\ndoes not hold %q", err, want)
	}
	if err != nil && strings.Contains(err.Error(), "lily") {
		t.Errorf("error names lily, whose away is right: %v", err)
	}
}

// lineAt is "line N: " for the first line of body that starts with prefix,
// as an error of Parse begins.
func lineAt(t *testing.T, body, prefix string) string {
	t.Helper()
	for i, l := range strings.Split(body, "\n") {
		if strings.HasPrefix(l, prefix) {
			return "line " + strconv.Itoa(i+1) + ": "
		}
	}
	t.Fatalf("no line %q", prefix)
	return ""
}
