package config

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// TestZeroDurationIsRefusedNotDefaulted: a duration written as 0 is refused
// with its line and key, where read as unset it would become the default
// (a max_age of "0s" following up 14-day-old mail), and kept as 0 where 0
// means something.
func TestZeroDurationIsRefusedNotDefaulted(t *testing.T) {
	for _, c := range []struct {
		table, key, want string
	}{
		{"[sequences]", "max_age", `sequences.max_age: "0s" is no time at all: use at least "1h", or leave it out for "336h"`},
		{"[sync]", "connect_spread", `sync.connect_spread: "0s" is no time at all`},
		{"[replies]", "nudge_after", `replies.nudge_after: "0s" is no time at all: use at least "30s", or leave it out for "5m"`},
		{"[replies]", "reply_target", `replies.reply_target: "0s" is no time at all`},
		{"[team]", "reply_target", `team.reply_target: "0s" is no time at all`},
		{"[web]", "session_lifetime", `web.session_lifetime: "0s" is no time at all`},
	} {
		body := minimal + "\n" + c.table + "\n" + c.key + " = \"0s\"\n"
		line := strings.Count(body, "\n")
		if c.table == "[team]" {
			body = strings.Replace(minimal, "[team]\n", "[team]\nreply_target = \"0s\"\n", 1)
			line = 3
		}
		_, err := Parse([]byte(body))
		if err == nil {
			t.Errorf("%s %s = \"0s\" was taken", c.table, c.key)
			continue
		}
		if want := "line " + strconv.Itoa(line) + ": " + c.want; !strings.Contains(err.Error(), want) {
			t.Errorf("%s %s = \"0s\": %v\nwant %s", c.table, c.key, err, want)
		}
	}

	// In a [[mailbox]], named by its name; "0d" is 0 too.
	body := minimal + "[mailbox.timeouts]\ndial = \"0d\"\n"
	if _, err := Parse([]byte(body)); err == nil || !strings.Contains(err.Error(), `mailbox "lily".timeouts.dial: "0d" is no time at all`) {
		t.Errorf("timeouts.dial = \"0d\": %v", err)
	}

	// Where 0 means something, it is kept.
	cfg, err := Parse([]byte(minimal + "min_send_gap = \"0s\"\n[greetings]\nskip_if_written_within = \"0d\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Mailboxes[0].MinSendGap.Duration != 0 || cfg.Greetings.SkipIfWrittenWithin.Duration != 0 {
		t.Errorf("min_send_gap %v, skip_if_written_within %v: want 0", cfg.Mailboxes[0].MinSendGap, cfg.Greetings.SkipIfWrittenWithin)
	}
	// A non-zero value is read as written.
	cfg, err = Parse([]byte(minimal + "\n[sequences]\nmax_age = \"2h\"\n[sync]\nrecent_window = \"2d\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Sequences.MaxAge.Duration != 2*time.Hour {
		t.Errorf("max_age %v", cfg.Sequences.MaxAge)
	}
}

// TestEveryDurationKeySaysWhatZeroGets: each duration key of Config is in
// zeroDurations, so a key added later is not left to become its default
// silently when written as 0.
func TestEveryDurationKeySaysWhatZeroGets(t *testing.T) {
	var walk func(typ reflect.Type, path []string)
	walk = func(typ reflect.Type, path []string) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
			typ = typ.Elem()
		}
		if typ.Kind() == reflect.Map {
			walk(typ.Elem(), append(path, "*"))
			return
		}
		if typ == durationType {
			found := false
			for i := range path {
				_, ok := zeroDurations[strings.Join(path[i:], ".")]
				found = found || ok
			}
			if !found {
				t.Errorf("%s: not in zeroDurations", strings.Join(path, "."))
			}
			return
		}
		if typ.Kind() != reflect.Struct {
			return
		}
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			if f.Anonymous {
				walk(f.Type, path)
				continue
			}
			key := strings.Split(f.Tag.Get("toml"), ",")[0]
			if key == "" || key == "-" || !f.IsExported() {
				continue
			}
			walk(f.Type, append(append([]string(nil), path...), key))
		}
	}
	walk(reflect.TypeOf(Config{}), nil)
}

// TestZeroRecentWindowAdviceFollowsMaxAge: left out, recent_window is a day
// past a max_age longer than 29 days, and the refusal of a "0s" says so.
func TestZeroRecentWindowAdviceFollowsMaxAge(t *testing.T) {
	body := minimal + "\n[sequences]\nmax_age = \"60d\"\n[sync]\nrecent_window = \"0s\"\n"
	_, err := Parse([]byte(body))
	if err == nil || !strings.Contains(err.Error(), `recent_window: "0s" is no time at all: leave it out for "61d"`) || strings.Contains(err.Error(), `"30d"`) {
		t.Errorf("max_age 60d: %v", err)
	}
	cfg, err := Parse([]byte(minimal + "\n[sequences]\nmax_age = \"60d\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := keepwarm.RecentWindow(cfg.Sync.RecentWindow.Duration, cfg.Sequences.MaxAge.Duration); got != 61*24*time.Hour {
		t.Errorf("left out: recent window %v, the advice says 61d", got)
	}
	_, err = Parse([]byte(minimal + "\n[sync]\nrecent_window = \"0s\"\n"))
	if err == nil || !strings.Contains(err.Error(), `leave it out for "30d"`) {
		t.Errorf("default max_age: %v", err)
	}
}

// TestWrittenZeroNumberHasItsLine: a number written as 0 where 0 would
// become the default is refused with its line and block, as a duration
// of 0 is, and both are said in one run.
func TestWrittenZeroNumberHasItsLine(t *testing.T) {
	body := minimal + "daily_cap = 0\n[sequences]\nmax_age = \"0s\"\n[sync]\nbatch_size = 0\n"
	line := func(prefix string) string { return lineAt(t, body, prefix) }
	_, err := Parse([]byte(body))
	if err == nil {
		t.Fatal("accepted")
	}
	for _, want := range []string{
		line("daily_cap") + `mailbox "lily".daily_cap: 0 would send nothing`,
		line("max_age") + `sequences.max_age: "0s" is no time at all`,
		line("batch_size") + "sync.batch_size: 0 is out of range",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %v\ndoes not hold %q", err, want)
		}
	}
}

// TestEveryZeroNumberKeyIsRefused: each key of zeroNumbers is a number key
// of the config, and a 0 written for it is refused at its line.
func TestEveryZeroNumberKeyIsRefused(t *testing.T) {
	for key, advice := range zeroNumbers {
		table, name, _ := strings.Cut(key, ".")
		var body string
		switch table {
		case "mailbox":
			body = minimal + name + " = 0\n"
		case "team":
			body = strings.Replace(minimal, "[team]\n", "[team]\n"+name+" = 0\n", 1)
		default:
			body = minimal + "\n[" + table + "]\n" + name + " = 0\n"
		}
		line := 0
		for i, l := range strings.Split(body, "\n") {
			if strings.HasPrefix(l, name+" = 0") {
				line = i + 1
			}
		}
		_, err := Parse([]byte(body))
		if err == nil || !strings.Contains(err.Error(), "line "+strconv.Itoa(line)+": ") || !strings.Contains(err.Error(), name+": "+advice) {
			t.Errorf("%s = 0: %v", key, err)
		}
	}
}
