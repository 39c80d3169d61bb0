package parse

import (
	"strings"
	"testing"
)

// An empty plain text beside an HTML one leaves the text to the HTML.
func TestEmptyPlainBesideHTML(t *testing.T) {
	for _, plain := range []string{"", "\r\n", " \r\n\r\n"} {
		body := "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + plain + "\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" +
			"<p>I am out of office until 12 January.</p>\r\n--b--\r\n"
		m := msg(body, "From: bob@acme.example", "Subject: Automatic reply: Quotation", "Content-Type: multipart/alternative; boundary=b")
		if m.Snippet != "I am out of office until 12 January." || strings.TrimSpace(m.Text) != m.Snippet {
			t.Errorf("plain %q: Snippet %q Text %q; want the HTML's text", plain, m.Snippet, m.Text)
		}
	}
}

// In the whole-body walk (here because of a message/rfc822 part), an empty
// plain text beside an HTML one leaves the text to that HTML, not to a
// text/plain footer a list or gateway added after the alternatives: its
// out-of-office date counts, the footer's "unsubscribe" does not.
func TestEmptyPlainBesideHTMLBeforeAFooter(t *testing.T) {
	body := "--m\r\nContent-Type: multipart/alternative; boundary=a\r\n\r\n" +
		"--a\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\r\n" +
		"--a\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>I am out of office until 12 May.</p>\r\n--a--\r\n" +
		"--m\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: inline\r\n\r\n" +
		"-- \r\nSales mailing list. To unsubscribe send a mail to sales-leave@lists.acme.example\r\n" +
		"--m\r\nContent-Type: message/rfc822\r\n\r\nFrom: lily@seller.example\r\nSubject: Quotation\r\n\r\nDear Bob,\r\n" +
		"--m--\r\n"
	m := msg(body, "From: bob@acme.example", "Subject: Automatic reply: Quotation", "Content-Type: multipart/mixed; boundary=m")
	if !strings.Contains(m.Snippet, "out of office until 12 May") || strings.Contains(m.Text, "unsubscribe") {
		t.Errorf("Snippet %q Text %q; want the HTML's text, not the footer", m.Snippet, m.Text)
	}
}
