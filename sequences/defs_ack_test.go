package sequences

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"keepwarm/templates"
)

// A step may not send ack (the "received, working on it" draft: as a
// follow-up it thanks a buyer who never wrote), and a step naming a
// monthly letter is told letters go out with the greetings job.
func TestStepTemplateAckAndLetterMonthAreRefused(t *testing.T) {
	for _, tc := range []struct{ template, want string }{
		{"ack", "keepwarm never sends it"},
		{"2026-12", "2026-12 is a monthly letter"},
	} {
		mine := fstest.MapFS{"vip.toml": {Data: []byte("name = \"vip\"\ntags = [\"vip\"]\n[[step]]\nafter = \"3d\"\naction = \"email\"\ntemplate = \"" + tc.template + "\"\n")}}
		defs, probs := loadDefinitions([]fs.FS{DefaultDefinitions(), mine}, []string{"(built-in) ", "mine/"})
		if len(probs) > 0 {
			t.Fatalf("%v", templates.Problems(probs))
		}
		set, _ := templates.Load(templates.Defaults())
		p := defs.CheckTemplates(set)
		if len(p) != 1 || p[0].File != "mine/vip.toml" || p[0].Line != 6 || p[0].Field != "step[0].template" || !strings.Contains(p[0].Msg, tc.want) {
			t.Errorf("template %q: %+v, want one problem saying %q", tc.template, p, tc.want)
		}
	}
}

// A step may not send a greeting's template: the birthday, the generic
// holiday, a holiday's own, a festival's shared one, nor one [greetings]
// names (given to CheckGreetingTemplates).
func TestStepTemplateGreetingIsRefused(t *testing.T) {
	for _, name := range []string{"birthday", "christmas", "holiday", "new-year", "chinese-new-year", "founders-day"} {
		mine := fstest.MapFS{
			"vip.toml": {Data: []byte("name = \"vip\"\ntags = [\"vip\"]\n[[step]]\nafter = \"3d\"\naction = \"email\"\ntemplate = \"resend\"\n[[step]]\nafter = \"5d\"\naction = \"email\"\ntemplate = \"" + name + "\"\n")},
		}
		defs, probs := loadDefinitions([]fs.FS{DefaultDefinitions(), mine}, []string{"(built-in) ", "mine/"})
		if len(probs) > 0 {
			t.Fatalf("%v", templates.Problems(probs))
		}
		team := fstest.MapFS{"founders-day.tmpl": {Data: []byte("subject: Happy Founders' Day\n--- text\nDear {{.Contact.Salutation}},\nHappy Founders' Day!\n")}}
		set, err := templates.Load(templates.Defaults(), team)
		if err != nil {
			t.Fatal(err)
		}
		p := append(defs.CheckTemplates(set), defs.CheckGreetingTemplates([]string{"christmas", "founders-day"})...)
		if len(p) != 1 || p[0].File != "mine/vip.toml" || p[0].Line != 10 || p[0].Field != "step[1].template" || p[0].Msg != name+" is a greeting: the greetings job sends it on its day; choose a follow-up template such as resend" {
			t.Errorf("template %q: %+v, want one problem on step[1].template", name, p)
		}
	}
}
