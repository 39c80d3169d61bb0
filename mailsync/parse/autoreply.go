package parse

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Out-of-office text states a return date in many shapes. returnDate reads
// the common English ones and the Chinese "12月2日", only after a word that
// announces a return ("back", "until", "returning"...), so the first date of
// "away from 28 Nov until 2 Dec" is not taken. A date without a year is the
// next one on or after the message date. Anything doubtful gives zero: a
// wrong return date would pause a follow-up for nothing.
var (
	returnTrigger = regexp.MustCompile(`(?i)\b(?:back|until|untill|till|return|returns|returning|returned|resume|resuming|again (?:on|from))\b`)
	sentenceEnd   = regexp.MustCompile(`[!?;]\s|\.\s+[A-Z]`)

	isoDate     = regexp.MustCompile(`\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b`)
	numericDate = regexp.MustCompile(`\b(\d{1,2})([./-])(\d{1,2})([./-])(\d{4}|\d{2})\b`)
	monthNames  = `(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`
	dayMonth    = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\.?(?:\s+of)?\s+` + monthNames + `\b\.?(?:,?\s+(\d{4}))?`)
	monthDay    = regexp.MustCompile(`(?i)\b` + monthNames + `\b\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?`)
	weekdayOnly = regexp.MustCompile(`(?i)\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b`)
	chineseDate = regexp.MustCompile(`(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]`)
	chineseBack = regexp.MustCompile(`返回|回来|回來|回到|上班|回公司|回复`)
	chineseTill = regexp.MustCompile(`至|到|直到`)
)

func returnDate(text string, ref time.Time) time.Time {
	loc := time.UTC
	if !ref.IsZero() {
		loc = ref.Location()
	}
	for _, m := range returnTrigger.FindAllStringIndex(text, -1) {
		window := clip(text[m[1]:], 60)
		if e := sentenceEnd.FindStringIndex(window); e != nil {
			window = window[:e[0]+1]
		}
		if t, ok := dateIn(window, ref, loc); ok {
			return t
		}
	}
	return chineseReturn(text, ref, loc)
}

// dateIn reads the first date of a short window after a trigger word.
func dateIn(w string, ref time.Time, loc *time.Location) (time.Time, bool) {
	type cand struct {
		at int
		t  time.Time
		ok bool
	}
	var best *cand
	try := func(at int, t time.Time, ok bool) {
		if at >= 0 && (best == nil || at < best.at) {
			best = &cand{at, t, ok}
		}
	}
	if m := isoDate.FindStringSubmatchIndex(w); m != nil {
		y, mo, d := atoi(w[m[2]:m[3]]), atoi(w[m[4]:m[5]]), atoi(w[m[6]:m[7]])
		t, ok := ymd(y, mo, d, ref, loc)
		try(m[0], t, ok)
	}
	if m := numericDate.FindStringSubmatchIndex(w); m != nil {
		t, ok := numeric(w, m, ref, loc)
		try(m[0], t, ok)
	}
	if m := dayMonth.FindStringSubmatchIndex(w); m != nil {
		t, ok := named(atoi(w[m[2]:m[3]]), w[m[4]:m[5]], group(w, m, 3), ref, loc)
		try(m[0], t, ok)
	}
	if m := monthDay.FindStringSubmatchIndex(w); m != nil {
		t, ok := named(atoi(w[m[4]:m[5]]), w[m[2]:m[3]], group(w, m, 3), ref, loc)
		try(m[0], t, ok)
	}
	if best != nil {
		return best.t, best.ok
	}
	if m := weekdayOnly.FindStringSubmatch(w); m != nil && !ref.IsZero() {
		return nextWeekday(strings.ToLower(m[1]), ref, loc), true
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

// named reads a day and an English month name, with an optional year.
func named(day int, month, year string, ref time.Time, loc *time.Location) (time.Time, bool) {
	mo := monthNumber(month)
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
// the day before the message, and within a year after it.
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
	if t.Before(day.AddDate(0, 0, -1)) || t.After(day.AddDate(1, 0, 0)) {
		return time.Time{}, false
	}
	return t, true
}

// near says whether t is within 45 days after ref.
func near(t, ref time.Time) bool {
	return !ref.IsZero() && t.Sub(ref) < 45*24*time.Hour
}

func nextWeekday(name string, ref time.Time, loc *time.Location) time.Time {
	r := ref.In(loc)
	day := time.Date(r.Year(), r.Month(), r.Day(), 0, 0, 0, 0, loc)
	for i := 1; i <= 7; i++ {
		d := day.AddDate(0, 0, i)
		if strings.ToLower(d.Weekday().String()) == name {
			return d
		}
	}
	return time.Time{}
}

// chineseReturn reads "12月2日" followed by a return word ("12月2日返回") or
// preceded by "至"/"到" ("休假至12月2日").
func chineseReturn(text string, ref time.Time, loc *time.Location) time.Time {
	for _, m := range chineseDate.FindAllStringSubmatchIndex(text, -1) {
		after := clip(text[m[1]:], 18)
		before := text[max(0, m[0]-9):m[0]]
		if !chineseBack.MatchString(after) && !chineseTill.MatchString(before) {
			continue
		}
		mo, d := atoi(text[m[4]:m[5]]), atoi(text[m[6]:m[7]])
		var t time.Time
		var ok bool
		if y := group(text, m, 1); y != "" {
			t, ok = ymd(atoi(y), mo, d, ref, loc)
		} else if !ref.IsZero() {
			y := ref.In(loc).Year()
			if t, ok = ymd(y, mo, d, ref, loc); !ok {
				t, ok = ymd(y+1, mo, d, ref, loc)
			}
		}
		if ok {
			return t
		}
	}
	return time.Time{}
}

func monthNumber(s string) int {
	s = strings.ToLower(s)
	for i, p := range []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		if strings.HasPrefix(s, p) {
			return i + 1
		}
	}
	return 0
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
