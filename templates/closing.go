package templates

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Closings are the everyday closing formulas SaysNothing reads as a
// sign-off, on top of SignOffs, when they close the mail: a short line of
// the last paragraph, right above the signature or the salesperson's name ("Thanks,", "Best,", "Saludos,",
// "よろしくお願いいたします。"). A line of them elsewhere is a line said
// ("Thanks.\n\nBest regards," thanks). They are SaysNothing's own:
// SignOffs also drive the "never signs twice" dedupe, where "Thanks!" is
// no sign-off to take out of a signature.
var Closings = []string{
	// English
	"thanks", "thank you", "many thanks", "thanks again", "thanks a lot", "thank you very much", "thanks so much",
	"thank you so much", "thanks in advance", "with thanks", "with many thanks", "best", "all the best", "all best",
	"cheers", "warmly", "warm wishes", "kindest regards", "yours", "yours truly", "respectfully",
	"take care", "talk soon", "thanks & best regards", "best regards & thanks",
	"best regards and thanks", "br", "rgds", "best rgds", "kind rgds",
	"have a nice day", "have a great day", "have a good day", "have a nice weekend", "have a great weekend",
	"have a good weekend", "thank you in advance", "many thanks in advance", "thank you and best regards",
	"thank you & best regards",
	// German
	"herzliche grüße", "herzliche grüsse", "mit herzlichen grüßen", "mit herzlichen grüssen", "mit besten grüßen",
	"mit besten grüssen", "liebe grüße", "liebe grüsse", "viele grüsse", "beste grüsse", "freundliche grüsse",
	"mit freundlichem gruß", "mit freundlichem gruss", "schöne grüße", "schöne grüsse", "gruß", "gruss", "grüße",
	"grüsse", "danke", "vielen dank", "herzlichen dank", "besten dank", "schönen tag", "schönen tag noch",
	"einen schönen tag", "einen schönen tag noch", "danke schön", "dankeschön", "danke schon", "danke sehr",
	"vielen lieben dank", "vielen dank im voraus", "danke im voraus", "besten dank im voraus", "schönes wochenende",
	"ein schönes wochenende", "schönes wochenende noch", "einen schönen tag und ein schönes wochenende",
	"mfg", "lg", "vg",
	// French
	"bien à vous", "salutations distinguées", "meilleures salutations", "sincères salutations",
	"avec mes meilleures salutations", "très cordialement", "amicalement", "merci", "merci beaucoup",
	"merci d'avance", "bonne journée", "bien amicalement", "merci par avance", "merci encore", "bon week-end",
	"bon weekend", "bonne fin de semaine", "excellente journée", "belle journée",
	// Spanish
	"saludos", "un abrazo", "abrazos", "un saludo cordial", "saludos afectuosos", "reciba un cordial saludo",
	"cordialmente", "atte", "gracias", "muchas gracias", "mil gracias", "que tenga un buen día",
	"que tenga un buen dia", "que tengas un buen día", "que tengas un buen dia", "muchísimas gracias",
	"muchisimas gracias", "gracias de antemano", "de antemano gracias", "gracias por adelantado", "buen fin de semana",
	"feliz fin de semana", "que tenga un buen fin de semana", "un fuerte abrazo", "un gran abrazo",
	// Portuguese
	"abraços", "abraço", "um abraço", "cumprimentos", "com os melhores cumprimentos", "melhores cumprimentos",
	"saudações", "att", "abs", "obrigado", "obrigada", "muito obrigado", "muito obrigada", "tenha um bom dia",
	"tenha um ótimo dia", "tenha um otimo dia", "bom fim de semana", "tenha um bom fim de semana",
	"obrigado desde já", "obrigada desde já", "desde já obrigado", "desde já obrigada", "um grande abraço",
	"grande abraço", "forte abraço", "um forte abraço",
	// Italian
	"saluti", "un saluto", "un caro saluto", "un cordiale saluto", "i migliori saluti",
	"con i migliori saluti", "grazie", "grazie mille", "buona giornata", "molte grazie", "grazie ancora",
	"grazie in anticipo", "buon fine settimana", "buon weekend",
	// Russian
	"с наилучшими пожеланиями", "всего доброго", "всего наилучшего", "спасибо", "большое спасибо",
	"заранее спасибо", "с уважением и наилучшими пожеланиями", "спасибо большое", "огромное спасибо",
	"всего хорошего", "благодарю", "заранее благодарю", "с благодарностью", "хорошего дня", "хороших выходных",
	// Arabic
	"وتفضلوا بقبول فائق الاحترام", "تفضلوا بقبول فائق الاحترام", "وتفضلوا بقبول فائق الاحترام والتقدير",
	"مع فائق الاحترام", "تحياتي", "مع تحياتي", "مع خالص تحياتي", "شكرا", "شكرا لكم", "شكرا لك", "مع الشكر",
	"شكرا جزيلا", "مع جزيل الشكر", "مع خالص الشكر", "مع خالص التقدير", "مع التقدير", "مع فائق التقدير",
	// Japanese
	"よろしくお願いいたします", "よろしくお願い致します", "よろしくお願いします", "宜しくお願いいたします",
	"宜しくお願い致します", "どうぞよろしくお願いいたします", "何卒よろしくお願いいたします",
	"今後ともよろしくお願いいたします", "何卒よろしくお願い申し上げます", "よろしくお願い申し上げます",
	"どうぞよろしくお願い申し上げます", "引き続きよろしくお願いいたします", "敬具", "草々", "以上",
	"ありがとうございます", "ありがとうございました",
	// Chinese
	"祝商祺", "顺颂商祺", "順頌商祺", "顺颂时祺", "順頌時祺", "顺祝时祺", "順祝時祺", "敬礼", "敬禮",
	"祝工作顺利", "祝工作順利", "祝一切顺利", "祝一切順利", "祝生意兴隆", "祝生意興隆", "谢谢", "謝謝",
	"多谢", "多謝", "非常感谢", "非常感謝", "感谢", "感謝", "祝身体健康", "祝身體健康", "祝工作愉快", "祝周末愉快",
	"祝週末愉快", "顺祝商安", "順祝商安", "祝商安",
}

// closingPunct may end a closing line, on top of signOffPunct: "Thanks!!",
// "よろしくお願いいたします…".
const closingPunct = signOffPunct + "…~～"

// closingKey is line as the closing lists hold it: lower case, spaces
// collapsed, the punctuation and emoji that may end it ("Best wishes 🎄",
// "Thanks 😊"), the "¡" it may start with and "’" written "'" taken off,
// and Arabic without its vowel marks (plainArabic).
func closingKey(line string) string {
	l := strings.ReplaceAll(strings.TrimSpace(line), "’", "'")
	l = strings.TrimLeft(l, "¡¿ ")
	l = strings.TrimRightFunc(l, func(r rune) bool {
		return strings.ContainsRune(closingPunct+" ", r) || unicode.IsSymbol(r) || unicode.IsSpace(r) ||
			r == '\u200d' || r >= '\ufe00' && r <= '\ufe0f'
	})
	return plainArabic(strings.ToLower(strings.Join(strings.Fields(l), " ")))
}

// plainArabic is s without the Arabic vowel marks and the tatweel, which
// the same closing is written with or without, and in more than one place
// ("شكراً جزيلاً", "شكرًا جزيلًا", "شكرا جزيلا").
func plainArabic(s string) string {
	arabicMark := func(r rune) bool { return r >= '\u064b' && r <= '\u0652' || r == '\u0640' }
	if strings.IndexFunc(s, arabicMark) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if arabicMark(r) {
			return -1
		}
		return r
	}, s)
}

// hanKey is key, a closing in Han characters, less the polite "您" (or
// "你") that 祝 and a thanks are written with: "祝您工作顺利" is
// "祝工作顺利", "顺祝您商祺" "顺祝商祺", "谢谢您" and "非常感谢您" "谢谢" and
// "非常感谢".
func hanKey(key string) string {
	if !hasHan(key) {
		return key
	}
	for _, you := range []string{"您", "你"} {
		key = strings.ReplaceAll(key, "祝"+you, "祝")
		if k, ok := strings.CutSuffix(key, you); ok && (strings.HasSuffix(k, "谢") || strings.HasSuffix(k, "謝")) {
			key = k
		}
	}
	return key
}

// inList says whether key (closingKey) is one of list; a formula in a
// script written without spaces matches written with them too, a Chinese
// one with or without "您" (hanKey), an Arabic one with or without its
// vowel marks.
func inList(key string, list []string) bool {
	squeezed := hanKey(strings.ReplaceAll(key, " ", ""))
	for _, c := range list {
		c = plainArabic(c)
		if key == c || squeezed == c && !strings.ContainsRune(c, ' ') && c[0] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// takenOut stands, on a line of its own, where SaysNothing took out the
// signature, the salesperson's own fields or a name the book put in.
const takenOut = "\x00"

// ownerOut stands, on a line of its own, where SaysNothing took out the
// salesperson's own name (Owner.Name, via the field or written by hand);
// signatureBelow makes it takenOut.
const ownerOut = "\x01"

// closingLine says whether l is a sign-off or an everyday closing.
func closingLine(l string) bool {
	k := closingKey(l)
	return IsSignOff(l) || inList(k, SignOffs) || inList(k, Closings)
}

// twoLineClosing says whether lines[i] ends a Chinese closing written over
// two lines, as the letter layout writes "此致\n敬礼": "顺祝\n商祺！",
// "祝\n商祺！", "顺颂\n时祺", "祝\n好", read joined. "祝\n新年快乐！"
// joins to no closing and stays said.
func twoLineClosing(lines []string, i int) (string, bool) {
	if i < 1 {
		return "", false
	}
	prev, cur := strings.TrimSpace(lines[i-1]), strings.TrimSpace(lines[i])
	if !hasHan(prev) || !hasHan(cur) {
		return "", false
	}
	joined := prev + cur
	return joined, closingLine(joined)
}

// hasHan says whether s holds a Han character.
func hasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}

// saidMarks start a line under the closing that is words said, not
// signature: a P.S. or a note.
var saidMarks = []string{"p.p.s", "p.s", "pps", "ps", "n.b", "nb", "note", "附言", "备注", "備註", "附", "注"}

// psLine says whether l, a line under the closing, starts a P.S. or a
// note: "P.S. …", "PS: …", "Note: …", "N.B. …", "附言：…", "附：…", "注：…".
// A mark without a dot needs ".", ":", "：" or "-" after it, so the
// company line "PS Power Co., Ltd." or "NB Lighting" is no P.S., and
// "附件：…" no "附：".
func psLine(l string) bool {
	lt := strings.ToLower(strings.TrimSpace(l))
	for _, m := range saidMarks {
		rest, ok := strings.CutPrefix(lt, m)
		if !ok {
			continue
		}
		r, _ := utf8.DecodeRuneInString(rest)
		if m == "附言" || rest != "" && strings.ContainsRune(".:：-", r) || strings.Contains(m, ".") && (rest == "" || r == ' ') {
			return true
		}
	}
	return false
}

// signatureBelow is lines with everything under the closing taken out:
// once a closing line is met ("Best regards,", "此致\n敬礼！", "顺祝\n商祺！",
// "Thanks,"; the last one of the mail, so that "Thanks,\nhere is our
// news…\n\nBest regards," keeps its words), every line below it is the signature,
// blank lines or not, whatever its layout: the salesperson's name written
// via a field or by hand, a title, the company, an address, a slogan, a
// wish under the name. With no closing line, the block starts at the
// salesperson's own name alone on its line (ownNameLine). Only a P.S. or
// a note (psLine) is words said.
// SaysNothing only matters for a mail its guard emptied, and there,
// when unsure, the mail is held.
func signatureBelow(lines []string) []string {
	at := -1
	for i, l := range lines {
		if strings.IndexFunc(l, unicode.IsLetter) < 0 {
			continue
		}
		named := closingWithName(l) != ""
		if cutSentence(lines, i) || !named && openerThanks(lines, i) {
			continue
		}
		if _, two := twoLineClosing(lines, i); two || closingLine(l) || named {
			at = i
		}
	}
	if at < 0 {
		at = ownNameLine(lines)
	}
	for j := range lines {
		if j > at && at >= 0 && strings.IndexFunc(lines[j], unicode.IsLetter) >= 0 && !psLine(lines[j]) ||
			strings.TrimSpace(lines[j]) == ownerOut {
			lines[j] = takenOut
		}
	}
	return lines
}

// openerThanks says whether lines[i] is a closing's words written as the
// opener, right under the salutation, with a sentence under it: "Thank
// you!\nWe wish you a Merry Christmas and a prosperous 2027." is no
// closing and the wish is said. It is the first line with letters, it
// ends in a sentence mark (a sign-off to a name ends in a comma or
// nothing: "Best regards,\nWelcome to visit our factory!" is a closing),
// and the next line with words ends in one and is no P.S. A closing with
// a name after it ("Best regards, Lily.") is none.
func openerThanks(lines []string, i int) bool {
	for k := 0; k < i; k++ {
		if strings.IndexFunc(lines[k], unicode.IsLetter) >= 0 {
			return false
		}
	}
	if !sentenceEnd(lines[i]) {
		return false
	}
	for _, l := range lines[i+1:] {
		if strings.TrimSpace(l) == "" {
			continue
		}
		return strings.IndexFunc(l, unicode.IsLetter) >= 0 && sentenceEnd(l) && !psLine(l)
	}
	return false
}

// sentenceEnd says whether l ends in a sentence mark.
func sentenceEnd(l string) bool {
	t := strings.TrimSpace(l)
	return strings.HasSuffix(t, ".") || strings.HasSuffix(t, "!") || strings.HasSuffix(t, "?") ||
		strings.HasSuffix(t, "。") || strings.HasSuffix(t, "！") || strings.HasSuffix(t, "？")
}

// cutSentence says whether lines[i] is the start of a line SaysNothing
// cut a name the book put in out of, with words after the name: "Thanks,
// Anna. The samples ship on Monday." or "感谢{{.Company}}一直以来的支持！"
// read "Thanks," and "感谢" on a line of their own, but they are no
// closing. The salesperson's own name (ownerOut) after a closing's words
// is her signature, whatever follows it on the line: "Best regards,
// {{.Owner.Name}}, Sales Manager" and "谢谢！{{.Owner.Name}}（销售经理）"
// are closings.
func cutSentence(lines []string, i int) bool {
	if i+2 >= len(lines) {
		return false
	}
	return strings.TrimSpace(lines[i+1]) == takenOut && strings.IndexFunc(lines[i+2], unicode.IsLetter) >= 0
}

// ownNameLine is the first line where the salesperson's own name was
// taken out (ownerOut) standing alone on its line, -1 when there is none:
// with no closing line, her signature block starts there ("{{.Owner.Name}}\n
// 佛山市莉莉贸易有限公司\n电话：…"). The cut put the rest of the name's line
// right above and below the mark: letters there are words around the name
// ("Li Wei here, with our new catalog"), no signature, but for a title or
// company after a separator ("Lily Chen, Sales Manager", "陈丽（销售经理）",
// "Lily Chen | Foshan Lily Trading").
func ownNameLine(lines []string) int {
	for i, l := range lines {
		if strings.TrimSpace(l) != ownerOut {
			continue
		}
		if (i == 0 || strings.IndexFunc(lines[i-1], unicode.IsLetter) < 0) &&
			(i == len(lines)-1 || strings.IndexFunc(lines[i+1], unicode.IsLetter) < 0 || nameSeparated(lines[i+1])) {
			return i
		}
	}
	return -1
}

// nameSeparated says whether rest, what follows a name on its line,
// starts with a separator: ", Sales Manager", " | WhatsApp …", "（销售经理）".
func nameSeparated(rest string) bool {
	r, _ := utf8.DecodeRuneInString(strings.TrimSpace(rest))
	return strings.ContainsRune(",，|(（-–—/·", r)
}

// closingTail is where the closing lines of text's lines start
// (len(lines) when it ends with none): from the end, blank lines and what
// was taken out (takenOut), a last paragraph of sign-offs (SignOffs) and,
// above the signature or the salesperson's name (taken out, or typed
// after the closing on its line: "Thanks, Lily"), Closings, and before it
// paragraphs of sign-offs alone. A line that is not one ends it:
// "Thanks," is a closing under "here is what is new", not above it, and
// "thank you." ending a mail without a signature is its text. "Looking
// forward to your reply." is never one: it is the follow-up bump itself.
func closingTail(lines []string) int {
	start, last, seen, signed := len(lines), true, false, false
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.IndexFunc(lines[i], unicode.IsLetter) < 0 {
			if seen {
				last = false
			} else if strings.TrimSpace(lines[i]) == takenOut {
				signed = true
			}
			continue
		}
		seen = true
		l, named := lines[i], false
		if head := closingWithName(l); head != "" {
			// "Best regards, Lily", "Thanks, Lily": the name
			// typed after it signs it.
			l, named = head, true
		}
		if tailClosing(l, last, signed || named) {
			start = i
			continue
		}
		if joined, two := twoLineClosing(lines, i); two && tailClosing(joined, last, signed) {
			// "顺祝\n商祺！": both lines are the closing.
			start = i - 1
			i--
			continue
		}
		break
	}
	return start
}

// tailClosing says whether l closes the mail for closingTail: a sign-off,
// or, on the last lines above the signature (last, signed), a Closing.
func tailClosing(l string, last, signed bool) bool {
	k := closingKey(l)
	return IsSignOff(l) || inList(k, SignOffs) || last && signed && inList(k, Closings)
}

// closingWithName is the closing of a line that writes it with a short
// name by hand after it ("Best regards, Lily", "BR, Lily Chen", "Thanks,
// Lily!", "Best regards, Lily.", "Cheers, L. Chen 🙂", "祝好，陈丽",
// "谢谢！陈丽"), a title or the company after a separator or not ("Best
// regards, Lily, Sales Manager", "BR, Lily Chen | Foshan Lily Trading",
// "Thanks, Lily (Sales Manager)", "谢谢！陈丽（销售经理）": cutTitle,
// titleLike), "" when l is none: after the comma, one to three
// capitalised words (an initial "L." among them), none a wish's word
// ("Thanks, Merry Christmas!"), with only sentence marks, emoji or symbols
// after them; or a Chinese name (hanName: a common surname and one or
// two characters, "谢谢，期待回复" is none), "敬上" after it or not
// ("祝好，陈丽敬上"), at most three characters after "！" (four with a
// compound surname, "谢谢！欧阳娜娜"; so "谢谢！新年快乐" is a wish), and no
// sentence mark. "Thanks, see you
// soon", "Thanks, Lily - see you at the fair!" and "谢谢，新年快乐！" are
// words said.
func closingWithName(l string) string {
	t := strings.TrimSpace(l)
	i := strings.IndexAny(t, ",，!！")
	if i <= 0 {
		return ""
	}
	head := t[:i]
	sep, size := utf8.DecodeRuneInString(t[i:])
	name, title, titled := cutTitle(strings.TrimSpace(t[i+size:]))
	name = strings.TrimRightFunc(name, func(r rune) bool {
		return unicode.IsSymbol(r) || unicode.IsSpace(r) || r == '\u200d' || r >= '\ufe00' && r <= '\ufe0f'
	})
	if !closingLine(head) || name == "" || titled && !titleLike(title) {
		return ""
	}
	bang := sep == '!' || sep == '！'
	if strings.IndexFunc(name, func(r rune) bool { return !unicode.Is(unicode.Han, r) }) < 0 {
		for _, s := range hanSignOffs {
			if n, ok := strings.CutSuffix(name, s); ok && n != "" {
				name = n // "陈丽敬上": 陈丽
				break
			}
		}
		r := []rune(name)
		compound := len(r) > 2 && strings.Contains(hanCompoundSurnames, " "+string(r[:2])+" ")
		if n := len(r); !hanName(name) || bang && n > 3 && !(compound && n == 4) {
			return ""
		}
		return head
	}
	if bang {
		return "" // "Thanks! Lily" is two lines run together, or a sentence
	}
	name = strings.TrimRight(name, ".!！。 ")
	if name == "" || strings.ContainsAny(name, "!?。！？,，:：;；()（）") {
		return ""
	}
	words := strings.Fields(name)
	if len(words) > 3 {
		return ""
	}
	if len(words) > 1 && strings.EqualFold(words[0], "felice") && italianWishNouns[strings.ToLower(words[1])] {
		return "" // "Grazie, Felice Anno Nuovo!" is a wish; "Grazie, Felice Rossi" a name
	}
	for _, w := range words {
		r, size := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || notNames[strings.ToLower(w)] || w == "С" {
			return "" // "С Рождеством!" ("С." is an initial)
		}
		if w[size:] == "." {
			continue // an initial: "L. Chen"
		}
		if strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' && r != '\'' }) >= 0 {
			return ""
		}
	}
	return head
}

// italianWishNouns follow "Felice" in a wish ("Felice Natale", "Felice
// Anno Nuovo"); before anything else Felice is a given name.
var italianWishNouns = wordsSet("anno natale pasqua compleanno giornata weekend week-end")

// hanName says whether s, in Han characters, reads as a person's name:
// a common surname (hanSurnames, or a compound one, "欧阳") and one or two
// characters of a given name, none of them one that names rarely hold and
// sentences do ("周一", "马上", "已收到"), or "小" or "老" and a surname
// ("小陈"), and not an everyday word that starts with a surname's
// character (hanNotNameWords: "方便时", "包邮", "黄金周"), the whole name
// that word, so "黄金华" and "安心怡" are names. "期待回复", "盼复",
// "春节放假" and "样品已寄" are no names: when unsure, the line is words
// said.
func hanName(s string) bool {
	r := []rune(s)
	if len(r) == 2 && (r[0] == '小' || r[0] == '老') && strings.ContainsRune(hanSurnames, r[1]) {
		return true
	}
	given := r
	switch {
	case len(r) >= 3 && strings.Contains(hanCompoundSurnames, " "+string(r[:2])+" "):
		given = r[2:]
	case len(r) >= 2 && strings.ContainsRune(hanSurnames, r[0]):
		given = r[1:]
	default:
		return false
	}
	if len(given) > 2 || strings.Contains(hanNotNameWords, " "+s+" ") {
		return false
	}
	for _, g := range given {
		if strings.ContainsRune(hanNotInNames, g) {
			return false
		}
	}
	return true
}

// hanSignOffs are the words a Chinese signer writes right after her
// name, with no space: "陈丽敬上".
var hanSignOffs = []string{"敬上", "谨上", "謹上", "谨启", "謹啟", "拜上"}

// hanSurnames are the commonest Chinese surnames, in simplified and
// traditional characters; hanCompoundSurnames the two-character ones.
const (
	hanSurnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫严段雷侯龙史陶黎贺顾毛郝龚邵万钱覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解艾尤阳穆" +
		"張劉陳楊黃趙吳孫馬鄭謝許韓馮鄧蕭蔣葉蘇呂盧鍾譚陸賈韋鄒龐顏聶龔賀顧錢嚴湯溫齊喬莊魯歐關蘭寧紀畢羅駱藍饒閻龍萬華鮑單陽於"
	hanCompoundSurnames = " 欧阳 歐陽 司马 司馬 诸葛 諸葛 上官 司徒 东方 東方 慕容 令狐 皇甫 夏侯 公孙 公孫 "
	// hanNotNameWords are everyday words of two or three characters
	// that start with a surname's character ("方便", "包邮", "黄金周"),
	// each written in full: a name that is one of them, after a thanks,
	// is words said. Only the whole word counts, so a name that starts
	// like one ("黄金华", "安心怡") is a name.
	hanNotNameWords = " 方便 方案 方式 方面 方法 付款 付清 包邮 包郵 包装 包裝 包括 包含 成交 成本 单号 單號 余款 餘款 余额 餘額 金额 金額 " +
		"方便时 方便時 黄金周 黃金週 安心 安全 安装 安裝 关照 關照 关于 關於 关注 關注 关税 關稅 文件 高兴 高興 辛苦 顾客 顧客 申请 申請 解决 解決 " +
		"范围 範圍 季度 颜色 顏色 毛重 严格 嚴格 周到 何时 何時 任何 管理 常用 "
	// hanNotInNames are characters of days, numbers, verbs, words of a
	// sentence and a casual line's end particles ("辛苦啦") that a given
	// name does not hold.
	hanNotInNames = "一二三四五六七八九十日末上下了的地得您你我他她们們已请請将將会會要把被在是有没沒不也都就还還再见見到收发發回复覆货貨单單样樣品价價格期盼望谢謝吗嗎呢吧啊哦啦哈呀咯哟喲嘛呗唄排事联聯系繫"
)

// cutTitle cuts s, what follows a closing on its line, at the first
// separator after the name (nameSeparated's: "Lily, Sales Manager",
// "Lily Chen | Foshan Lily Trading", "Lily (Sales Manager)", "陈丽（销售经理）");
// a "-" separates after a space or a Han character, so "Lily-Anne" is a
// name, and so does a space between Han words ("陈丽 销售经理"). title
// starts with its separator, a space too, so titleLike reads all of
// "请找王总"; titled says whether there was one.
func cutTitle(s string) (name, title string, titled bool) {
	prev := ' '
	for j, r := range s {
		if j > 0 && (strings.ContainsRune(",，|(（–—/·", r) || r == '-' && (prev == ' ' || unicode.Is(unicode.Han, prev)) ||
			unicode.IsSpace(r) && hanOnly(s[:j]) && hanOnly(strings.Fields(s[j:])[0])) {
			return strings.TrimSpace(s[:j]), s[j:], true
		}
		prev = r
	}
	return s, "", false
}

// hanOnly says whether s is all Han characters.
func hanOnly(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return !unicode.Is(unicode.Han, r) }) < 0
}

// titleLike says whether title, what follows the name after a separator
// on a closing's line, reads as a title, a company or a way to reach her
// ("Sales Manager", "Foshan Lily Trading Co., Ltd.", "WhatsApp +86 138
// 0000 0000", "销售经理", "lily@foshanlily.com"), not as a sentence: one
// in brackets ends with them, no "!", "?" or "。" at its end, and written
// in title case, every word but a particle ("Head of Sales") starting
// with a capital, a digit or a sign, or an address or number, or short
// and in lower case with a role's word (lowerTitle: "Gerente de ventas",
// "менеджер по продажам"). "see you at the fair!", "new catalog
// attached" and "（佛山莉莉）下周发货" are words said. title starts with its
// separator.
func titleLike(title string) bool {
	sep, size := utf8.DecodeRuneInString(title)
	t := strings.TrimRightFunc(title[size:], func(r rune) bool {
		return unicode.IsSymbol(r) || unicode.IsSpace(r) || r == '\u200d' || r >= '\ufe00' && r <= '\ufe0f'
	})
	if sep == '(' || sep == '（' {
		var ok bool
		if t, ok = strings.CutSuffix(t, ")"); !ok {
			if t, ok = strings.CutSuffix(t, "）"); !ok {
				return false
			}
		}
	}
	t = strings.TrimSpace(t)
	if last, _ := utf8.DecodeLastRuneInString(t); t != "" && strings.ContainsRune("!?！？。", last) {
		return false
	}
	if strings.IndexFunc(t, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0 {
		// Han has no case: a title in brackets or after "|", "/",
		// "-" or "·" is one; after a comma or a space it must end in a
		// title's or a company's word ("销售经理", "佛山市莉莉贸易有限公司"),
		// so "陈丽，下周发货" is words said. No sentence mark inside, nor,
		// but in brackets or in a company's full name ("谢记陶瓷",
		// "佛山市我乐家居有限公司"), a sentence's word ("请回复王总").
		if strings.ContainsAny(t, "，。！？；,;!?") {
			return false
		}
		if sep != '(' && sep != '（' && !fullCompanyName(t) {
			u := hanTitleWordsOut.Replace(t)
			for _, w := range hanSentenceWords {
				if strings.Contains(u, w) {
					return false // "陈丽，请回复王总"
				}
			}
		}
		if !strings.ContainsRune("(（|/-–—·", sep) {
			for _, w := range hanTitleEnds {
				if strings.HasSuffix(t, w) {
					return true
				}
			}
			return false
		}
		return true
	}
	for _, w := range strings.Fields(t) {
		w = strings.TrimLeft(w, "([（【\"'")
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLower(r) || titleParticles[strings.Trim(w, ",.")] ||
			strings.Contains(strings.TrimRight(w, ".,"), ".") || strings.ContainsRune(w, '@') || strings.IndexFunc(w, unicode.IsDigit) >= 0 {
			continue
		}
		return lowerTitle(t)
	}
	return true
}

// lowerTitle says whether t, a title not in title case, reads as one as
// es, fr, pt, it and ru write it, in sentence or lower case ("Gerente de
// ventas", "Responsable commerciale", "менеджер по продажам", "sales
// manager"): at most five words, no sentence mark at its end, a word of a
// role or of her field among them (jobTitleWords), and every word in
// lower case one of those or of their particles and qualifiers
// ("internacionales", "по"). Any other word makes it a sentence, "sales
// are up", "gerente le llama": when unsure, it is words said.
func lowerTitle(t string) bool {
	words := strings.Fields(t)
	if len(words) > 5 {
		return false
	}
	if last, _ := utf8.DecodeLastRuneInString(t); strings.ContainsRune(".!?…", last) {
		return false
	}
	role := false
	for _, w := range words {
		w = strings.Trim(w, "([（【\"'),;:")
		r, _ := utf8.DecodeRuneInString(w)
		lw := strings.ToLower(w)
		switch {
		case jobTitleWords[lw]:
			role = true
		case jobTitleParticles[lw] || titleParticles[lw] || !unicode.IsLower(r):
		default:
			return false
		}
	}
	return role
}

// jobTitleWords are the words of a salesperson's role or field in the
// languages export mail is written in; jobTitleParticles the other words
// a title holds in lower case.
var (
	jobTitleWords = wordsSet("manager director assistant representative executive coordinator specialist sales export " +
		"gerente responsable responsabile directeur directrice director directora diretor diretora direttore direttrice " +
		"jefe jefa chef asistente assistante assistente représentante representante rappresentante chargée chargé " +
		"encargada encargado ejecutiva ejecutivo executiva executivo asesora asesor consultora consultor agente agent " +
		"attachée attaché addetta addetto vendedora vendedor commerciale commercial comercial " +
		"ventas ventes vendas vendite exportación exportacion exportação exportacao " +
		"leiter leiterin vertrieb verkauf " +
		"менеджер руководитель директор ассистент представитель отдел отдела продаж продажам продажи экспорта экспорт")
	jobTitleParticles = wordsSet("del al a à au aux d'affaires da di do dos das della delle dei degli em na no en " +
		"senior junior regional international internacional internacionales internationale internationales internazionale internazionali " +
		"general generale générale área area zona key account accounts business development marketing import estero extérieur exterior " +
		"clientes clients clienti customer service servicio técnico técnica tecnico technique technical purchasing compras achats acquisti " +
		"grands comptes " +
		"по и в с для ведущий ведущая старший старшая региональный работе клиентами внешнеэкономической деятельности закупкам")
)

// hanTitleEnds are the words a Chinese title or company name ends in.
var hanTitleEnds = strings.Fields("经理 經理 总监 總監 主管 助理 专员 專員 代表 主任 总 總 部 部长 部長 销售 銷售 外贸 外貿 业务 業務 业务员 業務員 " +
	"公司 有限公司 贸易 貿易 工厂 工廠 厂 廠 集团 集團 实业 實業 科技 商行 董事长 董事長 老板 老闆 " +
	"敬上 谨上 謹上 谨启 謹啟 拜上")

// hanSentenceWords are words a sentence holds and a title or company
// name does not: "please", "contact", "reply", "I", "you", "thanks",
// "looking forward", a question's "吗", a done deed's "了". Not "谢" (a
// surname, and "谢氏五金" a company named for it), "呢" ("呢绒", wool
// cloth) nor "吧" ("酒吧用品"): a title does hold them.
// hanTitleWordsOut takes out the titles that hold one ("联系人").
var (
	hanSentenceWords = strings.Fields("请 請 联系 聯繫 聯系 回复 回覆 我 您 你 谢谢 謝謝 感谢 感謝 多谢 多謝 期待 吗 嗎 了")
	hanTitleWordsOut = strings.NewReplacer("联系人", "", "聯繫人", "", "聯系人", "")
)

// fullCompanyName says whether t ends in a company's registered form,
// "有限公司" or "有限责任公司", as no sentence does.
func fullCompanyName(t string) bool {
	return strings.HasSuffix(t, "有限公司") || strings.HasSuffix(t, "有限责任公司") || strings.HasSuffix(t, "有限責任公司")
}

// titleParticles are the lower-case words of a title or a company's name
// ("Head of Sales", "Manager for Europe", "Sales & Marketing").
var titleParticles = wordsSet("of for and the at in de du des del la le y e et und für")
