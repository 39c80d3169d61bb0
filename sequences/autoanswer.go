package sequences

import "regexp"

// Not every automatic answer is an absence. A ticket system's "we have
// received your message" says nothing of when the customer reads it, and
// a challenge-response filter ("confirm you are a human sender before your
// message is delivered") holds our mail until someone confirms the sender
// by hand. Pausing for the out_of_office_pause with the reason "out of
// office" would be an invented reason in the first case and a lost step
// in the second: every step keepwarm sends then waits in the filter.

// autoAnswer is what an automatic answer without a return date is.
type autoAnswer int

const (
	autoAbsence   autoAnswer = iota // out of office, or nothing else readable
	autoReceipt                     // an acknowledgement: the mail arrived
	autoChallenge                   // a challenge-response filter holds the mail
	autoUnplaced                    // an automatic answer that passes on a person's words
)

// relayWords are how ticket systems and ERPs introduce a person's words
// they pass on ("Li Wei commented: please send the proforma"): whatever
// else the automatic answer says, the customer may have answered, so the
// next step does not go on its own.
var relayWords = regexp.MustCompile(`(?i)\b(?:commented|replied|responded|added a comment|left a comment|has answered)\s*:|hat (?:kommentiert|geantwortet)\s*:|a (?:commenté|répondu)\s*:|(?:comentó|respondió)\s*:|评论了|回复了`)

// askWords are a buyer's own request ("we would like to order",
// "please send the proforma"). In an automatic answer that says nothing of
// an absence they are a person's words passed on; an out-of-office writes
// them too ("for purchase orders please contact Maria"), so there they
// leave it an absence.
var askWords = regexp.MustCompile(`(?i)\b(?:we|i)(?: would|'d)? (?:like to|want to|will|shall) (?:order|buy|purchase|place (?:an|the|our) order)\b|\bproforma\b|purchase order` +
	`|please send (?:us |me )?(?:the |a |an |your )?(?:pi|invoice|offer|quotation|quote|prices?|samples?|catalogu?e?s?|price ?list)\b`)

// passesOnPerson says whether an automatic answer's own words pass on a
// person's.
func passesOnPerson(own string) bool {
	return relayWords.MatchString(own) || askWords.MatchString(own) && !absenceWords.MatchString(own)
}

// challengeWords are what challenge-response filters (Boxbe, SpamArrest,
// MailWasher, ISP "sender verification") write.
var challengeWords = regexp.MustCompile(`(?i)confirm (?:that )?you are (?:a )?(?:human|real|person)|verify (?:that )?you are (?:a )?(?:human|real|person)` +
	`|(?:verify|confirm) (?:your (?:e-?mail(?: address)?|identity|message)|the sender|yourself)|sender verification|challenge[- ]response` +
	`|(?:approved|authori[sz]ed|trusted) senders? list|add (?:you|your (?:e-?mail )?address) to (?:my|the|our) (?:whitelist|allow-?list|safe senders? list)|boxbe|spamarrest|mailwasher` +
	`|(?:held|quarantined|pending) (?:until|for) (?:you|the sender) (?:confirm|verif)` +
	`|(?:will|can) (?:only )?be delivered (?:once|after|when) you|not (?:yet )?(?:been )?delivered (?:until|unless) you` +
	`|bestätigen sie,? dass sie (?:ein )?mensch|absenderbestätigung|absender bestätigen|confirmez que vous (?:êtes|etes)` +
	`|подтвердите,? что вы|验证发件人|发件人验证|请点击.{0,12}(?:验证|确认)|確認してください.{0,20}送信者`)

// receiptWords are what an acknowledgement writes: the message arrived,
// a ticket was opened. "Thank you for your email, I will respond ..." is
// not one: out-of-office replies open with it as often as ticket systems
// do, so it counts only with a ticket, case or reference after it. They
// are not keepwarm.QuotedReceiptWords: "Dies ist eine automatisch
// generierte Antwort" is an out-of-office's opening as often as a
// receipt's, and a buyer's own "样品已收悉" or "Bitte Eingang bestätigen"
// is no receipt.
var receiptWords = regexp.MustCompile(`(?i)(?:have|has) received your (?:e-?mail|message|request|inquiry|enquiry|mail)|(?:your|the) (?:e-?mail|message|request|inquiry|enquiry) (?:has been|was) received` +
	`|thank you for (?:contacting|your (?:e-?mail|message|inquiry|enquiry|request))[^.]{0,60}(?:ticket|case|reference)|ticket (?:#|no\.?|number|id)|case (?:#|number)|request #` +
	`|ihre (?:nachricht|anfrage|e-?mail) (?:ist )?(?:bei uns )?eingegangen|wir haben ihre (?:nachricht|anfrage|e-?mail) erhalten` +
	`|hemos recibido su (?:mensaje|correo|solicitud|consulta)|nous avons (?:bien )?reçu votre (?:message|e-?mail|courriel|demande)` +
	`|recebemos (?:a )?sua (?:mensagem|solicitação)|abbiamo ricevuto (?:il )?(?:suo|tuo) (?:messaggio|e-?mail)` +
	`|мы получили ваше (?:письмо|сообщение|обращение)|ваше (?:письмо|обращение) (?:получено|принято)` +
	`|已收到您的(?:邮件|来信|询价|信息)|我们已收到|已收到你的(?:邮件|来信)|受け付けました|受信しました`)

// wordEnd ends a Latin-script word: the next character is no letter,
// combining mark or digit in any script (RE2's \b knows ASCII letters
// only, and would end "absent" inside "Absentéisme"; the mark counts for
// the same word written decomposed, "Absente\u0301isme", as text pasted
// from a PDF or a Mac file name is).
const wordEnd = `(?:$|[^\p{L}\p{M}\p{N}])`

// absenceWords say a person is away: out of the office, on leave, ill. An
// acknowledgement that says so is an absence. A receipt that merely hints
// at an absence ("away", "until my return", "unavailable") is an absence
// too: when unsure, keepwarm pauses. Illness is the word itself ("krank",
// "erkrankt", "krankgeschrieben"), never the Krankenhaus a buyer's footer
// names. Latin-script words match whole (with the suffixes their
// languages add), so that a buyer's "Senior Purchase Executive" is no
// "cuti"; CJK and Korean words as the phrases absences use, not as parts
// of names ("부재" in 부재료, "出張" in 出張所, "출장" in 출장소) or of
// ordinary words ("不在中" in "不在中国", not in China; "不在公司" in
// "不在公司产品目录中", which counts after a person or a time word only).
var absenceWords = regexp.MustCompile(`(?i)out of (?:the )?office|away from|\baway\b|unavailable|not available|(?:upon|on|after|until) my return|when i (?:am back|return)|return to the office|absence|out until|currently out` +
	`|abwesenheit|nicht erreichbar|ausencia|on (?:annual |parental |maternity |sick |business )?(?:leave|holiday|vacation|travel)|business trip|travell?ing|not in the office|limited access|(?:be|am|i'm) back` +
	`|(?:paternity|maternity|parental|sick|medical|family|annual) leave|out sick|when i (?:get|come) back|nicht im haus|elternzeit|mutterschutz|\bkrank\b|erkrankt|krankgeschrieben|krankgemeldet` +
	`|urlaub|\babwesend|nicht im büro|geschäftsreise|dienstreise|eingeschränkt erreichbar|außer haus|en congé|en vacances|\babsente?s?` + wordEnd + `|de vacaciones|\bausentes?` + wordEnd + `|fuera de la oficina|de férias|fora do escritório|in ferie|fuori ufficio` +
	`|в отпуске|отсутств|в командировке|вне офиса|\bizinde|\btatil|ofis dışında|休假|出差|不在(?:に|の|中(?:[^国國]|$)|です|と|で|办公室|辦公室|座位|岗|崗)|(?:今天|今日|明天|目前|现在|現在|暂时|暫時|近日|近期|期间|期間|(?:这|這)(?:几|幾|两|兩)天)不在公司|(?:本人|我)(?:目前|现在|現在)?不在|不在国内|不在國內|(?:这|這)(?:几|幾|两|兩)天不在|(?:^|[\s，,。.：:])人不在|我人不在|外出|年假|假期|休暇|出張(?:中|のため|で|に|して|先)|휴가|부재\s?중|부재로|부재\s?(?:알림|안내|메시지)|출장\s?(?:중|으로|관계로)|\bcuti(?:nya)?` + wordEnd + `|nghỉ phép|请假|产假|病假|婚假|陪产假`)

// ownAbsenceWords say, besides absenceWords, that one of the team is away:
// at a trade fair or a conference, visiting customers, abroad, on a
// flight, the office closed for a holiday, back or returning on a day,
// or "krank" in any word. Only the team's own automatic answers are read
// with them: a buyer's ticket receipt names Messe Frankfurt, an exhibition,
// its holidays or the Krankenhaus it buys for in its footer, and stays a
// receipt. A thank-you that promises an answer is a standing responder
// only without any of these words: "Thank you for your email. Our office
// is closed for the Chinese New Year holiday and we will reply as soon as
// possible" is an absence.
var ownAbsenceWords = regexp.MustCompile(`(?i)krank|\bmesse\b|trade ?fair|trade ?show|exhibition|canton fair|展会|广交会|展览会` +
	`|office (?:is |will be |remains )?closed|closed for|\bholidays?\b|visiting (?:a |our |some )?(?:customers?|clients?|suppliers?|factor(?:y|ies))|\bconference\b|on (?:a |the )?(?:flight|plane)` +
	`|\bback (?:on|in the office|at (?:the|my) desk)\b|\breturn(?:ing)? (?:on|to (?:the|my) (?:office|desk))\b|\babroad\b|overseas` +
	`|de retour|hors du bureau|wieder im büro|assente|nieobecn|нет в офисе|vắng mặt|không có mặt|công tác|di luar kantor|休業` +
	`|放假|节后|節後|拜访|拜訪|在国外|在國外|出访|出訪|出国|出國|不在公司|回公司后|返回`)

// promiseWords are how a standing acknowledgement promises an answer
// ("we will reply within 24 hours", "会尽快回复", "melden uns umgehend").
var promiseWords = regexp.MustCompile(`(?i)within (?:\d+|one|two|three|twenty[- ]four) (?:business |working )?(?:hours?|days?)|\bshortly\b|as soon as possible|\basap\b|at (?:our|the) earliest` +
	`|尽快|尽早|\d+\s*(?:个)?(?:小时|工作日|个工作日)内|umgehend|schnellstmöglich|in kürze|innerhalb von \d+|dans les plus brefs délais|rapidement|lo antes posible|en breve` +
	`|o mais breve|al più presto|в ближайшее время|速やかに|早急に`)

// thanksWords are how a standing responder opens when it does not say the
// mail arrived ("Thank you for your inquiry. We will reply within 24
// hours."). Out-of-office replies open the same way, so they count only
// with a promise of an answer and no word of anyone away.
var thanksWords = regexp.MustCompile(`(?i)\b(?:thank you|thanks|many thanks)(?: very much| so much| a lot)? for (?:contacting (?:us|me)|reaching out|writing|your (?:e-?mail|mail|message|inquiry|enquiry|request|interest|letter))` +
	`|感谢(?:您|你)?的(?:来信|询价|询盘|邮件|信息|咨询|关注)|感谢(?:您|你)?(?:的)?来信|谢谢(?:您|你)的(?:来信|询价|询盘|邮件|咨询)` +
	`|vielen dank für ihre (?:anfrage|nachricht|e-?mail|mail)|danke für ihre (?:anfrage|nachricht|e-?mail)` +
	`|merci (?:beaucoup )?pour votre (?:message|e-?mail|courriel|demande)|gracias por su (?:mensaje|correo|consulta|solicitud)` +
	`|obrigad[oa] pela sua (?:mensagem|solicitação)|grazie per (?:il suo|la sua) (?:messaggio|e-?mail|richiesta)` +
	`|спасибо за (?:ваше )?(?:письмо|обращение|сообщение)|お問い合わせいただきありがとうございます`)

// readOwnAutoAnswer tells what one of the team's own automatic answers
// without a return date is. Its salesperson may be away whatever the
// lists read, and mail in their name then goes out while nobody answers,
// so it is an absence unless it is a standing acknowledgement: it says the
// mail arrived or thanks for it, promises an answer, and says nothing of
// anyone away. A
// buyer's words it writes ("for purchase orders please contact Maria") are
// the out-of-office's own.
func readOwnAutoAnswer(snippet string) autoAnswer {
	own := ownText(snippet)
	if (receiptWords.MatchString(own) || thanksWords.MatchString(own)) && promiseWords.MatchString(own) && !absenceWords.MatchString(own) && !ownAbsenceWords.MatchString(own) {
		return autoReceipt
	}
	return autoAbsence
}

// readAutoAnswer tells an automatic answer's kind from its own words (the
// message it quotes left out). One that passes on a person's words is
// unplaced whatever else it says, a return date included (the evaluation
// reads it first).
func readAutoAnswer(snippet string) autoAnswer {
	own := ownText(snippet)
	switch {
	case challengeWords.MatchString(own):
		return autoChallenge
	case passesOnPerson(own):
		return autoUnplaced
	case receiptWords.MatchString(own) && !absenceWords.MatchString(own):
		return autoReceipt
	}
	return autoAbsence
}

// challengeReason begins the reason of a follow-up held for a
// challenge-response filter.
const challengeReason = "on hold: a mail filter asks to confirm the sender before it delivers mail to "

// unplacedReason begins the reason of a follow-up held for an
// acknowledgement that passes on a person's words.
const unplacedReason = "on hold: an automatic answer from "
