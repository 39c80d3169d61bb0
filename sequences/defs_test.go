package sequences

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"keepwarm"
	"keepwarm/templates"
)

func TestDefaultDefinitions(t *testing.T) {
	defs, probs := LoadDefinitions("")
	if len(probs) > 0 {
		t.Fatalf("built-in sequences: %v", templates.Problems(probs))
	}
	key, ok := defs.Get("key-customer")
	if !ok || len(key.Steps) != 3 || key.Steps[0].After.Whole != 3 || !key.Steps[0].InThread ||
		key.Steps[1].After.Whole != 4 || key.Steps[1].Template != "product-intro" || key.Steps[2].Action != "task" ||
		key.Window.Start.Minutes != 9*60 || key.Window.End.Minutes != 17*60 || !key.Window.Holidays {
		t.Fatalf("key-customer: %+v", key)
	}
	sec, _ := defs.Get("secondary")
	// The same steps as key-customer's, the phone call included, slower.
	if len(sec.Steps) != 3 || sec.Steps[0].After.Whole != 15 || sec.Steps[1].After.Whole != 30 ||
		sec.Steps[2].Action != "task" || sec.Steps[2].After.Whole != 15 || sec.Steps[2].Task != key.Steps[2].Task {
		t.Fatalf("secondary: %+v", sec)
	}
	set, _ := templates.Load(templates.Defaults())
	if p := defs.CheckTemplates(set); len(p) > 0 {
		t.Fatalf("templates: %v", templates.Problems(p))
	}
	for grade, want := range map[string]string{"A": "key-customer", "B": "key-customer", "C": "secondary", "D": "secondary", "E": "", "": "key-customer"} {
		d, ok := defs.For(keepwarm.Customer{Grade: grade}, nil, "key-customer")
		got := ""
		if ok {
			got = d.Name
		}
		if got != want {
			t.Errorf("grade %q: %q, want %q", grade, got, want)
		}
	}
	if _, ok := defs.For(keepwarm.Customer{}, nil, ""); ok {
		t.Error("ungraded with no default must follow nothing")
	}
}

func TestDefinitionProblemsNameFileLineAndField(t *testing.T) {
	tests := []struct {
		body  string
		line  int
		field string
	}{
		{"name = \"x\"\nmode = \"loud\"\n[[step]]\nafter = \"3d\"\naction = \"task\"\ntask = \"call\"\n", 2, "mode"},
		{"name = \"x\"\n[[step]]\nafter = \"3d\"\naction = \"task\"\ntask = \"call\"\n[[step]]\nafter = \"2d\"\naction = \"mail\"\n", 8, "step[1].action"},
		{"name = \"x\"\n[[step]]\nafter = \"three days\"\naction = \"task\"\ntask = \"call\"\n", 3, "step[0].after"},
		// A delay the decoder refuses is named by its step, counted from the
		// [[step]] headers above its line: the third step's, not the first's.
		{"name = \"x\"\n[[step]]\nafter = \"3 days\"\naction = \"task\"\ntask = \"call\"\n[[step]]\nafter = \"7d\"\naction = \"task\"\ntask = \"call\"\n", 3, "step[0].after"},
		{"name = \"x\"\n[[step]]\nafter = \"3d\"\naction = \"task\"\ntask = \"call\"\n[[step]] # then\nafter = \"7d\"\naction = \"task\"\ntask = \"call\"\n  [[ step ]]\naction = \"task\"\nafter = \"5 days\"\ntask = \"call\"\n", 12, "step[2].after"},
		{"name = \"x\"\ngrades = [\"A\", \"Z\"]\n[[step]]\nafter = \"3d\"\naction = \"task\"\ntask = \"t\"\n", 2, "grades"},
		{"name = \"x\"\n[window]\nstart = \"09:00\"\nend = \"08:00\"\n[[step]]\nafter = \"1d\"\naction = \"task\"\ntask = \"t\"\n", 4, "window.end"},
		{"name = \"x\"\ncolour = \"red\"\n[[step]]\nafter = \"1d\"\naction = \"task\"\ntask = \"t\"\n", 2, "colour"},
		{"name = \"x\"\n[[step]]\nafter = \"1d\"\naction = \"email\"\n", 2, "step[0].template"},
	}
	for i, tt := range tests {
		_, probs := ParseDefinition("seq.toml", []byte(tt.body))
		if len(probs) == 0 {
			t.Errorf("%d: no problem found", i)
			continue
		}
		p := probs[0]
		if p.File != "seq.toml" || p.Line != tt.line || p.Field != tt.field {
			t.Errorf("%d: %+v, want line %d field %s", i, p, tt.line, tt.field)
		}
	}
}

func TestOverrideByNameAndMissingTemplate(t *testing.T) {
	mine := fstest.MapFS{"key.toml": {Data: []byte("name = \"key-customer\"\ngrades = [\"A\"]\n[[step]]\nafter = \"2d\"\naction = \"email\"\ntemplate = \"nudge-me\"\n")}}
	defs, probs := loadDefinitions([]fs.FS{DefaultDefinitions(), mine}, []string{"(built-in) ", "mine/"})
	if len(probs) > 0 {
		t.Fatalf("%v", templates.Problems(probs))
	}
	d, _ := defs.Get("key-customer")
	if d.File != "mine/key.toml" || len(d.Steps) != 1 {
		t.Fatalf("override: %+v", d)
	}
	set, _ := templates.Load(templates.Defaults())
	p := defs.CheckTemplates(set)
	if len(p) != 1 || p[0].Line != 6 || p[0].Field != "step[0].template" || !strings.Contains(p[0].Msg, "nudge-me") {
		t.Fatalf("missing template: %+v", p)
	}
}

func TestCalendarWindowWorkdaysAndHolidays(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	w := SendWindow{Start: TimeOfDay{9 * 60}, End: TimeOfDay{17 * 60}, Holidays: true}
	c := NewCustomerCalendar(nil, "DE", berlin, w)
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, berlin)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	tests := []struct{ in, want string }{
		{"2026-11-05 10:00", "2026-11-05 10:00"}, // Thursday, inside
		{"2026-11-05 07:30", "2026-11-05 09:00"}, // before the window
		{"2026-11-05 17:00", "2026-11-06 09:00"}, // at the end: next day
		{"2026-11-07 10:00", "2026-11-09 09:00"}, // Saturday → Monday
		{"2026-12-24 18:00", "2026-12-28 09:00"}, // Christmas Day and Boxing Day (Fri, Sat), Sunday
		{"2026-10-02 18:00", "2026-10-05 09:00"}, // Oct 3 is a Saturday; plain weekend
	}
	for _, tt := range tests {
		if got := c.Next(at(tt.in)); !got.Equal(at(tt.want)) {
			t.Errorf("Next(%s) = %s, want %s", tt.in, got.In(berlin).Format("2006-01-02 15:04 Mon"), tt.want)
		}
	}
	if !c.Known {
		t.Error("Germany's holidays are known")
	}
	// Business days skip the weekend and holidays; calendar days do not.
	if got := c.After(at("2026-11-05 10:00"), Delay{D: 72 * time.Hour, Whole: 3}, true); !got.Equal(at("2026-11-10 10:00")) {
		t.Errorf("3 business days from Thursday: %s", got.In(berlin))
	}
	if got := c.After(at("2026-11-02 09:06"), Delay{D: 72 * time.Hour, Whole: 3}, false); !got.Equal(at("2026-11-05 09:06")) {
		t.Errorf("3 calendar days from Monday: %s", got.In(berlin))
	}
	// Thanksgiving in the US; a country the library lacks falls back to Mon-Fri.
	ny, _ := time.LoadLocation("America/New_York")
	us := NewCustomerCalendar(nil, "US", ny, w)
	if us.Workday(time.Date(2026, 11, 26, 12, 0, 0, 0, ny)) {
		t.Error("Thanksgiving 2026 is a workday?")
	}
	mx := NewCustomerCalendar(nil, "MX", nil, w)
	if !mx.Known || mx.Workday(time.Date(2026, 9, 16, 12, 0, 0, 0, time.UTC)) || !mx.Workday(time.Date(2026, 9, 17, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("Mexico: Independence Day 2026 is a day off: known=%v", mx.Known)
	}
	xx := NewCustomerCalendar(nil, "XK", nil, w)
	if xx.Known || !xx.Workday(time.Date(2026, 12, 25, 12, 0, 0, 0, time.UTC)) || xx.Workday(time.Date(2026, 12, 26, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("a country without a calendar falls back to Monday-Friday: known=%v", xx.Known)
	}
	sa := NewCustomerCalendar(nil, "SA", nil, w)
	if !sa.Workday(time.Date(2026, 11, 8, 12, 0, 0, 0, time.UTC)) || sa.Workday(time.Date(2026, 11, 6, 12, 0, 0, 0, time.UTC)) {
		t.Error("Saudi Arabia works Sunday to Thursday")
	}
}

func TestOptOutWording(t *testing.T) {
	words := DefaultOptOutWords()
	if !optOutIn("Re: offer", "Please unsubscribe me from your list.", words) ||
		!optOutIn("请退订", "", words) ||
		optOutIn("Re: offer", "Thanks, we will order next week.\n\nOn Mon, Lily wrote:\n> reply unsubscribe to stop", words) ||
		optOutIn("Re: offer", "Sounds good\n> unsubscribe", words) {
		t.Fatal("opt-out detection")
	}
}

// What a manager can write that would quietly do harm is refused, each
// problem naming its key (a step's by its index) and line.
func TestDefinitionRefusesWhatCannotWork(t *testing.T) {
	const steps = "[[step]]\nafter = \"3d\"\naction = \"email\"\ntemplate = \"resend\"\n"
	for _, c := range []struct {
		name, body  string
		line        int
		field, want string
	}{
		{"no opt-out words", "name = \"x\"\n[stop]\nopt_out_words = []\n" + steps, 3, "stop.opt_out_words",
			"an empty list turns off opt-out detection: remove the key to keep the built-in words, or use extra_opt_out_words"},
		{"an empty opt-out word", "name = \"x\"\n[stop]\nopt_out_words = [\"\"]\n" + steps, 3, "stop.opt_out_words", "an empty word"},
		{"a short opt-out word", "name = \"x\"\n[stop]\nopt_out_words = [\"unsubscribe\", \"stop\"]\n" + steps, 3, "stop.opt_out_words",
			"\"stop\" is too short"},
		{"a short extra word", "name = \"x\"\n[stop]\nextra_opt_out_words = [\"no\"]\n" + steps, 3, "stop.extra_opt_out_words", "\"no\" is too short"},
		{"a step right after the mail", "name = \"x\"\n[[step]]\nafter = \"0d\"\naction = \"email\"\ntemplate = \"resend\"\n", 3, "step[0].after",
			"\"0d\" sends right after the mail followed up: use at least \"1d\""},
		{"a step minutes after the last", "name = \"x\"\n" + steps + "[[step]]\nafter = \"5m\"\naction = \"email\"\ntemplate = \"product-intro\"\n", 7, "step[1].after",
			"\"5m\" sends right after the previous step: use at least \"1d\""},
		{"an unknown key in the third step", "name = \"x\"\n" + steps + steps + "[[step]]\nafter = \"3d\"\naction = \"email\"\ntempalte = \"resend\"\n", 13, "step[2].tempalte",
			"unknown key"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, probs := ParseDefinition("seq.toml", []byte(c.body))
			if len(probs) == 0 {
				t.Fatal("no problem found")
			}
			p := probs[0]
			if p.Line != c.line || p.Field != c.field || !strings.Contains(p.Msg, c.want) {
				t.Fatalf("%+v, want line %d field %s with %q", probs, c.line, c.field, c.want)
			}
		})
	}
	// What stays allowed: the built-in words with extra ones, Chinese of
	// two characters, stems, a task the same day, a day's wait.
	ok := "name = \"x\"\n[stop]\nextra_opt_out_words = [\"退订\", \"abbestell*\"]\n" +
		"[[step]]\nafter = \"1d\"\naction = \"email\"\ntemplate = \"resend\"\n[[step]]\nafter = \"24h\"\naction = \"email\"\ntemplate = \"product-intro\"\n" +
		"[[step]]\nafter = \"0d\"\naction = \"task\"\ntask = \"call\"\n"
	if _, probs := ParseDefinition("seq.toml", []byte(ok)); len(probs) > 0 {
		t.Fatalf("refused: %v", templates.Problems(probs))
	}
}

// Two files claiming one tag are refused, as two claiming one grade are.
func TestTwoSequencesClaimingOneTag(t *testing.T) {
	mine := fstest.MapFS{
		"a.toml": {Data: []byte("name = \"a\"\ntags = [\"vip\"]\n[[step]]\nafter = \"2d\"\naction = \"email\"\ntemplate = \"resend\"\n")},
		"b.toml": {Data: []byte("name = \"b\"\ntags = [\"VIP\", \"fair-2026\"]\n[[step]]\nafter = \"2d\"\naction = \"email\"\ntemplate = \"resend\"\n")},
	}
	_, probs := loadDefinitions([]fs.FS{DefaultDefinitions(), mine}, []string{"(built-in) ", "mine/"})
	if len(probs) != 1 || probs[0].File != "mine/b.toml" || probs[0].Field != "tags" ||
		probs[0].Msg != `tag "VIP" is claimed by both "a" and "b": keep it in one` {
		t.Fatalf("%v", templates.Problems(probs))
	}
}

// A step that starts a new thread with the resend template, whose subject
// is "Re: <the original's>", would be a reply with no reply headers:
// Warnings says so at the step; the same step in the thread, or a
// template with its own subject, is fine.
func TestWarningAReSubjectOutsideTheThread(t *testing.T) {
	mine := fstest.MapFS{"key.toml": {Data: []byte("name = \"key-customer\"\ngrades = [\"A\"]\n" +
		"[[step]]\nafter = \"3d\"\naction = \"email\"\ntemplate = \"resend\"\nin_thread = true\n" +
		"[[step]]\nafter = \"4d\"\naction = \"email\"\ntemplate = \"resend\"\n" +
		"[[step]]\nafter = \"4d\"\naction = \"email\"\ntemplate = \"product-intro\"\n")}}
	defs, probs := loadDefinitions([]fs.FS{DefaultDefinitions(), mine}, []string{"(built-in) ", "mine/"})
	if len(probs) > 0 {
		t.Fatal(templates.Problems(probs))
	}
	set, _ := templates.Load(templates.Defaults())
	w := defs.Warnings(set)
	if len(w) != 1 || w[0].File != "mine/key.toml" || w[0].Line != 11 || w[0].Field != "step[1].in_thread" ||
		!strings.Contains(w[0].Msg, `template "resend" (resend.tmpl)`) || !strings.Contains(w[0].Msg, `"Re: Quotation for LED panels"`) {
		t.Fatalf("%v", templates.Problems(w))
	}
	builtIn, _ := LoadDefinitions("")
	if w := builtIn.Warnings(set); len(w) > 0 {
		t.Fatalf("built-in sequences: %v", templates.Problems(w))
	}
}
