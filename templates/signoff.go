package templates

import (
	"html"
	htmltemplate "html/template"
	"strings"
	"unicode/utf8"
)

// SignOffs close a mail before the signature, in the languages export mail
// is written in, longest first where one starts another.
var SignOffs = []string{
	"thanks and best regards", "thanks and regards", "thanks & regards", "thanks and best wishes",
	"with best regards", "with kind regards", "best regards", "kind regards", "warm regards", "warmest regards",
	"best wishes", "yours sincerely", "sincerely yours", "sincerely", "yours faithfully", "regards",
	"mit freundlichen grüßen", "mit freundlichen grüssen", "freundliche grüße", "viele grüße", "beste grüße",
	"saludos cordiales", "un cordial saludo", "un saludo", "atentamente", "bien cordialement", "cordialement",
	"atenciosamente", "cordiali saluti", "distinti saluti", "met vriendelijke groet", "с уважением",
	"saygılarımla", "pozdrawiam", "z poważaniem", "مع أطيب التحيات", "مع التحية", "مع خالص التحية", "此致敬礼", "此致敬禮", "此致", "顺祝商祺", "順祝商祺", "敬祝商祺", "祝好",
}

// signOffPunct may end a sign-off line: "Best regards,", "祝好！".
const signOffPunct = ",.!;:，。！；：،"

// IsSignOff says whether line is a sign-off alone ("Best regards,",
// "Mit freundlichen Grüßen", "祝好！").
func IsSignOff(line string) bool {
	l := strings.ToLower(strings.Join(strings.Fields(strings.TrimRight(strings.TrimSpace(line), signOffPunct)), " "))
	// Chinese sign-offs are written with a space or none ("此致 敬禮").
	cjk := strings.ReplaceAll(l, " ", "")
	for _, so := range SignOffs {
		if l == so || cjk == so && !strings.ContainsRune(so, ' ') && so[0] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// SignatureSignOff is the sign-off line a signature starts with ("Best
// regards," of a pasted Outlook signature), "" when it starts with no
// sign-off.
func SignatureSignOff(sig string) string {
	for _, l := range strings.Split(strings.ReplaceAll(sig, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if IsSignOff(l) {
			return strings.TrimSpace(l)
		}
		return ""
	}
	return ""
}

// SignatureHTMLSignOff is the sign-off an html signature starts with
// ("Best regards," of "<p>Best regards,<br>Lily Chen</p>"), "" when it
// starts with none.
func SignatureHTMLSignOff(sig string) string {
	if _, ok := htmlWithoutSignOff(htmltemplate.HTML(sig)); !ok {
		return ""
	}
	for _, l := range strings.Split(htmlText(sig), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}

// withoutSignOff is sig without the sign-off lines it starts with, and
// whether it had any.
func withoutSignOff(sig string) (string, bool) {
	lines := strings.Split(strings.ReplaceAll(sig, "\r\n", "\n"), "\n")
	cut := false
	for len(lines) > 0 && (strings.TrimSpace(lines[0]) == "" || IsSignOff(lines[0])) {
		cut = cut || strings.TrimSpace(lines[0]) != ""
		lines = lines[1:]
	}
	if !cut || len(lines) == 0 {
		return sig, false // a signature that is a sign-off alone stays
	}
	return strings.Join(lines, "\n"), true
}

// htmlWithoutSignOff is an html signature without the sign-off it starts
// with ("<p>Best regards,<br>Lily Chen</p>"), read line by line at its
// <br> and <p> breaks; ok is false when it starts with none.
func htmlWithoutSignOff(sig htmltemplate.HTML) (htmltemplate.HTML, bool) {
	s := string(sig)
	lead := ""
	for {
		t := strings.TrimLeft(s, " \t\r\n")
		lower := strings.ToLower(t)
		switch {
		case strings.HasPrefix(lower, "<p>"), strings.HasPrefix(lower, "<div>"):
			i := strings.Index(t, ">") + 1
			lead, s = lead+t[:i], t[i:]
			continue
		}
		break
	}
	end, brk := len(s), ""
	for _, b := range []string{"<br>", "<br/>", "<br />", "</p>", "</div>", "\n"} {
		if i := strings.Index(strings.ToLower(s), b); i >= 0 && i < end {
			end, brk = i, b
		}
	}
	if brk == "" || !IsSignOff(html.UnescapeString(strings.TrimSpace(s[:end]))) {
		return sig, false
	}
	rest := s[end+len(brk):]
	if brk == "</p>" || brk == "</div>" {
		return htmltemplate.HTML(strings.TrimLeft(rest, " \t\r\n")), true
	}
	return htmltemplate.HTML(lead + strings.TrimLeft(rest, " \t\r\n")), true
}

// signsOff says whether text, a rendered body, writes a sign-off of its
// own on the line before sig: a short line ("Best regards,", "Mit
// freundlichen Grüßen", "Thanks!") rather than a sentence of the body.
func signsOff(text, sig string) bool {
	i := strings.Index(text, sig)
	if i <= 0 {
		return false
	}
	before := strings.TrimRight(text[:i], " \t\r\n")
	if j := strings.LastIndex(before, "\n"); j >= 0 {
		before = before[j+1:]
	}
	before = strings.TrimSpace(before)
	if before == "" || IsSignOff(before) {
		return before != ""
	}
	last, _ := utf8.DecodeLastRuneInString(before)
	return utf8.RuneCountInString(before) <= 40 && len(strings.Fields(before)) <= 5 && !strings.ContainsRune(".。?？:：", last)
}
