package parse

import (
	"bytes"
	"strings"

	"keepwarm"
)

// Opaque-signed S/MIME (Outlook with "send clear text signed message" off):
// the whole body is application/pkcs7-mime, a CMS SignedData whose
// encapsulated content is the MIME entity the sender wrote. Its text is
// read from there; the signature is not checked (keepwarm reads mail, it
// does not vouch for it). Encrypted S/MIME cannot be read: it is noted,
// so the message is flagged rather than silently empty.

// Object identifiers of CMS content types, DER-encoded (tag and length
// included).
var (
	oidSignedData    = []byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02}
	oidEnvelopedData = []byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x03}
)

// readSMIME reads an application/pkcs7-mime body: the signed entity's text
// and attachments, the p7m file itself listed too.
func readSMIME(params map[string]string, cte string, body []byte, complete, snippetOnly bool) bodyInfo {
	info := bodyInfo{snippetOnly: snippetOnly}
	name := params["name"]
	if name == "" {
		name = "smime.p7m"
	}
	p7m := keepwarm.Attachment{Name: clip(toUTF8String(name), 200), Type: "application/pkcs7-mime"}
	enc, _ := newTransfer(cte)
	d := transferDecoder{src: body, enc: enc}
	der := d.decode(nil, len(body))
	inner, whole, encrypted := cmsContent(der)
	switch {
	case encrypted || strings.EqualFold(params["smime-type"], "enveloped-data"):
		info.note("encrypted S/MIME: text not read")
	case inner == nil:
		if complete {
			info.note("S/MIME: signed text not read")
		}
	default:
		hdr, text := inner, []byte(nil)
		for _, sep := range []string{"\r\n\r\n", "\n\n"} {
			if i := bytes.Index(inner, []byte(sep)); i >= 0 {
				hdr, text = inner[:i+len(sep)], inner[i+len(sep):]
				break
			}
		}
		info = readBody(lenientHeader(hdr), text, complete && whole, snippetOnly)
	}
	if len(info.attachments) < maxAttachments {
		info.attachments = append([]keepwarm.Attachment{p7m}, info.attachments...)
	}
	return info
}

// cmsContent finds the encapsulated content of a CMS ContentInfo holding
// SignedData: ContentInfo { contentType OID, [0] { SignedData { version,
// digestAlgorithms, encapContentInfo { eContentType, [0] { eContent
// OCTET STRING } } ... } } }. der may be cut short (sync fetches the start
// of a body): as much of the content as there is is returned, whole saying
// it is all of it. encrypted says der is EnvelopedData.
func cmsContent(der []byte) (content []byte, whole, encrypted bool) {
	r := derReader{b: der}
	if !r.enter(0x30) { // ContentInfo
		return nil, false, false
	}
	if r.has(oidEnvelopedData) {
		return nil, false, true
	}
	if !r.has(oidSignedData) || !r.enter(0xa0) || !r.enter(0x30) || // [0], SignedData
		!r.skip(0x02) || !r.skip(0x31) || // version, digestAlgorithms
		!r.enter(0x30) || !r.skip(0x06) || !r.enter(0xa0) { // encapContentInfo, eContentType, [0]
		return nil, false, false
	}
	content, whole, _ = r.octets()
	return content, whole, false
}

// derReader walks BER/DER as far as the bytes go.
type derReader struct {
	b []byte
}

// header reads a tag and its length: n is -1 for the indefinite length.
func (r *derReader) header() (tag byte, n int, ok bool) {
	if len(r.b) < 2 {
		return 0, 0, false
	}
	tag, l := r.b[0], int(r.b[1])
	r.b = r.b[2:]
	if l < 0x80 {
		return tag, l, true
	}
	if l == 0x80 {
		return tag, -1, true
	}
	k := l & 0x7f
	if k > 4 || len(r.b) < k {
		return 0, 0, false
	}
	n = 0
	for _, c := range r.b[:k] {
		n = n<<8 | int(c)
	}
	r.b = r.b[k:]
	return tag, n, true
}

// enter reads the header of a value with tag and goes into it.
func (r *derReader) enter(tag byte) bool {
	t, _, ok := r.header()
	return ok && t == tag
}

// skip passes over a definite-length value with tag.
func (r *derReader) skip(tag byte) bool {
	t, n, ok := r.header()
	if !ok || t != tag || n < 0 || n > len(r.b) {
		return false
	}
	r.b = r.b[n:]
	return true
}

// has passes over the exact value v (tag, length and content) when it is next.
func (r *derReader) has(v []byte) bool {
	if !bytes.HasPrefix(r.b, v) {
		return false
	}
	r.b = r.b[len(v):]
	return true
}

// octets reads an OCTET STRING, primitive or (BER) made of pieces, as
// far as the bytes go; whole says it was all there.
func (r *derReader) octets() (content []byte, whole, ok bool) {
	t, n, hok := r.header()
	if !hok {
		return nil, false, false
	}
	switch t {
	case 0x04:
		if n < 0 {
			return nil, false, false
		}
		if n > len(r.b) {
			c := r.b
			r.b = nil
			return c, false, true
		}
		c := r.b[:n]
		r.b = r.b[n:]
		return c, true, true
	case 0x24:
		rest := -1 // what follows the value in r.b, when it is all there
		if n >= 0 && n <= len(r.b) {
			rest = len(r.b) - n
		}
		var out []byte
		for {
			switch {
			case n < 0 && len(r.b) >= 2 && r.b[0] == 0 && r.b[1] == 0:
				r.b = r.b[2:]
				return out, true, true
			case rest >= 0 && len(r.b) <= rest:
				return out, true, true
			case len(r.b) == 0:
				return out, false, true
			}
			piece, w, pok := r.octets()
			out = append(out, piece...)
			if !pok || !w {
				return out, false, out != nil
			}
		}
	}
	return nil, false, false
}
