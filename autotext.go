package keepwarm

import "regexp"

// The words automatic answers write, read by the classifier for an
// automatic answer's own text and by the reply clocks for the team's
// automatic answer a customer quotes (an unseen answer that is no answer).

// ReadsAutomatic says s (a message's text) reads as an automatic answer
// where its subject is its only sign: an absence, a return, or that it is
// automatic. It is pure.
func ReadsAutomatic(s string) bool { return readsAutomatic.MatchString(s) }

// ReadsAcknowledged says s reads as a program's receipt for the mail it
// answers ("we have received your request", "ticket #4711 was created").
// It is pure.
func ReadsAcknowledged(s string) bool { return acknowledged.MatchString(s) }

// ReadsAcknowledgedOrHeld says s reads as a program's answer that is no
// absence: a receipt, a form service's footer ("do not reply to this
// email"), or a filter holding the mail until the sender confirms. It is
// pure.
func ReadsAcknowledgedOrHeld(s string) bool { return acknowledgedOrHeld.MatchString(s) }

// wordEnd ends a Latin-script word: the next character is no letter,
// combining mark or digit in any script (RE2's \b knows ASCII letters
// only, and would end "absent" inside "Absentéisme"; the mark counts for
// the same word written decomposed, "Absente\u0301isme", as text pasted
// from a PDF or a Mac file name is).
const wordEnd = `(?:$|[^\p{L}\p{M}\p{N}])`

// readsAutomatic is what the text of an automatic answer says where the
// subject is its only sign: an absence, a return, or that it is automatic.
// Latin-script words match whole (with the suffixes their languages add:
// Turkish "tatildeyim", Indonesian "cutinya"), so that a person's "Senior
// Purchase Executive" does not read as "cuti"; CJK and Korean words match
// as the phrases automatic answers use, not as parts of names and
// ordinary words: "자동" is in 현대자동차 (Hyundai Motor), "出張" in a
// branch office's 出張所, "출장" in 출장소, "부재" in 부재료, "返回" in
// "请返回样品", "不在中" in "工厂不在中国" (not in China), "不在公司" in
// "不在公司产品目录中" (not in the company's catalogue): 不在公司 counts
// after a person or a time word only.
var readsAutomatic = regexp.MustCompile(`(?i)out of (?:the )?office|away from (?:the |my )?(?:office|desk)|on (?:annual |parental |maternity |sick |business )?(?:leave|holiday|vacation|travel)|business trip|travell?ing|limited access|(?:will be|i'?ll be|i am|i'm) out (?:until|till|through|from)|(?:no|without) access to (?:my |the )?e-?mails?|not in the office|(?:will be|i'?ll be|i am|i'm) back|\bback (?:on|in)\b|return(?:ing)? (?:to the office|on)|automatic(?:ally)? (?:reply|response|generated)|auto-?reply|this is an auto|(?:have|has) received your (?:e-?mail|message)` +
	`|fuera de la oficina|de vacaciones|\bausentes?` + wordEnd + `|respuesta automática|de vuelta|fora do escritório|de férias|resposta automática` +
	`|\babsente?s?` + wordEnd + `|en congé|en vacances|hors du bureau|réponse automatique|de retour|nicht im büro|\babwesend|im urlaub|außer haus|automatische antwort|wieder im büro` +
	`|fuori ufficio|in ferie|\bassente` + wordEnd + `|risposta automatica|\brientrer|\bafwezig|met vakantie|niet op kantoor|poza biurem|na urlopie|\bnieobecn|automatyczna odpowied|\bpowróc|\bwracam` + wordEnd +
	`|в отпуске|отсутств|нет в офисе|вне офиса|в командировке|автоответ|автоматическ(?:ий|ое|ая|и) (?:ответ|сообщени|уведомлени|отправлен|сгенерирован|создан)|(?:^|[^\p{L}])автоматически(?:$|[^\p{L}])|вернусь|خارج المكتب|إجاز|اجاز|رد تلقائي|سأعود|عودتي` +
	`|\bizinde|ofis dışında|\btatil|otomatik (?:bir )?(?:yanıt|cevap|mesaj)|otomatik olarak|\bdönece` +
	`|不在(?:に|の|中(?:[^国國]|$)|です|と|で|办公室|辦公室|座位|岗|崗)|(?:今天|今日|明天|目前|现在|現在|暂时|暫時|近日|近期|期间|期間|(?:这|這)(?:几|幾|两|兩)天)不在公司|休暇|休業|出張(?:中|のため|で|に|して|先)|自動返信|自動応答|出社` +
	`|휴가|부재\s?중|부재로|부재\s?(?:알림|안내|메시지)|출장\s?(?:중|으로|관계로)|자동\s?(?:회신|응답|답장|발송|메시지|메일)|자동으로\s?(?:발송|회신|응답|전송|생성)|복귀` +
	`|nghỉ phép|vắng mặt|không có mặt|công tác|(?:trả lời|thư|tin nhắn|phản hồi|được gửi) tự động|tự động (?:trả lời|phản hồi)|trở lại|\bcuti(?:nya)?` + wordEnd + `|di luar kantor|tidak berada di kantor|(?:balasan|pesan|email|e-mail|surel|jawaban) otomatis|otomatis (?:dikirim|terkirim)|secara otomatis|\bkembali` + wordEnd +
	`|休假|(?:本人|我)(?:目前|现在|現在)?不在|不在国内|不在國內|(?:这|這)(?:几|幾|两|兩)天不在|(?:^|[\s，,。.：:])人不在|我人不在|外出|出差|假期|年假|自动回复|自動回覆|自动答复|(?:日|号|號|后|後|将|將|再)\s*(?:返回|回来|回來)|返回(?:公司|办公室|辦公室|工作|岗位|崗位)|回来后|回來後|回到(?:公司|办公室|辦公室)|已收到您的邮件|收到您的邮件`)

// acknowledgedOrHeld is what a program's answer that is no absence says:
// the message arrived, or a filter holds it until the sender confirms.
var acknowledgedOrHeld = regexp.MustCompile(`(?i)` + acknowledgedWords + `|` + heldWords)

// heldWords are a form service's footer or a filter holding the mail until
// the sender confirms.
const heldWords = `do not reply to this (?:e-?mail|message)|this is an automated` +
	`|confirm (?:that )?you are (?:a )?(?:human|real|person)|verify (?:that )?you are (?:a )?(?:human|real|person)|sender verification|challenge[- ]response|approved senders? list|boxbe|spamarrest|mailwasher`

// ReadsHeld says s reads as a form service's footer ("do not reply to this
// email", "this is an automated message") or a filter holding the mail
// until the sender confirms. It is pure.
func ReadsHeld(s string) bool { return held.MatchString(s) }

var held = regexp.MustCompile(`(?i)` + heldWords)

// acknowledged is what a program's receipt says of the mail it answers
// ("we have received your request", "ticket #4711 was created"), without
// the footers a form service puts under every mail it passes on ("do not
// reply to this email", "this is an automated message").
var acknowledged = regexp.MustCompile(`(?i)` + acknowledgedWords)

// acknowledgedWords are what the classifier reads as a program's receipt
// of the mail it answers, in a mail's own words: it arrived ("we have
// received your request"), a helpdesk opened a ticket or case for it.
// They are narrow on purpose: a buyer's order, complaint or request
// passed on by his ERP or a web form says "Bitte Eingang bestätigen",
// "样品已收悉" or "automatisch generiert" too, and a mail read as a receipt
// gets no customer and no clock, which nobody sees. "Thank you for your
// email" alone is none: people and out-of-office replies open with it as
// often as receipts do, so it counts only with a ticket, case or reference
// after it.
const acknowledgedWords = `(?:have|has) received your (?:e-?mail|message|request|inquiry|enquiry|mail)` +
	`|(?:your|the) (?:e-?mail|message|request|inquiry|enquiry|ticket|case)(?: \(?#?\s?\w+\)?)? (?:has been|was|is) (?:received|created|opened|logged)` +
	`|thank you for (?:contacting|your (?:e-?mail|message|inquiry|enquiry|request))[^.]{0,60}(?:ticket|case|reference)` +
	`|(?:ticket|case|request) (?:#\s?\w+ )?(?:has been|was) (?:created|opened|logged)` +
	`|ihre (?:nachricht|anfrage|e-?mail) (?:ist )?(?:bei uns )?eingegangen|wir haben ihre (?:nachricht|anfrage|e-?mail) erhalten` +
	`|hemos recibido su (?:mensaje|correo|solicitud|consulta)|nous avons (?:bien )?reçu votre (?:message|e-?mail|courriel|demande)` +
	`|recebemos (?:a )?sua (?:mensagem|solicitação)|abbiamo ricevuto (?:il )?(?:suo|tuo) (?:messaggio|e-?mail)` +
	`|мы получили ваше (?:письмо|сообщение|обращение)|ваше (?:письмо|обращение) (?:получено|принято)|我们已收到|受け付けました|受信しました`

// QuotedReceiptWords (a regexp, to be compiled case-insensitive) are the
// wider words of a receipt the team's own responder writes, as a
// customer's answer quotes it: it arrived ("we have received your
// inquiry", "您的邮件已收到", "来信已收悉", "Hiermit bestätigen wir den
// Eingang Ihrer Nachricht", "Hemos recibido tu mensaje"), or one of the
// team will answer it. Only the reply clocks read them, on the mail a
// customer quotes, whatever price or offer it carries (store's
// quotesAutomatic); the classifier and the follow-up engine
// read the buyer's own words, where these ("Bitte Eingang bestätigen",
// "样品已收悉，请报价") are an order or a request.
const QuotedReceiptWords = acknowledgedWords +
	`|(?:your|the) (?:e-?mail|message|request|inquiry|enquiry) (?:has been|was) received` +
	`|(?:one|a member|a representative) of our (?:\w+ ){0,2}(?:team|representatives|colleagues|staff|agents|specialists|consultants)(?: members?)? will (?:contact|get back to|reply to|respond to|be in touch with) you` +
	`|den eingang ihrer|eingang (?:ihrer (?:nachricht|anfrage|e-?mail|mail) )?(?:zu )?bestätig|eingangsbestätigung|automatisch (?:generiert|erstellt)` +
	`|hemos recibido tu (?:mensaje|correo|solicitud|consulta)|(?:su|tu) (?:mensaje|correo|solicitud|consulta) ha sido recibid[oa]` +
	`|已收到(?:您|你)的(?:邮件|来信|询价|询盘|信息)|(?:您|你)的(?:邮件|来信|询价|询盘|信息)(?:我司|我们)?已经?收到|已收悉` +
	`|(?:我们|我司)已经收到(?:了)?(?:您|你)的`
