package config

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"keepwarm"
	"keepwarm/mailsync"

	"github.com/BurntSushi/toml"
)

// TestExampleCommentedKeysShowTheirDefaults keeps config.example.toml's
// promise: a commented-out key shows its default unless a note beside it
// says it is an example ("e.g.") or gives the default ("default: ...").
// Each such key is uncommented on its own (with its table's header, when
// that is commented out too) and must parse to the same Config as the file
// as it is. Keys in a commented-out [[array]] row are examples by nature:
// uncommenting one adds a row.
func TestExampleCommentedKeysShowTheirDefaults(t *testing.T) {
	lines := strings.Split(keepwarm.ExampleConfig, "\n")
	base, err := Parse([]byte(keepwarm.ExampleConfig))
	if err != nil {
		t.Fatal(err)
	}
	effective(base)
	header := regexp.MustCompile(`^(#\s*)?(\[\[?[\w."]+\]\]?)\s*$`)
	key := regexp.MustCompile(`^#\s?([a-z_][a-z0-9_]*\s*=\s*.*)$`)
	note := regexp.MustCompile(`#.*(e\.g\.|default:)`)
	headerAt, headerCommented, array := -1, false, false
	checked := 0
	for i, line := range lines {
		if m := header.FindStringSubmatch(line); m != nil {
			headerAt, headerCommented, array = i, m[1] != "", strings.HasPrefix(m[2], "[[")
			continue
		}
		m := key.FindStringSubmatch(line)
		if m == nil || note.MatchString(m[1]) || (headerCommented && array) {
			continue
		}
		if _, err := toml.Decode(m[1], new(map[string]any)); err != nil {
			continue // prose that reads "key = ...", or a multi-line string's first line
		}
		try := append([]string(nil), lines...)
		try[i] = m[1]
		if headerCommented {
			try[headerAt] = header.FindStringSubmatch(lines[headerAt])[2]
		}
		checked++
		got, err := Parse([]byte(strings.Join(try, "\n")))
		if err != nil {
			t.Errorf("config.example.toml:%d: %q uncommented does not load (%v): mark it \"# e.g.\" or fix it", i+1, m[1], err)
			continue
		}
		if effective(got); !reflect.DeepEqual(got, base) {
			t.Errorf("config.example.toml:%d: %q is not the default: uncommented it changes the config; write the default, or mark it \"# e.g.\" or \"# default: ...\"", i+1, m[1])
		}
	}
	if checked < 40 {
		t.Fatalf("only %d commented-out keys checked: the test no longer finds them", checked)
	}
}

// effective fills the keys whose default is applied where they are used
// (the Config keeps them unset) with that default, so that writing the
// default and leaving the key out compare equal.
func effective(c *Config) {
	yes := true
	timeouts := func(t *TimeoutsConfig) {
		d := mailsync.Timeouts{Dial: t.Dial.Duration, TLS: t.TLS.Duration, Login: t.Login.Duration,
			Command: t.Command.Duration, IdleRenew: t.IdleRenew.Duration}.WithDefaults()
		t.Dial.Duration, t.TLS.Duration, t.Login.Duration, t.Command.Duration, t.IdleRenew.Duration = d.Dial, d.TLS, d.Login, d.Command, d.IdleRenew
		if t.SMTPSend.Duration <= 0 {
			t.SMTPSend.Duration = mailsync.DefaultSendTimeout
		}
	}
	// imap_id is not filled: left out, ID is sent where the server
	// advertises it (always to NetEase); true sends it to every server.
	conn := func(cn *Connection) {
		timeouts(&cn.Timeouts)
	}
	for i := range c.Mailboxes {
		conn(&c.Mailboxes[i].Connection)
		c.Mailboxes[i].SavesSent = nil // ServerSavesSent is what holds
	}
	conn(&c.Notify.Connection)
	for i := range c.Salespeople {
		if c.AckDraftOn(c.Salespeople[i].Email) {
			c.Salespeople[i].AckDraft = &yes
		}
	}
	if c.Sequences.Mode == "" {
		c.Sequences.Mode = string(keepwarm.ModeSend)
	}
	if c.Greetings.OnlyContactsWhoWrote == nil {
		c.Greetings.OnlyContactsWhoWrote = &yes
	}
}

// TestExampleCustomOccasionAsShownGreetsOnTheDefaultDay: the example's
// [[greetings.custom]] rows uncommented as shown, the keys marked "e.g."
// left commented, greet on the default day (the customer's last working
// day before), as the file's convention promises: no days_before is set.
// (An uncommented "days_before = 0" would greet on the festival day itself.)
func TestExampleCustomOccasionAsShownGreetsOnTheDefaultDay(t *testing.T) {
	lines := strings.Split(keepwarm.ExampleConfig, "\n")
	in := false
	for i, line := range lines {
		switch {
		case strings.TrimSpace(line) == "# [[greetings.custom]]":
			in = true
		case in && (line == "" || regexp.MustCompile(`^#?\s*\[`).MatchString(line) && !strings.Contains(line, "greetings.custom")):
			in = false
		}
		if !in {
			continue
		}
		if m := regexp.MustCompile(`^#\s?(\[\[greetings\.custom\]\]|[a-z_]+\s*=\s*.*)$`).FindStringSubmatch(line); m != nil &&
			!strings.Contains(m[1], "e.g.") {
			lines[i] = m[1]
		}
	}
	cfg, err := Parse([]byte(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatalf("the example with its [[greetings.custom]] rows uncommented: %v", err)
	}
	if len(cfg.Greetings.Custom) == 0 {
		t.Fatal("no [[greetings.custom]] row uncommented")
	}
	for _, c := range cfg.Greetings.Custom {
		if c.DaysBefore != nil {
			t.Errorf("%s: the example as shown sets days_before = %d, not the default (the last working day before)", c.Key, *c.DaysBefore)
		}
	}
}

// TestExampleArrayRowsLoadUncommentedAsShown: each commented-out
// [[array]] row of config.example.toml ([[notify.channel]],
// [[greetings.custom]], [[calendar.override]]), uncommented whole as the
// file's header says, header and keys, loads; only the keys marked "e.g."
// (another kind's, or an alternative to the key beside) stay commented.
func TestExampleArrayRowsLoadUncommentedAsShown(t *testing.T) {
	lines := strings.Split(keepwarm.ExampleConfig, "\n")
	arrayHeader := regexp.MustCompile(`^#\s?(\[\[[\w.]+\]\])\s*$`)
	otherHeader := regexp.MustCompile(`^#?\s*\[[\w."]+\]\s*$`)
	key := regexp.MustCompile(`^#\s?([a-z_][a-z0-9_]*\s*=\s*.*)$`)
	rows := map[string]bool{}
	done := -1 // the rows of a run of them are uncommented together
	for start, line := range lines {
		m := arrayHeader.FindStringSubmatch(line)
		if m == nil || start <= done {
			continue
		}
		try := append([]string(nil), lines...)
		for i := start; i < len(lines) && strings.TrimSpace(lines[i]) != ""; i++ {
			done = i
			if h := arrayHeader.FindStringSubmatch(lines[i]); h != nil {
				if h[1] != m[1] {
					done = i - 1 // another array's row starts another run
					break
				}
				try[i] = h[1]
				continue
			}
			if i > start && otherHeader.MatchString(lines[i]) {
				break
			}
			if k := key.FindStringSubmatch(lines[i]); k != nil && !strings.Contains(k[1], "e.g.") {
				try[i] = k[1]
			}
		}
		rows[m[1]] = true
		if _, err := Parse([]byte(strings.Join(try, "\n"))); err != nil {
			t.Errorf("config.example.toml:%d: the %s row uncommented as shown does not load: %v", start+1, m[1], err)
		}
	}
	for _, want := range []string{"[[notify.channel]]", "[[greetings.custom]]", "[[calendar.override]]"} {
		if !rows[want] {
			t.Errorf("no commented-out %s row found in config.example.toml", want)
		}
	}
}
