package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// two is minimal with a second salesperson (Tom) and a chat channel.
const two = minimal + `
[[salesperson]]
email = "tom@acme.example"

[[notify.channel]]
name = "wecom"
kind = "wecom"
url_env = "WECOM_URL"
`

// TestTypeErrorsSpeakTheOperatorsWords: a value of the wrong type is named
// by file, line and key (an array's item by its email or name, else by its
// place counted from one), and the message says what the value must be with
// an example in the key's own terms. Each config goes through Load.
func TestTypeErrorsSpeakTheOperatorsWords(t *testing.T) {
	lily := `email = "lily@acme.example"`
	tom := `email = "tom@acme.example"`
	cases := []struct{ name, body, want string }{
		{"text given a number", strings.Replace(two, lily, lily+"\nhours = 9", 1),
			`line 7: salesperson "lily@acme.example".hours: must be text like "09:00-18:00"`},
		{"the line of the item that is wrong, not the last one", strings.Replace(strings.Replace(two, lily, lily+"\nhours = 9", 1), tom, tom+"\nhours = \"08:00-17:00\"", 1),
			`line 7: salesperson "lily@acme.example".hours: must be text like "09:00-18:00"`},
		{"an item without its email is counted from one", strings.Replace(two, tom, "hours = 9", 1),
			`line 15: hours in the 2nd [[salesperson]]: must be text like "09:00-18:00"`},
		{"list given one value", strings.Replace(two, lily, lily+"\nnotify = \"wecom:lily\"", 1),
			`line 7: salesperson "lily@acme.example".notify: must be a list such as ["wecom:lily"]: put it in [ ]`},
		{"list of numbers", strings.Replace(two, tom, tom+"\nworkdays = [1, 5]", 1),
			`line 16: salesperson "tom@acme.example".workdays: must be a list of text such as ["Mon-Fri"]`},
		{"channel named by its name", strings.Replace(two, `url_env = "WECOM_URL"`, "url_env = 5", 1),
			`line 20: notify.channel "wecom".url_env: must be text like "KEEPWARM_WECOM_URL"`},
		{"channel without a name", two + "\n[[notify.channel]]\nkind = 5\n",
			`line 23: kind in the 2nd [[notify.channel]]: must be text like "wecom"`},
		{"time zone", strings.Replace(two, "[team]", "[team]\ntime_zone = 8", 1),
			`line 3: team.time_zone: must be text like "Asia/Shanghai"`},
		{"duration given a bare number", two + "\n[sync]\npoll_interval = 30\n",
			`line 23: sync.poll_interval: must be a duration like "30s" (30 alone has no unit)`},
		{"duration in a mailbox's table", two + "\n[mailbox.timeouts]\ndial = 30\n",
			`line 23: mailbox "lily".timeouts.dial: must be a duration like "30s" (30 alone has no unit)`},
		{"duration text it cannot read (kept)", strings.Replace(two, `password_env = "LILY_PW"`, "password_env = \"LILY_PW\"\nmin_send_gap = \"soon\"", 1),
			`line 13: mailbox "lily".min_send_gap: "soon" is not a duration; write e.g. "5s", "10m", "36h", "3d" or "2w"`},
		{"number in quotes", strings.Replace(two, `password_env = "LILY_PW"`, "password_env = \"LILY_PW\"\ndaily_cap = \"200\"", 1),
			`line 13: mailbox "lily".daily_cap: must be a number like 200, without quotes`},
		{"number with a fraction", two + "\n[sync]\nbatch_size = 2.5\n",
			`line 23: sync.batch_size: must be a whole number like 500`},
		{"boolean in quotes", strings.Replace(two, `password_env = "LILY_PW"`, "password_env = \"LILY_PW\"\nstarttls = \"true\"", 1),
			`line 13: mailbox "lily".starttls: must be true or false, without quotes`},
		{"boolean given a word", two + "\n[sequences]\ndisabled = \"yes\"\n",
			`line 23: sequences.disabled: must be true or false`},
		{"table given a value", "ops = \"127.0.0.1:9464\"\n" + two,
			`line 1: ops: must be a table: write [ops] on a line of its own and its keys on the lines below`},
		{"map given a value", two + "\n[replies]\ngrade_targets = \"5m\"\n",
			`line 23: replies.grade_targets: must be a table such as { A = "5m", B = "30m" }`},
		{"a map's value", two + "\n[replies]\ngrade_targets = { A = 5 }\n",
			`line 23: replies.grade_targets.A: must be a duration like "30m" (5 alone has no unit)`},
		{"a map's value in its own table", two + "\n[book.review_days]\nA = \"30\"\n",
			`line 23: book.review_days.A: must be a number like 7, without quotes`},
		{"a day written bare", strings.Replace(two, tom, tom+"\naway = [{ from = 2026-12-22, until = \"2027-01-02\" }]", 1),
			`line 16: from in the 1st entry of salesperson "tom@acme.example".away: must be text like "2026-12-22", in quotes`},
		{"array of tables given a value", "salesperson = \"lily@acme.example\"\n" + strings.Replace(minimal, "[[salesperson]]\nemail = \"lily@acme.example\"\n", "", 1),
			`line 1: salesperson: must be [[salesperson]] blocks: write [[salesperson]] on a line of its own above each one's keys`},
		{"every wrong value, in the file's order", strings.Replace(two, tom, tom+"\nhours = 9\nack_draft = \"no\"", 1),
			"line 16: salesperson \"tom@acme.example\".hours: must be text like \"09:00-18:00\"\nline 17: salesperson \"tom@acme.example\".ack_draft: must be true or false"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "keepwarm.toml")
			if err := os.WriteFile(path, []byte(c.body), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path)
			if err == nil {
				t.Fatalf("accepted:\n%s", c.body)
			}
			if want := "config " + path + ": " + c.want; err.Error() != want {
				t.Errorf("error\n%s\nwant\n%s", err, want)
			}
		})
	}
}

// TestValidateNamesItemsByWhatIdentifiesThem: the checks after decoding
// name a salesperson by their email and an unnamed block by its place
// counted from one, as they name a mailbox, not "salesperson[0]".
func TestValidateNamesItemsByWhatIdentifiesThem(t *testing.T) {
	cases := []struct{ name, body, want string }{
		{"salesperson's hours", strings.Replace(two, `email = "tom@acme.example"`, "email = \"tom@acme.example\"\nhours = \"9 to 5\"", 1),
			`salesperson "tom@acme.example".hours: `},
		{"salesperson without an email", two + "\n[[salesperson]]\nname = \"Ann\"\n",
			`email in the 3rd [[salesperson]]: "" is not an email address`},
		{"mailbox without a name", strings.Replace(two, `name = "lily"`, "", 1),
			`name in the 1st [[mailbox]]: is empty`},
		{"an away entry", strings.Replace(two, `email = "tom@acme.example"`, "email = \"tom@acme.example\"\naway = [{ from = \"2026-12-22\", until = \"soon\" }]", 1),
			`until in the 1st entry of salesperson "tom@acme.example".away: "soon" is not a day or a time`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.body))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v\nwant it to contain %s", err, c.want)
			}
		})
	}
}

// TestEveryKeyHasAnExample: each key a message can name has an example
// value, and the example is of the key's own type.
func TestEveryKeyHasAnExample(t *testing.T) {
	var walk func(typ reflect.Type, plain []string)
	walk = func(typ reflect.Type, plain []string) {
		for typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		check := func(typ reflect.Type, plain []string) {
			ex := example(plain)
			if ex == "" {
				t.Errorf("%s has no example", strings.Join(plain, "."))
				return
			}
			v := reflect.New(reflect.StructOf([]reflect.StructField{{Name: "V", Type: typ, Tag: `toml:"v"`}}))
			if _, err := toml.Decode("v = "+ex, v.Interface()); err != nil {
				t.Errorf("%s's example %s is not of its type: %v", strings.Join(plain, "."), ex, err)
			}
		}
		switch {
		case typ.Kind() == reflect.Bool:
			// "must be true or false" needs no example
		case typ == durationType:
			check(typ, plain)
		case typ.Kind() == reflect.Struct:
			for i := 0; i < typ.NumField(); i++ {
				f := typ.Field(i)
				if f.Anonymous {
					walk(f.Type, plain)
					continue
				}
				if k := f.Tag.Get("toml"); k != "" && f.IsExported() {
					walk(f.Type, append(append([]string(nil), plain...), k))
				}
			}
		case typ.Kind() == reflect.Slice && isTable(typ.Elem()):
			walk(typ.Elem(), plain)
		case typ.Kind() == reflect.Map:
			check(typ, plain)
			check(typ.Elem(), append(append([]string(nil), plain...), "*"))
		default:
			check(typ, plain)
		}
	}
	walk(reflect.TypeOf(Config{}), nil)
}

// TestKeyIn: the daemon names a channel in its own errors as the config
// checks do.
func TestKeyIn(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{KeyIn("notify.channel", 0, "wecom", ""), `notify.channel "wecom"`},
		{KeyIn("notify.channel", 0, "wecom", "url_env"), `notify.channel "wecom".url_env`},
		{KeyIn("notify.channel", 1, "", "url_env"), `url_env in the 2nd [[notify.channel]]`},
		{KeyIn("salesperson", 10, "", "hours"), `hours in the 11th [[salesperson]]`},
	} {
		if c.got != c.want {
			t.Errorf("KeyIn = %s, want %s", c.got, c.want)
		}
	}
}
