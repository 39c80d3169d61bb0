package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/templates"
	"keepwarm/web"
)

// The manager's sequence and template files are the source of truth: the
// web console writes them (atomically, the previous version kept beside as
// NAME.prev) and the running daemon notices the change on its next tick.

// PrevSuffix ends the copy of a file's previous version.
const PrevSuffix = ".prev"

// WriteFileAtomic replaces path with body: written to a temporary file in
// the same directory, synced, the old version kept as path+PrevSuffix, then
// renamed over path, so a reader sees the old file or the new one, never
// half of one. A body the file already holds writes nothing: saving the
// same text again keeps the real previous version.
func WriteFileAtomic(path string, body []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, body) {
		return nil
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // gone after the rename; cleans up a failure
	if _, err := tmp.Write(body); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if old, err := os.ReadFile(path); err == nil {
		if err := os.WriteFile(path+PrevSuffix, old, 0o644); err != nil {
			return fmt.Errorf("keep the previous version: %w", err)
		}
	} else if !os.IsNotExist(err) {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// FileVersion fingerprints the file at path as the console loads it into a
// form: a hash of its bytes, or "none" when there is no such file (a
// built-in default, or a new file).
func FileVersion(path string) string {
	body, err := os.ReadFile(path)
	if err != nil {
		return "none"
	}
	sum := sha256.Sum256(body)
	return fmt.Sprintf("%x", sum[:12])
}

// ChangedSinceMsg is the problem of a form whose file changed after the
// form was loaded.
const ChangedSinceMsg = "this file was changed by someone else since you opened it: reload the page to see their version (what you typed is still below: copy it first)"

// changedSince refuses a save when the file at path is no longer the
// version the form was loaded with ("": not compared), so one manager's
// save does not silently undo another's, or a change made by hand.
func changedSince(path, version string) []web.Problem {
	if version == "" || FileVersion(path) == version {
		return nil
	}
	return []web.Problem{{Msg: ChangedSinceMsg}}
}

// filesSignature sums the names, sizes and modification times of the files
// in dirs: it changes when any file is written, added or removed.
func filesSignature(dirs ...string) string {
	h := sha256.New()
	for _, dir := range dirs {
		if dir == "" {
			continue
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			fmt.Fprintf(h, "%s:%v\n", dir, err)
			continue
		}
		sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
		for _, e := range entries {
			info, err := e.Info()
			if err != nil || strings.HasPrefix(e.Name(), ".") {
				continue
			}
			fmt.Fprintf(h, "%s/%s %d %d\n", dir, e.Name(), info.Size(), info.ModTime().UnixNano())
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// SequencesRefresh returns the follow-up job's Refresh for the files of
// seqDir and tmplDir: it reports a change once per change of the files,
// with the new sequences and templates when they check clean, else an
// error naming the first problem (the job keeps the ones it has). A broken
// state is reported once, not again on every tick until the files change.
func SequencesRefresh(seqDir, tmplDir string, extra func(*sequences.Definitions) []templates.Problem) func(context.Context) (*sequences.Definitions, *templates.Set, bool, error) {
	var mu sync.Mutex
	last := filesSignature(seqDir, tmplDir)
	broken := "" // the signature of files already reported as broken
	return func(context.Context) (*sequences.Definitions, *templates.Set, bool, error) {
		mu.Lock()
		defer mu.Unlock()
		sig := filesSignature(seqDir, tmplDir)
		if sig == last || sig == broken {
			return nil, nil, false, nil
		}
		defs, set, probs := LoadSequenceFiles(seqDir, tmplDir)
		if extra != nil && defs != nil {
			probs = append(probs, extra(defs)...)
		}
		if len(probs) > 0 {
			broken = sig
			return nil, nil, false, keepwarm.Errorf(keepwarm.EINVALID, "%d problem(s), first: %v", len(probs), probs[0])
		}
		last, broken = sig, ""
		return defs, set, true, nil
	}
}

func (a *App) sequencesRefresh() func(context.Context) (*sequences.Definitions, *templates.Set, bool, error) {
	sc := a.Cfg.Sequences
	return SequencesRefresh(a.Cfg.SequencesPath(sc.Dir), a.Cfg.SequencesPath(sc.TemplatesDir), func(defs *sequences.Definitions) []templates.Problem {
		probs := defs.CheckGreetingTemplates(a.GreetingTemplates())
		if name := *sc.Default; name != "" {
			if _, ok := defs.Get(name); !ok {
				probs = append(probs, templates.Problem{File: a.ConfigPath, Field: "sequences.default", Msg: fmt.Sprintf("no sequence named %q", name)})
			}
		}
		return probs
	})
}
