package parse

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"keepwarm"
)

// calendarSentence is the sentence a calendar writes above a meeting's
// answer when its owner typed nothing, in the languages of the team's
// markets (Google Calendar's "Dave Wu has declined this invitation.",
// "Dave Wu hat diese Einladung abgelehnt.", "Dave Wu 已拒绝此邀请。"),
// without the name before it. One with a note reads otherwise ("… this
// invitation with a note:", "… mit einer Notiz abgelehnt:") and is not it.
var calendarSentence = regexp.MustCompile(`(?i)(?:` + strings.Join([]string{
	`\b(?:has|have) (?:accepted|declined|tentatively accepted|proposed a new time for) (?:this|your) (?:event |meeting )?invitation`,
	`\bhat (?:diese|Ihre|deine) (?:Termin)?einladung (?:angenommen|abgelehnt|mit Vorbehalt angenommen|vorläufig angenommen)`,
	`\ba (?:accepté|refusé|décliné|accepté provisoirement) (?:cette|votre) invitation`,
	`\bha (?:aceptado|rechazado|declinado|aceptado provisionalmente) (?:esta|tu|su) invitación`,
	`\b(?:aceitou|recusou|aceitou provisoriamente) (?:este|o seu|seu) convite`,
	`\bha (?:accettato|rifiutato|declinato) (?:questo|il tuo|il suo) invito`,
	`(?:принял|приняла|принял\(а\)|отклонил|отклонила|отклонил\(а\)) (?:это |ваше )?приглашение`,
	`已(?:接受|拒绝|谢绝|婉拒|暂定接受|暂时接受)了?(?:此|这个|该|您的|你的)?(?:活动)?邀请`,
	`已(?:接受|拒絕|謝絕|婉拒|暫定接受|暫時接受)了?(?:此|這個|該|您的|你的)?(?:活動)?邀請`,
	`(?:この|あなたの)?招待を(?:承諾|辞退|仮承諾)しました`,
	`(?:이 |귀하의 )?초대를 (?:수락|거절|미정으로 응답)했습니다`,
}, "|") + `)`)

// calendarComment says whether a calendar's answer to a meeting invitation
// carries words its sender typed: Outlook's "Edit the response before
// sending" puts them alone in the text part, which is empty otherwise (or
// holds only the disclaimer the buyer's mail server appends to all it
// sends); Google Calendar's text is its own sentence, the answerer's name
// before it ("Dr. Hans Meier", "J.P. Singh") and the event's details after
// it (the meeting's title first), unless a note follows it. Only what is
// surely the calendar's is not his: before the sentence, nothing, the
// sender's name or address, or a name ("We", "我们", "Hi Lily, we" are
// his); after it, nothing, the meeting's title or Google's footer. When
// unsure, he typed it: his mail gets a clock, a notice ends a follow-up.
func calendarComment(snippet string, from keepwarm.Address, subject string) bool {
	own := strings.TrimSpace(ownPart(snippet))
	if own == "" || onlyDisclaimer(own) {
		return false
	}
	loc := calendarSentence.FindStringIndex(own)
	if loc == nil || !answererName(own[:loc[0]], from) {
		return true
	}
	rest := strings.TrimLeft(own[loc[1]:], " \t\r\n")
	rest = strings.TrimLeft(strings.TrimPrefix(strings.TrimPrefix(rest, "."), "。"), " \t\r\n")
	return rest != "" && !eventDetails(rest, subject)
}

// eventDetails says whether rest, what follows a calendar's sentence, is
// Google Calendar's event block: the meeting's title from the subject, or
// its footer.
func eventDetails(rest, subject string) bool {
	rest = foldLower(rest)
	if title := foldLower(meetingTitle(subject)); title != "" && strings.HasPrefix(rest, title) {
		return true
	}
	return strings.HasPrefix(rest, "invitation from google calendar")
}

// foldLower is s lower-cased with its runs of white space one space.
func foldLower(s string) string {
	return strings.ToLower(foldSpace(s))
}

// firstPerson are words that begin a sentence of the answerer's own, not
// a name.
var firstPerson = map[string]bool{"i": true, "we": true, "ich": true, "wir": true, "je": true, "nous": true, "yo": true,
	"nosotros": true, "eu": true, "nós": true, "io": true, "noi": true, "я": true, "мы": true, "hi": true, "hello": true,
	"dear": true, "hallo": true, "bonjour": true, "hola": true, "olá": true, "ciao": true, "здравствуйте": true}

// answererName says whether s, what stands before a calendar's sentence,
// is the answerer's name: nothing, the sender's display name or the local
// part of his address (case and space folded), or words that look like a
// name, each capitalised, an initial or a title with a dot ("J.P.",
// "Dr."), in a Latin or Cyrillic script. A name in Chinese, Japanese or
// Korean counts only when it is the sender's: "我们" is not one.
func answererName(s string, from keepwarm.Address) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return true
	}
	f := foldLower(s)
	if f == foldLower(from.Name) {
		return true
	}
	if at := strings.LastIndexByte(from.Email, '@'); at > 0 && f == strings.ToLower(from.Email[:at]) {
		return true
	}
	words := strings.Fields(s)
	if len(words) > 5 {
		return false
	}
	for _, w := range words {
		first, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(first) || !(unicode.In(first, unicode.Latin, unicode.Cyrillic)) || firstPerson[strings.ToLower(w)] {
			return false
		}
		for i, r := range w {
			switch {
			case unicode.IsLetter(r), r == '-', r == '\'':
			case r == '.':
				// A dot after an initial or a title only: "J.P.", "Dr.".
				if seg := w[strings.LastIndexByte(w[:i], '.')+1 : i]; utf8.RuneCountInString(seg) > 4 {
					return false
				}
			default:
				return false
			}
		}
	}
	return true
}

// disclaimerOpens are how a mail server's appended confidentiality notice
// starts; disclaimerSays is what such a notice says (onlyDisclaimer asks
// for two of them: one is an everyday word too, "收件人", "保密").
var (
	disclaimerOpens = []string{"this e-mail", "this email", "this message", "this communication", "the information contained",
		"the information in this", "confidentiality notice", "confidential notice", "disclaimer", "important notice", "notice:",
		"diese e-mail", "diese email", "diese nachricht", "ce message", "ce courriel", "ce courrier", "este correo", "este mensaje",
		"este e-mail", "este email", "esta mensagem", "questo messaggio", "questa e-mail", "questa email", "это сообщение",
		"данное сообщение", "本邮件", "此邮件", "本電子郵件", "本郵件", "此郵件", "免责声明", "免責聲明"}
	disclaimerSays = []string{"intended recipient", "intended solely", "intended only", "intended exclusively", "privileged",
		"notify the sender", "not the addressee", "confidential", "confidentiel", "confidencial", "vertraulich", "nicht der richtige adressat", "irrtümlich", "destinataire",
		"destinatario", "destinatário", "конфиденциальн", "保密", "机密", "機密", "误收", "誤收", "收件人"}
)

// disclaimerAsks is how a confidentiality notice asks a wrong recipient
// to act; disclaimerRequest is a request or question left when it is
// taken out, which a notice does not make ("请先发PI", "please send").
var (
	disclaimerAsks    = regexp.MustCompile(`(?i)(?:please|kindly|bitte|veuillez|merci de|por favor|пожалуйста|请您?)[^.。!！?？\n]{0,40}?(?:notify|inform|contact|advise|delete|destroy|return|benachrichtigen|informieren|löschen|vernichten|avertir|prévenir|informer|signaler|supprimer|détruire|notifique|notifíquelo|informe|elimine|borre|destruya|avise|apague|сообщите|уведомите|удалите|通知|告知|联系|聯繫|删除|刪除|销毁|銷毀)`)
	disclaimerRequest = regexp.MustCompile(`(?i)[?？]|\bplease\b|\bkindly\b|请|請|\bbitte\b|\bmerci\b|por favor|пожалуйста`)
)

// onlyDisclaimer says whether own is nothing but a confidentiality notice
// (under a rule of underscores or dashes, as Outlook and the gateways set
// it): the text of an answer its sender typed nothing in. It opens as one,
// says at least two things only such a notice says, and asks nothing but
// that a wrong recipient tell the sender and delete it: "本邮件抄送的收件人
// 都会参加，请先发PI。" and "此邮件内容请保密：…请先报价。" are the buyer's.
func onlyDisclaimer(own string) bool {
	lower := strings.ToLower(strings.TrimLeft(own, "_-=*~ \t\r\n"))
	opens := false
	for _, o := range disclaimerOpens {
		opens = opens || strings.HasPrefix(lower, o)
	}
	if !opens || disclaimerRequest.MatchString(disclaimerAsks.ReplaceAllString(lower, "")) {
		return false
	}
	says := 0
	for _, w := range disclaimerSays {
		if strings.Contains(lower, w) {
			says++
		}
	}
	return says >= 2
}
