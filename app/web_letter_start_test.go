package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/web"
)

// A new month's letter starts from the month before in its own language:
// not from whichever file sorts last (November's Chinese one), nor from a
// letter written ahead for a later month. A new language of a month that
// has its default letter starts from that.
func TestNewLetterStartsFromTheMonthBeforeInItsLanguage(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	mei := web.Person{Email: "mei@seller.example", Name: "Mei Lin", Manager: true}
	dir := t.TempDir()
	files := map[string]string{
		"2026-10.tmpl":    "subject: October\n--- text\nOctober in English\n",
		"2026-11.tmpl":    "subject: November\n--- text\nNovember in English\n",
		"2026-11.es.tmpl": "subject: Noviembre\n--- text\nNoviembre en español\n",
		"2026-11.zh.tmpl": "subject: 十一月\n--- text\n十一月的信\n",
		"2027-01.tmpl":    "subject: January\n--- text\nJanuary, written ahead\n",
		"2027-02.tmpl":    "subject: February\n--- text\nFebruary, written ahead\n",
	}
	for f, body := range files {
		if err := os.WriteFile(filepath.Join(dir, f), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b := NewWebBackend(WebDeps{DB: tempDB(t, now), LettersDir: dir, People: []web.Person{mei}, Clock: keepwarm.NewManualClock(now)})
	for file, want := range map[string]string{
		"letters/2026-12.tmpl":    "2026-11.tmpl",
		"letters/2026-12.es.tmpl": "2026-11.es.tmpl",
		"letters/2026-12.zh.tmpl": "2026-11.zh.tmpl",
		"letters/2027-02.fr.tmpl": "2027-02.tmpl",
		"letters/2027-01.de.tmpl": "2027-01.tmpl",
		"letters/2027-03.es.tmpl": "2026-11.es.tmpl",
	} {
		e, err := b.Template(ctx, mei, file)
		if err != nil {
			t.Fatal(err)
		}
		if !e.New || e.Body != files[want] {
			t.Errorf("%s starts from %q, want %s", file, e.Body, want)
		}
	}
}
