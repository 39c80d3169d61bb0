package parse

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/transform"
)

// rawCharset is the charset raw 8-bit text (bytes that are not UTF-8 and
// carry no label: header values a client did not encode, unlabelled body
// text) is read in.
type rawCharset uint8

const (
	rawUnknown rawCharset = iota // not decided: guess from the bytes at hand
	rawGB18030
	rawBig5
	rawWindows1252
	// rawLabelled and above: labelledCharsets[cs-rawLabelled], the charset
	// the message's Content-Type names.
	rawLabelled
)

// labelledCharsets are the legacy charsets other than GB18030, Big5 and
// windows-1252 that raw 8-bit header bytes are read in when the message's
// Content-Type names one and the bytes decode in it without a fault. From
// the bytes alone they are never guessed: Cyrillic read as windows-1252,
// or Korean and Japanese read as GB18030, look plausible and are wrong.
var labelledCharsets = []encoding.Encoding{
	charmap.Windows1251, charmap.KOI8R, charmap.KOI8U, charmap.ISO8859_5,
	charmap.Windows1250, charmap.ISO8859_2, charmap.Windows1253, charmap.ISO8859_7,
	charmap.Windows1254, charmap.ISO8859_9, charmap.Windows1256, charmap.Windows1255,
	charmap.Windows1257, charmap.Windows1258,
	korean.EUCKR, japanese.ShiftJIS, japanese.EUCJP,
}

// labelCharset is the rawCharset of a charset label when it names a
// legacy charset raw bytes may be read in; rawUnknown for UTF-8, ASCII,
// the Latin-1 family (any bytes decode in it, so the label proves nothing
// and the guess decides) and what is not known.
func labelCharset(label string) rawCharset {
	switch normCharset(label) {
	case "", "utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin1", "iso8859-1", "l1", "windows-1252", "cp1252":
		return rawUnknown
	case "gb2312", "gbk", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn", "gb18030", "csgb2312", "chinese":
		return rawGB18030
	}
	if equalFoldASCII(label, "big5") {
		return rawBig5
	}
	enc, err := lookupCharset(label)
	if err != nil {
		return rawUnknown
	}
	for i, e := range labelledCharsets {
		if e == enc {
			return rawLabelled + rawCharset(i)
		}
	}
	return rawUnknown
}

// decodesCleanly says whether every text decodes in cs without a byte the
// charset does not allow.
func decodesCleanly(cs rawCharset, texts []string) bool {
	for _, s := range texts {
		out, _, err := transform.String(cs.decoder(), s)
		if err != nil || strings.ContainsRune(out, utf8.RuneError) {
			return false
		}
	}
	return true
}

// decoder is cs's decoder (windows-1252 for rawUnknown).
func (cs rawCharset) decoder() transform.Transformer {
	switch {
	case cs == rawGB18030:
		return gb18030Decoder
	case cs == rawBig5:
		return big5Decoder
	case cs >= rawLabelled && int(cs-rawLabelled) < len(labelledCharsets):
		return labelledCharsets[cs-rawLabelled].NewDecoder()
	}
	return windows1252Decoder
}

// iso2022JPEscape starts the JIS X 0208 (or 0212) text of ISO-2022-JP:
// 7-bit, so valid UTF-8, and shown as "$B%F%9%H(B" if not decoded.
const iso2022JPEscape = "\x1b$"

// decode returns s as valid UTF-8: unchanged when it is UTF-8 already, else
// through the charset (rawUnknown guesses from s alone).
func (cs rawCharset) decode(s string) string {
	if utf8.ValidString(s) {
		if strings.Contains(s, iso2022JPEscape) {
			// Raw ISO-2022-JP, as some Japanese mailers write headers.
			if out, _, err := transform.String(japanese.ISO2022JP.NewDecoder(), s); err == nil && utf8.ValidString(out) {
				return out
			}
		}
		return s
	}
	if cs == rawUnknown {
		cs = guessCharset([]string{s})
	}
	out, _, err := transform.String(cs.decoder(), s)
	if err != nil {
		out = s
	}
	return toValidUTF8(out)
}

// toValidUTF8 replaces what is still not UTF-8 (a cut sequence) with U+FFFD.
func toValidUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError && n <= 1 {
			b = append(b, "\uFFFD"...)
		} else {
			b = append(b, s[:n]...)
		}
		s = s[n:]
	}
	return string(b)
}

// headerCharset decides, once per message, the charset of the raw 8-bit
// bytes in its display fields (Subject, Thread-Topic, From, To, Cc,
// Reply-To), taking all of them as one text: a client that did not encode
// its headers wrote them all in the same charset, and the subject and the
// sender's name must not come out in two different ones. rawUnknown when
// every one of those fields is UTF-8 (nearly all mail).
//
// The charset the message's Content-Type names (or its text part's,
// partLabel) is tried first when it is a legacy one: a Russian client that
// writes a raw windows-1251 subject labels its text windows-1251. Without
// such a label, or when the bytes do not decode in it, the bytes decide.
func headerCharset(h header, partLabel string) rawCharset {
	cs, _ := headerCharsetOf(h, partLabel)
	return cs
}

// headerCharsetOf is headerCharset, also saying whether partLabel was what
// would have been tried first: there are raw bytes, the Content-Type names
// no charset, and partLabel did not decide. With no partLabel (a message
// read from its header alone) the bytes were then guessed from where a
// text part's label could have decided otherwise.
func headerCharsetOf(h header, partLabel string) (cs rawCharset, partMayDecide bool) {
	var raw []string
	for _, f := range h {
		if displayField(f.key) && !utf8.ValidString(f.value) {
			raw = append(raw, f.value)
		}
	}
	if raw == nil {
		return rawUnknown, false
	}
	label := partLabel
	if _, p, err := parseMediaType(h.Get("Content-Type")); err == nil && p["charset"] != "" {
		label = p["charset"]
	}
	if cs := labelCharset(label); cs != rawUnknown && decodesCleanly(cs, raw) {
		return cs, false
	}
	return guessCharsetFrom(raw, big5Sender(h)), label == partLabel
}

// big5Sender says whether the sender (From or Reply-To) writes from Taiwan,
// Hong Kong or Macau, where mail clients write Big5: an address under .tw,
// .hk or .mo, or at Taiwan's HiNet or Hong Kong's Netvigator.
func big5Sender(h header) bool {
	for _, v := range append(h.Values("From"), h.Values("Reply-To")...) {
		for {
			at := strings.IndexByte(v, '@')
			if at < 0 {
				break
			}
			v = v[at+1:]
			end := 0
			for end < len(v) && (v[end] == '.' || v[end] == '-' || v[end] >= '0' && v[end] <= '9' || v[end]|0x20 >= 'a' && v[end]|0x20 <= 'z') {
				end++
			}
			d := strings.ToLower(strings.TrimSuffix(v[:end], "."))
			for _, suffix := range []string{".tw", ".hk", ".mo", ".hinet.net", ".netvigator.com"} {
				if strings.HasSuffix("."+d, suffix) {
					return true
				}
			}
		}
	}
	return false
}

// displayField reports the fields whose text parse decodes for display.
func displayField(k string) bool {
	switch len(k) {
	case 2:
		return strings.EqualFold(k, "To") || strings.EqualFold(k, "Cc")
	case 4:
		return strings.EqualFold(k, "From")
	case 7:
		return strings.EqualFold(k, "Subject")
	case 8:
		return strings.EqualFold(k, "Reply-To")
	case 12:
		return strings.EqualFold(k, "Thread-Topic")
	}
	return false
}

// guessCharset chooses between GB18030, Big5 and windows-1252 for raw
// 8-bit text by what the bytes can be: first validity (the byte sequences
// each charset allows; a few bad sequences are forgiven, as a text cut
// mid-character has one), then plausibility (the share of characters in
// the part of the charset real text uses: GB2312's symbols and hanzi, Big5's
// symbols and frequent hanzi, or, for windows-1252, accented letters and
// typographic marks standing alone or in pairs among ASCII, as in "für" or
// "Grüße"; Chinese read as windows-1252 gives long runs of them). On a tie
// GB18030 wins, then Big5: most unlabelled 8-bit mail in export mailboxes is
// from Chinese mainland clients.
func guessCharset(texts []string) rawCharset { return guessCharsetFrom(texts, false) }

// guessCharsetFrom is guessCharset for the header of a sender who may
// write Big5 (big5Sender): a tie between GB18030 and Big5 goes to Big5.
// Many Big5 names are as plausible read as GB18030 (黃偉 reads as 独岸),
// and many GB2312 names as Big5 (a third of common mainland ones), so
// without a hint the tie stays with GB18030.
func guessCharsetFrom(texts []string, big5 bool) rawCharset {
	var gb, b5, w scoreCount
	for _, s := range texts {
		gb.add(scanGB18030(s))
		b5.add(scanBig5(s))
		w.add(scanWindows1252(s))
	}
	best, bestScore := rawWindows1252, w.score()
	if s := b5.score(); s >= bestScore && s >= 0 {
		best, bestScore = rawBig5, s
	}
	if s := gb.score(); s >= bestScore && s >= 0 && !(big5 && best == rawBig5 && s == bestScore) {
		best = rawGB18030
	}
	return best
}

// scoreCount is what a scan found: characters (or 8-bit bytes for
// windows-1252), how many of them are plausible, and how many byte
// sequences the charset does not allow.
type scoreCount struct{ chars, plausible, bad int }

func (c *scoreCount) add(o scoreCount) {
	c.chars += o.chars
	c.plausible += o.plausible
	c.bad += o.bad
}

// score is the plausible share of the characters, or -1 when the text
// cannot be in this charset: more than two bad sequences, or more than one
// for every four characters.
func (c scoreCount) score() float64 {
	if c.bad > 2 || c.chars < 4*c.bad || c.chars == 0 && c.bad > 0 {
		return -1
	}
	if c.chars == 0 {
		return 0
	}
	return float64(c.plausible) / float64(c.chars+c.bad)
}

// scanGB18030 walks s as GB18030: two-byte characters (lead 0x81-0xFE,
// trail 0x40-0x7E or 0x80-0xFE) and four-byte ones (digit as second and
// fourth byte). Plausible: GB2312's symbols and hanzi (trail 0xA1-0xFE,
// lead 0xA1-0xA3 or 0xB0-0xF7), and its kana, Greek, Cyrillic and pinyin
// (rows 0xA4-0xA8) where they form words (see gbWordRun); alone, those
// rows are what Big5's frequent hanzi fall in: 陳先生 in Big5 reads as
// 朝, a private-use character and ネ. Bad: rows 0xAA-0xAF with such a
// trail, which GB2312 leaves empty and GB18030 maps to private-use
// characters. A sequence cut by the end of s is not counted against it.
func scanGB18030(s string) (c scoreCount) {
	var run gbWordRun
	// wide: the last thing seen was a character of two or four bytes
	// other than GB2312's symbols (or a bad sequence); letter: an ASCII
	// letter.
	wide, letter := false, false
	for i := 0; i < len(s); {
		b := s[i]
		if b < 0x80 {
			l := b|0x20 >= 'a' && b|0x20 <= 'z'
			c.plausible += run.end(false, l)
			wide, letter = false, l
			i++
			continue
		}
		if b == 0x80 || b == 0xFF {
			c.plausible += run.end(true, false)
			wide, letter = true, false
			c.bad++
			i++
			continue
		}
		if i+1 >= len(s) {
			break
		}
		t := s[i+1]
		switch {
		case t >= 0x30 && t <= 0x39:
			c.plausible += run.end(true, false)
			wide, letter = true, false
			if i+3 < len(s) && s[i+2] >= 0x81 && s[i+2] <= 0xFE && s[i+3] >= 0x30 && s[i+3] <= 0x39 {
				c.chars++
				i += 4
				continue
			}
			if i+3 >= len(s) {
				return c
			}
			c.bad++
			i++
		case t >= 0xA1 && t <= 0xFE && b >= 0xAA && b <= 0xAF:
			c.plausible += run.end(true, false)
			wide, letter = true, false
			c.bad++
			i += 2
		case t >= 0x40 && t <= 0xFE && t != 0x7F:
			c.chars++
			symbol := t >= 0xA1 && b >= 0xA1 && b <= 0xA3
			switch {
			case symbol || t >= 0xA1 && b >= 0xB0 && b <= 0xF7:
				c.plausible += run.end(!symbol, false) + 1
			case gbWordCell(b, t):
				if run.n > 0 && run.row != b {
					c.plausible += run.end(true, false)
				}
				if run.n == 0 {
					run = gbWordRun{row: b, afterWide: wide, afterLetter: letter}
				}
				run.n++
			default:
				c.plausible += run.end(true, false)
			}
			wide, letter = !symbol, false
			i += 2
		default:
			c.plausible += run.end(true, false)
			wide, letter = true, false
			c.bad++
			i++
		}
	}
	c.plausible += run.end(false, false)
	return c
}

// gbWordCell says whether b, t is an assigned cell of GB2312's rows of
// hiragana (0xA4), katakana (0xA5), Greek (0xA6), Cyrillic (0xA7) and
// pinyin (0xA8).
func gbWordCell(b, t byte) bool {
	switch b {
	case 0xA4:
		return t >= 0xA1 && t <= 0xF3
	case 0xA5:
		return t >= 0xA1 && t <= 0xF6
	case 0xA6:
		return t >= 0xA1 && t <= 0xB8 || t >= 0xC1 && t <= 0xD8
	case 0xA7:
		return t >= 0xA1 && t <= 0xC1 || t >= 0xD1 && t <= 0xF1
	case 0xA8:
		return t >= 0xA1 && t <= 0xBA
	}
	return false
}

// gbWordRun is a run of cells of one of GB2312's kana, Greek, Cyrillic
// and pinyin rows. It counts as plausible text when it is a word: kana
// three or more in a row (Japanese writes them next to kanji; Big5's
// frequent two-character given names, 志宏 or 太太, fall in these rows
// too), Greek or Cyrillic two or more standing apart from hanzi ("Ли
// Мин", "Прайс-лист 价格表"; a Big5 name's given name follows its
// surname), a pinyin vowel next to an ASCII letter ("Nǐ hǎo").
type gbWordRun struct {
	row                    byte
	n                      int
	afterWide, afterLetter bool
}

// end closes the run, followed by a wide character or an ASCII letter,
// and returns how many of its characters are plausible.
func (r *gbWordRun) end(beforeWide, beforeLetter bool) int {
	n := r.n
	if n == 0 {
		return 0
	}
	word := false
	switch {
	case r.row <= 0xA5:
		word = n >= 3
	case r.afterWide || beforeWide:
	case n >= 2:
		word = true
	default:
		word = r.row == 0xA8 && (r.afterLetter || beforeLetter)
	}
	*r = gbWordRun{}
	if word {
		return n
	}
	return 0
}

// scanBig5 walks s as Big5 (lead 0xA1-0xF9, trail 0x40-0x7E or 0xA1-0xFE).
// Plausible: the symbols and the frequent hanzi (lead 0xA1-0xC5, and 0xC6
// below its reserved half).
func scanBig5(s string) (c scoreCount) {
	for i := 0; i < len(s); {
		b := s[i]
		if b < 0x80 {
			i++
			continue
		}
		if b < 0xA1 || b > 0xF9 {
			c.bad++
			i++
			continue
		}
		if i+1 >= len(s) {
			break
		}
		t := s[i+1]
		if !(t >= 0x40 && t <= 0x7E || t >= 0xA1 && t <= 0xFE) {
			c.bad++
			i++
			continue
		}
		c.chars++
		if b <= 0xC5 || b == 0xC6 && t <= 0x7E {
			c.plausible++
		}
		i += 2
	}
	return c
}

// scanWindows1252 counts the 8-bit bytes of s. Bad: the five bytes
// windows-1252 leaves undefined. Plausible: a letter (À-ÿ but × and ÷; Š Œ
// Ž š œ ž Ÿ) in a run of at most two 8-bit bytes, or a typographic mark (€ …
// quotes, dashes, ™, no-break space, © « ® ° »).
func scanWindows1252(s string) (c scoreCount) {
	for i := 0; i < len(s); {
		if s[i] < 0x80 {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] >= 0x80 {
			j++
		}
		for k := i; k < j; k++ {
			b := s[k]
			c.chars++
			switch {
			case b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D:
				c.chars--
				c.bad++
			case latin1Mark(b):
				c.plausible++
			case j-i <= 2 && latin1Letter(b):
				c.plausible++
			}
		}
		i = j
	}
	return c
}

func latin1Letter(b byte) bool {
	switch b {
	case 0x8A, 0x8C, 0x8E, 0x9A, 0x9C, 0x9E, 0x9F:
		return true
	case 0xD7, 0xF7:
		return false
	}
	return b >= 0xC0
}

func latin1Mark(b byte) bool {
	switch b {
	case 0x80, 0x85, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0x99, 0xA0, 0xA9, 0xAB, 0xAE, 0xB0, 0xBB:
		return true
	}
	return false
}

// isMultipart says whether h's Content-Type is multipart/*: its text is in
// a part with a Content-Type (and charset label) of its own.
func isMultipart(h header) bool {
	v := strings.TrimSpace(h.Get("Content-Type"))
	return len(v) >= len("multipart/") && strings.EqualFold(v[:len("multipart/")], "multipart/")
}
