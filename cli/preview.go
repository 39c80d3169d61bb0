package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"keepwarm"
	"keepwarm/app"
	"keepwarm/sequences"
	"keepwarm/templates"
)

// cmdPreview prints a template rendered for a real customer, as a sequence
// step would send it: `keepwarm preview TEMPLATE --customer ADDR`.
type previewCmd struct {
	Template string `arg:"" name:"template" help:"the template's name (see keepwarm sequences show); a greeting's (christmas, birthday...) or a month's letter (2026-12) renders as the greetings job sends it"`
	Customer string `name:"customer" required:"" placeholder:"ADDR" help:"an id, a contact address, a domain, a phone, a customer key or the exact company name (a merged-away customer's names the one it went into)"`
	Lang     string `name:"lang" help:"render in this language instead of the customer's"`
}

func (opt *previewCmd) Run(ctx context.Context, m *Main) error {
	name, customer, lang := opt.Template, &opt.Customer, &opt.Lang
	if month, ok := app.LetterMonth(name); ok {
		return opt.letter(ctx, m, month)
	}
	_, set, probs := m.app.LoadSequences()
	if set == nil {
		return fmt.Errorf("templates do not load: %v", probs)
	}
	cust, err := m.sequenceCustomer(ctx, *customer)
	if err != nil {
		return err
	}
	if app.IsGreetingTemplate(name, m.app.GreetingTemplates(), m.clock.Now()) && *lang == "" {
		occasion := sequences.OccasionName(name, m.clock.Now().Year())
		if occasion == "" {
			occasion = templates.SampleData().Occasion
		}
		return opt.greeting(ctx, m, set, name, "", occasion, cust, "")
	}
	job, _, jobErr := m.app.HeldFollowUp()
	if jobErr != nil {
		job = sequences.NewFollowUp(sequences.FollowUpConfig{Tags: m.db.CustomerTags}, m.db, m.log)
	}
	// Written to, from and as the step would, following up the mail it
	// would; or not at all: then the text shows the sample sender and the
	// command says why it would not go.
	in, err := app.StepPreviewInputs(ctx, m.db, job, cust, *customer)
	if err != nil {
		return err
	}
	if jobErr != nil {
		in.ID, in.IDErr = app.SampleIdentity(), jobErr
	}
	to, rcpts, id, anchor, gone, idErr := in.To, in.Rcpts, in.ID, in.Anchor, in.Gone, in.IDErr
	var r templates.Rendered
	var refusal error
	if *lang == "" {
		// As a step would write it, and with the checks it makes on
		// the text: the language and opening of the salesperson's own
		// mail in the thread (its greeting only when it greeted to),
		// else the book's.
		if r, _, refusal, err = job.PreviewStep(ctx, set, name, cust, to, rcpts, id, anchor); err != nil {
			return err
		}
	} else {
		// A language asked for: the book's salutation only when it is
		// the book's language too.
		sal, contactLang, err := m.db.ContactDetails(ctx, to.Email)
		if err != nil {
			return err
		}
		tmplLang := func(l string) string {
			t, _ := set.Lookup(name, l)
			if t == nil {
				return ""
			}
			return t.Lang
		}
		book := contactLang
		if book == "" {
			book = cust.Language
		}
		v := sequences.ThreadVoice{Lang: *lang}
		if tmplLang(*lang) == tmplLang(book) {
			v.Salutation = sal
		}
		data := job.Data(cust, to, id, anchor)
		data.Contact.Salutation = v.Salutation
		if data.Products, err = job.ProductsFor(ctx, cust); err != nil {
			return err
		}
		if r, err = set.Render(name, v.Lang, data); err != nil {
			return err
		}
		refusal = job.StepRefusal(name, r, v, anchor, to)
	}
	notSent := errors.Join(gone, idErr, refusal)
	w := m.Stdout
	lname := r.Lang
	if lname == "" {
		lname = "en"
	}
	fmt.Fprintf(w, "Template: %s (%s)\nFrom: %s <%s>\n", r.File, lname, id.Name, id.Email)
	for _, err := range []error{gone, idErr, refusal} {
		if err != nil {
			fmt.Fprintf(w, "Not sent: %v\n", err)
		}
	}
	fmt.Fprintf(w, "To: %s\nSubject: %s\n\n%s", to.Email, r.Subject, r.Text)
	if r.HTML != "" {
		fmt.Fprintf(w, "\n--- html\n%s", r.HTML)
	}
	if notSent != nil {
		return fmt.Errorf("a follow-up with this template is not sent to this customer: %w", notSent)
	}
	return nil
}

// letter prints the month's letter ("2026-12") from [greetings]
// letters_dir as the greetings job would send it to the customer.
func (opt *previewCmd) letter(ctx context.Context, m *Main, month string) error {
	letters := m.app.GreetingLetters()
	if letters == nil {
		return usageError{"preview " + opt.Template + ": no monthly letters here: set [greetings] letters_dir"}
	}
	set, probs, missing := app.LoadLetters(letters, month)
	if len(probs) > 0 {
		return fmt.Errorf("letter %s: %v", month, templates.Problems(probs))
	}
	if set == nil || len(sequences.LetterFiles(letters, month)) == 0 {
		return fmt.Errorf("no letter for %s in %s: write %s.tmpl there", month, m.app.LettersPath(), month)
	}
	cust, err := m.sequenceCustomer(ctx, opt.Customer)
	if err != nil {
		return err
	}
	return opt.greeting(ctx, m, set, month, month, "", cust, missing)
}

// greeting prints a greeting or letter rendered as the greetings job
// would send it to the customer (to the contact named, else to the one
// the job would choose), as the customer's salesperson.
func (opt *previewCmd) greeting(ctx context.Context, m *Main, set *templates.Set, name, month, occasion string, cust keepwarm.Customer, note string) error {
	var notSent []string
	s, why := app.GreetingSenderOf(m.app.GreetingSenders(), cust.Owner)
	if why != "" {
		// Shown as someone would send it, but said: the greetings job
		// sends nothing in this owner's name (the console's words).
		notSent = append(notSent, why)
	}
	if s.From.Email == "" {
		id := m.previewIdentity(cust.Owner)
		s = sequences.GreetingSender{Mailbox: id.Mailbox, From: keepwarm.Address{Name: id.Name, Email: id.Email}, Signature: id.Signature, SignatureHTML: id.SignatureHTML}
		if s.Signature == "" {
			s.Signature = id.Name
		}
	}
	to := ""
	if strings.Contains(opt.Customer, "@") {
		to = opt.Customer
	}
	rules := m.app.GreetingRules()
	rules.Now = m.clock.Now()
	gp, err := app.PreviewGreeting(ctx, m.db, set, name, month, occasion, &cust, to, s, rules)
	if err != nil {
		return err
	}
	if gp.Refusal != "" {
		notSent = append(notSent, gp.Refusal)
	}
	r, w := gp.Rendered, m.Stdout
	lname := r.Lang
	if lname == "" {
		lname = "en"
	}
	fmt.Fprintf(w, "Template: %s (%s)\nFrom: %s <%s>\n", r.File, lname, s.From.Name, s.From.Email)
	for _, why := range notSent {
		fmt.Fprintf(w, "Not sent: %s\n", why)
	}
	fmt.Fprintf(w, "To: %s\nSubject: %s\n", gp.To.Email, r.Subject)
	if gp.Sample != "" {
		fmt.Fprintf(w, "Note: %s\n", gp.Sample)
	}
	if note != "" {
		fmt.Fprintf(w, "Note: %s\n", note)
	}
	if gp.Gets != "" {
		fmt.Fprintf(w, "Note: %s\n", gp.Gets)
	}
	fmt.Fprintf(w, "\n%s", r.Text)
	if r.HTML != "" {
		fmt.Fprintf(w, "\n--- html\n%s", r.HTML)
	}
	if len(notSent) > 0 {
		what := "a greeting with this template"
		if month != "" {
			what = "the " + month + " letter"
		}
		return fmt.Errorf("%s is not sent to this customer: %s", what, strings.Join(notSent, "; "))
	}
	return nil
}

// previewIdentity is who the customer's steps would be sent as.
func (m *Main) previewIdentity(owner string) sequences.Identity {
	ids := m.app.Identities()
	for _, id := range ids {
		if id.Owner == owner {
			return id
		}
	}
	if len(ids) > 0 {
		return ids[0]
	}
	return app.SampleIdentity()
}
