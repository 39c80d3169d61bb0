package parse

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/emersion/go-message"

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
	plain, html     string // decoded text of the first text/plain and text/html parts
	hasPlain        bool
	dsn             []byte // the message/delivery-status part, if it is in the prefix
	originalHeaders []byte // the header of the returned message in a bounce
	report          bool   // a multipart/report: read on for its report parts
	attachments     []keepwarm.Attachment
	mixed           bool // a multipart/mixed: read on for the attachments' part headers
	errs            []string
	// snippetOnly says only the snippet is wanted of a text/plain part
	// (the message's text is not kept): it is decoded only until the
	// snippet is full.
	snippetOnly bool
	// plainSnippet is snippet(plain) when readText made it already.
	plainSnippet string
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
	case "multipart/report":
		info.report = true
	case "multipart/mixed":
		info.mixed = true
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

// readSinglePart decodes a body that is one text part: its transfer encoding
// as go-message would, and its charset with charsetReader.
func readSinglePart(info *bodyInfo, mediaType string, params map[string]string, cte string, body []byte, complete bool) {
	var r io.Reader = bytes.NewReader(body)
	switch enc := strings.ToLower(cte); enc {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, bytes.NewReader(stripBase64Space(body)))
	case "7bit", "8bit", "binary", "":
	default:
		info.note("body: encoding error: unhandled encoding %q", clip(toUTF8String(enc), 40))
	}
	if label, ok := params["charset"]; ok {
		cr, err := charsetReader(label, r)
		if err != nil {
			info.note("body: unknown charset: %v", err)
		} else {
			r = cr
		}
	}
	text, snip := readText(r, complete, info, mediaType == "text/plain" && info.snippetOnly)
	if mediaType == "text/plain" {
		info.plainSnippet = snip
		info.plain, info.hasPlain = text, true
	} else {
		info.html = stripHTML(text)
	}
}

// stripBase64Space drops the line breaks and blanks inside base64 text.
func stripBase64Space(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for _, c := range b {
		switch c {
		case '\r', '\n', ' ', '\t':
		default:
			out = append(out, c)
		}
	}
	return out
}

// readBodyMIME walks a body with go-message.
func readBodyMIME(h header, mediaType string, params map[string]string, body []byte, complete bool, info bodyInfo) bodyInfo {
	mh := message.Header{Header: h.mime()}
	if b := params["boundary"]; b != "" && strings.HasPrefix(mediaType, "multipart/") && !strings.Contains(mh.Get("Content-Type"), "boundary=") {
		// A boundary only parseMediaType could read: hand go-message a
		// plain one.
		mh.SetContentType(mediaType, map[string]string{"boundary": b})
	}
	e, err := message.New(mh, bytes.NewReader(body))
	if e == nil {
		info.note("body: %v", err)
		return info
	}
	if err != nil {
		info.note("body: %v", err)
	}
	walk(e, 0, complete, &info)
	return info
}

func walk(e *message.Entity, depth int, complete bool, info *bodyInfo) {
	mediaType, params, _ := e.Header.ContentType()
	if mediaType == "" {
		mediaType = "text/plain"
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		if depth >= maxDepth {
			return
		}
		if params["boundary"] == "" && depth > 0 {
			if _, p, _ := parseMediaType(e.Header.Get("Content-Type")); p["boundary"] != "" {
				// A boundary only parseMediaType could read.
				ph := e.Header.Copy()
				ph.SetContentType(mediaType, map[string]string{"boundary": p["boundary"]})
				if fixed, err := message.New(ph, e.Body); fixed != nil && err == nil {
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
		mr := e.MultipartReader()
		for {
			part, err := mr.NextPart()
			if part == nil {
				if err != nil && err != io.EOF && complete && !isEOF(err) {
					info.note("%s: %v", mediaType, err)
				}
				return
			}
			if err != nil && complete {
				// Else the part header may be cut: "charset=gb" is unknown.
				info.note("part: %v", err)
			}
			walk(part, depth+1, complete, info)
			if info.done() {
				return
			}
		}
	}
	if name, ok := attachmentName(e, params); ok {
		if len(info.attachments) < maxAttachments {
			info.attachments = append(info.attachments, keepwarm.Attachment{Name: name, Type: clip(mediaType, 100)})
		}
		return
	}
	switch mediaType {
	case "text/plain":
		if !info.hasPlain {
			info.plain, info.plainSnippet = readText(e.Body, complete, info, info.snippetOnly)
			info.hasPlain = true
		}
	case "text/html":
		if info.html == "" && !info.hasPlain {
			html, _ := readText(e.Body, complete, info, false)
			info.html = stripHTML(html)
		}
	case "message/delivery-status", "message/global-delivery-status":
		if info.dsn == nil {
			info.dsn, _ = io.ReadAll(io.LimitReader(e.Body, partReadLimit))
		}
	case "text/rfc822-headers", "message/rfc822", "message/global":
		if info.originalHeaders == nil {
			b, _ := io.ReadAll(io.LimitReader(e.Body, partReadLimit))
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
func attachmentName(e *message.Entity, ctParams map[string]string) (string, bool) {
	disp, dparams, _ := e.Header.ContentDisposition()
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

// readText reads a decoded text part. go-message has already undone the
// transfer encoding and a known charset; toUTF8 covers what it left as raw
// bytes (no charset label, an unknown one, 8-bit text labelled us-ascii).
// With snippetOnly it decodes snippetRead bytes first and goes on only when
// they do not fill a snippet (a text of blanks and blank lines); snip is
// then the snippet it made of them, "" otherwise.
func readText(r io.Reader, complete bool, info *bodyInfo, snippetOnly bool) (text, snip string) {
	bp := textBufs.Get().(*[]byte)
	defer textBufs.Put(bp)
	buf := (*bp)[:0]
	lr := io.LimitedReader{R: r, N: partReadLimit}
	var err error
	if snippetOnly {
		buf, err = readUpTo(&lr, buf, snippetRead)
		if err == nil && lr.N > 0 {
			text := toUTF8(trimCutRune(buf))
			if snip := snippet(text); len(snip) >= snippetBytes {
				*bp = buf[:0]
				return text, snip
			}
		}
	}
	if err == nil {
		buf, err = readUpTo(&lr, buf, partReadLimit)
	}
	*bp = buf[:0]
	if err != nil && complete && !isEOF(err) {
		info.note("text: %v", err)
	}
	return toUTF8(buf), ""
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
// boundary.
func snippet(s string) string {
	var b strings.Builder
	b.Grow(min(len(s), snippetBytes+utf8.UTFMax))
	space := false
	for i := 0; i < len(s) && b.Len() < snippetBytes; {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiSpace[c] {
				i++
				space = b.Len() > 0
				continue
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			// A run of ASCII other than blanks at once; the clip below
			// cuts what goes past snippetBytes.
			j, end := i+1, min(len(s), i+snippetBytes-b.Len())
			for j < end && s[j] < utf8.RuneSelf && !asciiSpace[s[j]] {
				j++
			}
			b.WriteString(s[i:j])
			i = j
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += n
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteString(s[i : i+n])
		i += n
	}
	return clip(b.String(), snippetBytes)
}

// asciiSpace marks the ASCII bytes unicode.IsSpace reports.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}
