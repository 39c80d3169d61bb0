package sequences

import (
	"bytes"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// Draft is a sequence as a form holds it: every value as typed, so that a
// bad one reaches ParseDefinition (and its message names the field) rather
// than being lost on the way. Its TOML is a definition file.
type Draft struct {
	Name        string      `toml:"name"`
	Description string      `toml:"description,omitempty"`
	Grades      []string    `toml:"grades,omitempty"`
	Tags        []string    `toml:"tags,omitempty"`
	Mode        string      `toml:"mode,omitempty"`
	Enroll      string      `toml:"enroll,omitempty"`
	Window      DraftWindow `toml:"window"`
	Stop        DraftStop   `toml:"stop"`
	Steps       []DraftStep `toml:"step"`
}

// DraftWindow is the [window] table of a Draft.
type DraftWindow struct {
	Start     string   `toml:"start,omitempty"`
	End       string   `toml:"end,omitempty"`
	Workdays  []string `toml:"workdays,omitempty"`
	Holidays  bool     `toml:"holidays"`
	SkipQuiet bool     `toml:"skip_quiet,omitempty"`
}

// DraftStop is the [stop] table of a Draft.
type DraftStop struct {
	OutOfOfficePause string   `toml:"out_of_office_pause,omitempty"`
	OptOutWords      []string `toml:"opt_out_words,omitempty"`
	ExtraOptOutWords []string `toml:"extra_opt_out_words,omitempty"`
	OnCompany        bool     `toml:"stop_on_company,omitempty"`
}

// DraftStep is one [[step]] of a Draft.
type DraftStep struct {
	After    string `toml:"after"`
	Days     string `toml:"days,omitempty"`
	Action   string `toml:"action"`
	Template string `toml:"template,omitempty"`
	InThread bool   `toml:"in_thread,omitempty"`
	Task     string `toml:"task,omitempty"`
}

// DraftOf is the form of a loaded definition.
func DraftOf(d *Definition) Draft {
	dr := Draft{Name: d.Name, Description: d.Description, Grades: d.Grades, Tags: d.Tags, Mode: string(d.Mode), Enroll: d.Enroll,
		Window: DraftWindow{Start: d.Window.Start.String(), End: d.Window.End.String(), Workdays: d.Window.Workdays,
			Holidays: d.Window.Holidays, SkipQuiet: d.Window.SkipQuiet},
		Stop: DraftStop{OutOfOfficePause: d.Stop.OutOfOfficePause.String(), OnCompany: d.Stop.OnCompany}}
	if dr.Enroll == EnrollExpectsAnswer {
		dr.Enroll = ""
	}
	defaults := DefaultOptOutWords()
	if len(d.Stop.OptOutWords) >= len(defaults) && slices.Equal(d.Stop.OptOutWords[:len(defaults)], defaults) {
		dr.Stop.ExtraOptOutWords = d.Stop.OptOutWords[len(defaults):]
	} else {
		dr.Stop.OptOutWords = d.Stop.OptOutWords
	}
	for _, st := range d.Steps {
		ds := DraftStep{After: st.After.String(), Days: "calendar", Action: st.Action, Template: st.Template, InThread: st.InThread, Task: st.Task}
		if st.Business {
			ds.Days = "business"
		}
		dr.Steps = append(dr.Steps, ds)
	}
	return dr
}

// TOML writes the draft as a definition file, with a first comment line.
func (d Draft) TOML(comment string) []byte {
	var buf bytes.Buffer
	for _, line := range strings.Split(strings.TrimSpace(comment), "\n") {
		if line != "" {
			buf.WriteString("# " + line + "\n")
		}
	}
	// Strings and lists of strings only: encoding cannot fail.
	_ = toml.NewEncoder(&buf).Encode(d)
	return buf.Bytes()
}
