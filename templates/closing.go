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
	// German
	"herzliche grüße", "herzliche grüsse", "mit herzlichen grüßen", "mit herzlichen grüssen", "mit besten grüßen",
	"mit besten grüssen", "liebe grüße", "liebe grüsse", "viele grüsse", "beste grüsse", "freundliche grüsse",
	"mit freundlichem gruß", "mit freundlichem gruss", "schöne grüße", "schöne grüsse", "gruß", "gruss", "grüße",
	"grüsse", "danke", "vielen dank", "herzlichen dank", "besten dank",
	// French
	"bien à vous", "salutations distinguées", "meilleures salutations", "sincères salutations",
	"avec mes meilleures salutations", "très cordialement", "amicalement", "merci", "merci beaucoup",
	"merci d'avance", "bonne journée", "bien amicalement",
	// Spanish
	"saludos", "un abrazo", "abrazos", "un saludo cordial", "saludos afectuosos", "reciba un cordial saludo",
	"cordialmente", "atte", "gracias", "muchas gracias", "mil gracias",
	// Portuguese
	"abraços", "abraço", "um abraço", "cumprimentos", "com os melhores cumprimentos", "melhores cumprimentos",
	"saudações", "att", "abs", "obrigado", "obrigada", "muito obrigado", "muito obrigada",
	// Italian
	"saluti", "un saluto", "un caro saluto", "un cordiale saluto", "i migliori saluti",
	"con i migliori saluti", "grazie", "grazie mille", "buona giornata",
	// Russian
	"с наилучшими пожеланиями", "всего доброго", "всего наилучшего", "спасибо", "большое спасибо",
	"заранее спасибо", "с уважением и наилучшими пожеланиями",
	// Arabic
	"وتفضلوا بقبول فائق الاحترام", "تفضلوا بقبول فائق الاحترام", "وتفضلوا بقبول فائق الاحترام والتقدير",
	"مع فائق الاحترام", "تحياتي", "مع تحياتي", "مع خالص تحياتي", "شكرا", "شكراً", "شكرا لكم", "شكراً لكم", "مع الشكر",
	// Japanese
	"よろしくお願いいたします", "よろしくお願い致します", "よろしくお願いします", "宜しくお願いいたします",
	"宜しくお願い致します", "どうぞよろしくお願いいたします", "何卒よろしくお願いいたします",
	"今後ともよろしくお願いいたします", "何卒よろしくお願い申し上げます", "よろしくお願い申し上げます",
	"どうぞよろしくお願い申し上げます", "引き続きよろしくお願いいたします", "敬具", "草々", "以上",
	"ありがとうございます", "ありがとうございました",
	// Chinese
	"祝商祺", "顺颂商祺", "順頌商祺", "顺颂时祺", "順頌時祺", "顺祝时祺", "順祝時祺", "敬礼", "敬禮",
	"祝工作顺利", "祝工作順利", "祝一切顺利", "祝一切順利", "祝生意兴隆", "祝生意興隆", "谢谢", "謝謝",
	"多谢", "多謝", "非常感谢", "非常感謝", "感谢", "感謝",
}

// closingPunct may end a closing line, on top of signOffPunct: "Thanks!!",
// "よろしくお願いいたします…".
const closingPunct = signOffPunct + "…~～"

// closingKey is line as the closing lists hold it: lower case, spaces
// collapsed, the punctuation and emoji that may end it ("Best wishes 🎄",
// "Thanks 😊") and "’" written "'" taken off.
func closingKey(line string) string {
	l := strings.ReplaceAll(strings.TrimSpace(line), "’", "'")
	l = strings.TrimRightFunc(l, func(r rune) bool {
		return strings.ContainsRune(closingPunct+" ", r) || unicode.IsSymbol(r) || unicode.IsSpace(r) ||
			r == '\u200d' || r >= '\ufe00' && r <= '\ufe0f'
	})
	return strings.ToLower(strings.Join(strings.Fields(l), " "))
}

// inList says whether key (closingKey) is one of list; a formula in a
// script written without spaces matches written with them too.
func inList(key string, list []string) bool {
	squeezed := strings.ReplaceAll(key, " ", "")
	for _, c := range list {
		if key == c || squeezed == c && !strings.ContainsRune(c, ' ') && c[0] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// takenOut stands, on a line of its own, where SaysNothing took out the
// signature or a name the book put in.
const takenOut = "\x00"

// ownerOut stands, on a line of its own, where SaysNothing took out the
// salesperson's own name, address or signature (takenOut for the rest).
const ownerOut = "\x01"

// contactLabels label a line of a signature block written by hand:
// "Email: {{.Owner.Email}}", "WhatsApp: +86 138…", "微信：…".
var contactLabels = wordsSet("email e-mail mail tel tel. phone ph mobile mob cell whatsapp wechat skype fax web website line qq 邮箱 电邮 电话 手机 微信 传真 网址")

// signatureLine says whether lines[i], in the last paragraph, is a
// contact line of a signature block written by hand: a contact label
// with a value that looks like contact data ("Email:" where the address
// was taken out, "WhatsApp: +86 138 0013 8000", "Skype: lily.chen",
// "Web: www.…"), not words ("Mail: samples sent today"). closingTail
// counts it only under a closing, so a short line ending a mail with no
// sign-off above it stays words said. The rest of a block under the
// salesperson's name is signatureBelow's.
func signatureLine(lines []string, i int) bool {
	l := strings.TrimSpace(lines[i])
	j := strings.IndexAny(l, ":：")
	if j <= 0 {
		return false
	}
	_, size := utf8.DecodeRuneInString(l[j:])
	label, value := strings.ToLower(strings.TrimSpace(l[:j])), strings.TrimSpace(l[j+size:])
	return contactLabels[label] && len(strings.Fields(value)) <= 4 && contactValue(value)
}

// contactValue says whether a contact label's value looks like one: empty
// (the address was taken out), or with a digit, an "@", a web address or
// a dot inside a word ("lily.chen").
func contactValue(v string) bool {
	lv := strings.ToLower(v)
	if v == "" || strings.ContainsAny(v, "@＠") || strings.Contains(lv, "www") || strings.Contains(lv, "http") {
		return true
	}
	if strings.IndexFunc(v, unicode.IsDigit) >= 0 {
		return true
	}
	for k := 1; k < len(v)-1; k++ {
		if v[k] == '.' && contactByte(v[k-1]) && contactByte(v[k+1]) {
			return true
		}
	}
	return false
}

func contactByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '-'
}

// closingLine says whether l is a sign-off or an everyday closing.
func closingLine(l string) bool {
	k := closingKey(l)
	return IsSignOff(l) || inList(k, SignOffs) || inList(k, Closings)
}

// saidMarks start a line under the salesperson's name that is words said,
// not signature: a P.S. or a note.
var saidMarks = []string{"p.p.s", "p.s", "pps", "ps", "n.b", "nb", "note", "附", "注", "备注", "備註"}

// saidUnderName says whether l, a line under the salesperson's name, is
// words said: it starts a P.S. or a note ("P.S. …", "PS: …", "Note: …",
// "附：…", "注：…"), or reads as a sentence ("New catalog attached for
// you", "Mail: samples sent today": most of its words, at least three,
// in lower case; a Chinese line ending in "。", "！" or "？").
func saidUnderName(l string) bool {
	t := strings.TrimSpace(l)
	lt := strings.ToLower(t)
	for _, m := range saidMarks {
		if !strings.HasPrefix(lt, m) {
			continue
		}
		r, _ := utf8.DecodeRuneInString(lt[len(m):])
		if m[0] >= utf8.RuneSelf || len(lt) == len(m) || !unicode.IsLetter(r) {
			return true
		}
	}
	if cjkScript(t) {
		return strings.HasSuffix(t, "。") || strings.HasSuffix(t, "！") || strings.HasSuffix(t, "？")
	}
	words, lower := strings.Fields(t), 0
	for _, w := range words {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsLower(r) {
			lower++
		}
	}
	return lower >= 3 && 2*lower > len(words)
}

// signatureBelow is lines with the signature block under the salesperson's
// name taken out: once a closing ("Best regards,", "祝商祺！") sits right
// above the name (ownerOut; only the one blank line the cut put there
// between them), every line below it is the signature ("Sales Manager",
// "Shenzhen Bright LED Co., Ltd.", "Add: …", "Mobile/WhatsApp: …",
// "地址：…") but a P.S., a note or a sentence (saidUnderName). ownerOut
// becomes takenOut.
func signatureBelow(lines []string) []string {
	for i, l := range lines {
		if strings.TrimSpace(l) != ownerOut {
			continue
		}
		above := i - 1
		if above >= 0 && strings.TrimSpace(lines[above]) == "" {
			above-- // the blank line the cut put above the name
		}
		if above < 0 || !closingLine(lines[above]) {
			continue
		}
		for j := i + 1; j < len(lines); j++ {
			t := strings.TrimSpace(lines[j])
			if t != "" && t != ownerOut && t != takenOut && !saidUnderName(t) {
				lines[j] = takenOut
			}
		}
		break
	}
	for i, l := range lines {
		if strings.TrimSpace(l) == ownerOut {
			lines[i] = takenOut
		}
	}
	return lines
}

// closingTail is where the closing lines of text's lines start
// (len(lines) when it ends with none): from the end, blank lines and what
// was taken out (takenOut), a last paragraph of sign-offs (SignOffs) and,
// above the signature or the salesperson's name, Closings, and before it
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
		if !seen && signatureLine(lines, i) {
			signed = true // "Email: ", "WhatsApp: +86 …" under the sign-off
			continue
		}
		seen = true
		k := closingKey(lines[i])
		if IsSignOff(lines[i]) || inList(k, SignOffs) || last && signed && inList(k, Closings) {
			start = i
			continue
		}
		break
	}
	return start
}
