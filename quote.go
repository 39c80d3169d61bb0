package keepwarm

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// OriginalMessage are the words of Outlook's (and Foxmail's) "-----Original
// Message-----" line over a quoted original, lower-case, in the languages it
// is written in. The templates read quoted lines by them too.
var OriginalMessage = []string{"original message", "ursprüngliche nachricht", "mensaje original", "message d'origine",
	"mensagem original", "messaggio originale", "oorspronkelijk bericht", "исходное сообщение", "původní zpráva",
	"wiadomość oryginalna", "orijinal ileti", "özgün ileti", "元のメッセージ", "原始邮件", "原始郵件"}

// attributionEnds are the quoteMarkers that end an attribution line ("On
// ... wrote:", "在 ... 写道："): the line's start is still in the own
// text. The others (a separator, "发件人:") and Outlook's header block
// start where the quote does.
var attributionEnds = []string{
	" wrote:", " schrieb:", " escribió:", " a écrit :", " a écrit:", " escreveu:", " ha scritto:",
	" написал:", " написала:", " yazdı:", " كتب:", "写道：", "写道:", "寫道：", "寫道:",
}

// quoteMarkers open the quoted original in a snippet (whose line breaks are
// gone), lower case: the separators and attribution lines mail clients
// write above it in the languages export mail is written in.
var quoteMarkers = func() []string {
	out := []string{"------------------ 原始邮件 ------------------", "原始邮件", "原始郵件", "发件人:", "发件人：", "寄件者:", "寄件者："}
	for _, w := range OriginalMessage {
		out = append(out, "-----"+w+"-----")
	}
	return append(out, attributionEnds...)
}()

// QuoteMarkers are the separators and attribution ends that open a quoted
// original in a snippet, lower-case (see OwnSnippet).
func QuoteMarkers() []string { return slices.Clone(quoteMarkers) }

// OutlookFrom and OutlookSent are the labels of Outlook's header block over
// a quoted original ("From: ... Sent: ... Subject: ..."), lower-case, in the
// languages a salesperson's or a buyer's Outlook writes: French puts a space
// before the colon ("De : ... Envoyé : ... Objet :"), Chinese and Japanese a
// full-width one. A "From" label counts only with a "Sent" or "Subject"
// label after it: "Da: ..." alone may be the writer's own line.
var (
	OutlookFrom = []string{"from:", "von:", "de:", "de :", "da:", "от:", "差出人:", "差出人：", "发件人:", "发件人：", "寄件者:", "寄件者：", "kimden:", "من:", "van:", "od:"}
	OutlookSent = []string{"sent", "gesendet", "enviado el", "enviado", "enviada", "envoyé", "inviato", "отправлено",
		"送信日時", "gönderildi", "gönderilme tarihi", "verzonden", "wysłano", "تاريخ الإرسال", "أرسلت", "subject", "betreff",
		"asunto", "objet", "oggetto", "assunto", "тема", "件名", "konu", "الموضوع", "onderwerp", "temat",
		"发送时间", "寄件日期", "主题", "主旨"}
)

// OwnSnippet is the writer's own part of a snippet (a message's text with
// its line breaks gone): the part before the quoted original, cut at the
// first quote marker, at an Outlook header block ("From: ... Sent: ...")
// or at a "> " quote. The follow-up engine reads a customer's answer by it
// and the parser an automatic answer's return date: a date or an opt-out
// in the quote is the quoted writer's.
func OwnSnippet(snippet string) string {
	own, _ := OwnSnippetAttributed(snippet)
	return own
}

// OwnSnippetAttributed is OwnSnippet, and says whether the cut came at the
// end of an attribution line or at a "> " quote (which the line that
// introduces it may stand before: "Op ma 1 dec 2026 om 10:00 schreef
// Lily Chen <lily@acme.com>: > ..."), whose start the own text then still
// ends with; false when it came at a separator or an Outlook header
// block, where nothing of the quote's is left before the cut.
func OwnSnippetAttributed(snippet string) (string, bool) {
	lower := LowerInPlace(snippet)
	cut := len(snippet)
	attributed := false
	for _, m := range quoteMarkers {
		if i := strings.Index(lower, m); i >= 0 && i < cut {
			cut = i
			attributed = slices.Contains(attributionEnds, m)
		}
	}
	for _, from := range OutlookFrom {
		first, _ := utf8.DecodeRuneInString(from)
		for at := 0; at < cut; {
			i := strings.Index(lower[at:], from)
			if i < 0 || at+i >= cut {
				break
			}
			i += at
			at = i + 1
			if i > 0 && spacedScript(first) && wordBefore(lower, i) {
				continue // "Tradefrom: ...", "Вот: ..." is no label
			}
			window := lower[i+len(from) : min(len(lower), i+400)]
			for _, l := range OutlookSent {
				if strings.Contains(window, l+":") || strings.Contains(window, l+" :") || strings.Contains(window, l+"：") {
					cut, attributed = i, false
					break
				}
			}
		}
	}
	if i := strings.Index(snippet, " > "); i >= 0 && i < cut {
		cut, attributed = i, true
	}
	if strings.HasPrefix(snippet, "> ") {
		cut, attributed = 0, false
	}
	return snippet[:cut], attributed && cut < len(snippet)
}

// spacedScript: a letter of a script written with spaces between words
// (not Chinese or Japanese), where a label must start a word.
func spacedScript(r rune) bool {
	return unicode.IsLetter(r) && !unicode.Is(unicode.Han, r) && !unicode.Is(unicode.Hiragana, r) && !unicode.Is(unicode.Katakana, r)
}

// wordBefore says whether the rune before position i of s is a letter or
// a digit.
func wordBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// LowerInPlace lower-cases s rune by rune, keeping a rune whose lower case
// is written in another number of bytes (İ), so that positions in the
// result are positions in s.
func LowerInPlace(s string) string {
	return strings.Map(func(r rune) rune {
		l := unicode.ToLower(r)
		if utf8.RuneLen(l) != utf8.RuneLen(r) {
			return r
		}
		return l
	}, s)
}
