package parse

import (
	"strings"
	"testing"
)

func TestAttachmentNamesFromTheBodyPrefix(t *testing.T) {
	header := "From: Lily <lily@seller.example>\r\nTo: hans@buyer.de\r\nSubject: LED panels\r\n" +
		"Message-ID: <a-1@seller.example>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
	body := "--b1\r\nContent-Type: multipart/alternative; boundary=\"b2\"\r\n\r\n" +
		"--b2\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nDear Hans,\r\nplease see attached.\r\n" +
		"--b2\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Dear Hans,</p>\r\n--b2--\r\n" +
		"--b1\r\nContent-Type: application/pdf; name=\"x.pdf\"\r\n" +
		"Content-Disposition: attachment; filename=\"=?utf-8?B?5oql5Lu35Y2VIFF1b3RhdGlvbi5wZGY=?=\"\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n" +
		"--b1\r\nContent-Type: application/vnd.ms-excel\r\nContent-Disposition: attachment; filename*=utf-8''Price%20list%202027.xls\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\nAAAA"
	m := Message([]byte(header), []byte(body), int64(len(header)+len(body)+5000))
	if len(m.Attachments) != 2 {
		t.Fatalf("attachments %+v (parse error %q)", m.Attachments, m.ParseError)
	}
	if m.Attachments[0].Name != "报价单 Quotation.pdf" || m.Attachments[0].Type != "application/pdf" {
		t.Errorf("first: %+v", m.Attachments[0])
	}
	if m.Attachments[1].Name != "Price list 2027.xls" {
		t.Errorf("second: %+v", m.Attachments[1])
	}
	if !strings.Contains(m.Snippet, "please see attached") {
		t.Errorf("snippet %q", m.Snippet)
	}
	// Without a multipart/mixed there is nothing to look for: the walk stops
	// at the text as before.
	plain := Message([]byte(strings.Replace(header, "multipart/mixed; boundary=\"b1\"", "text/plain", 1)), []byte("Hello"), 0)
	if len(plain.Attachments) != 0 {
		t.Errorf("plain: %+v", plain.Attachments)
	}
}
