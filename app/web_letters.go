package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/templates"
	"keepwarm/web"
)

// letterStarter is a new month's letter when there is no earlier one to
// start from (%s is the month).
const letterStarter = `# The monthly letter for %s: one per customer of the letter grades, from
# the customer's salesperson. {{.Month}} is the month in the letter's language;
# {{.Products}} the catalog's products for the customer's tags.
subject: News from {{.Owner.Name}}, {{.Month}}
description: monthly letter
--- text
{{.Contact.Salutation}},

a short note with what is new this month{{with .Products}}: {{join . ", "}}{{end}}.
If any of it is of interest, I will gladly send details and prices.

Best regards,
{{.Owner.Signature}}
--- html
<p>{{.Contact.Salutation}},</p>
<p>a short note with what is new this month{{with .Products}}: {{join . ", "}}{{end}}.
If any of it is of interest, I will gladly send details and prices.</p>
<p>Best regards,<br>{{.Owner.SignatureHTML}}</p>
`

// previewLetter renders the edited letter of month for the customer's
// best contact as the greetings job would send it; with no customer, for a
// sample one.
func (b *WebBackend) previewLetter(ctx context.Context, p web.Person, file, month, body string, customerID int64) (web.Preview, error) {
	name := strings.TrimPrefix(file, LettersPrefix)
	var set *templates.Set
	var missing string
	probs, err := b.checkWith(b.d.LettersDir, name, []byte(body), letterCheck(month, name, !b.teamFile(b.d.LettersDir, name), &set, &missing))
	if err != nil {
		return web.Preview{}, err
	}
	pv, err := b.greetingPreview(ctx, p, set, name, month, month, "", customerID)
	if err != nil {
		return pv, err
	}
	pv.Problems = append(append(append(webProblems(probs, name), heldNotices(set, name)...), attachNotices(set, name)...), pv.Problems...)
	if missing != "" {
		pv.Problems = append(pv.Problems, web.Problem{Msg: missing})
	}
	return pv, nil
}

// previewGreeting renders the edited greeting template for the customer's
// best contact as the greetings job would send it on its occasion.
func (b *WebBackend) previewGreeting(ctx context.Context, p web.Person, file, name, body string, customerID int64) (web.Preview, error) {
	var set *templates.Set
	probs, err := b.checkWith(b.d.TemplatesDir, file, []byte(body), b.templateCheck(file, &set))
	if err != nil {
		return web.Preview{}, err
	}
	pv, err := b.greetingPreview(ctx, p, set, file, name, "", greetingOccasion(name, b.now()), customerID)
	if err != nil {
		return pv, err
	}
	pv.Problems = append(append(append(webProblems(probs, file), heldNotices(set, file)...), attachNotices(set, file)...), pv.Problems...)
	return pv, nil
}

// greetingPreview renders template name of set, as the edited file has
// it, as a greeting or letter for the customer (0: a sample), the
// person's own customers only.
func (b *WebBackend) greetingPreview(ctx context.Context, p web.Person, set *templates.Set, file, name, month, occasion string, customerID int64) (web.Preview, error) {
	pv := web.Preview{Lang: "en"}
	if set == nil {
		return pv, nil
	}
	var cust *keepwarm.Customer
	var sender sequences.GreetingSender // none: the sample's
	if customerID != 0 {
		if _, err := b.mine(ctx, p, customerID); err != nil {
			return pv, err
		}
		c, err := b.d.DB.CustomerForSequence(ctx, customerID)
		if err != nil {
			return pv, err
		}
		cust = &c
		var why string
		if sender, why = b.greetingSender(c.Owner); why != "" {
			pv.Problems = append(pv.Problems, web.Problem{Msg: notSentPrefix + why})
			sender = senderOf(SampleIdentity())
		}
	}
	rules := b.d.GreetingRules
	rules.Now = b.now()
	gp, err := PreviewGreeting(ctx, b.d.DB, set, name, month, occasion, cust, "", sender, rules)
	if edited := editedTemplate(set, name, file); edited != nil && otherFile(gp.Rendered, file) {
		// Another file is this customer's: the edited one is shown as a
		// contact writing its language would get it.
		pv.LangNote = otherFileNote(gp.Rendered, edited)
		gp, err = previewGreetingAs(ctx, b.d.DB, set, name, month, occasion, cust, "", sender, rules, langCode(edited.Lang))
	}
	if gp.Refusal != "" {
		pv.Problems = append(pv.Problems, web.Problem{Msg: notSentPrefix + gp.Refusal})
	}
	if gp.Gets != "" && pv.LangNote == "" {
		pv.LangNote = gp.Gets
	}
	var unset *templates.UnsetFieldError
	if err != nil && !errors.As(err, &unset) { // the check names a field the mail never has
		var tp templates.Problem
		if errors.As(err, &tp) {
			pv.Problems = append(pv.Problems, web.Problem{Line: tp.Line, Field: tp.Field, Section: tp.Section, Msg: tp.Msg})
		} else {
			pv.Problems = append(pv.Problems, web.Problem{Msg: err.Error()})
		}
	}
	pv.Customer, pv.To = customerName(gp.Data.Customer.Name, gp.Data.Customer.Key), gp.To.Email
	if cust == nil {
		pv.Customer += " (sample)"
	}
	pv.Sample, pv.SampleWhy = gp.Sample != "", gp.Sample
	if gp.Rendered.Lang != "" {
		pv.Lang = gp.Rendered.Lang
	}
	pv.Subject, pv.Text, pv.HTML = gp.Rendered.Subject, gp.Rendered.Text, gp.Rendered.HTML
	for _, f := range templates.FieldsOf(gp.Data) {
		pv.Fields = append(pv.Fields, web.TemplateField{Name: f.Name, Sample: f.Value})
	}
	return pv, nil
}

// greetingSender is who the greetings job sends a customer of owner's
// greeting or letter as, or why it sends none (its own reasons).
func (b *WebBackend) greetingSender(owner string) (sequences.GreetingSender, string) {
	return GreetingSenderOf(b.d.GreetingSenders, owner)
}

// GreetingSenderOf is who the greetings job sends a customer of owner's
// greeting or letter as, from senders (GreetingSenders), or why it sends
// none (its own reasons): the console's and the CLI's previews alike.
func GreetingSenderOf(senders map[string]sequences.GreetingSender, owner string) (sequences.GreetingSender, string) {
	if owner == "" {
		return sequences.GreetingSender{}, "no owner (public pool)"
	}
	s, ok := senders[strings.ToLower(owner)]
	switch {
	case !ok:
		return s, fmt.Sprintf("owner %s has no mailbox that can send", owner)
	case strings.TrimSpace(s.From.Name) == "" || strings.Contains(s.From.Name, "@"):
		return s, fmt.Sprintf("no name to sign with for %s: set name on the [[salesperson]] %s, or from_name on [[mailbox]] %q, in the config",
			s.From.Email, owner, s.Mailbox)
	}
	return s, ""
}

// letterCheck judges month's letter files in dir as the greetings job
// loads them (LoadLetters, sequences.LetterEmptyProblems), and the edited file name
// as the console refuses a team template (emptyProblems): a file another
// of the same language takes the place of (2026-12.en.tmpl beside
// 2026-12.tmpl, 2026-12.zh-hant.tmpl beside 2026-12.zh-tw.tmpl) is never
// sent. A letter's preview and its save use this one check; set and
// missing, when not nil, get the letters loaded and LoadLetters' missing.
//
// A letter file new in the directory (isNew) that would take the place
// of another of the team's, sent today (2026-12.tmpl beside
// 2026-12.en.tmpl), is refused.
func letterCheck(month, name string, isNew bool, set **templates.Set, missing *string) func(dir string) []templates.Problem {
	return func(dir string) []templates.Problem {
		s, ps, m := LoadLetters(os.DirFS(dir), month)
		if set != nil {
			*set = s
		}
		if missing != nil {
			*missing = m
		}
		// A letter saying nothing without products is held for such a
		// customer: its preview says so (heldNotices), its save goes.
		ps = append(ps, slices.DeleteFunc(sequences.LetterEmptyProblems(s, month), templates.HeldWarning)...)
		ps = append(ps, LetterKindProblems(s, month)...)
		if by, ok := s.Shadowed(name); ok {
			ps = append(ps, templates.Problem{File: name, Msg: fmt.Sprintf(ShadowedMsg, by)})
		}
		if isNew {
			ps = append(ps, replacedProblems(s, dir, name)...)
		}
		return ps
	}
}

// saveLetter checks the edited letter with the month's other files and
// writes it when clean, atomically with the previous version kept; the
// greetings job reads the letters afresh each time it plans, so the
// running daemon sends the new text without a restart.
func (b *WebBackend) saveLetter(name, month, body, version string) (web.Change, []web.Problem, error) {
	if why := b.CannotSave("letters"); why != "" {
		return web.Change{}, nil, keepwarm.Errorf(keepwarm.EINVALID, "%s", why)
	}
	if p := changedSince(filepath.Join(b.d.LettersDir, name), version); p != nil {
		return web.Change{}, p, nil
	}
	probs, still, err := b.checkSave(b.d.LettersDir, name, []byte(body), letterCheck(month, name, !b.teamFile(b.d.LettersDir, name), nil, nil))
	if err == nil && len(still) > 0 && !letterHeld(b.d.LettersDir, month, name) {
		// The other files' problems would not hold the month's letter
		// (they load): written, this file could send it with them.
		probs, still = still, nil
	}
	if err != nil || len(probs) > 0 {
		return web.Change{}, webProblems(probs, name), err
	}
	path := filepath.Join(b.d.LettersDir, name)
	before, readErr := os.ReadFile(path)
	if err := WriteFileAtomic(path, []byte(body)); err != nil {
		return web.Change{}, nil, writeFailed(path, err)
	}
	ch := web.Change{Action: "letter.save", Subject: "letter " + name, Unchanged: readErr == nil && string(before) == body}
	ch.Before, ch.After = textChanges(string(before), body)
	ch.Pending = len(still) > 0
	// A language variant saved with no file for everyone else: the
	// month sends no letter, this one included.
	_, _, missing := LoadLetters(os.DirFS(b.d.LettersDir), month)
	ch.NoLetter = missing != ""
	return ch, nil, nil
}

// letterHeld says another of month's letter files than name does not
// load: the greetings job sends no letter of month until it does
// (sequences.Greetings.loadLetter), whatever name holds, so name may be
// saved before it is fixed.
func letterHeld(dir, month, name string) bool {
	_, err := templates.Load(os.DirFS(dir))
	var ps templates.Problems
	if !errors.As(err, &ps) {
		return false
	}
	for _, p := range ps {
		if strings.HasPrefix(p.File, month+".") && filepath.Base(p.File) != name {
			return true
		}
	}
	return false
}
