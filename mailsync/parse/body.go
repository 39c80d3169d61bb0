package parse

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"

	"github.com/emersion/go-message"
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
	errs            []string
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
func readBody(h header, body []byte, complete bool) bodyInfo {
	var info bodyInfo
	mh := message.Header{Header: h.mime()}
	if ct := h.Get("Content-Type"); ct != "" {
		if _, _, err := mime.ParseMediaType(ct); err != nil && !errors.Is(err, mime.ErrInvalidMediaParameter) {
			info.note("content-type %q: %v", clip(toUTF8String(ct), 60), err)
		}
	}
	if mt, _, _ := mh.ContentType(); mt == "multipart/report" {
		info.report = true
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
	switch mediaType {
	case "text/plain":
		if !info.hasPlain {
			info.plain, info.hasPlain = readText(e.Body, complete, info), true
		}
	case "text/html":
		if info.html == "" && !info.hasPlain {
			info.html = stripHTML(readText(e.Body, complete, info))
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

// done says that nothing later in the body could change the result.
func (b *bodyInfo) done() bool {
	return b.hasPlain && (!b.report || b.dsn != nil && b.originalHeaders != nil)
}

// readText reads a decoded text part. go-message has already undone the
// transfer encoding and a known charset; toUTF8 covers what it left as raw
// bytes (no charset label, an unknown one, 8-bit text labelled us-ascii).
func readText(r io.Reader, complete bool, info *bodyInfo) string {
	b, err := io.ReadAll(io.LimitReader(r, partReadLimit))
	if err != nil && complete && !isEOF(err) {
		info.note("text: %v", err)
	}
	return toUTF8(b)
}

// isEOF reports the several ways go-message and the decoders under it say
// "the input ended early", which a body prefix does by design.
func isEOF(err error) bool {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	return strings.Contains(err.Error(), "EOF")
}

// snippet collapses whitespace and cuts to snippetBytes on a rune boundary.
func snippet(s string) string {
	var b strings.Builder
	for _, f := range strings.Fields(s) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f)
		if b.Len() >= snippetBytes {
			break
		}
	}
	return clip(b.String(), snippetBytes)
}
