package config

import (
	"strconv"
	"strings"
	"testing"
)

// A key uncommented under a section header left commented (the example's
// optional sections) lands in the table above; the error names the table
// the key belongs to and the header line, not its spelling.
func TestKeyUnderTheWrongHeaderNamesItsTable(t *testing.T) {
	body := minimal + "\n[web]\nlisten = \"\"\n\n# [digest]\ntime = \"09:00\"\n"
	_, err := Parse([]byte(body))
	if err == nil {
		t.Fatal("accepted")
	}
	msg := err.Error()
	header := strings.Count(strings.SplitN(body, "# [digest]", 2)[0], "\n") + 1
	for _, want := range []string{`"time" is a key of [digest], not of [web]`, "last [table] header above it", "uncomment the header at line " + strconv.Itoa(header)} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "spelling") {
		t.Errorf("error %q sends the operator to check the spelling", msg)
	}

	// A key appended after the last [[mailbox]]: named with its line, and
	// the [team] header the file has.
	body = minimal + "reply_target = \"5m\"\n"
	_, err = Parse([]byte(body))
	if err == nil {
		t.Fatal("accepted")
	}
	msg = err.Error()
	line := strings.Count(body, "\n")
	for _, want := range []string{"line " + strconv.Itoa(line) + `: unknown key mailbox "lily".reply_target`, `[[mailbox]] has no "reply_target", [team] or [replies] has`, "move it under the [team] header at line 2"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}

	// A top-level key after a header.
	_, err = Parse([]byte(minimal + "database = \"x.db\"\n"))
	if err == nil || !strings.Contains(err.Error(), "move it above the first [table] header") {
		t.Errorf("top-level key under [[mailbox]]: %v", err)
	}
	t.Log(msg)
}

// The commonest first edit of config.example.toml: a key of a commented
// section uncommented without its header.
func TestExampleKeyUncommentedWithoutItsHeader(t *testing.T) {
	body := strings.Replace(Example, "# time = \"08:30\"", "time = \"09:00\"", 1)
	_, err := Parse([]byte(body))
	if err == nil || !strings.Contains(err.Error(), `"time" is a key of [digest], not of [web]`) || !strings.Contains(err.Error(), "uncomment the header at line") {
		t.Fatalf("got %v", err)
	}
	t.Log(err)
}

// A right key in the wrong block is named with its block, and the other
// blocks it is written in are listed, as a misspelt key is.
func TestMisplacedKeyNamesItsBlockAndOtherLines(t *testing.T) {
	body := strings.Replace(minimal, `name = "lily"`, `name = "team"`, 1) + `
[[mailbox]]
name = "lily"
owner = "lily@acme.example"
url = "imaps://imap.acme.example"
username = "lily.chen@acme.example"
password_env = "LILY_PW"
hours = "09:00-18:00"
[[mailbox]]
name = "tom"
owner = "lily@acme.example"
url = "imaps://imap.acme.example"
username = "tom@acme.example"
password_env = "TOM_PW"
hours = "09:00-18:00"
`
	var at []string
	for i, l := range strings.Split(body, "\n") {
		if strings.HasPrefix(l, "hours") {
			at = append(at, strconv.Itoa(i+1))
		}
	}
	_, err := Parse([]byte(body))
	want := "line " + at[0] + `: unknown key mailbox "lily".hours (also line ` + at[1] + `): [[mailbox]] has no "hours"`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v\ndoes not hold %q", err, want)
	}
}
