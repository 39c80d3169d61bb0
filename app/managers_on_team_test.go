package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/web"
)

// ceoAmongManagers is acme.example's [team] with the CEO listed in
// managers beside the boss.
const ceoAmongManagers = `
[team]
internal_domains = ["acme.example"]
time_zone = "UTC"
manager = "boss@acme.example"
managers = ["CEO@acme.example"]
`

// A manager listed in [team] managers may sign in to the web, and the reply
// nudges and the digest have them on the team as well: mail of a customer
// they own is theirs, not a stand-in's "not on the team any more".
func TestOtherManagersAreOnTheTeamForNudgesAndDigest(t *testing.T) {
	cfg := mustConfig(t, ceoAmongManagers+lilySalesperson+lilysMailbox)
	a := &App{Cfg: cfg}
	web := false
	for _, p := range a.WebPeople() {
		web = web || p.Email == "ceo@acme.example"
	}
	if !web {
		t.Fatalf("the rig: the web does not let the CEO sign in: %+v", a.WebPeople())
	}
	for _, who := range []string{"ceo@acme.example", "boss@acme.example", "lily@acme.example"} {
		if rc := a.ReplyConfig(); !rc.Team[who] {
			t.Errorf("the reply nudges' team is %v; want %s on it", rc.Team, who)
		}
		if dc := a.DigestConfig(nil, nil); !dc.Team[who] {
			t.Errorf("the digest's team is %v; want %s on it", dc.Team, who)
		}
	}
}

// The CEO, listed in [team] managers, enters "away, backup Lily" on her
// desk. She is on the team: her absence is not "not on the team any more",
// her nudges and digest go to Lily while it runs, and the Away card says
// Lily covers.
func TestADeskAbsenceOfAnotherManagerIsCoveredByItsBackup(t *testing.T) {
	cfg := mustConfig(t, ceoAmongManagers+lilySalesperson+`name = "Lily"
`+lilysMailbox)
	const ceo, lily = "ceo@acme.example", "lily@acme.example"
	t0 := time.Date(2026, 12, 21, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	db := tempDB(t, t0)
	a := &App{Cfg: cfg, DB: db}
	ab, _, err := db.EnterAbsence(ctx, keepwarm.Absence{Person: ceo, Backup: lily, From: t0.Add(-24 * time.Hour), Until: t0.AddDate(0, 0, 9)}, ceo, t0.AddDate(0, 0, -3))
	if err != nil {
		t.Fatal(err)
	}
	away := a.NewAway()
	r, err := away.Roster(ctx, t0)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Absences) != 1 || r.Absences[0].Left {
		t.Errorf("the roster: %+v; want the CEO's absence, on the team", r.Absences)
	}
	if to, _, err := away.Recipient(ctx, ceo, t0); err != nil || to != lily {
		t.Errorf("the CEO's nudges and digest go to %q (%v); want Lily", to, err)
	}
	b := NewWebBackend(WebDeps{DB: db, Clock: keepwarm.NewManualClock(t0), Away: away, People: a.WebPeople()})
	list, _, _, err := b.deskAway(ctx, web.Person{Email: lily, Name: "Lily"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ID != ab.ID || list[0].Left || list[0].BackupName != "Lily" {
		t.Errorf("the Away card: %+v; want the CEO's absence covered by Lily", list)
	}
}

// Lily's desk absence names Tom as her backup; Tom has since moved from
// [[salesperson]] into [team] managers, who cover for nobody. The manager
// covers, and keepwarm check and the Away card say Tom is in team.managers,
// not that he is "not on the team".
func TestABackupNowInManagersIsNotCalledOffTheTeam(t *testing.T) {
	cfg, err := config.Parse([]byte(`
[team]
internal_domains = ["acme.example"]
time_zone = "UTC"
manager = "boss@acme.example"
managers = ["tom@acme.example"]
[[salesperson]]
email = "lily@acme.example"
name = "Lily"
[[mailbox]]
name = "lily"
owner = "lily@acme.example"
url = "imaps://imap.acme.example"
username = "lily@acme.example"
password_env = "LILY_PW"
`))
	if err != nil {
		t.Fatal(err)
	}
	const tom, lily = "tom@acme.example", "lily@acme.example"
	t0 := time.Date(2026, 12, 21, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	db := tempDB(t, t0)
	a := &App{Cfg: cfg, DB: db}
	if _, _, err := db.EnterAbsence(ctx, keepwarm.Absence{Person: lily, Backup: tom, From: t0.Add(-24 * time.Hour), Until: t0.AddDate(0, 0, 9)}, lily, t0.AddDate(0, 0, -3)); err != nil {
		t.Fatal(err)
	}
	away := a.NewAway()
	r, err := away.Roster(ctx, t0)
	if err != nil {
		t.Fatal(err)
	}
	if to, _, err := away.Recipient(ctx, lily, t0); err != nil || to != "boss@acme.example" {
		t.Errorf("Lily's nudges and digest go to %q (%v); want the manager", to, err)
	}
	out, _ := AbsenceLines(r, nil)
	got := strings.Join(out, "\n")
	if want := "the backup it names, tom@acme.example, is listed in team.managers, so covers for nobody;"; !strings.Contains(got, want) || strings.Contains(got, "not on the team") {
		t.Errorf("keepwarm check's line lacks %q:\n%s", want, got)
	}
	b := NewWebBackend(WebDeps{DB: db, Clock: keepwarm.NewManualClock(t0), Away: away, People: a.WebPeople()})
	list, _, _, err := b.deskAway(ctx, web.Person{Email: lily, Name: "Lily"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].OffTeam != tom || !list[0].OffTeamManager {
		t.Errorf("the Away card: %+v; want Tom named as in team.managers", list)
	}
}
