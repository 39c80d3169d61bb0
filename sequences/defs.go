package sequences

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"keepwarm"
	"keepwarm/templates"
)

// Definition is one follow-up sequence as a manager writes it: which
// customers it applies to, its steps, how it sends, when, and what stops it.
type Definition struct {
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	Grades      []string          `json:"grades,omitempty"` // customer grades A-D it applies to
	Tags        []string          `json:"tags,omitempty"`   // customer tags it applies to (before grades)
	Mode        keepwarm.SendMode `json:"mode"`
	// Enroll says which outbound mail the sequence follows up: EnrollExpectsAnswer
	// (the default) or EnrollAll.
	Enroll string     `json:"enroll"`
	Window SendWindow `json:"window"`
	Stop   StopRules  `json:"stop"`
	Steps  []StepDef  `json:"steps"`
	File   string     `json:"file"` // where it was read from, for messages

	templateLines []int // line of each step's template key, for check
}

// StepDef is one step of a sequence, counted from the previous step (or the
// outbound message that started the sequence).
type StepDef struct {
	After    Delay  `json:"after"`
	Business bool   `json:"business_days,omitempty"` // count only the customer's workdays
	Action   string `json:"action"`                  // "email" or "task"
	Template string `json:"template,omitempty"`      // email: the template name
	InThread bool   `json:"in_thread,omitempty"`     // email: a reply in the followed-up thread
	Task     string `json:"task,omitempty"`          // task: what the person should do
}

// Delay is a step delay: whole days ("3d") or a Go duration ("36h").
type Delay struct {
	D     time.Duration
	Whole int // number of days when written as "Nd", else 0

	written string // as the file wrote it, for messages
}

func (d Delay) String() string {
	if d.Whole > 0 {
		return strconv.Itoa(d.Whole) + "d"
	}
	return d.D.String()
}

// MarshalText writes the delay as it was written.
func (d Delay) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads "3d" or a Go duration such as "36h".
func (d *Delay) UnmarshalText(b []byte) error {
	v, whole, err := keepwarm.ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = Delay{D: v, Whole: whole, written: strings.TrimSpace(string(b))}
	return nil
}

// SendWindow is when steps may be sent, in the customer's local time.
type SendWindow struct {
	Start    TimeOfDay `json:"start"`
	End      TimeOfDay `json:"end"`
	Workdays []string  `json:"workdays,omitempty"` // "mon".."sun", within the customer country's week (its weekend stays off, its worked weekend days stay on); empty: all of that week
	Holidays bool      `json:"holidays"`           // skip the customer country's public holidays
	// SkipQuiet skips the customer country's quiet periods (Ramadan) too.
	SkipQuiet bool `json:"skip_quiet,omitempty"`
}

// TimeOfDay is a time of day written "09:00".
type TimeOfDay struct{ Minutes int }

func (c TimeOfDay) String() string { return fmt.Sprintf("%02d:%02d", c.Minutes/60, c.Minutes%60) }

// MarshalText writes "09:00".
func (c TimeOfDay) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads "09:00" (24-hour; "24:00" is the end of the day).
func (c *TimeOfDay) UnmarshalText(b []byte) error {
	t, err := time.Parse("15:04", strings.TrimSpace(string(b)))
	if err != nil {
		if strings.TrimSpace(string(b)) == "24:00" {
			c.Minutes = 24 * 60
			return nil
		}
		return fmt.Errorf("%q is not a time of day: write it like \"09:00\"", b)
	}
	c.Minutes = t.Hour()*60 + t.Minute()
	return nil
}

// StopRules are the manager's part of what ends or pauses a sequence. A real
// answer and a bounce always stop it: they cannot be turned off.
type StopRules struct {
	// OutOfOfficePause is how long an out-of-office without a readable
	// return date pauses the sequence.
	OutOfOfficePause Delay `json:"out_of_office_pause"`
	// OptOutWords in an answer end the sequence as opted-out and block the
	// address from every sequence.
	OptOutWords []string `json:"opt_out_words"`
	// OnCompany: an answer from any contact of the customer stops the
	// sequence, not only one from the people written to or in the thread.
	OnCompany bool `json:"stop_on_company,omitempty"`
}

// Which outbound mail a sequence follows up (Definition.Enroll).
const (
	// EnrollExpectsAnswer follows up mail that expects an answer: a
	// quotation, offer, proforma invoice or price list, a question, a first
	// letter to a new contact. Not pure information.
	EnrollExpectsAnswer = "expects-answer"
	// EnrollAll follows up every outbound mail to a customer.
	EnrollAll = "all"
)

// DefaultOptOutWords are phrases that mean "stop writing to me" in the
// languages export buyers write in. They are matched as whole words; one
// ending in "*" is a stem ("désinscri*": désinscrire, désinscrivez).
// Those that are also ordinary business wording ("not interested", "stop
// sending", ambiguousOptOut) count only as the request itself.
func DefaultOptOutWords() []string {
	return []string{
		"unsubscribe*", "opt out", "opt-out", "remove me from", "take me off", "stop sending",
		"stop emailing", "do not contact", "don't contact", "no more emails", "not interested",
		"abmelden", "keine werbung", "darse de baja", "darme de baja", "no me interesa",
		"désinscri*", "desinscri*", "ne plus recevoir", "non sono interessat*", "cancellami",
		"descadastr*", "退订", "取消订阅", "不要再发",
		"remove us from", "take us off", "remove my email", "remove our email", "don't send", "dont send", "do not send",
		"no more newsletters", "no me envíen más", "no nos envíen más", "no me envien mas", "no nos envien mas",
		"dejen de enviar", "dejen de enviarme", "dejen de enviarnos", "austragen", "keine e-mails mehr", "keine emails mehr",
		"keine newsletter mehr", "отпишите", "отписаться", "не присылайте", "больше не пишите", "إلغاء الاشتراك",
		"الغاء الاشتراك", "لا ترسل*", "退訂", "取消訂閱", "不要再發", "不要再寄", "请勿再发", "請勿再發", "请勿再寄", "請勿再寄",
		"配信停止", "配信を停止",
		// The address-level form of each companyOptOutWords phrase that
		// none of the above holds: an answer in the company's name is an
		// opt-out first.
		"remove us", "opt us out", "remove our company", "remove our emails", "remove our address", "remove our addresses",
		"no nos envíen", "no nos envien", "darnos de baja", "dennos de baja", "не пишите нам",
		"不要再给我们发", "不要再給我們發", "请勿再给我们发", "請勿再給我們發", "别再给我们发", "別再給我們發",
	}
}

// fileDef is the TOML form of a definition.
type fileDef struct {
	Name        string   `toml:"name"`
	Description string   `toml:"description"`
	Grades      []string `toml:"grades"`
	Tags        []string `toml:"tags"`
	Mode        string   `toml:"mode"`
	Enroll      string   `toml:"enroll"`
	Window      struct {
		Start     *TimeOfDay `toml:"start"`
		End       *TimeOfDay `toml:"end"`
		Workdays  []string   `toml:"workdays"`
		Holidays  *bool      `toml:"holidays"`
		SkipQuiet bool       `toml:"skip_quiet"`
	} `toml:"window"`
	Stop struct {
		OutOfOfficePause *Delay   `toml:"out_of_office_pause"`
		OptOutWords      []string `toml:"opt_out_words"`
		ExtraOptOutWords []string `toml:"extra_opt_out_words"`
		OnCompany        bool     `toml:"stop_on_company"`
	} `toml:"stop"`
	Steps []struct {
		After    *Delay `toml:"after"`
		Days     string `toml:"days"`
		Action   string `toml:"action"`
		Template string `toml:"template"`
		InThread bool   `toml:"in_thread"`
		Task     string `toml:"task"`
	} `toml:"step"`
}

var seqWeekdays = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// badStep is the index of the first [[step]] of body that the decoder
// refuses when it is the file's only step, or -1.
func badStep(body []byte) int {
	var raw struct {
		Steps []map[string]any `toml:"step"`
	}
	if _, err := toml.Decode(string(body), &raw); err != nil {
		return -1
	}
	for i, st := range raw.Steps {
		var one bytes.Buffer
		if toml.NewEncoder(&one).Encode(map[string]any{"step": []map[string]any{st}}) != nil {
			continue
		}
		var fd fileDef
		if _, err := toml.NewDecoder(&one).Decode(&fd); err != nil {
			return i
		}
	}
	return -1
}

// ParseDefinition decodes one definition file strictly and checks it. Every
// problem names the file, the line and the field.
func ParseDefinition(file string, body []byte) (*Definition, []templates.Problem) {
	var fd fileDef
	md, err := toml.NewDecoder(bytes.NewReader(body)).Decode(&fd)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			field, line := perr.LastKey, perr.Position.Line
			if rest, ok := strings.CutPrefix(field, "step."); ok {
				// The decoder names a [[step]]'s key with no index, at
				// the line of the last step's: the step is the first
				// one that does not decode on its own.
				if i := badStep(body); i >= 0 {
					field, line = fmt.Sprintf("step[%d].%s", i, rest), newLocator(body).line("step", i, rest)
				}
			}
			return nil, []templates.Problem{{File: file, Line: line, Field: field, Msg: perr.Message}}
		}
		return nil, []templates.Problem{{File: file, Msg: err.Error()}}
	}
	loc := newLocator(body)
	var probs []templates.Problem
	bad := func(table string, index int, field, format string, args ...any) {
		name := field
		if table != "" {
			name = table + "." + field
			if index >= 0 {
				name = fmt.Sprintf("%s[%d].%s", table, index, field)
			}
		}
		probs = append(probs, templates.Problem{File: file, Line: loc.line(table, index, field), Field: name, Msg: fmt.Sprintf(format, args...)})
	}
	unknown := map[string]bool{}
	for _, k := range md.Undecoded() {
		unknown[k.String()] = true
	}
	step := -1 // the [[step]] the keys belong to: the decoder lists keys in file order
	for _, k := range md.Keys() {
		if len(k) == 1 && k[0] == "step" {
			step++
		}
		ks := k.String()
		if !unknown[ks] {
			continue
		}
		table, field := "", ks
		if i := strings.LastIndex(ks, "."); i >= 0 {
			table, field = ks[:i], ks[i+1:]
		}
		idx, name := -1, ks
		if k[0] == "step" && len(k) > 1 {
			idx, name = max(step, 0), fmt.Sprintf("step[%d].%s", max(step, 0), strings.Join(k[1:], "."))
		}
		probs = append(probs, templates.Problem{File: file, Line: loc.line(table, idx, field), Field: name,
			Msg: "unknown key: remove it or check its spelling"})
	}
	d := &Definition{Name: strings.TrimSpace(fd.Name), Description: fd.Description, Tags: fd.Tags, File: file}
	if d.Name == "" {
		bad("", -1, "name", "is missing: give the sequence a name such as \"key-customer\"")
	}
	for _, g := range fd.Grades {
		g = strings.ToUpper(strings.TrimSpace(g))
		if len(g) != 1 || !strings.Contains("ABCDE", g) {
			bad("", -1, "grades", "%q is not a grade: use A, B, C, D or E", g)
			continue
		}
		d.Grades = append(d.Grades, g)
	}
	switch m := keepwarm.SendMode(strings.TrimSpace(fd.Mode)); m {
	case "":
		d.Mode = keepwarm.ModeSend
	case keepwarm.ModeSend, keepwarm.ModeDraft, keepwarm.ModeDryRun:
		d.Mode = m
	default:
		bad("", -1, "mode", "%q: use \"send\", \"draft\" or \"dry-run\"", fd.Mode)
	}
	switch e := strings.TrimSpace(fd.Enroll); e {
	case "":
		d.Enroll = EnrollExpectsAnswer
	case EnrollExpectsAnswer, EnrollAll:
		d.Enroll = e
	default:
		bad("", -1, "enroll", "%q: use \"expects-answer\" or \"all\"", fd.Enroll)
	}
	d.Window = SendWindow{Start: TimeOfDay{9 * 60}, End: TimeOfDay{17 * 60}, Holidays: true}
	if fd.Window.Start != nil {
		d.Window.Start = *fd.Window.Start
	}
	if fd.Window.End != nil {
		d.Window.End = *fd.Window.End
	}
	if fd.Window.Holidays != nil {
		d.Window.Holidays = *fd.Window.Holidays
	}
	d.Window.SkipQuiet = fd.Window.SkipQuiet
	if d.Window.End.Minutes <= d.Window.Start.Minutes {
		bad("window", -1, "end", "%s is not after start %s", d.Window.End, d.Window.Start)
	}
	for _, w := range fd.Window.Workdays {
		w = strings.ToLower(strings.TrimSpace(w))
		if _, ok := seqWeekdays[w]; !ok {
			bad("window", -1, "workdays", "%q is not a weekday: use mon, tue, wed, thu, fri, sat or sun", w)
			continue
		}
		d.Window.Workdays = append(d.Window.Workdays, w)
	}
	d.Stop.OutOfOfficePause = Delay{D: 7 * 24 * time.Hour, Whole: 7}
	if p := fd.Stop.OutOfOfficePause; p != nil {
		if p.D < time.Hour {
			bad("stop", -1, "out_of_office_pause", "%s is too short: use at least \"1h\" (default \"7d\")", p)
		}
		d.Stop.OutOfOfficePause = *p
	}
	d.Stop.OptOutWords = DefaultOptOutWords()
	if fd.Stop.OptOutWords != nil {
		d.Stop.OptOutWords = fd.Stop.OptOutWords
		if len(fd.Stop.OptOutWords) == 0 {
			bad("stop", -1, "opt_out_words", "an empty list turns off opt-out detection: remove the key to keep the built-in words, or use extra_opt_out_words to add to them")
		}
	}
	for _, key := range []string{"opt_out_words", "extra_opt_out_words"} {
		list := fd.Stop.OptOutWords
		if key == "extra_opt_out_words" {
			list = fd.Stop.ExtraOptOutWords
		}
		for _, w := range list {
			if msg := optOutWordProblem(w); msg != "" {
				bad("stop", -1, key, "%s", msg)
			}
		}
	}
	d.Stop.OptOutWords = append(d.Stop.OptOutWords, fd.Stop.ExtraOptOutWords...)
	d.Stop.OnCompany = fd.Stop.OnCompany
	if len(fd.Steps) == 0 {
		bad("", -1, "step", "no [[step]]: a sequence needs at least one step")
	}
	for i, fs := range fd.Steps {
		st := StepDef{Action: strings.TrimSpace(fs.Action), Template: strings.TrimSpace(fs.Template), InThread: fs.InThread, Task: strings.TrimSpace(fs.Task)}
		if fs.After == nil {
			bad("step", i, "after", "is missing: how long after the previous step, e.g. \"3d\"")
		} else {
			st.After = *fs.After
			if st.Action == "email" && st.After.D < 24*time.Hour {
				prev := "the previous step"
				if i == 0 {
					prev = "the mail followed up"
				}
				bad("step", i, "after", "%q sends right after %s: use at least \"1d\"", fs.After.written, prev)
			}
		}
		switch strings.TrimSpace(fs.Days) {
		case "", "calendar":
		case "business":
			st.Business = true
			if fs.After != nil && fs.After.Whole == 0 && fs.After.D > 0 {
				bad("step", i, "after", "business days must be whole days, e.g. \"3d\"")
			}
		default:
			bad("step", i, "days", "%q: use \"calendar\" or \"business\"", fs.Days)
		}
		switch st.Action {
		case "email":
			if st.Template == "" {
				bad("step", i, "template", "is missing: an email step names its template, e.g. \"resend\"")
			}
		case "task":
			if st.Task == "" {
				bad("step", i, "task", "is missing: say what the person should do, e.g. \"Phone the customer\"")
			}
			if st.InThread {
				bad("step", i, "in_thread", "a task is not sent: remove in_thread")
			}
		default:
			bad("step", i, "action", "%q: use \"email\" or \"task\"", fs.Action)
		}
		d.Steps = append(d.Steps, st)
		d.templateLines = append(d.templateLines, loc.line("step", i, "template"))
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return d, nil
}

// optOutWordProblem says what is wrong with a word of opt-out wording, or
// "". An opt-out blocks an address for good, so a word must not be one of
// ordinary mail: at least 5 letters, or 2 characters of Chinese or
// Japanese (written without spaces: "退订").
func optOutWordProblem(w string) string {
	t := strings.TrimSuffix(strings.TrimSpace(w), "*")
	if t == "" {
		return "an empty word: remove it"
	}
	short := 5
	for _, r := range t {
		if unicode.IsLetter(r) && !spacedLetter(r) {
			short = 2
			break
		}
	}
	if utf8.RuneCountInString(t) < short {
		return fmt.Sprintf("%q is too short: a word this short is in ordinary mail too and would block buyers for good; write the whole phrase, e.g. \"unsubscribe\" or \"remove me from\"", w)
	}
	return ""
}

// locator finds the line of a key in a TOML file, for messages about values
// that decoded fine but mean nothing (the decoder keeps key positions private).
type locator struct{ lines []string }

func newLocator(body []byte) locator {
	return locator{lines: strings.Split(string(body), "\n")}
}

// line returns the 1-based line of field in table ("" for the top level;
// index selects the n-th [[table]]), or the table's header line, or 0.
func (l locator) line(table string, index int, field string) int {
	inTable, seen, header := table == "", -1, 0
	for i, raw := range l.lines {
		s := strings.TrimSpace(raw)
		if strings.HasPrefix(s, "[") {
			h, _, _ := strings.Cut(s, "#") // "[[step]] # then"
			name := strings.TrimSpace(strings.Trim(strings.TrimSpace(h), "[]"))
			inTable = false
			if name == table {
				seen++
				if index < 0 || seen == index {
					inTable, header = true, i+1
				}
			}
			continue
		}
		if !inTable {
			continue
		}
		if k, _, ok := strings.Cut(s, "="); ok && strings.TrimSpace(k) == field {
			return i + 1
		}
	}
	return header
}
