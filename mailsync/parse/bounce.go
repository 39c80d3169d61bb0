package parse

import (
	"bytes"
	"regexp"
	"slices"
	"strings"

	"keepwarm"
)

// isDeliveryReport says whether a header is an RFC 3464 delivery report: a
// multipart/report of type delivery-status. It is a bounce only when a
// recipient failed: the same form says "delayed, will retry", "delivered"
// (a delivery receipt) and "relayed".
func isDeliveryReport(h header) bool {
	return isReport(h, "delivery-status")
}

// isReport says whether the message is a multipart/report of the type.
func isReport(h header, typ string) bool {
	ct := strings.ToLower(h.Get("Content-Type"))
	return strings.HasPrefix(strings.TrimSpace(ct), "multipart/report") &&
		strings.Contains(strings.ReplaceAll(ct, `"`, ""), "report-type="+typ)
}

// isMailServer says whether an address is a mail server's own: the
// MAILER-DAEMON or postmaster that older bounces (Exim, qmail, some
// Exchange, NetEase, Exmail/Coremail) come from.
func isMailServer(from string) bool {
	switch strings.ToLower(localPart(from)) {
	case "mailer-daemon", "postmaster":
		return true
	}
	return false
}

// emptyReturnPath says whether the message came with the empty envelope
// sender <> that RFC 5321 reserves for notifications.
func emptyReturnPath(h header) bool {
	for _, rp := range h.Values("Return-Path") {
		if strings.ReplaceAll(strings.TrimSpace(rp), " ", "") == "<>" {
			return true
		}
	}
	return false
}

// isReadReceipt says whether a message is a read receipt (RFC 8098): a
// multipart/report of type disposition-notification, a lone
// message/disposition-notification, a message with such a part (report
// "read"), or the "Read: ..." a mail client writes as text ("Your message
// ... was read on ..."). The subject alone is not enough: a customer may
// title a mail "Read: ...".
func isReadReceipt(h header, subject, report, text string) bool {
	if report == "read" || isReport(h, "disposition-notification") {
		return true
	}
	mt, _, _ := strings.Cut(strings.ToLower(h.Get("Content-Type")), ";")
	switch strings.TrimSpace(mt) {
	case "message/disposition-notification", "message/global-disposition-notification":
		return true
	}
	return readSubject.MatchString(subject) && readText.MatchString(clip(text, 600))
}

var (
	// readSubject is the subject mail clients give a read receipt.
	readSubject = regexp.MustCompile(`(?i)^\s*(?:read|gelesen|leído|leido|lu|letto|lido|gelezen|przeczytano|прочитано|okundu|已读|已讀|已阅读|已閱讀|開封済み|읽음)\s*[:：]`)
	// readText is what such a receipt's text says.
	readText = regexp.MustCompile(`(?i)was read on|has been read|wurde .{0,40}gelesen|fue leído|fue leido|a été lu|è stato letto|foi lido|is gelezen|прочитано|已被(?:阅读|閱讀|读取|讀取)|已读|已讀|已阅读|已閱讀|開封されました|읽었습니다`)
)

// dsnReport reads a message/delivery-status part: the failed addresses,
// one for each per-recipient group that failed (soft: those that failed
// for a temporary reason, softStatus), and "failed" when a
// per-recipient group's Action is "failed" (or it has no
// Action and a permanent 5.x.x Status), preferring Original-Recipient, the
// address the team actually wrote to, over Final-Recipient, which may be an
// alias the customer's server expanded. Without a failed recipient the
// address is empty and the action is the first group's ("delayed",
// "delivered", "relayed", "expanded"; a 4.x.x or 2.x.x Status without an
// Action reads as delayed or delivered), or empty when the part says
// nothing readable. A permanent failure that refused the mail rather
// than the address (refusal: a policy, spam, the size) is no failed
// address: refused notes the first (refusalNote), and the action is
// "failed" still.
func dsnReport(dsn []byte) (failed, soft []string, refused, action string) {
	if len(dsn) == 0 {
		return nil, nil, "", ""
	}
	dsn = bytes.ReplaceAll(dsn, []byte("\r\n"), []byte("\n"))
	// Groups are separated by blank lines; the first is per-message.
	for _, group := range bytes.Split(dsn, []byte("\n\n")) {
		h := lenientHeader(group)
		addr := recipientField(h.Get("Original-Recipient"))
		if addr == "" {
			addr = recipientField(h.Get("Final-Recipient"))
		}
		if addr == "" {
			continue
		}
		act, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(h.Get("Action"))), " ")
		status := strings.TrimSpace(h.Get("Status"))
		if act == "" {
			switch {
			case strings.HasPrefix(status, "5."):
				act = "failed"
			case strings.HasPrefix(status, "4."):
				act = "delayed"
			case strings.HasPrefix(status, "2."):
				act = "delivered"
			}
		}
		switch act {
		case "failed":
			if slices.Contains(failed, addr) {
				break
			}
			if !softStatus(status) {
				if code, why, ok := refusal(status, h.Get("Diagnostic-Code")); ok {
					// The mail was refused, not the address.
					if refused == "" {
						refused = refusalNote(addr, code, why)
					}
					break
				}
			}
			failed = append(failed, addr)
			if softStatus(status) {
				soft = append(soft, addr)
			}
		case "delayed", "delivered", "relayed", "expanded":
			if action == "" {
				action = act
			}
		}
	}
	if len(failed) > 0 || refused != "" {
		return failed, soft, refused, "failed"
	}
	return nil, nil, "", action
}

// softStatus says whether a failure's Status is temporary: 4.x.x (the
// server gave up retrying, "4.4.7 expired") or 5.2.2 (mailbox full).
func softStatus(status string) bool {
	status, _, _ = strings.Cut(strings.TrimSpace(status), " ")
	return strings.HasPrefix(status, "4.") || status == "5.2.2"
}

// firstAndRest splits a list of failed addresses into the first and the
// others.
func firstAndRest(list []string) (string, []string) {
	if len(list) == 0 {
		return "", nil
	}
	return list[0], list[1:]
}

// recipientField reads "rfc822; bob@example.com" (the address type is
// optional in the wild, and some servers add angle brackets).
func recipientField(v string) string {
	if i := strings.IndexByte(v, ';'); i >= 0 {
		v = v[i+1:]
	}
	return normEmail(strings.TrimSpace(v))
}

var (
	// Postfix: "<bob@example.com>: host mx.example.com said: 550 ..."
	bracketColon = regexp.MustCompile(`<([^<>\s@]+@[^<>\s]+)>\s*:`)
	// The human-readable forms: Exim's "following address(es) failed",
	// Gmail's "wasn't delivered to", Exchange's "Delivery has failed to
	// these recipients" (German "Die Zustellung an folgende Empfänger ...
	// ist fehlgeschlagen", Spanish "Error en la entrega a estos
	// destinatarios"), "failed recipient(s)", and the Chinese providers'
	// "未能成功投递到以下收件人", "收件人：", "无法发送到".
	failedIntro = regexp.MustCompile(`(?i)(following (?:address(?:\(es\))?|recipients?)[^.:\n]*(?:failed|rejected|unreachable|permanent)|failed recipients?|could not be delivered to|couldn'?t be delivered to|wasn'?t delivered to|was not delivered to|delivery has failed to(?: these recipients or groups)?|undeliverable to|unable to deliver (?:your )?(?:message )?to|delivery to the following recipients? failed|permanent error[^:]*:` +
		`|zustellung an folgende empfänger[^:\n]*fehlgeschlagen[^:\n]*:|error en la entrega a (?:estos|los siguientes) destinatarios[^:\n]*:` +
		`|以下(?:收件人|地址|邮箱)|收件人(?:地址|邮箱|邮箱地址)?\s*[:：]|收信人\s*[:：]|(?:无法|未能|不能)(?:成功)?(?:发送|投递|送达|递送)(?:到|至|给))`)
	// Office 365 names the address first: "Your message to bob@x.example
	// couldn't be delivered." (Spanish "Su mensaje para ... no se pudo
	// entregar", German "Ihre Nachricht an ... konnte nicht zugestellt
	// werden").
	addressFirst = regexp.MustCompile(`(?i)(?:your message to|su mensaje para|su mensaje a|ihre nachricht an|votre message à|votre message pour|您发送给|您发给|你发送给)\s*<?([A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)>?\s*(?:couldn'?t|could not|can'?t|cannot|wasn'?t|was not|no se pudo|no pudo|konnte nicht|n'a pas pu|的邮件)`)
)

// textRecipient finds the failed address in the text of a bounce that has no
// delivery-status part within the fetched prefix.
func textRecipient(text string, skip func(string) bool) string {
	if m := addressFirst.FindStringSubmatch(text); m != nil {
		if a := normEmail(m[1]); a != "" && !skip(a) {
			return a
		}
	}
	if m := bracketColon.FindStringSubmatch(text); m != nil {
		if a := normEmail(m[1]); a != "" && !skip(a) {
			return a
		}
	}
	if loc := failedIntro.FindStringIndex(text); loc != nil {
		rest := text[loc[1]:]
		for _, e := range emailLike.FindAllString(clip(rest, 600), -1) {
			if a := normEmail(e); a != "" && !skip(a) {
				return a
			}
		}
	}
	return ""
}

var (
	// bounceSubject is the subject of a mail server's report that a
	// message could not be delivered, in the languages of the servers
	// export mail meets.
	bounceSubject = regexp.MustCompile(`(?i)undeliverable|undelivered mail|mail delivery failed|delivery status notification \(failure\)|delivery failure|failure notice|returned mail|message not delivered|delivery has failed|unzustellbar|nicht zustellbar|no se puede entregar|non remis|non recapitabile|系统退信|系統退信|退信|投递失败|投遞失敗|发送失败|無法投遞|无法投递`)
	// noticeSubject is the subject of a mail server's report that a
	// message is delayed (and will be retried) or was delivered or relayed:
	// Gmail's "Delivery Status Notification (Delay)", Postfix's "Delayed
	// Mail (still being retried)", Exim's "Warning: message ... delayed",
	// Exchange's "Delivery delayed:" and "Delivered:" receipts.
	noticeSubject = regexp.MustCompile(`(?i)delivery status notification \((?:delay|success|relay)\)|delayed mail|delivery delayed|delivery (?:has been |is )?delayed|warning: message .{0,40}delayed|mail delivery delayed|successful mail delivery|^\s*(?:delivered|relayed|zugestellt|entregado|entregue|remis|consegnato|已送达|已投递|已递送)\s*[:：]|zustellung verzögert|entrega retrasada|retrasad|延迟投递|投递延迟|邮件延迟|延遲投遞`)
	// noticeText is what the text of such a report says.
	noticeText = regexp.MustCompile(`(?i)warning only|has not yet been delivered|not (?:been )?delivered yet|(?:is|was|has been) delayed|delivery (?:is |has been )?delayed|will (?:continue to )?(?:retry|try again|keep trying)|will be retried|still (?:being )?retr(?:ied|ying)|temporary problem delivering|(?:was|has been) (?:successfully )?(?:delivered|relayed) to|delivery to (?:the following|these) recipients? (?:or groups )?(?:was |is )?(?:complete|successful)|zustellung (?:ist |wurde )?verzögert|wurde (?:erfolgreich )?zugestellt|se ha retrasado|se entregó|延迟|延遲|正在重试|将继续尝试|已成功投递|已送达`)
)

// reportKind tells a mail system's report on the team's own mail:
// KindBounce when a recipient failed (BouncedRecipient names it when it
// can be read), KindNotice when none did (delayed, delivered, relayed, a
// read receipt), "" when m is no such report (a person writing as
// postmaster). A delivery report's delivery-status part decides when it is
// in the fetched text (m.Report); else, as for the older bounces from
// MAILER-DAEMON or postmaster, X-Failed-Recipients, the subject and the
// text do. When unsure it flags no one: a delivery report whose text names
// no failed address is a bounce without a recipient.
func (t *Team) reportKind(m *keepwarm.Message, h header) keepwarm.Kind {
	report, server := isDeliveryReport(h), isMailServer(m.From.Email)
	// A delivery-status part counts in a report, or in a mail server's
	// own message (some put it in a multipart/mixed).
	dsn := (report || server) && m.Report != "" && m.Report != "read"
	if !dsn {
		m.BouncedRecipient, m.BouncedAlso, m.BouncedSoft, m.BounceRefusal = "", nil, nil, ""
	}
	if m.Report != "failed" && isReadReceipt(h, m.Subject, m.Report, m.Snippet) {
		m.BouncedRecipient, m.BouncedAlso, m.BouncedSoft, m.BounceRefusal = "", nil, nil, ""
		return keepwarm.KindNotice
	}
	switch {
	case !report && !server:
		return ""
	case dsn && m.Report == "failed":
		return keepwarm.KindBounce // parse read the recipient
	case dsn:
		m.BouncedRecipient, m.BouncedAlso, m.BouncedSoft, m.BounceRefusal = "", nil, nil, ""
		return keepwarm.KindNotice // delayed, delivered, relayed, expanded
	}
	m.BouncedRecipient, m.BouncedAlso, m.BouncedSoft, m.BounceRefusal = "", nil, nil, ""
	if rs := t.headerRecipients(h); len(rs) > 0 {
		m.BouncedSoft = softInText(m.Snippet, rs)
		rs, m.BounceRefusal = refusedInText(m.Snippet, rs, m.BouncedSoft)
		m.BouncedRecipient, m.BouncedAlso = firstAndRest(rs)
		return keepwarm.KindBounce
	}
	if noticeSubject.MatchString(m.Subject) {
		return keepwarm.KindNotice
	}
	text := m.Snippet
	bounceSubj := bounceSubject.MatchString(m.Subject)
	if !bounceSubj && noticeText.MatchString(text) {
		return keepwarm.KindNotice
	}
	rcpt := t.textRecipient(text)
	if report || emptyReturnPath(h) || bounceSubj && rcpt != "" {
		m.BouncedRecipient = rcpt
		if rcpt != "" {
			m.BouncedSoft = softInText(text, []string{rcpt})
			if left, refused := refusedInText(text, []string{rcpt}, m.BouncedSoft); len(left) == 0 {
				m.BouncedRecipient, m.BounceRefusal = "", refused
			}
		}
		return keepwarm.KindBounce
	}
	return ""
}

var (
	// temporaryText is how a bounce's text names a failure that passes,
	// where no delivery-status part gives its Status: a full mailbox
	// (Exim's and cPanel's "Mailbox quota exceeded", "mailbox is full",
	// Office 365's "mailbox is full", "552 5.2.2", Coremail's "Quota exceed
	// the hard limit", QQ's "收件人空间不足", NetEase's "邮箱空间已满",
	// "exceeded storage allocation", "insufficient system storage"), a 4.x.x
	// status (not the part of an IP address, "[203.4.11.8]"), or a server
	// that gave up retrying ("retry timeout exceeded").
	// A message too large for the server ("exceeded mailsize limit") is
	// no passing failure.
	temporaryText = regexp.MustCompile(`(?i)(?:^|[^\d.])4\.\d{1,3}\.\d{1,3}(?:$|[^\d.]|\.(?:$|\D))|\b5\.2\.2\b|quota|(?:mailbox|mail box|inbox|storage|account|recipient'?s? mailbox)(?: is| was)? (?:full|over quota)|mail ?box space not enough|exceeded storage allocation|insufficient (?:system )?storage|disk space|retry time(?:out)? (?:not reached|exceeded)` +
		`|postfach (?:ist )?(?:voll|überfüllt)|speicherplatz|boîte (?:aux lettres |de réception )?(?:est )?pleine|buzón (?:está )?lleno|casella (?:di posta )?(?:è )?piena|caixa (?:postal )?(?:está )?cheia` +
		`|(?:空间|空間|容量)(?:已满|已滿|不足|满|滿)|(?:邮箱|信箱|郵箱)(?:已满|已滿|满了)`)
	// permanentText is how such a text names a failure that lasts: the
	// address does not exist, is disabled or is refused for good ("550
	// Requested action not taken: mailbox unavailable"; not 450's same
	// words, nor 552's "Recipient address rejected: Mailbox full"). Beside a temporary word it
	// wins: Exim's "retry timeout exceeded" for an unknown user is no full
	// mailbox.
	permanentText = regexp.MustCompile(`(?i)\b5\.1\.\d\b|user unknown|unknown (?:user|recipient|address)|no such (?:user|recipient|mailbox|address)|(?:does not|doesn'?t) exist|not found|wasn'?t found|couldn'?t be found|unrouteable|unroutable|invalid (?:recipient|address|mailbox|user)|(?:account|user|mailbox) (?:is |has been )?disabled|(?:account|user|mailbox)[^.\n]{0,40}? (?:is|has been) disabled|\b55[013][ -][^\n]{0,80}?(?:mailbox unavailable|(?:recipient|address) rejected|no mailbox)` +
		`|non-?existent (?:domain|address|user|mailbox|recipient)|不存在|未开通|未開通|地址无效|无效地址|無效地址|找不到`)
	// returnedCopy is where a text bounce starts the copy of the returned
	// message, whose words are not the report's (Office 365's "Original
	// message headers:", QQ's "------ 原始邮件 ------").
	returnedCopy = regexp.MustCompile(`(?i)original message headers:|-{3,}\s*(?:原始邮件|原始郵件|原邮件)|-{3,}\s*this is a copy of the message|-{3,}\s*original message|-{3,}\s*(?:the )?original message (?:follows|headers)|content-type:\s*message/rfc822|-{3,}\s*below this line is a copy`)
)

// softInText are those of the failed addresses whose failure a bounce's
// text names as temporary, for a bounce without a delivery-status part in
// the text keepwarm reads (Exim's and cPanel's text bounce with
// X-Failed-Recipients, Office 365's report behind its HTML part, the
// Chinese providers' text bounces).
func softInText(text string, failed []string) []string {
	var soft []string
	for i, words := range failureWords(text, failed) {
		if temporaryText.MatchString(words) && !permanentText.MatchString(words) {
			soft = append(soft, failed[i])
		}
	}
	return soft
}

// refusedInText takes out of a text bounce's failed addresses (not soft)
// those whose failure its text names as a refusal of the mail rather than
// of the address (refusal: "550 5.7.1 ... rejected as spam", "message size
// exceeds fixed limit"): left are the others, refused notes the first
// refusal (refusalNote).
func refusedInText(text string, failed, soft []string) (left []string, refused string) {
	all := failureWords(text, failed)
	for i, a := range failed {
		if !slices.Contains(soft, a) {
			if code, why, ok := refusal("", all[i]); ok {
				if refused == "" {
					refused = refusalNote(a, code, why)
				}
				continue
			}
		}
		left = append(left, a)
	}
	return left, refused
}

// failureWords are a text bounce's words for each failed address: those
// from its first mention up to the next failed address's; when the text
// names none of them, one failed address takes the whole report, and of
// several each has none. The copy of the returned message is not read.
func failureWords(text string, failed []string) []string {
	if loc := returnedCopy.FindStringIndex(text); loc != nil {
		text = text[:loc[0]]
	}
	low := strings.ToLower(text)
	at := make([]int, len(failed))
	for i, a := range failed {
		at[i] = strings.Index(low, strings.ToLower(a))
	}
	out := make([]string, len(failed))
	for i := range failed {
		switch {
		case at[i] >= 0:
			end := len(text)
			for j, b := range at {
				if j != i && b > at[i] && b < end {
					end = b
				}
			}
			out[i] = text[at[i]:end]
		case len(failed) == 1:
			out[i] = text
		}
	}
	return out
}
