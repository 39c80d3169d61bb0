package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"keepwarm"
)

func TestOAuthTokenIsSealedAndRoundTrips(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := Open(ctx, filepath.Join(dir, "kw.db"), time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	noEnv := func(string) string { return "" }
	keyPath := filepath.Join(dir, "kw.key")
	if _, err := LoadSecretKey(noEnv, keyPath, false); keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		t.Fatalf("missing key file: %v", err)
	}
	key, err := LoadSecretKey(noEnv, keyPath, true)
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(keyPath); st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %04o, want 0600", st.Mode().Perm())
	}
	again, err := LoadSecretKey(noEnv, keyPath, false)
	if err != nil || again != key {
		t.Fatalf("reloading the key file: %v", err)
	}

	const secret = "M.R3_BAY.refresh-token-of-lily"
	t0 := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	if err := db.SaveOAuthToken(ctx, key, OAuthToken{Mailbox: "lily", Provider: "microsoft365", RefreshToken: secret, ObtainedAt: t0, UsedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "kw.db"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte(secret)) || bytes.Contains(raw, []byte("refresh-token-of-lily")) {
		t.Fatal("the refresh token is in the database file in clear")
	}
	db, err = Open(ctx, filepath.Join(dir, "kw.db"), t0)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.LoadOAuthToken(ctx, key, "lily")
	if err != nil || got.RefreshToken != secret || !got.ObtainedAt.Equal(t0) || got.Provider != "microsoft365" {
		t.Fatalf("load: %+v, %v", got, err)
	}
	if err := db.RotateOAuthToken(ctx, key, "lily", "rotated", got.ObtainedAt, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, _ = db.LoadOAuthToken(ctx, key, "lily")
	if got.RefreshToken != "rotated" || !got.UsedAt.Equal(t0.Add(time.Hour)) || !got.ObtainedAt.Equal(t0) {
		t.Fatalf("after rotation: %+v", got)
	}

	other, _ := LoadSecretKey(func(string) string { return "another key, long enough" }, keyPath, false)
	if _, err := db.LoadOAuthToken(ctx, other, "lily"); err == nil || !strings.Contains(err.Error(), "keepwarm auth lily") {
		t.Fatalf("wrong key: %v", err)
	}
	if _, err := db.LoadOAuthToken(ctx, key, "team"); keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		t.Fatalf("no token: %v", err)
	}
}

func TestKeyFileReadableByOthersIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kw.key")
	if err := os.WriteFile(path, []byte("0123456789abcdef0123456789"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadSecretKey(func(string) string { return "" }, path, false)
	if err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("err = %v", err)
	}
	if _, err := LoadSecretKey(func(string) string { return "short" }, path, false); err == nil {
		t.Fatal("a 5-character KEEPWARM_SECRET_KEY was accepted")
	}
}

// A `keepwarm auth` while the daemon runs stores a new sign-in: the
// daemon's refresh of the old one, saved after it, does not overwrite it,
// even when both fall within the same second.
func TestRotateKeepsANewerSignIn(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	t0 := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	db, err := Open(ctx, filepath.Join(dir, "kw.db"), t0)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	key, err := LoadSecretKey(func(string) string { return "a key of at least sixteen characters" }, "", false)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SaveOAuthToken(ctx, key, OAuthToken{Mailbox: "ana", Provider: "gmail", RefreshToken: "rt-wrong-account", ObtainedAt: t0, UsedAt: t0}); err != nil {
		t.Fatal(err)
	}
	old, err := db.LoadOAuthToken(ctx, key, "ana")
	if err != nil {
		t.Fatal(err)
	}
	// Signed in again in the same second (a clock held by --now, a quick
	// second try).
	if err := db.SaveOAuthToken(ctx, key, OAuthToken{Mailbox: "ana", Provider: "gmail", RefreshToken: "rt-ana", ObtainedAt: t0, UsedAt: t0}); err != nil {
		t.Fatal(err)
	}
	obtained, err := db.OAuthTokenObtained(ctx, "ana")
	if err != nil || !obtained.After(old.ObtainedAt) {
		t.Fatalf("the new sign-in is dated %v (%v), the old %v: not later", obtained, err, old.ObtainedAt)
	}
	err = db.RotateOAuthToken(ctx, key, "ana", "rt-wrong-account", old.ObtainedAt, t0.Add(time.Hour))
	if keepwarm.ErrorCode(err) != keepwarm.ECONFLICT {
		t.Fatalf("rotating the old sign-in's token: %v, want a conflict", err)
	}
	got, err := db.LoadOAuthToken(ctx, key, "ana")
	if err != nil || got.RefreshToken != "rt-ana" {
		t.Fatalf("stored %q (%v), want the new sign-in's", got.RefreshToken, err)
	}
	if err := db.RotateOAuthToken(ctx, key, "ana", "rt-ana-2", got.ObtainedAt, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := db.RotateOAuthToken(ctx, key, "tom", "x", t0, t0); keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		t.Fatalf("no stored token: %v", err)
	}
}

// Two `keepwarm auth` making the first key file at the same moment: the
// key file is put in place whole, so the one that comes second reads the
// first one's key, never an empty or half-written file, and both seal
// with the same key. No file is left beside it.
func TestKeyFileMadeAtOnceByTwoIsOneKey(t *testing.T) {
	noEnv := func(string) string { return "" }
	for round := range 20 {
		dir := t.TempDir()
		keyPath := filepath.Join(dir, "kw.key")
		const n = 4
		keys := make([]SecretKey, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { keys[i], errs[i] = LoadSecretKey(noEnv, keyPath, true) })
		}
		wg.Wait()
		for i := range n {
			if errs[i] != nil || keys[i] != keys[0] {
				t.Fatalf("round %d, auth %d: %v (same key as the first: %v)", round, i, errs[i], keys[i] == keys[0])
			}
		}
		if again, err := LoadSecretKey(noEnv, keyPath, false); err != nil || again != keys[0] {
			t.Fatalf("round %d: the key file holds another key: %v", round, err)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Fatalf("round %d: %d files in the directory, want the key file alone", round, len(entries))
		}
	}
}

// A key file with no usable key names itself and the way out;
// ReplaceUnusableKey writes a new one in its place, and leaves a key file
// that holds a key as it is.
func TestUnusableKeyFileIsNamedAndReplaced(t *testing.T) {
	noEnv := func(string) string { return "" }
	keyPath := filepath.Join(t.TempDir(), "kw.key")
	if err := os.WriteFile(keyPath, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadSecretKey(noEnv, keyPath, true)
	var unusable *UnusableKeyError
	if !errors.As(err, &unusable) || keepwarm.ErrorCode(err) != keepwarm.EINVALID ||
		!strings.Contains(err.Error(), keyPath) || !strings.Contains(err.Error(), "--new-key") {
		t.Fatalf("empty key file: %v", err)
	}
	key, err := ReplaceUnusableKey(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	again, err := LoadSecretKey(noEnv, keyPath, false)
	if err != nil || again != key {
		t.Fatalf("after the replacement: %v", err)
	}
	if st, _ := os.Stat(keyPath); st.Mode().Perm() != 0o600 {
		t.Fatalf("new key file mode %04o", st.Mode().Perm())
	}
	if same, err := ReplaceUnusableKey(keyPath); err != nil || same != key {
		t.Fatalf("a key file that holds a key was replaced: %v", err)
	}
}

// A key file a crash left at its length but filled with NUL bytes, or one
// of too few different characters, holds no key: sealing with its hash
// would seal with a key anyone can compute. ReplaceUnusableKey writes a
// new one in its place. A hand-written key of text is a key.
func TestKeyFileOfNULBytesIsNoKey(t *testing.T) {
	noEnv := func(string) string { return "" }
	for _, junk := range []string{strings.Repeat("\x00", 45), "0123456789abcdef\x00\x00\x00", strings.Repeat("ab", 12), "0123456789abcdef\xff\xfe"} {
		keyPath := filepath.Join(t.TempDir(), "kw.key")
		if err := os.WriteFile(keyPath, []byte(junk), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := LoadSecretKey(noEnv, keyPath, false)
		var unusable *UnusableKeyError
		if !errors.As(err, &unusable) || !strings.Contains(err.Error(), "--new-key") {
			t.Fatalf("%q: %v, want no usable key", junk, err)
		}
		key, err := ReplaceUnusableKey(keyPath)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(keyPath)
		if again, err := LoadSecretKey(noEnv, keyPath, false); err != nil || again != key || len(bytes.TrimSpace(b)) != 44 {
			t.Fatalf("%q: after the replacement %q: %v", junk, b, err)
		}
	}
	keyPath := filepath.Join(t.TempDir(), "kw.key")
	if err := os.WriteFile(keyPath, []byte("  the team's own key, 2026 年\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadSecretKey(noEnv, keyPath, false); err != nil {
		t.Fatalf("a hand-written key: %v", err)
	}
}

// Two `keepwarm auth --new-key` over the same empty key file at the same
// moment: one writes the new key file, the other waits and reads it, so
// both seal with the key the file holds and no sign-in is lost again.
func TestUnusableKeyReplacedAtOnceByTwoIsOneKey(t *testing.T) {
	noEnv := func(string) string { return "" }
	for round := range 20 {
		dir := t.TempDir()
		keyPath := filepath.Join(dir, "kw.key")
		if err := os.WriteFile(keyPath, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		const n = 4
		keys := make([]SecretKey, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { keys[i], errs[i] = ReplaceUnusableKey(keyPath) })
		}
		wg.Wait()
		inFile, err := LoadSecretKey(noEnv, keyPath, false)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		for i := range n {
			if errs[i] != nil || keys[i] != inFile {
				t.Fatalf("round %d, auth %d: %v (the key in the file: %v)", round, i, errs[i], keys[i] == inFile)
			}
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Fatalf("round %d: %d files in the directory, want the key file alone", round, len(entries))
		}
	}
}

// The files a crash while the key file was written leaves beside it (a new
// key never put in place, a second name of the key in place) are removed
// at the next `keepwarm auth`: those older than a minute, and those
// holding the key in place. A younger one with another key may be another
// auth's, about to be put in place, and is left; so is any other file.
func TestKeyFileLeftoversAreRemoved(t *testing.T) {
	noEnv := func(string) string { return "" }
	dir := t.TempDir()
	keyPath := filepath.Join(dir, "kw.key")
	old := time.Now().Add(-2 * time.Minute)
	write := func(name, text string, mtime time.Time) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	// No key file yet: the leftover of a crash before the link.
	write("kw.key.new-1", "a key never put in place 0123456789\n", old)
	key, err := LoadSecretKey(noEnv, keyPath, true)
	if err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 || entries[0].Name() != "kw.key" {
		t.Fatalf("files %v, want the key file alone", entries)
	}
	live, _ := os.ReadFile(keyPath)
	write("kw.key.new-2", string(live), time.Now())                          // a second name of it
	write("kw.key.new-3", "another auth's new key 0123456789\n", time.Now()) // about to be put in place
	write("kw.key.old", "the operator's own copy 0123456789\n", old)
	again, err := LoadSecretKey(noEnv, keyPath, true)
	if err != nil || again != key {
		t.Fatalf("the key in place changed: %v", err)
	}
	var names []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "kw.key kw.key.new-3 kw.key.old" {
		t.Fatalf("files %v, want kw.key kw.key.new-3 kw.key.old", names)
	}
}

// `keepwarm auth` run as root for a database another user owns gives the
// new key file to that user before it is put in place: a crash never
// leaves in place a key file of root's, which the service cannot read.
func TestKeyFileMadeForAnotherUserIsTheirsBeforeItIsInPlace(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("gives the key file to another user: needs root")
	}
	const uid, gid = 3999999, 3999998
	keyPath := filepath.Join(t.TempDir(), "kw.key")
	seen := false
	beforeKeyInPlace = func(tmp string) {
		seen = true
		st, err := os.Stat(tmp)
		if err != nil {
			t.Fatal(err)
		}
		if sys := st.Sys().(*syscall.Stat_t); sys.Uid != uid || sys.Gid != gid {
			t.Errorf("the new key file is %d:%d just before it is put in place, want %d:%d", sys.Uid, sys.Gid, uid, gid)
		}
	}
	defer func() { beforeKeyInPlace = nil }()
	if err := MakeKeyFileFor(keyPath, uid, gid); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(keyPath)
	if err != nil || !seen {
		t.Fatalf("key file: %v (put in place seen: %v)", err, seen)
	}
	if sys := st.Sys().(*syscall.Stat_t); sys.Uid != uid || sys.Gid != gid || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file %d:%d mode %04o", sys.Uid, sys.Gid, st.Mode().Perm())
	}
}
