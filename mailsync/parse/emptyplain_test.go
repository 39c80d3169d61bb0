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
