package parse

import (
	"regexp"
	"strings"
)

// A permanent failure proves an address dead only when it says so: a
// 5.1.x status (bad mailbox, bad domain, null MX; not 5.1.7 or 5.1.8, the
// sender's address), as mailsync's rcptKind reads an answer at RCPT, or
// words that the address or its domain does not exist under another
// status (a lapsed domain's 5.4.310 or 5.4.4, Yandex's 5.7.1 "No such
// user!"). A
// server that refuses the mail rather than the address (a policy, spam, a
// failed SPF/DKIM/DMARC check, the size, the content: 5.7.x, 5.3.x, 5.6.x)
// says nothing about the address: such a failure flags nobody, and the
// follow-up whose mail came back stops with the refusal named
// (Message.BounceRefusal).

var (
	// statusCode finds an enhanced status code in a text (not the part of
	// an IP address, "[203.5.1.8]").
	statusCode = regexp.MustCompile(`(?:^|[^\d.])([245])\.(\d{1,3})\.(\d{1,3})(?:$|[^\d.]|\.(?:$|\D))`)
	// refusalWords are what a failure's text says when the mail, not the
	// address, was refused.
	refusalWords = regexp.MustCompile(`(?i)polic(?:y|ies) (?:violation|reasons?|rejected|restriction)|(?:due to|violat\w*|by|per|refused|rejected|denied)\W+(?:\w+\W+){0,3}polic|(?:local|our|recipient|mail|email) polic|dnsbl|\brbl\b|\d{1,3}(?:\.\d{1,3}){3}\b[^\n]{0,40}?\blisted\b|spam|blocked|block ?list|black ?list|listed (?:at|on|in|by)\b|reputation|dmarc|\bspf\b|dkim|unauthenticated|authentication|virus|malware|content (?:filter|polic|rejected)|(?:prohibited|message|unacceptable) content|too (?:large|big)|message size|size limit|(?:exceeds?|exceeded) (?:the )?(?:maximum |fixed )?(?:message )?(?:size|length)|mailsize|垃圾邮件|反垃圾|拦截|攔截|(?:反垃圾|安全|发信|發信)策略|策略(?:拦截|攔截|限制)|策略.{0,6}?(?:拒|退)|信件过大|邮件过大|超过大小`)
	authWords    = regexp.MustCompile(`(?i)dmarc|\bspf\b|dkim|unauthenticated|authenticat`)
	spamWords    = regexp.MustCompile(`(?i)spam|blocked using|block ?list|black ?list|\blisted\b|reputation|junk|垃圾邮件|反垃圾`)
	sizeWords    = regexp.MustCompile(`(?i)too (?:large|big)|message size|size limit|(?:exceeds?|exceeded) (?:the )?(?:maximum |fixed )?(?:message )?(?:size|length)|mailsize|信件过大|邮件过大|超过大小`)
	// unknownWords are a policy status's words that the user is unknown:
	// the user, mailbox or address, not a DNS record ("reverse DNS (PTR)
	// record does not exist") or the sender's domain ("发信域名不存在").
	unknownWords = regexp.MustCompile(`(?i)no such (?:user|recipient|mailbox)|user unknown|unknown (?:user|recipient)|(?:user|mailbox|recipient|address|account)\W+(?:\S+\W+){0,3}?(?:does not|doesn'?t) exist|(?:用户|用戶|收件人|邮箱|郵箱|信箱|地址|账户|帳戶)\S{0,6}?不存在`)
	// senderWords say the sender, not the recipient, was refused.
	senderWords  = regexp.MustCompile(`(?i)\bsender\b|发件人|發件人|发信人|發信人|发信域名|發信域名|寄件人|relay(?:ing)? (?:access )?(?:denied|not (?:permitted|allowed))|(?:unable to|do not|does not|cannot) relay`)
	contentWords = regexp.MustCompile(`(?i)virus|malware|content (?:filter|polic|rejected)|(?:prohibited|message|unacceptable) content`)
)

// refusal reads a permanent failure's status (a delivery report's Status,
// "" for none) and words (its Diagnostic-Code, or a text bounce's words for
// the address) and says whether it refused the mail rather than proving
// the address dead: ok, with the status read ("5.7.26", "" for none) and
// what was refused ("authentication", "spam", "size", "content",
// "policy", "" for another reason). A 5.1.x anywhere proves the address
// dead; another specific status (not X.0.0) refuses the mail unless its
// words say the address or domain does not exist (for 5.7.x only that the
// user is unknown; never for 5.3.x, 5.6.x, 5.2.3, or words about the
// sender); without one, the words of a refusal do, unless they say the
// address is unknown.
func refusal(status, words string) (code, why string, ok bool) {
	codes := statusCode.FindAllStringSubmatch(status+"\n"+words, -1)
	for _, c := range codes {
		if c[1] == "5" && c[2] == "1" && c[3] != "7" && c[3] != "8" {
			return "", "", false
		}
	}
	// A wrapper's 5.0.x (Microsoft 365's "5.0.350 Remote server
	// returned an error -> 554 5.7.1 ...") gives way to a later status
	// of another class, the one the receiving server said.
	for _, c := range codes {
		if c[1] == "5" && (c[2] != "0" || c[3] != "0") {
			if c[2] != "0" {
				code = c[1] + "." + c[2] + "." + c[3]
				break
			}
			if code == "" {
				code = c[1] + "." + c[2] + "." + c[3]
			}
		}
	}
	switch {
	case code == "":
		if permanentText.MatchString(words) || !refusalWords.MatchString(words) {
			return "", "", false
		}
	case code == "5.1.7" || code == "5.1.8" || senderWords.MatchString(words):
		// The sender's address or domain (5.1.7, 5.1.8) or relaying,
		// not the address.
	case strings.HasPrefix(code, "5.7."):
		// A policy's status: only its own words that the user is
		// unknown prove the address dead (Yandex's "5.7.1 No such
		// user!"), not Postfix's "Recipient address rejected", which
		// it also says of a policy.
		if unknownWords.MatchString(words) {
			return "", "", false
		}
	case strings.HasPrefix(code, "5.3.") || strings.HasPrefix(code, "5.6.") || code == "5.2.3":
		// The mail's size, its content or the system.
	case permanentText.MatchString(words):
		// Another status (5.2.1, 5.4.x, 5.5.x) whose words say the
		// address or its domain does not exist ("5.4.310 DNS domain
		// buyer.de does not exist", "5.5.0 mailbox unavailable").
		return "", "", false
	}
	return code, refusalKind(code, words), true
}

// refusalKind names what a refusal with code (maybe "") and words refused.
func refusalKind(code, words string) string {
	switch {
	case authWords.MatchString(words) || code >= "5.7.20" && code <= "5.7.27" && len(code) == 6:
		return "authentication"
	case spamWords.MatchString(words):
		return "spam"
	case code == "5.3.4" || code == "5.2.3" || sizeWords.MatchString(words):
		return "size"
	case strings.HasPrefix(code, "5.6.") || contentWords.MatchString(words):
		return "content"
	case strings.HasPrefix(code, "5.7.") || strings.Contains(strings.ToLower(words), "polic"):
		return "policy"
	}
	return ""
}

// refusalNote is how Message.BounceRefusal records a refusal: the address,
// the status ("-" for none) and what was refused ("-" for another reason).
func refusalNote(addr, code, why string) string {
	if code == "" {
		code = "-"
	}
	if why == "" {
		why = "-"
	}
	return addr + " " + code + " " + why
}
