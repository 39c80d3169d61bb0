package store

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"keepwarm"
)

// SecretKey seals secrets kept in the database (OAuth2 refresh tokens).
type SecretKey struct{ k [32]byte }

// SecretKeyEnv is the environment variable that may hold the key.
const SecretKeyEnv = "KEEPWARM_SECRET_KEY"

// LoadSecretKey returns the key from KEEPWARM_SECRET_KEY when set, else from
// the key file at path. The file must be readable by its owner only (0600):
// a key others can read protects nothing. With create, a missing file is
// made with a new random key, whole or not at all (writeKeyFile). Any text
// of 16 characters or more, with at least 8 different ones and no control
// bytes, is a key (it is hashed to 256 bits); the file keepwarm writes
// holds 32 random bytes in base64. Any other file is an *UnusableKeyError:
// a crash leaves one empty, or at its length filled with NUL bytes, and
// sealing with the hash of those would seal with a key anyone can compute.
func LoadSecretKey(getenv func(string) string, path string, create bool) (SecretKey, error) {
	if v := strings.TrimSpace(getenv(SecretKeyEnv)); v != "" {
		if len(v) < 16 {
			return SecretKey{}, keepwarm.Errorf(keepwarm.EINVALID, "%s is too short: use at least 16 characters (e.g. `openssl rand -base64 32`)", SecretKeyEnv)
		}
		return SecretKey{sha256.Sum256([]byte(v))}, nil
	}
	if create {
		RemoveKeyLeftovers(path)
	}
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) && create {
		key, made, werr := makeKeyFile(path, -1, -1)
		if werr != nil || made {
			return key, werr
		}
		// Another `keepwarm auth` made it first: read its key.
		st, err = os.Stat(path)
	}
	if errors.Is(err, os.ErrNotExist) {
		return SecretKey{}, keepwarm.Errorf(keepwarm.ENOTFOUND, "no secret key: set %s or run `keepwarm auth MAILBOX`, which creates %s", SecretKeyEnv, path)
	}
	if err != nil {
		return SecretKey{}, fmt.Errorf("store: key file: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return SecretKey{}, keepwarm.Errorf(keepwarm.EINVALID, "key file %s is readable by others (mode %04o): run `chmod 600 %s`", path, st.Mode().Perm(), path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return SecretKey{}, fmt.Errorf("store: key file: %w", err)
	}
	v := strings.TrimSpace(string(b))
	if why := noKey(v); why != "" {
		return SecretKey{}, &UnusableKeyError{Path: path, Chars: len(v), Why: why}
	}
	return SecretKey{sha256.Sum256([]byte(v))}, nil
}

// noKey says why the text of a key file is no key, "" when it is one.
func noKey(v string) string {
	if len(v) < 16 {
		return "fewer than 16"
	}
	if strings.ContainsFunc(v, unicode.IsControl) || !utf8.ValidString(v) {
		return "not text: it holds control bytes such as NUL"
	}
	distinct := map[byte]bool{}
	for i := range len(v) {
		distinct[v[i]] = true
	}
	if len(distinct) < 8 {
		return fmt.Sprintf("only %d different ones", len(distinct))
	}
	return ""
}

// UnusableKeyError is a key file that holds no usable key: fewer than 16
// characters, most likely none, or NUL bytes, left so by a crash while a
// keepwarm before writeKeyFile wrote it. The sign-ins sealed with the key
// it held cannot be opened any more.
type UnusableKeyError struct {
	Path  string
	Chars int
	Why   string // noKey's: "fewer than 16"
}

// Problem says what is wrong, without the fix.
func (e *UnusableKeyError) Problem() string {
	return fmt.Sprintf("the key file %s holds no usable key (%d characters, %s; a crash while it was written leaves it empty or filled with NUL bytes), so no sign-in sealed with it opens", e.Path, e.Chars, e.Why)
}

// Fix says what to do, naming mailbox ("MAILBOX" when none is at hand).
func (e *UnusableKeyError) Fix(mailbox string) string {
	return fmt.Sprintf("run `keepwarm auth %s --new-key`, which writes a new key file in its place (or remove %s and run `keepwarm auth %s`), then sign in again every other mailbox signed in with `keepwarm auth`", mailbox, e.Path, mailbox)
}

func (e *UnusableKeyError) Error() string { return e.Problem() + ": " + e.Fix("MAILBOX") }

func (e *UnusableKeyError) Unwrap() error {
	return keepwarm.Errorf(keepwarm.EINVALID, "%s", e.Problem())
}

// ReplaceUnusableKey writes a new key file at path in place of one that
// holds no usable key (`keepwarm auth --new-key`), keeping its owner. A
// key file that holds a key is left alone and its key returned; so is any
// other error.
func ReplaceUnusableKey(path string) (SecretKey, error) {
	noEnv := func(string) string { return "" }
	key, err := LoadSecretKey(noEnv, path, false)
	var unusable *UnusableKeyError
	if !errors.As(err, &unusable) {
		return key, err
	}
	unlock, err := lockKeyDir(path)
	if err != nil {
		return SecretKey{}, err
	}
	defer unlock()
	// Another `keepwarm auth --new-key` may have replaced it while this
	// one waited: its key is the one, or the sign-in it seals is lost.
	key, err = LoadSecretKey(noEnv, path, false)
	if !errors.As(err, &unusable) {
		return key, err
	}
	key, _, err = writeKeyFile(path, true, -1, -1)
	return key, err
}

// MakeKeyFileFor makes the key file at path when there is none, as
// LoadSecretKey with create does, given to uid and gid before it is put in
// place (`keepwarm auth` run as root for the database's owner): a crash
// never leaves one root's, which the service could not read. A chown
// refused is an *fs.PathError of Op "chown", and nothing is in place.
func MakeKeyFileFor(path string, uid, gid int) error {
	RemoveKeyLeftovers(path)
	_, _, err := makeKeyFile(path, uid, gid)
	return err
}

// makeKeyFile makes the key file at path when there is none, under
// lockKeyDir, owned by uid and gid (-1: this process's); made is false
// when another keepwarm made it first.
func makeKeyFile(path string, uid, gid int) (key SecretKey, made bool, err error) {
	unlock, err := lockKeyDir(path)
	if err != nil {
		return SecretKey{}, false, err
	}
	defer unlock()
	if _, err := os.Lstat(path); !errors.Is(err, os.ErrNotExist) {
		return SecretKey{}, false, nil
	}
	return writeKeyFile(path, false, uid, gid)
}

// RemoveKeyLeftovers removes the files that a crash while the key file at
// path was written left beside it (path.new-*, writeKeyFile's): a new key
// never put in place, or a second name of the key in place, which would
// outlive the key file being removed or replaced to revoke it, in every
// backup of the directory. Only those older than a minute, or holding the
// key the file holds, are removed: a younger one may be another
// keepwarm's, about to be put in place. It returns their paths.
func RemoveKeyLeftovers(path string) []string {
	dir, prefix := filepath.Dir(path), filepath.Base(path)+".new-"
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	live, liveErr := os.ReadFile(path)
	live = bytes.TrimSpace(live)
	var removed []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), prefix) || !e.Type().IsRegular() {
			continue
		}
		p := filepath.Join(dir, e.Name())
		info, err := e.Info()
		if err != nil {
			continue
		}
		gone := time.Since(info.ModTime()) > time.Minute
		if !gone && liveErr == nil && len(live) > 0 {
			b, err := os.ReadFile(p)
			gone = err == nil && bytes.Equal(bytes.TrimSpace(b), live)
		}
		if gone && os.Remove(p) == nil {
			removed = append(removed, p)
		}
	}
	return removed
}

// beforeKeyInPlace, when set (tests), sees the new key file just before it
// is linked or renamed into place.
var beforeKeyInPlace func(tmp string)

// lockKeyDir takes an exclusive flock on the directory of the key file at
// path, so that two `keepwarm auth` make or replace it one after the
// other, the second reading the first one's key (a lock on the directory
// needs no lock file, which a `sudo keepwarm auth` would leave root's).
// Where the file system has no flock, nothing is locked: a first key file
// is still made whole by its link, and only a replace can race.
func lockKeyDir(path string) (unlock func(), err error) {
	dir := filepath.Dir(path)
	d, err := os.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("store: key file %s: %w", path, err)
	}
	if err := syscall.Flock(int(d.Fd()), syscall.LOCK_EX); err != nil {
		d.Close()
		return func() {}, nil
	}
	return func() {
		_ = syscall.Flock(int(d.Fd()), syscall.LOCK_UN)
		d.Close()
	}, nil
}

// writeKeyFile writes a new random key to path whole or not at all: to a
// file beside it, synced, then put in place and the directory synced, so
// that a crash or a power cut leaves either no key file or the whole key,
// never an empty one, and a `keepwarm auth` running at the same moment
// never reads a half-written one. Without replace an existing path is left
// as it is and made is false (another keepwarm made it first), and the
// new file is given to uid and gid (-1: left this process's) before it is
// put in place; with replace the new file takes the old one's place and
// its owner. A crash before the new file is put in place or its second
// name removed leaves a path.new-* file, which RemoveKeyLeftovers removes.
func writeKeyFile(path string, replace bool, uid, gid int) (key SecretKey, made bool, err error) {
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return SecretKey{}, false, err
	}
	text := base64.StdEncoding.EncodeToString(raw[:])
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, filepath.Base(path)+".new-*") // mode 0600
	if err != nil {
		return SecretKey{}, false, fmt.Errorf("store: create key file: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if !made {
			_ = os.Remove(tmp)
		}
	}()
	_, err = f.WriteString(text + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return SecretKey{}, false, fmt.Errorf("store: write key file: %w", err)
	}
	if replace {
		err = sameOwner(tmp, path)
	} else if uid >= 0 {
		err = os.Chown(tmp, uid, gid)
	}
	if err != nil {
		return SecretKey{}, false, fmt.Errorf("store: key file %s: %w", path, err)
	}
	if beforeKeyInPlace != nil {
		beforeKeyInPlace(tmp)
	}
	if replace {
		if err := os.Rename(tmp, path); err != nil {
			return SecretKey{}, false, fmt.Errorf("store: replace key file %s: %w", path, err)
		}
	} else {
		// A link fails where path exists, as O_EXCL does.
		err := os.Link(tmp, path)
		if errors.Is(err, fs.ErrExist) {
			return SecretKey{}, false, nil
		}
		if err != nil {
			// A file system without hard links.
			if _, serr := os.Lstat(path); serr == nil {
				return SecretKey{}, false, nil
			}
			if err := os.Rename(tmp, path); err != nil {
				return SecretKey{}, false, fmt.Errorf("store: create key file: %w", err)
			}
		} else {
			_ = os.Remove(tmp)
		}
	}
	made = true
	if err := SyncDir(dir); err != nil {
		return SecretKey{}, true, fmt.Errorf("store: write key file %s: %w", path, err)
	}
	return SecretKey{sha256.Sum256([]byte(text))}, true, nil
}

// sameOwner gives tmp the owner of old where they differ (auth run as
// root over a key file the database's owner has).
func sameOwner(tmp, old string) error {
	ost, err := os.Stat(old)
	if err != nil {
		return err
	}
	nst, err := os.Stat(tmp)
	if err != nil {
		return err
	}
	o, ok1 := ost.Sys().(*syscall.Stat_t)
	n, ok2 := nst.Sys().(*syscall.Stat_t)
	if !ok1 || !ok2 || (o.Uid == n.Uid && o.Gid == n.Gid) {
		return nil
	}
	return os.Chown(tmp, int(o.Uid), int(o.Gid))
}

// SyncDir makes a file's creation or rename in dir durable.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		return err
	}
	return nil
}

// seal encrypts plain with AES-256-GCM; the mailbox name is bound in as
// associated data, so a sealed token copied to another row does not open.
func (k SecretKey) seal(plain, mailbox string) ([]byte, error) {
	gcm, err := k.gcm()
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return gcm.Seal(nonce, nonce, []byte(plain), []byte(mailbox)), nil
}

func (k SecretKey) open(sealed []byte, mailbox string) (string, error) {
	gcm, err := k.gcm()
	if err != nil {
		return "", err
	}
	if len(sealed) < gcm.NonceSize() {
		return "", errors.New("sealed token too short")
	}
	plain, err := gcm.Open(nil, sealed[:gcm.NonceSize()], sealed[gcm.NonceSize():], []byte(mailbox))
	if err != nil {
		return "", keepwarm.Errorf(keepwarm.EINVALID, "the stored token of %s does not open with this key (was %s or the key file changed?): run `keepwarm auth %s` again", mailbox, SecretKeyEnv, mailbox)
	}
	return string(plain), nil
}

func (k SecretKey) gcm() (cipher.AEAD, error) {
	if k.k == ([32]byte{}) {
		return nil, errors.New("store: no secret key")
	}
	block, err := aes.NewCipher(k.k[:])
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// OAuthToken is a stored refresh token and its dates.
type OAuthToken struct {
	Mailbox  string
	Provider string
	// ClientID and Username are the oauth_client_id and the account the
	// sign-in was made with; "" for one kept before they were recorded.
	ClientID     string
	Username     string
	RefreshToken string
	ObtainedAt   time.Time // the sign-in
	UsedAt       time.Time // the last successful refresh
}

// SaveOAuthToken stores a mailbox's refresh token after a sign-in, sealed.
func (db *DB) SaveOAuthToken(ctx context.Context, key SecretKey, t OAuthToken) error {
	sealed, err := key.seal(t.RefreshToken, t.Mailbox)
	if err != nil {
		return fmt.Errorf("store: seal token of %s: %w", t.Mailbox, err)
	}
	if _, err := db.w.ExecContext(ctx, q("oauth-token-put"), t.Mailbox, t.Provider, t.ClientID, t.Username, sealed, unix(t.ObtainedAt), unix(t.UsedAt)); err != nil {
		return fmt.Errorf("store: save token of %s: %w", t.Mailbox, err)
	}
	return nil
}

// RotateOAuthToken replaces a mailbox's refresh token with the one the
// provider handed out on refresh, and records the use. obtainedAt is the
// sign-in the token descends from (OAuthToken.ObtainedAt as loaded): when
// the mailbox was signed in again since, the newer token is kept and the
// error is ECONFLICT.
func (db *DB) RotateOAuthToken(ctx context.Context, key SecretKey, mailbox, refreshToken string, obtainedAt, now time.Time) error {
	sealed, err := key.seal(refreshToken, mailbox)
	if err != nil {
		return fmt.Errorf("store: seal token of %s: %w", mailbox, err)
	}
	res, err := db.w.ExecContext(ctx, q("oauth-token-rotate"), sealed, unix(now), mailbox, unix(obtainedAt))
	if err != nil {
		return fmt.Errorf("store: rotate token of %s: %w", mailbox, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := db.OAuthTokenObtained(ctx, mailbox); err != nil {
			return err
		}
		return keepwarm.Errorf(keepwarm.ECONFLICT, "mailbox %s was signed in again (keepwarm auth) since its token was read: the new token is kept", mailbox)
	}
	return nil
}

// OAuthTokenObtained is when a mailbox's stored token was signed in: it
// changes with every `keepwarm auth`, never with a refresh. ENOTFOUND when
// none is stored.
func (db *DB) OAuthTokenObtained(ctx context.Context, mailbox string) (time.Time, error) {
	var obtained int64
	err := db.r.QueryRowContext(ctx, q("oauth-token-obtained"), mailbox).Scan(&obtained)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, keepwarm.Errorf(keepwarm.ENOTFOUND, "mailbox %s has no stored OAuth2 token: run `keepwarm auth %s`", mailbox, mailbox)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("store: token of %s: %w", mailbox, err)
	}
	return fromUnix(obtained), nil
}

// LoadOAuthToken returns a mailbox's refresh token, opened; ENOTFOUND when
// `keepwarm auth` was never run for it.
func (db *DB) LoadOAuthToken(ctx context.Context, key SecretKey, mailbox string) (OAuthToken, error) {
	t := OAuthToken{Mailbox: mailbox}
	var sealed []byte
	var obtained, used int64
	err := db.r.QueryRowContext(ctx, q("oauth-token-get"), mailbox).Scan(&t.Provider, &t.ClientID, &t.Username, &sealed, &obtained, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return t, keepwarm.Errorf(keepwarm.ENOTFOUND, "mailbox %s has no stored OAuth2 token: run `keepwarm auth %s`", mailbox, mailbox)
	}
	if err != nil {
		return t, fmt.Errorf("store: token of %s: %w", mailbox, err)
	}
	t.ObtainedAt, t.UsedAt = fromUnix(obtained), fromUnix(used)
	if t.RefreshToken, err = key.open(sealed, mailbox); err != nil {
		return t, err
	}
	return t, nil
}

// OAuthTokenCount is how many mailboxes have a sealed sign-in stored.
func (db *DB) OAuthTokenCount(ctx context.Context) (int, error) {
	var n int
	if err := db.r.QueryRowContext(ctx, q("oauth-token-count")).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count OAuth2 sign-ins: %w", err)
	}
	return n, nil
}

// ForgetOAuthToken drops the stored sign-in of mailbox (one no longer in
// the configuration), reporting whether there was one.
func (db *DB) ForgetOAuthToken(ctx context.Context, mailbox string) (bool, error) {
	var n int64
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, q("oauth-token-forget"), mailbox)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: forget the sign-in of %s: %w", mailbox, err)
	}
	return n > 0, nil
}

// BackupKeyOpensNot lists the mailboxes whose stored sign-in key does not
// open (sealed with another key), as LoadOAuthToken would fail on them, in
// the backup at path, read from the file, not from the database it was
// taken from: a sign-in made since the snapshot is not in it.
func BackupKeyOpensNot(ctx context.Context, path string, key SecretKey) ([]string, error) {
	return backupSignIns(ctx, path, &key)
}

// BackupSignIns lists the mailboxes with a sealed sign-in in the backup at
// path, read from the file, as BackupKeyOpensNot does.
func BackupSignIns(ctx context.Context, path string) ([]string, error) {
	return backupSignIns(ctx, path, nil)
}

func backupSignIns(ctx context.Context, path string, key *SecretKey) ([]string, error) {
	c, err := sql.Open("sqlite3", "file:"+uriPath(path)+"?mode=ro")
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	defer c.Close()
	return keyOpensNot(ctx, c, key)
}

// keyOpensNot lists the mailboxes whose sign-in key does not open; with no
// key, every mailbox with a sign-in.
func keyOpensNot(ctx context.Context, db interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, key *SecretKey) (mailboxes []string, err error) {
	rows, err := db.QueryContext(ctx, q("oauth-token-sealed-all"))
	if err != nil {
		return nil, fmt.Errorf("store: OAuth2 sign-ins: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var mailbox string
		var sealed []byte
		if err := rows.Scan(&mailbox, &sealed); err != nil {
			return nil, fmt.Errorf("store: OAuth2 sign-ins: %w", err)
		}
		if key == nil {
			mailboxes = append(mailboxes, mailbox)
		} else if _, err := key.open(sealed, mailbox); err != nil {
			mailboxes = append(mailboxes, mailbox)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: OAuth2 sign-ins: %w", err)
	}
	return mailboxes, nil
}

// OAuthKeyFit tells, for the sign-ins stored for mailboxes other than
// except, which mailboxes they are and whether key opens at least one of
// them: a key that opens none is not the one they were sealed with.
func (db *DB) OAuthKeyFit(ctx context.Context, key SecretKey, except string) (others []string, opens bool, err error) {
	rows, err := db.r.QueryContext(ctx, q("oauth-token-sealed-all"))
	if err != nil {
		return nil, false, fmt.Errorf("store: OAuth2 sign-ins: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var mailbox string
		var sealed []byte
		if err := rows.Scan(&mailbox, &sealed); err != nil {
			return nil, false, fmt.Errorf("store: OAuth2 sign-ins: %w", err)
		}
		if mailbox == except {
			continue
		}
		others = append(others, mailbox)
		if key.k != ([32]byte{}) && !opens {
			if _, err := key.open(sealed, mailbox); err == nil {
				opens = true
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("store: OAuth2 sign-ins: %w", err)
	}
	return others, opens, nil
}
