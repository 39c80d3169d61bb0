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
