package cli

import (
	"context"
	"fmt"
	"strings"

	"keepwarm/book"
	"keepwarm/store"
)

// customersContactCmd corrects what only the book holds of a contact: the
// name letters are addressed by, the birthday and the holidays greeted,
// and the salutation letters open with (which the web's contact form sets
// too). A later import of a sheet naming the contact otherwise replaces
// the name, birthday and holidays again (and lists them apart): the CRM
// the sheet comes from needs the same correction.
type customersContactCmd struct {
	Email      string  `arg:"" name:"email" help:"the contact's email"`
	Name       *string `name:"name" help:"the contact's name (\"\" empties it)"`
	Birthday   *string `name:"birthday" help:"the birthday, 1980-08-02 or --08-02 without a year (\"\" empties it)"`
	Holidays   *string `name:"holidays" help:"the festivals the contact keeps, e.g. \"eid-al-fitr; diwali\" or a faith such as muslim (replaces them; \"\" empties them)"`
	Salutation *string `name:"salutation" help:"how letters open, e.g. \"Dear Mr. Meier\" (\"\" empties it: letters open from the name)"`
	NotLeft    bool    `name:"not-left" help:"take back \"left the company\" read from an automatic answer: new follow-up steps, greetings and letters write to the address again; the follow-ups the flag ended are named, to enrol again"`
}

func (opt *customersContactCmd) Run(ctx context.Context, m *Main) error {
	if opt.Name == nil && opt.Birthday == nil && opt.Holidays == nil && opt.Salutation == nil && !opt.NotLeft {
		return usageError{"customers contact: give --name, --birthday, --holidays, --salutation or --not-left"}
	}
	if err := m.liveOnly("keepwarm customers contact would change whom and how keepwarm greets and follows up today, recorded as changed then"); err != nil {
		return err
	}
	if opt.NotLeft {
		if opt.Name != nil || opt.Birthday != nil || opt.Holidays != nil || opt.Salutation != nil {
			return usageError{"customers contact: --not-left goes alone"}
		}
		res, err := m.db.ClearLeftCompany(ctx, opt.Email, m.clock.Now(), m.actor())
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "%s of customer #%d has not left the company: the next follow-up steps, greetings and letters write to it again\n", strings.ToLower(strings.TrimSpace(opt.Email)), res.Customer)
		for _, e := range res.Ended {
			fmt.Fprintf(m.Stdout, "follow-up #%d of thread %d ended because of this flag and does not start again by itself; keepwarm enroll %d starts the thread's follow-up anew, from its first step\n", e.ID, e.ThreadID, e.ThreadID)
		}
		return nil
	}
	ch := store.ContactDetails{Name: opt.Name, Salutation: opt.Salutation}
	if opt.Birthday != nil {
		b, err := book.NormalizeBirthdayAt(*opt.Birthday, book.DateUnknown, m.clock.Now())
		if err != nil {
			return usageError{"customers contact: --birthday: " + err.Error()}
		}
		ch.Birthday = &b
	}
	if opt.Holidays != nil {
		h := book.SplitHolidays(*opt.Holidays)
		if len(h) == 0 && strings.TrimSpace(*opt.Holidays) != "" {
			return usageError{fmt.Sprintf("customers contact: --holidays %q names no festival", *opt.Holidays)}
		}
		ch.Holidays = &h
	}
	set, err := m.db.SetContactDetails(ctx, opt.Email, ch, m.clock.Now(), m.actor())
	if err != nil {
		return err
	}
	c, err := m.db.Customer(ctx, set.Customer)
	if err != nil {
		return err
	}
	if set.CustomerWas != "" {
		fmt.Fprintf(m.Stdout, "customer #%d renamed %s (was %s, named after the person at %s)\n", c.ID, c.Name, set.CustomerWas, strings.ToLower(strings.TrimSpace(opt.Email)))
		// Not renamed: the address may be the same person's (the shop's)
		// or someone else's, handed on; only the user can tell.
		for _, e := range set.SameName {
			fmt.Fprintf(m.Stdout, "%s is still named %s; mail there now calls the customer %s: if it is %s too, `keepwarm customers contact %s --name %s`\n",
				e, set.CustomerWas, c.Name, c.Name, e, fmt.Sprintf("%q", c.Name))
		}
	}
	for _, k := range c.Contacts {
		if !strings.EqualFold(k.Email, strings.TrimSpace(opt.Email)) {
			continue
		}
		sal := "-"
		if k.Custom {
			sal = fmt.Sprintf("%q", k.Salutation)
		}
		fmt.Fprintf(m.Stdout, "%s of #%d %s: name %s, birthday %s, holidays %s, salutation %s\n", k.Email, c.ID, c.Name,
			orDash(k.Name), orDash(k.Birthday), orDash(strings.Join(k.Holidays, ", ")), sal)
		if set.PersonWas == "" {
			continue
		}
		// A mailbox handed on (Ann to Bob) keeps what was set for Ann:
		// her birthday greeting and "Dear Ann" would go to Bob. What this
		// command set is the new person's.
		var held, clear []string
		if k.Birthday != "" && opt.Birthday == nil {
			held, clear = append(held, "birthday "+k.Birthday), append(clear, `--birthday ""`)
		}
		if len(k.Holidays) > 0 && opt.Holidays == nil {
			held, clear = append(held, "holidays "+strings.Join(k.Holidays, ", ")), append(clear, `--holidays ""`)
		}
		if k.Custom && opt.Salutation == nil {
			held, clear = append(held, fmt.Sprintf("salutation %q", k.Salutation)), append(clear, `--salutation ""`)
		}
		if len(held) > 0 {
			// The names cannot tell a typo fixed (Bob Stnoe), or 王伟 for
			// Wang Wei, from another person: the user is asked which.
			what, verb, them := held[0], "was", "it"
			if len(held) > 1 {
				what = strings.Join(held[:len(held)-1], ", ") + " and " + held[len(held)-1]
				verb, them = "were", "them"
			}
			fmt.Fprintf(m.Stdout, "%s %s set for %s: if %s is someone else (a mailbox handed on), empty %s (`keepwarm customers contact %s %s`)\n",
				what, verb, set.PersonWas, k.Name, them, k.Email, strings.Join(clear, " "))
		}
	}
	fmt.Fprintln(m.Stdout, "correct it in the CRM too: an import of a sheet that says otherwise replaces it again")
	return nil
}
