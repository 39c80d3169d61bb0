package templates

import (
	"fmt"
	htmltemplate "html/template"
	"strings"
	"time"

	"keepwarm"
)

// Quote styles: how the salesperson's own mail client quotes, which a
// follow-up in their name keeps (Original.Style).
const (
	QuoteCite    = ""        // "On … wrote:" and "> " lines (Gmail, Thunderbird, Apple Mail)
	QuoteOutlook = "outlook" // a "From: / Sent: / To: / Subject:" block, the text unquoted (Outlook, Foxmail)
)

// QuoteStyleOf is the quote style of the mail client that wrote text (the
// salesperson's own mail): Outlook's when the quote in it starts with
// Outlook's header block (under a line of underscores, as Outlook on the
// web writes it, or in Chinese: "发件人: … 发送时间: …") or an
// "-----Original Message-----" line in any of Outlook's languages
// ("-----Ursprüngliche Nachricht-----", "原始邮件", "原始郵件"), else the
// cite style.
func QuoteStyleOf(text string) string {
	style, _ := QuotedStyle(text)
	return style
}

// QuotedStyle is QuoteStyleOf's style with whether text quotes anything
// to tell it by: a fresh quotation quotes nothing, and its writer's mail
// client is not known from it (QuoteCite, false).
func QuotedStyle(text string) (string, bool) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i, l := range lines {
		t := strings.ToLower(strings.TrimSpace(l))
		switch {
		case t == "--":
			continue // a signature: the quote may follow it
		case forwardLine(t):
			// Gmail's, Thunderbird's and Apple Mail's forward: the
			// header block under it is the forwarded mail's, not this
			// client's way of quoting (Outlook's forward writes no
			// such line).
			return QuoteCite, false
		case outlookHeader(lines, i), strings.HasPrefix(t, "---") && originalMessageLine(t):
			return QuoteOutlook, true
		case strings.HasPrefix(t, "__________"):
			// Outlook on the web and the new Outlook draw a line above
			// their header block.
			for j := i + 1; j < min(len(lines), i+3); j++ {
				if strings.TrimSpace(lines[j]) == "" {
					continue
				}
				if outlookHeader(lines, j) {
					return QuoteOutlook, true
				}
				break
			}
			return QuoteCite, false
		case quoteStart.MatchString(strings.TrimSpace(l)):
			return QuoteCite, true
		}
	}
	return QuoteCite, false
}

// forwardPhrases name a forwarded mail in the line Gmail, Thunderbird and
// Apple Mail write over it ("---------- Forwarded message ---------",
// "Begin forwarded message:"), in lower case, in the languages they write
// it in.
var forwardPhrases = []string{"forwarded message", "weitergeleitete nachricht", "weitergeleiteten nachricht", "message transféré",
	"message réexpédié", "mensaje reenviado", "mensagem encaminhada", "mensagem reencaminhada", "messaggio inoltrato",
	"doorgestuurd bericht", "пересылаемое сообщение", "пересланное сообщение", "转发的邮件", "轉寄的郵件", "转发邮件", "転送されたメッセージ"}

// forwardLine says whether t, a line in lower case, is the line over a
// forwarded mail: a forward phrase between dashes, or a short line ending
// in one before a colon ("begin forwarded message:", "anfang der
// weitergeleiteten nachricht:"). A sentence of the writer's own ("hans,
// please see the forwarded message below:") is none.
func forwardLine(t string) bool {
	dashed := strings.HasPrefix(t, "--")
	head, colon := strings.CutSuffix(t, ":")
	if !colon {
		head, colon = strings.CutSuffix(t, "：")
	}
	if !dashed && !colon {
		return false
	}
	head = strings.TrimSpace(head)
	for _, w := range forwardPhrases {
		switch {
		case dashed && strings.Contains(t, w):
			return true
		case colon && strings.HasSuffix(head, w) && len(strings.Fields(head)) <= 5 && !strings.ContainsAny(head, ",，"):
			return true
		}
	}
	return false
}

// originalMessageLine says whether t, a lower-cased line, names Outlook's
// "Original Message" in one of its languages ("-----Ursprüngliche
// Nachricht-----", "-----原始郵件-----").
func originalMessageLine(t string) bool {
	for _, w := range keepwarm.OriginalMessage {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// outlookLabels are Outlook's header block labels (From, Sent, To,
// Subject) in the languages it is written in here; a language without
// them is quoted in the cite style.
var outlookLabels = map[string][4]string{
	"":   {"From", "Sent", "To", "Subject"},
	"de": {"Von", "Gesendet", "An", "Betreff"},
	"fr": {"De", "Envoyé", "À", "Objet"},
	"es": {"De", "Enviado el", "Para", "Asunto"},
	"pt": {"De", "Enviada em", "Para", "Assunto"},
	"it": {"Da", "Inviato", "A", "Oggetto"},
	"nl": {"Van", "Verzonden", "Aan", "Onderwerp"},
	"zh": {"发件人", "发送时间", "收件人", "主题"},
	Hant: {"寄件者", "寄件日期", "收件者", "主旨"},
}

// outlookCc is Outlook's "Cc" label in the languages of outlookLabels.
var outlookCc = map[string]string{
	"": "Cc", "de": "Cc", "fr": "Cc", "es": "CC", "pt": "Cc", "it": "Cc", "nl": "CC", "zh": "抄送", Hant: "副本",
}

var (
	longWeekdays = map[string][7]string{
		"":   {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
		"de": {"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"},
		"fr": {"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
		"es": {"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"},
		"pt": {"domingo", "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado"},
		"it": {"domenica", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato"},
		"nl": {"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"},
	}
	longMonths = map[string][12]string{
		"":   {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		"de": {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
		"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		"es": {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		"pt": {"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
		"it": {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"},
		"nl": {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
	}
)

// outlookDate writes t as Outlook's "Sent:" line does in lang.
func outlookDate(t time.Time, lang string) string {
	w, m, d, y := longWeekdays[lang][t.Weekday()], longMonths[lang][t.Month()-1], t.Day(), t.Year()
	switch lang {
	case "zh":
		return fmt.Sprintf("%d年%d月%d日 %s", y, int(t.Month()), d, t.Format("15:04"))
	case "de":
		return fmt.Sprintf("%s, %d. %s %d %s", w, d, m, y, t.Format("15:04"))
	case "es", "pt":
		return fmt.Sprintf("%s, %d de %s de %d %s", w, d, m, y, t.Format("15:04"))
	case "fr", "it", "nl":
		return fmt.Sprintf("%s %d %s %d %s", w, d, m, y, t.Format("15:04"))
	}
	return fmt.Sprintf("%s, %s %d, %d %s", w, m, d, y, t.Format("3:04 PM"))
}

// outlookWho writes an address as Outlook's header block does.
func outlookWho(a keepwarm.Address) string {
	if n := strings.TrimSpace(a.Name); n != "" && a.Email != "" {
		return n + " <" + a.Email + ">"
	} else if n != "" {
		return n
	}
	return a.Email
}

// outlookHeaderLines are the header block over an Outlook-style quote:
// label and value.
func (o *Original) outlookHeaderLines(lang string) [][2]string {
	l := outlookLabels[lang]
	var to []string
	for _, a := range o.To {
		to = append(to, outlookWho(a))
	}
	sep := "; "
	rows := [][2]string{{l[0], outlookWho(o.From)}, {l[1], outlookDate(o.Date, primary(lang))}}
	if len(to) > 0 {
		rows = append(rows, [2]string{l[2], strings.Join(to, sep)})
	}
	var cc []string
	for _, a := range o.Cc {
		cc = append(cc, outlookWho(a))
	}
	if len(cc) > 0 {
		rows = append(rows, [2]string{outlookCc[lang], strings.Join(cc, sep)})
	}
	return append(rows, [2]string{l[3], o.Subject})
}

// outlookLine is the line Outlook's text part writes above its header
// block.
var outlookLine = strings.Repeat("_", 32)

// quoteOutlook is the Outlook-style quote: the header block, a blank line
// and the original's lines as they were, in text (under Outlook's line of
// underscores) and in HTML (a block under a thin rule, as Outlook draws
// it).
func (o *Original) quoteOutlook(lang string, lines []string, cut bool) (string, htmltemplate.HTML) {
	colon := ": "
	if primary(lang) == "zh" {
		colon = "："
	} else if lang == "fr" {
		colon = " : "
	}
	var t, h strings.Builder
	// The text part's line is the html part's rule, as Outlook writes
	// it: without it the old mail runs on from the signature.
	t.WriteString(outlookLine + "\n")
	h.WriteString(`<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">` + "\n<p>")
	for i, r := range o.outlookHeaderLines(lang) {
		t.WriteString(r[0] + colon + r[1] + "\n")
		if i > 0 {
			h.WriteString("<br>\n")
		}
		h.WriteString("<b>" + htmltemplate.HTMLEscapeString(r[0]+strings.TrimRight(colon, " ")) + "</b> " + htmltemplate.HTMLEscapeString(r[1]))
	}
	h.WriteString("</p>\n</div>\n<div>\n")
	t.WriteByte('\n')
	for i, l := range lines {
		t.WriteString(l + "\n")
		if i > 0 {
			h.WriteString("<br>\n")
		}
		h.WriteString(htmltemplate.HTMLEscapeString(l))
	}
	if cut {
		t.WriteString(cutMark + "\n")
		if len(lines) > 0 {
			h.WriteString("<br>\n")
		}
		h.WriteString(cutMark)
	}
	h.WriteString("\n</div>")
	return strings.TrimRight(t.String(), "\n"), htmltemplate.HTML(h.String())
}
