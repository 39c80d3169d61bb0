package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/templates"
)

// letterFileRE is a monthly letter's file: YYYY-MM.tmpl or YYYY-MM.LANG.tmpl.
var letterFileRE = regexp.MustCompile(`^(\d{4}-(?:0[1-9]|1[0-2]))(?:\.([a-z]{2,3}(?:-[a-z0-9]{2,8})?))?\.tmpl$`)

// LetterMonth returns the month of a letter's file or template name
// ("2026-12.es.tmpl", "2026-12"); ok is false for anything else.
func LetterMonth(name string) (month string, ok bool) {
	if !strings.HasSuffix(name, ".tmpl") {
		name += ".tmpl"
	}
	month, _, ok = letterParts(name)
	return month, ok
}

// letterParts are the month and the language tag, as written, of a letter
// file's name ("2026-12.zh-TW.tmpl": 2026-12, zh-TW); ok is false for
// another name. The console writes tags in lower case (letterFileRE); a
// tag written by hand with capitals or "_" that the loader reads (zh-TW,
// pt_BR, zh-Hant-TW) is a letter the greetings job sends, and so one too.
func letterParts(name string) (month, lang string, ok bool) {
	if m := letterFileRE.FindStringSubmatch(name); m != nil {
		return m[1], m[2], true
	}
	base, ok := strings.CutSuffix(name, ".tmpl")
	month, lang, dotted := strings.Cut(base, ".")
	if !ok || !dotted || strings.ContainsAny(base, `/\`) || !letterFileRE.MatchString(month+".tmpl") {
		return "", "", false
	}
	if _, _, err := templates.SplitName(name); err != nil {
		return "", "", false
	}
	return month, lang, true
}

// GreetingPreview is a greeting or monthly letter rendered for a customer
// as the greetings job would send it.
type GreetingPreview struct {
	Rendered templates.Rendered
	Data     templates.Data
	To       keepwarm.Address
	// Sample says why a sample stands in for the customer ("" = none).
	Sample string
	// Refusal says why the greetings job would not send this text to the
	// contact ("" = it would): the plan's own reason (no variant in
	// their language, a register they are not written to in, ...).
	Refusal string
	// Gets names the file the greetings job greets the contact with
	// instead, when the previewed one has no text in their language and
	// another has (holiday.it.tmpl at Christmas); "" when none.
	Gets string
}

// GreetingRules are the [greetings] settings a greeting's or letter's
// preview follows as the greetings job does, for its Refusal.
type GreetingRules struct {
	// EnglishFor is english_for: the languages whose contacts may get the
	// English text for want of one in theirs.
	EnglishFor []string
	// Grades and LetterGrades are grades and letter_grades as configured
	// (nil: the default, sequences.GradeRefusal).
	Grades, LetterGrades []string
	// Greetings holds the rules on whom the plan greets at all
	// (company_addresses, only_contacts_who_wrote, the occasions and the
	// calendars they are read from): sequences.GreetingRecipientRefusal.
	Greetings sequences.GreetingsConfig
	// Now is when the preview is made: an occasion's greeting is looked
	// for in the twelve months from then (zero: not looked for).
	Now time.Time
}

// GreetingRules are the configuration's [greetings] rules for previews.
func (a *App) GreetingRules() GreetingRules {
	g := a.Cfg.Greetings
	r := GreetingRules{EnglishFor: g.EnglishFor, LetterGrades: g.LetterGrades, Greetings: sequences.GreetingsConfig{
		Occasions: g.Occasions, Templates: g.Templates, Also: g.Also, Custom: customOccasions(g), CompanyAddresses: g.CompanyAddresses,
		AnyContact: g.OnlyContactsWhoWrote != nil && !*g.OnlyContactsWhoWrote,
	}}
	if cals, err := a.Calendars(); err == nil {
		r.Greetings.Calendars = cals
	}
	if g.Grades != nil {
		r.Grades = *g.Grades
	}
	return r
}

// PreviewGreeting renders template name of set as a greeting (occasion
// names it, e.g. "Christmas") or, when month is set, as that month's
// letter, for the customer cust (nil: the sample customer): to the contact
// whose address is to, else to the contact the letter would go to, in the
// voice the salesperson writes to them, with the catalog's products for
// the customer's tags, sent as sender; Refusal follows rules as the
// greetings job does (a customer not greeted for its grade, a language
// without a text and not in english_for).
func PreviewGreeting(ctx context.Context, db *store.DB, set *templates.Set, name, month, occasion string, cust *keepwarm.Customer, to string, sender sequences.GreetingSender, rules GreetingRules) (GreetingPreview, error) {
	return previewGreetingAs(ctx, db, set, name, month, occasion, cust, to, sender, rules, "")
}

// previewGreetingAs is PreviewGreeting; lang, when set, renders it as a
// contact writing that language would get it (no opening of their own):
// the console's preview of a language version for a customer who would
// get another.
func previewGreetingAs(ctx context.Context, db *store.DB, set *templates.Set, name, month, occasion string, cust *keepwarm.Customer, to string, sender sequences.GreetingSender, rules GreetingRules, lang string) (GreetingPreview, error) {
	var pv GreetingPreview
	var r keepwarm.Recipient
	recipient := "" // why the plan writes to nobody there
	if cust == nil {
		sd := templates.SampleData()
		r = keepwarm.Recipient{Customer: sd.Customer, Contact: keepwarm.Contact{Name: sd.Contact.Name, Email: sd.Contact.Email},
			Products: []string{"LED panel 60x60", "LED high bay 150W"}}
		pv.Sample = "no customer chosen: a sample customer and contact"
		if sender.From.Email == "" {
			sender = sequences.GreetingSender{From: keepwarm.Address{Name: sd.Owner.Name, Email: sd.Owner.Email}, Signature: sd.Owner.Signature}
		}
	} else {
		all, err := db.GreetingRecipients(ctx)
		if err != nil {
			return pv, err
		}
		var mine []keepwarm.Recipient
		for _, x := range all {
			if x.Customer.ID == cust.ID {
				mine = append(mine, x)
			}
		}
		// As the plan reads them: a mark at one address of a person holds
		// at the others (Christmas is "Not sent" at the gmail address of a
		// contact marked muslim at the company's).
		sequences.SharePersonMarks(mine)
		switch {
		case len(mine) == 0:
			sd := templates.SampleData()
			r = keepwarm.Recipient{Customer: *cust, Contact: keepwarm.Contact{Name: sd.Contact.Name, Email: sd.Contact.Email}}
			pv.Sample = "this customer has no contact to write to: the contact is a sample"
		default:
			var why string
			r, why = sequences.LetterContact(mine, rules.Greetings.AnyContact)
			for _, x := range mine {
				if to != "" && strings.EqualFold(x.Contact.Email, to) {
					r, why = x, ""
				}
			}
			key := name
			if month != "" {
				key = ""
			}
			if why == "" {
				why = rules.Greetings.GreetingRecipientRefusal(r, key, rules.Now)
			}
			// The plan's own word on the contact, whatever the text: a
			// customer it skips for its grade, an opt-out, a bounce, a
			// contact who left.
			grades := rules.Grades
			if month != "" {
				grades = rules.LetterGrades
			}
			if g := sequences.GradeRefusal(grades, r.Customer, r.CustomerInBook, month != ""); g != "" && !r.CustomerOptedOut {
				why = g
			}
			recipient = why
		}
		catalog, err := db.Products(ctx)
		if err != nil {
			return pv, err
		}
		if len(catalog) > 0 {
			r.Offer = sequences.PickProducts(catalog, r.Products, nil, sequences.MaxIntroProducts)
		}
	}
	if lang != "" {
		r.Language, r.OwnText, r.Salutation = lang, "", ""
	}
	out, data, err := sequences.RenderGreeting(set, name, month, occasion, r, "", sender)
	pv.Rendered, pv.Data, pv.To = out, data, keepwarm.Address{Name: r.Contact.Name, Email: r.Contact.Email}
	if err == nil && pv.Sample == "" {
		key := name
		if month != "" {
			key = ""
		}
		pv.Refusal = sequences.GreetingRefusal(set, name, month, key, occasion, r, sender, out, rules.EnglishFor)
		if recipient != "" {
			pv.Refusal = recipient
		} else if pv.Refusal != "" && month == "" && lang == "" {
			pv.planTemplate(set, name, occasion, r, sender, rules.EnglishFor)
		}
	}
	return pv, err
}

// planTemplate: the plan greets r at occasion name with another template
// when the previewed one has no text in r's language and another has
// (holiday.LANG.tmpl); one it would send takes the refusal's place, named
// in Gets.
func (pv *GreetingPreview) planTemplate(set *templates.Set, name, occasion string, r keepwarm.Recipient, sender sequences.GreetingSender, englishFor []string) {
	other := sequences.PlanTemplate(set, name, r)
	if other == name {
		return
	}
	out, _, err := sequences.RenderGreeting(set, other, "", occasion, r, "", sender)
	if err != nil || sequences.GreetingRefusal(set, other, "", name, occasion, r, sender, out, englishFor) != "" {
		return
	}
	pv.Refusal = ""
	pv.Gets = fmt.Sprintf("this customer would get %s (%s); shown: %s, as a contact writing %s would get it",
		filepath.Base(out.File), langCode(out.Lang), filepath.Base(pv.Rendered.File), langCode(pv.Rendered.Lang))
}

// LoadLetters reads the letters directory's templates (every month), with
// the problems of month's files only. missing is set when the month has
// language variants but no file for everyone else: the greetings job
// sends no letter that month until there is one.
func LoadLetters(letters fs.FS, month string) (set *templates.Set, probs []templates.Problem, missing string) {
	set, err := templates.Load(letters)
	var ps templates.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			if strings.HasPrefix(p.File, month+".") {
				probs = append(probs, p)
			}
		}
	} else if err != nil {
		return nil, []templates.Problem{{Msg: err.Error()}}, ""
	}
	if set == nil {
		return nil, probs, ""
	}
	for _, p := range slices.Concat(templates.Check(set), templates.SendProblems(set), templates.NameProblems(set)) {
		if strings.HasPrefix(p.File, month+".") {
			probs = append(probs, p)
		}
	}
	if files := sequences.LetterFiles(letters, month); len(files) > 0 {
		if _, ok := set.Lookup(month, ""); !ok {
			missing = fmt.Sprintf("%s has language variants but no %s.tmpl for everyone else: no letter goes out this month until there is one", month, month)
		}
	}
	return set, probs, missing
}

// greetingOccasion is the occasion a greeting template's preview names:
// its own holiday's name, else a sample.
func greetingOccasion(name string, now time.Time) string {
	if n := sequences.OccasionName(name, now.Year()); n != "" {
		return n
	}
	return templates.SampleData().Occasion
}

// senderOf is how a greeting goes out as a salesperson's identity.
func senderOf(id sequences.Identity) sequences.GreetingSender {
	sig := id.Signature
	if sig == "" {
		sig = id.Name
	}
	return sequences.GreetingSender{Mailbox: id.Mailbox, From: keepwarm.Address{Name: id.Name, Email: id.Email},
		Signature: sig, SignatureHTML: id.SignatureHTML}
}

// IsGreetingTemplate reports whether template name is a greeting's: one
// the greetings job may send for the birthday, a holiday or one of extra
// (the templates and occasions [greetings] names), as
// sequences.TemplatesFor: the occasion's own, a festival's shared one
// (chinese-new-year) or the generic holiday.
func IsGreetingTemplate(name string, extra []string, now time.Time) bool {
	return greetingTemplates(extra, now)(name)
}

// greetingTemplates is IsGreetingTemplate for many names: the holidays
// are listed once.
func greetingTemplates(extra []string, now time.Time) func(name string) bool {
	keys := append(sequences.HolidayKeys(nil, now.Year()), sequences.OccasionBirthday)
	keys = append(keys, extra...)
	return func(name string) bool {
		for _, k := range keys {
			if slices.Contains(sequences.TemplatesFor(k), name) {
				return true
			}
		}
		return false
	}
}

// GreetingTemplates are the templates the [greetings] configuration names
// (occasion templates and custom occasions'), and its occasions' keys: an
// occasion's own template is named by its key, and a holiday the team
// added with [[calendar.override]] is not among the built-in holidays.
func (a *App) GreetingTemplates() []string {
	out := slices.Clone(a.Cfg.Greetings.Occasions)
	for _, t := range a.Cfg.Greetings.Templates {
		out = append(out, t)
	}
	for _, c := range a.Cfg.Greetings.Custom {
		if c.Template != "" {
			out = append(out, c.Template)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
