package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"keepwarm/book"
)

// update fills what customer id lacks from rec. changes says what it
// changed; kept lists the values it refused to overwrite. It words rec's
// warnings anew where the stored customer makes them untrue.
func (im *importer) update(id int64, rec *book.Record) (changes, kept []string, err error) {
	c, err := customerRecord(im.ctx, im.tx, id)
	if err != nil {
		return nil, nil, err
	}
	n := c // the new values
	if rec.Company != "" && rec.Company != c.Name && autoNamed(c) {
		n.Name = rec.Company
		changes = append(changes, "name")
	}
	if to := im.guestNamed(c, *rec); to != "" {
		// Named after the address's person, whom it follows from now on.
		if _, err := im.tx.ExecContext(im.ctx, q("book-customer-named-after-person"), id); err != nil {
			return nil, nil, fmt.Errorf("customer %d: %w", id, err)
		}
		n.Name = to
		changes = append(changes, fmt.Sprintf("customer name %s (was %s, who is not the person at %s)", to, c.Name, rec.Emails[0]))
	}
	if ds := im.companyDomains(rec.Emails); c.Domain == "" && len(ds) > 0 {
		n.Domain = ds[0]
	}
	fill := func(label string, have *string, want string, report bool) {
		switch {
		case want == "" || *have == want:
		case *have == "":
			*have = want
			changes = append(changes, label+" "+want)
		case report:
			kept = append(kept, fmt.Sprintf("kept %s %s (the file says %s)", label, *have, want))
		}
	}
	owner := rec.Owner
	if owner == "" {
		owner = im.opt.Owner
	}
	if c.Owner == "" && owner != "" {
		// A customer let go to the pool (released, or its claim ran out)
		// stays there: that was set by someone, and a file from the CRM
		// that still names the old owner would skip the cool-down and
		// the caps. A claim or `customers set --owner` hands it on.
		by, on, err := im.letGo(id)
		if err != nil {
			return nil, nil, err
		}
		if on != "" {
			kept = append(kept, fmt.Sprintf("kept in the pool (let go%s on %s; the file says %s)", by, on, owner))
			owner = ""
		}
	}
	fill("owner", &n.Owner, owner, rec.Owner != "")
	fill("grade", &n.Grade, rec.Grade, true)
	fill("country", &n.Country, rec.Country, true)
	// A country implies a time zone and a language: only the row's own
	// cells are worth saying they were kept.
	fill("time zone", &n.TimeZone, rec.TimeZone, rec.TimeZoneWritten)
	fill("language", &n.Language, rec.Language, rec.LanguageWritten)
	if rec.CountrySpelling != "" && c.Language != "" && c.Language != rec.Language {
		// An earlier keepwarm read every Belgian as Dutch, every Swiss as
		// German and every Canadian as English (and a person may have set
		// that language since: the book does not say which), so the
		// stored one is kept, and said where it may be that reading.
		implied := impliedBefore[c.Country] == c.Language
		if rec.Language != "" && implied {
			kept = append(kept, fmt.Sprintf("kept language %s (the country cell %q says %s; an earlier keepwarm read the country alone as %s): `keepwarm customers set %s --lang %s` if the buyer writes %s",
				c.Language, rec.CountrySpelling, rec.Language, c.Language, customerAddr(c, *rec), rec.Language, rec.Language))
		}
		if rec.Language == "" {
			// The row's note says the language is left unknown: not so.
			rec.Warnings = slices.DeleteFunc(slices.Clone(rec.Warnings), func(w string) bool {
				return strings.HasPrefix(w, fmt.Sprintf(book.SeveralLanguagesWarning, rec.CountrySpelling))
			})
			note := fmt.Sprintf("country %q has several languages and the row names none: kept language %s", rec.CountrySpelling, c.Language)
			if implied {
				note += fmt.Sprintf(", which an earlier keepwarm may have read from the country alone: `keepwarm customers set %s --lang L` if the buyer writes another", customerAddr(c, *rec))
			}
			kept = append(kept, note)
		}
	}
	if tags := book.MergeTags(c.Tags, rec.Tags); len(tags) > len(c.Tags) {
		n.Tags = tags
		changes = append(changes, "tags")
	}
	if rec.Notes != "" && !strings.Contains(c.Notes, rec.Notes) {
		n.Notes = strings.TrimSpace(c.Notes + "\n" + rec.Notes)
		changes = append(changes, "notes")
	}
	if n.Grade != c.Grade {
		n.GradedAt = &im.now
	}
	if len(changes) > 0 || n.Domain != c.Domain {
		if err := writeCustomer(im.ctx, im.tx, n); err != nil {
			return nil, nil, err
		}
	}
	if n.Owner != c.Owner {
		if err := ownerEvent(im.ctx, im.tx, id, c.Owner, n.Owner, "import", im.now); err != nil {
			return nil, nil, err
		}
	}
	more, keptOf, _, err := im.people(id, rec, c.Contacts)
	return append(changes, more...), append(kept, keptOf...), err
}

// autoNamed says whether a customer still has the name mail gave it (its
// domain or address), which a sheet's company name replaces.
func autoNamed(c CustomerRecord) bool {
	return c.Name == "" || c.Key == "domain:"+c.Name || c.Key == "addr:"+c.Name || c.Key == "phone:"+c.Name || c.Name == c.Domain
}

// guestNamed is the name a private buyer (a customer an import made,
// keyed by the row's address, without a company cell) takes when an
// import named it after a colleague whose rows there bring nothing of
// their own, while the address is another person's (holderAt): the
// colleague's row came first (before create named such a customer after
// the address's person), or the contact made from it was handed on. No
// one sets a customer's name by hand (imports, mail and merges give it),
// so such a name is surely an import's. "" leaves the name.
func (im *importer) guestNamed(c CustomerRecord, rec book.Record) string {
	if rec.Company != "" || len(rec.Emails) == 0 || c.Source != "import" || c.Key != "addr:"+rec.Emails[0] || foldPerson(c.Name) == "" {
		return ""
	}
	email := rec.Emails[0]
	h, ok := im.holders[email]
	if !ok || h.name == "" || samePerson(c.Name, h.name) {
		return ""
	}
	if !slices.ContainsFunc(im.personRows[email], func(p namedPerson) bool { return !p.detailed && samePerson(p.name, c.Name) }) {
		return ""
	}
	return h.name
}

// renameNamedAfter renames the customer customerID to now when it is named
// after the person at email, whose contact is renamed from was to now: a
// private buyer an import keyed by that address and named after its
// person (customers.named_after_person), or, when row is true, one whose
// import row's company cell is the person's new name too (a CRM that
// wants a company for an individual buyer), which is renamed but not
// marked named after its person: a company in the contact column looks
// the same, and its contact renamed by hand later would make it its
// person's name for good. It kept the old name
// otherwise ("Wang Wei" after the CRM wrote 王伟, "Bob Stnoe" after the
// typo was fixed), and greetings wished the buyer and "everyone at Wang
// Wei". Only a customer keyed by the address whose name is exactly the old
// name is renamed: a company at a free-mail address whose contact bore
// the company's name would otherwise become its person's name for good,
// since nothing names a customer back.
func renameNamedAfter(ctx context.Context, tx *sqlx.Tx, customerID int64, email, was, now string, row bool) (bool, error) {
	if was == now {
		return false, nil
	}
	res, err := tx.ExecContext(ctx, q("book-rename-named-after"), now, customerID, email, was, row)
	if err != nil {
		return false, fmt.Errorf("rename customer %d after %s: %w", customerID, email, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

func writeCustomer(ctx context.Context, tx *sqlx.Tx, c CustomerRecord) error {
	_, err := tx.ExecContext(ctx, q("book-update-customer"), c.Name, c.Domain, c.Owner, c.Grade, c.Country, c.TimeZone,
		c.Language, strings.Join(c.Tags, ","), c.Notes, bookUnix(c.GradedAt), bookUnix(c.OptedOutAt), c.ID)
	if err != nil {
		return fmt.Errorf("update customer %d: %w", c.ID, err)
	}
	return nil
}

// people adds the row's contact emails and phones to customer id, filling
// blank details of contacts it already has; kept lists the salutations and
// languages the row writes otherwise than the book, which it keeps.
func (im *importer) people(id int64, rec *book.Record, have []ContactRecord) (changes, kept []string, first int64, err error) {
	// A language the row's country only implies (België: nl) is the
	// customer's, a fallback: stored on the contact it would outrank a
	// later correction of the customer's language in every greeting and
	// follow-up. Only the row's own language cell is the contact's.
	lang := ""
	if rec.LanguageWritten {
		lang = rec.Language
	}
	for i, email := range rec.Emails {
		var c contactRow
		err := im.tx.GetContext(im.ctx, &c, `SELECT id, customer_id, email, name, salutation, language, birthday, holidays, bounced_at FROM contacts WHERE email = ?`, email)
		switch {
		case errors.Is(err, sql.ErrNoRows) && i > 0:
			// The cell's further addresses are the company's (einkauf@,
			// info@): the row's person, salutation and birthday are not theirs.
			res, err := im.tx.ExecContext(im.ctx, q("book-insert-company-address"), id, email, lang, im.now.Unix())
			if err != nil {
				return nil, nil, 0, fmt.Errorf("add contact %s: %w", email, err)
			}
			c.ID, _ = res.LastInsertId()
			changes = append(changes, "added company address "+email)
			continue
		case errors.Is(err, sql.ErrNoRows) && email == im.guest:
			// The address is another person's, whose row makes the
			// contact: this row's phones go in under its own name.
			continue
		case errors.Is(err, sql.ErrNoRows):
			res, err := im.tx.ExecContext(im.ctx, q("book-insert-contact"), id, email, rec.Contact, rec.Salutation, lang, rec.Birthday,
				strings.Join(rec.Holidays, ";"), im.now.Unix())
			if err != nil {
				return nil, nil, 0, fmt.Errorf("add contact %s: %w", email, err)
			}
			c.ID, _ = res.LastInsertId()
			changes = append(changes, "added contact "+email)
		case err != nil:
			return nil, nil, 0, fmt.Errorf("contact %s: %w", email, err)
		case i > 0:
			continue
		case email == im.guest:
			// An earlier import may have put this row's phones on the
			// address's contact (made from this row when it came first,
			// or merged into the person's): they are this row's person's,
			// unless the address's person's rows give them too.
			moved, err := im.phonesApart(c.ID, *rec)
			if err != nil {
				return nil, nil, 0, err
			}
			changes = append(changes, moved...)
			continue
		default:
			n, filled := c, false
			// The salutation and the language are also set in the web's
			// contact form: the sheet fills them only when blank. The name,
			// the birthday and the holidays are set nowhere but in the
			// book (or, for the name, by mail's From): a corrected sheet
			// corrects them, and the row says what it replaced. Within one
			// file the first row naming the person wins, so that importing
			// it twice changes nothing.
			blanks := []struct {
				have *string
				want string
			}{{&n.Salutation, rec.Salutation}, {&n.Language, lang}}
			replace := []struct {
				label string
				have  *string
				want  string
			}{{"name", &n.Name, rec.Contact}, {"birthday", &n.Birthday, rec.Birthday}, {"holidays", &n.Holidays, strings.Join(rec.Holidays, ";")}}
			if _, named := im.contacts[c.ID]; named {
				for _, f := range replace {
					blanks = append(blanks, struct {
						have *string
						want string
					}{f.have, f.want})
				}
				replace = nil
			}
			twoLines := strings.ContainsAny(c.Salutation, "\r\n")
			if twoLines {
				// Stored by an import before the book refused a cell of
				// two lines (nothing else takes one): every letter would
				// open with both. Emptied, or the file's one line taken.
				n.Salutation = ""
				changes = append(changes, fmt.Sprintf("salutation of %s emptied (was %q, of two lines as an earlier import stored it)", email, c.Salutation))
				im.replaced = append(im.replaced, ReplacedDetail{Row: rec.Row, Email: email, Field: "salutation", Was: c.Salutation})
			}
			for _, f := range blanks {
				if *f.have == "" && f.want != "" {
					*f.have, filled = f.want, true
				}
			}
			if twoLines && n.Salutation != "" {
				changes[len(changes)-1] = fmt.Sprintf("salutation of %s %q (was %q, of two lines as an earlier import stored it)", email, n.Salutation, c.Salutation)
				im.replaced[len(im.replaced)-1].Now = n.Salutation
			}
			if n.Salutation != "" {
				// A cell left out leaves the stored salutation, not the name.
				for j, w := range rec.Warnings {
					if strings.HasPrefix(w, "salutation ") && strings.Contains(w, book.GreetedByName) {
						rec.Warnings = slices.Clone(rec.Warnings)
						rec.Warnings[j] = strings.Replace(w, book.GreetedByName, fmt.Sprintf("(the contact keeps its salutation %q)", n.Salutation), 1)
					}
				}
			}
			if c.Salutation == "" && n.Salutation != "" {
				var byHand struct {
					Name       bool `db:"named_by_hand"`
					Salutation bool `db:"salutation_by_hand"`
				}
				if err := im.tx.GetContext(im.ctx, &byHand, `SELECT named_by_hand, salutation_by_hand FROM contacts WHERE id = ?`, c.ID); err != nil {
					return nil, nil, 0, fmt.Errorf("contact %s: %w", email, err)
				}
				switch {
				case byHand.Salutation:
					// Emptied by hand (a mailbox handed on: "Dear Ann" to
					// Bob), which a CRM keeping its old salutation field
					// would fill again: the web's value wins, empty too.
					kept = append(kept, fmt.Sprintf("kept salutation of %s empty (set by hand; the file says %q): letters open from the name; `keepwarm customers contact %s --salutation %q` takes the file's", email, n.Salutation, email, n.Salutation))
					n.Salutation = ""
				case byHand.Name:
					// Its salutation may have been emptied by hand before
					// keepwarm recorded that: listed with what the file
					// replaced.
					changes = append(changes, fmt.Sprintf("salutation of %s %q (was empty)", email, n.Salutation))
					im.replaced = append(im.replaced, ReplacedDetail{Row: rec.Row, Email: email, Field: "salutation", Now: n.Salutation})
				}
			}
			if !twoLines && c.Salutation != "" && rec.Salutation != "" && c.Salutation != rec.Salutation {
				kept = append(kept, fmt.Sprintf("kept salutation of %s %q (the file says %q): change it on the contact's page (or `keepwarm customers contact %s --salutation %q`)", email, c.Salutation, rec.Salutation, email, rec.Salutation))
			}
			if c.Language != "" && rec.LanguageWritten && c.Language != rec.Language {
				kept = append(kept, fmt.Sprintf("kept language of %s %s (the file says %s): change it on the contact's page", email, c.Language, rec.Language))
			}
			for _, f := range replace {
				switch {
				case f.label == "birthday" && f.want == "" && book.PlaceholderBirthday(*f.have, time.Time{}) != "":
					// An empty CRM date stored before such dates were
					// refused: the sheet's empty (or refused) cell clears it.
					changes = append(changes, fmt.Sprintf("birthday of %s emptied (was %s, an empty CRM date)", email, *f.have))
					im.replaced = append(im.replaced, ReplacedDetail{Row: rec.Row, Email: email, Field: f.label, Was: *f.have})
					*f.have = ""
				case f.want == "" || *f.have == f.want:
				case *f.have == "":
					*f.have, filled = f.want, true
				default:
					changes = append(changes, fmt.Sprintf("%s of %s %s (was %s)", f.label, email, f.want, *f.have))
					im.replaced = append(im.replaced, ReplacedDetail{Row: rec.Row, Email: email, Field: f.label, Was: *f.have, Now: f.want})
					// A row with a company cell says what the company is
					// called: a company whose contact bore its name
					// ("Hengda Trading" at hengda888@163.com) keeps it,
					// unless the cell is the person's new name too (a CRM
					// that wants a company for a private buyer).
					row := rec.Company != "" && samePerson(rec.Company, f.want)
					if f.label == "name" && (rec.Company == "" || row) {
						renamed, err := renameNamedAfter(im.ctx, im.tx, c.CustomerID, email, *f.have, f.want, row)
						if err != nil {
							return nil, nil, 0, err
						}
						if renamed {
							why := "named after the person at " + email
							if row {
								// Renamed by the row, not marked a person's
								// (a company in the contact column looks the same).
								why = "as the row's company cell says"
							}
							changes = append(changes, fmt.Sprintf("customer name %s (was %s, %s)", f.want, *f.have, why))
							more, left, err := im.renameSamePerson(c.CustomerID, *rec, *f.have, f.want)
							if err != nil {
								return nil, nil, 0, err
							}
							changes, kept = append(changes, more...), append(kept, left...)
						}
					}
					*f.have = f.want
				}
			}
			if n != c {
				if _, err := im.tx.ExecContext(im.ctx, q("book-update-contact"), n.Name, n.Salutation, n.Language, n.Birthday, n.Holidays, c.ID); err != nil {
					return nil, nil, 0, fmt.Errorf("contact %s: %w", email, err)
				}
				if filled {
					changes = append(changes, "details of "+email)
				}
			}
		}
		if _, named := im.contacts[c.ID]; i == 0 && !named {
			im.contacts[c.ID] = rec.Row
			// The row's person, even where mail made the contact first.
			if _, err := im.tx.ExecContext(im.ctx, q("book-mark-contact"), c.ID); err != nil {
				return nil, nil, 0, fmt.Errorf("contact %s: %w", email, err)
			}
		}
		if first == 0 {
			first = c.ID
		}
	}
	for _, p := range rec.Phones {
		var n int
		if err := im.tx.GetContext(im.ctx, &n, `SELECT count(*) FROM phones WHERE number = ?`, p); err != nil {
			return nil, nil, 0, err
		}
		if n > 0 {
			continue
		}
		var contact any
		name := rec.Contact
		if first != 0 {
			contact, name = first, ""
		}
		if _, err := im.tx.ExecContext(im.ctx, q("book-insert-phone"), id, contact, p, name, im.now.Unix()); err != nil {
			return nil, nil, 0, fmt.Errorf("add phone %s: %w", p, err)
		}
		changes = append(changes, "added phone "+p)
	}
	return changes, kept, first, nil
}

// renameSamePerson renames, after the customer named after its person
// was renamed from was to now, the customer's contacts at the row's
// further addresses that bear exactly the old name: the same person's
// other address (named so by mail's From line), to which a greeting
// otherwise wished "everyone at" the person's new name. Only the row's
// own addresses: the CRM lists them in the person's row.
//
// kept names the customer's other contacts still bearing the old name (one
// named by hand, or at an address the row does not list): mail there now
// calls the customer by the new name, and only the user can tell whether
// it is the same person.
func (im *importer) renameSamePerson(customerID int64, rec book.Record, was, now string) (out, kept []string, err error) {
	if len(rec.Emails) >= 2 {
		others, err := json.Marshal(rec.Emails[1:])
		if err != nil {
			return nil, nil, err
		}
		var emails []string
		if err := im.tx.SelectContext(im.ctx, &emails, q("book-rename-same-person"), customerID, string(others), was, now); err != nil {
			return nil, nil, fmt.Errorf("customer %d: rename %s's other addresses: %w", customerID, was, err)
		}
		for _, e := range emails {
			out = append(out, fmt.Sprintf("name of %s %s (was %s, the same person's)", e, now, was))
			im.replaced = append(im.replaced, ReplacedDetail{Row: rec.Row, Email: e, Field: "name", Was: was, Now: now})
		}
	}
	var left []struct {
		Email  string `db:"email"`
		ByHand bool   `db:"named_by_hand"`
	}
	if err := im.tx.SelectContext(im.ctx, &left, `SELECT email, named_by_hand FROM contacts WHERE customer_id = ? AND name = ? AND email != ? ORDER BY email`, customerID, was, rec.Emails[0]); err != nil {
		return nil, nil, fmt.Errorf("customer %d: %s's other addresses: %w", customerID, was, err)
	}
	for _, l := range left {
		why := "not in this row"
		if l.ByHand {
			why = "set by hand"
		}
		kept = append(kept, fmt.Sprintf("kept name of %s %s (%s): mail there now calls the customer %s; if it is %s too, `keepwarm customers contact %s --name %q`", l.Email, was, why, now, now, l.Email, now))
	}
	return out, kept, nil
}

// phonesApart moves the guest row's phones stored on contact id, the
// address's person's, off that contact and under the row's name, but for
// those the address's person's rows give too (a switchboard on both).
func (im *importer) phonesApart(id int64, rec book.Record) ([]string, error) {
	var out []string
	for _, p := range rec.Phones {
		if slices.Contains(im.holders[im.guest].phones, p) {
			continue
		}
		res, err := im.tx.ExecContext(im.ctx, q("book-phone-apart"), rec.Contact, p, id)
		if err != nil {
			return nil, fmt.Errorf("phone %s: %w", p, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			out = append(out, fmt.Sprintf("phone %s moved off the contact at %s, under %s's name", p, im.guest, rec.Contact))
		}
	}
	return out, nil
}

// poolEvent records a change of hands in the pool's history.
// ownerEvent records a change of customer id's owner by hand (a person,
// an import) from from to to.
func ownerEvent(ctx context.Context, tx *sqlx.Tx, id int64, from, to, note string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, q("book-owner-event"), id, from, to, note, now.Unix()); err != nil {
		return fmt.Errorf("owner event for customer %d: %w", id, err)
	}
	return nil
}

func poolEvent(ctx context.Context, tx *sqlx.Tx, id int64, event, salesperson, note string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, q("book-pool-event"), id, event, salesperson, note, now.Unix()); err != nil {
		return fmt.Errorf("pool event %s for customer %d: %w", event, id, err)
	}
	return nil
}

// impliedBefore are the languages an earlier keepwarm gave every customer
// of a country of several languages, whatever the country cell's spelling.
var impliedBefore = map[string]string{"BE": "nl", "CH": "de", "CA": "en"}

// customerAddr is how a row's note names its customer for a command:
// the row's first email, else its first phone, else the customer's id.
func customerAddr(c CustomerRecord, rec book.Record) string {
	switch {
	case len(rec.Emails) > 0:
		return rec.Emails[0]
	case len(rec.Phones) > 0:
		return rec.Phones[0]
	}
	return fmt.Sprint(c.ID)
}
