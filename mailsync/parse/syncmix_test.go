package parse

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/emersion/go-message/textproto"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// syncCut is a message as sync hands it to parse: the header, and either
// the first bodyPrefix bytes of the body (part nil: single-part mail, and
// what needs the whole body) or the first bytes of its first text part
// with what the BODYSTRUCTURE says of it.
type syncCut struct {
	h, body []byte
	size    int64
	part    *Part
}

// exportCuts cuts n messages of mailtest.GenExport's mix as sync fetches
// them (mailsync's planText, read here from the MIME structure).
func exportCuts(tb testing.TB, n int) []syncCut {
	tb.Helper()
	var out []syncCut
	for i := range n {
		msg := mailtest.GenExport(i, mailtest.GenOptions{TeamDomain: "keepwarm-trading.com", Customers: 400})
		h, body, _ := bytes.Cut(msg, []byte("\r\n\r\n"))
		h = append(h, "\r\n\r\n"...)
		c := syncCut{h: h, body: body[:min(len(body), benchBodyPrefix)], size: int64(len(msg))}
		if p, text := textPartOf(tb, msg); p != nil {
			c.part, c.body = p, text[:min(len(text), benchBodyPrefix)]
		}
		out = append(out, c)
	}
	return out
}

// textPartOf finds the part planText would fetch of a multipart message:
// the first text/plain part that is not an attached file, else the first
// text/html one; nil for single-part mail and reports.
func textPartOf(tb testing.TB, msg []byte) (*Part, []byte) {
	tb.Helper()
	br := bufio.NewReader(bytes.NewReader(msg))
	th, err := textproto.ReadHeader(br)
	if err != nil {
		tb.Fatal(err)
	}
	mt, params, _ := parseMediaType(th.Get("Content-Type"))
	if !strings.HasPrefix(mt, "multipart/") || mt == "multipart/report" {
		return nil, nil
	}
	var plain, html *Part
	var plainText, htmlText []byte
	var attachments []keepwarm.Attachment
	var walk func(r io.Reader, boundary string)
	walk = func(r io.Reader, boundary string) {
		mr := textproto.NewMultipartReader(r, boundary)
		for {
			p, err := mr.NextPart()
			if err != nil {
				return
			}
			mt, params, _ := parseMediaType(p.Header.Get("Content-Type"))
			if strings.HasPrefix(mt, "multipart/") {
				walk(p, params["boundary"])
				continue
			}
			body, _ := io.ReadAll(p)
			_, dp, _ := parseMediaType(p.Header.Get("Content-Disposition"))
			if dp["filename"] != "" || params["name"] != "" {
				name := dp["filename"]
				if name == "" {
					name = params["name"]
				}
				attachments = append(attachments, keepwarm.Attachment{Name: name, Type: mt})
				continue
			}
			part := &Part{MediaType: mt, Charset: params["charset"], Encoding: p.Header.Get("Content-Transfer-Encoding"), Size: int64(len(body))}
			switch {
			case mt == "text/plain" && plain == nil:
				plain, plainText = part, body
			case mt == "text/html" && html == nil:
				html, htmlText = part, body
			}
		}
	}
	walk(br, params["boundary"])
	p, text := plain, plainText
	if p == nil {
		p, text = html, htmlText
	}
	if p == nil {
		return nil, nil
	}
	p.Attachments = attachments
	return p, text
}
