package mailsync

import (
	"bytes"
	"slices"
	"strings"

	"github.com/emersion/go-imap/v2"

	"keepwarm"
	"keepwarm/mailsync/parse"
)

// textPlan is what the second FETCH of a batch asks for one message: the
// start of its first text part (path, with what the BODYSTRUCTURE says of
// it), or, for a single-part message and for the mail whose reading needs
// more than a text part (bounces, returned messages, no text part at all),
// the start of the whole body (BODY[TEXT]), which parse walks as it always
// has.
type textPlan struct {
	path []int       // nil: BODY[TEXT]
	part *parse.Part // nil with path
	// html is the plan for the HTML beside a plain text so short it may
	// be blank lines or spaces (some CRM, helpdesk and mobile mailers,
	// base64 or quoted-printable): fetched when the plain text turns out
	// blank. nil otherwise.
	html *textPlan
}

// planText chooses what to fetch of a message's body from its header and
// BODYSTRUCTURE.
func planText(header []byte, bs imap.BodyStructure) textPlan {
	mp, ok := bs.(*imap.BodyStructureMultiPart)
	if !ok || mp == nil || needsWholeBody(header, mp) {
		return textPlan{}
	}
	var plain, html *imap.BodyStructureSinglePart
	var plainPath, htmlPath []int
	var attachments []keepwarm.Attachment
	tooDeep := false
	var alternatives []string // the multipart/alternative parts' paths
	calendarReply := false    // a meeting's accept or decline (parse.IsCalendarReply)
	mp.Walk(func(path []int, part imap.BodyStructure) bool {
		if len(path) > maxPartDepth {
			tooDeep = true
			return false
		}
		sp, ok := part.(*imap.BodyStructureSinglePart)
		if !ok {
			if m, ok := part.(*imap.BodyStructureMultiPart); ok && strings.EqualFold(m.Subtype, "alternative") {
				alternatives = append(alternatives, partKey(path))
			}
			return true
		}
		if sp.MediaType() == "text/calendar" && parse.IsCalendarReply("text/calendar", map[string]string{"method": param(sp.Params, "method")}) {
			calendarReply = true
		}
		if name, ok := attachmentName(sp); ok {
			attachments = append(attachments, keepwarm.Attachment{Name: name, Type: sp.MediaType()})
			return true
		}
		switch sp.MediaType() {
		case "text/plain":
			// A plain text after the HTML that is not its alternative is
			// a list's footer (Mailman wraps HTML-only mail in a
			// multipart/mixed with its footer after it) or an attached
			// text: the HTML holds the message.
			if plain == nil && (html == nil || alternativeSiblings(alternatives, path, htmlPath)) {
				plain, plainPath = sp, append([]int(nil), path...)
			}
		case "text/html":
			if html == nil {
				html, htmlPath = sp, append([]int(nil), path...)
			}
		}
		return true
	})
	if tooDeep {
		return textPlan{}
	}
	text, path := plain, plainPath
	if text == nil || html != nil && text.Size < minPlainSize {
		// No plain text, or an empty one beside the HTML (some mobile,
		// CRM and helpdesk mailers): the HTML holds the text.
		text, path = html, htmlPath
	}
	if text == nil {
		return textPlan{} // only attachments: as before, from the body's start
	}
	plan := partPlan(text, path, attachments)
	plan.part.CalendarReply = calendarReply
	if text == plain && html != nil && text.Size < maxBlankPlainSize {
		h := partPlan(html, htmlPath, attachments)
		h.part.CalendarReply = calendarReply
		plan.html = &h
	}
	return plan
}

func partPlan(text *imap.BodyStructureSinglePart, path []int, attachments []keepwarm.Attachment) textPlan {
	return textPlan{path: path, part: &parse.Part{
		MediaType: text.MediaType(), Charset: param(text.Params, "charset"), Encoding: text.Encoding,
		Size: int64(text.Size), Attachments: attachments,
	}}
}

// maxBlankPlainSize is the encoded size below which a plain text beside
// an HTML one may be blank (a few encoded blank lines), so the HTML is
// fetched as well when it is.
const maxBlankPlainSize = 256

// alternativeSiblings says whether the parts at a and b are in one
// multipart/alternative (its path among alternatives).
func alternativeSiblings(alternatives []string, a, b []int) bool {
	if len(a) == 0 || len(b) == 0 || !slices.Equal(a[:len(a)-1], b[:len(b)-1]) {
		return false
	}
	return slices.Contains(alternatives, partKey(a[:len(a)-1]))
}

// minPlainSize is the encoded size below which a text/plain part beside an
// HTML one is taken for empty: a line break or two.
const minPlainSize = 16

// maxPartDepth bounds the part paths sync fetches by (parse walks no deeper).
const maxPartDepth = 8

// needsWholeBody says whether reading the message needs more than its text
// part: a delivery report (its delivery-status part and the returned
// header), a read receipt's disposition-notification part (Foxmail puts it
// in a multipart/mixed), a message/rfc822 part, or a mail server's text bounce, whose
// quoted header parse reads from the body. parse takes a message for a
// text bounce by its sender (MAILER-DAEMON or postmaster), so only From is
// searched, not the whole header (Received and DKIM lines are most of it).
func needsWholeBody(header []byte, mp *imap.BodyStructureMultiPart) bool {
	if strings.EqualFold(mp.Subtype, "report") {
		return true
	}
	whole := false
	mp.Walk(func(_ []int, part imap.BodyStructure) bool {
		switch part.MediaType() {
		case "message/delivery-status", "message/global-delivery-status", "text/rfc822-headers",
			"message/rfc822", "message/global", "message/global-headers",
			"message/disposition-notification", "message/global-disposition-notification":
			whole = true
		}
		return !whole
	})
	if whole {
		return true
	}
	from := headerField(header, "from")
	return containsFold(from, "mailer-daemon") || containsFold(from, "postmaster")
}

// headerField returns the first field named name (lower-case ASCII) of a
// raw header block, its continuation lines included, or nil.
func headerField(header []byte, name string) []byte {
	for at := 0; at < len(header); {
		start, end := at, len(header)
		if i := bytes.IndexByte(header[at:], '\n'); i >= 0 {
			end = at + i + 1
		}
		at = end
		line := header[start:end]
		if len(line) <= len(name) || !bytes.EqualFold(line[:len(name)], []byte(name)) {
			continue
		}
		if v := bytes.TrimLeft(line[len(name):], " \t"); len(v) == 0 || v[0] != ':' {
			continue
		}
		for at < len(header) && (header[at] == ' ' || header[at] == '\t') {
			if i := bytes.IndexByte(header[at:], '\n'); i >= 0 {
				at += i + 1
			} else {
				at = len(header)
			}
		}
		return header[start:at]
	}
	return nil
}

// containsFold reports whether b holds word (lower-case ASCII) in any case,
// without a lower-case copy of b.
func containsFold(b []byte, word string) bool {
	for i := 0; i+len(word) <= len(b); i++ {
		j := bytes.IndexAny(b[i:len(b)-len(word)+1], word[:1]+strings.ToUpper(word[:1]))
		if j < 0 {
			return false
		}
		i += j
		if bytes.EqualFold(b[i:i+len(word)], []byte(word)) {
			return true
		}
	}
	return false
}

// attachmentName returns the file name of a part that is an attached file,
// as parse decides it from part headers: Content-Disposition attachment, or
// a file name in the disposition or the content type; not an inline part
// without a name.
func attachmentName(sp *imap.BodyStructureSinglePart) (string, bool) {
	var disp string
	var dparams map[string]string
	if d := sp.Disposition(); d != nil {
		disp, dparams = d.Value, d.Params
	}
	name := param(dparams, "filename")
	if name == "" {
		name = param(sp.Params, "name")
	}
	if name == "" && !strings.EqualFold(disp, "attachment") {
		return "", false
	}
	return name, true
}

// param reads a parameter whatever the case of its name.
func param(params map[string]string, name string) string {
	if v, ok := params[name]; ok {
		return v
	}
	for k, v := range params {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}
