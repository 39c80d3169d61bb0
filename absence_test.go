package keepwarm_test

import (
	"testing"
	"time"

	"keepwarm"
)

func TestCoverOf(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 12, d, 0, 0, 0, 0, time.UTC) }
	lily := keepwarm.Absence{Person: "lily@seller.example", Backup: "tom@seller.example", From: day(1), Until: day(10)}
	tomAway := keepwarm.Absence{Person: "tom@seller.example", Backup: "ann@seller.example", From: day(5), Until: day(6)}
	annAway := keepwarm.Absence{Person: "ann@seller.example", Backup: "lily@seller.example", From: day(5), Until: day(6)}
	open := keepwarm.Absence{Person: "bob@seller.example", From: day(2)}
	away := []keepwarm.Absence{lily, tomAway, annAway, open}
	const boss = "boss@seller.example"
	for _, c := range []struct {
		name, person string
		at           time.Time
		want         string
		covered      bool
	}{
		{"before the absence", "lily@seller.example", day(1).Add(-time.Second), "lily@seller.example", false},
		{"first instant", "LILY@seller.example", day(1), "tom@seller.example", true},
		{"last day", "lily@seller.example", day(10).Add(-time.Second), "tom@seller.example", true},
		{"back", "lily@seller.example", day(10), "lily@seller.example", false},
		{"backup away too: theirs", "lily@seller.example", day(5).Add(time.Hour), "boss@seller.example", true},
		{"no backup: manager", "bob@seller.example", day(20), boss, true},
		{"not away", "ann@seller.example", day(20), "ann@seller.example", false},
		{"nobody", "", day(3), "", false},
	} {
		got, cover := keepwarm.CoverOf(away, c.person, boss, c.at)
		if got != c.want || (cover != nil) != c.covered {
			t.Errorf("%s: CoverOf = %q, covered %v; want %q, %v", c.name, got, cover != nil, c.want, c.covered)
		}
	}
	// Tom away, Ann his backup, not away: Ann.
	if got, _ := keepwarm.CoverOf([]keepwarm.Absence{tomAway}, "tom@seller.example", boss, day(5)); got != "ann@seller.example" {
		t.Errorf("Tom's cover = %q, want Ann", got)
	}
	// The manager, Mei, is away too with Anna her backup: what the chain
	// gives up on goes to Anna, as it would had Lily named Mei; with every
	// one of them away, to Mei as before.
	mei := keepwarm.Absence{Person: "mei@seller.example", Backup: "anna@seller.example", From: day(1), Until: day(10)}
	lilyNoBackup := keepwarm.Absence{Person: "lily@seller.example", From: day(1), Until: day(10)}
	if got, _ := keepwarm.CoverOf([]keepwarm.Absence{lilyNoBackup, mei}, "lily@seller.example", "mei@seller.example", day(3)); got != "anna@seller.example" {
		t.Errorf("Lily away without a backup, the manager away: %q, want Anna", got)
	}
	annaAway := keepwarm.Absence{Person: "anna@seller.example", Backup: "lily@seller.example", From: day(1), Until: day(10)}
	if got, _ := keepwarm.CoverOf([]keepwarm.Absence{lilyNoBackup, mei, annaAway}, "lily@seller.example", "mei@seller.example", day(3)); got != "mei@seller.example" {
		t.Errorf("everyone away: %q, want the manager", got)
	}
	// No manager: the away person keeps it rather than nobody.
	if got, c := keepwarm.CoverOf([]keepwarm.Absence{open}, "bob@seller.example", "", day(3)); got != "bob@seller.example" || c == nil {
		t.Errorf("no manager: %q %v", got, c)
	}
}

func TestAwaySpanWritesDaysAsEntered(t *testing.T) {
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	day := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, sh) }
	for _, c := range []struct {
		from, until time.Time
		want        string
	}{
		{day(29, 0), day(36, 0), "2026-11-29 to 2026-12-05"},
		{day(29, 9), day(30, 18), "2026-11-29 09:00 to 2026-11-30 18:00"},
		{day(29, 0), time.Time{}, "2026-11-29 00:00 until they send a normal mail"},
	} {
		if got := keepwarm.AwaySpan(c.from.UTC(), c.until.UTC(), sh); got != c.want {
			t.Errorf("AwaySpan(%v, %v) = %q, want %q", c.from, c.until, got, c.want)
		}
	}
}

// Lily entered 22 Dec-2 Jan on the desk with Wang as her backup, and her
// own out-of-office says she is back on 5 January: the later end wins, but
// Wang still covers, not the manager.
func TestCoverOfKeepsTheNamedBackupWhenAnAutoReplyOverlaps(t *testing.T) {
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	desk := keepwarm.Absence{ID: 7, Person: "lily@seller.example", Backup: "wang@seller.example", From: day(12, 22), Until: day(12, 34), Source: keepwarm.AwayDesk}
	ooo := keepwarm.Absence{Person: "lily@seller.example", From: day(12, 22).Add(time.Hour), Until: day(12, 36), Source: keepwarm.AwayAutoReply}
	for _, away := range [][]keepwarm.Absence{{desk, ooo}, {ooo, desk}} {
		got, cover := keepwarm.CoverOf(away, "lily@seller.example", "mei@seller.example", day(12, 28))
		if got != "wang@seller.example" {
			t.Errorf("CoverOf = %q, want Wang", got)
		}
		if cover == nil || !cover.Until.Equal(day(12, 36)) {
			t.Errorf("cover = %+v, want the absence running to 5 January", cover)
		}
		// After the desk absence's last day the reply alone runs on, and
		// it names nobody: the manager.
		if got, _ := keepwarm.CoverOf(away, "lily@seller.example", "mei@seller.example", day(12, 35)); got != "mei@seller.example" {
			t.Errorf("after the desk absence: %q, want the manager", got)
		}
	}
	// An out-of-office carrying the standing backup does not replace the
	// one named on the desk either.
	ooo.Backup = "tom@seller.example"
	if got, _ := keepwarm.CoverOf([]keepwarm.Absence{desk, ooo}, "lily@seller.example", "mei@seller.example", day(12, 28)); got != "wang@seller.example" {
		t.Errorf("standing backup on the reply: %q, want Wang", got)
	}
}
