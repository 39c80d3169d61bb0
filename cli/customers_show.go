package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"keepwarm"
	"keepwarm/book"
	"keepwarm/store"
)

type customerView struct {
	store.CustomerRecord
	Status    string              `json:"status"`
	ReviewDue string              `json:"review_due,omitempty"`
	History   []store.HistoryItem `json:"history"`
	Log       store.CustomerLog   `json:"log"`
}

type customersShowCmd struct {
	customerRef
	JSON     bool `name:"json" help:"print JSON"`
	Messages int  `name:"messages" default:"20" help:"show this many of the latest messages"`
}

func (opt *customersShowCmd) Run(ctx context.Context, m *Main) error {
	asJSON, limit := &opt.JSON, &opt.Messages
	id, err := m.customerArg(ctx, opt.Customer)
	if err != nil {
		return err
	}
	if err := m.catchUpBook(ctx, ""); err != nil {
		return err
	}
	v := customerView{}
	if v.CustomerRecord, err = m.db.Customer(ctx, id); err != nil {
		return err
	}
	if v.History, err = m.db.History(ctx, id, *limit); err != nil {
		return err
	}
	if v.Log, err = m.db.Log(ctx, id); err != nil {
		return err
	}
	now, rules, loc := m.clock.Now(), m.cfg.Book.Rules(), m.cfg.TeamLocation()
	v.Status = status(store.BookEntry{CustomerRecord: v.CustomerRecord}, rules, now)
	since := v.Created
	if v.ReviewedAt != nil {
		since = *v.ReviewedAt
	} else if v.GradedAt != nil {
		since = *v.GradedAt
	}
	if due, ok := rules.ReviewDue(v.Grade, since); ok {
		v.ReviewDue = due.In(loc).Format("2006-01-02")
	}
	if *asJSON {
		return writeJSON(m.Stdout, v)
	}
	w := m.Stdout
	fmt.Fprintf(w, "#%d %s  (%s)\n", v.ID, v.Name, v.Key)
	fmt.Fprintf(w, "owner      %s\n", ownerLabel(v.Owner))
	fmt.Fprintf(w, "grade      %s", orDash(v.Grade))
	if v.ReviewDue != "" {
		fmt.Fprintf(w, "  (next review %s)", v.ReviewDue)
	}
	fmt.Fprintf(w, "\ncountry    %s  time zone %s  language %s\n", orDash(v.Country), orDash(v.TimeZone), orDash(v.Language))
	if len(v.Tags) > 0 {
		fmt.Fprintf(w, "tags       %s\n", strings.Join(v.Tags, ", "))
	}
	if v.Status != "" {
		fmt.Fprintf(w, "status     %s\n", v.Status)
	}
	if v.Notes != "" {
		fmt.Fprintf(w, "notes      %s\n", strings.ReplaceAll(v.Notes, "\n", "\n           "))
	}
	fmt.Fprintln(w, "\ncontacts:")
	for _, c := range v.Contacts {
		line := fmt.Sprintf("  %s  %s  %q", c.Email, orDash(c.Name), c.Salutation)
		if c.Birthday != "" {
			line += "  birthday " + c.Birthday
		}
		if len(c.Holidays) > 0 {
			line += "  keeps " + strings.Join(c.Holidays, ", ")
		}
		if c.BouncedAt != nil {
			line += "  BOUNCED"
		}
		fmt.Fprintln(w, line)
	}
	for _, p := range v.Phones {
		fmt.Fprintf(w, "  phone %s %s\n", p.Number, strings.TrimSpace(p.Name+" "+p.Contact))
	}
	fmt.Fprintf(w, "\nmail (latest %d):\n", len(v.History))
	tw := newTable(w)
	for _, h := range v.History {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", h.ReceivedAt.In(loc).Format("2006-01-02 15:04"), h.Kind, h.From, truncate(h.Subject, 60))
	}
	tw.Flush()
	for _, r := range v.Log.Reviews {
		fmt.Fprintf(w, "review %s by %s: %s -> %s %s\n", r.ReviewedAt.In(loc).Format("2006-01-02"), r.Reviewer, orDash(r.GradeBefore), orDash(r.GradeAfter), r.Note)
	}
	for _, e := range v.Log.Pool {
		fmt.Fprintf(w, "pool   %s %s %s %s\n", e.At.In(loc).Format("2006-01-02"), e.Event, e.Salesperson, e.Note)
	}
	for _, mg := range v.Log.Merges {
		undone := ""
		if mg.Undone {
			undone = " (undone)"
		}
		fmt.Fprintf(w, "merged %s #%d %s (%s) by %s%s\n", mg.At.In(loc).Format("2006-01-02"), mg.DroppedID, mg.DroppedName, mg.DroppedKey, mg.By, undone)
	}
	return nil
}

type customersSetCmd struct {
	customerRef
	Grade    *string `name:"grade" help:"grade A-E"`
	Owner    *string `name:"owner" help:"owning salesperson (email or name); \"\" or \"pool\" puts it in the pool"`
	Country  *string `name:"country" help:"country (name or ISO code); also sets the time zone unless --tz is given"`
	TZ       *string `name:"tz" help:"IANA time zone, e.g. Europe/Berlin"`
	Lang     *string `name:"lang" help:"language, e.g. de or German"`
	Tags     *string `name:"tags" help:"products of interest, comma-separated (replaces the tags)"`
	Note     *string `name:"note" help:"a note to append"`
	OptedOut *bool   `name:"opted-out" help:"the customer asked for no more mail (--opted-out=false undoes it)"`
}

func (opt *customersSetCmd) Run(ctx context.Context, m *Main) error {
	id, err := m.customerArg(ctx, opt.Customer)
	if err != nil {
		return err
	}
	grade, owner, country, tz, lang, tags, note, optedOut := opt.Grade, opt.Owner, opt.Country, opt.TZ, opt.Lang, opt.Tags, opt.Note, opt.OptedOut
	var ch store.CustomerChange
	var bad error
	// In the order the flags' names sort: --tz comes after --country and wins.
	for _, f := range []struct {
		Name string
		set  bool
	}{{"country", country != nil}, {"grade", grade != nil}, {"lang", lang != nil}, {"note", note != nil},
		{"opted-out", optedOut != nil}, {"owner", owner != nil}, {"tags", tags != nil}, {"tz", tz != nil}} {
		if bad != nil || !f.set {
			continue
		}
		switch f.Name {
		case "grade":
			g, err := book.NormalizeGrade(*grade)
			bad, ch.Grade = err, &g
		case "owner":
			o := ""
			if *owner != "" && !strings.EqualFold(*owner, "pool") {
				var ok bool
				if o, ok = m.app.Salesperson(*owner); !ok {
					bad = fmt.Errorf("--owner %q is not a configured [[salesperson]]: give their email or name, or pool (%s)", *owner, strings.Join(m.salespeople(), ", "))
				}
			}
			ch.Owner = &o
		case "country":
			c, ok := book.LookupCountry(*country)
			if !ok {
				bad = fmt.Errorf("--country %q is not a known country: write its English name or ISO code", *country)
			}
			ch.Country = &c.Code
			if ch.TimeZone == nil { // a country of several zones: none, the customer's mail picks one
				tz := c.TimeZone
				if book.CountryZones(c.Code) != nil {
					tz = ""
				}
				ch.TimeZone = &tz
			}
		case "tz":
			ch.TimeZone = tz
			if _, err := keepwarm.LoadZone(*tz); err != nil {
				bad = fmt.Errorf("--tz %q is not an IANA time zone: write it like Europe/Berlin", *tz)
			}
		case "lang":
			l, ok := book.LookupLanguage(*lang)
			if !ok {
				bad = fmt.Errorf("--lang %q is not a known language: write it like de or German", *lang)
			}
			ch.Language, ch.Simplified = &l, book.SimplifiedByName(*lang)
		case "tags":
			t := book.SplitTags(*tags)
			ch.Tags = &t
		case "note":
			ch.Note = *note
		case "opted-out":
			ch.OptedOut = optedOut
		}
	}
	if bad != nil {
		return usageError{"customers set: " + bad.Error()}
	}
	if ch.Owner != nil {
		// As claim, release and handover: under a far --now the owner
		// would change today, the hand-over recorded at the replayed time.
		if err := m.catchUpBook(ctx, "keepwarm customers set --owner would change who owns the customer today, recorded as changed then"); err != nil {
			return err
		}
	} else if err := m.liveOnly(setChange(opt)); err != nil {
		return err
	}
	if err := m.db.SetCustomer(ctx, id, ch, m.clock.Now().In(m.cfg.TeamLocation()), m.actor()); err != nil {
		return err
	}
	c, err := m.db.Customer(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "#%d %s: owner %s, grade %s, country %s, time zone %s, language %s\n", c.ID, c.Name,
		ownerLabel(c.Owner), orDash(c.Grade), orDash(c.Country), orDash(c.TimeZone), orDash(c.Language))
	if ch.Language != nil {
		ownLanguages(m.Stdout, c)
	}
	return nil
}

// setChange says what customers set would do today under a far --now, by
// the flags given: a note alone changes nothing sent, but would be dated
// then.
func setChange(opt *customersSetCmd) string {
	var sends []string
	if opt.Grade != nil || opt.Tags != nil {
		sends = append(sends, "the sequence its grade and products pick")
	}
	if opt.Country != nil || opt.TZ != nil {
		sends = append(sends, "its send times and greetings")
	}
	if opt.Lang != nil {
		sends = append(sends, "the language it is written in")
	}
	if opt.OptedOut != nil {
		sends = append(sends, "whether it is written to at all")
	}
	if len(sends) == 0 {
		return "keepwarm customers set --note would date the note with that day, not today"
	}
	what := "keepwarm customers set would change what keepwarm sends the customer today (" + strings.Join(sends, ", ") + "), recorded as changed then"
	if opt.Note != nil {
		what += ", the note dated then"
	}
	return what
}

// ownLanguages names the contacts whose own language outranks the
// customer's, so a --lang does not reach them: a sheet's language column
// wrote it, the desk's contact form saved it, or an import by an earlier
// keepwarm stored the one the row's country implied (Belgium nl).
func ownLanguages(w io.Writer, c store.CustomerRecord) {
	var own []string
	for _, ct := range c.Contacts {
		if ct.Language != "" && !strings.EqualFold(ct.Language, c.Language) {
			own = append(own, ct.Email+" "+ct.Language)
		}
	}
	if len(own) == 0 {
		return
	}
	n, more := len(own), ""
	if n > 10 {
		more = fmt.Sprintf(" and %d more", n-10)
		own = own[:10]
	}
	fmt.Fprintf(w, "%d contact(s) keep a language of their own and are greeted and followed up in it, not in %s: %s%s; "+
		"to change one, empty (or correct) the Language of the contact on the customer's page of the web desk\n",
		n, c.Language, strings.Join(own, ", "), more)
}

type customersReviewCmd struct {
	customerRef
	Grade string `name:"grade" help:"the new grade A-E (default: keep it)"`
	Note  string `name:"note" help:"what the review found"`
	By    string `name:"by" help:"who reviewed (default: the owner)"`
}

func (opt *customersReviewCmd) Run(ctx context.Context, m *Main) error {
	grade, note, by := &opt.Grade, &opt.Note, &opt.By
	// Even without --grade: the review's time sets when the next is due.
	if err := m.liveOnly("keepwarm customers review would regrade the customer today (its follow-ups follow the new grade) and record the review as made then, which moves its next review"); err != nil {
		return err
	}
	id, err := m.customerArg(ctx, opt.Customer)
	if err != nil {
		return err
	}
	g, err := book.NormalizeGrade(*grade)
	if err != nil {
		return usageError{"customers review: --grade: " + err.Error()}
	}
	c, err := m.db.Customer(ctx, id)
	if err != nil {
		return err
	}
	reviewer := *by
	if reviewer == "" {
		reviewer = c.Owner
	}
	if reviewer == "" {
		reviewer = m.actor()
	}
	if g == "" && c.Grade == "" {
		return keepwarm.Errorf(keepwarm.EINVALID, "#%d %s has no grade: give one with --grade A-E", id, c.Name)
	}
	now := m.clock.Now()
	if err := m.db.Review(ctx, id, now, reviewer, g, *note); err != nil {
		return err
	}
	if g == "" {
		g = c.Grade
	}
	due, _ := m.cfg.Book.Rules().ReviewDue(g, now)
	fmt.Fprintf(m.Stdout, "reviewed #%d %s: grade %s -> %s, next review %s\n", id, c.Name, orDash(c.Grade), g,
		due.In(m.cfg.TeamLocation()).Format("2006-01-02"))
	return nil
}
