package templates

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cjkTitles end a name written in Chinese, Japanese or Korean: "王总",
// "李经理", "山田様", "김민준님". A line of these scripts has no spaces,
// so a whole sentence ("附件是报价单，请查收！") is one word: only a name
// with its title is taken for one.
var cjkTitles = []string{"总", "经理", "总监", "总裁", "主管", "先生", "女士", "小姐", "老板", "老师", "主任", "工", "董", "厂长", "部长", "董事长", "会长", "社长", "处长", "科长", "院长", "所长", "行长", "博士", "教授",
	"律师", "阁下", "總", "經理", "總監", "廠長", "董事長", "部長", "社長", "課長", "係長", "所長", "会長", "様", "さま", "さん", "殿", "御中", "専務", "常務", "님", "씨", "귀하"}

// CJKTitles are the titles that end a name written in Chinese, Japanese or
// Korean ("王总", "李厂长", "山田課長"), longest first: one list for
// whatever reads an opening's names.
func CJKTitles() []string {
	ts := slices.Clone(cjkTitles)
	slices.SortStableFunc(ts, func(a, b string) int { return utf8.RuneCountInString(b) - utf8.RuneCountInString(a) })
	return ts
}

// cjkHellos end a Chinese opening after the name: "王总您好"; "好" only
// after a name with its title ("王总好").
var cjkHellos = []string{"您好", "你好"}

// cjkHelloMarks part a name from the hello after it: "王总，您好",
// "王经理：您好".
const cjkHelloMarks = "，,：:、"

// maxCJKName bounds the name before a title, in characters: "欧阳" and
// "김민준" fit, a sentence does not.
const maxCJKName = 4

// namesLine says whether s, a short opening line without a greeting word,
// greets someone by name: names in a script with capitals ("Hans", "Mr.
// Meier", "Anna and Bob", "Иван Петрович"; see namesOnly), a Chinese,
// Japanese or Korean name with its title or 您好 ("王总", "山田様", "王伟您
// 好"), or, in a script with neither (Arabic), a line of up to four words.
// "Good news", "As promised" and "请查收" greet nobody.
func namesLine(s string) bool {
	if cjkScript(s) {
		return cjkName(s)
	}
	if cased(s) {
		return namesOnly(s)
	}
	return len(strings.Fields(s)) <= 4
}

// cjkName says whether s is a name written in Chinese, Japanese or Korean
// with its title or a 您好 after it: "王总", "王伟您好", "王总好", "王总，您好";
// or several with their titles: "田中様、佐藤様", "王总、李经理".
func cjkName(s string) bool {
	s = strings.TrimSpace(s)
	if parts := strings.FieldsFunc(cjkListCut(s), func(r rune) bool { return r == '、' || r == '，' || r == ',' }); len(parts) > 1 &&
		!slices.ContainsFunc(parts, func(p string) bool { return !cjkTitled(strings.TrimSpace(p)) }) {
		return true // "田中様、佐藤様", "王总、李经理": several names with their titles
	}
	if i := strings.IndexAny(s, cjkHelloMarks); i > 0 {
		// "王总，您好": the name with its title, then the hello.
		_, size := utf8.DecodeRuneInString(s[i:])
		head, tail := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+size:])
		return cjkTitled(head) && (tail == "好" || slices.Contains(cjkHellos, tail))
	}
	if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsPunct(r) && r != '·' && r != '・' }) {
		return false
	}
	for _, h := range cjkHellos {
		if name, ok := strings.CutSuffix(s, h); ok && name != "" {
			return utf8.RuneCountInString(strings.TrimSpace(name)) <= maxCJKName+2
		}
	}
	if name, ok := strings.CutSuffix(s, "好"); ok && cjkTitled(name) {
		return true // "王总好"
	}
	return cjkTitled(s)
}

// cjkListJoiners join names with their titles as "、" does:
// "田中様・佐藤様", "田中様と佐藤様", "田中様 佐藤様", "张经理和李经理",
// "張經理及李經理".
var cjkListJoiners = []string{"・", "及び", "と", "以及", "及", "和", "与", "與", " ", "　"}

// cjkListCut writes "、" for a joiner of cjkListJoiners right after a
// title, so that cjkName reads each name of the list with its own title.
// Only after a title: "和田様" keeps its 和.
func cjkListCut(s string) string {
	var b strings.Builder
	titles := CJKTitles()
	for i := 0; i < len(s); {
		if slices.ContainsFunc(titles, func(t string) bool { return strings.HasSuffix(b.String(), t) }) {
			if j := slices.IndexFunc(cjkListJoiners, func(j string) bool { return strings.HasPrefix(s[i:], j) }); j >= 0 {
				b.WriteString("、")
				i += len(cjkListJoiners[j]) // more spaces: trimmed off the name after
				continue
			}
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		b.WriteString(s[i : i+n])
		i += n
	}
	return b.String()
}

// cjkTitled says whether s is a short name with its title: "王总", "山田様".
func cjkTitled(s string) bool {
	if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsPunct(r) && r != '·' && r != '・' }) {
		return false
	}
	for _, t := range cjkTitles {
		if name, ok := strings.CutSuffix(s, t); ok && name != "" {
			return utf8.RuneCountInString(strings.TrimSpace(name)) <= maxCJKName
		}
	}
	return false
}

// cjkScript says whether s holds Chinese, Japanese or Korean letters.
func cjkScript(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
	})
}

// cased says whether s holds a letter of a script with capitals (Latin,
// Cyrillic, Greek).
func cased(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.IsUpper(r) || unicode.IsLower(r) })
}
