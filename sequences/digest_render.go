package sequences

import (
	"fmt"
	"html"
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
	var parts []string
	add := func(n int, one, many string) {
		switch {
		case n == 1:
			parts = append(parts, "1 "+one)
		case n > 1:
			parts = append(parts, fmt.Sprintf("%d %s", n, many))
		}
	}
	add(d.unansweredTotal(), "unanswered", "unanswered")
	add(len(d.Calls), "call", "calls")
	add(len(d.Reviews), "review", "reviews")
	add(len(d.Bounced), "bounce", "bounces")
	add(len(d.OptedOut), "opt-out", "opt-outs")
	add(len(d.Uncertain), "send to check", "sends to check")
	add(len(d.ChatMissed), "chat nudge not delivered", "chat nudges not delivered")
	add(len(d.Failed), "follow-up failed", "follow-ups failed")
	add(len(d.Mailboxes), "mailbox not read", "mailboxes not read")
	s := "keepwarm digest " + d.day().Format("Mon 2 Jan")
	if len(parts) > 0 {
		s += ": " + strings.Join(parts, ", ")
	}
	return s
}

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
	return " " + d.web + fmt.Sprintf(format, id)
}

// when writes an instant in the salesperson's zone.
func (d Digest) when(t time.Time) string { return t.In(d.location()).Format("Mon 2 Jan 15:04") }

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
// many it leaves out (what, e.g. "older"), and where to see them all: the
// desk when the section is on it and the web application is served, and
// the command that prints the whole digest.
func (d Digest) more(left int, what string, onDesk bool) string {
	if left <= 0 {
		return ""
	}
	where := "keepwarm digest --salesperson " + d.Salesperson + " --all lists every one"
	if onDesk && d.web != "" {
		where = "see them all on your desk, " + d.web + "/ (or " + where + ")"
	}
	if what != "" {
		what += " "
	}
	return fmt.Sprintf("%d %snot listed here: %s.", left, what, where)
}

// sections lays the digest out; empty sections are left out. A section
// lists at most Limit lines, and says how many more there are.
func (d Digest) sections() []section {
	var out []section
	add := func(s section) {
		if len(s.Items) > 0 || len(s.Table) > 0 {
			out = append(out, s)
		}
	}
	total := d.unansweredTotal()
	s := section{Title: fmt.Sprintf("Unanswered customer mail (%d)", total), Note: "Oldest first."}
	// The most recent are listed: they can still be saved; the older ones
	// have waited past any answer that would count.
	unanswered := d.Unanswered[len(d.Unanswered)-d.shown(len(d.Unanswered)):]
	if len(unanswered) < total {
		s.Note = fmt.Sprintf("The %d most recent, oldest first.", len(unanswered))
		s.More = d.more(total-len(unanswered), "older", true)
	}
	for _, n := range unanswered {
		who := customerName(d.customers, n.Customer)
		if n.Contact != "" {
			who += " <" + n.Contact + ">"
		}
		s.Items = append(s.Items, fmt.Sprintf("%s: %q, waiting %s (since %s)", who, orNoSubject(n.Subject),
			digestWait(d.Now.Sub(n.StartedAt)), d.when(n.StartedAt))+d.link("/messages/%d", n.MessageID))
	}
	add(s)
	if r := d.Replies; r != nil {
		s = section{Title: "Reply times since " + d.RepliesSince.In(d.location()).Format("Mon 2 Jan"),
			Note: fmt.Sprintf("Target %s.", digestWait(time.Duration(d.Target)*time.Second))}
		s.Items = append(s.Items, replyLine(*r))
		add(s)
	}
	// After the call, why the customer went quiet goes to the manager's
	// report: say where to record it.
	keys := make([]string, len(keepwarm.QuietReasons))
	for i, r := range keepwarm.QuietReasons {
		keys[i] = string(r)
	}
	note := "After each call, note why they went quiet, for the manager's report: keepwarm tasks done ID --reason KEY --note \"what they said\" (keys: " +
		strings.Join(keys, ", ") + "), or ask whoever runs keepwarm to."
	if d.web != "" {
		note = "After each call, press Done on your desk and say why they went quiet."
	}
	s = section{Title: fmt.Sprintf("Calls due (%d)", len(d.Calls)), Note: note, More: d.more(len(d.Calls)-d.shown(len(d.Calls)), "", true)}
	for _, t := range d.Calls[:d.shown(len(d.Calls))] {
		item := fmt.Sprintf("%s: %s (due %s)", customerName(d.customers, t.Customer), t.Title, d.when(t.DueAt))
		if d.web == "" {
			item += fmt.Sprintf(" (task %d)", t.ID)
		}
		s.Items = append(s.Items, item+d.link("/customers/%d", t.CustomerID))
	}
	add(s)
	s = section{Title: fmt.Sprintf("Sequences ended without an answer (%d)", len(d.Ended)),
		Note: "Every step was done and the customer never wrote back: decide what next.",
		More: d.more(len(d.Ended)-d.shown(len(d.Ended)), "", false)}
	for _, e := range d.Ended[:d.shown(len(d.Ended))] {
		s.Items = append(s.Items, fmt.Sprintf("%s: %s, %d step(s), ended %s (thread %d)", customerName(d.customers, e.Customer),
			e.Sequence, e.Step, d.when(e.UpdatedAt), e.ThreadID))
	}
	add(s)
	s = section{Title: fmt.Sprintf("Follow-ups stopped by a failed send (%d)", len(d.Failed)),
		Note: "Nothing more goes out in these until you act: fix the cause, then keepwarm resume ID (or stop ID).",
		More: d.more(len(d.Failed)-d.shown(len(d.Failed)), "", false)}
	for _, e := range d.Failed[:d.shown(len(d.Failed))] {
		s.Items = append(s.Items, fmt.Sprintf("%s: %s (enrollment %d, thread %d)", customerName(d.customers, e.Customer),
			e.Reason, e.ID, e.ThreadID))
	}
	add(s)
	s = section{Title: fmt.Sprintf("Not followed up (%d)", len(d.NotFollowed)),
		Note: "Mail you sent that no sequence follows up, and why (keepwarm enrollments --all); enroll one by hand with keepwarm enroll THREAD.",
		More: d.more(len(d.NotFollowed)-d.shown(len(d.NotFollowed)), "", false)}
	for _, sk := range d.NotFollowed[:d.shown(len(d.NotFollowed))] {
		s.Items = append(s.Items, fmt.Sprintf("%s: %q to %s, sent %s: %s (%s, thread %d)", customerName(d.customers, sk.Customer),
			orNoSubject(keepwarm.ClipLine(sk.Subject, 80)), strings.Join(sk.To, ", "), d.when(sk.SentAt), sk.Reason, sk.Detail, sk.ThreadID))
	}
	add(s)
	s = section{Title: fmt.Sprintf("Reviews due (%d)", len(d.Reviews)), Note: "By grade; review each and regrade if needed; give a grade to those that have none.",
		More: d.more(len(d.Reviews)-d.shown(len(d.Reviews)), "", true)}
	// One line per grade with its true count; the first Limit customers
	// (the better grades, the most overdue first) are named.
	for i, named := 0, d.shown(len(d.Reviews)); i < len(d.Reviews); {
		j := i
		var names []string
		for ; j < len(d.Reviews) && d.Reviews[j].Grade == d.Reviews[i].Grade; j++ {
			if j < named {
				names = append(names, customerLabel(d.Reviews[j])+d.link("/customers/%d", d.Reviews[j].CustomerID))
			}
		}
		grade := d.Reviews[i].Grade
		if grade == "" {
			grade = "no grade yet"
		}
		line := fmt.Sprintf("%s (%d): %s", grade, j-i, strings.Join(names, ", "))
		switch left := j - i - len(names); {
		case len(names) == 0:
			line = fmt.Sprintf("%s (%d): not listed here", grade, j-i)
		case left > 0:
			line += fmt.Sprintf(" and %d more", left)
		}
		s.Items = append(s.Items, line)
		i = j
	}
	add(s)
	s = section{Title: fmt.Sprintf("Returning to the pool soon (%d)", len(d.Returning)),
		Note: "Get an answer or an order before the deadline, or the customer goes back to the pool.",
		More: d.more(len(d.Returning)-d.shown(len(d.Returning)), "", true)}
	for _, c := range d.Returning[:d.shown(len(d.Returning))] {
		s.Items = append(s.Items, fmt.Sprintf("%s: %s (deadline %s)", customerLabel(c), c.Note, d.when(c.At))+d.link("/customers/%d", c.CustomerID))
	}
	add(s)
	s = section{Title: fmt.Sprintf("Bounced addresses to fix (%d)", len(d.Bounced)),
		More: d.more(len(d.Bounced)-d.shown(len(d.Bounced)), "", false)}
	for _, b := range d.Bounced[:d.shown(len(d.Bounced))] {
		switch {
		case b.LeftCompany && b.Successor != "":
			s.Items = append(s.Items, fmt.Sprintf("%s (%s) has left the company (%s): new contact proposed: %s",
				b.Email, customerName(d.customers, b.Customer), d.when(b.BouncedAt), b.Successor))
		case b.LeftCompany:
			s.Items = append(s.Items, fmt.Sprintf("%s (%s) has left the company (%s): find who buys now",
				b.Email, customerName(d.customers, b.Customer), d.when(b.BouncedAt)))
		default:
			s.Items = append(s.Items, fmt.Sprintf("%s (%s), bounced %s", b.Email, customerName(d.customers, b.Customer), d.when(b.BouncedAt)))
		}
	}
	add(s)
	s = section{Title: fmt.Sprintf("Asked for no more mail (%d)", len(d.OptedOut)),
		Note: "keepwarm sends them nothing more in your name: no follow-up, greeting or letter. Your own mail still goes.",
		More: d.more(len(d.OptedOut)-d.shown(len(d.OptedOut)), "", false)}
	for _, o := range d.OptedOut[:d.shown(len(d.OptedOut))] {
		item := fmt.Sprintf("%s (%s), %s", o.Email, customerName(d.customers, o.Customer), d.when(o.At))
		if o.Subject != "" {
			item += fmt.Sprintf(", in %q", o.Subject)
		}
		s.Items = append(s.Items, item)
	}
	add(s)
	s = section{Title: fmt.Sprintf("Sends to check (%d)", len(d.Uncertain)),
		Note: "The link broke while these were being sent: they may have arrived, but they are not in Sent. Ask the recipient before sending again (keepwarm outbox --status uncertain).",
		More: d.more(len(d.Uncertain)-d.shown(len(d.Uncertain)), "", false)}
	for _, it := range d.Uncertain[:d.shown(len(d.Uncertain))] {
		s.Items = append(s.Items, fmt.Sprintf("%q to %s from mailbox %s (outbox %d)", orNoSubject(it.Subject),
			addrList(it.To), it.Mailbox, it.ID))
	}
	add(s)
	s = section{Title: fmt.Sprintf("Chat nudges not delivered (%d)", len(d.ChatMissed)),
		Note: "These nudges did not reach the team chat (failed), or may not have (uncertain: keepwarm stopped while posting). keepwarm outbox --status failed (or uncertain) lists them.",
		More: d.more(len(d.ChatMissed)-d.shown(len(d.ChatMissed)), "", false)}
	for _, it := range d.ChatMissed[:d.shown(len(d.ChatMissed))] {
		s.Items = append(s.Items, fmt.Sprintf("%s on %s: %s (%s)", orNoSubject(it.Subject), it.Chat.Channel, it.Status, it.LastError))
	}
	add(s)
	s = section{Title: fmt.Sprintf("Follow-ups not sent (%d)", len(d.NotSent)),
		More: d.more(len(d.NotSent)-d.shown(len(d.NotSent)), "", false)}
	for _, it := range d.NotSent[:d.shown(len(d.NotSent))] {
		s.Items = append(s.Items, fmt.Sprintf("to %s, step %s of %s: %s", addrList(it.To),
			stepLabel(it.Step), it.Sequence, it.LastError))
	}
	add(s)
	s = section{Title: fmt.Sprintf("Mailboxes keepwarm cannot read (%d)", len(d.Mailboxes)),
		Note: "Until this is fixed keepwarm sees no new mail there: no reply clocks, no follow-ups stopped by an answer. `keepwarm check` says what to change.",
		More: d.more(len(d.Mailboxes)-d.shown(len(d.Mailboxes)), "", false)}
	for _, mp := range d.Mailboxes[:d.shown(len(d.Mailboxes))] {
		s.Items = append(s.Items, fmt.Sprintf("mailbox %s, since %s: %s", mp.Mailbox, d.when(mp.Since), mp.Problem))
	}
	add(s)
	s = section{Title: fmt.Sprintf("Greetings going out today (%d)", len(d.Greetings)),
		More: d.more(len(d.Greetings)-d.shown(len(d.Greetings)), "", false)}
	for _, gr := range d.Greetings[:d.shown(len(d.Greetings))] {
		to := " to " + personLabel(gr.To) + " <" + gr.To.Email + ">"
		if strings.HasPrefix(gr.Occasion, "birthday of ") {
			to = " <" + gr.To.Email + ">" // the occasion names the person already
		}
		s.Items = append(s.Items, fmt.Sprintf("%s%s (%s) at %s [%s]", gr.Occasion, to,
			orDefault(gr.CustomerName, customerName(d.customers, gr.Customer)), d.when(gr.SendAt), gr.Status))
	}
	add(s)
	return out
}

func (d Digest) greeting() string {
	name := d.Name
	if name == "" {
		name = d.Salesperson
	} else if first, _, ok := strings.Cut(name, " "); ok {
		name = first
	}
	return fmt.Sprintf("Good morning %s, here is your keepwarm digest for %s.", name, d.day().Format("Monday 2 January 2006"))
}

const digestFooter = "keepwarm daily digest. Empty sections are left out."

// Text is the plain-text digest.
func (d Digest) Text() string { return renderText(d.greeting(), d.sections(), digestFooter) }

// HTML is the digest as simple single-column HTML with inline styles and
// no images, readable on a phone.
func (d Digest) HTML() string {
	return renderHTML(d.Subject(), d.greeting(), d.sections(), digestFooter)
}

func renderText(intro string, secs []section, footer string) string {
	var b strings.Builder
	b.WriteString(intro + "\n")
	for _, s := range secs {
		fmt.Fprintf(&b, "\n%s\n%s\n", strings.ToUpper(s.Title), strings.Repeat("=", len([]rune(s.Title))))
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
	e := html.EscapeString
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8">` +
		`<meta name="viewport" content="width=device-width, initial-scale=1"><title>` + e(title) + `</title></head>` +
		`<body style="margin:0;padding:12px;background:#ffffff;color:#222222;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.4">` +
		`<div style="max-width:600px;margin:0 auto">`)
	b.WriteString(`<p style="margin:0 0 12px 0">` + e(intro) + `</p>`)
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
		s += fmt.Sprintf(" (%.0f%%)", *r.Share*100)
	}
	s += fmt.Sprintf(", %d breach(es)", r.Breaches)
	if r.Median != nil {
		s += ", median " + secs(r.Median)
	}
	if r.P90 != nil {
		s += ", p90 " + secs(r.P90)
	}
	return s
}

func secs(p *int64) string {
	if p == nil {
		return "-"
	}
	return digestWait(time.Duration(*p) * time.Second)
}

// digestWait writes a wait as 45s, 6m, 3h05m, 2d03h.
func digestWait(d time.Duration) string {
	s := int64(d / time.Second)
	switch {
	case s < 60:
		return fmt.Sprintf("%ds", max(s, 0))
	case s < 3600:
		return fmt.Sprintf("%dm", s/60)
	case s < 86400:
		return fmt.Sprintf("%dh%02dm", s/3600, s%3600/60)
	}
	return fmt.Sprintf("%dd%02dh", s/86400, s%86400/3600)
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

func customerLabel(c DigestCustomer) string {
	key := digestCustomer(c.Customer)
	if c.Name != "" && c.Name != key {
		return c.Name + " (" + key + ")"
	}
	return key
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
