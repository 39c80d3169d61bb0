package parse

import (
	"regexp"
	"strings"
)

// replyPrefix matches one reply or forward marker at the start of a subject,
// in the languages export mail arrives in: Re/RE, AW (German), SV (Nordic),
// VS (Finnish), Antw (Dutch), Odp (Polish), RES (Portuguese), RIF and R
// (Italian), Fwd/FW, WG (German), TR (French), RV and ENC (Spanish and
// Portuguese), and the Chinese 回复 回覆 答复 转发 轉發. Each needs a colon
// (ASCII or full-width) after it, optionally with a counter such as "Re[2]:"
// or "Re(2):", so words that merely begin with those letters ("Rework:",
// "Trade:") are left alone.
var replyPrefix = regexp.MustCompile(`(?i)^(?:re|aw|sv|vs|antw|odp|res|rif|r|fwd|fw|wg|tr|rv|enc|回复|回覆|答复|转发|轉發)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]`)

// counterPrefix matches a leading "[2]"-style counter some clients put in
// front of a subject.
var counterPrefix = regexp.MustCompile(`^[\[［]\d+[\]］]`)

// NormalizeSubject strips reply and forward prefixes repeatedly ("RE: AW:
// Fwd: x" is "x"), collapses whitespace and lower-cases, so replies in any
// language find the thread they answer. It is pure and safe for concurrent use.
func NormalizeSubject(s string) string {
	s = strings.TrimSpace(s)
	for mayHavePrefix(s) {
		if loc := replyPrefix.FindStringIndex(s); loc != nil {
			s = strings.TrimSpace(s[loc[1]:])
			continue
		}
		if loc := counterPrefix.FindStringIndex(s); loc != nil {
			s = strings.TrimSpace(s[loc[1]:])
			continue
		}
		break
	}
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// mayHavePrefix is false when s cannot start with a reply prefix or a
// counter, which spares most subjects the two patterns: every ASCII prefix
// starts with one of the letters below, and the others with a non-ASCII
// byte or "[".
func mayHavePrefix(s string) bool {
	if s == "" {
		return false
	}
	switch c := s[0]; {
	case c >= 0x80, c == '[':
		return true
	case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z':
		return strings.IndexByte("raesvoftw", c|0x20) >= 0
	}
	return false
}
