package sequences

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"time"

	"keepwarm"
)

// section is one titled part of a digest or summary, rendered the same way
// in text and HTML: a note line, a table (first row the header) and items.
type section struct {
	Title string
	Note  string
	Table [][]string
	Items []string
	// More says how many lines were left out and where they are ("": none).
	More string
	// Bars are drawn in the HTML part only (plain HTML, no image): a share
	// per row, labelled.
	Bars []mailBar
}

// mailBar is one bar of a mail's chart: Share of the width, 0..1.
type mailBar struct {
	Label, Text string
	Share       float64
}

// Subject is the digest's subject line: the day and the counts that matter.
func (d Digest) Subject() string {
	w := d.words()
	var parts []string
	add := func(n int, p plural) {
		if n > 0 {
			parts = append(parts, p.of(n))
		}
	}
	add(d.unansweredTotal()+len(d.OffTeam), w.unanswered)
	add(len(d.Calls), w.calls)
	add(len(d.Reviews), w.reviews)
	add(len(d.Returning), w.returningSoon)
	add(len(d.Bounced), w.bounces)
	add(len(d.OptedOut), w.optOuts)
	add(len(d.Uncertain), w.toCheck)
	add(len(d.ChatMissed), w.chatMissed)
	add(len(d.Failed), w.failed)
	// In a backup's copy, the follow-ups waiting and the mails to write by
	// hand are the absent salesperson's (the body leaves them to them or
	// the manager): the subject names whose.
	addOwn := func(n int, own, cover plural) {
		if n > 0 && d.cover != nil {
			parts = append(parts, fmt.Sprintf(cover.of(n), d.ownerName()))
		} else {
			add(n, own)
		}
	}
	addOwn(len(d.Waiting), w.waiting, w.waitingCover)
	addOwn(d.byHand(), w.byHand, w.byHandCover)
	add(len(d.Mailboxes), w.mailboxes)
	add(len(d.NotSending), w.notSending)
	add(d.greetingsNotSent(), w.greetingsNotSent)
	s := fmt.Sprintf(w.subject, w.day(d.day()))
	if len(parts) > 0 {
		s += w.colon + strings.Join(parts, w.comma)
	}
	if d.cover != nil {
		s = d.cover.prefix + s
	}
	return s
}

// byHand counts the mails listed as not followed up that keepwarm cannot
// follow up, to other contacts of a thread whose follow-up goes on: they
// wait for a mail written by hand.
func (d Digest) byHand() int {
	n := 0
	for _, sk := range d.NotFollowed {
		if sk.Reason == keepwarm.SkipOtherContacts {
			n++
		}
	}
	return n
}

// greetingsNotSent counts the greetings and letters since the last digest
// that did not go (missed, not sent, failed, skipped) and those coming
// that will not go while their sender is away. An uncertain one may have
// gone: it is counted once, among the sends to check (Uncertain), as the
// body and the desk list it; "not sent" would have it sent again by hand.
func (d Digest) greetingsNotSent() int {
	n := 0
	for _, gr := range d.GreetingsSent {
		switch gr.Status {
		case PlanMissed, PlanSkip, string(keepwarm.OutboxFailed), string(keepwarm.OutboxSkipped), greetingAwaySkip:
			n++
		}
	}
	for _, gr := range d.Greetings {
		if gr.Status == PlanSkip || gr.Status == greetingAwaySkip {
			n++
		}
	}
	return n
}

// words are the digest's fixed texts in its language.
func (d Digest) words() digestWords { return digestWordsIn(d.Lang) }

func (d Digest) location() *time.Location {
	if d.loc != nil {
		return d.loc
	}
	if loc, err := time.LoadLocation(d.TimeZone); err == nil && d.TimeZone != "" {
		return loc
	}
	return time.UTC
}

func (d Digest) day() time.Time {
	t, err := time.ParseInLocation(time.DateOnly, d.Date, d.location())
	if err != nil {
		return d.Now.In(d.location())
	}
	return t
}

// link is " <base_url/path>" for a line's page in the web application, or
// "" when it is not served or the line has no page.
func (d Digest) link(format string, id int64) string {
	if d.web == "" || id == 0 {
		return ""
	}
	return " " + d.url(fmt.Sprintf(format, id))
}

// url is the web application's address of path, marked as a link in the
// HTML part.
func (d Digest) url(path string) string {
	if d.mark != "" {
		return d.mark + d.web + path + d.mark
	}
	return d.web + path
}

// when writes an instant in the salesperson's zone, or in the zone of
// whoever covers for them when it differs.
func (d Digest) when(t time.Time) string {
	if d.cover != nil && d.cover.loc != nil {
		return d.words().when(t.In(d.cover.loc))
	}
	return d.words().when(t.In(d.location()))
}

// unansweredTotal is how many customer messages wait for an answer.
func (d Digest) unansweredTotal() int { return max(d.UnansweredTotal, len(d.Unanswered)) }

// shown is how many of a section's n lines it lists.
func (d Digest) shown(n int) int {
	if d.Limit > 0 && n > d.Limit {
		return d.Limit
	}
	return n
}

// more is a section's last line when it lists only some of its lines: how
// many it leaves out (older: the older ones), and where to see them all:
// the desk when the section is on it and the web application is served,
// and the command that prints the whole digest.
func (d Digest) more(left int, older, onDesk bool) string {
	if left <= 0 {
		return ""
	}
	w := d.words()
	where := fmt.Sprintf(w.moreAll, d.Salesperson)
	if onDesk && d.web != "" {
		where = fmt.Sprintf(w.moreDesk, d.url("/"), where)
	}
	what := ""
	if older {
		what = w.older
	}
	return fmt.Sprintf(w.more, left, what, where)
}

// subject is a customer's subject quoted in a line, "(no subject)" for none.
func (d Digest) subject(s string) string {
	w := d.words()
	if strings.TrimSpace(s) == "" {
		return w.quote(w.noSubject)
	}
	return w.quote(nudgeOneLine(s))
}

// customer names a customer by its name, else its key, in the digest's
// language when it has neither.
func (d Digest) customer(key string) string {
	if key == "" && strings.TrimSpace(d.customers[key]) == "" {
		return d.words().someone
	}
	return customerName(d.customers, key)
}

// sections lays the digest out; empty sections are left out. A section
// lists at most Limit lines, and says how many more there are.
func (d Digest) sections() []section {
	w := d.words()
	var out []section
	add := func(s section) {
		if len(s.Items) > 0 || len(s.Table) > 0 {
			out = append(out, s)
		}
	}
	total := d.unansweredTotal()
	s := section{Title: fmt.Sprintf(w.unansweredTitle, total), Note: w.oldestFirst}
	// The most recent are listed: they can still be saved; the older ones
	// have waited past any answer that would count.
	unanswered := d.Unanswered[len(d.Unanswered)-d.shown(len(d.Unanswered)):]
	if len(unanswered) < total {
		s.Note = fmt.Sprintf(w.mostRecent, len(unanswered))
		s.More = d.more(total-len(unanswered), true, true)
	}
	for _, n := range unanswered {
		who := d.customer(n.Customer)
		if n.Contact != "" {
			who += " <" + n.Contact + ">"
		}
		s.Items = append(s.Items, fmt.Sprintf(w.unansweredItem, who, d.subject(n.Subject),
			w.wait(d.Now.Sub(n.StartedAt)), d.when(n.StartedAt))+d.link("/messages/%d", n.MessageID))
	}
	add(s)
	s = section{Title: fmt.Sprintf(w.offTeamTitle, len(d.OffTeam)), Note: w.offTeamNote,
		More: d.more(len(d.OffTeam)-d.shown(len(d.OffTeam)), false, false)}
	for _, n := range d.OffTeam[:d.shown(len(d.OffTeam))] {
		who := d.customer(n.Customer)
		if n.Contact != "" {
			who += " <" + n.Contact + ">"
		}
		item := fmt.Sprintf(w.offTeamItem, who, d.subject(n.Subject), w.wait(d.Now.Sub(n.StartedAt)), d.when(n.StartedAt), n.Owner)
		if d.manager {
			item += d.link("/messages/%d", n.MessageID)
		} else {
			// The desk shows a salesperson their own customers' mail
			// only: a link would open "message not found". Say where
			// it is instead.
			item += fmt.Sprintf(w.offTeamIn, n.Mailbox)
		}
		s.Items = append(s.Items, item)
	}
	add(s)
	if r := d.Replies; r != nil {
		s = section{Title: fmt.Sprintf(w.repliesTitle, w.day(d.RepliesSince.In(d.location()))),
			Note: fmt.Sprintf(w.target, targetsText(d.Target, d.GradeTargets, w.figure, w.grade, w.label, w.nameSep))}
		if len(d.judged) > 0 {
			judged := make([]string, len(d.judged))
			for i, t := range d.judged {
				judged[i] = w.figure(time.Duration(t) * time.Second)
			}
			s.Note += fmt.Sprintf(w.targetsJudged, strings.Join(judged, w.nameSep))
		}
		s.Items = append(s.Items, w.replyLine(*r))
		add(s)
	}
	// After the call, why the customer went quiet goes to the manager's
	// report: say where to record it.
	keys := make([]string, len(keepwarm.QuietReasons))
	for i, r := range keepwarm.QuietReasons {
		keys[i] = string(r)
	}
	note := fmt.Sprintf(w.callsNote, strings.Join(keys, ", "))
	if d.web != "" {
		note = w.callsNoteWeb
	}
	s = section{Title: fmt.Sprintf(w.callsTitle, len(d.Calls)), Note: note, More: d.more(len(d.Calls)-d.shown(len(d.Calls)), false, true)}
	for _, t := range d.Calls[:d.shown(len(d.Calls))] {
		item := fmt.Sprintf(w.callItem, d.customer(t.Customer), t.Title, d.when(t.DueAt))
		if d.web == "" {
			item += fmt.Sprintf(w.taskRef, t.ID)
		}
		s.Items = append(s.Items, item+d.link("/customers/%d", t.CustomerID))
	}
	add(s)
	endedNote, endedNoteCover := w.endedNote, w.endedNoteCover
	for _, e := range d.Ended {
		if endedBySequenceChange(e) { // "every step was done" is not all
			endedNote, endedNoteCover = w.endedNoteChanged, w.endedNoteChangedCover
			break
		}
	}
	s = section{Title: fmt.Sprintf(w.endedTitle, len(d.Ended)), Note: d.coverNote(endedNote, endedNoteCover),
		More: d.more(len(d.Ended)-d.shown(len(d.Ended)), false, false)}
	for _, e := range d.Ended[:d.shown(len(d.Ended))] {
		item := fmt.Sprintf(w.endedItem, d.customer(e.Customer), e.Sequence, e.Step, d.when(e.UpdatedAt), e.ThreadID)
		if endedBySequenceChange(e) {
			item += w.endedChanged
		}
		s.Items = append(s.Items, item)
	}
	add(s)
	failedNote, reviewsNote := w.failedNote, w.reviewsNote
	if d.cover != nil {
		failedNote, reviewsNote = fmt.Sprintf(w.failedNoteCover, d.ownerName()), fmt.Sprintf(w.reviewsNoteCover, d.ownerName())
	}
	s = section{Title: fmt.Sprintf(w.failedTitle, len(d.Failed)), Note: failedNote,
		More: d.more(len(d.Failed)-d.shown(len(d.Failed)), false, false)}
	for _, e := range d.Failed[:d.shown(len(d.Failed))] {
		why, held := e.Reason, ListHeldWhy(e.Reason)
		if held != "" {
			// As the desk: who replied through which list, without the
			// hold's "then resume the follow-up" (a plain resume is
			// refused) and the failure's "go on to the next step" (either
			// answer now leaves it paused, or ends it on its last step).
			why = held
		}
		item := fmt.Sprintf(w.failedItem, d.customer(e.Customer), d.reason(why), e.ID, e.ThreadID)
		if held != "" {
			item += fmt.Sprintf(w.failedListHeld, e.ID)
		}
		if as, ok := d.failedAs[e.ID]; ok {
			item += fmt.Sprintf(w.failedAs, as)
		}
		s.Items = append(s.Items, item)
	}
	add(s)
	waitingNote, waitingTitle := w.waitingNote, fmt.Sprintf(w.waitingTitle, len(d.Waiting))
	if d.cover != nil {
		waitingNote = fmt.Sprintf(w.waitingNoteCover, d.ownerName())
		waitingTitle = fmt.Sprintf(w.waitingTitleCover, d.ownerName(), len(d.Waiting))
	}
	s = section{Title: waitingTitle, Note: waitingNote,
		More: d.more(len(d.Waiting)-d.shown(len(d.Waiting)), false, false)}
	for _, e := range d.Waiting[:d.shown(len(d.Waiting))] {
		s.Items = append(s.Items, fmt.Sprintf(w.waitingItem, d.customer(e.Customer),
			d.reason(e.Reason), e.ID, e.ThreadID)+d.link("/customers/%d", e.CustomerID))
	}
	add(s)
	s = section{Title: fmt.Sprintf(w.notFollowedTitle, len(d.NotFollowed)), Note: d.notFollowedNote(w),
		More: d.more(len(d.NotFollowed)-d.shown(len(d.NotFollowed)), false, false)}
	for _, sk := range d.NotFollowed[:d.shown(len(d.NotFollowed))] {
		s.Items = append(s.Items, fmt.Sprintf(w.notFollowedItem, d.customer(sk.Customer),
			d.subject(keepwarm.ClipLine(sk.Subject, 80)), strings.Join(sk.To, ", "), d.when(sk.SentAt), w.skipReason(sk.Reason), d.reason(sk.Detail), sk.ThreadID))
	}
	add(s)
	s = section{Title: fmt.Sprintf(w.reviewsTitle, len(d.Reviews)), Note: reviewsNote,
		More: d.more(len(d.Reviews)-d.shown(len(d.Reviews)), false, true)}
	// One line per grade with its true count; the first Limit customers
	// (the better grades, the most overdue first) are named.
	for i, named := 0, d.shown(len(d.Reviews)); i < len(d.Reviews); {
		j := i
		var names []string
		for ; j < len(d.Reviews) && d.Reviews[j].Grade == d.Reviews[i].Grade; j++ {
			if j < named {
				names = append(names, d.customerLabel(d.Reviews[j])+d.link("/customers/%d", d.Reviews[j].CustomerID))
			}
		}
		grade := w.grade(d.Reviews[i].Grade)
		line := fmt.Sprintf(w.gradeLine, grade, j-i, strings.Join(names, w.nameSep))
		switch left := j - i - len(names); {
		case len(names) == 0:
			line = fmt.Sprintf(w.gradeNotListed, grade, j-i)
		case left > 0:
			line += fmt.Sprintf(w.andMore, left)
		}
		s.Items = append(s.Items, line)
		i = j
	}
	add(s)
	s = section{Title: fmt.Sprintf(w.returningTitle, len(d.Returning)), Note: w.returningNote,
		More: d.more(len(d.Returning)-d.shown(len(d.Returning)), false, true)}
	for _, c := range d.Returning[:d.shown(len(d.Returning))] {
		s.Items = append(s.Items, fmt.Sprintf(w.returningItem, d.customerLabel(c), w.returning(c.At, d.Now, c.Note), d.when(c.At))+
			d.link("/customers/%d", c.CustomerID))
	}
	add(s)
	s = section{Title: fmt.Sprintf(w.bouncedTitle, len(d.Bounced)),
		More: d.more(len(d.Bounced)-d.shown(len(d.Bounced)), false, false)}
	for _, b := range d.Bounced[:d.shown(len(d.Bounced))] {
		switch {
		case b.LeftCompany && b.Successor != "":
			s.Items = append(s.Items, fmt.Sprintf(w.leftSuccessor,
				b.Email, d.customer(b.Customer), d.when(b.BouncedAt), b.Successor))
		case b.LeftCompany:
			s.Items = append(s.Items, fmt.Sprintf(w.leftFind,
				b.Email, d.customer(b.Customer), d.when(b.BouncedAt)))
		default:
			s.Items = append(s.Items, fmt.Sprintf(w.bouncedItem, b.Email, d.customer(b.Customer), d.when(b.BouncedAt)))
		}
	}
	add(s)
	optedNote := w.optedNote
	if d.cover != nil {
		optedNote = fmt.Sprintf(w.optedNoteCover, d.ownerName())
	}
	s = section{Title: fmt.Sprintf(w.optedTitle, len(d.OptedOut)), Note: optedNote,
		More: d.more(len(d.OptedOut)-d.shown(len(d.OptedOut)), false, false)}
	for _, o := range d.OptedOut[:d.shown(len(d.OptedOut))] {
		item := fmt.Sprintf(w.optedItem, o.Email, d.customer(o.Customer), d.when(o.At))
		if o.Company {
			item = fmt.Sprintf(w.optedCompany, o.Email, d.customer(o.Customer), d.when(o.At))
		}
		if o.Subject != "" {
			item += fmt.Sprintf(w.optedIn, w.quote(o.Subject))
		}
		s.Items = append(s.Items, item)
	}
	add(s)
	// A draft keepwarm stopped while filing never went to anyone: its
	// question is whether it is in Drafts, not whether it arrived.
	// A send keepwarm could not look for in the Sent folder its server
	// files sent mail in (lookedInSent) may well be there: said to be
	// "not in Sent", it would be sent again and reach the customer twice.
	var sends, unlooked, drafts []keepwarm.OutboxItem
	for _, it := range d.Uncertain {
		switch {
		case it.Mode == keepwarm.ModeDraft:
			drafts = append(drafts, it)
		case !lookedInSent(it.LastError):
			unlooked = append(unlooked, it)
		default:
			sends = append(sends, it)
		}
	}
	for _, c := range []struct {
		items       []keepwarm.OutboxItem
		title, note string
	}{{sends, w.checkTitle, d.coverNote(w.checkNote, w.checkNoteCover)},
		{unlooked, w.checkUnlookedTitle, d.coverNote(w.checkUnlookedNote, w.checkUnlookedNoteCover)},
		{drafts, w.checkDraftTitle, d.coverNote(w.checkDraftNote, w.checkDraftNoteCover)}} {
		s = section{Title: fmt.Sprintf(c.title, len(c.items)), Note: c.note,
			More: d.more(len(c.items)-d.shown(len(c.items)), false, false)}
		for _, it := range c.items[:d.shown(len(c.items))] {
			s.Items = append(s.Items, fmt.Sprintf(w.checkItem, d.subject(it.Subject),
				addrList(it.To), it.Mailbox, it.ID))
		}
		add(s)
	}
	s = section{Title: fmt.Sprintf(w.chatTitle, len(d.ChatMissed)), Note: w.chatNote,
		More: d.more(len(d.ChatMissed)-d.shown(len(d.ChatMissed)), false, false)}
	for _, it := range d.ChatMissed[:d.shown(len(d.ChatMissed))] {
		s.Items = append(s.Items, fmt.Sprintf(w.chatItem, d.chatTitle(it), it.Chat.Channel, w.status(string(it.Status)), d.reason(it.LastError)))
	}
	add(s)
	s = section{Title: fmt.Sprintf(w.notSentTitle, len(d.NotSent)),
		More: d.more(len(d.NotSent)-d.shown(len(d.NotSent)), false, false)}
	for _, it := range d.NotSent[:d.shown(len(d.NotSent))] {
		s.Items = append(s.Items, fmt.Sprintf(w.notSentItem, addrList(it.To),
			stepLabel(it.Step), it.Sequence, d.reason(it.LastError)))
	}
	add(s)
	s = section{Title: fmt.Sprintf(w.mailboxesTitle, len(d.Mailboxes)), Note: w.mailboxesNote,
		More: d.more(len(d.Mailboxes)-d.shown(len(d.Mailboxes)), false, false)}
	for _, mp := range d.Mailboxes[:d.shown(len(d.Mailboxes))] {
		item := w.mailboxItem
		if mp.Fault {
			item = w.mailboxFault
		}
		s.Items = append(s.Items, fmt.Sprintf(item, mp.Mailbox, d.when(mp.Since), mp.Problem))
	}
	add(s)
	s = section{Title: fmt.Sprintf(w.notSendingTitle, len(d.NotSending)), Note: w.notSendingNote,
		More: d.more(len(d.NotSending)-d.shown(len(d.NotSending)), false, false)}
	for _, mp := range d.NotSending[:d.shown(len(d.NotSending))] {
		if !mp.Since.IsZero() {
			s.Items = append(s.Items, fmt.Sprintf(w.mailboxItem, mp.Mailbox, d.when(mp.Since), mp.Problem))
			continue
		}
		s.Items = append(s.Items, fmt.Sprintf(w.notSendingItem, mp.Mailbox, mp.Problem))
	}
	add(s)
	sentTitle, drafted := fmt.Sprintf(w.sentTitle, len(d.SentFollowUps)), w.drafted
	if d.cover != nil {
		sentTitle, drafted = fmt.Sprintf(w.sentTitleCover, d.ownerName(), len(d.SentFollowUps)), fmt.Sprintf(w.draftedCover, d.ownerName())
	}
	s = section{Title: sentTitle, Note: w.sentNote,
		More: d.more(len(d.SentFollowUps)-d.shown(len(d.SentFollowUps)), false, false)}
	for _, f := range d.SentFollowUps[:d.shown(len(d.SentFollowUps))] {
		verb := w.status(f.Status)
		if f.Status == string(keepwarm.OutboxDrafted) {
			verb = drafted
		}
		s.Items = append(s.Items, fmt.Sprintf(w.sentItem, addrList(f.To), f.Step, f.Sequence, d.subject(f.Subject), verb, d.when(f.At))+
			d.link("/customers/%d", f.CustomerID))
	}
	add(s)
	s = section{Title: fmt.Sprintf(w.dueTitle, len(d.DueFollowUps)), Note: d.coverNote(w.dueNote, w.dueNoteCover),
		More: d.more(len(d.DueFollowUps)-d.shown(len(d.DueFollowUps)), false, false)}
	if d.allDryRun() {
		s.Title, s.Note = fmt.Sprintf(w.dueDryRunTitle, len(d.DueFollowUps)), w.dueDryRunNote
	}
	for _, f := range d.DueFollowUps[:d.shown(len(d.DueFollowUps))] {
		held := ""
		if f.Status == "dry-run" {
			held = w.dueDryRun
		}
		if f.Status == "replaced" {
			held = w.dueReplaced
		}
		if f.Status == "held" {
			why := f.HeldWhy
			if n, ok := w.awaySource[why]; ok {
				why = n
			}
			if f.HeldUntil.IsZero() {
				held = fmt.Sprintf(w.dueHeldOpen, d.Salesperson, why)
			} else {
				held = fmt.Sprintf(w.dueHeld, d.Salesperson, why, d.when(f.HeldUntil))
			}
		}
		s.Items = append(s.Items, fmt.Sprintf(w.dueItem, d.customer(f.Customer), addrList(f.To), f.Step, f.Sequence, d.when(f.At), f.Enrollment)+
			held+d.link("/customers/%d", f.CustomerID))
	}
	add(s)
	add(d.greetingSection(w.greetingsSentTitle, d.coverNote(w.greetingsSentNote, w.greetingsSentNoteCover), d.GreetingsSent))
	add(d.greetingSection(w.greetingsTitle, "", d.Greetings))
	return out
}

// greetingSection lists greetings and letters, each with its status and,
// where it was not sent or waits, why.
func (d Digest) greetingSection(title, note string, grs []DigestGreeting) section {
	w := d.words()
	s := section{Title: fmt.Sprintf(title, len(grs)), Note: note, More: d.more(len(grs)-d.shown(len(grs)), false, false)}
	for _, gr := range grs[:d.shown(len(grs))] {
		to := fmt.Sprintf(w.greetingTo, personLabel(gr.To), gr.To.Email)
		if gr.birthdayOf != "" || strings.HasPrefix(gr.Occasion, "birthday of ") {
			to = fmt.Sprintf(w.birthdayTo, gr.To.Email) // the occasion names the person already
		}
		item := fmt.Sprintf(w.greetingItem, w.occasion(gr), to,
			orDefault(gr.CustomerName, d.customer(gr.Customer)), d.when(gr.SendAt), w.status(gr.Status))
		if gr.Reason != "" {
			item += w.reasonSep + d.reason(gr.Reason)
		}
		s.Items = append(s.Items, item)
	}
	return s
}

// chatTitle is a chat nudge's title as listed: in English as stored (a
// channel lays the note out in its reader's language when it posts), and
// in Chinese rebuilt from the note's fields where it has them.
func (d Digest) chatTitle(it keepwarm.OutboxItem) string {
	w := d.words()
	n := it.Chat
	if !w.zh || n == nil || n.Since.IsZero() {
		return d.subjectOrNone(it.Subject)
	}
	zh := keepwarm.NudgeWordsIn("zh")
	who := nudgeWhoIn(keepwarm.Nudge{ContactName: n.Name, Contact: n.Contact, Company: n.Company}, zh)
	title := zh.Title(who, zh.Waited(it.CreatedAt.Sub(n.Since)), n.Urgent)
	if subj := nudgeOneLine(n.Subject); subj != "" {
		title += " — " + subj
	}
	return title
}

// subjectOrNone is s on one line, "(no subject)" for none, unquoted.
func (d Digest) subjectOrNone(s string) string {
	if strings.TrimSpace(s) == "" {
		return d.words().noSubject
	}
	return nudgeOneLine(s)
}

// customerLabel is a listed customer's name with its key, or its key.
func (d Digest) customerLabel(c DigestCustomer) string {
	key := digestCustomer(c.Customer)
	if c.Name != "" && c.Name != key {
		return fmt.Sprintf(d.words().label, c.Name, key)
	}
	return key
}

// ownerName is the salesperson's name, else their address.
func (d Digest) ownerName() string {
	if d.Name != "" {
		return d.Name
	}
	return d.Salesperson
}

func (d Digest) greeting() string {
	w := d.words()
	if d.cover != nil {
		// The reader is the backup: greet them, and say whose digest it is.
		return fmt.Sprintf(w.coverGreeting, firstName(d.cover.reader), d.ownerName(), w.longDay(d.day()))
	}
	name := d.Name
	if name == "" {
		name = d.Salesperson
	}
	return fmt.Sprintf(w.greeting, firstName(name), w.longDay(d.day()))
}

// firstName is the first word of a person's name ("Lily" of "Lily Chen").
func firstName(name string) string {
	if first, _, ok := strings.Cut(name, " "); ok {
		return first
	}
	return name
}

// Text is the plain-text digest.
func (d Digest) Text() string {
	s := renderTextCase(d.greeting(), d.sections(), d.words().footer, !d.words().zh)
	if d.cover != nil {
		s = d.cover.line + s
	}
	return withoutControls(s)
}

// HTML is the digest as simple single-column HTML with inline styles and
// no images, readable on a phone. A covering digest opens with the same
// line as its text part: mail clients show this part, not the text.
func (d Digest) HTML() string {
	w := d.words()
	intro := []string{d.greeting()}
	if d.cover != nil {
		intro = []string{strings.TrimSpace(d.cover.line), d.greeting()}
	}
	d.mark = newLinkMark()
	return withoutControls(linked(renderHTMLParas(d.Lang, d.Subject(), intro, d.sections(), w.footer), d.mark))
}

// newLinkMark is a mark for the addresses one HTML part writes: a random
// token between NUL bytes. A customer's subject or name may hold NUL bytes
// (mail headers can encode any byte), never the token, so only the
// addresses the digest writes, and none in a customer's text, become links.
func newLinkMark() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return "\x00" + hex.EncodeToString(b[:]) + "\x00"
}

// linked makes every address the digest wrote in page, bracketed by mark,
// a link: Outlook and some webmail show a URL in received HTML as plain
// text, which cannot be clicked. The text part keeps the bare URLs.
func linked(page, mark string) string {
	m := regexp.MustCompile(regexp.QuoteMeta(mark) + `([^\x00]*?)` + regexp.QuoteMeta(mark))
	return m.ReplaceAllString(page, `<a href="$1" style="color:#2b6cb0">$1</a>`)
}

// withoutControls drops the control characters other than line breaks and
// tabs that a customer's text may carry (a NUL in an encoded subject): a
// mail part has no use for them and some clients cut the text at a NUL.
func withoutControls(s string) string {
	return strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

func renderText(intro string, secs []section, footer string) string {
	return renderTextCase(intro, secs, footer, true)
}

// renderTextCase is renderText with the section titles in upper case or
// as written (Chinese has no case: only the Latin words would change).
func renderTextCase(intro string, secs []section, footer string, upper bool) string {
	var b strings.Builder
	b.WriteString(intro + "\n")
	for _, s := range secs {
		title := s.Title
		if upper {
			title = strings.ToUpper(title)
		}
		fmt.Fprintf(&b, "\n%s\n%s\n", title, strings.Repeat("=", columns(s.Title)))
		if s.Note != "" {
			b.WriteString(s.Note + "\n")
		}
		if len(s.Table) > 0 {
			b.WriteString(textTable(s.Table))
		}
		for _, it := range s.Items {
			b.WriteString("- " + it + "\n")
		}
		if s.More != "" {
			b.WriteString(s.More + "\n")
		}
	}
	fmt.Fprintf(&b, "\n-- \n%s\n", footer)
	return b.String()
}

// columns is how wide s is in a fixed-width font: Chinese characters and
// full-width punctuation take two columns, so a title's underline is as
// long as the title.
func columns(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r >= 0x1100 && r <= 0x115F, r >= 0x2E80 && r <= 0xA4CF, r >= 0xAC00 && r <= 0xD7A3,
			r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE4F, r >= 0xFF00 && r <= 0xFF60, r >= 0xFFE0 && r <= 0xFFE6:
			n += 2
		default:
			n++
		}
	}
	return n
}

// textTable aligns columns with spaces (no tabs: mail clients differ).
func textTable(rows [][]string) string {
	width := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			width[i] = max(width[i], len([]rune(c)))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		var line strings.Builder
		for i, c := range r {
			line.WriteString(c)
			if i < len(r)-1 {
				line.WriteString(strings.Repeat(" ", width[i]-len([]rune(c))+2))
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
	return b.String()
}

// stackColumns is the most columns an HTML table has in a mail: a wider one
// is written one block per row, which reads at 400 px.
const stackColumns = 4

func renderHTML(title, intro string, secs []section, footer string) string {
	return renderHTMLIn("", title, intro, secs, footer)
}

// renderHTMLIn is renderHTML saying the page's language when it is not
// English ("zh"), so a mail client picks a font that fits.
func renderHTMLIn(lang, title, intro string, secs []section, footer string) string {
	return renderHTMLParas(lang, title, []string{intro}, secs, footer)
}

// renderHTMLParas is renderHTMLIn with an intro of several paragraphs.
func renderHTMLParas(lang, title string, intro []string, secs []section, footer string) string {
	e := html.EscapeString
	var b strings.Builder
	htmlTag := `<html>`
	if lang != "" && lang != "en" {
		htmlTag = `<html lang="` + e(lang) + `">`
	}
	b.WriteString(`<!DOCTYPE html>` + htmlTag + `<head><meta charset="utf-8">` +
		`<meta name="viewport" content="width=device-width, initial-scale=1"><title>` + e(title) + `</title></head>` +
		`<body style="margin:0;padding:12px;background:#ffffff;color:#222222;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.4">` +
		`<div style="max-width:600px;margin:0 auto">`)
	for _, p := range intro {
		b.WriteString(`<p style="margin:0 0 12px 0">` + e(p) + `</p>`)
	}
	for _, s := range secs {
		b.WriteString(`<h2 style="font-size:17px;margin:18px 0 6px 0;padding-bottom:3px;border-bottom:2px solid #2b6cb0;color:#2b6cb0">` + e(s.Title) + `</h2>`)
		if s.Note != "" {
			b.WriteString(`<p style="margin:0 0 6px 0;color:#666666;font-size:13px">` + e(s.Note) + `</p>`)
		}
		for _, bar := range s.Bars {
			w := int(min(max(bar.Share, 0), 1)*100 + 0.5)
			b.WriteString(`<div style="margin:0 0 6px 0;font-size:13px">` + e(bar.Label) + ` <b>` + e(bar.Text) + `</b>` +
				`<div style="background:#e1e5ec;height:10px;border-radius:3px"><div style="background:#2b6cb0;height:10px;border-radius:3px;width:` +
				strconv.Itoa(w) + `%"></div></div></div>`)
		}
		if len(s.Table) > 1 && len(s.Table[0]) > stackColumns {
			// Too wide for a phone: one block per row, each figure named.
			for _, r := range s.Table[1:] {
				b.WriteString(`<p style="margin:0 0 8px 0;padding:4px 0;border-bottom:1px solid #dddddd"><strong>` + e(r[0]) + `</strong><br>`)
				for j := 1; j < len(r); j++ {
					if j > 1 {
						b.WriteString(` · `)
					}
					b.WriteString(`<span style="white-space:nowrap">` + e(s.Table[0][j]) + ` <b>` + e(r[j]) + `</b></span>`)
				}
				b.WriteString(`</p>`)
			}
		} else if len(s.Table) > 0 {
			b.WriteString(`<table style="border-collapse:collapse;width:100%;font-size:13px">`)
			for i, r := range s.Table {
				b.WriteString("<tr>")
				for j, c := range r {
					style := `padding:3px 4px;border-bottom:1px solid #dddddd;text-align:right`
					if j == 0 {
						style = `padding:3px 4px;border-bottom:1px solid #dddddd;text-align:left;word-break:break-all`
					}
					tag := "td"
					if i == 0 {
						tag = "th"
					}
					fmt.Fprintf(&b, `<%s style="%s">%s</%s>`, tag, style, e(c), tag)
				}
				b.WriteString("</tr>")
			}
			b.WriteString(`</table>`)
		}
		if len(s.Items) > 0 {
			b.WriteString(`<ul style="margin:0;padding-left:18px">`)
			for _, it := range s.Items {
				b.WriteString(`<li style="margin:0 0 6px 0">` + e(it) + `</li>`)
			}
			b.WriteString(`</ul>`)
		}
		if s.More != "" {
			b.WriteString(`<p style="margin:0 0 6px 0;color:#666666;font-size:13px">` + e(s.More) + `</p>`)
		}
	}
	b.WriteString(`<p style="margin:18px 0 0 0;color:#999999;font-size:12px">` + e(footer) + `</p></div></body></html>`)
	return b.String()
}

// replyLine is one person's reply figures in words.
func replyLine(r ReplyFigures) string {
	s := fmt.Sprintf("%d customer email(s), %d answered, %d within target", r.Count, r.Answered, r.WithinTarget)
	if r.Share != nil {
		s += " (" + keepwarm.SharePercent(*r.Share) + ")"
	}
	s += fmt.Sprintf(", %d breach(es)", r.Breaches)
	if r.Median != nil {
		s += ", median " + secs(r.Median)
	}
	if r.P90 != nil {
		s += ", p90 " + secs(r.P90)
	}
	if r.NoAnswerNeeded > 0 {
		s += fmt.Sprintf("; %d marked no answer needed (not counted)", r.NoAnswerNeeded)
	}
	if r.AnsweredUnseen > 0 {
		s += fmt.Sprintf("; %d answered by mail keepwarm did not see, time unknown (not counted)", r.AnsweredUnseen)
	}
	return s
}

func secs(p *int64) string {
	if p == nil {
		return "-"
	}
	return figureWait(time.Duration(*p) * time.Second)
}

// figureWait writes a reply figure (a median, a p90) or a breach's wait
// to the smallest unit that is not zero, as the replies report and the
// web report write it (keepwarm.ShortWait): a p90 of 10m 59s is "10m59s",
// not the "10m" of a target it missed, nor 1h 00m 59s "1h00m", nor a
// breach answered after 10m 40s "10m".
func figureWait(d time.Duration) string { return keepwarm.ShortWait(d) }

// digestWait writes a wait as 45s, 6m, 3h05m, 2d03h.
func digestWait(d time.Duration) string {
	return waitIn(d, [4]string{"%ds", "%dm", "%dh%02dm", "%dd%02dh"})
}

// waitIn writes a wait in the formats of seconds, minutes, hours and
// minutes, days and hours.
func waitIn(d time.Duration, f [4]string) string {
	s := int64(d / time.Second)
	switch {
	case s < 60:
		return fmt.Sprintf(f[0], max(s, 0))
	case s < 3600:
		return fmt.Sprintf(f[1], s/60)
	case s < 86400:
		return fmt.Sprintf(f[2], s/3600, s%3600/60)
	}
	return fmt.Sprintf(f[3], s/86400, s%86400/3600)
}

// customerName is the customer's name where it has one, else what its key
// names (a domain or an address).
func customerName(names map[string]string, key string) string {
	if n := strings.TrimSpace(names[key]); n != "" {
		return n
	}
	return digestCustomer(key)
}

func digestCustomer(key string) string {
	if _, rest, ok := strings.Cut(key, ":"); ok && rest != "" {
		return rest
	}
	if key == "" {
		return "a customer"
	}
	return key
}

// personLabel is a contact's name, else their address.
func personLabel(a keepwarm.Address) string {
	if n := strings.TrimSpace(a.Name); n != "" {
		return n
	}
	return a.Email
}

func orNoSubject(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(no subject)"
	}
	return nudgeOneLine(s)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func addrList(as []keepwarm.Address) string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Email
	}
	return strings.Join(out, ", ")
}

func stepLabel(step *int) string {
	if step == nil {
		return "?"
	}
	return fmt.Sprint(*step + 1)
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// allDryRun reports whether every follow-up step due is of a sequence in
// dry-run mode: none goes out.
func (d Digest) allDryRun() bool {
	for _, f := range d.DueFollowUps {
		if f.Status != "dry-run" {
			return false
		}
	}
	return len(d.DueFollowUps) > 0
}

// coverNote is own, or in a digest a backup reads, cover with the absent
// salesperson's name.
func (d Digest) coverNote(own, cover string) string {
	if d.cover == nil {
		return own
	}
	return fmt.Sprintf(cover, d.ownerName())
}

// notFollowedNote is the note of the "not followed up" section: keepwarm
// enroll for what can be enrolled; for a mail to other contacts of a thread
// whose follow-up goes on (keepwarm enroll refuses the thread), to write by
// hand; for a backup, that it is the absent salesperson's.
func (d Digest) notFollowedNote(w digestWords) string {
	if d.cover != nil {
		return fmt.Sprintf(w.notFollowedNoteCover, d.ownerName())
	}
	others := d.byHand()
	rest := len(d.NotFollowed) - others
	note := w.notFollowedNote
	switch {
	case others > 0 && rest > 0:
		note = w.notFollowedNoteBoth
	case others > 0:
		note = w.notFollowedNoteOthers
	}
	if others > 0 && d.web != "" {
		note += w.notFollowedNoteDesk
	}
	return note
}
