package parse

import (
	"bytes"
	"regexp"
	"strings"
)

// isBounce says whether a header is a delivery status notification: an RFC
// 3464 multipart/report of type delivery-status, or the older form (Exim,
// qmail, some Exchange) where MAILER-DAEMON or postmaster writes with the
// empty Return-Path <> that RFC 5321 reserves for notifications.
func isBounce(h header, from string) bool {
	ct := strings.ToLower(h.Get("Content-Type"))
	if strings.HasPrefix(strings.TrimSpace(ct), "multipart/report") &&
		strings.Contains(strings.ReplaceAll(ct, `"`, ""), "report-type=delivery-status") {
		return true
	}
	switch strings.ToLower(localPart(from)) {
	case "mailer-daemon", "postmaster":
	default:
		return false
	}
	for _, rp := range h.Values("Return-Path") {
		if strings.ReplaceAll(strings.TrimSpace(rp), " ", "") == "<>" {
			return true
		}
	}
	return false
}

// dsnRecipient reads the failed address from a message/delivery-status part:
// the first per-recipient group whose Action is "failed" (or has no Action),
// preferring Original-Recipient, the address the team actually wrote to,
// over Final-Recipient, which may be an alias the customer's server expanded.
func dsnRecipient(dsn []byte) string {
	if len(dsn) == 0 {
		return ""
	}
	dsn = bytes.ReplaceAll(dsn, []byte("\r\n"), []byte("\n"))
	first := ""
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
		action := strings.ToLower(strings.TrimSpace(h.Get("Action")))
		if action == "" || action == "failed" {
			return addr
		}
		if first == "" {
			first = addr
		}
	}
	return first
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
	// these recipients", "failed recipient(s)"...
	failedIntro = regexp.MustCompile(`(?i)(following (?:address(?:\(es\))?|recipients?)[^.:\n]*(?:failed|rejected|unreachable|permanent)|failed recipients?|could not be delivered to|couldn'?t be delivered to|wasn'?t delivered to|was not delivered to|delivery has failed to(?: these recipients or groups)?|undeliverable to|unable to deliver (?:your )?(?:message )?to|delivery to the following recipients? failed|permanent error[^:]*:)`)
)

// textRecipient finds the failed address in the text of a bounce that has no
// delivery-status part within the fetched prefix.
func textRecipient(text string, skip func(string) bool) string {
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
