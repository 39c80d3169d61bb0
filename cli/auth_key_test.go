package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm/mailsync"
	"keepwarm/store"
)

// TestAuthWithoutTheServiceKeyRefusesToMakeANewOne: the service seals its
// sign-ins with KEEPWARM_SECRET_KEY and there is no key file. `keepwarm
// auth` run from a shell without that variable must not make a key file
// and seal with it (the daemon could not open the sign-in): it refuses and
// says to run with the service's environment. With the variable it signs
// in and says which key sealed it; --new-key is the way out for a lost key.
func TestAuthWithoutTheServiceKeyRefusesToMakeANewOne(t *testing.T) {
	_, path := microsoftSignInLily(t)
	dbPath := filepath.Join(filepath.Dir(path), "kw.db")
	keyPath := dbPath + ".key"
	env := map[string]string{store.SecretKeyEnv: "the-service-key-0123456789abcdef"}
	envKey, err := store.LoadSecretKey(func(k string) string { return env[k] }, keyPath, false)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), dbPath, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SaveOAuthToken(context.Background(), envKey, store.OAuthToken{Mailbox: "ana", Provider: "microsoft365", RefreshToken: "rt-ana", ObtainedAt: time.Now(), UsedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	code, out, errs := newCLI(t, path, nil).run(context.Background(), "--log-level", "error", "auth", "lily")
	if code == 0 || !strings.Contains(errs, "the sign-ins stored for ana are sealed with another key") ||
		!strings.Contains(errs, "KEEPWARM_SECRET_KEY") || strings.Contains(out, "signed in:") {
		t.Fatalf("auth without the service's key: exit %d\n%s\n%s", code, out, errs)
	}
	if _, err := os.Stat(keyPath); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a key file was made: %v", err)
	}
	if strings.Contains(out, "devicelogin") {
		t.Fatalf("the sign-in began before the key was checked:\n%s", out)
	}

	wrong := map[string]string{store.SecretKeyEnv: "some-other-key-0123456789abcdef"}
	if code, out, errs := newCLI(t, path, wrong).run(context.Background(), "--log-level", "error", "auth", "lily"); code == 0 ||
		!strings.Contains(errs, "do not open with this KEEPWARM_SECRET_KEY") {
		t.Fatalf("auth with another KEEPWARM_SECRET_KEY: exit %d\n%s\n%s", code, out, errs)
	}

	out = newCLI(t, path, env).mustRun("--log-level", "error", "auth", "lily")
	if !strings.Contains(out, "sealed with KEEPWARM_SECRET_KEY") {
		t.Fatalf("auth with the service's key:\n%s", out)
	}
	db, err = store.Open(context.Background(), dbPath, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.LoadOAuthToken(context.Background(), envKey, "lily"); err != nil {
		t.Fatalf("the service's key does not open lily's sign-in: %v", err)
	}

	// The key is lost: --new-key makes a new key file and seals with it.
	out = newCLI(t, path, nil).mustRun("--log-level", "error", "auth", "lily", "--new-key")
	if !strings.Contains(out, "sealed with a new key written to "+keyPath) {
		t.Fatalf("auth --new-key:\n%s", out)
	}
	if _, err := os.Stat(keyPath); err != nil {
		t.Fatalf("no key file after --new-key: %v", err)
	}
}

// The commonest re-sign-in: the only OAuth2 mailbox signs in again (its
// token expired or was revoked), from a shell without the service's
// KEEPWARM_SECRET_KEY. Its own stored sign-in shows which key the service
// uses: auth refuses rather than seal with a new key file.
func TestAuthAgainWithoutTheServiceKeyRefuses(t *testing.T) {
	_, path := microsoftSignInLily(t)
	dbPath := filepath.Join(filepath.Dir(path), "kw.db")
	keyPath := dbPath + ".key"
	env := map[string]string{store.SecretKeyEnv: "the-service-key-0123456789abcdef"}
	envKey, err := store.LoadSecretKey(func(k string) string { return env[k] }, keyPath, false)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), dbPath, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SaveOAuthToken(context.Background(), envKey, store.OAuthToken{Mailbox: "lily", Provider: "microsoft365", RefreshToken: "rt-lily-old", ObtainedAt: time.Now(), UsedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	code, out, errs := newCLI(t, path, nil).run(context.Background(), "--log-level", "error", "auth", "lily")
	if code == 0 || !strings.Contains(errs, "the sign-ins stored for lily are sealed with another key") ||
		!strings.Contains(errs, "auth lily --new-key`") || strings.Contains(errs, "in again as well") || strings.Contains(out, "devicelogin") {
		t.Fatalf("auth again without the service's key: exit %d\n%s\n%s", code, out, errs)
	}
	if _, err := os.Stat(keyPath); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a key file was made: %v", err)
	}
	// With the service's key it signs in again.
	if out := newCLI(t, path, env).mustRun("--log-level", "error", "auth", "lily"); !strings.Contains(out, "sealed with KEEPWARM_SECRET_KEY") {
		t.Fatalf("auth with the service's key:\n%s", out)
	}
}

// TestCheckRefusesASignInMadeWithAnotherClient: `keepwarm auth` keeps the
// client and the account a sign-in was made with. When oauth_client_id is
// changed afterwards, check says the kept sign-in is the old client's and
// what to run, and the token endpoint is sent nothing.
func TestCheckRefusesASignInMadeWithAnotherClient(t *testing.T) {
	id, path := microsoftSignInLily(t)
	newCLI(t, path, nil).mustRun("--log-level", "error", "auth", "lily")
	dbPath := filepath.Join(filepath.Dir(path), "kw.db")
	key, err := store.LoadSecretKey(func(string) string { return "" }, dbPath+".key", false)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), dbPath, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	tok, err := db.LoadOAuthToken(context.Background(), key, "lily")
	db.Close()
	if err != nil || tok.Provider != "microsoft365" || tok.ClientID != "kw-app" || tok.Username != "lily@acme-export.com" {
		t.Fatalf("kept sign-in %q %q %q, %v", tok.Provider, tok.ClientID, tok.Username, err)
	}

	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(raw), `oauth_client_id = "kw-app"`, `oauth_client_id = "kw-app-2"`, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	id.mu.Lock()
	id.bad = nil
	id.mu.Unlock()
	_, out, errs := newCLI(t, path, nil).run(context.Background(), "--log-level", "error", "check")
	if !strings.Contains(out, `FAIL  mailbox lily: stored OAuth2 token: mailbox lily's kept sign-in is Microsoft 365 (Exchange Online)'s (lily@acme-export.com), made with oauth_client_id "kw-app", the config says "kw-app-2"`) ||
		!strings.Contains(out, "keepwarm auth lily") {
		t.Fatalf("check after oauth_client_id changed:\n%s\n%s", out, errs)
	}
	id.mu.Lock()
	defer id.mu.Unlock()
	if len(id.bad) > 0 {
		t.Fatalf("the token endpoint was asked with the old sign-in: %v", id.bad)
	}
}

// TestAuthSaysARunningKeepwarmStoppedTheMailbox: the daemon stopped Lily's
// mailbox after refused logins and waits for a restart. `keepwarm auth
// lily` keeps the new sign-in and says the restart is still to do; with no
// such stop recorded it says only that a stop of her sending, which the
// running keepwarm keeps in memory, would need one too.
func TestAuthSaysARunningKeepwarmStoppedTheMailbox(t *testing.T) {
	const restart = "the running keepwarm stopped this mailbox after refused logins: restart it (systemctl restart keepwarm)"
	const sending = "if a running keepwarm stopped sending from mailbox lily after refused SMTP logins (its /healthz says so), it keeps that stop, and the mail waiting to go stays queued, until it is restarted (systemctl restart keepwarm): keepwarm auth cannot tell whether it did"
	_, path := microsoftSignInLily(t)
	if out := newCLI(t, path, nil).mustRun("--log-level", "error", "auth", "lily"); !strings.Contains(out, "signed in") || strings.Contains(out, restart) || !strings.Contains(out, sending) {
		t.Fatalf("auth of a mailbox not stopped:\n%s", out)
	}
	db, err := store.Open(context.Background(), filepath.Join(filepath.Dir(path), "kw.db"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	// As mailsync's giveUp records it.
	if err := db.SyncFailed(context.Background(), "lily", time.Now(),
		mailsync.GiveUpReason(3, errors.New("IMAP login to lily with XOAUTH2 refused")).Error(), true); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if out := newCLI(t, path, nil).mustRun("--log-level", "error", "auth", "lily"); !strings.Contains(out, "signed in") || !strings.Contains(out, restart) {
		t.Fatalf("auth of a mailbox the daemon stopped:\n%s", out)
	}
}

// TestAuthNewKeyReplacesAnEmptyKeyFile: a crash right after the first
// `keepwarm auth` left the key file empty while the sealed sign-in stayed
// in the database. check and auth name the file and the way out, and
// `keepwarm auth lily --new-key` writes a new key file in its place and
// signs in, instead of stopping on the empty file as every fix did.
func TestAuthNewKeyReplacesAnEmptyKeyFile(t *testing.T) {
	_, path := microsoftSignInLily(t)
	keyPath := filepath.Join(filepath.Dir(path), "kw.db.key")
	newCLI(t, path, nil).mustRun("--log-level", "error", "auth", "lily")
	if err := os.Truncate(keyPath, 0); err != nil {
		t.Fatal(err)
	}
	const fix = "run `keepwarm auth lily --new-key`, which writes a new key file in its place"
	_, out, errs := newCLI(t, path, nil).run(context.Background(), "--log-level", "error", "check")
	if !strings.Contains(out, "FAIL  mailbox lily: stored OAuth2 token: the key file "+keyPath+" holds no usable key (0 characters") || !strings.Contains(out, fix) {
		t.Fatalf("check with an empty key file:\n%s\n%s", out, errs)
	}
	code, out, errs := newCLI(t, path, nil).run(context.Background(), "--log-level", "error", "auth", "lily")
	if code == 0 || !strings.Contains(errs, keyPath+" holds no usable key") || !strings.Contains(errs, fix) || strings.Contains(out, "devicelogin") {
		t.Fatalf("auth with an empty key file: exit %d\n%s\n%s", code, out, errs)
	}

	out = newCLI(t, path, nil).mustRun("--log-level", "error", "auth", "lily", "--new-key")
	if !strings.Contains(out, "sealed with a new key written to "+keyPath) {
		t.Fatalf("auth --new-key over an empty key file:\n%s", out)
	}
	if st, err := os.Stat(keyPath); err != nil || st.Mode().Perm() != 0o600 || st.Size() == 0 {
		t.Fatalf("key file after --new-key: %v %v", st, err)
	}
	key, err := store.LoadSecretKey(func(string) string { return "" }, keyPath, false)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), filepath.Join(filepath.Dir(path), "kw.db"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.LoadOAuthToken(context.Background(), key, "lily"); err != nil {
		t.Fatalf("the new key file does not open lily's new sign-in: %v", err)
	}
	if left, _ := filepath.Glob(keyPath + ".new-*"); len(left) > 0 {
		t.Fatalf("files left beside the key file: %v", left)
	}
}
