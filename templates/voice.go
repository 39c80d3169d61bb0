package templates

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"

	"keepwarm"
)

// Voice is how a salesperson wrote one message: its language and its
// opening line. A follow-up in that thread writes the same way.
type Voice struct {
	// Lang is the BCP 47 primary tag of the message's own text ("en",
	// "zh", "de"…; "zh-hant" for Chinese in Traditional characters), ""
	// when it cannot be told reliably.
	Lang string
	// Salutation is the message's opening line without its closing
	// punctuation ("Dear Mr. Meier", "Hi Bob", "王经理您好"), "" when the
	// message does not open with one.
	Salutation string
}

// detectable are the languages a thread is told apart in: export mail's
// usual ones. A whitelist keeps short texts from landing on a rare language.
var detectable = map[whatlanggo.Lang]string{
	whatlanggo.Eng: "en", whatlanggo.Cmn: "zh", whatlanggo.Deu: "de", whatlanggo.Spa: "es",
	whatlanggo.Fra: "fr", whatlanggo.Por: "pt", whatlanggo.Rus: "ru", whatlanggo.Arb: "ar",
	whatlanggo.Tur: "tr", whatlanggo.Ita: "it", whatlanggo.Nld: "nl", whatlanggo.Jpn: "ja",
	whatlanggo.Kor: "ko", whatlanggo.Pol: "pl", whatlanggo.Vie: "vi", whatlanggo.Ind: "id",
}

var detectOptions = func() whatlanggo.Options {
	o := whatlanggo.Options{Whitelist: map[whatlanggo.Lang]bool{}}
	for l := range detectable {
		o.Whitelist[l] = true
	}
	return o
}()

// minConfidence is below what a detection is not trusted: the caller falls
// back to the contact's language.
const minConfidence = 0.25

// hantOnly and hansOnly are common characters written one way in
// Traditional and another in Simplified Chinese, pair by pair.
const (
	hantOnly = "們這個來為發會說請謝貴價報單號給對時間與還進過關開問題經實現際後電話郵產樣購聯絡點東條體頭數麼處應該覺讓認識總務員區華國陳張劉黃楊趙吳鄭羅韓鄧蘇錢確當從見買賣顧貨運費優質專業輸備網標萬難動寫門長車機錄參詢訂紹裝規況幫須額嗎視歡書"
	hansOnly = "们这个来为发会说请谢贵价报单号给对时间与还进过关开问题经实现际后电话邮产样购联络点东条体头数么处应该觉让认识总务员区华国陈张刘黄杨赵吴郑罗韩邓苏钱确当从见买卖顾货运费优质专业输备网标万难动写门长车机录参询订绍装规况帮须额吗视欢书"
)

// chineseScript is "zh-hant" for Chinese text written in Traditional
// characters (Taiwan, Hong Kong, Macao), else "zh".
func chineseScript(own string) string {
	if scriptOf(own) == Hant {
		return Hant
	}
	return "zh"
}

// scriptOf is Hant for text whose Chinese is in Traditional characters,
// "zh" for Simplified, "" when its characters do not tell (a short mail
// with none of either list's, or as many of each).
func scriptOf(own string) string {
	hant, hans := 0, 0
	for _, r := range own {
		switch {
		case strings.ContainsRune(hantOnly, r):
			hant++
		case strings.ContainsRune(hansOnly, r):
			hans++
		}
	}
	switch {
	case hant >= 2 && hant > 2*hans, hant >= 1 && hans == 0:
		return Hant
	case hans >= 1 && hans >= hant:
		return "zh"
	}
	return ""
}

// DetectScript tells the script of a text DetectLanguage reads as Chinese:
// Hant (Traditional), "zh" (Simplified), or "" when its characters do not
// tell, as in "好的，明天上午安排寄出", written alike in both: the book's
// script then stands. Only the writer's own part is read.
func DetectScript(text string) string {
	return scriptOf(OwnText(text))
}

// DetectLanguage returns the language of text ("" when it is too short or
// unclear to tell). Only the writer's own part is read: a quoted earlier
// message below it (">" lines, "On … wrote:", "-----Original Message-----")
// is left out. It does not block.
func DetectLanguage(text string) string {
	own := OwnText(text)
	letters, han, kana, hangul := 0, 0, 0, 0
	for _, r := range own {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
			kana++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	// A character of these scripts says as much as a Latin word: a Chinese
	// mail with English product names and prices is still Chinese.
	switch {
	case kana >= 5, kana >= 2 && kana+han >= 5 && kana*5 >= han:
		// A short Japanese note ("山田様\n見積書を添付します。") has few
		// kana beside its kanji; Chinese business mail writes none but a
		// Japanese brand in katakana ("型号ヤマハ同款") or a stylistic
		// "の", a few among many hanzi.
		return "ja"
	case hangul >= 5:
		return "ko"
	case han >= 8 && han*5 >= letters:
		return chineseScript(own)
	case letters < 12:
		return ""
	}
	info := whatlanggo.DetectWithOptions(own, detectOptions)
	guess := detectable[info.Lang]
	if info.Confidence < minConfidence {
		guess = ""
	}
	// Short business mail (a salutation, a price, a port, a name) is
	// little for a trigram model: "Dear Mr. Meier, our quotation: USD
	// 18.40/pc CIF Hamburg. Best regards" reads as French to it. Among
	// the languages whose small words are known, those words, where they
	// clearly agree, decide; a text the model reads as another language
	// (Russian, Polish, Turkish...) keeps it, whatever English sign-off it
	// ends with.
	if guess == "" || voteLanguages[guess] {
		if l := wordVote(own); l != "" {
			return l
		}
	}
	return guess
}

// functionWords are short words and greetings that belong to one of the
// usual languages of export mail and to no other of them (words shared
// between them, like "para", "con", "en" or "die", are left out).
var functionWords = func() map[string]string {
	by := map[string]string{
		"en": "the and our your you we please find attached regards dear best thank thanks with for are will would this that have kind hi hello sincerely",
		"de": "und der das ist wir sie mit für bitte anbei unser unsere ihr ihre ihnen grüße grüßen freundlichen sehr geehrte geehrter herr frau liebe lieber hallo vielen den dem nicht auch",
		"fr": "le les et est nous vous votre notre pour avec merci cordialement bonjour madame monsieur voici des sur dans salutations pas",
		"es": "el los las y es nosotros usted su nuestra nuestro gracias saludos estimado estimada adjunto cotización hola por favor del muy",
		"pt": "os você vocês nosso nossa obrigado obrigada atenciosamente prezado prezada olá segue anexo cotação não em do da",
		"it": "il gli è noi per grazie cordiali saluti gentile egregio buongiorno allegato nostra nostro vostra della",
		"nl": "het een van wij uw met voor bijgaand groet groeten geachte beste hartelijk offerte onze",
	}
	out := map[string]string{}
	for lang, words := range by {
		voteLanguages[lang] = true
		for _, w := range strings.Fields(words) {
			out[w] = lang
		}
	}
	return out
}()

// voteLanguages are the languages functionWords knows.
var voteLanguages = map[string]bool{}

// wordVote is the language whose function words text uses clearly more
// than any other's: at least two, and more than twice the next language's;
// "" when the words do not decide.
func wordVote(text string) string {
	votes := map[string]int{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if l, ok := functionWords[w]; ok {
			votes[l]++
		}
	}
	best, first, second := "", 0, 0
	for l, n := range votes {
		switch {
		case n > first:
			best, first, second = l, n, first
		case n > second:
			second = n
		}
	}
	if first >= 2 && first > 2*second {
		return best
	}
	return ""
}

// ReadVoice reads text's language and opening line.
func ReadVoice(text string) Voice {
	return Voice{Lang: DetectLanguage(text), Salutation: Opening(text)}
}

// quotedWords joins words as regexp alternatives, each matched as written.
func quotedWords(words []string) string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = regexp.QuoteMeta(w)
	}
	return strings.Join(out, "|")
}

// quoteStart matches the lines where a reply's quote of an earlier message
// begins, in the clients and languages export mail is written in.
var quoteStart = regexp.MustCompile(`(?i)^(>|-{2,}\s*(` + quotedWords(keepwarm.OriginalMessage) + `)|_{10,}|(from|von|de|发件人|寄件者|发件者)\s*[:：]|on .+ wrote:?$|am .+ schrieb .+:$|el .+ escribió:?$|le .+ a écrit ?:$|在 .+写道[:：]$|.+ 于.+写道[:：]$|.+ ha scritto:?$|.+ escreveu:?$|op .+ schreef .+:$|.+ написал(\(а\)|а)?:?$|.+ yazdı:?$|.+ napisał(\(a\)|a)?:?$|.*كتب.*:$)`)

// outlookHeader says whether lines[i] starts Outlook's header block: a
// "From" label, with a "Sent" or "Subject" label starting one of the few
// lines after it.
func outlookHeader(lines []string, i int) bool {
	t := strings.ToLower(strings.TrimSpace(lines[i]))
	from := false
	for _, l := range keepwarm.OutlookFrom {
		if strings.HasPrefix(t, l) {
			from = true
			break
		}
	}
	if !from {
		return false
	}
	for _, next := range lines[i+1 : min(len(lines), i+6)] {
		n := strings.ToLower(strings.TrimSpace(next))
		for _, l := range keepwarm.OutlookSent {
			if strings.HasPrefix(n, l+":") || strings.HasPrefix(n, l+" :") || strings.HasPrefix(n, l+"：") {
				return true
			}
		}
	}
	return false
}

// OwnText is the writer's own part of a message: the lines before a quote
// of an earlier message, without a "-- " signature.
func OwnText(text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var out []string
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "--" || quoteStart.MatchString(t) || outlookHeader(lines, i) {
			break
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// greetingWords open a salutation line in the languages of export mail; a
// word ending in "~" is a stem ("estimad~": estimado, estimada, estimados).
var greetingWords = []string{
	"dear", "hi", "hello", "hey", "good morning", "good afternoon", "good evening", "good day", "greetings",
	"sehr geehrte~", "liebe~", "hallo", "guten tag", "guten morgen", "grüß gott", "moin", "servus", "grüezi",
	"estimad~", "querid~", "hola", "buenos días", "buenas tardes", "buen día", "apreciad~",
	"bonjour", "cher", "chère", "madame", "monsieur", "bonsoir",
	"prezad~", "olá", "bom dia", "boa tarde", "boa noite", "caro", "cara", "gentile", "egregio", "buongiorno", "ciao",
	"beste", "geachte", "уважаем~", "здравствуйте", "добрый день", "sayın", "merhaba",
	"dzień dobry", "szanown~", "kính gửi", "selamat pagi", "selamat siang", "selamat sore",
	"尊敬的", "亲爱的", "親愛的", "您好", "你好", "敬啟者", "拝啓",
}

// greetingLangs are the languages greetingWords are written in.
var greetingLangs = map[string]string{
	"dear": "en", "hi": "en", "hello": "en", "hey": "en", "good morning": "en", "good afternoon": "en", "good evening": "en", "good day": "en", "greetings": "en",
	"sehr geehrte~": "de", "liebe~": "de", "hallo": "de", "guten tag": "de", "guten morgen": "de", "grüß gott": "de", "moin": "de", "servus": "de", "grüezi": "de",
	"estimad~": "es", "querid~": "es", "hola": "es", "buenos días": "es", "buenas tardes": "es", "buen día": "es", "apreciad~": "es",
	"bonjour": "fr", "cher": "fr", "chère": "fr", "madame": "fr", "monsieur": "fr", "bonsoir": "fr",
	"prezad~": "pt", "olá": "pt", "bom dia": "pt", "boa tarde": "pt", "boa noite": "pt", "caro": "it", "cara": "it", "gentile": "it", "egregio": "it", "buongiorno": "it", "ciao": "it",
	"beste": "nl", "geachte": "nl", "уважаем~": "ru", "здравствуйте": "ru", "добрый день": "ru", "sayın": "tr", "merhaba": "tr",
	"dzień dobry": "pl", "szanown~": "pl", "kính gửi": "vi", "selamat pagi": "id", "selamat siang": "id", "selamat sore": "id",
	"尊敬的": "zh", "亲爱的": "zh", "親愛的": "zh", "您好": "zh", "你好": "zh", "敬啟者": "zh", "拝啓": "ja",
}

// titleLangs are the languages a title before a name is written in.
var titleLangs = map[string]string{
	"mr": "en", "mrs": "en", "ms": "en", "miss": "en", "herr": "de", "frau": "de", "sr": "es", "sra": "es", "srta": "es",
	"mme": "fr", "mlle": "fr", "sig": "it", "sigra": "it", "dott": "it",
}

// SalutationLang tells the language a salutation is written in ("" for
// English) from its greeting word ("Sehr geehrter Herr Meier" is German),
// else a title ("Herr Meier", "Sr. García"), else its script ("王总" is
// Chinese, "Иван Петрович" Russian, "الأستاذ أحمد" Arabic); ok is false
// when nothing tells it ("Hans").
func SalutationLang(s string) (lang string, ok bool) {
	s = TrimSalutation(s)
	if lang, ok := greetingLang(s); ok {
		return lang, true
	}
	for _, w := range strings.Fields(s) {
		if l, found := titleLangs[strings.ToLower(strings.ReplaceAll(w, ".", ""))]; found {
			return primaryTag(l), true
		}
		break // a title comes first
	}
	if strings.Contains(s, "様") {
		return "ja", true // "山田様"
	}
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Hiragana, unicode.Katakana):
			return "ja", true
		case unicode.Is(unicode.Hangul, r):
			return "ko", true
		case unicode.Is(unicode.Han, r):
			lang, ok = "zh", true
		case !ok:
			// A script no Latin-language template is written in tells
			// the language: "Иван Петрович", "الأستاذ أحمد".
			for _, sc := range scriptLangs {
				if unicode.Is(sc.table, r) {
					lang, ok = sc.lang, true
					break
				}
			}
		}
	}
	return lang, ok
}

// greetingLang is the language of s's greeting word ("Sehr geehrter",
// "尊敬的"); false when it opens with none.
func greetingLang(s string) (lang string, ok bool) {
	lower := strings.ToLower(s)
	best := ""
	for _, w := range greetingWords {
		stem := strings.HasSuffix(w, "~")
		b := strings.TrimSuffix(w, "~")
		if strings.HasPrefix(lower, b) && (stem || len(lower) == len(b) || !isWordByte(lower[len(b)]) || !isASCII(b)) && len(b) > len(best) {
			best, lang = b, greetingLangs[w]
		}
	}
	if best == "" {
		return "", false
	}
	return primaryTag(lang), true
}

// HanOnly says whether the salutation s is written in Chinese characters
// alone, with no greeting word ("田中部長", "王总", not "尊敬的王总" or
// "山田様"): Chinese or Japanese, which SalutationLang reads as Chinese.
func HanOnly(s string) bool {
	s = TrimSalutation(s)
	if _, ok := greetingLang(s); ok || strings.Contains(s, "様") {
		return false
	}
	seen := false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			seen = true
		case unicode.IsLetter(r):
			return false
		}
	}
	return seen
}

// scriptLangs are the languages a salutation in a script other than
// Latin and Chinese or Japanese characters is taken to be written in.
var scriptLangs = []struct {
	table *unicode.RangeTable
	lang  string
}{
	{unicode.Cyrillic, "ru"}, {unicode.Arabic, "ar"}, {unicode.Greek, "el"}, {unicode.Thai, "th"},
	{unicode.Hebrew, "he"}, {unicode.Devanagari, "hi"},
}

func primaryTag(lang string) string {
	if lang == "en" {
		return ""
	}
	return lang
}

// notGreetings start short lines that end like a salutation but are not
// one ("Thanks!", "Regards,").
var notGreetings = []string{"thank", "thx", "regards", "best", "cheers", "ok", "yes", "no", "sorry", "please",
	"danke", "gracias", "merci", "grazie", "obrigad", "спасибо", "谢谢", "多谢", "感谢", "好的", "收到"}

// salutationEnd is the punctuation a salutation line ends with (the
// Arabic comma and semicolon too).
const salutationEnd = ",:;!，：；！、،؛"

// TrimSalutation is s without the punctuation and spaces it ends with:
// "Dear Mr. Meier," and "王总您好：" as the book may hold them become "Dear
// Mr. Meier" and "王总您好", which a template follows with its own comma.
func TrimSalutation(s string) string {
	return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), salutationEnd+" \t\u00a0\u3000"))
}

// maxSalutation bounds a salutation, in characters.
const maxSalutation = 60

// Opening returns the salutation text opens with, without its closing
// punctuation: the first line when it is short and either starts with a
// greeting word ("Dear Mr. Meier") or ends like a salutation and names
// someone ("Hi Bob,", "Hans,", "王总："; not "Good news!");
// for a first line that runs on ("Dear Mr. Meier, please find…") the part
// before the comma after a greeting word. "" when there is none.
func Opening(text string) string {
	own := OwnText(text)
	first, _, _ := strings.Cut(own, "\n")
	first = strings.TrimSpace(first)
	if first == "" {
		return ""
	}
	lower := strings.ToLower(first)
	greets := startsWithGreeting(lower)
	endsLikeOne := strings.ContainsAny(lastRune(first), salutationEnd) && len(strings.Fields(first)) <= 4
	for _, w := range notGreetings {
		if strings.HasPrefix(lower, w) {
			endsLikeOne = false
		}
	}
	head := "" // the first greeting of an opening that greets several
	if utf8.RuneCountInString(first) > maxSalutation || !endsLikeOne {
		if !greets {
			return ""
		}
		// "Dear Mr. Meier, thank you for your call today!" opens with
		// "Dear Mr. Meier": the line is cut at the first mark after the
		// name ("Good morning, Mr. Smith, …" after the second).
		if i := strings.IndexAny(first, openingMarks); i > 0 {
			cut := first[:i]
			if addressedIn(cut) == "" {
				if j := strings.IndexAny(first[i+1:], openingMarks); j > 0 && !runsOn(first[:i+1+j]) {
					cut = first[:i+1+j]
				}
			}
			first, head = greetsOn(first, cut), cut
		} else if utf8.RuneCountInString(first) > maxSalutation {
			return ""
		}
		if utf8.RuneCountInString(first) > maxSalutation {
			return ""
		}
	}
	if strings.HasSuffix(first, ".") || strings.HasSuffix(first, "?") || strings.HasSuffix(first, "。") {
		return "" // a sentence, not a salutation
	}
	s := strings.TrimRight(first, salutationEnd+" \t")
	if head == "" {
		head = s
	}
	if utf8.RuneCountInString(s) < 2 || runsOn(head) {
		return ""
	}
	if !greets && !namesLine(s) {
		return "" // "Good news!", "附件是报价单，请查收！": it greets nobody
	}
	return s
}

// Greets says whether opening starts with a greeting word ("Dear", "Hi",
// "Sehr geehrter", "尊敬的"), not with names alone ("Hans", "王总").
func Greets(opening string) bool {
	return startsWithGreeting(strings.ToLower(strings.TrimSpace(opening)))
}

// startsWithGreeting says whether lower (a line in lower case) starts with
// one of greetingWords.
func startsWithGreeting(lower string) bool {
	for _, w := range greetingWords {
		stem := strings.HasSuffix(w, "~")
		w = strings.TrimSuffix(w, "~")
		if strings.HasPrefix(lower, w) && (stem || len(lower) == len(w) || !isWordByte(lower[len(w)]) || !isASCII(w)) {
			return true
		}
	}
	return false
}

// greetsOn extends cut, an opening cut from line at a comma, over what
// greets more people: another greeting ("Sehr geehrter Herr Müller, sehr
// geehrte Frau Müller,", "Dear Mr. Smith, dear Ms. Lee,") or more names
// ("Dear Anna, Bob and Chris,"). The sentence after the names ("Dear Mr.
// Meier, thank you for your call today!") stays out.
func greetsOn(line, cut string) string {
	for len(cut) < len(line) {
		mark, size := utf8.DecodeRuneInString(line[len(cut):])
		if mark != ',' && mark != '，' {
			break
		}
		rest := line[len(cut)+size:]
		end := strings.IndexAny(rest, openingMarks)
		seg := rest
		if end >= 0 {
			seg = rest[:end]
		}
		trimmed := strings.TrimSpace(seg)
		if trimmed == "" {
			break
		}
		greeting := startsWithGreeting(strings.ToLower(trimmed)) && addressedIn(trimmed) != "" && !runsOn(trimmed)
		if !greeting && !(end >= 0 && strings.ContainsAny(rest[end:end+1], ",:") && namesOnly(trimmed)) {
			break
		}
		cut = line[:len(cut)+size+len(seg)]
	}
	return cut
}

// namesOnly says whether s is a short list of names: up to four words,
// each capitalised or a particle ("Bob and Chris", "Frau Müller"), none
// a word that opens a sentence or a wish ("Thanks", "Happy New Year").
func namesOnly(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 4 {
		return false
	}
	lower := strings.ToLower(s)
	for _, w := range notGreetings {
		if strings.HasPrefix(lower, w) {
			return false
		}
	}
	if len(words) > 1 && strings.EqualFold(words[0], "felice") && italianWishNouns[strings.ToLower(words[1])] {
		return false // "Felice Anno Nuovo" is a wish; "Felice Rossi" a name
	}
	for _, w := range words {
		lw := strings.ToLower(strings.Trim(w, "."))
		if notNames[lw] {
			return false
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !nameParticles[lw] {
			return false
		}
	}
	return true
}

// notNames are capitalised words that start a wish or a sentence after a
// salutation, not a name. Not "felice": Felice is also an Italian given
// name ("Felice," opens a mail to Felice Rossi); namesOnly and
// closingWithName read it as a wish only before a wish noun
// (italianWishNouns).
var notNames = wordsSet("happy merry season's seasons greetings hope good many welcome frohe frohes feliz joyeux bonne buon buone we our my this attached " +
	"eid mubarak ramadan kareem congratulations congrats gong xin chúc best warm warmest wishing all felices próspero prospero boas bom " +
	"buona bonnes joyeuses joyeuse meilleurs meilleures fröhliche fröhliches schöne schönes gesegnete gesegnetes guten boa blessed selamat " +
	"bon bons schönen schöner gute gutes buen buenas buenos tanti auguri felici serene sereno lieto liete stay talk enjoy have fijne prettige gelukkig")

// openingMarks end the salutation of a first line that runs on.
const openingMarks = ",，:：!！"

// nameParticles are the lower-case words of a name or of a greeting to
// several ("Hans de Vries", "Damen und Herren").
var nameParticles = wordsSet("de da di do dos das del della der den van von zu ten ter la le du bin al el y e i and und et ou or oder")

func wordsSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// runsOn says whether an opening goes on past the name into a sentence:
// after the greeting words more than three words, two or more of them
// written in lower case ("Dear Anna please find attached", "Hi Bob hope
// you are well"). A long name ("Estimado Sr. Juan Carlos García López")
// is written in capitals.
func runsOn(opening string) bool {
	rest := strings.TrimSpace(opening)
	if a := addressedIn(rest); a != "" {
		rest = a
	} else if _, after, ok := strings.Cut(rest, " "); ok {
		rest = after // a first word that greets, whatever addressedIn made of it
	}
	words := strings.Fields(rest)
	if len(words) <= 3 {
		return false
	}
	lower := 0
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLower(r) && !nameParticles[strings.ToLower(strings.Trim(w, ".,"))] {
			lower++
		}
	}
	return lower >= 2
}

func lastRune(s string) string {
	r, _ := utf8.DecodeLastRuneInString(s)
	return string(r)
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
