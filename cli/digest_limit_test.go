package cli

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"keepwarm/sequences"
)

// unansweredLines are the lines of the text digest's unanswered section.
func unansweredLines(text string) []string {
	_, rest, ok := strings.Cut(text, "UNANSWERED CUSTOMER MAIL")
	if !ok {
		return nil
	}
	var out []string
	for _, l := range strings.Split(rest, "\n")[1:] {
		if strings.HasPrefix(l, "- ") {
			out = append(out, l)
		} else if l == "" {
			break
		}
	}
	return out
}

// A digest lists at most DigestListLimit unanswered messages, the most
// recent, and says how many more there are and where they are; its title
// and subject keep the true count. With fewer, it lists them all and says
// nothing more. `digest --all` lists every one.
func TestDigestListsTheMostRecentUnanswered(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily() // one unanswered message: "Samples please", Monday 10:00
	lily := "lily@acme-export.com"
	tue := t0.Add(24 * time.Hour)
	job := r.m.app.NewDigests(nil, nil)

	d, err := job.Build(r.ctx, lily, tue)
	r.must(err)
	if d.UnansweredTotal != 1 || len(d.Unanswered) != 1 || strings.Contains(d.Text(), "not listed here") || strings.Contains(d.HTML(), "not listed here") {
		t.Fatalf("one unanswered message: total %d, %d listed:\n%s", d.UnansweredTotal, len(d.Unanswered), d.Text())
	}

	extra := sequences.DigestListLimit + 6
	for i := range extra {
		r.save("lily", inboundFrom(fmt.Sprintf("q%02d@globex.de", i), "hans@globex.de", fmt.Sprintf("Question %02d", i),
			t0.Add(3*time.Hour+time.Duration(i)*time.Minute)))
	}
	r.must(r.m.measureReplies(r.ctx))
	total := extra + 1

	d, err = job.Build(r.ctx, lily, tue)
	r.must(err)
	all, err := job.BuildAll(r.ctx, lily, tue)
	r.must(err)
	if all.UnansweredTotal != total || len(all.Unanswered) != total {
		t.Fatalf("BuildAll: total %d, %d listed; want %d", all.UnansweredTotal, len(all.Unanswered), total)
	}
	// The read with a limit gives the most recent of the whole list, in
	// the same order.
	if d.UnansweredTotal != total || !slices.Equal(d.Unanswered, all.Unanswered[total-sequences.DigestListLimit:]) {
		t.Fatalf("Build: total %d, listed %+v\nwant the last %d of %+v", d.UnansweredTotal, d.Unanswered, sequences.DigestListLimit, all.Unanswered)
	}

	text := d.Text()
	lines := unansweredLines(text)
	more := fmt.Sprintf("%d older not listed here: keepwarm digest --salesperson %s --all lists every one.", total-sequences.DigestListLimit, lily)
	if len(lines) != sequences.DigestListLimit ||
		!strings.Contains(text, fmt.Sprintf("UNANSWERED CUSTOMER MAIL (%d)", total)) ||
		!strings.Contains(text, fmt.Sprintf("The %d most recent, oldest first.", sequences.DigestListLimit)) ||
		!strings.Contains(text, more) ||
		!strings.Contains(lines[0], "Question 06") || !strings.Contains(lines[len(lines)-1], fmt.Sprintf("Question %02d", extra-1)) ||
		strings.Contains(text, "Samples please") {
		t.Fatalf("%d lines listed:\n%s", len(lines), text)
	}
	if !strings.Contains(d.Subject(), fmt.Sprintf("%d unanswered", total)) {
		t.Errorf("subject %q lacks the true count", d.Subject())
	}
	html := d.HTML()
	_, sec, _ := strings.Cut(html, fmt.Sprintf("Unanswered customer mail (%d)</h2>", total))
	sec, _, _ = strings.Cut(sec, "<h2")
	if n := strings.Count(sec, "<li"); n != sequences.DigestListLimit || !strings.Contains(sec, more) || strings.Contains(html, "Samples please") {
		t.Fatalf("HTML: %d items in the unanswered section:\n%s", n, sec)
	}

	// The command prints the same; --all prints every line and no pointer.
	c := newCLI(t, r.path, r.env)
	now := tue.Format(time.RFC3339)
	if out := c.mustRun("--now", now, "digest", "--salesperson", lily); len(unansweredLines(out)) != sequences.DigestListLimit || !strings.Contains(out, more) {
		t.Fatalf("digest:\n%s", out)
	}
	out := c.mustRun("--now", now, "digest", "--salesperson", lily, "--all")
	if len(unansweredLines(out)) != total || strings.Contains(out, "not listed here") || !strings.Contains(out, "Samples please") {
		t.Fatalf("digest --all:\n%s", out)
	}
	if code, _, errs := c.run(r.ctx, "digest", "--all", "--send"); code != 2 || !strings.Contains(errs, "--all") {
		t.Fatalf("digest --all --send: exit %d %s", code, errs)
	}

	// The digest the daemon sends is the limited one.
	r.tickAt(tue, job)
	for _, it := range r.digests() {
		if strings.HasPrefix(it.Key, "digest:"+lily+":") && (it.Text != d.Text() || it.HTML != d.HTML()) {
			t.Fatalf("the queued digest differs from Build's:\n%s", it.Text)
		}
	}
}
