package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// An automatic answer may carry the message it answers below its own
// words (Notes, ticket systems, several Chinese enterprise mail systems,
// some Exchange transport rules). A date or a "has left" in that quote is
// the quoted writer's ("prices valid until 31 December"), never the
// absence's: ownPart keeps the words before it. The markers are those the
// follow-up engine reads a customer's own words by (sequences' ownText).

// quoteStarts open a quoted original in a snippet (whose line breaks are
// gone), lower case.
var quoteStarts = []string{
	"-----original message-----", "-----ursprüngliche nachricht-----", "-----mensaje original-----",
	"-----message d'origine-----", "-----mensagem original-----", "-----исходное сообщение-----",
	"-----messaggio originale-----", "------------------ 原始邮件 ------------------", "原始邮件",
	" wrote:", " schrieb:", " escribió:", " a écrit :", " a écrit:", " escreveu:", " ha scritto:",
	" написал:", " написала:", " yazdı:", " كتب:", "写道：", "写道:",
	"发件人:", "发件人：", "寄件者:", "寄件者：",
}

// quoteFrom and quoteSent are the labels of Outlook's header block over a
// quoted original ("From: ... Sent: ... Subject: ..."); a "From" label
// counts only with a "Sent" or "Subject" label after it.
var (
	quoteFrom = []string{"from:", "von:", "de:", "de :", "da:", "от:", "差出人:", "差出人：", "kimden:", "من:", "van:", "od:"}
	quoteSent = []string{"sent", "gesendet", "enviado el", "enviado", "enviada", "envoyé", "inviato", "отправлено",
		"送信日時", "gönderildi", "gönderilme tarihi", "verzonden", "wysłano", "تاريخ الإرسال", "أرسلت", "subject", "betreff",
		"asunto", "objet", "oggetto", "assunto", "тема", "件名", "konu", "الموضوع", "onderwerp", "temat"}
)

// ownPart is the part of a snippet before the quoted original: cut at the
// first quote marker, at an Outlook header block ("From: ... Sent: ...") or
// at a "> " quote.
func ownPart(snippet string) string {
	lower := lowerInPlace(snippet)
	cut := len(snippet)
	for _, m := range quoteStarts {
		if i := strings.Index(lower, m); i >= 0 && i < cut {
			cut = i
		}
	}
	for _, from := range quoteFrom {
		for at := 0; at < cut; {
			i := strings.Index(lower[at:], from)
			if i < 0 || at+i >= cut {
				break
			}
			i += at
			at = i + 1
			if i > 0 && from[0] < utf8.RuneSelf && wordByte(lower, i) {
				continue // "Tradefrom: ..." is no label
			}
			window := lower[i+len(from) : min(len(lower), i+400)]
			for _, l := range quoteSent {
				if strings.Contains(window, l+":") || strings.Contains(window, l+" :") || strings.Contains(window, l+"：") {
					cut = i
					break
				}
			}
		}
	}
	if i := strings.Index(snippet, " > "); i >= 0 && i < cut {
		cut = i
	}
	if strings.HasPrefix(snippet, "> ") {
		cut = 0
	}
	return snippet[:cut]
}

// wordByte says whether the rune before position i of s is a letter or a
// digit.
func wordByte(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// lowerInPlace lower-cases s rune by rune, keeping a rune whose lower case
// is written in another number of bytes (İ), so that positions in the
// result are positions in s.
func lowerInPlace(s string) string {
	return strings.Map(func(r rune) rune {
		l := unicode.ToLower(r)
		if utf8.RuneLen(l) != utf8.RuneLen(r) {
			return r
		}
		return l
	}, s)
}
