package sequences

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// How opt-out wording is read. An opt-out is written for good: from then
// on no sequence, greeting or letter reaches the address. So a phrase
// counts only as whole words ("opt out" is not in "adopt outdoor"; a
// phrase of Chinese, written without spaces, is matched anywhere), and the
// phrases that are also ordinary business wording count only when they are
// the request itself. An answer that is not read as an opt-out still ends
// a follow-up (as replied): it is an answer.

// optOutPhrase says when a phrase that is also ordinary business wording
// is a request for no more mail.
type optOutPhrase struct {
	// object: the phrase says nothing by itself ("please stop sending,
	// we have stock"): it counts only with a word of mail after it ("stop
	// sending me emails").
	object bool
	// decline: the phrase turns down an offer as often as mail ("not
	// interested. Please quote 4000K"): it counts only in an answer that
	// asks for nothing, no question and no offer words (offerWords).
	decline bool
	// han: a phrase of Chinese, written without spaces, is also the start
	// of ordinary purchasing words ("不要再发错" don't ship the wrong one
	// again, "退订金" refund the deposit): it counts only at the end of its
	// clause or before a word of mail ("不要再发邮件"), hanFollows.
	han bool
	// before: a German phrase ends its sentence ("Ich muss mich vom Termin
	// abmelden"): it counts only when every word before it in its sentence
	// is a requestWord ("Bitte vom Newsletter abmelden").
	before bool
}

// ambiguousOptOut are the built-in phrases of DefaultOptOutWords that
// occur in buyers' ordinary mail: "we are not interested in the 3000K
// panels", "please stop sending samples by air", "no me interesa el modelo
// A". Each counts only when nothing but requestWords follows it in its
// sentence, and as optOutPhrase says. A manager's own words are matched
// whole, as they are.
var ambiguousOptOut = map[string]optOutPhrase{
	"not interested":        {decline: true},
	"no me interesa":        {decline: true},
	"non sono interessat*":  {decline: true},
	"stop sending":          {object: true},
	"stop emailing":         {},
	"no more emails":        {},
	"do not contact":        {object: true},
	"don't contact":         {object: true},
	"opt out":               {},
	"opt-out":               {},
	"remove me from":        {},
	"remove us from":        {},
	"take me off":           {},
	"take us off":           {},
	"remove my email":       {},
	"remove our email":      {},
	"don't send":            {object: true},
	"dont send":             {object: true},
	"do not send":           {object: true},
	"no more newsletters":   {},
	"no me envíen más":      {},
	"no nos envíen más":     {},
	"no me envien mas":      {},
	"no nos envien mas":     {},
	"dejen de enviar":       {object: true},
	"dejen de enviarme":     {},
	"dejen de enviarnos":    {},
	"abmelden":              {before: true},
	"austragen":             {before: true},
	"keine e-mails mehr":    {},
	"keine emails mehr":     {},
	"keine newsletter mehr": {},
	"отпишите":              {object: true},
	"отписаться":            {},
	"не присылайте":         {},
	"больше не пишите":      {},
	"لا ترسل*":              {object: true},
	"退订":                    {han: true},
	"退訂":                    {han: true},
	"不要再发":                  {han: true},
	"不要再發":                  {han: true},
	"不要再寄":                  {han: true},
	"请勿再发":                  {han: true},
	"請勿再發":                  {han: true},
	"请勿再寄":                  {han: true},
	"請勿再寄":                  {han: true},
	// companyOptOutWords, as the address-level phrases they extend
	"remove us":                 {},
	"unsubscribe us":            {},
	"stop sending us":           {},
	"stop emailing us":          {},
	"opt us out":                {},
	"remove our company":        {},
	"remove our emails":         {},
	"remove our address":        {},
	"remove our addresses":      {},
	"no nos envíen":             {},
	"no nos envien":             {},
	"darnos de baja":            {},
	"dennos de baja":            {},
	"uns abmelden":              {before: true},
	"uns austragen":             {before: true},
	"keine e-mails mehr an uns": {},
	"keine emails mehr an uns":  {},
	"отпишите нас":              {},
	"не присылайте нам":         {},
	"не пишите нам":             {},
	"больше не пишите нам":      {},
	"我们退订":                      {han: true},
	"我們退訂":                      {han: true},
	"不要再给我们发":                   {han: true},
	"不要再給我們發":                   {han: true},
	"请勿再给我们发":                   {han: true},
	"請勿再給我們發":                   {han: true},
	"别再给我们发":                    {han: true},
	"別再給我們發":                    {han: true},
}

// requestWords may follow an ambiguous phrase in its sentence when it is
// the request itself: "not interested anymore", "stop sending me these
// emails", "opt out of your mailing list", "no me interesa, gracias". Any
// other word (a product, "samples", "el modelo A") makes it business.
var requestWords = setOf(
	// en
	"me", "us", "my", "our", "you", "your", "yours", "from", "to", "of", "in", "on", "by", "at", "all", "any", "more",
	"anymore", "longer", "again", "ever", "further", "now", "please", "pls", "kindly", "this", "these", "such", "those",
	"email", "emails", "e-mail", "e-mails", "mail", "mails", "mailing", "mailings", "message", "messages", "newsletter",
	"newsletters", "letter", "letters", "list", "lists", "database", "marketing", "promotional", "promotions",
	"advertising", "ads", "spam", "receiving", "getting", "contacting", "whatsoever", "really", "thanks", "thank",
	// es
	"mas", "más", "ya", "por", "favor", "gracias", "su", "sus", "correo", "correos", "mensajes", "nada", "recibir",
	"en", "absoluto", "de", "lo", "la", "lista",
	// it
	"ai", "alle", "vostri", "vostre", "vostra", "vostro", "messaggi", "grazie", "più", "piu", "ricevere", "a",
	// en, more: "remove me from the list", "remove us from your distribution list"
	"the", "distribution", "contact", "contacts", "address", "addresses", "subscription", "subscriptions", "mailer",
	// es, more
	"información", "informacion", "publicidad", "boletín", "boletin", "boletines", "nos", "me",
	// de: "Ich möchte mich von Ihrem Newsletter abmelden", "keine E-Mails mehr an diese Adresse"
	"ich", "wir", "mich", "mir", "bitte", "möchte", "möchten", "moechte", "will", "wollen", "gerne", "hiermit", "sofort",
	"vom", "von", "dem", "der", "den", "ihrem", "ihrer", "ihren", "ihr", "verteiler", "werbung", "liste", "an", "diese",
	"dieser", "diesen", "adresse", "zu", "aus", "mehr", "und", "uns",
	// ru: "отпишите нас от рассылки", "больше не присылайте мне письма"
	"меня", "нас", "мне", "нам", "от", "вашей", "ваших", "вашего", "этой", "этих", "рассылки", "рассылок", "рассылку",
	"писем", "письма", "письмо", "списка", "больше", "пожалуйста", "спасибо", "никогда", "эти", "такие",
	// ar: "لا ترسلوا لي أي رسائل"
	"لي", "لنا", "أي", "اي", "رسائل", "رسالة", "الرسائل", "بريد", "البريد", "إلكتروني", "الإلكتروني", "الكتروني",
	"مرة", "أخرى", "بعد", "الآن", "من", "فضلك", "شكرا", "شكراً", "إعلانات",
)

// objectWords are the requestWords that say what is not to be sent.
var objectWords = setOf("me", "us", "email", "emails", "e-mail", "e-mails", "mail", "mails", "mailing", "mailings",
	"message", "messages", "newsletter", "newsletters", "letters", "advertising", "promotions", "spam", "correos", "mensajes",
	"publicidad", "boletines", "información", "informacion", "меня", "нас", "рассылки", "рассылку", "писем",
	"письма", "لي", "لنا", "رسائل", "الرسائل", "بريد", "البريد", "إعلانات")

// closingWords end a sentence as its full stop does: a snippet has no line
// breaks, so "Not interested Best regards Hans" is one run of words.
var closingWords = setOf("regards", "best", "cheers", "sincerely", "br", "saludos", "atentamente", "cordiali", "cordialmente",
	"distinti", "cordialement", "mfg", "gruss", "gruß", "grüße", "gruesse", "thanks", "thank", "gracias", "grazie", "danke",
	"vielen", "спасибо", "شكرا", "شكراً")

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// optOutWording reports whether text (lower case: the subject and the
// answer's own text, a line break between them) has one of words as
// opt-out wording; own is the answer's own text alone, read for a
// question or an offer. A word ending in "*" is a stem: "désinscri*"
// matches "désinscrire" and "désinscrivez".
func optOutWording(text, own string, words []string) bool {
	return optOutMatch(text, own, words, false)
}

// optOutMatch is optOutWording; with company, words ask in the company's
// name and a phrase counts only when it is not denied ("but don't take us
// off your list", negatedBefore) and, in Chinese, when nothing but the
// asking comes before it in its clause ("上批货我们退订了" we cancelled the
// last order, hanAsksBefore).
func optOutMatch(text, own string, words []string, company bool) bool {
	asks := -1 // whether own asks for something, read once when needed
	for _, w := range words {
		w = strings.ToLower(strings.TrimSpace(w))
		stem := strings.HasSuffix(w, "*")
		key := w
		w = strings.TrimSuffix(w, "*")
		if w == "" {
			continue
		}
		p, ambiguous := ambiguousOptOut[key]
		for from := 0; from < len(text); {
			i := strings.Index(text[from:], w)
			if i < 0 {
				break
			}
			i += from
			from = i + 1
			j := i + len(w)
			if stem {
				j = endOfWord(text, j)
			}
			if !boundaryBefore(text, i, w) || (!stem && !boundaryAfter(text, j, w)) {
				continue
			}
			if company && (negatedBefore(text[:i]) || (p.han && !hanAsksBefore(text[:i]))) {
				continue
			}
			if !ambiguous {
				return true
			}
			if p.han {
				if !hanFollows(text[j:]) {
					continue
				}
			} else if !requestFollows(text[j:], p.object) || (p.before && !requestPrecedes(text[:i])) {
				continue
			}
			if p.decline {
				if asks < 0 {
					asks = 0
					if _, offer := findWord(own, offerWords); offer || hasQuestion(own) {
						asks = 1
					}
				}
				if asks == 1 {
					continue
				}
			}
			return true
		}
	}
	return false
}

// endOfWord is where the word going on at j ends.
func endOfWord(s string, j int) int {
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		j += n
	}
	return j
}

// requestFollows reports whether rest, what follows an ambiguous phrase,
// holds nothing but requestWords up to the end of its sentence (a
// punctuation mark, a line break, a closing such as "regards"); with
// object, one of objectWords among them.
func requestFollows(rest string, object bool) bool {
	if k := strings.IndexFunc(rest, sentenceEnd); k >= 0 {
		rest = rest[:k]
	}
	named := false
	for _, t := range strings.Fields(rest) {
		t = strings.Trim(t, `"'“”‘’«»*`)
		if t == "" || t == "-" || t == "–" || t == "—" {
			break
		}
		if closingWords[t] {
			break
		}
		if !requestWords[t] {
			return false
		}
		named = named || objectWords[t]
	}
	return named || !object
}

// sentenceEnd: a mark that ends a sentence or a clause, in the scripts
// buyers write in.
func sentenceEnd(r rune) bool {
	return strings.ContainsRune(".,;:!?()[]\n。，；：！？、…¿¡", r)
}

// requestPrecedes reports whether before, what precedes a phrase that ends
// its sentence (German "abmelden"), holds nothing but requestWords back to
// the start of its sentence or a closing ("Danke Hans Bitte abmelden").
func requestPrecedes(before string) bool {
	if k := strings.LastIndexFunc(before, sentenceEnd); k >= 0 {
		before = before[k+1:]
	}
	words := strings.Fields(before)
	for k := len(words) - 1; k >= 0; k-- {
		t := strings.Trim(words[k], `"'“”‘’«»*`)
		if t == "" || t == "-" || t == "–" || t == "—" || closingWords[t] {
			break
		}
		if !requestWords[t] {
			return false
		}
	}
	return true
}

// hanFillers may come between a Chinese phrase and what it is about: "不要
// 再发了", "退订一下", "不要再发给我们邮件", "请勿再寄任何广告".
var hanFillers = []string{"给我们", "給我們", "给本人", "給本人", "给我", "給我", "本公司", "我们", "我們", "本人", "我司",
	"一下", "这类", "這類", "这些", "這些", "这种", "這種", "任何", "所有", "您的", "你们的", "你們的", "贵司的", "貴司的",
	"了", "啦", "吧", "我", "此", "本", "的", "再", "吗", "嗎", "哦", "呢"}

// hanMail: words of mail, or of the asking, that may follow a Chinese phrase.
var hanMail = []string{"邮件", "郵件", "电邮", "電郵", "信", "广告", "廣告", "资料", "資料", "消息", "讯息", "訊息", "信息",
	"推广", "推廣", "营销", "行銷", "新闻", "新聞", "订阅", "訂閱", "邮箱", "郵箱", "通讯", "通訊", "谢谢", "謝謝", "感谢",
	"感謝", "多谢", "多謝", "email", "e-mail", "mail", "newsletter"}

// hanFollows reports whether rest, what follows a Chinese phrase, ends its
// clause (after hanFillers) or names mail: "以后不要再发了", "请退订，谢谢",
// "不要再发邮件"; not "不要再发错型号", "先不要再发货", "请退订金", "退订单".
func hanFollows(rest string) bool {
	for again := true; again; {
		again = false
		for _, f := range hanFillers {
			if strings.HasPrefix(rest, f) {
				rest, again = rest[len(f):], true
				break
			}
		}
	}
	if rest == "" {
		return true
	}
	if r, _ := utf8.DecodeRuneInString(rest); sentenceEnd(r) || unicode.IsSpace(r) || strings.ContainsRune("~～—-\"'”’」』）)", r) {
		return true
	}
	for _, m := range hanMail {
		if strings.HasPrefix(rest, m) {
			return true
		}
	}
	return false
}

// negations deny the phrase that follows them in its sentence.
var negations = setOf("don't", "dont", "not", "never", "nicht", "no", "nunca", "не")

// negatedBefore reports whether before, what precedes a phrase, ends in a
// negation with nothing but requestWords after it ("but don't take us off",
// "please do not remove us", "bitte nicht uns abmelden"); not "we don't want
// more mail, so please remove us".
func negatedBefore(before string) bool {
	if k := strings.LastIndexFunc(before, sentenceEnd); k >= 0 {
		before = before[k+1:]
	}
	words := strings.Fields(before)
	for k := len(words) - 1; k >= 0; k-- {
		t := strings.Trim(words[k], `"'“”‘’«»*`)
		if negations[t] {
			return true
		}
		if !requestWords[t] {
			return false
		}
	}
	return false
}

// hanAsks may come before a Chinese phrase in the company's name in its
// clause: "请帮我们退订", "你们以后请不要再给我们发邮件".
var hanAsks = []string{"请", "請", "帮", "幫", "麻烦", "麻煩", "烦请", "煩請", "把", "给", "給", "以后", "以後", "今后", "今後",
	"也", "都", "就", "马上", "馬上", "立即", "立刻", "全部", "希望", "您好", "你好", "您", "你们", "你們", "贵司", "貴司",
	"谢谢", "謝謝", "务必", "務必", "千万", "千萬"}

// hanAsksBefore reports whether before, what precedes a Chinese phrase,
// holds nothing but hanAsks back to the start of its clause: not
// "上批货我们退订了" (we cancelled the last order).
func hanAsksBefore(before string) bool {
	// A snippet has no line breaks: "王经理 请不要再给我们发" is two lines.
	if k := strings.LastIndexFunc(before, func(r rune) bool { return sentenceEnd(r) || unicode.IsSpace(r) }); k >= 0 {
		_, n := utf8.DecodeRuneInString(before[k:])
		before = before[k+n:]
	}
	for again := true; again && before != ""; {
		again = false
		for _, a := range hanAsks {
			if strings.HasSuffix(before, a) {
				before, again = strings.TrimSuffix(before, a), true
				break
			}
		}
	}
	return before == ""
}
