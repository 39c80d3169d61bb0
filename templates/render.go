package templates

import (
	"errors"
	"fmt"
	htmltemplate "html/template"
	"regexp"
	"sort"
	"strings"
	"time"

	"keepwarm"
)

// Data is everything a template may use.
type Data struct {
	Customer keepwarm.Customer
	Contact  Contact
	Owner    Owner
	// Company names the customer's company as a mail may: the book's name,
	// "" when it only knows a key or domain (see CompanyName). Render fills
	// it from Customer when it is empty.
	Company  string
	Original Original  // the message a resend follows up; zero for new threads
	Products []Product // products to offer, best first
	Occasion string    // e.g. "Christmas", "Thanksgiving", "your birthday"
	Month    string    // e.g. "December 2026", for monthly letters

	// kind is the mail's kind (Of): Render refuses a template writing a
	// field it never has. "" for none said (SampleData).
	kind Kind
}

// Contact is the person written to.
type Contact struct {
	Name      string // the person's name without a title; "" when no person's
	FirstName string
	Title     string // the title the name was written with ("Mr.", "Dr."), else ""
	Email     string
	// Salutation is the opening, without the comma. Empty means the default
	// for the template's language: "Dear <first name>", or "Dear Sir or
	// Madam" when the first name is unknown (see Salutation).
	Salutation string
	// Addressed is the name the opening addresses, as it writes it:
	// "Herr Meier" after "Sehr geehrter Herr Meier", "Mr. Smith" after
	// "Dear Mr. Smith", "Bob" after "Hi Bob", "Hans Meier" after "Guten
	// Tag Hans Meier"; "" when it greets nobody by name ("Dear Sir or
	// Madam"). A subject naming the person writes this, in the opening's
	// register, never a first name under a formal opening.
	Addressed string

	// family is the family name when the display name marked it by
	// capitals (Person.Family): Chinese writes it first ("尊敬的Wang Wei").
	family string
}

// Owner is the salesperson the message is sent as.
type Owner struct {
	Name      string
	Email     string
	Signature string // as text; the name when none is configured
	// SignatureHTML is the signature for the html section; Render makes it
	// from Signature (escaped, line breaks kept) when it is empty.
	SignatureHTML htmltemplate.HTML
}

// signatureHTML is a text signature as HTML: escaped, lines joined by <br>.
func signatureHTML(sig string) htmltemplate.HTML {
	lines := strings.Split(strings.ReplaceAll(strings.TrimSpace(sig), "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = htmltemplate.HTMLEscapeString(l)
	}
	return htmltemplate.HTML(strings.Join(lines, "<br>\n"))
}

// Original is the message an in-thread resend follows up. The caller sets
// Subject, Date (in the writer's zone), From and Text; Render fills
// Attribution, Quote and QuoteHTML in the template's language.
type Original struct {
	Subject string
	Date    time.Time
	From    keepwarm.Address // who wrote it: the salesperson
	Text    string           // its text with its line breaks
	Cut     bool             // Text is not the whole message
	// To is who it went to, for an Outlook-style quote's "To:" line.
	To []keepwarm.Address
	// Cc is who it went to in Cc, for that quote's "Cc:" line.
	Cc []keepwarm.Address
	// Style is how the writer's mail client quotes (QuoteStyleOf):
	// QuoteCite, or QuoteOutlook for a header block over the text.
	Style string

	// Attribution is the line a mail client writes above a quote: "On Mon,
	// 16 Nov 2026 at 09:06, Lily Chen <lily@…> wrote:".
	Attribution string
	// Quote is Attribution and the text "> "-quoted, bounded (QuoteLines,
	// QuoteBytes, then "[…]"); "" when there is no text.
	Quote string
	// QuoteHTML is the same quote for the html section: the attribution and
	// a <blockquote type="cite">.
	QuoteHTML htmltemplate.HTML
}

// Rendered is a rendered message.
type Rendered struct {
	Name    string
	Lang    string // the language actually used: "" for English
	File    string
	Hash    string // the template file's Hash
	Subject string
	Text    string
	HTML    string // "" when the template has no html section

	// fixed is the template's opening line when it writes no field
	// (Template.fixed): no name slot to find empty in it.
	fixed string

	// own is what the template and the book put in, the thread's subject
	// left out (Placeholder looks only at it): the subject rendered with
	// an empty .Original.Subject, and the thread's subject to take out
	// of the text and html.
	// signature, salutation and contact are the parts that came from
	// elsewhere, to say where a merge field is (PlaceholderPart).
	own struct {
		set        bool
		subject    string
		thread     string
		signature  string
		salutation string
		contact    string
		nameless   bool // the contact has no name in the book (info@)
		// given are the words the catalog and the book put in: the
		// products' names, pitches, prices and order quantities, the
		// company's and customer's names (Prose leaves them out).
		given []string
		// names is how many of given are names (the company's, the
		// contact's, the salesperson's), before the catalog's words.
		names int
		// ownerName is the salesperson's own name (Owner.Name): with no
		// closing, her signature block starts at it (signatureBelow).
		ownerName string
	}
}

// NewContact fills Name, FirstName and Title from a display name and an
// address (PersonOf): "Mr. AHMED KHAN" is Ahmed Khan, first name Ahmed,
// title "Mr."; "Khan, Ahmed" is Ahmed Khan. A name that is an address, a
// company ("Shenzhen Bright Co., Ltd"), a department ("Einkauf") or on a
// shared address (info@, 采购@) gives no name, so the salutation falls
// back to the formal one.
func NewContact(name, email string) Contact {
	p := PersonOf(name, email)
	return Contact{Name: p.Name, FirstName: p.FirstName, Title: p.Title, Email: email, family: p.Family}
}

// salutations are the neutral openings per language: with a name, and
// without one. German and Chinese address the whole name (a first name
// alone goes with "du", not with "Sie"); the others the first name. Where
// the polite form has a gender (Estimado/Estimada, Prezado/Prezada) and the
// book does not say which, the opening is the neutral greeting people
// write ("Hola Ana", "Olá João"): a slashed "Estimado/a" reads as a form
// letter.
var salutations = map[string][2]string{
	"":   {"Dear %s", "Dear Sir or Madam"},
	"es": {"Hola %s", "Estimados señores"},
	"de": {"Guten Tag %s", "Sehr geehrte Damen und Herren"},
	"fr": {"Bonjour %s", "Madame, Monsieur"},
	"zh": {"尊敬的%s", "尊敬的客户"}, // Traditional: hantForms
	"pt": {"Olá %s", "Prezados senhores"},
	"ru": {"Здравствуйте, %s", "Здравствуйте"},
	"ar": {"مرحبًا %s", "السادة الكرام"},
	"it": {"Buongiorno %s", "Gentili Signori"},
	"nl": {"Beste %s", "Geachte heer, mevrouw"},
	"tr": {"Merhaba %s", "Sayın Yetkili"},
	"pl": {"Dzień dobry", "Szanowni Państwo"}, // a name wants the vocative: none
	"ja": {"%s様", "ご担当者様"},
	"ko": {"%s님", "담당자님께"},
	"vi": {"Kính gửi %s", "Kính gửi Quý công ty"},
	"id": {"Yth. %s", "Dengan hormat"},
}

// fullNameSalutation marks the languages whose neutral opening names the
// whole name.
var fullNameSalutation = map[string]bool{"de": true, "zh": true, "ja": true, "ko": true, "vi": true, "id": true}

// familyFirst marks the languages whose whole name puts the family name
// first: a display name that marked it in capitals ("YAMADA Taro") is
// written so again.
var familyFirst = map[string]bool{"zh": true, "ja": true, "ko": true, "vi": true}

// named writes name into a salutation form; a form without a place for
// it ("Dzień dobry") stays as it is.
func named(form, name string) string {
	if !strings.Contains(form, "%s") {
		return form
	}
	return fmt.Sprintf(form, name)
}

// NoSalutationFor says whether keepwarm has no opening in lang (a BCP 47
// tag) to write for {{.Contact.Salutation}}: a template in it writes its
// opening itself.
func NoSalutationFor(lang string) bool {
	_, ok := salutations[primary(lang)]
	return !ok
}

// Salutation returns the contact's opening in lang: their own Salutation
// when set (without the comma or colon it may have been typed with: the
// template writes its own), else "Dear <first name>", else "Dear Sir or
// Madam" (or the language's equivalents; English for languages without
// one).
func Salutation(c Contact, lang string) string {
	if s := TrimSalutation(c.Salutation); s != "" {
		return s
	}
	forms, lang := salutationForms(lang)
	if c.FirstName == "" {
		return forms[1]
	}
	name := strings.Join(strings.Fields(strings.Trim(c.Name, `"' `)), " ")
	if c.Title != "" && name != "" && !strings.Contains(name, " ") && c.FirstName != name {
		// One name kept with its title ("Herr Meier", "Mr. Ahmed"): the
		// title in the opening's language, "Dear Mr. Meier", "Hola Sr.
		// Meier", "尊敬的Ahmed先生". English keeps a title it has no word
		// for as written ("Dear Sheikh Rashid"); another language gives
		// its formal opening.
		t, ok := titleIn(c.Title, name, lang)
		switch {
		case lang == "vi" && vietFamilyNames[strings.ToLower(name)], lang == "ko" && oneSyllable(name):
			// "ông Nguyen": a Vietnamese is not called by the family
			// name; "Kim님", a bare Korean family name, is curt. The
			// neutral opening, as before.
			return forms[1]
		case ok:
			return named(forms[0], t)
		case lang == "":
			return named(forms[0], c.FirstName)
		case lang == "ja" || lang == "ko" || !strings.Contains(forms[0], "%s"):
			// 様 and 님 are the honorific whatever the title ("Tanaka様");
			// an opening without the name ("Dzień dobry") greets anyone.
			return named(forms[0], name)
		}
		return forms[1]
	}
	if fullNameSalutation[lang] && name != "" && !strings.Contains(name, ",") {
		if given, ok := strings.CutSuffix(name, " "+c.family); ok && familyFirst[lang] && c.family != "" {
			// "WANG Wei" is 尊敬的Wang Wei, "YAMADA Taro" Yamada Taro様,
			// "NGUYEN Van An" Kính gửi Nguyen Van An: family name first
			name = c.family + " " + given
		}
		return named(forms[0], name)
	}
	if c.family == "" && pinyinOrderUnknown(name) {
		// "Wang Wei" may be Wang the family name written first, as most
		// mainland buyers write it, or last: "Dear Wang" would greet the
		// family name. The whole name is right either way.
		return named(forms[0], name)
	}
	return named(forms[0], c.FirstName)
}

// pinyinOrderUnknown says whether name is two pinyin syllables, one of
// them a common Chinese family name ("Wang Wei", "Wei Wang", "Zhang Li"):
// which is the family name cannot be told. Capitals tell it ("WANG Wei",
// Contact.family), and a Western given name beside it ("Lily Chen") does.
func pinyinOrderUnknown(name string) bool {
	w := strings.Fields(name)
	if len(w) != 2 || !pinyinSyllable.MatchString(w[0]) || !pinyinSyllable.MatchString(w[1]) || westernGiven[strings.ToLower(w[0])] {
		return false
	}
	return chineseFamilyNames[strings.ToLower(w[0])] || chineseFamilyNames[strings.ToLower(w[1])]
}

// pinyinSyllable is one syllable written in pinyin without tone marks,
// capitalised as a name is ("Wei", "Zhang", "Xiao").
var pinyinSyllable = regexp.MustCompile(`^(?:Zh|Ch|Sh|[BPMFDTNLGKHJQXRZCSYW])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|an|ao|ei|en|er|ia|ie|in|iu|ou|ua|ue|ui|un|uo|a|e|i|o|u|v|ü)$`)

// westernGiven are English given names spelt like a pinyin syllable: "Ian
// Wu", "Ben Wang" write the given name first, as "Lily Chen" does.
var westernGiven = wordSet("ian ben dan ken kai jan jen sue mia jo lou lia nia")

// chineseFamilyNames are the commonest Chinese family names in pinyin.
var chineseFamilyNames = wordSet("wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang " +
	"xie song tang han feng deng cao peng zeng xiao tian dong yuan pan cai jiang yu du ye cheng wei su lu ding ren shen yao jin fu zhong")

// salutationForms are the neutral openings in lang with its primary tag
// ("" for English, and for a language without its own).
func salutationForms(tag string) ([2]string, string) {
	lang := primary(tag)
	forms, ok := salutations[lang]
	if !ok {
		return salutations[""], ""
	}
	if Traditional(tag) {
		forms = hantForms
	}
	return forms, lang
}

// titleKinds sorts the titles that have a word in each language: a man's,
// a woman's, a doctor's, a professor's.
var titleKinds = map[string]string{
	"mr": "male", "mister": "male", "herr": "male", "hr": "male", "sr": "male", "m": "male", "monsieur": "male",
	"mrs": "female", "ms": "female", "miss": "female", "frau": "female", "fr": "female", "sra": "female",
	"srta": "female", "mme": "female", "mlle": "female", "madame": "female", "madam": "female",
	"dr": "dr", "prof": "prof",
	"sig": "male", "sigra": "female",
}

// titleWords are the titles per kind and language; zh writes its own
// after the name ("Ahmed先生"), tr its Bey and Hanım ("Yilmaz Bey").
var titleWords = map[string]map[string]string{
	"male": {"": "Mr.", "de": "Herr", "fr": "M.", "es": "Sr.", "pt": "Sr.", "zh": "先生", "it": "Sig.", "nl": "heer",
		"ar": "السيد", "vi": "ông", "id": "Bapak", "tr": "Bey"},
	"female": {"": "Ms.", "de": "Frau", "fr": "Mme", "es": "Sra.", "pt": "Sra.", "zh": "女士", "it": "Sig.ra", "nl": "mevrouw",
		"ar": "السيدة", "vi": "bà", "id": "Ibu", "tr": "Hanım"},
	"dr": {"": "Dr.", "de": "Dr.", "fr": "Dr.", "es": "Dr.", "pt": "Dr.", "zh": "博士", "it": "Dott.", "nl": "dr.",
		"ar": "الدكتور", "vi": "Tiến sĩ", "id": "Dr.", "tr": "Dr."},
	"prof": {"": "Prof.", "de": "Prof.", "fr": "Prof.", "es": "Prof.", "pt": "Prof.", "zh": "教授", "it": "Prof.", "nl": "prof.",
		"ar": "البروفيسور", "vi": "Giáo sư", "id": "Prof.", "tr": "Prof."},
}

// femaleDoctor is a woman's doctorate in the languages that write it
// apart from a man's.
var femaleDoctor = map[string]string{"it": "Dott.ssa", "es": "Dra.", "pt": "Dra."}

// titleIn writes name with title as lang writes it: "Herr" is "Mr." in
// English, "Herr" and "Mr." are "Sr." in Spanish and "先生" after the name
// in Chinese. ok is false when lang has no word for the title (Sheikh,
// Eng. in German).
func titleIn(title, name, lang string) (string, bool) {
	if first, second, two := strings.Cut(title, " "); two {
		// "Frau Dr.": German writes both ("Frau Dr. Schmidt"), the
		// other languages the doctorate ("Dear Dr. Schmidt").
		w1, ok1 := titleWords[titleKinds[bare(first)]][lang]
		w2, ok2 := titleWords[titleKinds[bare(second)]][lang]
		switch {
		case lang == "de" && ok1 && ok2:
			return w1 + " " + w2 + " " + name, true
		case ok2 && titleKinds[bare(first)] == "female" && titleKinds[bare(second)] == "dr":
			// A woman's doctorate where the language writes it apart
			// from a man's: "Dott.ssa", "Dra.".
			if w, ok := femaleDoctor[lang]; ok {
				return w + " " + name, true
			}
			return titleIn(second, name, lang)
		case ok2:
			return titleIn(second, name, lang)
		}
		return titleIn(first, name, lang)
	}
	w, ok := titleWords[titleKinds[bare(title)]][lang]
	if b := bare(title); lang == "" && (b == "mrs" || b == "miss") {
		w = titleWord(title) // "Mrs." and "Miss" as written
	}
	switch {
	case !ok:
		return "", false
	case lang == "zh":
		return name + w, true
	case lang == "tr" && (w == "Bey" || w == "Hanım"):
		return name + " " + w, true // "Yilmaz Bey"
	}
	return w + " " + name, true
}

// Quote returns the first n non-empty lines of text, each prefixed "> ".
func Quote(text string, n int) string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if len(out) == n {
			break
		}
		if strings.TrimSpace(l) == "" {
			continue
		}
		out = append(out, "> "+strings.TrimRight(l, " \t"))
	}
	return strings.Join(out, "\n")
}

// Lookup returns the template for name in lang, falling back from "es-MX"
// to "es", then to a file of another region of that language
// ("NAME.es-ar.tmpl", the first by name: the team wrote the name in
// Spanish, and English would be the wrong language), then to English; ok
// is false when no variant of name exists. A language without a region
// ("pt", as a thread is read) gets NAME.pt.tmpl before any region's.
func (s *Set) Lookup(name, lang string) (*Template, bool) {
	lang = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(lang)), "_", "-")
	var tries []string
	switch {
	case Traditional(lang):
		// Taiwan's, Hong Kong's Chinese: a Traditional file, never the
		// Simplified NAME.zh.tmpl under a thread the salesperson wrote
		// in Traditional.
		// Load keeps each name's one Traditional file under zh-hant,
		// whatever its tag.
		tries = append(tries, key(name, Hant))
	case lang != "" && lang != "en":
		tries = append(tries, key(name, lang))
		primary, _, ok := strings.Cut(lang, "-")
		if ok {
			tries = append(tries, key(name, primary))
		}
		if primary != "en" {
			// English falls back to the default file, English too,
			// not to another region's: an en-gb contact gets
			// offer.tmpl, not the team's offer.en-us.tmpl.
			tries = append(tries, s.regionKeys(name, primary)...)
		}
	}
	tries = append(tries, name)
	for _, k := range tries {
		if t, ok := s.byKey[k]; ok {
			return t, true
		}
	}
	return nil, false
}

// regionKeys are the keys of name's files in a region of language
// primary ("resend.pt-br", "resend.pt-pt"), sorted; never a Traditional
// Chinese one for Chinese, which Lookup reaches only by its script.
func (s *Set) regionKeys(name, primary string) []string {
	var out []string
	prefix := key(name, primary) + "-"
	for k, t := range s.byKey {
		if strings.HasPrefix(k, prefix) && !Traditional(t.Lang) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// Render renders template name in the contact's language lang (falling back
// to English) with data. It fails on a missing field and on a subject that
// renders with a line break. It does not block.
func (s *Set) Render(name, lang string, data Data) (Rendered, error) {
	t, ok := s.Lookup(name, lang)
	if !ok {
		return Rendered{}, keepwarm.Errorf(keepwarm.ENOTFOUND, "templates: no template %q", name)
	}
	r, err := t.Render(data)
	if err != nil {
		return Rendered{}, fmt.Errorf("templates: %w", err)
	}
	return r, nil
}

// Render renders this one template with data.
func (t *Template) Render(data Data) (Rendered, error) {
	// The book's name of the customer, before a fallback in the
	// template's own words ("Ihr Unternehmen") takes its place: Prose
	// leaves the book's out, never keepwarm's.
	bookName := data.Customer.Name
	if data.Contact.Addressed == "" {
		data.Contact.Addressed = Addressed(data.Contact, t.Lang)
	}
	if NoSalutationFor(t.Lang) && TrimSalutation(data.Contact.Salutation) == "" {
		// An English "Dear Marco" above a Swedish letter: a template in a
		// language keepwarm writes no opening in cannot use it.
		data.Contact.Salutation = noSalutation
	} else {
		data.Contact.Salutation = Salutation(data.Contact, t.Lang)
	}
	data.Original.fillQuote(t.Lang)
	data.Products = withPitches(data.Products, t.Lang)
	person := false
	if data.Company == "" {
		data.Company = CompanyName(data.Customer)
		if namedAfterPerson(data.Customer, data.Contact) {
			data.Company, person = "", true // "Juan García" is no company to greet the team of
		}
	}
	if data.Company == "" && data.Customer.Name != "" && !person {
		// The book knows only a key or domain: say "your company" in the
		// template's words rather than "acme.test".
		data.Customer.Name = companyFallback(t.Lang)
	}
	if f := t.unsetWritten(data.kind); f != "" {
		// {{.Month}} in a follow-up: a blank in every mail of it.
		return Rendered{Name: t.Name, Lang: t.Lang, File: t.File}, &UnsetFieldError{File: t.File, Field: f, Kind: data.kind}
	}
	for _, part := range t.Requires {
		if !requirable[part](data) {
			return Rendered{Name: t.Name, Lang: t.Lang, File: t.File}, &EmptyPartError{File: t.File, Part: part}
		}
	}
	if data.Owner.Signature == "" {
		data.Owner.Signature = data.Owner.Name
	}
	ownHTML := data.Owner.SignatureHTML != ""
	signature := data.Owner.Signature // with its sign-off, as pasted
	if !ownHTML {
		data.Owner.SignatureHTML = signatureHTML(data.Owner.Signature)
	}
	r := Rendered{Name: t.Name, Lang: t.Lang, File: t.File, Hash: t.Hash, fixed: t.fixed}
	var b cappedBuffer
	if err := t.subject.Execute(&b, data); err != nil {
		return r, renderProblem(t.File, "subject", err)
	}
	r.Subject = strings.TrimSpace(b.String())
	if strings.ContainsAny(r.Subject, "\r\n") {
		return r, Problem{File: t.File, Section: "subject", Msg: "rendered subject contains a line break (CR or LF)"}
	}
	if r.Subject == "" {
		return r, Problem{File: t.File, Section: "subject", Msg: "rendered subject is empty"}
	}
	r.own.set, r.own.subject = true, r.Subject
	r.own.signature = signature + "\n" + htmlText(string(data.Owner.SignatureHTML))
	r.own.salutation, r.own.contact = data.Contact.Salutation, data.Contact.Name
	r.own.nameless = strings.TrimSpace(data.Contact.Name) == "" && strings.TrimSpace(data.Contact.FirstName) == ""
	r.own.given = []string{data.Company, bookName, data.Contact.FirstName, data.Contact.Addressed, data.Owner.Name, data.Owner.Email}
	r.own.names, r.own.ownerName = len(r.own.given), strings.TrimSpace(data.Owner.Name)
	for _, p := range data.Products {
		r.own.given = append(r.own.given, p.Name, p.Pitch, p.Price, p.MOQ)
	}
	if data.Original.Subject != "" {
		// The customer's or a mail gateway's words ("RE: [External
		// Email] RFQ") are not the template's to answer for.
		blank := data
		blank.Original.Subject = ""
		b.Reset()
		if t.subject.Execute(&b, blank) == nil {
			r.own.subject = strings.TrimSpace(b.String())
		}
		r.own.thread = data.Original.Subject
	}
	b.Reset()
	if err := t.text.Execute(&b, data); err != nil {
		return r, renderProblem(t.File, "text", err)
	}
	r.Text = strings.TrimLeft(b.String(), "\n")
	if bare, ok := withoutSignOff(data.Owner.Signature); ok && signsOff(r.Text, data.Owner.Signature) {
		// A pasted signature that starts with "Best regards," under the
		// template's own "Best regards,": a person never signs twice.
		data.Owner.Signature = bare
		if !ownHTML {
			data.Owner.SignatureHTML = signatureHTML(bare)
		}
		b.Reset()
		if err := t.text.Execute(&b, data); err != nil {
			return r, renderProblem(t.File, "text", err)
		}
		r.Text = strings.TrimLeft(b.String(), "\n")
	}
	if strings.Contains(r.Subject, noSalutation) {
		return r, noSalutationProblem(t, "subject")
	}
	if strings.Contains(r.Text, noSalutation) {
		return r, noSalutationProblem(t, "text")
	}
	if strings.TrimSpace(r.Text) == "" {
		// A mail with only a subject (a body cleared to be rewritten, or
		// all of it inside an {{if}} false for this customer) is not sent.
		return r, Problem{File: t.File, Section: "text", Msg: "rendered text is empty"}
	}
	if t.html != nil {
		if !ownHTML {
			// Derived from the text signature, whole: the html section
			// may sign off where the text one does not, or the reverse.
			data.Owner.SignatureHTML = signatureHTML(signature)
		}
		// The html signature is judged on its own: it may start with
		// "Best regards," when the text one does not, or when there
		// is no text one, and the html section may write its own
		// sign-off where the text section does not.
		if bare, ok := htmlWithoutSignOff(data.Owner.SignatureHTML); ok {
			own := data.Owner.SignatureHTML
			data.Owner.SignatureHTML = htmltemplate.HTML(signatureMark)
			b.Reset()
			if err := t.html.Execute(&b, data); err != nil {
				return r, renderProblem(t.File, "html", err)
			}
			data.Owner.SignatureHTML = own
			if signsOff(htmlText(b.String()), signatureMark) {
				data.Owner.SignatureHTML = bare
			}
		}
		b.Reset()
		if err := t.html.Execute(&b, data); err != nil {
			return r, renderProblem(t.File, "html", err)
		}
		r.HTML = strings.TrimLeft(b.String(), "\n")
		if strings.Contains(r.HTML, noSalutation) {
			return r, noSalutationProblem(t, "html")
		}
		if strings.TrimSpace(r.HTML) == "" {
			return r, Problem{File: t.File, Section: "html", Msg: "rendered html is empty (remove the --- html section to send the text alone)"}
		}
		if RightToLeft(t.Lang) && !strings.Contains(r.HTML, `dir="rtl"`) {
			// Without it Outlook and Gmail lay Arabic out left to right:
			// the comma after a Latin name and the date land on the wrong
			// side.
			r.HTML = "<div dir=\"rtl\" style=\"text-align:right\">\n" + r.HTML + "\n</div>"
		}
	}
	return r, nil
}

// noSalutation stands for {{.Contact.Salutation}} in a language keepwarm
// writes no opening in, to tell whether a template uses it. Letters only:
// html/template writes it unchanged in a text node, an attribute or a
// URL, where it would turn control bytes into U+FFFD and slip past.
const noSalutation = "KEEPWARMxNOxSALUTATIONx"

// signatureMark stands for the html signature in a first render of the
// html section, to read the line the template writes before it. Letters
// only, as noSalutation.
const signatureMark = "KEEPWARMxSIGNATUREx"

// noSalutationMsg begins the problem of a template that uses
// {{.Contact.Salutation}} in a language keepwarm writes no opening in.
const noSalutationMsg = "no salutation for language "

func noSalutationProblem(t *Template, section string) Problem {
	return Problem{File: t.File, Section: section, Field: ".Contact.Salutation",
		Msg: fmt.Sprintf(noSalutationMsg+"%q: write the opening in the template", primary(t.Lang))}
}

// IsNoSalutation says whether err is the refusal of a template in a
// language keepwarm writes no opening in that uses
// {{.Contact.Salutation}} for a contact the book holds no salutation
// for: that contact's mail is not sent; the others' are.
func IsNoSalutation(err error) bool {
	var p Problem
	return errors.As(err, &p) && p.Field == ".Contact.Salutation" && strings.HasPrefix(p.Msg, noSalutationMsg)
}

// renderProblem is the problem of a failed execution: past MaxRendered,
// or the template's own error.
func renderProblem(file, section string, err error) Problem {
	if p, ok := tooLong(file, section, err); ok {
		return p
	}
	return problemOf(file, section, err)
}

// yourCompany is how a mail names a company whose name the book does not
// know, per language (as it reads after "at", "von", "de", "的").
var yourCompany = map[string]string{
	"": "your company", "de": "Ihrem Unternehmen", "es": "su empresa", "fr": "votre entreprise",
	"zh": "贵公司", "zh-hant": "貴公司", "pt": "sua empresa", "it": "la vostra azienda", "nl": "uw bedrijf",
	"ru": "вашей компании", "ar": "شركتكم", "tr": "şirketiniz", "pl": "Państwa firmy",
	"ja": "貴社", "ko": "귀사", "vi": "quý công ty", "id": "perusahaan Anda",
}

func companyFallback(lang string) string {
	if s, ok := yourCompany[textKey(lang)]; ok {
		return s
	}
	return yourCompany[""]
}

// oneSyllable says whether a Korean name is one syllable (a family name:
// "Kim", "Park", "Choi", "김"), not a given name ("Jiyeon", "Min-jun").
func oneSyllable(name string) bool {
	runes := []rune(name)
	if len(runes) == 1 {
		return true
	}
	groups, in := 0, false
	for _, r := range strings.ToLower(name) {
		v := strings.ContainsRune("aeiou", r)
		if v && !in {
			groups++
		}
		in = v
		if r == '-' || r == ' ' {
			return false
		}
	}
	return groups == 1
}
