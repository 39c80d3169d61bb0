package cli

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// TestSummaryWeekPrintsTheWeekOfTheMail: the manager reads Monday's summary
// on Wednesday and runs the command its Backups section names: `keepwarm
// summary --week 2026-W46` prints the week the mail covered, not the 7
// days before Wednesday; a week whose summary is still ahead, or a
// malformed one, is refused with why.
func TestSummaryWeekPrintsTheWeekOfTheMail(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	mon := time.Date(2026, 11, 9, 8, 31, 0, 0, sh)
	mail, err := r.m.app.NewSummaries(nil).Latest(r.ctx, mon)
	r.must(err)
	if mail.Week != "2026-W46" {
		t.Fatalf("Monday's summary is of week %s", mail.Week)
	}
	wed := mon.Add(50 * time.Hour).Format(time.RFC3339)
	c := newCLI(t, r.path, r.env)
	var got, today struct {
		Week         string
		Since, Until time.Time
	}
	r.must(json.Unmarshal([]byte(c.mustRun("--now", wed, "summary", "--week", "2026-W46", "--format", "json")), &got))
	if got.Week != mail.Week || !got.Since.Equal(mail.Since) || !got.Until.Equal(mail.Until) {
		t.Errorf("summary --week 2026-W46 on Wednesday: %+v, want the mail's %s to %s", got, mail.Since, mail.Until)
	}
	r.must(json.Unmarshal([]byte(c.mustRun("--now", wed, "summary", "--format", "json")), &today))
	if today.Since.Equal(mail.Since) {
		t.Errorf("without --week the summary is the mail's week too: the test shows nothing")
	}
	for week, want := range map[string]string{"2026-W47": "still ahead", "2026-46": "write it as an ISO week", "2026-W54": "write it as an ISO week",
		"2027-W53": "2027 has no week 53"} {
		code, _, stderr := c.run(context.Background(), "--now", wed, "summary", "--week", week)
		if code != 2 || !strings.Contains(stderr, want) {
			t.Errorf("summary --week %s: exit %d, %s", week, code, stderr)
		}
	}
}

// The summary's subject names its days, not its week: `summary --week`'s
// help and its error for a week written wrong send the manager to its
// first line, which names the week it was sent in, not to the subject
// (where she would find 9 Nov to 15 Nov and type 2026-W46, a week early).
func TestSummaryWeekSendsTheManagerToTheFirstLineNotTheSubject(t *testing.T) {
	r := newDigestRig(t, "")
	c := newCLI(t, r.path, r.env)
	code, _, stderr := c.run(context.Background(), "--now", "2026-11-18T10:00:00+08:00", "summary", "--week", "47")
	if code != 2 || strings.Contains(stderr, "subject") || !strings.Contains(stderr, "first line") {
		t.Errorf("summary --week 47: exit %d, %s", code, stderr)
	}
	code, out, _ := runBare(t, "summary", "--help")
	if code != 0 || strings.Contains(out, "subject") || !strings.Contains(out, "first line") {
		t.Errorf("summary --help: exit %d\n%s", code, out)
	}
}

// A script keys the summary's JSON on its week: run on a Wednesday, the
// JSON says it is no week's summary (summary_of_week empty; week stays
// the ISO week of its day) and names the last summary due, whose
// --week JSON covers that summary's days and names its week.
func TestSummaryJSONSaysWhetherItIsAWeeksSummary(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	c := newCLI(t, r.path, r.env)
	type js struct {
		Week            string     `json:"week"`
		SummaryOf       *string    `json:"summary_of_week"`
		LastSummaryWeek string     `json:"last_summary_week"`
		LastSummaryDue  *time.Time `json:"last_summary_due"`
		Since           time.Time  `json:"since"`
	}
	var wed, named js
	r.must(json.Unmarshal([]byte(c.mustRun("--now", "2026-11-18T10:00:00+08:00", "summary", "--format", "json")), &wed))
	if wed.Week != "2026-W47" || wed.SummaryOf == nil || *wed.SummaryOf != "" || wed.LastSummaryWeek != "2026-W47" ||
		wed.LastSummaryDue == nil || wed.LastSummaryDue.Format("Mon 2006-01-02 -07:00") != "Mon 2026-11-16 +08:00" {
		t.Errorf("Wednesday's JSON: %+v", wed)
	}
	r.must(json.Unmarshal([]byte(c.mustRun("--now", "2026-11-18T10:00:00+08:00", "summary", "--week", wed.LastSummaryWeek, "--format", "json")), &named))
	if named.SummaryOf == nil || *named.SummaryOf != "2026-W47" || named.LastSummaryWeek != "" || named.LastSummaryDue != nil ||
		named.Since.Equal(wed.Since) || named.Since.In(wed.LastSummaryDue.Location()).Format("2 Jan") != "9 Nov" {
		t.Errorf("--week %s's JSON: %+v", wed.LastSummaryWeek, named)
	}
}

// TestSummaryWeekPrintsTheMailAsSent: `summary --week` of a week whose
// summary went out prints that mail, not the week built again: a follow-up
// the mail counted as running and answered since is still running there,
// as the manager comparing it with the mail reads it.
func TestSummaryWeekPrintsTheMailAsSent(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	mon := time.Date(2026, 11, 9, 8, 31, 0, 0, sh)
	enrs, err := r.m.db.ListEnrollments(r.ctx, 0)
	r.must(err)
	if len(enrs) == 0 {
		t.Fatal("no enrollment seeded")
	}
	e := enrs[0]
	e.ID, e.Rev, e.Status, e.Step, e.Reason = 0, 0, keepwarm.EnrollActive, 1, ""
	e.CreatedAt, e.UpdatedAt, e.DueAt = mon.AddDate(0, 0, -5), mon.AddDate(0, 0, -5), mon.AddDate(0, 0, 3)
	running, err := r.m.db.Enroll(r.ctx, e)
	r.must(err)
	sums := r.m.app.NewSummaries(nil)
	mail, err := sums.Latest(r.ctx, mon)
	r.must(err)
	if _, err := sums.Queue(r.ctx, mail); err != nil {
		t.Fatal(err)
	}
	stored, ok, err := r.m.db.OutboxByKey(r.ctx, mail.Key())
	r.must(err)
	if !ok || stored.Text == "" {
		t.Fatalf("the week's summary is not stored: %+v", stored)
	}
	running.Status, running.Reason, running.UpdatedAt = keepwarm.EnrollReplied, "answered by hans@globex.de", mon.Add(24*time.Hour)
	_, err = r.m.db.UpdateEnrollment(r.ctx, running)
	r.must(err)
	wed := mon.Add(50 * time.Hour)
	again, err := sums.OfWeek(r.ctx, "2026-W46", wed)
	r.must(err)
	if again.Text() == stored.Text {
		t.Fatal("built again it reads as the mail did: the test shows nothing")
	}
	c := newCLI(t, r.path, r.env)
	want := "To: " + stored.To[0].Email + "\nSubject: " + stored.Subject + "\n\n" + stored.Text
	if out := c.mustRun("--now", wed.Format(time.RFC3339), "summary", "--week", "2026-W46"); out != want {
		t.Errorf("summary --week 2026-W46 is not the mail:\n%s\nwant\n%s", out, want)
	}
	if out := c.mustRun("--now", wed.Format(time.RFC3339), "summary", "--week", "2026-W46", "--format", "html"); strings.TrimSpace(out) != strings.TrimSpace(stored.HTML) {
		t.Errorf("summary --week 2026-W46 --format html is not the mail's HTML:\n%s", out)
	}
}

// TestSummaryMailNamesTheWeekItsCommandTakes: Monday 16 Nov's summary
// covers 9 to 15 Nov (2026-W46's days) and is the summary of 2026-W47,
// the week it went out in. Its intro names 2026-W47 as the week it was
// sent in (its subject names its days alone), and `summary --week` with
// the week it names prints that mail's days and
// says on stderr which days they are.
func TestSummaryMailNamesTheWeekItsCommandTakes(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	mon := time.Date(2026, 11, 16, 8, 31, 0, 0, sh)
	mail, err := r.m.app.NewSummaries(nil).Latest(r.ctx, mon)
	r.must(err)
	if subj := mail.Subject(); !strings.HasPrefix(subj, "keepwarm weekly summary 9 Nov to 15 Nov 2026") {
		t.Errorf("subject: %s", subj)
	}
	if text := mail.Text(); !strings.Contains(text, "This is the summary 2026-W47 (the week it was sent in): keepwarm summary --week 2026-W47 prints it again.") {
		t.Errorf("the summary's text:\n%s", text)
	}
	week := mail.Week
	c := newCLI(t, r.path, r.env)
	code, out, stderr := c.run(context.Background(), "--now", mon.Add(50*time.Hour).Format(time.RFC3339), "summary", "--week", week, "--format", "json")
	var got struct{ Since, Until time.Time }
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil || !got.Since.Equal(mail.Since) || !got.Until.Equal(mail.Until) {
		t.Errorf("summary --week %s: exit %d, %+v, want the mail's %s to %s\n%s", week, code, got, mail.Since, mail.Until, stderr)
	}
	if !strings.Contains(stderr, "the summary 2026-W47 covers Mon 9 Nov to Sun 15 Nov 2026") {
		t.Errorf("summary --week %s's stderr: %s", week, stderr)
	}
}

// TestSummaryOnAnotherDayNamesNoWeek: a plain `keepwarm summary` on
// Wednesday 18 Nov covers 11 to 17 Nov, not the summary of 2026-W47 (9 to
// 15 Nov, sent Monday 16th): it does not call itself that week's summary,
// and says which command prints the last one.
func TestSummaryOnAnotherDayNamesNoWeek(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	c := newCLI(t, r.path, r.env)
	for now, last := range map[string]string{"2026-11-18T10:00:00+08:00": "the last one, due Mon 16 Nov, is keepwarm summary --week 2026-W47.",
		"2026-11-16T07:00:00+08:00": "the last one, due Mon 9 Nov, is keepwarm summary --week 2026-W46."} {
		out := c.mustRun("--now", now, "summary")
		if strings.Contains(out, "prints it again") || strings.Contains(out, "2026-W47:") || !strings.Contains(out, "This is not a week's summary: "+last) {
			t.Errorf("summary at %s:\n%s", now, out)
		}
	}
	out := c.mustRun("--now", "2026-11-16T09:00:00+08:00", "summary")
	if !strings.Contains(out, "This is the summary 2026-W47 (the week it was sent in): keepwarm summary --week 2026-W47 prints it again.") {
		t.Errorf("summary on Monday after its time is the week's:\n%s", out)
	}
}

// TestSummaryWeekSaysTheDaysOfTheStoredMail: the manager moved
// summary_weekday from Monday to Friday after 2026-W46's summary went out
// (Monday 9 Nov, 2 to 8 Nov). `summary --week 2026-W46` prints that mail,
// and stderr does not say it covers the days a Friday summary would.
func TestSummaryWeekSaysTheDaysOfTheStoredMail(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	sums := r.m.app.NewSummaries(nil)
	mail, err := sums.Latest(r.ctx, time.Date(2026, 11, 9, 8, 31, 0, 0, sh))
	r.must(err)
	if _, err := sums.Queue(r.ctx, mail); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(mail.Subject(), "weekly summary 2 Nov to 8 Nov 2026") {
		t.Fatalf("the stored mail: %s", mail.Subject())
	}
	wed := time.Date(2026, 11, 18, 10, 0, 0, 0, sh).Format(time.RFC3339)
	c := newCLI(t, r.path, r.env)
	if _, _, stderr := c.run(context.Background(), "--now", wed, "summary", "--week", "2026-W46"); !strings.Contains(stderr, "the summary 2026-W46 covers Mon 2 Nov to Sun 8 Nov 2026") {
		t.Errorf("summary --week 2026-W46 before the change, stderr: %s", stderr)
	}
	body, err := os.ReadFile(r.path)
	r.must(err)
	r.must(os.WriteFile(r.path, append(body, "\n[digest]\nsummary_weekday = \"Fri\"\n"...), 0o600))
	code, out, stderr := c.run(context.Background(), "--now", wed, "summary", "--week", "2026-W46")
	if code != 0 || !strings.Contains(out, "weekly summary 2 Nov to 8 Nov 2026") {
		t.Fatalf("summary --week 2026-W46: exit %d\n%s\n%s", code, out, stderr)
	}
	if strings.Contains(stderr, "covers Fri") || !strings.Contains(stderr, "its subject names its days") {
		t.Errorf("summary --week 2026-W46 after summary_weekday changed, stderr: %s", stderr)
	}
}

// With summary_weekday Sunday, the summary sent Sun 15 Nov (2026-W46)
// covers Sun 8 to Sat 14 Nov, six of its days in W46 itself: `summary
// --week`'s help and its error for a week written wrong say only that the
// week is the one it was sent in, and the error's example is the last
// summary's week, which prints that summary, not a week later.
func TestSummaryWeekHelpHoldsForASundaySummary(t *testing.T) {
	r := newDigestRig(t, "\n[digest]\nsummary_weekday = \"Sunday\"\n")
	r.seedLily()
	c := newCLI(t, r.path, r.env)
	wed := "2026-11-18T10:00:00+08:00"
	code, _, stderr := c.run(context.Background(), "--now", wed, "summary", "--week", "47")
	if code != 2 || strings.Contains(stderr, "week of its days") || strings.Contains(stderr, "the one after") ||
		!strings.Contains(stderr, "e.g. 2026-W46, the week the summary sent Sun 15 Nov was sent in, as its first line names it") {
		t.Errorf("summary --week 47 with a Sunday summary: exit %d, %s", code, stderr)
	}
	var got struct {
		SummaryOf    string `json:"summary_of_week"`
		Since, Until time.Time
	}
	r.must(json.Unmarshal([]byte(c.mustRun("--now", wed, "summary", "--week", "2026-W46", "--format", "json")), &got))
	sh, _ := time.LoadLocation("Asia/Shanghai")
	if got.SummaryOf != "2026-W46" || got.Since.In(sh).Format("Mon 2 Jan") != "Sun 8 Nov" || got.Until.In(sh).Format("Mon 2 Jan") != "Sun 15 Nov" {
		t.Errorf("summary --week 2026-W46 (the example): %+v, want the days Sun 8 to Sat 14 Nov", got)
	}
	code, out, _ := runBare(t, "summary", "--help")
	if code != 0 || strings.Contains(out, "the one after") || strings.Contains(out, "week of its days") || !strings.Contains(out, "the summary was sent in") {
		t.Errorf("summary --help: exit %d\n%s", code, out)
	}
}
