package parse

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/emersion/go-message"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// oldReadBodyMIME is readBodyMIME as it was, walking go-message's
// entities, whose bodies decode through the standard library's readers:
// the reference the walk over raw parts is checked against.
func oldReadBodyMIME(h header, mediaType string, params map[string]string, body []byte, complete bool, info bodyInfo) bodyInfo {
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
	oldWalk(e, 0, complete, &info)
	return info
}

func oldWalk(e *message.Entity, depth int, complete bool, info *bodyInfo) {
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
					oldWalk(fixed, depth, complete, info)
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
			oldWalk(part, depth+1, complete, info)
			if info.done() {
				return
			}
		}
	}
	if name, ok := oldAttachmentName(e, params); ok {
		if len(info.attachments) < maxAttachments {
			info.attachments = append(info.attachments, keepwarm.Attachment{Name: name, Type: clip(mediaType, 100)})
		}
		return
	}
	switch mediaType {
	case "text/plain":
		if !info.hasPlain {
			info.plain, info.plainSnippet = oldReadText(e.Body, complete, info, info.snippetOnly)
			info.hasPlain = true
		}
	case "text/html":
		if info.html == "" && !info.hasPlain {
			html, _ := oldReadText(e.Body, complete, info, false)
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

// oldAttachmentName is attachmentName over an entity.
// attachmentName returns the file name of a part that is an attached file:
// one with Content-Disposition attachment, or a file name in its
// disposition or content type. Encoded words in the name are decoded; the
// name is cut to 200 bytes.
func oldAttachmentName(e *message.Entity, ctParams map[string]string) (string, bool) {
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

// oldReadText reads a decoded text part. go-message has already undone the
// transfer encoding and a known charset; toUTF8 covers what it left as raw
// bytes (no charset label, an unknown one, 8-bit text labelled us-ascii).
// With snippetOnly it decodes snippetRead bytes first and goes on only when
// they do not fill a snippet (a text of blanks and blank lines); snip is
// then the snippet it made of them, "" otherwise.
func oldReadText(r io.Reader, complete bool, info *bodyInfo, snippetOnly bool) (text, snip string) {
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
	if !complete || lr.N == 0 {
		// Since: a text cut by the fetch or the limit leaves out its cut
		// last character instead of being read whole in a legacy charset.
		buf = trimCutRune(buf)
	}
	return toUTF8(buf), ""
}

// sameMIME checks readBodyMIME against oldReadBodyMIME on one body.
func sameMIME(t *testing.T, name string, h header, body []byte, complete bool) {
	t.Helper()
	mediaType, params, _ := parseMediaType(h.Get("Content-Type"))
	for _, snippetOnly := range []bool{false, true} {
		// As readBody starts it.
		start := bodyInfo{snippetOnly: snippetOnly, report: mediaType == "multipart/report", mixed: mediaType == "multipart/mixed"}
		old := oldReadBodyMIME(h, mediaType, params, body, complete, start)
		now := readBodyMIME(h, mediaType, params, body, complete, start)
		if sameBody(old, now) == "" && old.hasPlain != now.hasPlain {
			continue // an empty plain text (cut), which no longer ends the walk
		}
		if o, n := bodySnippet(old), bodySnippet(now); o != n {
			t.Fatalf("%s (snippet only %v): snippet\n%q, was\n%q", name, snippetOnly, n, o)
		}
		if !snippetOnly && (old.plain != now.plain || old.html != now.html) {
			t.Fatalf("%s: text\n%q\n%q, was\n%q\n%q", name, now.plain, now.html, old.plain, old.html)
		}
		if old.hasPlain != now.hasPlain || !bytes.Equal(old.dsn, now.dsn) || !bytes.Equal(old.originalHeaders, now.originalHeaders) ||
			!equalAttachments(old.attachments, now.attachments) {
			t.Fatalf("%s: plain %v dsn %q returned %q attachments %v; was %v %q %q %v", name, now.hasPlain, now.dsn, now.originalHeaders,
				now.attachments, old.hasPlain, old.dsn, old.originalHeaders, old.attachments)
		}
		if strings.Join(old.errs, ";") != strings.Join(now.errs, ";") {
			t.Fatalf("%s (snippet only %v): notes %q, were %q", name, snippetOnly, now.errs, old.errs)
		}
	}
}

func equalAttachments(a, b []keepwarm.Attachment) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestWalkAsBefore: multipart bodies (the fixtures, and the export mix
// whole and cut as a prefix is) read as go-message's entities read them.
func TestWalkAsBefore(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.eml"))
	for _, f := range files {
		hb, body, _ := loadEML(t, filepath.Base(f))
		h := lenientHeader(hb)
		for _, n := range []int{len(body), len(body) / 2, len(body) / 3, 700} {
			n = min(n, len(body))
			sameMIME(t, filepath.Base(f), h, body[:n], n == len(body))
		}
	}
	n := 1200
	if testing.Short() {
		n = 200
	}
	multipart := 0
	for i := range n {
		msg := mailtest.GenExport(i, mailtest.GenOptions{TeamDomain: "keepwarm-trading.com", Customers: 400})
		hb, body, _ := bytes.Cut(msg, []byte("\r\n\r\n"))
		h := lenientHeader(append(hb, "\r\n\r\n"...))
		if !strings.HasPrefix(strings.ToLower(h.Get("Content-Type")), "multipart/") {
			continue
		}
		multipart++
		for _, cut := range []int{len(body), 4096, 16384} {
			cut = min(cut, len(body))
			sameMIME(t, "export "+string(rune('a'+i%26)), h, body[:cut], cut == len(body))
		}
	}
	if multipart < n/2 {
		t.Fatalf("only %d multipart messages", multipart)
	}
}

// oldReadBody is readBody as it was: the reference decoders under it.
func oldReadBody(h header, body []byte, complete, snippetOnly bool) bodyInfo {
	info := bodyInfo{snippetOnly: snippetOnly}
	mediaType := "text/plain"
	var params map[string]string
	if ct := h.Get("Content-Type"); ct != "" {
		var err error
		mediaType, params, err = parseMediaType(ct)
		if err != nil && !errors.Is(err, mime.ErrInvalidMediaParameter) {
			info.note("content-type %q: %v", clip(toUTF8String(ct), 60), err)
			mediaType = ""
		}
	}
	switch mediaType {
	case "text/plain", "text/html":
		oldReadSinglePart(&info, mediaType, params, h.Get("Content-Transfer-Encoding"), body, complete)
		return info
	case "multipart/report":
		info.report = true
	case "multipart/mixed":
		info.mixed = true
	}
	return oldReadBodyMIME(h, mediaType, params, body, complete, info)
}

// sameBody reports how now differs from old, "" when it does not.
func sameBody(old, now bodyInfo) string {
	if old.hasPlain && !now.hasPlain && old.plainSnippet == "" && strings.TrimSpace(old.plain) == "" && strings.TrimSpace(now.plain) == "" {
		// An empty plain text no longer ends the walk: the text is the
		// HTML's, and the walk goes on past it as for no plain text.
		return ""
	}
	if old.hasPlain && !now.hasPlain && old.html != "" && now.html == old.html && now.plain == "" {
		// A plain text after the HTML that is not its alternative (a
		// Mailman list's footer after HTML-only mail) is no longer the
		// mail's text: the HTML is, read the same. (A plain text before
		// the HTML is still read first, so now would have it.)
		return ""
	}
	switch {
	case bodySnippet(old) != bodySnippet(now):
		return fmt.Sprintf("snippet %q, was %q", bodySnippet(now), bodySnippet(old))
	case !old.snippetOnly && (old.plain != now.plain || old.html != now.html):
		return fmt.Sprintf("text %q %q, was %q %q", now.plain, now.html, old.plain, old.html)
	case old.hasPlain != now.hasPlain || !bytes.Equal(old.dsn, now.dsn) || !bytes.Equal(old.originalHeaders, now.originalHeaders):
		return fmt.Sprintf("dsn %q returned %q, was %q %q", now.dsn, now.originalHeaders, old.dsn, old.originalHeaders)
	case !equalAttachments(old.attachments, now.attachments):
		return fmt.Sprintf("attachments %v, were %v", now.attachments, old.attachments)
	case strings.Join(old.errs, ";") != strings.Join(now.errs, ";"):
		return fmt.Sprintf("notes %q, were %q", now.errs, old.errs)
	}
	return ""
}

// FuzzReadBodyAsBefore: where the earlier decoding read a whole body
// without noting a fault, the decoding now notes none either and reads the
// same, or more where the earlier one stopped without a note (a stray "="
// before a line's end, which mime/quotedprintable takes for a cut input).
func FuzzReadBodyAsBefore(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.eml"))
	for _, name := range files {
		h, body, _ := loadEML(f, filepath.Base(name))
		hd := lenientHeader(h)
		f.Add(hd.Get("Content-Type"), hd.Get("Content-Transfer-Encoding"), body, false)
	}
	f.Add("text/plain; charset=gbk", "quoted-printable", []byte("=D6=D0=CE=C4 soft=\r\nbreak"), true)
	f.Fuzz(func(t *testing.T, ct, cte string, body []byte, snippetOnly bool) {
		h := header{{"Content-Type", ct}, {"Content-Transfer-Encoding", cte}}
		old := oldReadBody(h, body, true, snippetOnly)
		if len(old.errs) > 0 {
			return
		}
		now := readBody(h, body, true, snippetOnly)
		if d := sameBody(old, now); d != "" && !extends(old, now) && !(unlabelled(ct) && readFurther(old, now) && sameButText(old, beyond(old, now))) {
			t.Fatal(d)
		}
	})
}

// sameButText says whether old and now agree on all but the text and
// snippet (of mail whose text is not kept, only the snippet is made now).
func sameButText(old, now bodyInfo) bool {
	o, n := old, now
	o.plain, o.html, o.plainSnippet, n.plain, n.html, n.plainSnippet = "", "", "", "", "", ""
	o.snippetOnly, n.snippetOnly = true, true
	return sameBody(o, n) == ""
}

// unlabelled says whether a Content-Type names no charset: 8-bit text in
// it is read in a charset guessed from its bytes (guessCharset).
func unlabelled(ct string) bool {
	_, params, err := mime.ParseMediaType(ct)
	return err != nil || params["charset"] == ""
}

// readFurther says whether now's snippet is longer than old's. Where the
// decoding now reads on past where the earlier one stopped (a stray "="),
// an unlabelled text's charset is guessed from more bytes and may come out
// otherwise ("\x98" alone is no windows-1252 yet, "\x98=" is), so old's
// text is then no prefix of now's.
func readFurther(old, now bodyInfo) bool {
	return utf8.RuneCountInString(bodySnippet(now)) > utf8.RuneCountInString(bodySnippet(old))
}

// beyond is now without the faults it noted in text only it read (where
// it read on past old's silent stop), for comparing the rest with old.
func beyond(old, now bodyInfo) bodyInfo {
	if len(old.errs) == 0 && readFurther(old, now) {
		now.errs = nil
	}
	return now
}

// extends says whether now read what old did and more: the same but for
// text going on where old's ended, and for the faults now notes in what
// only it read. (In "0==\n=" the earlier reader stopped at the "=" before
// the soft break, taking the text for cut, and noted nothing; now reads on
// and notes the lone "=" at the end, as mime/quotedprintable does where it
// reads one.)
func extends(old, now bodyInfo) bool {
	n := beyond(old, now)
	return sameButText(old, n) && (old.snippetOnly || strings.HasPrefix(now.plain, old.plain)) &&
		strings.HasPrefix(now.html, old.html) && strings.HasPrefix(bodySnippet(now), bodySnippet(old))
}
