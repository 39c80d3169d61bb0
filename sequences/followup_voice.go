package sequences

import (
	"strings"
	"time"

	"keepwarm"
	"keepwarm/templates"
)

// ThreadVoice is how a follow-up in a thread is written: the template
// language and the salutation.
type ThreadVoice struct {
	Lang       string // the language to render in ("" English)
	Salutation string // "" leaves the template's neutral form
}

// VoiceOf picks the language and salutation of a follow-up the way the
// salesperson wrote: the language of their own last message in the thread
// (own), falling back to the contact's language in the book, then the
// customer's. The salutation is their own opening line in that message
// ("Dear Mr. Meier" stays), else the book's salutation for the contact
// when the follow-up is in the book's language, else none (the template's
// language gives its neutral form). tmplLang resolves the language a
// template is really rendered in (a language without a template falls back
// to English): a salutation is only reused in its own language.
func VoiceOf(own string, bookSalutation, contactLang, customerLang string, tmplLang func(lang string) string) ThreadVoice {
	v := templates.ReadVoice(own)
	bookLang := contactLang
	if bookLang == "" {
		bookLang = customerLang
	}
	lang := v.Lang
	if lang == "" {
		lang = bookLang
	}
	out := ThreadVoice{Lang: lang}
	rendered := primaryLang(tmplLang(lang))
	switch {
	case v.Salutation != "" && (v.Lang == "" || primaryLang(v.Lang) == rendered):
		out.Salutation = v.Salutation
	case strings.TrimSpace(bookSalutation) != "" && (bookLang == "" || primaryLang(bookLang) == rendered):
		out.Salutation = strings.TrimSpace(bookSalutation)
	}
	return out
}

func primaryLang(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if p, _, ok := strings.Cut(lang, "-"); ok {
		lang = p
	}
	if lang == "en" {
		return ""
	}
	return lang
}

// originalOf is the followed-up message as a template quotes it: its text
// with line breaks when the store kept it (else its one-line snippet), its
// date in the salesperson's zone.
func originalOf(anchor keepwarm.Message, id Identity) templates.Original {
	loc := id.Location
	if loc == nil {
		loc = time.UTC
	}
	from := anchor.From
	if strings.TrimSpace(from.Name) == "" && strings.EqualFold(from.Email, id.Email) {
		from.Name = id.Name
	}
	text, cut := anchor.Text, anchor.TextCut
	if strings.TrimSpace(text) == "" {
		text, cut = anchor.Snippet, false
	}
	return templates.Original{Subject: keepwarm.ClipSubject(anchor.Subject), Date: anchor.Date.In(loc), From: from, Text: text, Cut: cut}
}
