package app

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm/sequences"
)

// The running job's Refresh reports a change of the files once, with the
// new sequences when they check clean; a broken file is refused (the job
// keeps what it has) until it is fixed. Writes keep the previous version.
func TestRefreshTakesCleanChangedFilesOnly(t *testing.T) {
	ctx := context.Background()
	seqDir, tmplDir := t.TempDir(), t.TempDir()
	body, err := fs.ReadFile(sequences.DefaultDefinitions(), "key-customer.toml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(seqDir, "key-customer.toml")
	if err := WriteFileAtomic(path, body); err != nil {
		t.Fatal(err)
	}
	refresh := SequencesRefresh(seqDir, tmplDir, nil)
	if _, _, changed, err := refresh(ctx); changed || err != nil {
		t.Fatalf("nothing changed yet: %v %v", changed, err)
	}
	two := strings.Replace(string(body), `after = "3d"`, `after = "2d"`, 1)
	time.Sleep(10 * time.Millisecond) // a distinct modification time
	if err := WriteFileAtomic(path, []byte(two)); err != nil {
		t.Fatal(err)
	}
	defs, set, changed, err := refresh(ctx)
	if !changed || err != nil || set == nil {
		t.Fatalf("the change was not reported: %v %v", changed, err)
	}
	if def, _ := defs.Get("key-customer"); def.Steps[0].After.String() != "2d" {
		t.Fatalf("new definition: %+v", def.Steps[0])
	}
	if _, _, changed, _ := refresh(ctx); changed {
		t.Fatal("the same change reported twice")
	}
	prev, err := os.ReadFile(path + PrevSuffix)
	if err != nil || string(prev) != string(body) {
		t.Fatalf("previous version: %v", err)
	}
	time.Sleep(10 * time.Millisecond)
	if err := WriteFileAtomic(path, []byte(strings.Replace(two, `after = "2d"`, `after = "2x"`, 1))); err != nil {
		t.Fatal(err)
	}
	if _, _, changed, err := refresh(ctx); changed || err == nil || !strings.Contains(err.Error(), "2x") {
		t.Fatalf("a broken file was taken: %v %v", changed, err)
	}
	// Said once: the next ticks, with the files as they were, stay quiet.
	if _, _, changed, err := refresh(ctx); changed || err != nil {
		t.Fatalf("the same broken file was reported again: %v %v", changed, err)
	}
	time.Sleep(10 * time.Millisecond)
	if err := WriteFileAtomic(path, []byte(two)); err != nil {
		t.Fatal(err)
	}
	if _, _, changed, err := refresh(ctx); !changed || err != nil {
		t.Fatalf("the fixed file was not taken: %v %v", changed, err)
	}
	entries, _ := os.ReadDir(seqDir)
	if len(entries) != 2 {
		t.Fatalf("temporary files left: %v", entries)
	}
}
