package parse

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
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
// it, unless a note follows it. Anything else before the sentence is his.
func calendarComment(snippet string) bool {
	own := strings.TrimSpace(ownPart(snippet))
	if own == "" || onlyDisclaimer(own) {
		return false
	}
	loc := calendarSentence.FindStringIndex(own)
	if loc == nil || !answererName(own[:loc[0]]) {
		return true
	}
	rest := strings.TrimLeft(own[loc[1]:], " \t\r\n")
	return rest != "" && !strings.HasPrefix(rest, ".") && !strings.HasPrefix(rest, "。")
}

// answererName says whether s, what stands before a calendar's sentence,
// is a name alone: short, on one line, no colon, and a dot only after an
// initial or a title ("J.P.", "Dr."), not ending a sentence of the
// answerer's own ("We chose another supplier.").
func answererName(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) > 120 || strings.ContainsAny(s, ":\n\r。！？!?") {
		return false
	}
	word := 0 // where the word before a dot starts
	for i, r := range s {
		switch {
		case r == ' ' || r == '\t':
			word = i + 1
		case r == '.':
			w := s[word:i]
			if first, _ := utf8.DecodeRuneInString(w); w == "" || utf8.RuneCountInString(w) > 4 || !unicode.IsUpper(first) {
				return false
			}
			word = i + 1
		}
	}
	return true
}

// disclaimerOpens are how a mail server's appended confidentiality notice
// starts; disclaimerSays is what only such a notice says.
var (
	disclaimerOpens = []string{"this e-mail", "this email", "this message", "this communication", "the information contained",
		"the information in this", "confidentiality notice", "confidential notice", "disclaimer", "important notice", "notice:",
		"diese e-mail", "diese email", "diese nachricht", "ce message", "ce courriel", "ce courrier", "este correo", "este mensaje",
		"este e-mail", "este email", "esta mensagem", "questo messaggio", "questa e-mail", "questa email", "это сообщение",
		"данное сообщение", "本邮件", "此邮件", "本電子郵件", "本郵件", "此郵件", "免责声明", "免責聲明"}
	disclaimerSays = []string{"intended recipient", "intended solely", "intended only", "intended exclusively", "privileged",
		"notify the sender", "not the addressee", "vertraulich", "nicht der richtige adressat", "irrtümlich", "destinataire",
		"destinatario", "destinatário", "конфиденциальн", "保密", "机密", "機密", "误收", "誤收", "收件人"}
)

// onlyDisclaimer says whether own is nothing but a confidentiality notice
// (under a rule of underscores or dashes, as Outlook and the gateways set
// it): the text of an answer its sender typed nothing in.
func onlyDisclaimer(own string) bool {
	lower := strings.ToLower(strings.TrimLeft(own, "_-=*~ \t\r\n"))
	opens := false
	for _, o := range disclaimerOpens {
		opens = opens || strings.HasPrefix(lower, o)
	}
	if !opens {
		return false
	}
	for _, w := range disclaimerSays {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}
