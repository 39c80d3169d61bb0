package sequences

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
)

// KeepComments puts the comments of a definition file's previous version
// (old) into the version the form wrote (written, from Draft.TOML): a
// manager's notes stay where they were written. A comment goes with what
// follows it (a key, or a [window], [stop] or [[step]] header), a comment at
// a line's end with that line's key; a step's go with the same step in the
// new version (the same action, template and task, else the one in its
// place). The comments before the first key stay at the top, after
// written's own; the comments whose place is gone (a step or a key taken
// out) end the file under a line that says so. Lines of old that are
// written's own first comment (a file saved before) are not repeated.
//
// old that is not a definition file (it does not decode) gives written
// unchanged: the previous version is kept beside it anyway (NAME.prev).
func KeepComments(old, written []byte) []byte {
	var od, nd Draft
	if _, err := toml.Decode(string(old), &od); err != nil {
		return written
	}
	if _, err := toml.Decode(string(written), &nd); err != nil {
		return written
	}
	oc := harvest(old)
	if oc.empty() {
		return written
	}
	steps := matchSteps(od.Steps, nd.Steps)

	lines := strings.SplitAfter(string(written), "\n")
	var own []string // written's leading comment
	for _, l := range lines {
		if !isComment(l) {
			break
		}
		own = append(own, strings.TrimSpace(l))
	}
	var out bytes.Buffer
	used := map[string]bool{}
	emit := func(place, line string) {
		indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
		for _, c := range oc.before[place] {
			if c == "" {
				out.WriteString("\n")
			} else {
				out.WriteString(indent + c + "\n")
			}
		}
		used[place] = true
	}
	header := false
	section := ""
	stepN := -1
	for _, l := range lines {
		if !header && !isComment(l) {
			// written's own comment is out; the old file's top follows.
			for _, c := range oc.top {
				if !containsLine(own, c) {
					out.WriteString(c + "\n")
				}
			}
			header = true
		}
		t := strings.TrimSpace(l)
		switch {
		case t == "[[step]]":
			stepN++
			section = "new step" // a step of its own: no comments
			if o, ok := steps[stepN]; ok {
				section = fmt.Sprintf("step#%d", o)
				emit(section, l)
			}
		case strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]"):
			section = strings.TrimSpace(t[1 : len(t)-1])
			emit(section, l)
		case header && t != "" && !isComment(l):
			key, _, ok := strings.Cut(t, "=")
			if !ok {
				break
			}
			place := section + "." + strings.TrimSpace(key)
			emit(place, l)
			if c, ok := oc.trailing[place]; ok {
				l = strings.TrimRight(l, "\r\n") + " " + c + "\n"
			}
		}
		out.WriteString(l)
	}
	var lost []string
	for _, place := range oc.order {
		if !used[place] {
			lost = append(lost, oc.before[place]...)
			if c, ok := oc.trailing[place]; ok {
				lost = append(lost, c)
			}
		}
	}
	block := func(head string, lines []string) {
		if len(lines) == 0 {
			return
		}
		if !bytes.HasSuffix(out.Bytes(), []byte("\n\n")) {
			out.WriteString("\n")
		}
		if head != "" {
			out.WriteString(head + "\n")
		}
		for _, c := range lines {
			out.WriteString(c + "\n")
		}
	}
	block("# Comments of the previous version whose step or key was taken out:", lost)
	block("", oc.end)
	return out.Bytes()
}

// fileComments are a definition file's comments by where they stand:
// before[place] precede a header ("window", "step#N" for the Nth step from
// 0) or a key ("window.start", ".name" at the top level, "step#N.after");
// trailing[place] ends the key's line.
type fileComments struct {
	top      []string // before the first key or header
	before   map[string][]string
	trailing map[string]string
	order    []string // the places in the file's order
	end      []string // after the last key
}

func (c fileComments) empty() bool {
	return len(c.top) == 0 && len(c.before) == 0 && len(c.trailing) == 0 && len(c.end) == 0
}

func (c *fileComments) place(p string) {
	if _, ok := c.before[p]; ok {
		return
	}
	if _, ok := c.trailing[p]; ok {
		return
	}
	c.order = append(c.order, p)
}

// harvest reads the comments of a TOML definition file. It knows the
// file's shape: top-level keys, tables and an array of [[step]] tables,
// values on one line or arrays over several.
func harvest(src []byte) fileComments {
	c := fileComments{before: map[string][]string{}, trailing: map[string]string{}}
	var pending []string
	started := false
	section := ""
	steps := -1
	depth := 0 // open brackets of a multi-line array
	lastKey := ""
	for _, l := range strings.Split(string(src), "\n") {
		t := strings.TrimSpace(l)
		if depth > 0 { // inside a multi-line value
			code, comment := splitComment(t)
			depth += strings.Count(code, "[") - strings.Count(code, "]")
			if comment != "" {
				c.place(lastKey)
				c.before[lastKey] = append(c.before[lastKey], comment)
			}
			continue
		}
		switch {
		case t == "":
			if len(pending) > 0 {
				pending = append(pending, "") // a blank line inside a block stays
			}
		case strings.HasPrefix(t, "#"):
			pending = append(pending, t)
		case strings.HasPrefix(t, "["):
			code, comment := splitComment(t)
			name := strings.Trim(code, "[] ")
			if strings.HasPrefix(code, "[[") {
				steps++
				name = fmt.Sprintf("%s#%d", name, steps)
			}
			section = name
			if !started {
				c.top, pending, started = pending, nil, true
			}
			c.place(section)
			c.before[section] = append(c.before[section], pending...)
			pending = nil
			if comment != "" {
				c.before[section] = append(c.before[section], comment)
			}
		default:
			code, comment := splitComment(t)
			key, value, _ := strings.Cut(code, "=")
			place := section + "." + strings.TrimSpace(key)
			if !started {
				c.top, pending, started = pending, nil, true
			}
			if len(pending) > 0 {
				c.place(place)
				c.before[place] = append(c.before[place], pending...)
				pending = nil
			}
			if comment != "" {
				c.place(place)
				c.trailing[place] = comment
			}
			lastKey = place
			depth = strings.Count(value, "[") - strings.Count(value, "]")
		}
	}
	if !started {
		c.top = pending
	} else {
		c.end = pending
	}
	c.top, c.end = trimBlank(c.top), trimBlank(c.end)
	for p, v := range c.before {
		if v = trimBlank(v); len(v) == 0 {
			delete(c.before, p)
		} else {
			c.before[p] = v
		}
	}
	return c
}

// splitComment cuts a line at a # outside a string.
func splitComment(line string) (code, comment string) {
	var quote byte
	for i := 0; i < len(line); i++ {
		switch ch := line[i]; {
		case quote == '"' && ch == '\\':
			i++
		case quote != 0:
			if ch == quote {
				quote = 0
			}
		case ch == '"' || ch == '\'':
			quote = ch
		case ch == '#':
			return strings.TrimSpace(line[:i]), strings.TrimSpace(line[i:])
		}
	}
	return line, ""
}

// matchSteps maps each step of the new version to the old step whose
// comments it takes: the first unused one with the same action, template
// and task, else the one at its own index when no new step claims it so.
func matchSteps(old, new []DraftStep) map[int]int {
	id := func(s DraftStep) string { return s.Action + "\x00" + s.Template + "\x00" + s.Task }
	out := map[int]int{}
	taken := map[int]bool{}
	for i, n := range new {
		for j, o := range old {
			if !taken[j] && id(o) == id(n) {
				out[i], taken[j] = j, true
				break
			}
		}
	}
	for i := range new {
		if _, ok := out[i]; !ok && i < len(old) && !taken[i] {
			out[i], taken[i] = i, true
		}
	}
	return out
}

// trimBlank drops the blank lines that begin and end a block of comments.
func trimBlank(lines []string) []string {
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

func isComment(l string) bool { return strings.HasPrefix(strings.TrimSpace(l), "#") }

func containsLine(lines []string, l string) bool {
	for _, x := range lines {
		if x == l {
			return true
		}
	}
	return false
}
