package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"golang.org/x/text/width"

	"keepwarm"
	"keepwarm/book"
)

// ImportOptions steer ImportBook.
type ImportOptions struct {
	// Owner is given to rows that name none (`--owner`); "" leaves them in
	// the pool unless the customer already has an owner.
	Owner string
	// Pool says the rows that name no owner go to the public pool on
	// purpose. A sheet without an owner column needs Owner or Pool: it
	// would otherwise put everyone in the pool unnoticed.
	Pool bool
	// MergeOnPhone joins two stored customers that a row shows to share a
	// phone number. Without it such a pair is only proposed (a shared
	// switchboard, an agent's number or a typo must not join two companies).
	MergeOnPhone bool
	// DryRun computes the full report in a transaction that is rolled back.
	DryRun bool
	// FreeMail reports whether a domain is free mail (gmail.com...): such a
	// domain never names a company.
	FreeMail func(domain string) bool
	// IsTeam reports whether an address is the team's own.
	IsTeam func(email string) bool
	// By names who imports, for the merge records.
	By string
}

// Import actions, one per row.
const (
	ImportCreated  = "created"
	ImportUpdated  = "updated"
	ImportMerged   = "merged"
	ImportSkipped  = "skipped"
	ImportRejected = "rejected"
	// ImportConflict: the row names another salesperson's customer (撞单).
	// Nothing is changed; both owners are reported.
	ImportConflict = "conflict"
)

// ImportRow is what happened to one row.
type ImportRow struct {
	Row        int    `json:"row"`
	Action     string `json:"action"`
	CustomerID int64  `json:"customer_id,omitempty"` // the customer the row ended in, after every merge
	Customer   string `json:"customer,omitempty"`    // that customer's name
	// Company is the row's own company name where it differs from Customer.
	Company string `json:"company,omitempty"`
	Reason  string `json:"reason,omitempty"`
	// Owner is the customer's owner and FileOwner the one the row (or
	// --owner) names, on a conflict.
	Owner     string `json:"owner,omitempty"`
	FileOwner string `json:"file_owner,omitempty"`
}

// MergeProposal is two stored customers a row shows to share a phone, or
// two of the file's rows of one company name whose company domains or
// countries differ, left apart: `customers merge KEEP DROP` (or, for a
// phone, an import with MergeOnPhone) joins them.
type MergeProposal struct {
	Row     int    `json:"row"`
	Phone   string `json:"phone"`
	Company string `json:"company,omitempty"` // the company name the two share, when it is no phone
	// InBook marks a company name shared with a customer the book held
	// before the file, which no address or phone of the row reaches.
	InBook   bool   `json:"in_book,omitempty"`
	Keep     int64  `json:"keep"`
	KeepName string `json:"keep_name"`
	Drop     int64  `json:"drop"`
	DropName string `json:"drop_name"`
}

// ImportReport is the outcome of an import, row by row in file order.
type ImportReport struct {
	Rows      []ImportRow     `json:"rows"`
	Counts    map[string]int  `json:"counts"`
	DryRun    bool            `json:"dry_run"`
	Ignored   []string        `json:"ignored_columns,omitempty"`
	Proposals []MergeProposal `json:"proposed_merges,omitempty"`
	// Pooled counts the customers the rows left without an owner.
	Pooled int `json:"pooled"`
	// Replaced are the contacts' names, birthdays and holidays the file
	// changed: a correction made in keepwarm (`customers contact`) and not
	// in the CRM the file comes from is undone so.
	Replaced []ReplacedDetail `json:"replaced,omitempty"`
	// Sheet is the workbook's sheet read; SheetsNotRead the other sheets
	// with a customer header, and SheetsWithoutHeader those with data but
	// none (set by the command reading the file).
	Sheet               string   `json:"sheet,omitempty"`
	SheetsNotRead       []string `json:"sheets_not_read,omitempty"`
	SheetsWithoutHeader []string `json:"sheets_without_header,omitempty"`
}

// ReplacedDetail is one contact field a row replaced.
type ReplacedDetail struct {
	Row   int    `json:"row"`
	Email string `json:"email"`
	Field string `json:"field"` // "name", "birthday", "holidays" or "salutation" (filled into a contact named by hand)
	Was   string `json:"was"`
	Now   string `json:"now"`
}

// Conflicts are the rows naming another salesperson's customer.
func (r ImportReport) Conflicts() []ImportRow {
	var out []ImportRow
	for _, row := range r.Rows {
		if row.Action == ImportConflict {
			out = append(out, row)
		}
	}
	return out
}

// ImportBook applies a parsed sheet to the book in one transaction. A row
// is matched to stored customers by normalised email (contacts, and the
// "addr:" key mail gives a free-mail sender), by E.164 phone, by company
// domain (the "domain:" key mail gives a company), and within the file by
// company name. It creates the customer when nothing matches, fills what
// the stored customer lacks when one does (never overwriting a grade, an
// owner or a country someone set: the difference is reported instead), and
// joins two stored customers the row shows to be one, unless they have
// different owners. Importing the same sheet again changes nothing.
func (db *DB) ImportBook(ctx context.Context, now time.Time, sheet *book.Sheet, opt ImportOptions) (ImportReport, error) {
	rep := ImportReport{Counts: map[string]int{}, DryRun: opt.DryRun, Ignored: sheet.Ignored}
	if !sheet.HasOwner && opt.Owner == "" && !opt.Pool {
		return rep, keepwarm.Errorf(keepwarm.EINVALID, "the sheet has no owner column (业务员): give --owner SALESPERSON to make its customers one salesperson's, or --pool to put them in the public pool")
	}
	for _, r := range sheet.Rejected {
		rep.Rows = append(rep.Rows, ImportRow{Row: r.Row, Action: ImportRejected, Reason: r.Reason})
	}
	tx, err := db.w.BeginTxx(ctx, nil)
	if err != nil {
		return rep, fmt.Errorf("store: import: %w", err)
	}
	defer tx.Rollback()
	im := &importer{ctx: ctx, tx: tx, now: now, opt: opt, created: map[int64]int{}, touched: map[int64]int{}, contacts: map[int64]int{}, named: map[int64]bool{}, names: map[string]int64{}, namesakes: map[int]int64{}, holders: map[string]holder{}}
	im.ownersNamed(sheet.Records)
	im.peopleNamed(sheet.Records)
	for _, rec := range sheet.Records {
		row, err := im.apply(rec)
		if err != nil {
			return rep, fmt.Errorf("store: import row %d: %w", rec.Row, err)
		}
		rep.Rows = append(rep.Rows, row)
	}
	if err := im.settle(&rep); err != nil {
		return rep, fmt.Errorf("store: import: %w", err)
	}
	sort.SliceStable(rep.Rows, func(i, j int) bool { return rep.Rows[i].Row < rep.Rows[j].Row })
	for _, r := range rep.Rows {
		rep.Counts[r.Action]++
	}
	if opt.DryRun {
		return rep, nil
	}
	if err := tx.Commit(); err != nil {
		return rep, fmt.Errorf("store: import: commit: %w", err)
	}
	return rep, nil
}

type importer struct {
	proposals []MergeProposal
	ctx       context.Context
	tx        *sqlx.Tx
	now       time.Time
	opt       ImportOptions
	created   map[int64]int    // customers created by this import -> row
	touched   map[int64]int    // customers matched by this import -> first row
	contacts  map[int64]int    // contacts a row of this import named as its person -> that row
	named     map[int64]bool   // customers a row of this import gave or confirmed the owner of
	names     map[string]int64 // folded company name -> customer, within this file
	namesakes map[int]int64    // row -> the customer of its company name it was kept apart from
	// stored are the book's customers by folded company name, read once
	// at the first row that needs them (nil until then).
	stored map[string][]storedName
	// replaced are the contact details the rows replaced.
	replaced []ReplacedDetail
	// personRows are the people the file names at each person's address
	// (a row's first email), in the order of their first rows.
	personRows map[string][]namedPerson
	// holders are whose each address is (holderAt).
	holders map[string]holder
	// guest is the address of the row being applied when it is another
	// person's (otherPerson) and the row brings nothing personal: the row
	// goes in, but not as that address's person.
	guest string
	// fileOwners are the owners the file's owner cells name, by company
	// (companyKeys), whichever row names them: a sheet sorted by contact
	// may name the owner on a company's second row, not its first.
	fileOwners map[string][]string
}

type storedName struct {
	ID      int64  `db:"id"`
	Name    string `db:"name"`
	Country string `db:"country"`
}

type match struct {
	id   int64
	why  string // "email", "phone", "domain", "company"
	what string // the email, phone or domain matched
}

func (im *importer) apply(rec book.Record) (ImportRow, error) {
	row := ImportRow{Row: rec.Row, Company: rec.Company}
	for _, e := range rec.Emails {
		if im.opt.IsTeam != nil && im.opt.IsTeam(e) {
			row.Action, row.Reason = ImportRejected, fmt.Sprintf("%s is a team address, not a customer", e)
			return row, nil
		}
	}
	if person, reason, err := im.otherPerson(rec); err != nil {
		return row, err
	} else if reason != "" && personal(rec) {
		row.Action, row.Reason = ImportRejected, reason
		return row, nil
	} else if reason != "" {
		// Nothing of the row is the person's but its name (and phones):
		// it goes in, its phones under its own name, not on the person
		// at the address, whose name, birthday and salutation it leaves.
		im.guest = rec.Emails[0]
		defer func() { im.guest = "" }()
		rec.Warnings = append(slices.Clip(rec.Warnings), fmt.Sprintf("%s is %s's: %s is kept apart from that contact (its phones go in under %s's name)",
			rec.Emails[0], person, rec.Contact, rec.Contact))
	}
	matches, err := im.matches(rec)
	if err != nil {
		return row, err
	}
	ids := distinctIDs(matches)
	if !im.opt.MergeOnPhone && len(ids) > 1 {
		var reason string
		if ids, reason, err = im.phoneOnly(rec, matches); err != nil || len(ids) == 0 {
			row.Action, row.Reason = ImportRejected, reason
			return row, err
		}
	}
	var apart *match // a customer the row reaches only by phone, kept apart
	if !im.opt.MergeOnPhone && len(ids) == 1 && !slices.ContainsFunc(matches, func(m match) bool { return m.why != "phone" }) {
		if other, err := im.otherCompany(ids[0], rec); err != nil {
			return row, err
		} else if other {
			apart, ids = &matches[0], nil
		}
	}
	var id int64
	switch len(ids) {
	case 0:
		if id, err = im.create(rec); err != nil {
			return row, err
		}
		if apart != nil {
			im.proposals = append(im.proposals, MergeProposal{Row: rec.Row, Phone: apart.what, Keep: apart.id, Drop: id})
		}
		notes := rec.Warnings
		if other, ok := im.namesakes[rec.Row]; ok {
			im.proposals = append(im.proposals, MergeProposal{Row: rec.Row, Company: rec.Company, Keep: other, Drop: id})
			notes = append([]string{fmt.Sprintf("same company name as row %d, but another company domain or country: kept apart (see the proposed merges)",
				im.touched[other])}, notes...)
		} else if other, err := im.storedNamesake(rec, id); err != nil {
			return row, err
		} else if other != 0 {
			im.proposals = append(im.proposals, MergeProposal{Row: rec.Row, Company: rec.Company, InBook: true, Keep: other, Drop: id})
			notes = append([]string{fmt.Sprintf("the book already has a %s, #%d, that no email, phone or domain of the row reaches: kept apart (see the proposed merges)",
				rec.Company, other)}, notes...)
		}
		row.Action, row.CustomerID = ImportCreated, id
		im.created[id], im.touched[id] = rec.Row, rec.Row
		im.remember(rec, id)
		row.Reason = strings.Join(notes, "; ")
		return row, nil
	case 1:
		id = ids[0]
	default:
		// Nothing is joined before the owners are known: a merge is the
		// weightiest change an import makes, and a conflict changes nothing.
		owned, owners, reason, err := im.unjoinable(ids, rec)
		if err != nil {
			return row, err
		}
		if reason != "" {
			// The row ties together customers of several salespeople, or
			// another salesperson's customer with others: a conflict for
			// the manager, like a row naming another's customer.
			row.Action, row.Reason, row.CustomerID = ImportConflict, reason, owned
			row.Owner, row.FileOwner = strings.Join(owners, ", "), im.fileOwner(rec)
			return row, nil
		}
		if id, reason, err = im.join(ids, rec); err != nil {
			return row, err
		}
		row.Action, row.Reason = ImportMerged, reason
	}
	if have, want, err := im.ownerConflict(id, rec, row.Action == ImportMerged); err != nil || have != "" {
		row.Action, row.CustomerID, row.Owner, row.FileOwner = ImportConflict, id, have, want
		row.Reason = fmt.Sprintf("%s's customer, the row says %s: left unchanged", have, want)
		if want == "" {
			row.Reason = fmt.Sprintf("%s's customer, the row names no owner: left unchanged", have)
		}
		return row, err
	}
	if im.fileOwner(rec) != "" {
		im.named[id] = true
	}
	changes, kept, err := im.update(id, &rec)
	if err != nil {
		return row, err
	}
	row.CustomerID = id
	first, inFile := im.touched[id]
	switch {
	case row.Action == ImportMerged:
	case im.created[id] != 0:
		row.Action, row.Reason = ImportMerged, fmt.Sprintf("same %s as row %d", whyFor(matches, id), first)
	case len(changes) > 0:
		row.Action, row.Reason = ImportUpdated, strings.Join(changes, ", ")
	case inFile:
		row.Action, row.Reason = ImportSkipped, fmt.Sprintf("unchanged (same %s as row %d)", whyFor(matches, id), first)
	default:
		row.Action, row.Reason = ImportSkipped, "unchanged"
	}
	if !inFile {
		im.touched[id] = rec.Row
	}
	im.remember(rec, id)
	notes := append(append([]string{row.Reason}, kept...), rec.Warnings...)
	row.Reason = strings.Join(slices.DeleteFunc(notes, func(s string) bool { return s == "" }), "; ")
	return row, nil
}

// otherPerson refuses a row whose person's address (its first email) is
// someone else's (holderAt: a shared mailbox, sales@ or info@, written on
// each colleague's row, in whatever order the export lists them). The
// book keeps one person per address, so the row's name, birthday,
// salutation and holidays would land on that person, whose greetings
// would then go out for someone else's birthday and in someone else's
// salutation. person is whose the address is.
func (im *importer) otherPerson(rec book.Record) (person, reason string, err error) {
	if len(rec.Emails) == 0 || foldPerson(rec.Contact) == "" {
		return "", "", nil
	}
	email := rec.Emails[0]
	var c addressContact
	err = im.tx.GetContext(im.ctx, &c, `SELECT id, name, birthday, salutation, holidays, from_book, named_by_hand FROM contacts WHERE email = ?`, email)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		c = addressContact{}
	case err != nil:
		return "", "", fmt.Errorf("contact %s: %w", email, err)
	}
	h, err := im.holderAt(email, c)
	if err != nil {
		return "", "", err
	}
	if h.name == "" || samePerson(h.name, rec.Contact) {
		return "", "", nil
	}
	first, whose := h.row, fmt.Sprintf("(row %d", h.row)
	if r, ok := im.contacts[c.ID]; ok && c.ID != 0 {
		first, whose = r, fmt.Sprintf("(row %d", r)
	} else if h.book {
		whose = fmt.Sprintf("(the book's contact, whom row %d names too", h.row)
	}
	if h.why != "" {
		whose += ", " + h.why
	}
	whose += ")"
	person = h.name
	held := c.ID != 0 && foldPerson(c.Name) != "" && samePerson(c.Name, h.name)
	if held {
		person = c.Name
	}
	fix := fmt.Sprintf("give %s an address of their own", rec.Contact)
	if len(rec.Phones) > 0 {
		fix += fmt.Sprintf(", or leave the address out of this row (its phone then goes in under %s's name)", rec.Contact)
	}
	if h.why != "" {
		// Only the user can tell that the mailbox was handed on.
		fix += fmt.Sprintf("; if %s is %s's now, rename the contact (`keepwarm customers contact %s --name %q`) and import again", email, rec.Contact, email, rec.Contact)
	}
	// The same person written two ways (Bob and Robert) is told apart
	// by nobody but the user.
	fix += fmt.Sprintf("; if %s is %s (one person written two ways, which keepwarm cannot tell), write the name as row %d does", rec.Contact, person, first)
	// A book imported before such rows were refused may already hold
	// this row's details on the person: they are named, with the way to
	// empty them, since nothing tells them from the person's own.
	var taken, clear []string
	if held {
		if rec.Birthday != "" && c.Birthday == rec.Birthday {
			taken, clear = append(taken, "birthday "+rec.Birthday), append(clear, `--birthday ""`)
		}
		if h := strings.Join(rec.Holidays, ";"); h != "" && c.Holidays == h {
			taken, clear = append(taken, "holidays "+h), append(clear, `--holidays ""`)
		}
		if rec.Salutation != "" && c.Salutation == rec.Salutation {
			taken, clear = append(taken, fmt.Sprintf("salutation %q", rec.Salutation)), append(clear, `--salutation ""`)
		}
	}
	kept := fmt.Sprintf("so that %s's birthday, salutation and holidays never go to %s", rec.Contact, person)
	if len(taken) > 0 {
		// Whose they are is whether rec.Contact is someone else, which
		// only the user can tell (as `customers contact --name` asks).
		them := "it"
		if len(taken) > 1 {
			them = "them"
		}
		kept = fmt.Sprintf("but %s's contact already holds this row's %s, which an import by an earlier keepwarm may have put there: if %s is someone else (not %s written another way), empty %s (`keepwarm customers contact %s %s`)",
			person, strings.Join(taken, " and "), rec.Contact, person, them, email, strings.Join(clear, " "))
	}
	return person, fmt.Sprintf("%s is %s's %s, and the book keeps one person per address: %s's row is left out, %s; %s",
		email, person, whose, rec.Contact, kept, fix), nil
}

// addressContact is the book's contact at an address, as otherPerson
// reads it (all zero when there is none).
type addressContact struct {
	ID         int64  `db:"id"`
	Name       string `db:"name"`
	Birthday   string `db:"birthday"`
	Salutation string `db:"salutation"`
	Holidays   string `db:"holidays"`
	FromBook   bool   `db:"from_book"`
	ByHand     bool   `db:"named_by_hand"`
}

// holder is whose an address is for this import: the person the file
// names there (as their first row writes them, and that row), and whether
// it is the book's contact there. It has no name when no row names one.
// why says, for a book's contact holding nothing of their own, what
// outside the file holds the address for them (contactVouched).
type holder struct {
	namedPerson
	book bool
	why  string
}

// holderAt decides, once per address at its first row, whose the address
// is: the book's contact there when a row of the file names them there
// too and they have something of their own (a birthday, salutation or
// holidays on the contact or on such a row), or no row brings anyone's,
// or something outside the file vouches for them (contactVouched: mail, a
// follow-up); else the first person the file names there with something
// of their own, else the first person it names there. A row bringing
// nothing personal (a colleague's phone) so never claims the address from
// a person whose row brings a birthday, whatever the row order or what an
// earlier import made of the same file; only a contact nothing but an
// import ever named, with nothing of their own to lose, is renamed (the
// report lists it under replaced). A book contact no row names at its
// address is not held either: the file renames it (a corrected name, a
// mailbox handed on).
func (im *importer) holderAt(email string, c addressContact) (holder, error) {
	if h, ok := im.holders[email]; ok {
		return h, nil
	}
	people := im.personRows[email]
	detailed := slices.IndexFunc(people, func(p namedPerson) bool { return p.detailed })
	h := holder{}
	i := slices.IndexFunc(people, func(p namedPerson) bool { return samePerson(p.name, c.Name) })
	book := c.ID != 0 && foldPerson(c.Name) != "" && i >= 0
	switch {
	case book && (c.Birthday != "" || c.Salutation != "" || c.Holidays != "" || people[i].detailed || detailed < 0):
		h = holder{namedPerson: people[i], book: true}
	case book:
		why, err := im.contactVouched(email, c)
		if err != nil {
			return h, err
		}
		if why != "" {
			h = holder{namedPerson: people[i], book: true, why: why}
		} else {
			h.namedPerson = people[detailed]
		}
	case detailed >= 0:
		h.namedPerson = people[detailed]
	case len(people) > 0:
		h.namedPerson = people[0]
	}
	im.holders[email] = h
	return h, nil
}

// contactVouched says what, outside the file, holds the book's contact c at
// email for its person although it holds no birthday, salutation or
// holidays: mail from the address under the contact's name (the person
// who writes from it), follow-ups or mail going out to it, any mail with
// it on the desk (Lily's mails greeted that name), or a name an import
// never gave (mail's From, or set by hand). A name set by hand (`keepwarm
// customers contact --name`: a mailbox handed on from Ann to Bob) comes
// first: the import would otherwise hand the address back to Ann's row,
// with her birthday and "Dear Ann", once the user emptied what the refusal
// said to empty. "" means nothing but an import ever named the contact: a
// colleague's phone-only row that came first, which the person's row may
// rename.
func (im *importer) contactVouched(email string, c addressContact) (string, error) {
	if c.ByHand {
		return "named by hand (keepwarm customers contact)", nil
	}
	var names []string
	if err := im.tx.SelectContext(im.ctx, &names, q("book-contact-from-names"), c.ID, email); err != nil {
		return "", fmt.Errorf("mail from %s: %w", email, err)
	}
	if slices.ContainsFunc(names, func(n string) bool { return samePerson(n, c.Name) }) {
		return "who writes from it", nil
	}
	var going bool
	err := im.tx.GetContext(im.ctx, &going, q("book-address-going"), email)
	if err != nil {
		return "", fmt.Errorf("follow-ups to %s: %w", email, err)
	}
	if going {
		return "with follow-ups or mail going out to it", nil
	}
	var mailed bool
	err = im.tx.GetContext(im.ctx, &mailed, q("book-contact-mailed"), c.ID)
	if err != nil {
		return "", fmt.Errorf("mail with %s: %w", email, err)
	}
	if mailed {
		return "with mail to or from it on the desk", nil
	}
	if !c.FromBook {
		return "a name no import gave", nil
	}
	return "", nil
}

// namedPerson is a person the file names at an address: the name as its
// first row writes it, and that row; whether a row of theirs there brings
// something personal (personal), and the phones their rows there give.
type namedPerson struct {
	name     string
	row      int
	detailed bool
	phones   []string
}

// personal says whether a row brings something of its person's own: a
// birthday, a salutation or holidays.
func personal(rec book.Record) bool {
	return rec.Birthday != "" || rec.Salutation != "" || len(rec.Holidays) > 0
}

// peopleNamed gathers the first row naming each person (samePerson) at
// each person's address (a row's first email), for otherPerson.
func (im *importer) peopleNamed(recs []book.Record) {
	im.personRows = map[string][]namedPerson{}
	for _, rec := range recs {
		if len(rec.Emails) == 0 || foldPerson(rec.Contact) == "" {
			continue
		}
		email := rec.Emails[0]
		i := slices.IndexFunc(im.personRows[email], func(p namedPerson) bool { return samePerson(p.name, rec.Contact) })
		if i < 0 {
			i = len(im.personRows[email])
			im.personRows[email] = append(im.personRows[email], namedPerson{name: rec.Contact, row: rec.Row})
		}
		p := &im.personRows[email][i]
		p.detailed = p.detailed || personal(rec)
		p.phones = append(p.phones, rec.Phones...)
	}
}

// phoneOnly keeps a row from joining stored customers it reaches only by a
// phone: it returns the customers the row's emails, domains or company
// name reach and proposes the phone's customers as merges. A row reaching
// several customers by phone alone is rejected with the proposals.
func (im *importer) phoneOnly(rec book.Record, ms []match) ([]int64, string, error) {
	var strong []int64
	for _, m := range ms {
		if m.why != "phone" && !slices.Contains(strong, m.id) {
			strong = append(strong, m.id)
		}
	}
	slices.Sort(strong)
	var weak []match
	for _, m := range ms {
		if m.why == "phone" && !slices.Contains(strong, m.id) && !slices.ContainsFunc(weak, func(w match) bool { return w.id == m.id }) {
			weak = append(weak, m)
		}
	}
	switch {
	case len(weak) == 0:
		return distinctIDs(ms), "", nil
	case len(strong) == 0 && len(weak) == 1:
		return []int64{weak[0].id}, "", nil
	}
	keep, rest := int64(0), weak
	if len(strong) > 0 {
		keep = strong[0]
	} else {
		keep, rest = weak[0].id, weak[1:]
	}
	var labels []string
	for _, w := range rest {
		if !slices.ContainsFunc(im.proposals, func(p MergeProposal) bool { return p.Keep == keep && p.Drop == w.id }) {
			im.proposals = append(im.proposals, MergeProposal{Row: rec.Row, Phone: w.what, Keep: keep, Drop: w.id})
		}
		labels = append(labels, fmt.Sprintf("#%d %s (phone %s)", w.id, im.name(w.id), w.what))
	}
	if len(strong) == 0 {
		return nil, fmt.Sprintf("the row's phones belong to #%d %s and %s: they stay apart (see the proposed merges)",
			keep, im.name(keep), strings.Join(labels, ", ")), nil
	}
	return strong, "", nil
}

// storedNamesake is a customer of the book, older than this file, that
// bears the company name of the row that made customer id and is not in
// another country: a weekly "new contacts" export names a free-mail
// company's new buyer so. Within the file names join rows; against the
// book they are only proposed, as a name alone may be two companies.
func (im *importer) storedNamesake(rec book.Record, id int64) (int64, error) {
	name := foldCompany(rec.Company)
	if name == "" {
		return 0, nil
	}
	if im.stored == nil {
		// Folded in Go, as the file's own names are: SQLite's lower()
		// folds ASCII only and keeps inner spaces. One read per import,
		// not a scan of the book per created row.
		var all []storedName
		if err := im.tx.SelectContext(im.ctx, &all, `SELECT id, name, country FROM customers WHERE merged_into IS NULL AND name != '' ORDER BY id`); err != nil {
			return 0, fmt.Errorf("customers by name: %w", err)
		}
		im.stored = make(map[string][]storedName, len(all))
		for _, c := range all {
			if f := foldCompany(c.Name); f != "" {
				im.stored[f] = append(im.stored[f], c)
			}
		}
	}
	found := im.stored[name]
	for _, c := range found {
		if _, ours := im.created[c.ID]; ours || c.ID == id {
			continue
		}
		var merged bool
		if err := im.tx.GetContext(im.ctx, &merged, `SELECT merged_into IS NOT NULL FROM customers WHERE id = ?`, c.ID); err != nil {
			return 0, fmt.Errorf("customer %d: %w", c.ID, err)
		}
		if merged { // by a row of this file
			continue
		}
		if rec.Country == "" || c.Country == "" || rec.Country == c.Country {
			return c.ID, nil
		}
	}
	return 0, nil
}

// otherCompany says whether a row that reaches customer id only by a phone
// names another company: another company name, or another company domain.
// Such a row is a new customer with a merge proposed, not a new contact of
// the phone's customer.
func (im *importer) otherCompany(id int64, rec book.Record) (bool, error) {
	c, err := customerRecord(im.ctx, im.tx, id)
	if err != nil {
		return false, err
	}
	if rec.Company != "" && !autoNamed(c) && foldCompany(rec.Company) != foldCompany(c.Name) {
		return true, nil
	}
	ds := im.companyDomains(rec.Emails)
	return len(ds) > 0 && c.Domain != "" && !slices.Contains(ds, c.Domain), nil
}

// ownerConflict returns the customer's owner and the one the row names
// when they differ: the row is another salesperson's customer (撞单). A
// row that names no owner (`--pool`, or an empty owner cell) is in
// conflict with any salesperson's customer too: a trade-show leads file
// must not rewrite a colleague's contacts (their birthday greeting would
// go out on the file's date, in their name). Not so for a customer this
// file made or whose owner an earlier row of it named (a company's first
// row names the owner, its other contacts' rows leave the cell empty),
// nor for one a row has just joined (the join checked the owners), nor
// for a row whose owner cell names someone who left the team (the CRM's
// row of their customer, handed on or not: only the cell is set aside).
func (im *importer) ownerConflict(id int64, rec book.Record, joined bool) (have, want string, err error) {
	want = im.fileOwner(rec)
	if want == "" && joined {
		return "", "", nil
	}
	if err := im.tx.GetContext(im.ctx, &have, `SELECT owner FROM customers WHERE id = ?`, id); err != nil {
		return "", "", fmt.Errorf("owner of customer %d: %w", id, err)
	}
	if have == "" || strings.EqualFold(have, want) || want == "" && im.vouched(id, rec, have) {
		return "", "", nil
	}
	return have, want, nil
}

// vouched says whether a row naming no owner may change customer id,
// owned by have: this file made it or an earlier row of it named its
// owner, another row of the row's company (its name or company domain)
// names have and no one else, or the row's owner cell names someone who
// left the team.
func (im *importer) vouched(id int64, rec book.Record, have string) bool {
	if im.created[id] != 0 || im.named[id] || rec.OwnerLeft != "" {
		return true
	}
	var named []string
	for _, k := range im.companyKeys(rec) {
		for _, o := range im.fileOwners[k] {
			if !slices.Contains(named, o) {
				named = append(named, o)
			}
		}
	}
	return len(named) == 1 && strings.EqualFold(named[0], have)
}

// ownersNamed gathers the owners the rows' owner cells name, by company.
func (im *importer) ownersNamed(recs []book.Record) {
	im.fileOwners = map[string][]string{}
	for _, rec := range recs {
		if rec.Owner == "" {
			continue
		}
		o := strings.ToLower(rec.Owner)
		for _, k := range im.companyKeys(rec) {
			if !slices.Contains(im.fileOwners[k], o) {
				im.fileOwners[k] = append(im.fileOwners[k], o)
			}
		}
	}
}

// companyKeys are the row's company name and company domains, by which
// ownersNamed and vouched know a company's rows.
func (im *importer) companyKeys(rec book.Record) []string {
	var out []string
	if n := foldCompany(rec.Company); n != "" {
		out = append(out, "name:"+n)
	}
	for _, d := range im.companyDomains(rec.Emails) {
		out = append(out, "domain:"+d)
	}
	return out
}

// settle points every row and proposal at the customer it ended in (a
// later row may have merged the row's customer away) with that customer's
// name, and counts the customers left in the pool.
func (im *importer) settle(rep *ImportReport) error {
	survivor := func(id int64) (int64, string, string, error) {
		var c struct {
			ID    int64  `db:"id"`
			Name  string `db:"name"`
			Owner string `db:"owner"`
		}
		if err := im.tx.GetContext(im.ctx, &c.ID, q("book-resolve"), id); err != nil {
			return 0, "", "", fmt.Errorf("resolve customer %d: %w", id, err)
		}
		err := im.tx.GetContext(im.ctx, &c, `SELECT id, name, owner FROM customers WHERE id = ?`, c.ID)
		return c.ID, c.Name, c.Owner, err
	}
	pooled := map[int64]bool{}
	for i := range rep.Rows {
		r := &rep.Rows[i]
		if r.CustomerID == 0 {
			continue
		}
		id, name, owner, err := survivor(r.CustomerID)
		if err != nil {
			return err
		}
		r.CustomerID, r.Customer = id, name
		if foldCompany(r.Company) == foldCompany(name) {
			r.Company = ""
		}
		if owner == "" && r.Action != ImportConflict && r.Action != ImportRejected {
			pooled[id] = true
		}
	}
	rep.Pooled = len(pooled)
	rep.Replaced = im.replaced
	for _, p := range im.proposals {
		keep, kname, _, err := survivor(p.Keep)
		if err != nil {
			return err
		}
		drop, dname, _, err := survivor(p.Drop)
		if err != nil {
			return err
		}
		if keep != drop {
			p.Keep, p.KeepName, p.Drop, p.DropName = keep, kname, drop, dname
			rep.Proposals = append(rep.Proposals, p)
		}
	}
	return nil
}

func (im *importer) remember(rec book.Record, id int64) {
	if k := foldCompany(rec.Company); k != "" {
		if _, ok := im.names[k]; !ok {
			im.names[k] = id
		}
	}
}

func (im *importer) name(id int64) string {
	var n string
	im.tx.GetContext(im.ctx, &n, `SELECT name FROM customers WHERE id = ?`, id)
	return n
}

// foldCompany makes "ACME Ltd." and "Acme Ltd" the same name, and
// "MÜLLER GMBH" and "Müller GmbH", and full-width brackets and letters the
// same as half-width ones. The orders import reads a name the same way.
func foldCompany(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(strings.Trim(width.Fold.String(s), " .,"))), " ")
}

func whyFor(ms []match, id int64) string {
	for _, m := range ms {
		if m.id == id {
			return m.why
		}
	}
	return "customer"
}

func distinctIDs(ms []match) []int64 {
	var ids []int64
	for _, m := range ms {
		if !slices.Contains(ids, m.id) {
			ids = append(ids, m.id)
		}
	}
	slices.Sort(ids)
	return ids
}

// companyDomains are the row's email domains that name a company.
func (im *importer) companyDomains(emails []string) []string {
	var out []string
	for _, e := range emails {
		d := book.EmailDomain(e)
		if d != "" && (im.opt.FreeMail == nil || !im.opt.FreeMail(d)) && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

func (im *importer) matches(rec book.Record) ([]match, error) {
	var out []match
	for _, m := range []struct {
		query, kind string
		values      []string
	}{
		{"book-match-emails", "email", rec.Emails},
		{"book-match-phones", "phone", rec.Phones},
		{"book-match-domains", "domain", im.companyDomains(rec.Emails)},
	} {
		if len(m.values) == 0 {
			continue
		}
		arg, _ := json.Marshal(m.values)
		var rows []struct {
			ID   int64  `db:"id"`
			What string `db:"what"`
		}
		if err := im.tx.SelectContext(im.ctx, &rows, q(m.query), string(arg)); err != nil {
			return nil, fmt.Errorf("%s: %w", m.query, err)
		}
		for _, r := range rows {
			out = append(out, match{id: r.ID, why: m.kind, what: r.What})
		}
	}
	if id, ok := im.names[foldCompany(rec.Company)]; ok && foldCompany(rec.Company) != "" {
		if apart, err := im.namesake(id, rec, out); err != nil {
			return nil, err
		} else if !apart {
			out = append(out, match{id: id, why: "company"})
		}
	}
	return out, nil
}

// namesake says whether customer id, an earlier row's of the same company
// name, is another company than rec's: their company domains or their
// countries differ (Star Electric in India and in Kenya). The row then
// joins it by nothing but its own emails, phones and domains; when those
// reach nothing else the row's customer is created apart and the merge is
// proposed (see apply), should they be one company after all.
func (im *importer) namesake(id int64, rec book.Record, ms []match) (bool, error) {
	if slices.ContainsFunc(ms, func(m match) bool { return m.id == id }) {
		return false, nil
	}
	c, err := customerRecord(im.ctx, im.tx, id)
	if err != nil {
		return false, err
	}
	ds := im.companyDomains(rec.Emails)
	otherDomain := len(ds) > 0 && c.Domain != "" && !slices.Contains(ds, c.Domain)
	otherCountry := rec.Country != "" && c.Country != "" && rec.Country != c.Country
	if otherDomain || otherCountry {
		im.namesakes[rec.Row] = id
	}
	return otherDomain || otherCountry, nil
}

// unjoinable says why a row must not join the stored customers ids, or ""
// when it may: they belong to different salespeople, one of them belongs
// to another salesperson than the row's, or one of them was let go to the
// pool (released, or its claim ran out) and the join would hand it to a
// salesperson: the one-match path keeps such a customer in the pool, and a
// merge would skip the cool-down and the caps as surely. A row naming no
// owner joins a salesperson's customers only when the file vouches for
// each (vouched), as on the one-match path. A pool customer never owned
// may join. owned is the first of them with an owner (else the
// one let go), for the report. It writes nothing.
func (im *importer) unjoinable(ids []int64, rec book.Record) (owned int64, owners []string, reason string, err error) {
	set, ownerOf := map[string]bool{}, map[int64]string{}
	var labels []string
	var pooled []int64
	for _, id := range ids {
		var c struct {
			Owner string `db:"owner"`
			Name  string `db:"name"`
		}
		if err := im.tx.GetContext(im.ctx, &c, `SELECT owner, name FROM customers WHERE id = ?`, id); err != nil {
			return 0, nil, "", fmt.Errorf("owner of customer %d: %w", id, err)
		}
		ownerOf[id] = c.Owner
		if c.Owner != "" {
			set[c.Owner] = true
			if owned == 0 {
				owned = id
			}
		} else {
			pooled = append(pooled, id)
		}
		labels = append(labels, fmt.Sprintf("#%d %s", id, c.Name))
	}
	owners = slices.Sorted(maps.Keys(set))
	if len(owners) > 1 {
		return owned, owners, fmt.Sprintf("the row matches customers of different owners (%s): left unchanged; the manager decides (`keepwarm customers merge`)", strings.Join(labels, ", ")), nil
	}
	want := im.fileOwner(rec)
	if len(owners) == 1 && want != "" && !strings.EqualFold(owners[0], want) {
		return owned, owners, fmt.Sprintf("%s's customer, the row says %s: left unchanged, nothing joined (the row matches %s); the manager decides (`keepwarm customers merge`)",
			owners[0], want, strings.Join(labels, ", ")), nil
	}
	if len(owners) == 0 && want == "" {
		return 0, nil, "", nil // pool customers joined stay in the pool
	}
	for _, id := range pooled {
		by, on, err := im.letGo(id)
		if err != nil {
			return 0, nil, "", err
		}
		if on == "" {
			continue
		}
		if owned == 0 {
			owned = id
		}
		return owned, owners, fmt.Sprintf("#%d was let go to the pool%s on %s: left unchanged, nothing joined (the row matches %s); the manager decides (`keepwarm customers merge`)",
			id, by, on, strings.Join(labels, ", ")), nil
	}
	if len(owners) == 1 && want == "" {
		// A row naming no owner (--pool, an empty cell) joins a
		// salesperson's customers only when the file is theirs: it made
		// them or named their owner, as on the one-match path
		// (ownerConflict). Otherwise a leads file would join two of a
		// colleague's customers and rewrite her contact.
		for _, id := range ids {
			if have := ownerOf[id]; have != "" && !im.vouched(id, rec, have) {
				return owned, owners, fmt.Sprintf("%s's customer, the row names no owner: left unchanged, nothing joined (the row matches %s); the manager decides (`keepwarm customers merge`)",
					owners[0], strings.Join(labels, ", ")), nil
			}
		}
	}
	return 0, nil, "", nil
}

// letGo says who let pool customer id go to the pool (" by lily@…", or
// "") and on which day (UTC), or on "" when its last pool event is no
// release or return (a customer mail put in the pool, never owned).
func (im *importer) letGo(id int64) (by, on string, err error) {
	var last struct {
		Event       string `db:"event"`
		Salesperson string `db:"salesperson"`
		At          int64  `db:"at"`
	}
	err = im.tx.GetContext(im.ctx, &last, q("book-last-pool-event"), id)
	if errors.Is(err, sql.ErrNoRows) || err == nil && last.Event != "released" && last.Event != "returned" {
		return "", "", nil
	}
	if err != nil {
		return "", "", fmt.Errorf("pool history of customer %d: %w", id, err)
	}
	if last.Salesperson != "" {
		by = " by " + last.Salesperson
	}
	return by, time.Unix(last.At, 0).UTC().Format("2006-01-02"), nil
}

// fileOwner is the owner the row gives, else the import's (`--owner`).
func (im *importer) fileOwner(rec book.Record) string {
	if rec.Owner != "" {
		return rec.Owner
	}
	return im.opt.Owner
}

// join merges the stored customers a row shows to be one into the oldest.
// The caller has checked their owners (unjoinable).
func (im *importer) join(ids []int64, rec book.Record) (int64, string, error) {
	var labels []string
	for _, id := range ids {
		var name string
		if err := im.tx.GetContext(im.ctx, &name, `SELECT name FROM customers WHERE id = ?`, id); err != nil {
			return 0, "", err
		}
		labels = append(labels, fmt.Sprintf("#%d %s", id, name))
	}
	keep := ids[0]
	for _, drop := range ids[1:] {
		if _, err := mergeTx(im.ctx, im.tx, keep, drop, im.now, im.opt.By+" (import row "+fmt.Sprint(rec.Row)+")"); err != nil {
			return 0, "", err
		}
		if r, ok := im.touched[drop]; ok {
			if _, ok := im.touched[keep]; !ok {
				im.touched[keep] = r
			}
		}
		for k, v := range im.names {
			if v == drop {
				im.names[k] = keep
			}
		}
	}
	return keep, "joined customers " + strings.Join(labels, " and "), nil
}

// create inserts a customer keyed as mail would key it: its company domain,
// else its first email, else its first phone.
func (im *importer) create(rec book.Record) (int64, error) {
	key, domain := "", ""
	if ds := im.companyDomains(rec.Emails); len(ds) > 0 {
		key, domain = "domain:"+ds[0], ds[0]
	} else if len(rec.Emails) > 0 {
		key = "addr:" + rec.Emails[0]
	} else {
		key = "phone:" + rec.Phones[0]
	}
	name, person := rec.Company, false
	if name == "" {
		name = strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(key, "domain:"), "addr:"), "phone:")
		if rec.Contact != "" && domain == "" {
			// Named after its person (named_after_person): the customer
			// follows the person's name when it is corrected.
			name, person = rec.Contact, true
			if to := im.holders[im.guest].name; len(rec.Emails) > 0 && rec.Emails[0] == im.guest && to != "" {
				// A colleague's row at another person's address (a family
				// shop's one mailbox): the private buyer is that person's,
				// whichever row comes first, never named after the colleague
				// (a greeting to her would wish "everyone at Bob Stone").
				name = to
			}
		}
	}
	owner := rec.Owner
	if owner == "" {
		owner = im.opt.Owner
	}
	var graded any
	if rec.Grade != "" {
		graded = im.now.Unix()
	}
	res, err := im.tx.ExecContext(im.ctx, q("book-insert-customer"), key, name, domain, owner, rec.Grade,
		rec.Country, rec.TimeZone, rec.Language, im.now.Unix(), strings.Join(rec.Tags, ","), rec.Notes, "import", graded, person)
	if err != nil {
		return 0, fmt.Errorf("create customer %s: %w", key, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	if owner != "" {
		if err := ownerEvent(im.ctx, im.tx, id, "", owner, "import", im.now); err != nil {
			return 0, err
		}
	} else if err := poolEvent(im.ctx, im.tx, id, "pooled", "", importedToPool, im.now); err != nil {
		// In the pool from the import on: a salesperson who answers its
		// mail from then on has it (assignAnsweredFromPool).
		return 0, err
	}
	_, _, _, err = im.people(id, &rec, nil)
	return id, err
}
