package templates

import (
	"fmt"
	"slices"
	"strings"
)

// Kind is what sends a template's mail: a follow-up step (or an
// acknowledgement, a mail in the customer's thread), a greeting or a
// monthly letter. Each fills only some of Data: a follow-up has no
// occasion and no month, a greeting no mail it follows up and no month,
// a letter no occasion and no mail it follows up.
type Kind string

// The kinds of mail a template is sent as.
const (
	KindFollowUp Kind = "follow-up"
	KindGreeting Kind = "greeting"
	KindLetter   Kind = "letter"
)

var kindUnset = map[Kind][]string{
	KindFollowUp: {"Occasion", "Month"},
	KindGreeting: {"Original", "Month"},
	KindLetter:   {"Occasion", "Original"},
}

// whoHas says which mail has a field a kind's mail never has.
var whoHas = map[string]string{
	"Occasion": "only a greeting has an occasion",
	"Month":    "only a monthly letter has a month",
	"Original": "only a follow-up in a thread has a mail it follows up",
}

// kindWords name a kind's mail in a sentence.
var kindWords = map[Kind]string{
	KindFollowUp: "a follow-up step's (or an acknowledgement's) mail",
	KindGreeting: "a greeting",
	KindLetter:   "a monthly letter",
}

// Unset are the fields of Data a mail of kind k never has ("Occasion",
// "Month", "Original"); none for the zero Kind.
func (k Kind) Unset() []string { return kindUnset[k] }

// Of is d as a mail of kind k has it: the fields k never fills emptied.
// Render then refuses a template writing one of them (UnsetFieldError)
// rather than send a blank where the month or the occasion should be,
// and FieldsOf leaves them out.
func (d Data) Of(k Kind) Data {
	for _, f := range k.Unset() {
		switch f {
		case "Occasion":
			d.Occasion = ""
		case "Month":
			d.Month = ""
		case "Original":
			d.Original = Original{}
		}
	}
	d.kind = k
	return d
}

// UnsetFieldError is what Render returns for a template writing a field
// its kind's mail never has (Data.Of): every such mail would go out with
// a blank in its place.
type UnsetFieldError struct {
	File  string
	Field string // "Month", "Occasion", "Original"
	Kind  Kind
}

func (e *UnsetFieldError) Error() string {
	return fmt.Sprintf("%s writes {{.%s}}, which is always empty in %s: %s", e.File, e.Field, kindWords[e.Kind], unsetFix(e.Field))
}

func unsetFix(field string) string {
	return whoHas[field] + "; take it out of this template (write the words themselves)"
}

// unsetWritten is the first field of k's Unset that t writes, "" for
// none. A use guarded by the field itself ({{with .Month}} for {{.}}{{end}},
// {{if .Original.Subject}}) is no write: its passage is left out whole,
// and the mail has no blank.
func (t *Template) unsetWritten(k Kind) string {
	for _, f := range k.Unset() {
		if !t.Guarded(f) {
			return f
		}
	}
	return ""
}

// KindProblems names each template of set writing a field the mail it is
// sent as never has (kindOf gives a template's kind; "" for one not
// judged): a follow-up's {{.Month}} or {{.Occasion}}, a greeting's
// {{.Original.Subject}} or {{.Month}}, a letter's {{.Occasion}}. Such a
// mail is not sent (Render refuses it); the console refuses to save the
// file, and `keepwarm sequences check` and `keepwarm check` warn of it.
func KindProblems(set *Set, kindOf func(t *Template) Kind) []Problem {
	if set == nil {
		return nil
	}
	var out []Problem
	for _, t := range set.Templates() {
		k := kindOf(t)
		if f := t.unsetWritten(k); f != "" {
			out = append(out, Problem{File: t.File, Field: "." + f, Msg: UnsetMsg(k, f)})
		}
	}
	return out
}

// UnsetMsg is KindProblems' word on a template of kind k writing field
// ("Month"), which k's mail never has.
func UnsetMsg(k Kind, field string) string {
	return fmt.Sprintf("is always empty in %s, so every mail of this template would have a blank there: %s", kindWords[k], unsetFix(field))
}

// Kinds are the kinds of mail a template is sent as.
func Kinds() []Kind { return []Kind{KindFollowUp, KindGreeting, KindLetter} }

// unsetField says whether the field name (".Month", ".Original.Subject")
// is one k's mail never has.
func unsetField(k Kind, name string) bool {
	return slices.ContainsFunc(k.Unset(), func(f string) bool {
		return name == "."+f || strings.HasPrefix(name, "."+f+".")
	})
}
