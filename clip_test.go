package keepwarm

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClipSubject(t *testing.T) {
	if got := ClipSubject("Re: Quotation LED panels"); got != "Re: Quotation LED panels" {
		t.Errorf("short: %q", got)
	}
	huge := "Re: " + strings.Repeat("报价 LED ", 200_000) // over 1 MB
	got := ClipSubject(huge)
	if n := utf8.RuneCountInString(got); n != MaxSubject || !strings.HasSuffix(got, "…") || !strings.HasPrefix(got, "Re: 报价") {
		t.Errorf("1 MB subject: %d runes, %q", n, got)
	}
	if got := ClipLine("a\r\nBcc: x@y\tz", 50); got != "a  Bcc: x@y z" {
		t.Errorf("line breaks: %q", got)
	}
	exact := strings.Repeat("é", MaxSubject)
	if got := ClipSubject(exact); got != exact {
		t.Errorf("exactly %d runes cut: %q", MaxSubject, got)
	}
	if got := ClipSubject(exact + "x"); utf8.RuneCountInString(got) != MaxSubject || !strings.HasSuffix(got, "…") {
		t.Errorf("one over: %q", got)
	}
	if got := ClipSubject("bad \xff byte"); !utf8.ValidString(got) {
		t.Errorf("invalid UTF-8 kept: %q", got)
	}
}
