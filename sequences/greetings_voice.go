package sequences

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"keepwarm"
	"keepwarm/templates"
)

// ownOpeningFor says whether a greeting to r may reuse the opening line of
// the team's latest mail to them: only when it greeted them (they were the
// first of the customer's contacts in its To) and it names only them, or
// nobody ("Dear Sir"). "Sehr geehrter Herr Schmidt" written to Schmidt with
// Fatima Weber in Cc, "Dear all", "Dear Ahmed and Fatima" are someone
// else's or several people's greetings: the greeting keeps the mail's
// language and builds its own opening from the contact's name. When the
// contact's name cannot tell whom the opening names (not known, or in
// another script), it is reused only if they were the customer's only
// contact in the To: a reply-all keeps the sender first, whoever the
// salesperson greets, and "Dear Peter," must not open Bob's greeting.
func ownOpeningFor(r keepwarm.Recipient) bool {
	if !r.OwnGreeted {
		return false
	}
	return namesOnlyIf(templates.Opening(r.OwnText), cleanName(r.Contact.Name), r.Customer.Name, r.OwnAlone)
}

// groupWords greet several people at once.
var groupWords = wordsOf("all both everyone everybody team colleagues guys friends folks alle zusammen allerseits todos todas " +
	"tous toutes tutti ambos всем compañeros compañeras colegas equipo equipe equipa colleghi squadra коллеги друзья " +
	"kollegen team-kollegen collègues équipe collega's collegas allemaal iedereen kolleginnen mitarbeiter mitarbeiterinnen " +
	"collaborateurs pessoal gente amigos amigas chicos chicas colleghe ragazzi amici")

// groupWord says whether low, a word of an opening in lower case, greets
// a group: a group word, "l'équipe", or a team by its work ("Vertriebsteam").
func groupWord(low string) bool {
	return groupWords[low] || groupWords[strings.TrimPrefix(low, "l'")] || strings.HasSuffix(low, "team")
}

// titleWords are titles written before a name that IsOpeningWord does not
// know: "Dott. Rossi", "Sig.ra Bianchi" greet Rossi and Bianchi.
var titleWords = wordsOf("dott dottssa dottoressa sig sigra signorina ing avv arch geom rag dra lic arq dipl kfm")

// honorifics are written before a given name in the markets' languages
// ("Khun Somchai", "Pak Budi", "Bu Sari", "Don Carlos", "Datuk Ahmad") and
// are no name themselves; some are names too ("Hi Don and team"), so one
// is an honorific only before a capitalised name.
var honorifics = wordsOf("khun pak bu ibu bapak datuk dato dato' haji hajjah don doña dona capt hon")

// ofWords put a company after them: "all at Bosch", "Team von Siemens".
var ofWords = wordsOf("at of from von bei")

// groupMarks are the same written without spaces (Chinese, Japanese):
// "大家", "各位", and the colleagues, team and friends of "王总及同事们",
// "王總和團隊", "李经理及同仁", "王总和贵司同事". A longer mark stands before
// the shorter one it holds ("同事们" before "同事").
var groupMarks = []string{"大家", "各位", "诸位", "諸位", "你们", "你們", "您们", "您們", "皆様", "皆さま", "皆さん",
	"贵司同事", "貴司同事", "贵公司同事", "貴公司同事", "各部门", "各部門", "同事们", "同事們", "同事", "同仁们", "同仁們", "同仁",
	"团队", "團隊", "朋友们", "朋友們"}

// cjkGreetings are the words of a Chinese opening around the name: "尊敬的
// 王经理", "王总您好", "亲爱的Anna".
var cjkGreetings = []string{"尊敬的", "亲爱的", "親愛的", "您好", "你好"}

// cjkTitles follow a name, in simplified and traditional script: "王总",
// "李經理", "李厂长", "陈工" are 王, 李 and 陈 greeted by their work; "田中
// 様", "山田課長" are 田中 and 山田. The templates' list (what reads an
// opening there) with the familiar 姐 and 哥, longest first; not 御中,
// which follows a company. Taken off the end only: 董 is a surname before
// it is a chairman.
var cjkTitles = func() []string {
	ts := slices.DeleteFunc(templates.CJKTitles(), func(t string) bool { return t == "御中" })
	for _, t := range []string{"老闆", "老師", "主管", "姐", "哥"} {
		if !slices.Contains(ts, t) {
			ts = append(ts, t)
		}
	}
	slices.SortStableFunc(ts, func(a, b string) int { return utf8.RuneCountInString(b) - utf8.RuneCountInString(a) })
	return ts
}()

func wordsOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// ownOpeningFits says whether opening, read from the team's own mail to
// the person named name, may open a follow-up to them. One with a greeting
// word is the salesperson's way of greeting them ("Hi Hansi" stays; who
// else it greets is greetsLeftOut's to judge). Names alone must be a
// greeting of them, as the "received" draft requires of any opening
// (namesOnly): German capitalises its nouns, and "Anbei das Angebot:"
// reads as three names to Opening, not as Hans Meier's. company is the
// customer's name (namesOnlyAt).
func ownOpeningFits(opening, name, company string) bool {
	return templates.Greets(opening) || namesOnlyAt(opening, name, company)
}

// namesOnly says whether opening greets nobody by name, or only the person
// named name (when name is known and written in the opening's script).
func namesOnly(opening, name string) bool { return namesOnlyIf(opening, name, "", true) }

// namesOnlyAt is namesOnly for someone of the customer named company: a
// Chinese opening may name them by a part of it and their surname ("尊敬的
// 华为王总" to 王伟 of 华为技术有限公司).
func namesOnlyAt(opening, name, company string) bool {
	return namesOnlyIf(opening, name, company, true)
}

// namesOnlyIf is namesOnlyAt, saying unknown when the opening names
// someone and name cannot tell whom (not known, or in another script).
func namesOnlyIf(opening, name, company string, unknown bool) bool {
	names, joined, group := openingNames(opening)
	if group {
		return false
	}
	if len(names) == 0 {
		return true // "Dear Sir", "Sehr geehrte Damen und Herren"
	}
	if joined && len(names) > 1 {
		return false
	}
	if name == "" || han(name) != han(strings.Join(names, "")) {
		return unknown // nothing to tell it by
	}
	if han(name) && len(names) > 1 {
		// "尊敬的王总和采购部": 王 and a department, not 王伟 alone.
		return !slices.ContainsFunc(names, func(n string) bool { return !namedInBy([]string{n}, name, false) })
	}
	// The company-and-surname reading of namedIn only with the company's
	// name to tell it by: with only name to go by, "王晓林" of "尊敬的王晓
	// 林经理" would be 林涛's greeting.
	return namedInBy(names, name, false) || companyAndSurname(names, name, company)
}

// companyAndSurname says whether one of names is a part of company
// followed by the surname (its first one or two characters) of name, all
// in Chinese: "华为王" of "华为技术有限公司" is 王伟.
func companyAndSurname(names []string, name, company string) bool {
	if !han(name) || !han(company) {
		return false
	}
	rs := []rune(strings.ReplaceAll(name, " ", ""))
	for _, n := range names {
		for _, k := range []int{1, 2} {
			if len(rs) <= k {
				continue
			}
			if pre, ok := strings.CutSuffix(n, string(rs[:k])); ok && pre != "" && han(pre) && strings.Contains(company, pre) {
				return true
			}
		}
	}
	return false
}

// openingNames are the names opening greets by ("Dear Anna and Bob":
// Anna, Bob); joined says it joins names ("and", ",", "/"), group that it
// greets a group ("Dear all", "Hi team"). A group greeted beside people
// keeps their names: "Hi Ute and team" names Ute, "尊敬的王总、李经理及各
// 位" 王 and 李, so a mail that no longer goes to Ute or 李 is not sent
// with it (greetsLeftOut).
func openingNames(opening string) (names []string, joined, group bool) {
	names, _, joined, group = openingPeople(opening)
	return names, joined, group
}

// openingPeople is openingNames, with people: those of names that read as
// a person's name wherever they stand, a capitalised word ("Ute", "Bill")
// or a Chinese name with its title taken off ("李經理": 李). "同事",
// "领导", "the", and the "Sales" or "Bosch" of "Sales Team" name nobody.
func openingPeople(opening string) (names, people []string, joined, group bool) {
	if cut := groupMarkCut.Replace(opening); cut != opening {
		// "李经理及各位": the mark, and the "及" before it, part the
		// names; "大家好" leaves no name.
		opening, group = cut, true
	}
	opening = hanJoinCut(cjkListCut(opening))
	joined = strings.ContainsAny(opening, ",/&、;+") // "Dear Ahmed, Fatima"
	person, spaced := false, false                  // the last name's, and only spaces after it
	company := false                                // after "at", "of": a company's name
	honorific := ""                                 // the word before, an honorific ("Khun")
	words := openingWordsOf(opening)
	for i, ow := range words {
		w := ow.text
		low := strings.ToLower(w)
		switch {
		case groupWord(low): // "l'équipe"
			if person && spaced && len(names) > 0 && !han(names[len(names)-1]) {
				people = people[:len(people)-1] // "Sales Team", "Bosch team"
			}
			group, person = true, false
		case joinWords[low]:
			joined, person, company = true, false, false
		case ofWords[low]:
			person, company = false, true
		case templates.IsOpeningWord(low) || titleWords[low]:
			person = false
		case honorifics[low] && i+1 < len(words) && strings.TrimPrefix(ow.after, ".") != "" &&
			strings.TrimSpace(strings.TrimPrefix(ow.after, ".")) == "" &&
			latinName(words[i+1].text) && !groupWord(strings.ToLower(words[i+1].text)) &&
			!joinWords[strings.ToLower(words[i+1].text)]:
			// "Khun Somchai", "Capt. Lim": Somchai is the person, the
			// honorific no name greeted (not someone still written to,
			// nor one left out). Only spaces after it: a Don who is
			// "Don, Anna" or "Don and team" is a name.
			person, honorific = false, w
			continue
		default:
			for _, a := range cjkGreetings {
				w = strings.ReplaceAll(w, a, "")
			}
			w, titled := cutCJKTitles(w)
			if w == "" {
				person = false
				continue
			}
			names = append(names, w)
			switch {
			case !titled && !latinName(w) || company:
				person = false
			case person && spaced && !titled && !han(w):
				// "Maria José", "Иван Петрович": the rest of one
				// person's name.
				people[len(people)-1] += " " + w
			case honorific != "":
				// "Khun Somchai": the honorific before the given name
				// it says is one (mayBeDropped).
				people = append(people, honorific+" "+w)
				person = true
			default:
				people = append(people, w)
				person = true
			}
		}
		spaced = ow.after != "" && strings.TrimSpace(ow.after) == ""
		honorific = ""
	}
	return names, people, joined, group
}

// cutCJKTitles takes off the end of w its titles and the "好" of "王总
// 好" ("王总好": 王); titled says a title was taken. A title alone ("经
// 理", "总经理", "先生") names nobody: "".
func cutCJKTitles(w string) (string, bool) {
	titled := false
	for {
		if n, ok := strings.CutSuffix(w, "好"); ok && (n == "" || han(n)) {
			w = n // "王总好": 王; "大家好": nobody
			continue
		}
		cut := false
		for _, t := range cjkTitles {
			if n, ok := strings.CutSuffix(w, t); ok && n != "" {
				w, titled, cut = n, true, true
				break
			}
		}
		if !cut {
			break
		}
	}
	if w != "董" && slices.Contains(cjkTitles, w) {
		return "", false
	}
	return w, titled
}

// latinName says whether w reads as someone's name: capitalised, not all
// capitals ("ABC", a company's).
func latinName(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) && !unicode.Is(unicode.Han, r) && (n == len(w) || strings.ToUpper(w) != w)
}

// openingWord is a word of an opening and what stands after it, up to the
// next word.
type openingWord struct{ text, after string }

func openingWordsOf(s string) []openingWord {
	isWord := func(r rune) bool { return unicode.IsLetter(r) || r == '\'' || r == '-' }
	var out []openingWord
	for s != "" {
		i := strings.IndexFunc(s, isWord)
		if i < 0 {
			break
		}
		if len(out) > 0 {
			out[len(out)-1].after = s[:i]
		}
		s = s[i:]
		j := strings.IndexFunc(s, func(r rune) bool { return !isWord(r) })
		if j < 0 {
			j = len(s)
		}
		out = append(out, openingWord{text: s[:j]})
		s = s[j:]
	}
	if len(out) > 0 {
		out[len(out)-1].after = s
	}
	return out
}

// joinWords join the names of an opening: "Hans und Ute", "Hans et Ute".
var joinWords = wordsOf("and und et en y e i и 和 及")

// groupMarkCut parts an opening at its group marks, with a "及", "和",
// "与" or "與" joining them to the names before: "王总、李经理及各位" reads as "王
// 总、李经理、".
var groupMarkCut = func() *strings.Replacer {
	var pairs []string
	for _, m := range groupMarks {
		for _, j := range []string{"以及", "及", "和", "与", "與"} {
			pairs = append(pairs, j+m, "、")
		}
	}
	for _, m := range groupMarks {
		pairs = append(pairs, m, " ")
	}
	return strings.NewReplacer(pairs...)
}()

// hanJoinCut parts Chinese names joined by 和, 及, 与 (以及, 與), which
// Chinese writes with no punctuation: "王总和李经理" reads as "王总、李经
// 理". Titled names on both sides of the joiner, a name (up to four
// characters) with its title, are parted as names; a titled name before
// anything else ("王总及采购部", "王总及其团队") is parted off with a space,
// so that 王 stays a person greeted and the rest a word naming no one. A
// name with no title before the joiner is not parted: "董和平先生" is 董和
// 平, not 董 and 平. A Latin letter right before or after the joiner parts
// names too: "Tom和Lisa", "Tom及李经理" are two people. A group noun after
// it is groupMarkCut's.
func hanJoinCut(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		j := ""
		for _, w := range hanJoiners {
			if strings.HasPrefix(s[i:], w) {
				j = w
				break
			}
		}
		if j != "" && (titledNameEnds(b.String()) || latinAround(b.String(), s[i+len(j):])) {
			if titledNameStarts(s[i+len(j):]) || latinAround(b.String(), s[i+len(j):]) {
				b.WriteString("、")
			} else {
				b.WriteString(" ")
			}
			i += len(j)
			continue
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		b.WriteString(s[i : i+n])
		i += n
	}
	return b.String()
}

// cjkListJoiners join names with their titles as "、" does in Japanese
// (and Korean): "田中様・佐藤様", "田中様と佐藤様", "田中様及び佐藤様",
// "田中様 佐藤様", "김 부장님 이 과장님". The Chinese 和, 及, 与 are
// hanJoinCut's.
var cjkListJoiners = []string{"・", "及び", "と", " ", "　"}

// cjkListCut writes "、" for a joiner of cjkListJoiners right after a
// title (templates.CJKTitles), as templates reads such a line an opening
// of several names: the names are joined, and と or 及び parts them. A
// space before a Chinese joiner ("王总 及采购部") is left to hanJoinCut.
func cjkListCut(s string) string {
	var b strings.Builder
	titles := templates.CJKTitles()
	for i := 0; i < len(s); {
		if slices.ContainsFunc(titles, func(t string) bool { return strings.HasSuffix(b.String(), t) }) {
			if j := slices.IndexFunc(cjkListJoiners, func(j string) bool { return strings.HasPrefix(s[i:], j) }); j >= 0 {
				rest := strings.TrimLeft(s[i+len(cjkListJoiners[j]):], " 　")
				if rest != "" && !slices.ContainsFunc(hanJoiners, func(h string) bool { return strings.HasPrefix(rest, h) }) {
					b.WriteString("、")
					i = len(s) - len(rest)
					continue
				}
			}
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		b.WriteString(s[i : i+n])
		i += n
	}
	return b.String()
}

// latinAround says whether a Latin letter ends before or starts after:
// the joiner between them stands between names written in Latin letters.
func latinAround(before, after string) bool {
	latin := func(r rune) bool { return unicode.Is(unicode.Latin, r) }
	r, _ := utf8.DecodeLastRuneInString(before)
	a, _ := utf8.DecodeRuneInString(after)
	return before != "" && latin(r) || after != "" && latin(a)
}

// hanJoiners join Chinese names: "王总和李经理", "王總及李經理".
var hanJoiners = []string{"以及", "及", "和", "与", "與"}

// titledNameEnds says whether s ends with a Chinese name and its title
// ("尊敬的王总": 王总), up to four characters of name; a title alone ("尊
// 敬的董") is not one.
func titledNameEnds(s string) bool {
	rs := []rune(s)
	k := len(rs)
	for k > 0 && unicode.Is(unicode.Han, rs[k-1]) {
		k--
	}
	run := string(rs[k:])
	for _, g := range cjkGreetings {
		if n, ok := strings.CutPrefix(run, g); ok {
			run = n
		}
	}
	for _, t := range cjkTitles {
		if n, ok := strings.CutSuffix(run, t); ok && n != "" && utf8.RuneCountInString(n) <= 4 {
			return true
		}
	}
	return false
}

// titledNameStarts says whether s starts with a Chinese name of up to four
// characters and its title, with nothing after it but another joiner or a
// hello: "李经理：", "李经理和张工", "李經理您好"; not "平安公司", "同事们".
func titledNameStarts(s string) bool {
	rs := []rune(s)
	for k := 1; k <= 4 && k < len(rs); k++ {
		if !unicode.Is(unicode.Han, rs[k-1]) {
			return false
		}
		rest := string(rs[k:])
		for _, t := range cjkTitles {
			after, ok := strings.CutPrefix(rest, t)
			if !ok {
				continue
			}
			r, _ := utf8.DecodeRuneInString(after)
			if after == "" || !unicode.Is(unicode.Han, r) || strings.HasPrefix(after, "好") ||
				slices.ContainsFunc(slices.Concat(hanJoiners, cjkGreetings), func(w string) bool { return strings.HasPrefix(after, w) }) {
				return true
			}
		}
	}
	return false
}

// namedIn says whether one of names (an opening's) is a part of name:
// "Hans" of "Hans Meier", "王" of "王伟"; or, written in Chinese after
// the company's name, ends with its surname: "华为王" (of "华为王总") is
// 王伟.
func namedIn(names []string, name string) bool { return namedInBy(names, name, true) }

// namedInBy is namedIn, with the company-and-surname reading only when
// suffix says so: a full name of three characters ("张建华") reads the same
// way, and it does not name 华明.
func namedInBy(names []string, name string, suffix bool) bool {
	low := strings.ToLower(name)
	for _, n := range names {
		for _, part := range strings.Fields(low) {
			if strings.EqualFold(n, part) || (han(n) && strings.Contains(low, strings.ToLower(n))) {
				return true
			}
			if suffix && han(n) && han(part) && utf8.RuneCountInString(n) > 2 {
				for _, k := range []int{1, 2} {
					if rs := []rune(part); len(rs) > k && strings.HasSuffix(n, string(rs[:k])) {
						return true
					}
				}
			}
		}
	}
	return false
}

// han says whether s holds Chinese characters.
func han(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// familiarWords and formalWords are the words (lower case) of the familiar
// and the formal register of the languages that have both: "du"/"Sie",
// "tu"/"vous". French "te" is left out: it is also a letter's t'.
var (
	familiarWords = map[string]map[string]bool{
		"de": wordsOf("du dich dir dein deine deinen deinem deiner deines euch euer eure euren eurem eurer"),
		"fr": wordsOf("tu toi ton ta tes"),
	}
	formalWords = map[string][]string{
		"de": {"Sie", "Ihnen", "Ihr", "Ihre", "Ihren", "Ihrem", "Ihrer", "Ihres"},
		"fr": {"vous", "Vous", "votre", "Votre", "vos", "Vos"},
	}
)

// registerClash says which familiar word (e.g. "dir") the team's own mail
// own uses and which formal word (e.g. "Ihnen") text, in lang, uses, when
// both are there: a greeting in the salesperson's name that switches from
// "du" to "Sie" reads as a form letter. Empty when they agree or lang has
// one register.
func registerClash(lang, own, text string) (familiar, formal string) {
	ownWord, textWord, familiarOwn := registerClashEither(lang, own, text)
	if !familiarOwn {
		return "", ""
	}
	return ownWord, textWord
}

// registerClashEither is registerClash both ways: also a text saying "du"
// (e.g. "deinem") to someone the salesperson addresses as "Sie" (own says
// "Ihnen"), which is over-familiar. ownWord is own's, textWord text's;
// familiarOwn says own is the familiar one.
func registerClashEither(lang, own, text string) (ownWord, textWord string, familiarOwn bool) {
	lang = primaryLang(lang)
	fam, ok := familiarWords[lang]
	if !ok {
		return "", "", false
	}
	var familiar, formal string
	for _, line := range strings.Split(keepwarm.OwnSnippet(own), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), ">") {
			continue // quoted
		}
		for _, w := range wordsIn(line) {
			if familiarWord(fam, lang, w) {
				familiar = w.text
				break
			}
			if formal == "" && !w.starts && slices.Contains(formalWords[lang], w.text) {
				// Not first in its sentence, where German "Sie" may be
				// "she" or "they" and "Ihr" "her".
				formal = w.text
			}
		}
		if familiar != "" {
			break
		}
	}
	if familiar == "" && formal == "" {
		// "Sehr geehrter Herr Meier, Sie erhalten anbei …": no formal
		// word past a sentence's start, but the salutation and the
		// closing are Sie's.
		formal = formalSign(lang, own)
	}
	switch {
	case familiar != "":
		for _, w := range wordsIn(text) {
			if slices.Contains(formalWords[lang], w.text) {
				return familiar, w.text, true
			}
		}
	case formal != "":
		for _, w := range wordsIn(text) {
			if familiarWord(fam, lang, w) {
				return formal, w.text, false
			}
		}
	}
	return "", "", false
}

// familiarIn is the first familiar word ("du", "tu") of text, in lang,
// outside its quote; "" when it has none or lang has one register.
func familiarIn(lang, text string) string {
	lang = primaryLang(lang)
	fam, ok := familiarWords[lang]
	if !ok {
		return ""
	}
	for _, line := range strings.Split(keepwarm.OwnSnippet(text), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), ">") {
			continue
		}
		for _, w := range wordsIn(line) {
			if familiarWord(fam, lang, w) {
				return w.text
			}
		}
	}
	return ""
}

// formalOpenings and formalClosings are the salutations and closings
// (lower case) written only to someone addressed formally: "Sehr geehrter
// Herr Meier", "Mit freundlichen Grüßen", "Madame", "Veuillez agréer".
// "Herr" or "Frau" with a name after it, in any opening, is Sie's too.
var (
	formalOpenings = map[string][]string{
		"de": {"sehr geehrte"},
		"fr": {"madame", "monsieur", "messieurs", "cher monsieur", "chère madame"},
	}
	formalClosings = map[string][]string{
		"de": {"mit freundlichen grüßen", "mit freundlichen grüssen", "mit freundlichen gruessen"},
		"fr": {"veuillez agréer", "salutations distinguées"},
	}
)

// formalSign is the salutation or closing of own, the team's mail in
// lang, that is written only to someone addressed formally ("Sehr
// geehrter Herr Meier", "Mit freundlichen Grüßen"); "" when it has none.
func formalSign(lang, own string) string {
	text := keepwarm.OwnSnippet(own)
	if open := templates.Opening(text); open != "" {
		low := strings.ToLower(open)
		for _, w := range formalOpenings[lang] {
			if strings.HasPrefix(low, w) {
				return open
			}
		}
		if lang == "de" {
			f := strings.Fields(low)
			for _, w := range f[:max(len(f)-1, 0)] {
				if w == "herr" || w == "frau" {
					return open // "Hallo Herr Meier", "Guten Tag Frau Schmidt"
				}
			}
		}
	}
	for _, line := range strings.Split(text, "\n") {
		l := strings.ToLower(strings.Trim(strings.TrimSpace(line), ",."))
		if strings.HasPrefix(l, ">") {
			continue
		}
		for _, w := range formalClosings[lang] {
			if strings.HasPrefix(l, w) {
				return strings.Trim(strings.TrimSpace(line), ",.")
			}
		}
	}
	return ""
}

// familiarWord says whether w is a familiar word of lang (fam): written in
// lower case, or capitalised where a sentence starts (or anywhere in
// German, whose letters write "Du" and "Dir"). A word in capitals ("TA",
// "TU-40", "DU 300") is a name or a code, not the register.
func familiarWord(fam map[string]bool, lang string, w word) bool {
	lower := strings.ToLower(w.text)
	if !fam[lower] || (w.unit && unitWords[lower]) {
		return false
	}
	if w.text == lower {
		return true
	}
	r, n := utf8.DecodeRuneInString(w.text)
	if w.text[n:] != lower[len(string(unicode.ToLower(r))):] {
		return false // not capitalised only
	}
	return w.starts || lang == "de"
}

// unitWords are the familiar words that are also units: French "ton" and
// "ta" (a weight). Only they are left out where a unit stands ("ab 2027
// dein Ansprechpartner" is "your").
var unitWords = wordsOf("ton ta")

// word is a word of a text, and whether it starts its sentence (the
// first of its line, or after ".", "!", "?" or ":"); unit says it stands
// where a unit does, right after a number, a "/", a currency sign or
// code ("350 USD/ton", "2 ton", "USD ton"), where French "ton" or "ta" is
// a weight, not "your".
type word struct {
	text   string
	starts bool
	unit   bool
}

// currencyCodes are the currencies export prices are quoted in.
var currencyCodes = wordsOf("USD EUR CNY RMB GBP JPY CHF AUD CAD HKD")

func wordsIn(s string) []word {
	var out []word
	starts := true
	for _, l := range strings.Split(s, "\n") {
		starts = true
		cur := []rune{}
		prev := rune(0) // the last rune before the word, spaces aside
		prevWord := ""  // the word before it, when only spaces are between
		flush := func() {
			if len(cur) > 0 {
				unit := unicode.IsDigit(prev) || prev == '/' || unicode.Is(unicode.Sc, prev) || (unicode.IsLetter(prev) && currencyCodes[prevWord])
				out = append(out, word{text: string(cur), starts: starts, unit: unit})
				starts = false
				prev, prevWord = cur[len(cur)-1], string(cur)
				cur = cur[:0]
			}
		}
		for _, r := range l {
			if unicode.IsLetter(r) {
				cur = append(cur, r)
				continue
			}
			flush()
			if !unicode.IsSpace(r) {
				prev, prevWord = r, ""
			}
			if strings.ContainsRune(".!?:", r) {
				starts = true
			}
		}
		flush()
	}
	return out
}
