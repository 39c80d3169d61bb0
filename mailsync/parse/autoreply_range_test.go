package parse

import (
	"testing"
	"time"
)

// An absence written as a range, or with "through", names its last day
// away: the return is the day after.
func TestReturnDateRanges(t *testing.T) {
	cet := time.FixedZone("CET", 3600)
	ref := time.Date(2026, 12, 20, 9, 0, 0, 0, cet)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, cet) }
	tests := []struct {
		text string
		want time.Time
	}{
		{"Je suis absente du 22 décembre au 4 janvier inclus. Je traiterai votre message à mon retour.", day(2027, 1, 5)},
		{"Estaré de vacaciones del 22/12 al 06/01.", day(2027, 1, 7)},
		{"Sarò in ferie dal 22 dicembre al 6 gennaio.", day(2027, 1, 7)},
		{"Estarei de férias de 22/12 a 04/01.", day(2027, 1, 5)},
		{"I am on holiday from 22 December to 4 January.", day(2027, 1, 5)},
		{"I am out of the office through January 4.", day(2027, 1, 5)},
		{"I am out of the office thru 4 January.", day(2027, 1, 5)},
		{"I am out of the office through Monday, January 4.", day(2027, 1, 5)},
		{"I am out of the office through Monday January 4th and will reply then.", day(2027, 1, 5)},
		{"I am out of the office through Wednesday.", day(2026, 12, 24)},
		{"I am travelling through Friday's fair in Essen until 5 January.", day(2027, 1, 5)},
		{"本人12月31日-1月2日休假，期间邮件回复可能延迟。", day(2027, 1, 3)},
		{"本人12月31日～1月2日休假。", day(2027, 1, 3)},
		// A return word later in the sentence names no date: the range's
		// last day is still away.
		{"我12月24日至1月3日休假，回来后尽快回复您。", day(2027, 1, 4)},
		{"本人12月31日-1月2日休假，返回后联系。", day(2027, 1, 3)},
		{"公司春节1月25日至2月7日放假，节后上班时间另行通知。", day(2027, 2, 8)},
		// A return word in the date's own clause still names the return.
		{"我12月24日开始休假，1月4日（周一）回到公司。", day(2027, 1, 4)},
		{"春节放假至2月17日，2月18日起正常上班。", day(2027, 2, 18)},
		{"公司春节放假，2月18日起，正常上班。", day(2027, 2, 18)},
		{"本人正在出差，1月5日出差回来后尽快回复。", day(2027, 1, 5)},
		{"我1月4日休假回来，届时回复您。", day(2027, 1, 4)},
		// The absence's end after a range's last day is still away.
		{"我12月24日至1月3日休假回来后回复您。", day(2027, 1, 4)},
		{"本人12月31日-1月2日出差回来后联系。", day(2027, 1, 3)},
		// A comma after the absence word still ends the clause.
		{"1月2日开始休假，回来后回复。", time.Time{}},
		{"Je suis absent du 22 au 30 décembre.", day(2026, 12, 31)},
		{"I am away from 22 to 30 December.", day(2026, 12, 31)},
		{"On holiday from Dec 22 - Jan 4.", day(2027, 1, 5)},
		// A stated return wins over the range.
		{"Estoy de vacaciones del 22/12 al 06/01, regreso el 8 de enero.", day(2027, 1, 8)},
		// "through" that names no date is no trigger.
		{"I am travelling through Europe until 5 January.", day(2027, 1, 5)},
		// One date is no range.
		{"I am away from 22 December.", time.Time{}},
		{"Please send the documents to 4 January at the latest.", time.Time{}},
	}
	for _, tt := range tests {
		if got := returnDate(tt.text, ref); !got.Equal(tt.want) {
			t.Errorf("returnDate(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// An abbreviated weekday or month before the date does not end the
// sentence the date is read from.
func TestReturnDateAfterAbbreviatedWeekday(t *testing.T) {
	cet := time.FixedZone("CET", 3600)
	ref := time.Date(2026, 12, 20, 9, 0, 0, 0, cet)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, cet) }
	for text, want := range map[string]time.Time{
		"I am out of the office until Mon. Jan 5 and will reply when I return.": day(2027, 1, 5),
		"I will be back on Tues. Jan 6th.":                                      day(2027, 1, 6),
		"Returning Wed. January 7. Thank you.":                                  day(2027, 1, 7),
		"Ich bin ab Do. 7. Januar wieder im Büro.":                              day(2027, 1, 7),
		"I am out until further notice. Mon. to Fri. my colleague answers.":     {},
	} {
		if got := returnDate(text, ref); !got.Equal(want) {
			t.Errorf("returnDate(%q) = %v, want %v", text, got, want)
		}
	}
}
