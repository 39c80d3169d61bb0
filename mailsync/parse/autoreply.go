package parse

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Out-of-office text states a return date in many shapes and languages.
// returnDate reads it after a word that announces a return ("back",
// "hasta", "de retour", "bis", "до", "حتى"...) or before one ("まで", "까지",
// "kadar", "返回", "wieder"), so the first date of "away from 28 Nov until
// 2 Dec" is not taken; relative ones ("next Monday", "la semana próxima")
// count from the message's date. A date without a year is the next one on
// or after the message date. A date more than 100 days out, or anything
// doubtful, gives zero: a wrong return date would pause a follow-up for
// nothing, and the sequence's out_of_office_pause applies instead.
var (
	sentenceEnd = regexp.MustCompile(`[!?;。！？]\s*|\.\s+\p{Lu}`)

	isoDate     = regexp.MustCompile(`\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b`)
	numericDate = regexp.MustCompile(`\b(\d{1,2})([./-])(\d{1,2})([./-])(\d{4}|\d{2})\b`)
)

// maxReturnDays is how far out a stated return date is believed.
const maxReturnDays = 100

func returnDate(text string, ref time.Time) time.Time {
	text = digitFolder.Replace(text)
	loc := time.UTC
	if !ref.IsZero() {
		loc = ref.Location()
	}
	// The matches one at a time: the first usually gives the date, and
	// the regular expression, costly per byte for its many alternatives,
	// then reads no further than it; nor does it read the text before the
	// first of its words.
	from := returnBeforeWords.from(text)
	for k := 1; from >= 0; k++ {
		ms := returnBefore.FindAllStringIndex(text[from:], k)
		if len(ms) < k {
			break
		}
		m := ms[k-1]
		w := sentence(clip(text[from+m[1]:], 90))
		trigger := text[from+m[0] : from+m[1]]
		if throughWord.MatchString(trigger) && !dateFirst(w, ref, loc) {
			// "travelling through Europe until 5 January": "through" is
			// no date's here.
			continue
		}
		if t, ok := dateIn(w, ref, loc); ok {
			// Russian "по" with a date is "through": "с 22.12 по 08.01"
			// names the last day away; so does English "through".
			through := strings.Contains(trigger, "по") && startsWithDigit(w) || throughWord.MatchString(trigger)
			if through || inclusive.MatchString(w) {
				t = t.AddDate(0, 0, 1)
			}
			return t
		}
	}
	ds := dateMentions(text, ref, loc)
	// The text between a date and the next one.
	after := func(i int) string {
		end := len(text)
		if i+1 < len(ds) {
			end = max(ds[i].end, ds[i+1].start)
		}
		return clip(text[ds[i].end:end], 40)
	}
	// "1月5日より出社", "ab 7.1. wieder", "12月2日返回" first; then "1月4日まで"
	// (the last day away, so back the day after); then "休假至12月2日"
	// (the same).
	for i, d := range ds {
		if d.ok && (returnsAfter(after(i)) || d.cjk && replyAfter.MatchString(after(i))) {
			return d.t
		}
		// "1月5日出差回来后": back on the date, unless it ends a range
		// ("12月24日至1月3日休假回来后" names the last day away).
		if d.ok && d.cjk && backFromAbsence(after(i)) && !returnBeforeCJK.MatchString(text[max(0, d.start-9):d.start]) &&
			(i == 0 || !rangeWord.MatchString(text[ds[i-1].end:d.start])) {
			return d.t
		}
	}
	for i, d := range ds {
		if d.ok && untilAfter.MatchString(after(i)) {
			return d.t.AddDate(0, 0, 1)
		}
	}
	for _, d := range ds {
		if d.ok && d.cjk && returnBeforeCJK.MatchString(text[max(0, d.start-9):d.start]) {
			return d.t.AddDate(0, 0, 1)
		}
	}
	// A range: "du 22 décembre au 4 janvier", "del 22/12 al 06/01",
	// "12月31日-1月2日", "du 22 au 30 décembre". The second date is the last
	// day away.
	for i, d := range ds {
		if !d.ok {
			continue
		}
		between := ""
		if i > 0 {
			between = text[ds[i-1].end:d.start]
		}
		if i > 0 && rangeWord.MatchString(between) || rangeDayBefore.MatchString(text[max(0, d.start-16):d.start]) {
			return d.t.AddDate(0, 0, 1)
		}
	}
	// A relative day before a return word: "nächste Woche wieder im Büro",
	// "下周一回来".
	for _, m := range returnAfter.FindAllStringIndex(text, -1) {
		w := text[max(0, m[0]-30):m[0]]
		for !utf8.ValidString(w) && len(w) > 0 {
			w = w[1:]
		}
		if t, ok := relativeIn(w, ref, loc); ok {
			return t
		}
	}
	return time.Time{}
}

// dateFirst says whether w, blanks skipped, starts with a date, or with a
// weekday that names the date after it or stands alone: "through Monday,
// January 4", "through Friday".
func dateFirst(w string, ref time.Time, loc *time.Location) bool {
	ds := dateMentions(w, ref, loc)
	lead := w
	if len(ds) > 0 {
		lead = w[:ds[0].start]
	}
	// A mention may begin with the blank or sign before its day.
	if strings.TrimSpace(lead) == "" {
		return len(ds) > 0
	}
	lead = strings.TrimLeft(lead, " \t\r\n")
	for _, wd := range weekdayWords {
		m := wd.re.FindStringIndex(lead)
		if m == nil || m[0] != 0 {
			continue
		}
		// Nothing but a comma before the date, or the sentence's end
		// after a weekday alone.
		return strings.Trim(lead[m[1]:], " \t\r\n,.") == ""
	}
	return false
}

// startsWithDigit says whether w, blanks skipped, starts with a digit: the
// date follows its trigger word directly.
func startsWithDigit(w string) bool {
	w = strings.TrimLeft(w, " \t\r\n")
	return w != "" && isDigit(w[0])
}

// sentence cuts a window at the end of its first sentence; a full stop
// after a digit ("2. Dezember", "31.12. ") or an abbreviated weekday or
// month ("until Mon. Jan 5", "bis Mo. 5. Januar") does not end one.
func sentence(w string) string {
	for _, e := range sentenceEnd.FindAllStringIndex(w, -1) {
		if w[e[0]] == '.' && e[0] > 0 && (w[e[0]-1] >= '0' && w[e[0]-1] <= '9' || abbrevBefore.MatchString(w[:e[0]])) {
			continue
		}
		return w[:e[0]+1]
	}
	return w
}

// abbrevBefore is an abbreviated weekday or month ending the text: the
// full stop after it is the abbreviation's.
var abbrevBefore = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec` +
	`|mo|di|mi|do|fr|sa|so|lun|mer|jeu|ven|sam|dim|janv|févr|avr|juil|déc|ene|abr|ago|dic|mié|jue|vie|sáb|dom|seg|ter|qua|qui|sex|fev|dez|okt|gen|mag|giu|lug|ott)$`)

// mention is one date found in a text.
type mention struct {
	start, end int
	t          time.Time
	ok         bool // plausible as a return date
	cjk        bool // written 12月2日
}

// dateMentions lists the dates of text by position.
//
// Each pattern is run only when w holds what every match of it must: an
// ASCII digit, and its separator, script word or month word.
func dateMentions(w string, ref time.Time, loc *time.Location) []mention {
	if !strings.ContainsAny(w, "0123456789") {
		return nil
	}
	var out []mention
	add := func(m []int, t time.Time, ok bool) {
		out = append(out, mention{start: m[0], end: m[1], t: t, ok: ok})
	}
	dash, slash, dot := strings.Contains(w, "-"), strings.Contains(w, "/"), strings.Contains(w, ".")
	for _, m := range findAll(dash || slash || dot, isoDate, w) {
		t, ok := ymd(atoi(w[m[2]:m[3]]), atoi(w[m[4]:m[5]]), atoi(w[m[6]:m[7]]), ref, loc)
		add(m, t, ok)
	}
	for _, m := range findAll(dash || slash || dot, numericDate, w) {
		t, ok := numeric(w, m, ref, loc)
		add(m, t, ok)
	}
	for _, m := range findAll(dayMonthPossible(w), dayMonthAny, w) {
		t, ok := named(atoi(w[m[2]:m[3]]), monthWords[strings.ToLower(w[m[4]:m[5]])], group(w, m, 3), ref, loc)
		add(m, t, ok)
	}
	for _, m := range findAll(monthDayPossible(w), monthDayAny, w) {
		t, ok := named(atoi(w[m[4]:m[5]]), monthWords[strings.ToLower(w[m[2]:m[3]])], group(w, m, 3), ref, loc)
		add(m, t, ok)
	}
	for _, d := range [...]struct {
		re   *regexp.Regexp
		word string
	}{{cjkDate, "月"}, {koDate, "월"}} {
		for _, m := range findAll(strings.Contains(w, d.word), d.re, w) {
			t, ok := named(atoi(w[m[6]:m[7]]), atoi(w[m[4]:m[5]]), group(w, m, 1), ref, loc)
			add(m, t, ok)
			out[len(out)-1].cjk = true
		}
	}
	for _, m := range findAll(strings.ContainsAny(w, "àÀ"), viDate, w) {
		t, ok := named(atoi(w[m[2]:m[3]]), atoi(w[m[4]:m[5]]), group(w, m, 3), ref, loc)
		add(m, t, ok)
	}
	for _, m := range findAll(dot, dotNoYear, w) {
		t, ok := named(atoi(w[m[2]:m[3]]), atoi(w[m[4]:m[5]]), "", ref, loc)
		add([]int{m[2], m[1]}, t, ok)
	}
	for _, m := range findAll(dot, dotBare, w) {
		if clockAfter.MatchString(w[m[5]:]) {
			continue
		}
		t, ok := named(atoi(w[m[2]:m[3]]), atoi(w[m[4]:m[5]]), "", ref, loc)
		add([]int{m[2], m[5]}, t, ok)
	}
	for _, m := range findAll(slash, slashNoYr, w) {
		t, ok := numericNoYear(atoi(w[m[2]:m[3]]), atoi(w[m[4]:m[5]]), ref, loc)
		add([]int{m[2], m[1]}, t, ok)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].start < out[j].start })
	// Two patterns reading the same words: keep the first.
	kept := out[:0]
	for _, m := range out {
		if len(kept) > 0 && m.start < kept[len(kept)-1].end {
			continue
		}
		kept = append(kept, m)
	}
	return kept
}

// findAll is re.FindAllStringSubmatchIndex(w, -1) when ok, else nil.
func findAll(ok bool, re *regexp.Regexp, w string) [][]int {
	if !ok {
		return nil
	}
	return re.FindAllStringSubmatchIndex(w, -1)
}

// dateIn reads the first date of a short window after a trigger word, else
// a relative one ("next week", "tomorrow", "Monday").
func dateIn(w string, ref time.Time, loc *time.Location) (time.Time, bool) {
	if ds := dateMentions(w, ref, loc); len(ds) > 0 {
		return ds[0].t, ds[0].ok
	}
	return relativeIn(w, ref, loc)
}

// relativeIn reads "next week" (its Monday), "tomorrow" or a weekday (the
// next one) in w, counted from the message's day.
func relativeIn(w string, ref time.Time, loc *time.Location) (time.Time, bool) {
	if ref.IsZero() {
		return time.Time{}, false
	}
	r := ref.In(loc)
	today := time.Date(r.Year(), r.Month(), r.Day(), 0, 0, 0, 0, loc)
	if nextWeekRE.MatchString(w) {
		d := today.AddDate(0, 0, 1)
		for d.Weekday() != time.Monday {
			d = d.AddDate(0, 0, 1)
		}
		return d, true
	}
	if tomorrowRE.MatchString(w) {
		return today.AddDate(0, 0, 1), true
	}
	first, day := -1, time.Sunday
	for _, wd := range weekdayWords {
		if m := wd.re.FindStringIndex(w); m != nil && (first < 0 || m[0] < first) {
			first, day = m[0], wd.day
		}
	}
	if first >= 0 {
		d := today.AddDate(0, 0, 1)
		for d.Weekday() != day {
			d = d.AddDate(0, 0, 1)
		}
		return d, true
	}
	return time.Time{}, false
}

// numericNoYear reads 12/31 or 31/12 without a year: kept only when
// exactly one order is a plausible date.
func numericNoYear(a, b int, ref time.Time, loc *time.Location) (time.Time, bool) {
	if ref.IsZero() {
		return time.Time{}, false
	}
	dm, okDM := named(a, b, "", ref, loc)
	md, okMD := named(b, a, "", ref, loc)
	switch {
	case okDM && okMD && !dm.Equal(md):
		return time.Time{}, false
	case okDM:
		return dm, true
	case okMD:
		return md, true
	}
	return time.Time{}, false
}

// numeric reads 12/02/2026 or 02.12.2026. A dot means day first (German,
// Russian...). With slashes either order is used in the wild, so both are
// tried and kept only when exactly one falls in the plausible range.
func numeric(w string, m []int, ref time.Time, loc *time.Location) (time.Time, bool) {
	a, b, y := atoi(w[m[2]:m[3]]), atoi(w[m[6]:m[7]]), atoi(w[m[10]:m[11]])
	if y < 100 {
		y += 2000
	}
	if w[m[4]:m[5]] == "." {
		return ymd(y, b, a, ref, loc)
	}
	dm, okDM := ymd(y, b, a, ref, loc)
	md, okMD := ymd(y, a, b, ref, loc)
	switch {
	case okDM && okMD && !dm.Equal(md):
		// Both orders fit: take the one within a few weeks, as absences
		// are, when only one is; otherwise 03/04/2026 stays unsure.
		nearDM, nearMD := near(dm, ref), near(md, ref)
		if nearDM != nearMD {
			if nearDM {
				return dm, true
			}
			return md, true
		}
		return time.Time{}, false
	case okDM:
		return dm, true
	case okMD:
		return md, true
	}
	return time.Time{}, false
}

// named reads a day and a month, with an optional year; without one, the
// next such day on or after the message date.
func named(day int, mo int, year string, ref time.Time, loc *time.Location) (time.Time, bool) {
	if year != "" {
		return ymd(atoi(year), mo, day, ref, loc)
	}
	if ref.IsZero() {
		return time.Time{}, false
	}
	y := ref.In(loc).Year()
	if t, ok := ymd(y, mo, day, ref, loc); ok {
		return t, true
	}
	return ymd(y+1, mo, day, ref, loc)
}

// ymd builds a date and checks it is plausible as a return date: not before
// the day before the message, and within 100 days after it.
func ymd(y, mo, d int, ref time.Time, loc *time.Location) (time.Time, bool) {
	if mo < 1 || mo > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, loc)
	if t.Day() != d { // 31 February
		return time.Time{}, false
	}
	if ref.IsZero() {
		return t, true
	}
	r := ref.In(loc)
	day := time.Date(r.Year(), r.Month(), r.Day(), 0, 0, 0, 0, loc)
	if t.Before(day.AddDate(0, 0, -1)) || t.After(day.AddDate(0, 0, maxReturnDays)) {
		return time.Time{}, false
	}
	return t, true
}

// near says whether t is within 45 days after ref.
func near(t, ref time.Time) bool {
	return !ref.IsZero() && t.Sub(ref) < 45*24*time.Hour
}

// group returns submatch n of m in s, "" when it did not take part.
func group(s string, m []int, n int) string {
	if 2*n+1 >= len(m) || m[2*n] < 0 {
		return ""
	}
	return s[m[2*n]:m[2*n+1]]
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
