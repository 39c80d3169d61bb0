package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/web"
)

// tempDB is a new store in the test's temporary directory, closed when the
// test ends.
func tempDB(t *testing.T, now time.Time) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "kw.db"), now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

const vipFile = `name = "VIP"
tags = ["vip"]
mode = "draft"

[[step]]
after = "3d"
action = "email"
template = "resend"
`

// A new sequence whose name names a file the sequences directory already
// holds — a hand-written sequence named otherwise inside it, or a file that
// does not load — is refused: writing over it would end that sequence and
// fail every follow-up running in it. The same for a built-in's first team
// copy whose file name is taken.
func TestSaveSequenceRefusesAFileItIsNotTheFileOf(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	mei := web.Person{Email: "mei@seller.example", Name: "Mei Lin", Manager: true}
	draft := func(name string) sequences.Draft {
		return sequences.Draft{Name: name, Mode: "draft", Window: sequences.DraftWindow{Start: "09:00", End: "17:00"},
			Steps: []sequences.DraftStep{{After: "3d", Days: "calendar", Action: "email", Template: "resend"}}}
	}
	for _, tc := range []struct {
		what, file, body, save string
		create                 bool
	}{
		{"another sequence's file", "vip.toml", vipFile, "vip", true},
		{"a file that does not load", "vip.toml", "name = \"VIP\"\n[[step]\nafter = 3\n", "vip", true},
		{"a built-in's file name holding another", "key-customer.toml", strings.Replace(vipFile, `"VIP"`, `"legacy"`, 1), "key-customer", false},
	} {
		t.Run(tc.what, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tc.file)
			if err := os.WriteFile(path, []byte(tc.body), 0o644); err != nil {
				t.Fatal(err)
			}
			b := NewWebBackend(WebDeps{DB: tempDB(t, now), SequencesDir: dir, People: []web.Person{mei}, Clock: keepwarm.NewManualClock(now)})
			version := ""
			if !tc.create {
				e, err := b.Sequence(ctx, mei, tc.save)
				if err != nil {
					t.Fatal(err)
				}
				version = e.Version
			}
			d := draft(tc.save)
			if !tc.create {
				d.Grades = []string{"A", "B"}
			}
			_, probs, err := b.SaveSequence(ctx, mei, d, tc.create, version, now)
			if err != nil {
				t.Fatal(err)
			}
			if len(probs) == 0 || probs[0].Field != "name" || !strings.Contains(probs[0].Msg, tc.file) {
				t.Errorf("problems %+v, want one on name naming %s", probs, tc.file)
			}
			if got, _ := os.ReadFile(path); !bytes.Equal(got, []byte(tc.body)) {
				t.Errorf("%s was written over:\n%s", tc.file, got)
			}
		})
	}
}

// A save is refused while [sequences] default names no sequence, as the
// daemon refuses such files: "Saved" would be untrue, nothing would run.
func TestSaveSequenceChecksTheDefault(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	mei := web.Person{Email: "mei@seller.example", Name: "Mei Lin", Manager: true}
	dir := t.TempDir()
	b := NewWebBackend(WebDeps{DB: tempDB(t, now), SequencesDir: dir, People: []web.Person{mei}, Clock: keepwarm.NewManualClock(now),
		DefaultSequence: "VIP", ConfigPath: "keepwarm.toml"})
	d := sequences.Draft{Name: "vip", Mode: "draft", Tags: []string{"vip"}, Window: sequences.DraftWindow{Start: "09:00", End: "17:00"},
		Steps: []sequences.DraftStep{{After: "3d", Days: "calendar", Action: "email", Template: "resend"}}}
	_, probs, err := b.SaveSequence(ctx, mei, d, true, "", now)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range probs {
		found = found || (p.Field == "sequences.default" && strings.Contains(p.Msg, `no sequence named "VIP"`))
	}
	if !found {
		t.Errorf("problems %+v, want sequences.default's", probs)
	}
	if _, err := os.Stat(filepath.Join(dir, "vip.toml")); err == nil {
		t.Error("vip.toml was written")
	}
}
