package parse

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"math/big"
	"strings"
	"testing"
	"time"
)

// p7m is an opaque-signed S/MIME body around inner, as Outlook sends it:
// a CMS SignedData with the signer's certificate after the content.
func p7m(t *testing.T, inner string) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Hans Meier"},
		NotBefore: time.Unix(0, 0), NotAfter: time.Unix(1<<31, 0)}
	cert, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	type encap struct {
		Type    asn1.ObjectIdentifier
		Content []byte `asn1:"explicit,tag:0"`
	}
	type signedData struct {
		Version int
		Digests []pkix.AlgorithmIdentifier `asn1:"set"`
		Encap   encap
		Certs   asn1.RawValue   `asn1:"optional,tag:0"`
		Signers []asn1.RawValue `asn1:"set"`
	}
	type contentInfo struct {
		Type    asn1.ObjectIdentifier
		Content signedData `asn1:"explicit,tag:0"`
	}
	der, err := asn1.Marshal(contentInfo{Type: asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}, Content: signedData{
		Version: 1, Digests: []pkix.AlgorithmIdentifier{{Algorithm: asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}}},
		Encap: encap{Type: asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}, Content: []byte(inner)},
		Certs: asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: cert},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// base64Lines is b in base64, 76 characters a line.
func base64Lines(b []byte) string {
	s := base64.StdEncoding.EncodeToString(b)
	var out strings.Builder
	for len(s) > 76 {
		out.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	return out.String() + s + "\r\n"
}

// An opaque-signed mail's text is read from inside the signature, whole or
// from the start of the body sync fetches; encrypted mail is flagged, not
// silently empty.
func TestOpaqueSignedSMIME(t *testing.T) {
	inner := "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
		"I am out of office until 5 May. Für Rückfragen: Frau Schulz.\r\n"
	body := base64Lines(p7m(t, inner))
	head := []string{"From: Hans Meier <hans@buyer.de>", "To: sales@team.example", "Subject: Automatic reply: Quotation",
		"MIME-Version: 1.0", `Content-Type: application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"`,
		"Content-Transfer-Encoding: base64", `Content-Disposition: attachment; filename="smime.p7m"`}
	for _, cut := range []int{len(body), 400} {
		m := msg(body[:cut], head...)
		if !strings.Contains(m.Snippet, "I am out of office until 5 May. Für Rückfragen") || m.ParseError != "" {
			t.Errorf("cut at %d: Snippet %q ParseError %q", cut, m.Snippet, m.ParseError)
		}
		if len(m.Attachments) != 1 || m.Attachments[0].Name != "smime.p7m" {
			t.Errorf("cut at %d: attachments %v; want smime.p7m", cut, m.Attachments)
		}
	}
	// A signed multipart inside (text and an attached file).
	inner = "Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nPlease find our order attached.\r\n" +
		"--x\r\nContent-Type: application/pdf; name=PO-4711.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--x--\r\n"
	m := msg(base64Lines(p7m(t, inner)), head...)
	if m.Snippet != "Please find our order attached." || len(m.Attachments) != 2 || m.Attachments[1].Name != "PO-4711.pdf" {
		t.Errorf("signed multipart: Snippet %q attachments %v", m.Snippet, m.Attachments)
	}
	// Encrypted: cannot be read, and says so.
	env, _ := asn1.Marshal(struct {
		Type    asn1.ObjectIdentifier
		Content asn1.RawValue `asn1:"explicit,tag:0"`
	}{asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 3}, asn1.RawValue{Tag: asn1.TagSequence, IsCompound: true, Bytes: []byte{0x02, 0x01, 0x00}}})
	m = msg(base64Lines(env), append(head[:4:4], `Content-Type: application/pkcs7-mime; name="smime.p7m"`, "Content-Transfer-Encoding: base64")...)
	if !strings.Contains(m.ParseError, "encrypted S/MIME") {
		t.Errorf("encrypted: ParseError %q; want it noted", m.ParseError)
	}
}

// BER's indefinite lengths and content in pieces (some S/MIME libraries
// write them) read too.
func TestCMSContentInPieces(t *testing.T) {
	ber := []byte{0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02, 0xa0, 0x80, 0x30, 0x80,
		0x02, 0x01, 0x01, 0x31, 0x00, 0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, 0xa0, 0x80,
		0x24, 0x80, 0x04, 0x03, 'a', 'b', 'c', 0x04, 0x02, 'd', 'e', 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}
	if c, whole, enc := cmsContent(ber); string(c) != "abcde" || !whole || enc {
		t.Errorf("cmsContent = %q %v %v; want abcde, whole", c, whole, enc)
	}
	if c, whole, _ := cmsContent(ber[:44]); string(c) != "abc" || whole {
		t.Errorf("cut: cmsContent = %q %v; want abc, not whole", c, whole)
	}
}

// cmsContent reads what a customer's mail program wrote, and what a sync
// cut short: whatever the bytes, it returns, without panicking, content no
// longer than the bytes it was given.
func FuzzCMSContent(f *testing.F) {
	ber := []byte{0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02, 0xa0, 0x80, 0x30, 0x80,
		0x02, 0x01, 0x01, 0x31, 0x00, 0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, 0xa0, 0x80,
		0x24, 0x80, 0x04, 0x03, 'a', 'b', 'c', 0x04, 0x02, 'd', 'e', 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}
	f.Add(ber)
	f.Add(ber[:44])
	f.Add([]byte{0x30, 0x84, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, der []byte) {
		content, _, _ := cmsContent(der)
		if len(content) > len(der) {
			t.Fatalf("%d bytes of content from %d bytes", len(content), len(der))
		}
	})
}
