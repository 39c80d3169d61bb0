package parse

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The words out-of-office replies use in the languages export buyers write
// (en, zh, es, pt, fr, de, it, ru, ar, tr, ja, ko, vi, id).

// monthWords maps month names and unambiguous abbreviations, lower case, to
// months. Abbreviations that are words elsewhere ("out", "set", "mag") are
// left out.
var monthWords = map[string]int{}

func init() {
	for m, names := range [12]string{
		"jan january ene enero janeiro janv janvier januar jänner gen gennaio января янв januari يناير كانون ocak",
		"feb february febrero fev fevereiro févr février fevrier februar febbraio февраля фев februari فبراير şubat subat",
		"mar march marzo março marco mars märz maerz марта maret مارس",
		"apr april abr abril avr avril aprile апреля апр أبريل ابريل nisan",
		"may mayo maio mai maggio мая mei مايو mayıs mayis",
		"jun june junio junho juin juni giugno июня juni يونيو haziran",
		"jul july julio julho juil juillet juli luglio июля juli يوليو temmuz",
		"aug august ago agosto août aout agustus августа авг أغسطس اغسطس ağustos agustos",
		"sep sept september septiembre setiembre setembro septembre settembre сентября сен سبتمبر eylül eylul",
		"oct october octubre outubro octobre okt oktober ottobre октября окт oktober أكتوبر اكتوبر ekim",
		"nov november noviembre novembro novembre ноября ноя نوفمبر kasım kasim",
		"dec december dic diciembre dez dezembro déc décembre decembre dezember dicembre декабря дек desember ديسمبر aralık aralik",
	} {
		for _, n := range strings.Fields(names) {
			if n == "كانون" { // Levantine names need the ordinal: left to the numeric forms
				continue
			}
			monthWords[n] = m + 1
		}
	}
	names := make([]string, 0, len(monthWords))
	for n := range monthWords {
		names = append(names, regexp.QuoteMeta(n))
	}
	// Longest first: RE2 takes the first alternative that matches.
	sort.Slice(names, func(i, j int) bool {
		if len(names[i]) != len(names[j]) {
			return len(names[i]) > len(names[j])
		}
		return names[i] < names[j]
	})
	alt := "(" + strings.Join(names, "|") + ")"
	// 31 de diciembre, 31 декабря, 31. Dezember, 31 Aralık, 2 December 2026
	dayMonthAny = regexp.MustCompile(`(?i)(?:^|[^\p{L}\d])(\d{1,2})(?:st|nd|rd|th|er|º|°)?\.?(?:\s+of|\s+de|\s+d[eo])?\s*` + alt +
		`\.?(?:[^\p{L}\d]|$)(?:\s*(?:de\s+|del\s+|,\s*)?(\d{4}))?`)
	// December 2, 2026
	monthDayAny = regexp.MustCompile(`(?i)(?:^|[^\p{L}\d])` + alt + `\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:[^\p{L}\d]|$)(?:\s*,?\s*(\d{4}))?`)
}

var (
	dayMonthAny, monthDayAny *regexp.Regexp

	// 12月31日 (zh, ja), 12월 31일 (ko), ngày 31 tháng 12 (vi), 31.12. and 31.12 (de, ru)
	cjkDate   = regexp.MustCompile(`(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]`)
	koDate    = regexp.MustCompile(`(?:(\d{4})\s*년\s*)?(\d{1,2})\s*월\s*(\d{1,2})\s*일`)
	viDate    = regexp.MustCompile(`(?i)ngày\s*(\d{1,2})\s*(?:tháng|/)\s*(\d{1,2})(?:\s*(?:năm|/)\s*(\d{4}))?`)
	dotNoYear = regexp.MustCompile(`(?:^|[^\d.])(\d{1,2})\.(\d{1,2})\.(?:[^\d]|$)`)
	// 05.01 without a year and without the second dot ("по 11.01", "bis
	// 05.01"): the month in two digits, so that a decimal ("3.5 EUR",
	// "back in 1.5 weeks") is no date; a time ("9.10 Uhr") is left out
	// by clockAfter.
	dotBare    = regexp.MustCompile(`(?:^|[^\d.])(\d{1,2})\.(0[1-9]|1[0-2])(?:[^\d.]|\.(?:\D|$)|$)`)
	clockAfter = regexp.MustCompile(`(?i)^\s*(?:uhr|h\b|hrs?\b|heures?\b|horas?\b|ore\b|saat|a\.?m\b|p\.?m\b|o'clock|ч(?:[^\p{L}]|$)|час|時|点|點|시)`)
	slashNoYr  = regexp.MustCompile(`(?:^|[^\d/])(\d{1,2})/(\d{1,2})(?:[^\d/]|$)`)
	nextWeekRE = regexp.MustCompile(`(?i)next week|la (?:semana|settimana) (?:próxima|proxima|que viene|prossima)|la (?:próxima|proxima|prossima) (?:semana|settimana)|(?:na )?(?:próxima|proxima) semana|semana que vem|la semaine prochaine|nächste[n]? woche|kommende[n]? woche|на следующей неделе|следующей недел|gelecek hafta|haftaya|下周|下週|下星期|来週|다음\s*주|tuần (?:sau|tới)|minggu depan|الأسبوع القادم|الاسبوع القادم`)
	tomorrowRE = regexp.MustCompile(`(?i)tomorrow|mañana|amanhã|amanha|demain|morgen|domani|завтра|yarın|明天|明日|내일|ngày mai|besok|غدا|غداً`)
	nextRE     = regexp.MustCompile(`(?i)next|próximo|proximo|próxima|proxima|prochain|nächsten|kommenden|prossimo|следующ|gelecek|下|来|다음|tới|sau|depan|القادم`)
)

// weekdayWords maps weekday names to days, in every language above. Names
// that are also common words (Indonesian "minggu" is also "week") are left
// out.
var weekdayWords = []struct {
	re  *regexp.Regexp
	day time.Weekday
}{
	{regexp.MustCompile(`(?i)monday|lunes|segunda|lundi|montag|lunedì|lunedi|понедельник|pazartesi|senin|thứ hai|月曜|월요일|周一|星期一|週一|الاثنين|الإثنين`), time.Monday},
	{regexp.MustCompile(`(?i)tuesday|martes|terça|terca|mardi|dienstag|martedì|martedi|вторник|salı|selasa|thứ ba|火曜|화요일|周二|星期二|週二|الثلاثاء`), time.Tuesday},
	{regexp.MustCompile(`(?i)wednesday|miércoles|miercoles|quarta|mercredi|mittwoch|mercoledì|mercoledi|среду|среда|çarşamba|rabu|thứ tư|水曜|수요일|周三|星期三|週三|الأربعاء|الاربعاء`), time.Wednesday},
	{regexp.MustCompile(`(?i)thursday|jueves|quinta|jeudi|donnerstag|giovedì|giovedi|четверг|perşembe|kamis|thứ năm|木曜|목요일|周四|星期四|週四|الخميس`), time.Thursday},
	{regexp.MustCompile(`(?i)friday|viernes|sexta|vendredi|freitag|venerdì|venerdi|пятниц|cuma\b|jumat|thứ sáu|金曜|금요일|周五|星期五|週五|الجمعة`), time.Friday},
	{regexp.MustCompile(`(?i)saturday|sábado|sabado|samedi|samstag|sabato|суббот|cumartesi|sabtu|thứ bảy|土曜|토요일|周六|星期六|週六|السبت`), time.Saturday},
	{regexp.MustCompile(`(?i)sunday|domingo|dimanche|sonntag|domenica|воскресень|pazar\b|chủ nhật|日曜|일요일|周日|星期日|星期天|週日|الأحد|الاحد`), time.Sunday},
}

// returnBefore are the words that announce a return date after them:
// "back on", "hasta el", "de retour le", "bis zum", "до", "حتى".
var returnBefore = regexp.MustCompile(`(?i)\b(?:back|until|untill|till|through|thru|return|returns|returning|returned|resume|resuming|again (?:on|from))\b` +
	`|regres|vuelv|volver|de vuelta|hasta|reincorpor` +
	`|retorn|voltar|volto|de volta|até` +
	`|retour|jusqu|reprendrai|rentrerai|rentre le` +
	`|zurück|\bbis\b|wieder` +
	`|rientr|torner|fino al|fino a|di ritorno` +
	`|вернусь|возвращ|(?:^|[^\p{L}])(?:до|по)[^\p{L}]|выйду` +
	`|dönüş|döneceğim|dönece` +
	`|đến ngày|đến hết|trở lại|quay lại|cho đến` +
	`|sampai|hingga|kembali` +
	`|حتى|حتي|لغاية|سأعود|عودتي|العودة`)

// throughWord is an English trigger naming the last day away: "out of the
// office through January 4" is back on 5 January.
var throughWord = regexp.MustCompile(`(?i)^(?:through|thru)$`)

// rangeWord joins the first and the last day of an absence: "du 22
// décembre au 4 janvier", "del 22/12 al 06/01", "from 22 December to 4
// January", "12月31日-1月2日". Words that announce a return as well ("bis",
// "до", "hasta", "until") are read as such first.
var rangeWord = regexp.MustCompile(`(?i)^\s*(?:to|through|thru|au|aux|al|a|à|ao|-|–|—|~|～|〜)\s*$`)

// rangeDayBefore is a bare first day before a range word ahead of a date:
// "du 22 au 30 décembre", "from 22 to 30 December".
var rangeDayBefore = regexp.MustCompile(`(?i)(?:^|[^\d./])\d{1,2}(?:st|nd|rd|th|er)?\.?\s*(?:to|through|thru|au|al|a|à|ao|-|–|—|~|～|〜)\s*$`)

// returnBeforeWords finds where in a text returnBefore may first match.
var returnBeforeWords = newPrefilter(returnBefore)

// returnAfter are the words that follow a return date: "1月5日まで",
// "1월 5일까지", "5 Ocak'a kadar", "12月2日返回", "ab 3.12. wieder".
// "回复" (reply) is not among them: "期间回复可能不及时" says replies are
// slow, "3月1日前回复" promises one before a date; only "12月2日(后)回复"
// right after the date reads as a return (replyAfter).
var returnAfter = regexp.MustCompile(`(?i)より出社|から出社|に出社|より通常|복귀|출근|돌아옵|itibaren|döne|返回|回来|回來|回到|上班|回公司|后回|後回|wieder|zurück`)

// returnsAfter says whether a return word follows a date in w, the text
// after the date, within the date's own clause: "12月2日返回", "1月5日（周
// 一）回到公司", "ab 7.1. wieder", "2月18日起，正常上班" (a comma right after
// 起 or 开始 still belongs to the date). A return word after a comma or
// the absence's own word belongs to no date: in "我12月24日至1月3日休假，回
// 来后尽快回复您" 1月3日 is the last day away (至), and the return the day
// after.
func returnsAfter(w string) bool {
	w = strings.TrimPrefix(w, fromThen.FindString(w))
	loc := returnAfter.FindStringIndex(w)
	return loc != nil && !clauseBreak.MatchString(w[:loc[0]])
}

// fromThen is "from then" right after a date with the comma that may
// follow it: "2月18日起，正常上班".
var fromThen = regexp.MustCompile(`^\s*(?:起|开始|開始|以后|以後|之后|之後)\s*[，,]`)

// backFromAbsence says whether w, the text after a date, says the absence
// ends on it within the date's own clause: "1月5日出差回来后尽快回复",
// "1月4日休假回来", "1月3日出差结束".
func backFromAbsence(w string) bool {
	loc := absenceEnds.FindStringIndex(w)
	return loc != nil && !clauseBreak.MatchString(w[:loc[0]])
}

// absenceEnds is the absence's own word with a return: "出差回来", "休假
// 结束".
var absenceEnds = regexp.MustCompile(`(?:出差|休假|放假|度假)(?:回来|回來|结束|結束)`)

// clauseBreak ends the clause of a date: a comma or a sentence's end
// (not ".", which ends "7.1." in German), or the word for the absence
// itself ("休假", "放假").
var clauseBreak = regexp.MustCompile(`[，,。；;！!？?、]|休假|放假|假期|休息|出差|不在`)

// replyAfter is "回复" (reply) right after a date: "12月2日回复您".
var replyAfter = regexp.MustCompile(`^\s*(?:起|后|後|以后|之后)?(?:再|会|會)?(?:回复|回覆)`)

// untilAfter follow the last day away: "1月4日まで休業", "1월 4일까지 휴가",
// "4 Ocak'a kadar izindeyim".
var untilAfter = regexp.MustCompile(`まで|迄|까지|kadar`)

// inclusive says the date named is still a day away: "bis einschließlich
// 6.1.", "до 11 января включительно".
var inclusive = regexp.MustCompile(`(?i)einschließlich|einschl\.|inklusive|inclusive|inclusivo|inclus|incluso|compreso|включительно|dahil`)

// returnBeforeCJK are the Chinese words before a date: "休假至12月2日",
// "12月25日至1月3日休假". The date is the last day away, as in a Chinese
// holiday notice ("春节放假至2月17日"): the return is the day after.
var returnBeforeCJK = regexp.MustCompile(`至|到|直到`)

// arabicDigits turns Arabic-Indic and Persian digits and full-width digits
// into ASCII ones.
var digitFolder = strings.NewReplacer(
	"٠", "0", "١", "1", "٢", "2", "٣", "3", "٤", "4", "٥", "5", "٦", "6", "٧", "7", "٨", "8", "٩", "9",
	"۰", "0", "۱", "1", "۲", "2", "۳", "3", "۴", "4", "۵", "5", "۶", "6", "۷", "7", "۸", "8", "۹", "9",
	"０", "0", "１", "1", "２", "2", "３", "3", "４", "4", "５", "5", "６", "6", "７", "7", "８", "8", "９", "9",
	"\u00a0", " ", "\u202f", " ",
)

// monthFolds holds the month words in canonical case (each rune the least
// of its simple case folding orbit, so two words are equal under (?i) when
// their canonical forms are); monthRunes the rune counts they have.
var (
	monthFolds = map[string]bool{}
	monthRunes []int
)

func init() {
	for n := range monthWords {
		rs := []rune(n)
		for i, r := range rs {
			rs[i] = canonRune(r)
		}
		monthFolds[string(rs)] = true
		if !slices.Contains(monthRunes, len(rs)) {
			monthRunes = append(monthRunes, len(rs))
		}
	}
	slices.Sort(monthRunes)
}

// canonRune is the least rune of r's simple case folding orbit.
func canonRune(r rune) rune {
	m := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		m = min(m, f)
	}
	return m
}

// monthSuffix says whether the letters of w ending at end (a run of
// unicode.IsLetter runes) end with a month word under (?i); with whole,
// whether the run from its start is one.
func monthSuffix(w string, end int, whole bool) bool {
	maxRunes := monthRunes[len(monthRunes)-1]
	var rs [32]rune // the run's last runes, canonical, last first
	n, start := 0, end
	for start > 0 && n <= maxRunes {
		r, size := utf8.DecodeLastRuneInString(w[:start])
		if !unicode.IsLetter(r) {
			break
		}
		rs[n] = canonRune(r)
		n++
		start -= size
	}
	var key [32 * utf8.UTFMax]byte
	for _, l := range monthRunes {
		if l > n || whole && l != n {
			continue
		}
		if whole && n > maxRunes {
			return false
		}
		k := 0
		for i := l - 1; i >= 0; i-- {
			k += utf8.EncodeRune(key[k:], rs[i])
		}
		if monthFolds[string(key[:k])] {
			return true
		}
	}
	return false
}

// dayMonthPossible says whether dayMonthAny can match w: its month word
// ends a run of letters.
func dayMonthPossible(w string) bool {
	for i := 0; i < len(w); {
		r, size := utf8.DecodeRuneInString(w[i:])
		i += size
		if unicode.IsLetter(r) && (i == len(w) || !startsLetter(w[i:])) && monthSuffix(w, i, false) {
			return true
		}
	}
	return false
}

func startsLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

// monthDayPossible says whether monthDayAny can match w: a month word that
// is a whole run of letters, then maybe ".", blanks (\s) and a day of one
// or two digits.
func monthDayPossible(w string) bool {
	for i := 1; i < len(w); i++ {
		if !isDigit(w[i]) || isDigit(w[i-1]) {
			continue
		}
		j := i
		for j < len(w) && isDigit(w[j]) {
			j++
		}
		k := i
		for k > 0 && reSpace(w[k-1]) {
			k--
		}
		if k < i && j-i <= 2 {
			if k > 0 && w[k-1] == '.' {
				k--
			}
			if monthSuffix(w, k, true) {
				return true
			}
		}
		i = j - 1
	}
	return false
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// reSpace is regexp's \s.
func reSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }
