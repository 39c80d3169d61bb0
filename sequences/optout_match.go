package sequences

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// How opt-out wording is read. An opt-out is written for good: from then
// on no sequence, greeting or letter reaches the address. So a phrase
// counts only as whole words ("opt out" is not in "adopt outdoor"; a
// phrase of Chinese, written without spaces, is matched anywhere), and the
// phrases that are also ordinary business wording count only when they are
// the request itself. An answer that is not read as an opt-out still ends
// a follow-up (as replied): it is an answer.

// optOutPhrase says when a phrase that is also ordinary business wording
// is a request for no more mail.
type optOutPhrase struct {
	// object: the phrase says nothing by itself ("please stop sending,
	// we have stock"): it counts only with a word of mail after it ("stop
	// sending me emails").
	object bool
	// decline: the phrase turns down an offer as often as mail ("not
	// interested. Please quote 4000K"): it counts only in an answer that
	// asks for nothing, no question and no offer words (offerWords).
	decline bool
}

// ambiguousOptOut are the built-in phrases of DefaultOptOutWords that
// occur in buyers' ordinary mail: "we are not interested in the 3000K
// panels", "please stop sending samples by air", "no me interesa el modelo
// A". Each counts only when nothing but requestWords follows it in its
// sentence, and as optOutPhrase says. A manager's own words are matched
// whole, as they are.
var ambiguousOptOut = map[string]optOutPhrase{
	"not interested":       {decline: true},
	"no me interesa":       {decline: true},
	"non sono interessat*": {decline: true},
	"stop sending":         {object: true},
	"stop emailing":        {},
	"no more emails":       {},
	"do not contact":       {object: true},
	"don't contact":        {object: true},
	"opt out":              {},
	"opt-out":              {},
}

// requestWords may follow an ambiguous phrase in its sentence when it is
// the request itself: "not interested anymore", "stop sending me these
// emails", "opt out of your mailing list", "no me interesa, gracias". Any
// other word (a product, "samples", "el modelo A") makes it business.
var requestWords = setOf(
	// en
	"me", "us", "my", "our", "you", "your", "yours", "from", "to", "of", "in", "on", "by", "at", "all", "any", "more",
	"anymore", "longer", "again", "ever", "further", "now", "please", "pls", "kindly", "this", "these", "such", "those",
	"email", "emails", "e-mail", "e-mails", "mail", "mails", "mailing", "mailings", "message", "messages", "newsletter",
	"newsletters", "letter", "letters", "list", "lists", "database", "marketing", "promotional", "promotions",
	"advertising", "ads", "spam", "receiving", "getting", "contacting", "whatsoever", "really", "thanks", "thank",
	// es
	"mas", "más", "ya", "por", "favor", "gracias", "su", "sus", "correo", "correos", "mensajes", "nada", "recibir",
	"en", "absoluto", "de", "lo", "la", "lista",
	// it
	"ai", "alle", "vostri", "vostre", "vostra", "vostro", "messaggi", "grazie", "più", "piu", "ricevere", "a",
)

// objectWords are the requestWords that say what is not to be sent.
var objectWords = setOf("me", "us", "email", "emails", "e-mail", "e-mails", "mail", "mails", "mailing", "mailings",
	"message", "messages", "newsletter", "newsletters", "letters", "advertising", "promotions", "spam", "correos", "mensajes")

// closingWords end a sentence as its full stop does: a snippet has no line
// breaks, so "Not interested Best regards Hans" is one run of words.
var closingWords = setOf("regards", "best", "cheers", "sincerely", "br", "saludos", "atentamente", "cordiali", "cordialmente",
	"distinti", "cordialement", "mfg", "gruss", "gruß", "grüße", "gruesse", "thanks", "thank", "gracias", "grazie")

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// optOutWording reports whether text (lower case: the subject and the
// answer's own text, a line break between them) has one of words as
// opt-out wording; own is the answer's own text alone, read for a
// question or an offer. A word ending in "*" is a stem: "désinscri*"
// matches "désinscrire" and "désinscrivez".
func optOutWording(text, own string, words []string) bool {
	asks := -1 // whether own asks for something, read once when needed
	for _, w := range words {
		w = strings.ToLower(strings.TrimSpace(w))
		stem := strings.HasSuffix(w, "*")
		key := w
		w = strings.TrimSuffix(w, "*")
		if w == "" {
			continue
		}
		p, ambiguous := ambiguousOptOut[key]
		for from := 0; from < len(text); {
			i := strings.Index(text[from:], w)
			if i < 0 {
				break
			}
			i += from
			from = i + 1
			j := i + len(w)
			if stem {
				j = endOfWord(text, j)
			}
			if !boundaryBefore(text, i, w) || (!stem && !boundaryAfter(text, j, w)) {
				continue
			}
			if !ambiguous {
				return true
			}
			if !requestFollows(text[j:], p.object) {
				continue
			}
			if p.decline {
				if asks < 0 {
					asks = 0
					if _, offer := findWord(own, offerWords); offer || hasQuestion(own) {
						asks = 1
					}
				}
				if asks == 1 {
					continue
				}
			}
			return true
		}
	}
	return false
}

// endOfWord is where the word going on at j ends.
func endOfWord(s string, j int) int {
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		j += n
	}
	return j
}

// requestFollows reports whether rest, what follows an ambiguous phrase,
// holds nothing but requestWords up to the end of its sentence (a
// punctuation mark, a line break, a closing such as "regards"); with
// object, one of objectWords among them.
func requestFollows(rest string, object bool) bool {
	if k := strings.IndexFunc(rest, sentenceEnd); k >= 0 {
		rest = rest[:k]
	}
	named := false
	for _, t := range strings.Fields(rest) {
		t = strings.Trim(t, `"'“”‘’«»*`)
		if t == "" || t == "-" || t == "–" || t == "—" {
			break
		}
		if closingWords[t] {
			break
		}
		if !requestWords[t] {
			return false
		}
		named = named || objectWords[t]
	}
	return named || !object
}

// sentenceEnd: a mark that ends a sentence or a clause, in the scripts
// buyers write in.
func sentenceEnd(r rune) bool {
	return strings.ContainsRune(".,;:!?()[]\n。，；：！？、…¿¡", r)
}
