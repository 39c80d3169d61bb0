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
		{"name = \"x\"\n[[step]]\nafter = \"three days\"\naction = \"task\"\ntask = \"call\"\n", 3, "step.after"},
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
