package parse

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestReturnDate(t *testing.T) {
	cet := time.FixedZone("CET", 3600)
	ref := time.Date(2026, 11, 26, 14, 0, 0, 0, cet) // a Thursday
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, cet) }
	tests := []struct {
		text string
		want time.Time
	}{
		{"I will be back on 2 December.", day(2026, 12, 2)},
		{"I am out of office until December 2nd, 2026.", day(2026, 12, 2)},
		{"Out from 20 November until 2 December.", day(2026, 12, 2)},
		{"returning on Monday 7 December", day(2026, 12, 7)},
		{"I return on 2026-12-02.", day(2026, 12, 2)},
		{"away until 12/02/2026", day(2026, 12, 2)}, // only December is ahead
		{"back on 02.12.2026", day(2026, 12, 2)},    // dots: day first
		{"back on 5 January", day(2027, 1, 5)},      // next occurrence: next year
		{"back on Monday", day(2026, 11, 30)},       // next Monday
		{"我将于12月2日返回办公室。", day(2026, 12, 2)},
		{"本人休假至12月2日，", day(2026, 12, 3)},                            // the last day away
		{"Я в отпуске с 22.12.2026 по 08.01.2027.", day(2027, 1, 9)}, // "по": through
		{"Я в отпуске по 8 января включительно.", day(2027, 1, 9)},   // said twice, one day
		{"Я в отпуске до 08.01.2027.", day(2027, 1, 8)},              // "до" stays as written
		{"По всем вопросам до 10.12 обращайтесь к Ивану.", day(2026, 12, 10)},
		{"本人12月25日至1月3日休假。", day(2027, 1, 4)},
		{"我12月25日至1月3日休假，1月4日上班。", day(2027, 1, 4)},
		{"春节期间（2月14日至2月22日）休假，期间回复可能不及时。", day(2027, 2, 23)},
		{"我将于12月2日回复您。", day(2026, 12, 2)},
		{"我们将于12月2日前回复您。", time.Time{}},
		{"until further notice", time.Time{}},
		{"I am away from 20 November.", time.Time{}}, // no return word
		{"back on 02/03/2027", time.Time{}},          // both orders weeks away: unsure
		{"back on 31 February", time.Time{}},
		{"back on 2 December 2019", time.Time{}}, // in the past
		{"", time.Time{}},
	}
	for _, tt := range tests {
		if got := returnDate(tt.text, ref); !got.Equal(tt.want) {
			t.Errorf("returnDate(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
	if got := returnDate("back on 2 December", time.Time{}); !got.IsZero() {
		t.Errorf("no message date, no year: got %v, want zero", got)
	}
}

// dateMentions runs a pattern only on text holding what every match of it
// must hold: check that on text made of date-like pieces.
func TestDatePatternsNeedWhatTheyAreRunOn(t *testing.T) {
	pieces := []string{"12", "3", "2026", " ", ".", "/", "-", "月", "日", "년", "월", "일", "ngày", "NGÀY", " tháng ", "December",
		"dic", "de ", "th", "Mai", "x", "\u00a0", "２", ",", "年", "号",
		"DEC", "dec.", "Dezember", "декабря", "O\u212aT", "märz", "MÄRZ", "ağustos", "of ", "\t", "1st", "xmay", "mayx", "de\u00a0",
		"2026-12-3", "12/3/2026", "3.12.", "12月3日", "12월 3일", "ngày 3 tháng 12", "3 December", "December 3", "3rd of May"}
	needs := []struct {
		re   *regexp.Regexp
		need func(string) bool
	}{
		{isoDate, func(w string) bool { return strings.ContainsAny(w, "-/.") }},
		{numericDate, func(w string) bool { return strings.ContainsAny(w, "-/.") }},
		{dayMonthAny, dayMonthPossible},
		{monthDayAny, monthDayPossible},
		{cjkDate, func(w string) bool { return strings.Contains(w, "月") }},
		{koDate, func(w string) bool { return strings.Contains(w, "월") }},
		{viDate, func(w string) bool { return strings.ContainsAny(w, "àÀ") }},
		{dotNoYear, func(w string) bool { return strings.Contains(w, ".") }},
		{dotBare, func(w string) bool { return strings.Contains(w, ".") }},
		{slashNoYr, func(w string) bool { return strings.Contains(w, "/") }},
	}
	r := rand.New(rand.NewPCG(11, 12))
	matched := make([]int, len(needs))
	n := 40000
	if testing.Short() {
		n = 10000
	}
	for range n {
		var b strings.Builder
		for range 2 + r.IntN(6) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		w := b.String()
		for i, n := range needs {
			if n.re.MatchString(w) {
				matched[i]++
				if !strings.ContainsAny(w, "0123456789") || !n.need(w) {
					t.Fatalf("%v matches %q", n.re, w)
				}
			}
		}
	}
	for i, n := range matched {
		if n < 20 && !testing.Short() {
			t.Fatalf("%v matched %d times: the pieces do not make its dates", needs[i].re, n)
		}
	}
}

// TestReturnDateDayMonthWithoutDot: "по 11.01", "bis 05.01", the usual
// Russian and German way, have no second dot and no year.
func TestReturnDateDayMonthWithoutDot(t *testing.T) {
	msk := time.FixedZone("MSK", 3*3600)
	cet := time.FixedZone("CET", 3600)
	trt := time.FixedZone("TRT", 3*3600)
	tests := []struct {
		text string
		ref  time.Time
		want time.Time
	}{
		{"Я в отпуске с 29.12 по 11.01 включительно, по срочным вопросам обращайтесь к Ивану Петрову.",
			time.Date(2026, 12, 29, 10, 0, 0, 0, msk), time.Date(2027, 1, 12, 0, 0, 0, 0, msk)},
		{"Ich bin bis 05.01 nicht im Büro.", time.Date(2026, 12, 22, 9, 0, 0, 0, cet), time.Date(2027, 1, 5, 0, 0, 0, 0, cet)},
		{"Ich bin vom 22.12 bis 05.01 nicht im Büro.", time.Date(2026, 12, 22, 9, 0, 0, 0, cet), time.Date(2027, 1, 5, 0, 0, 0, 0, cet)},
		{"Нахожусь в отпуске до 10.01", time.Date(2026, 12, 29, 10, 0, 0, 0, msk), time.Date(2027, 1, 10, 0, 0, 0, 0, msk)},
		{"05.01'e kadar izindeyim.", time.Date(2026, 12, 29, 10, 0, 0, 0, trt), time.Date(2027, 1, 6, 0, 0, 0, 0, trt)},
		// Not dates: a decimal, a time, a price.
		{"Preis 3.5 EUR, back soon", time.Date(2026, 12, 22, 9, 0, 0, 0, cet), time.Time{}},
		{"I am back in 1.5 weeks.", time.Date(2026, 12, 22, 9, 0, 0, 0, cet), time.Time{}},
		{"Heute bin ich bis 9.10 Uhr erreichbar.", time.Date(2026, 12, 22, 9, 0, 0, 0, cet), time.Time{}},
		{"Heute bin ich bis 12.30 erreichbar.", time.Date(2026, 12, 22, 9, 0, 0, 0, cet), time.Time{}},
	}
	for _, tt := range tests {
		if got := returnDate(tt.text, tt.ref); !got.Equal(tt.want) {
			t.Errorf("returnDate(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
