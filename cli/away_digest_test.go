package cli

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
)

// TestAwayDigestGoesToTheBackupAndTheSummaryListsCovers: while Lily is away
// (entered on the desk) with Tom as her backup, her digest goes to Tom and
// says so; the weekly summary lists what Tom was nudged about for her.
func TestAwayDigestGoesToTheBackupAndTheSummaryListsCovers(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	lily, tom := "lily@acme-export.com", "tom@acme-export.com"
	_, err := r.m.db.AddAbsence(r.ctx, keepwarm.Absence{Person: lily, Backup: tom, From: t0, Until: t0.Add(72 * time.Hour)},
		"boss@acme-export.com", t0)
	r.must(err)
	tue := t0.Add(24 * time.Hour) // Tuesday 09:00 in Shanghai
	r.tickAt(tue, r.m.app.NewDigests(nil, nil))
	var lilys []keepwarm.OutboxItem
	for _, d := range r.digests() {
		if strings.HasPrefix(d.Key, "digest:"+lily) {
			lilys = append(lilys, d)
		}
	}
	if len(lilys) != 1 || lilys[0].To[0].Email != tom || !strings.HasPrefix(lilys[0].Subject, "[covering for "+lily+"]") ||
		!strings.HasPrefix(lilys[0].Text, "You are covering for Lily Chen, away until ") || strings.Contains(lilys[0].Text, "desk") {
		t.Fatalf("Lily's digest while she is away: %+v", lilys)
	}
	// Mail clients show the HTML part: it says the same, and greets Tom.
	for part, body := range map[string]string{"text": lilys[0].Text, "html": lilys[0].HTML} {
		if !strings.Contains(body, "You are covering for Lily Chen, away until ") || strings.Contains(body, "Good morning Lily") ||
			!strings.Contains(body, "Good morning Tom, here is Lily Chen&#39;s keepwarm digest") && !strings.Contains(body, "Good morning Tom, here is Lily Chen's keepwarm digest") {
			t.Errorf("the %s part of Lily's digest to Tom:\n%s", part, body)
		}
	}
	if !strings.Contains(lilys[0].HTML, "<title>[covering for "+lily+"] ") {
		t.Errorf("the HTML part's title: %s", lilys[0].HTML)
	}
	mails := r.smtp.Messages()
	if len(mails) != 1 || strings.Join(mails[0].To, ",") != tom {
		t.Fatalf("digest mails: %d", len(mails))
	}

	// The nudge about her unanswered "Samples please" went to Tom.
	var samples int64
	for id := int64(1); id < 100 && samples == 0; id++ {
		if m, err := r.m.db.GetMessage(r.ctx, id); err == nil && m.MessageID == "samples@globex.de" {
			samples = id
		}
	}
	r.must(r.m.db.RecordCover(r.ctx, samples, 1, keepwarm.Absence{Person: lily, Source: keepwarm.AwayDesk}, tom, t0.Add(2*time.Hour+5*time.Minute)))
	mon := time.Date(2026, 11, 9, 0, 30, 0, 0, time.UTC) // the next Monday 08:30 in Shanghai
	sum, err := r.m.app.NewSummaries(nil).Build(r.ctx, mon)
	r.must(err)
	text := sum.Text()
	for _, want := range []string{"BACKUPS", "Tom Wang for Lily Chen:", `"Samples please"`, "still waiting"} {
		if !strings.Contains(text, want) {
			t.Errorf("the summary lacks %q:\n%s", want, text)
		}
	}

	// Tom, covering, marks it "no answer needed": the summary says so
	// and by whom, not that it is still waiting.
	_, err = r.m.db.WaiveReply(r.ctx, store.Viewer{Email: tom, Covers: []string{lily}}, samples, tom, t0.Add(2*time.Hour+10*time.Minute))
	r.must(err)
	sum, err = r.m.app.NewSummaries(nil).Build(r.ctx, mon)
	r.must(err)
	text = sum.Text()
	if !strings.Contains(text, `"Samples please"`) || !strings.Contains(text, "no answer needed (marked by Tom Wang)") || strings.Contains(text, "still waiting") {
		t.Errorf("the summary after Tom marked the mail:\n%s", text)
	}
}

// TestAwayDigestWithoutReturnDate: Lily's own out-of-office reply names
// no return date; her digest goes to whoever covers and says she gave
// none, with the day keepwarm takes her as back by at the latest, not
// "away until" it.
func TestAwayDigestWithoutReturnDate(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	lily := "lily@acme-export.com"
	r.save("lily", keepwarm.Message{MessageID: "ooo@acme-export.com", From: keepwarm.Address{Name: "Lily Chen", Email: lily},
		To: []keepwarm.Address{{Email: "hans@globex.de"}}, Subject: "Automatic reply: Samples please", Date: t0.Add(4 * time.Hour),
		Kind: keepwarm.KindAutoReply, CustomerKey: "domain:globex.de"})
	r.tickAt(t0.Add(24*time.Hour), r.m.app.NewDigests(nil, nil))
	var lilys []keepwarm.OutboxItem
	for _, d := range r.digests() {
		if strings.HasPrefix(d.Key, "digest:"+lily) {
			lilys = append(lilys, d)
		}
	}
	if len(lilys) != 1 || lilys[0].To[0].Email == lily ||
		!strings.HasPrefix(lilys[0].Text, "You are covering for Lily Chen, away with no return date given (back by 2026-11-16 at the latest).") {
		t.Fatalf("Lily's digest while she is away: %+v", lilys)
	}
}

// TestAwayDigestSaysTheGreetingsAreNotSent: Lily is away from Friday to
// Tuesday with Tom covering, and Hans's birthday greeting is to go as her
// on Friday. The send's last look does not send a greeting in her name
// while she is away, so her digest, which Tom reads, says it is not sent
// and why, not that it goes.
func TestAwayDigestSaysTheGreetingsAreNotSent(t *testing.T) {
	r, job := greetingsDigestRigBorn(t, "1970-11-06")
	lily, tom := "lily@acme-export.com", "tom@acme-export.com"
	fri := time.Date(2026, 11, 6, 0, 30, 0, 0, time.UTC) // 08:30 in Shanghai
	_, err := r.m.db.AddAbsence(r.ctx, keepwarm.Absence{Person: lily, Backup: tom, From: fri.Add(-time.Hour), Until: fri.Add(4 * 24 * time.Hour)},
		"boss@acme-export.com", fri.Add(-2*time.Hour))
	r.must(err)
	r.tickAt(fri, job)
	var lilys []keepwarm.OutboxItem
	for _, d := range r.digests() {
		if strings.HasPrefix(d.Key, "digest:"+lily) {
			lilys = append(lilys, d)
		}
	}
	if len(lilys) != 1 || lilys[0].To[0].Email != tom {
		t.Fatalf("Lily's digest while she is away: %+v", lilys)
	}
	text := lilys[0].Text
	if !strings.Contains(text, "birthday of Hans Meier <hans@globex.de> (Globex GmbH) at Fri 6 Nov") ||
		strings.Contains(text, "[planned]") || !strings.Contains(text, "[not sent]: "+lily+" is away (desk) and not back before the greeting's day ends") {
		t.Errorf("Tom reads that Lily's greeting goes:\n%s", text)
	}
}

// TestDigestCommandPreviewsWhatTheBackupReads: Lily (lang "zh") is away and
// Tom (English) covers. `keepwarm digest --salesperson lily` prints the
// mail Tom gets: to Tom, in English, opening with the cover line; JSON
// says who reads it; --send says it was queued for Tom.
func TestDigestCommandPreviewsWhatTheBackupReads(t *testing.T) {
	r := newDigestRig(t, "", speaks("lily@acme-export.com", "zh"))
	r.seedLily()
	lily, tom := "lily@acme-export.com", "tom@acme-export.com"
	_, err := r.m.db.AddAbsence(r.ctx, keepwarm.Absence{Person: lily, Backup: tom, From: t0, Until: t0.Add(72 * time.Hour)},
		"boss@acme-export.com", t0)
	r.must(err)
	c := newCLI(t, r.path, r.env)
	now := t0.Add(24 * time.Hour).Format(time.RFC3339)
	out := c.mustRun("--now", now, "digest", "--salesperson", lily)
	if !strings.HasPrefix(out, "To: "+tom+"\nSubject: [covering for "+lily+"] keepwarm digest ") ||
		!strings.Contains(out, "You are covering for Lily Chen") || !strings.Contains(out, "Good morning Tom") || strings.Contains(out, "早上好") {
		t.Errorf("the preview of Lily's digest:\n%s", out)
	}
	js := c.mustRun("--now", now, "digest", "--salesperson", lily, "--format", "json")
	if !strings.Contains(js, `"covered_by": "`+tom+`"`) || strings.Contains(js, `"lang": "zh"`) {
		t.Errorf("json:\n%s", js)
	}
	if sent := c.mustRun("--now", now, "digest", "--salesperson", lily, "--send"); !strings.Contains(sent, "digest for "+lily+" (2026-11-03): queued for "+tom+" (covering)") {
		t.Errorf("--send: %s", sent)
	}
}

// TestCoveringDigestWritesTimesInTheReadersZone: Lily (Shanghai) is away
// and Tom, in Madrid, covers. The times in the digest Tom reads are
// Madrid's, and it says so: "waiting since 11:00" in Shanghai time would
// have him phone a customer seven hours off.
func TestCoveringDigestWritesTimesInTheReadersZone(t *testing.T) {
	r := newDigestRig(t, "", func(s string) string {
		return strings.Replace(s, "name = \"Tom Wang\"\ntime_zone = \"Asia/Shanghai\"", "name = \"Tom Wang\"\ntime_zone = \"Europe/Madrid\"", 1)
	})
	r.seedLily()
	lily, tom := "lily@acme-export.com", "tom@acme-export.com"
	_, err := r.m.db.AddAbsence(r.ctx, keepwarm.Absence{Person: lily, Backup: tom, From: t0, Until: t0.Add(72 * time.Hour)},
		"boss@acme-export.com", t0)
	r.must(err)
	r.tickAt(t0.Add(24*time.Hour), r.m.app.NewDigests(nil, nil))
	var text string
	for _, d := range r.digests() {
		if strings.HasPrefix(d.Key, "digest:"+lily) && d.To[0].Email == tom {
			text = d.Text
		}
	}
	// "Samples please" came at 11:00 in Shanghai: 04:00 in Madrid.
	if !strings.Contains(text, `"Samples please", waiting 22h00m (since Mon 2 Nov 04:00)`) || !strings.Contains(text, "Times are in your time zone, Europe/Madrid.") {
		t.Errorf("Tom's covering digest:\n%s", text)
	}
}

// TestCoveringDigestToTheManagerWritesTimesInTheirZone: Lily (Shanghai) is
// away with no backup named, so her digest goes to the manager, who is no
// [[salesperson]] and works in the team's zone, Berlin. Its times are
// Berlin's, and it says so: Shanghai's times, unlabelled, read as Berlin's
// are seven hours off.
func TestCoveringDigestToTheManagerWritesTimesInTheirZone(t *testing.T) {
	r := newDigestRig(t, "", func(s string) string {
		return strings.Replace(s, "time_zone = \"Asia/Shanghai\"\n[[salesperson]]\nemail = \"lily@acme-export.com\"\nname = \"Lily Chen\"\n",
			"time_zone = \"Europe/Berlin\"\n[[salesperson]]\nemail = \"lily@acme-export.com\"\nname = \"Lily Chen\"\ntime_zone = \"Asia/Shanghai\"\n", 1)
	})
	if loc := r.m.cfg.OwnerLocation("lily@acme-export.com"); loc.String() != "Asia/Shanghai" || r.m.cfg.TeamLocation().String() != "Europe/Berlin" {
		t.Fatalf("the config's zones: Lily %s, team %s", loc, r.m.cfg.TeamLocation())
	}
	r.seedLily()
	lily, boss := "lily@acme-export.com", "boss@acme-export.com"
	_, err := r.m.db.AddAbsence(r.ctx, keepwarm.Absence{Person: lily, From: t0, Until: t0.Add(72 * time.Hour)}, boss, t0)
	r.must(err)
	r.tickAt(t0.Add(24*time.Hour), r.m.app.NewDigests(nil, nil))
	var text string
	for _, d := range r.digests() {
		if strings.HasPrefix(d.Key, "digest:"+lily) && d.To[0].Email == boss {
			text = d.Text
		}
	}
	// "Samples please" came at 11:00 in Shanghai: 04:00 in Berlin.
	if !strings.Contains(text, `"Samples please", waiting 22h00m (since Mon 2 Nov 04:00)`) || !strings.Contains(text, "Times are in your time zone, Europe/Berlin.") {
		t.Errorf("the digest the manager reads while covering for Lily:\n%s", text)
	}
}
