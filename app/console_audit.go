package app

import (
	"fmt"
	"strings"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/web"
)

// auditValue is the longest a value in a console save's audit line gets:
// the line says what changed, the file (and its .prev) holds the rest.
const auditValue = 60

// draftChanges are a sequence save's audit Before and After: each setting
// that differs, as "field: value" joined by "; " (grades: A → grades: A B
// C D). Equal drafts give the steps line on both sides.
func draftChanges(old, cur sequences.Draft) (before, after string) {
	var b, a []string
	field := func(name, o, n string) {
		if o == n {
			return
		}
		b = append(b, name+": "+shown(o))
		a = append(a, name+": "+shown(n))
	}
	words := func(ws []string) string { return strings.Join(ws, " ") }
	onOff := func(v bool) string {
		if v {
			return "on"
		}
		return "off"
	}
	field("description", old.Description, cur.Description)
	field("grades", words(old.Grades), words(cur.Grades))
	field("tags", strings.Join(old.Tags, ", "), strings.Join(cur.Tags, ", "))
	field("mode", old.Mode, cur.Mode)
	field("enroll", old.Enroll, cur.Enroll)
	field("window.start", old.Window.Start, cur.Window.Start)
	field("window.end", old.Window.End, cur.Window.End)
	field("window.workdays", words(old.Window.Workdays), words(cur.Window.Workdays))
	field("window.holidays", onOff(old.Window.Holidays), onOff(cur.Window.Holidays))
	field("window.skip_quiet", onOff(old.Window.SkipQuiet), onOff(cur.Window.SkipQuiet))
	field("stop.out_of_office_pause", old.Stop.OutOfOfficePause, cur.Stop.OutOfOfficePause)
	field("stop.opt_out_words", strings.Join(old.Stop.OptOutWords, ", "), strings.Join(cur.Stop.OptOutWords, ", "))
	field("stop.extra_opt_out_words", strings.Join(old.Stop.ExtraOptOutWords, ", "), strings.Join(cur.Stop.ExtraOptOutWords, ", "))
	field("stop.stop_on_company", onOff(old.Stop.OnCompany), onOff(cur.Stop.OnCompany))
	for i := range max(len(old.Steps), len(cur.Steps)) {
		p := fmt.Sprintf("step %d ", i+1)
		switch {
		case i >= len(old.Steps):
			field(fmt.Sprintf("step %d", i+1), "", stepLine(cur.Steps[i]))
			continue
		case i >= len(cur.Steps):
			field(fmt.Sprintf("step %d", i+1), stepLine(old.Steps[i]), "")
			continue
		}
		o, n := old.Steps[i], cur.Steps[i]
		field(p+"after", o.After, n.After)
		field(p+"days", o.Days, n.Days)
		field(p+"action", o.Action, n.Action)
		field(p+"template", o.Template, n.Template)
		field(p+"in_thread", onOff(o.InThread), onOff(n.InThread))
		field(p+"task", o.Task, n.Task)
	}
	if len(a) == 0 {
		return stepsLine(old), stepsLine(cur)
	}
	return strings.Join(b, "; "), strings.Join(a, "; ")
}

// stepLine is one step as stepsLine shows it.
func stepLine(st sequences.DraftStep) string {
	if st.Action == "task" {
		return "+" + st.After + " task"
	}
	return "+" + st.After + " " + st.Template
}

// shown is a value in an audit line: "(none)" when empty, clipped.
func shown(v string) string {
	if v == "" {
		return "(none)"
	}
	return keepwarm.ClipLine(v, auditValue)
}

// textChanges are a template or letter save's audit Before and After:
// the first changed line on each side with its number, and how many lines
// more changed ("line 12: USD 4.20 (+2 lines)"); a change deep in the
// text shows, where the file's opening would read the same.
func textChanges(old, cur string) (before, after string) {
	o, n := strings.Split(old, "\n"), strings.Split(cur, "\n")
	p := 0
	for p < len(o) && p < len(n) && o[p] == n[p] {
		p++
	}
	s := 0
	for s < len(o)-p && s < len(n)-p && o[len(o)-1-s] == n[len(n)-1-s] {
		s++
	}
	side := func(lines []string) string {
		region := lines[p : len(lines)-s]
		if len(region) == 0 {
			return fmt.Sprintf("line %d: (nothing)", p+1)
		}
		out := fmt.Sprintf("line %d: %s", p+1, shown(strings.TrimSpace(region[0])))
		switch len(region) {
		case 1:
		case 2:
			out += " (+1 line)"
		default:
			out += fmt.Sprintf(" (+%d lines)", len(region)-1)
		}
		return out
	}
	switch {
	case old == "":
		return "", keepwarm.ClipLine(cur, 200)
	case old == cur:
		return "", web.AuditSameText
	case spacingFree(old) == spacingFree(cur):
		// Each changed line differs only where the excerpts trim:
		// "line 1: x → line 1: x" would say nothing.
		return "", web.AuditSpacingOnly
	}
	return side(o), side(n)
}

// spacingFree is a text without its line endings' \r and each line's
// trailing spaces and tabs, for telling a change of spacing alone.
func spacingFree(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, ln := range lines {
		lines[i] = strings.TrimRight(ln, " \t\r")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// builtInChanges are the audit Before and After of a built-in template's
// first team copy: "built-in" and "the team's own copy", with what
// changed or that the text is the same.
func builtInChanges(builtIn, cur string) (before, after string) {
	return builtInSides(textChanges(builtIn, cur))
}

// builtInSides heads a save's audit Before and After with "built-in" and
// "the team's own copy": the save wrote the team's first copy of a
// built-in template or sequence, which takes its place from then on (a
// later keepwarm's built-in no longer reaches the team).
func builtInSides(before, after string) (string, string) {
	join := func(a, b string) string {
		if b == "" {
			return a
		}
		return a + ", " + b
	}
	return join(web.AuditBuiltIn, before), join(web.AuditTeamCopy, after)
}
