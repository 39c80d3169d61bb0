package parse

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/textproto"
	"golang.org/x/text/transform"

	"keepwarm"
)

const (
	// snippetBytes is how much decoded text a snippet keeps.
	snippetBytes = 2048
	// partReadLimit bounds what is read of one part: HTML needs more raw
	// bytes than it yields text.
	partReadLimit = 32 << 10
	// maxDepth bounds multipart nesting: a crafted message must not recurse
	// forever.
	maxDepth = 8
)

// bodyInfo is what the body prefix tells about a message.
type bodyInfo struct {
	plain, html string // decoded text of the first text/plain and text/html parts
	hasPlain    bool
	// plainRead: a text/plain part was read, perhaps empty.
	plainRead       bool
	dsn             []byte // the message/delivery-status part, if it is in the prefix
	originalHeaders []byte // the header of the returned message in a bounce
	report          bool   // a multipart/report: read on for its report parts
	mdn             bool   // a message/disposition-notification part (a read receipt) is in the prefix
	calendarReply   bool   // a text/calendar part with method=REPLY (a meeting's accept or decline)
	attachments     []keepwarm.Attachment
	mixed           bool // a multipart/mixed: read on for the attachments' part headers
	errs            []string
	// snippetOnly says only the snippet is wanted of a text/plain part
	// (the message's text is not kept): it is decoded only until the
	// snippet is full.
	snippetOnly bool
	// plainSnippet is snippet(plain) when readText made it already.
	plainSnippet string
	// The multipart the walk is in (numbered from 1 as entered, 0 for
	// none), whether it is a multipart/alternative, and the one html
	// came from: a plain text after the HTML is the message's text only
	// as its alternative.
	multiparts, container, htmlIn int
	inAlternative                 bool
}

func (b *bodyInfo) note(format string, args ...any) {
	if len(b.errs) < 4 {
		b.errs = append(b.errs, fmt.Sprintf(format, args...))
	}
}

// readBody walks the MIME structure of a body prefix. complete says whether
// the prefix is the whole body: only then is a structural error a real error,
// since a prefix cut anywhere makes missing boundaries, half part headers and
// half base64 quanta normal.
//
// A single text part, most mail, is decoded here directly; multipart bodies
// are walked with go-message.
func readBody(h header, body []byte, complete, snippetOnly bool) bodyInfo {
	info := bodyInfo{snippetOnly: snippetOnly}
	mediaType := "text/plain"
	var params map[string]string
	if ct := h.Get("Content-Type"); ct != "" {
		var err error
		mediaType, params, err = parseMediaType(ct)
		if err != nil && !errors.Is(err, mime.ErrInvalidMediaParameter) {
			info.note("content-type %q: %v", clip(toUTF8String(ct), 60), err)
			mediaType = "" // as go-message: no known type, no text
		}
	}
	switch mediaType {
	case "text/plain", "text/html":
		readSinglePart(&info, mediaType, params, h.Get("Content-Transfer-Encoding"), body, complete)
		return info
	case "application/pkcs7-mime", "application/x-pkcs7-mime":
		return readSMIME(params, h.Get("Content-Transfer-Encoding"), body, complete, snippetOnly)
	case "multipart/report":
		info.report = true
	case "multipart/mixed":
		info.mixed = true
	case "text/calendar":
		info.calendarReply = IsCalendarReply(mediaType, params)
	}
	return readBodyMIME(h, mediaType, params, body, complete, info)
}

// readPart decodes the text part sync fetched by itself, as part describes
// it, and takes the attachments from part.
func readPart(part *Part, text []byte, complete, snippetOnly bool) bodyInfo {
	info := bodyInfo{snippetOnly: snippetOnly}
	var params map[string]string
	if part.Charset != "" {
		params = map[string]string{"charset": part.Charset}
	}
	readSinglePart(&info, part.MediaType, params, part.Encoding, text, complete)
	for _, a := range part.Attachments {
		if len(info.attachments) == maxAttachments {
			break
		}
		name := a.Name
		if dec, err := decodeWords(name); err == nil {
			name = dec
		}
		info.attachments = append(info.attachments, keepwarm.Attachment{
			Name: clip(toUTF8String(strings.TrimSpace(name)), 200), Type: clip(a.Type, 100)})
	}
	return info
}

// readSinglePart decodes a body that is one text part: its transfer
// encoding as go-message would (transferDecoder), its charset as
// charsetReader would (charsetDecoder), straight from the fetched bytes and
// only as far as the text or the snippet needs.
func readSinglePart(info *bodyInfo, mediaType string, params map[string]string, cte string, body []byte, complete bool) {
	enc, ok := newTransfer(cte)
	if !ok {
		info.note("body: encoding error: unhandled encoding %q", clip(toUTF8String(strings.ToLower(cte)), 40))
	}
	// A text cut short by the fetch leaves out its last, cut character.
	src := textSource{xfer: transferDecoder{src: body, enc: enc}, short: !complete}
	if label, ok := params["charset"]; ok {
		conv, err := charsetDecoder(label)
		if err != nil {
			info.note("body: unknown charset: %v", err)
		} else {
			src.conv = conv
		}
	}
	defer src.release()
	text, snip := readTextFrom(&src, complete, info, mediaType == "text/plain" && info.snippetOnly)
	if mediaType == "text/plain" {
		info.plainSnippet = snip
		info.plain, info.hasPlain = text, true
	} else {
		info.html = stripHTML(text)
	}
}

// textSource is a text part's text, decoded from the fetched bytes as far
// as it is asked for: the transfer encoding undone, then the charset
// converted to UTF-8.
type textSource struct {
	xfer  transferDecoder
	conv  transform.Transformer // nil: the bytes are the text
	raw   *[]byte               // transfer-decoded bytes (pooled), with conv
	rawAt int                   // how much of raw conv has taken
	out   *[]byte               // the text (pooled), unless it is the input itself
	text  []byte
	done  bool  // conv has seen the end
	err   error // conv's error, which ends the text
	// short says the input was cut short (a part without its closing
	// boundary): an incomplete character at its end is left out, as
	// transform.Reader leaves it before a read error, not decoded as
	// U+FFFD.
	short bool
}

// fill returns the text's first n bytes or more, or the whole text when it
// is shorter.
func (s *textSource) fill(n int) []byte {
	if s.conv == nil {
		if s.xfer.enc == transferIdentity {
			// The text is the input: no copy.
			s.text = s.xfer.src[:min(n, len(s.xfer.src))]
			return s.text
		}
		if s.out == nil {
			s.out = getTextBuf()
			s.text = *s.out
		}
		s.text = s.xfer.decode(s.text, n)
		return s.text
	}
	if s.out == nil {
		s.out, s.raw = getTextBuf(), getTextBuf()
		s.text = (*s.out)[:0]
	}
	for len(s.text) < n && !s.done {
		raw := *s.raw
		if s.xfer.more() {
			// A byte of the charset gives at least one of UTF-8 but for
			// GB18030's four-byte characters: ask for a little more.
			raw = s.xfer.decode(raw, len(raw)+max(n-len(s.text), 256)+4)
			*s.raw = raw
		}
		last := !s.xfer.more()
		atEOF := last && !s.short
		for {
			if cap(s.text)-len(s.text) < 3*(len(raw)-s.rawAt)+16 {
				s.text = slices.Grow(s.text, 3*(len(raw)-s.rawAt)+16)
			}
			nDst, nSrc, err := s.conv.Transform(s.text[len(s.text):cap(s.text)], raw[s.rawAt:], atEOF)
			s.text = s.text[:len(s.text)+nDst]
			s.rawAt += nSrc
			if err == transform.ErrShortDst {
				s.text = slices.Grow(s.text, cap(s.text)-len(s.text)+64)
				continue
			}
			if err != nil && err != transform.ErrShortSrc {
				s.err, s.done = err, true
			}
			break
		}
		if last {
			s.done = true
		}
	}
	return s.text
}

// more says whether the text may go on beyond what fill returned.
func (s *textSource) more() bool {
	if s.conv == nil {
		if s.xfer.enc == transferIdentity {
			return len(s.text) < len(s.xfer.src)
		}
		return s.xfer.more()
	}
	return !s.done
}

// release gives the buffers back.
func (s *textSource) release() {
	if s.out != nil {
		*s.out = s.text[:0]
		textBufs.Put(s.out)
	}
	if s.raw != nil {
		*s.raw = (*s.raw)[:0]
		textBufs.Put(s.raw)
	}
	*s = textSource{}
}

func getTextBuf() *[]byte {
	b := textBufs.Get().(*[]byte)
	*b = (*b)[:0]
	return b
}

// readTextFrom is readText over a textSource. With snippetOnly the text
// is not kept (only a message's own team keeps it): text is "" and snip
// the snippet, made without a copy of the text where it is UTF-8.
func readTextFrom(s *textSource, complete bool, info *bodyInfo, snippetOnly bool) (text, snip string) {
	defer func() {
		if complete {
			if s.xfer.err != nil {
				info.note("text: %v", s.xfer.err)
			} else if s.err != nil {
				info.note("text: %v", s.err)
			}
		}
	}()
	if snippetOnly {
		buf := s.fill(snippetRead)
		b := trimCutRune(buf[:min(len(buf), snippetRead)])
		if len(b) == len(buf) && !s.more() {
			// The whole text, as the reading below would take it.
			return "", snippetOf(b)
		}
		if snip := snippetOf(b); len(snip) >= snippetBytes {
			return "", snip
		}
		buf = s.fill(partReadLimit)
		return "", snippetOf(cutText(s, buf, complete))
	}
	return toUTF8(cutText(s, s.fill(partReadLimit), complete)), ""
}

// cutText is buf, the text fill returned, to partReadLimit; when the text
// goes on beyond it (or the fetch cut it) without an incomplete UTF-8
// character at its end, which would make toUTF8 read all of it in a legacy
// charset ("JÃ¼rgen"). A whole text keeps its last byte: in Latin-1 "é"
// alone is such a byte.
func cutText(s *textSource, buf []byte, complete bool) []byte {
	b := buf[:min(len(buf), partReadLimit)]
	if !complete || len(b) < len(buf) || s.more() {
		b = trimCutRune(b)
	}
	return b
}

// snippetOf is snippet(toUTF8(b)), without the copy of b when it is UTF-8.
func snippetOf(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if utf8.Valid(b) {
		return snippet(unsafe.String(&b[0], len(b))) // snippet copies what it keeps
	}
	return snippet(toUTF8(b))
}

// readBodyMIME walks a body's MIME structure with go-message's textproto
// (the parts' headers and boundaries); the parts' bodies are read raw and
// decoded as go-message's entities would decode them (entity), only those
// parse reads.
func readBodyMIME(h header, mediaType string, params map[string]string, body []byte, complete bool, info bodyInfo) bodyInfo {
	mh := message.Header{Header: h.mime()}
	if b := params["boundary"]; b != "" && strings.HasPrefix(mediaType, "multipart/") && !strings.Contains(mh.Get("Content-Type"), "boundary=") {
		// A boundary only parseMediaType could read: hand go-message a
		// plain one.
		mh.SetContentType(mediaType, map[string]string{"boundary": b})
	}
	e, err := newEntity(mh, bytes.NewReader(body))
	if err != nil {
		info.note("body: %v", err)
	}
	walk(e, 0, complete, &info)
	return info
}

// entity is a MIME part as go-message's message.New makes it, with its
// body still raw: its transfer encoding (not for multipart) and, for text,
// its charset are undone when it is read (readEntity).
type entity struct {
	header    message.Header
	raw       io.Reader
	mediaType string
	params    map[string]string
	enc       transfer
	conv      transform.Transformer // nil: no conversion
}

// newEntity is message.New without its readers, with its errors.
func newEntity(h message.Header, raw io.Reader) (*entity, error) {
	var err error
	e := &entity{header: h, raw: raw}
	e.mediaType, e.params, _ = h.ContentType()
	if !strings.HasPrefix(e.mediaType, "multipart/") {
		cte := h.Get("Content-Transfer-Encoding")
		var ok bool
		if e.enc, ok = newTransfer(cte); !ok {
			err = fmt.Errorf("encoding error: unhandled encoding %q", cte)
		}
	}
	if strings.HasPrefix(e.mediaType, "text/") {
		if label, ok := e.params["charset"]; ok {
			if conv, cerr := charsetDecoder(label); cerr != nil {
				err = fmt.Errorf("unknown charset: %v", cerr)
			} else {
				e.conv = conv
			}
		}
	}
	return e, err
}

// rawPartLimit bounds what is read of a part's raw body: more than any
// transfer encoding and charset need for partReadLimit bytes of text.
const rawPartLimit = 8 * partReadLimit

// readEntity reads a part's raw body into a pooled buffer and gives its
// decoded text to read; err is the raw read's error.
func readEntity(e *entity, read func(*textSource)) (err error) {
	bp := getTextBuf()
	defer textBufs.Put(bp)
	raw, err := readUpTo(e.raw, *bp, rawPartLimit)
	*bp = raw[:0]
	src := textSource{xfer: transferDecoder{src: raw, enc: e.enc}, conv: e.conv, short: err != nil}
	defer src.release()
	read(&src)
	return err
}

// readEntityText is readText over a part.
func readEntityText(e *entity, complete bool, info *bodyInfo, snippetOnly bool) (text, snip string) {
	err := readEntity(e, func(s *textSource) { text, snip = readTextFrom(s, complete, info, snippetOnly) })
	if err != nil && complete && !isEOF(err) {
		info.note("text: %v", err)
	}
	return text, snip
}

// readEntityBytes is the first partReadLimit decoded bytes of a part.
func readEntityBytes(e *entity) []byte {
	var b []byte
	readEntity(e, func(s *textSource) {
		buf := s.fill(partReadLimit)
		b = append([]byte{}, buf[:min(len(buf), partReadLimit)]...)
	})
	return b
}

func walk(e *entity, depth int, complete bool, info *bodyInfo) {
	mediaType, params := e.mediaType, e.params
	if mediaType == "" {
		mediaType = "text/plain"
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		if depth >= maxDepth {
			return
		}
		if params["boundary"] == "" && depth > 0 {
			if _, p, _ := parseMediaType(e.header.Get("Content-Type")); p["boundary"] != "" {
				// A boundary only parseMediaType could read.
				ph := e.header.Copy()
				ph.SetContentType(mediaType, map[string]string{"boundary": p["boundary"]})
				if fixed, err := newEntity(ph, e.raw); err == nil {
					walk(fixed, depth, complete, info)
					return
				}
			}
		}
		if params["boundary"] == "" {
			// In a part, a cut prefix may have cut the boundary parameter.
			if depth == 0 || complete {
				info.note("%s without boundary", mediaType)
			}
			return
		}
		info.multiparts++
		outer, outerAlt := info.container, info.inAlternative
		info.container, info.inAlternative = info.multiparts, mediaType == "multipart/alternative"
		defer func() { info.container, info.inAlternative = outer, outerAlt }()
		mr := textproto.NewMultipartReader(e.raw, params["boundary"])
		for {
			p, err := mr.NextPart()
			if p == nil {
				if err != nil && err != io.EOF && complete && !isEOF(err) {
					info.note("%s: %v", mediaType, err)
				}
				return
			}
			part, err := newEntity(message.Header{Header: p.Header}, p)
			if err != nil && complete {
				// Else the part header may be cut: "charset=gb" is unknown.
				info.note("part: %v", err)
			}
			walk(part, depth+1, complete, info)
			if info.done() {
				if info.inAlternative && !info.calendarReply {
					// A meeting's answer puts its text/calendar after
					// the text it reads: only the later parts' headers.
					for p, _ := mr.NextPart(); p != nil; p, _ = mr.NextPart() {
						if mt, ps, _ := parseMediaType(p.Header.Get("Content-Type")); IsCalendarReply(mt, ps) {
							info.calendarReply = true
							break
						}
					}
				}
				return
			}
		}
	}
	if IsCalendarReply(mediaType, params) {
		info.calendarReply = true
	}
	if name, ok := attachmentName(e.header, params); ok {
		if len(info.attachments) < maxAttachments {
			info.attachments = append(info.attachments, keepwarm.Attachment{Name: name, Type: clip(mediaType, 100)})
		}
		return
	}
	switch mediaType {
	case "text/plain":
		// An empty plain text beside an HTML one (some mobile, CRM and
		// helpdesk mailers) leaves the text to the HTML, not to a later
		// text/plain part (a list's or gateway's footer after the
		// multipart/alternative): as sync's part plan (planText) chooses.
		// Nor does a plain text after the HTML that is not its
		// alternative: Mailman wraps HTML-only mail in a multipart/mixed
		// with its footer after it.
		afterHTML := info.html != "" && !(info.inAlternative && info.htmlIn == info.container)
		if !info.hasPlain && !(info.plainRead && info.html != "") && !afterHTML {
			info.plain, info.plainSnippet = readEntityText(e, complete, info, info.snippetOnly)
			info.hasPlain = info.plainSnippet != "" || strings.TrimSpace(info.plain) != ""
			info.plainRead = true
		}
	case "text/html":
		if info.html == "" && !info.hasPlain {
			html, _ := readEntityText(e, complete, info, false)
			info.html, info.htmlIn = stripHTML(html), info.container
		}
	case "message/delivery-status", "message/global-delivery-status":
		if info.dsn == nil {
			info.dsn = readEntityBytes(e)
		}
	case "message/disposition-notification", "message/global-disposition-notification":
		info.mdn = true
	case "text/rfc822-headers", "message/rfc822", "message/global":
		if info.originalHeaders == nil {
			b := readEntityBytes(e)
			if i := bytes.Index(b, []byte("\n\n")); i >= 0 {
				b = b[:i+1]
			} else if i := bytes.Index(b, []byte("\r\n\r\n")); i >= 0 {
				b = b[:i+2]
			}
			info.originalHeaders = b
		}
	}
}

// done says that nothing later in the body could change the result. In a
// multipart/mixed the walk goes on to the end of the prefix for the
// attachments' names: at most the prefix's bytes, which are fetched anyway.
func (b *bodyInfo) done() bool {
	return b.hasPlain && !b.mixed && (!b.report || b.dsn != nil && b.originalHeaders != nil)
}

// maxAttachments bounds the attachments kept per message.
const maxAttachments = 20

// attachmentName returns the file name of a part that is an attached file:
// one with Content-Disposition attachment, or a file name in its
// disposition or content type. Encoded words in the name are decoded; the
// name is cut to 200 bytes.
func attachmentName(h message.Header, ctParams map[string]string) (string, bool) {
	disp, dparams, _ := h.ContentDisposition()
	name := dparams["filename"]
	if name == "" {
		name = ctParams["name"]
	}
	if name == "" && !strings.EqualFold(disp, "attachment") {
		return "", false
	}
	if strings.EqualFold(disp, "inline") && name == "" {
		return "", false
	}
	if dec, err := decodeWords(name); err == nil {
		name = dec
	}
	return clip(toUTF8String(strings.TrimSpace(name)), 200), true
}

// snippetRead is how much decoded text readText reads first for a snippet:
// a snippet's bytes and room for the blanks it collapses.
const snippetRead = snippetBytes + 1024

// textBufs are readText's buffers, reused: the text is copied out as a
// string.
var textBufs = sync.Pool{New: func() any { b := make([]byte, 0, 8<<10); return &b }}

// readUpTo appends from r to buf until buf holds n bytes or r ends; err is
// nil at the end of r (as io.ReadAll), else the read error.
func readUpTo(r io.Reader, buf []byte, n int) ([]byte, error) {
	for len(buf) < n {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		m, err := r.Read(buf[len(buf):min(cap(buf), n)])
		buf = buf[:len(buf)+m]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// trimCutRune drops an incomplete UTF-8 sequence at the end of b, where
// readText stopped reading: the text before it is then valid as it was in
// the whole part.
func trimCutRune(b []byte) []byte {
	for k := 1; k <= utf8.UTFMax-1 && k <= len(b); k++ {
		if c := b[len(b)-k]; utf8.RuneStart(c) {
			if c >= utf8.RuneSelf && !utf8.FullRune(b[len(b)-k:]) {
				return b[:len(b)-k]
			}
			return b
		}
	}
	return b
}

// isEOF reports the several ways go-message and the decoders under it say
// "the input ended early", which a body prefix does by design.
func isEOF(err error) bool {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	return strings.Contains(err.Error(), "EOF")
}

// snippet collapses white space (as unicode.IsSpace: what strings.Fields
// splits on) to single spaces, trims, and cuts to snippetBytes on a rune
// boundary. It copies runs of text without blanks at once, and decodes
// only the runes that may be blanks.
func snippet(s string) string {
	var b strings.Builder
	b.Grow(min(len(s), snippetBytes+utf8.UTFMax))
	space := false
	for i := 0; i < len(s) && b.Len() < snippetBytes; {
		c := s[i]
		j := i + 1 // the end of the run of text starting at i
		if c < utf8.RuneSelf {
			if asciiSpace[c] {
				i++
				space = b.Len() > 0
				continue
			}
		} else if spaceLead[c] {
			r, n := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				i += n
				space = b.Len() > 0
				continue
			}
			j = i + n
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		// The run goes on over single spaces between words: they stay.
		for j < len(s) {
			if c := s[j]; c < utf8.RuneSelf {
				if asciiSpace[c] && (c != ' ' || j+1 == len(s) || mayBeBlank(s[j+1])) {
					break
				}
			} else if spaceLead[c] {
				break
			}
			j++
		}
		// Past snippetBytes, clip cuts: up to it, and at least one rune
		// after a blank (what clip keeps may then depend on the byte after).
		if room := max(snippetBytes-b.Len(), 1); j-i > room {
			p := i + room
			if s[p-1] == ' ' {
				p++
			}
			j = runeEnd(s, i, p)
		}
		b.WriteString(s[i:j])
		i = j
	}
	// A cut right after a space between words leaves it last: a snippet
	// ends on text.
	return strings.TrimRight(clip(b.String(), snippetBytes), " ")
}

// runeEnd moves a cut at p in s (runes start at from) to the end of the
// rune p falls in, when that is a whole UTF-8 sequence: snippet writes such
// runes whole and other bytes one at a time.
func runeEnd(s string, from, p int) int {
	for q := p; q > from && q > p-utf8.UTFMax; {
		q--
		if s[q] < 0xC0 {
			if s[q] < 0x80 {
				return p
			}
			continue
		}
		if _, n := utf8.DecodeRuneInString(s[q:]); n > 1 && q+n > p {
			return q + n
		}
		return p
	}
	return p
}

// mayBeBlank says whether a rune starting with byte c may be white space.
func mayBeBlank(c byte) bool { return c < utf8.RuneSelf && asciiSpace[c] || spaceLead[c] }

// asciiSpace marks the ASCII bytes unicode.IsSpace reports.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// spaceLead marks the first bytes of the UTF-8 of the white space runes
// beyond ASCII (U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029,
// U+202F, U+205F, U+3000): the only multi-byte runes snippet decodes.
var spaceLead = func() (t [256]bool) {
	var buf [utf8.UTFMax]byte
	for _, r16 := range unicode.White_Space.R16 {
		for r := rune(r16.Lo); r <= rune(r16.Hi); r += rune(r16.Stride) {
			if r >= utf8.RuneSelf {
				utf8.EncodeRune(buf[:], r)
				t[buf[0]] = true
			}
		}
	}
	for _, r32 := range unicode.White_Space.R32 {
		for r := rune(r32.Lo); r <= rune(r32.Hi); r += rune(r32.Stride) {
			utf8.EncodeRune(buf[:], r)
			t[buf[0]] = true
		}
	}
	return t
}()

// IsCalendarReply says whether a part of type mediaType with params is a
// calendar response (RFC 6047: text/calendar; method=REPLY), what Outlook
// and Google Calendar send when a meeting is accepted, declined or
// tentatively accepted.
func IsCalendarReply(mediaType string, params map[string]string) bool {
	return strings.EqualFold(mediaType, "text/calendar") && strings.EqualFold(strings.TrimSpace(params["method"]), "REPLY")
}
