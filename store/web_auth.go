package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"keepwarm"
)

// Viewer is the signed-in person every web query is scoped by: a
// salesperson sees their own customers and the public pool; a manager
// sees everything.
type Viewer struct {
	Email   string
	Manager bool
	// Covers are the owners (emails) the person covers for at the moment
	// of the request: their customers' pages and messages are readable
	// too (VisibleCustomer, VisibleMessage, CustomerMessages, CustomerOrders,
	// Audit), and their open calls may be closed (TaskCustomer), nothing
	// else. The caller computes them from who is away now.
	Covers []string
	// StandIn are the mail p answers in place of an owner who left: the
	// mailbox a departed owner's customer wrote to, paired with that
	// owner. Only the mail whose reply clock is in that mailbox and whose
	// customer is still that owner's may be opened, listed on the desk
	// and marked "no answer needed" (VisibleMessage, DeskWaiting,
	// WaiveReply): what the reply nudges and the digest give p. Not the
	// owner's other mail, customer pages, orders, search or calls.
	StandIn []StandIn
}

// StandIn is one mailbox whose mail p answers for Owner, who left.
type StandIn struct{ Mailbox, Owner string }

// standIn is StandIn as the queries take it: ",mailbox\x1fowner," per
// pair ("" for none), the owner lower-cased.
func (v Viewer) standIn() string {
	var b strings.Builder
	for _, s := range v.StandIn {
		o := strings.ToLower(strings.TrimSpace(s.Owner))
		if o == "" || s.Mailbox == "" || strings.ContainsAny(o+s.Mailbox, ",\x1f") {
			continue
		}
		if b.Len() == 0 {
			b.WriteString(",")
		}
		b.WriteString(s.Mailbox + "\x1f" + o + ",")
	}
	return b.String()
}

// covers is Covers as the queries take it: ",a,b," ("" for none).
func (v Viewer) covers() string {
	var b strings.Builder
	for _, c := range v.Covers {
		c = strings.ToLower(strings.TrimSpace(c))
		if c == "" || strings.Contains(c, ",") {
			continue
		}
		if b.Len() == 0 {
			b.WriteString(",")
		}
		b.WriteString(c + ",")
	}
	return b.String()
}

func (v Viewer) args() (string, int) {
	m := 0
	if v.Manager {
		m = 1
	}
	return strings.ToLower(v.Email), m
}

// LoginRequest is one asked-for sign-in link. TokenHash is the hex SHA-256
// of the token; the token itself is never stored.
type LoginRequest struct {
	TokenHash string
	Email     string
	Next      string // the path the link leads to after sign-in
	IP        string
	Sent      bool // a link was mailed (the address is on the team)
	At        time.Time
	Expires   time.Time
	// Device: asked from a browser the address signed in from (its
	// device cookie); not counted against the IP's requests (PerIP).
	Device bool
}

// AddLoginRequest records a sign-in request, mailed or not: both count
// toward the rate limits.
func (db *DB) AddLoginRequest(ctx context.Context, r LoginRequest) error {
	sent := 0
	if r.Sent {
		sent = 1
	}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, q("web-login-insert"), r.TokenHash, strings.ToLower(r.Email), r.Next, r.IP, sent,
			unix(r.At), unix(r.Expires))
		return err
	})
	if err != nil {
		return fmt.Errorf("store: record sign-in request: %w", err)
	}
	return nil
}

// LoginLimits bound the sign-in requests since Since: PerAddressIP for one
// address from one IP, PerAddress for one address from anywhere, PerIP
// from one IP (whatever the address; requests recorded as from a Device
// not counted).
type LoginLimits struct {
	Since                           time.Time
	PerAddressIP, PerAddress, PerIP int
	// LivePerAddress bounds the links mailed to one address that are
	// still live (unused, unexpired); Mailed the links mailed to that
	// address since MailedSince. A request past either is recorded but
	// not mailed.
	LivePerAddress, Mailed int
	MailedSince            time.Time
	// KnownIP: someone on the team signed in from the request's IP before;
	// PerAddress does not apply (others asking for the address elsewhere
	// do not keep the office out). KnownDevice: the address itself did;
	// Mailed does not apply (a flood from elsewhere does not keep its
	// usual browser from its link).
	KnownIP, KnownDevice bool
}

// AddLoginRequestWithin records a sign-in request unless it is over a
// limit, counted and recorded in one statement; ok is false when it is
// over. mailed says whether it was recorded as a link to mail: r.Sent, and
// within lim.LivePerAddress and lim.Mailed.
// Requests over a limit are not recorded.
func (db *DB) AddLoginRequestWithin(ctx context.Context, r LoginRequest, lim LoginLimits) (ok, mailed bool, err error) {
	var got []int
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &got, q("web-login-insert-within"), r.TokenHash, strings.ToLower(r.Email), r.Next, r.IP, b2i(r.Sent),
			unix(r.At), unix(r.Expires), unix(lim.Since), lim.PerAddressIP, lim.PerAddress, lim.PerIP, lim.LivePerAddress, lim.Mailed,
			unix(lim.MailedSince), b2i(lim.KnownDevice), b2i(lim.KnownIP), b2i(r.Device))
	})
	if err != nil {
		return false, false, fmt.Errorf("store: record sign-in request: %w", err)
	}
	if len(got) == 0 {
		return false, false, nil
	}
	return true, got[0] == 1, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// MailedLinks counts the sign-in links mailed to each address since
// since; printed ones (keepwarm web link) are not counted.
func (db *DB) MailedLinks(ctx context.Context, since time.Time) (map[string]int, error) {
	var rows []struct {
		Email string `db:"email"`
		N     int    `db:"n"`
	}
	if err := db.r.SelectContext(ctx, &rows, q("web-login-mailed-by-address"), unix(since)); err != nil {
		return nil, fmt.Errorf("store: count mailed sign-in links: %w", err)
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.Email] = r.N
	}
	return out, nil
}

// SessionIP is an address that signed in from an IP.
type SessionIP struct {
	Email string `db:"email"`
	IP    string `db:"ip"`
}

// SessionIPs lists the addresses of the sessions seen since since with
// the IPs they signed in from (the sessions' rows are kept SessionsKept
// after they end).
func (db *DB) SessionIPs(ctx context.Context, since time.Time) ([]SessionIP, error) {
	var out []SessionIP
	if err := db.r.SelectContext(ctx, &out, q("web-session-ips"), unix(since)); err != nil {
		return nil, fmt.Errorf("store: session IPs: %w", err)
	}
	return out, nil
}

// WebKey returns the server key named name, making it from fresh (32
// random bytes from fresh) the first time: the same key at every start.
func (db *DB) WebKey(ctx context.Context, name string, fresh []byte) ([]byte, error) {
	var key []byte
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, q("web-key-insert"), name, fresh); err != nil {
			return err
		}
		return tx.GetContext(ctx, &key, q("web-key-get"), name)
	})
	if err != nil {
		return nil, fmt.Errorf("store: web key %s: %w", name, err)
	}
	return key, nil
}

// KnownDevice says whether email signed in from the browser whose device
// cookie hashes to deviceHash, in a session seen since since and not
// revoked.
func (db *DB) KnownDevice(ctx context.Context, deviceHash, email string, since time.Time) (bool, error) {
	var ok bool
	if err := db.r.GetContext(ctx, &ok, q("web-session-device"), deviceHash, strings.ToLower(email), unix(since)); err != nil {
		return false, fmt.Errorf("store: sign-in device: %w", err)
	}
	return ok, nil
}

// UseLoginToken takes a mailed, unexpired, unused token once and returns
// whom it signs in and where it leads; ENOTFOUND for any other token (the
// caller cannot tell an expired link from a used or forged one, and
// neither can whoever holds it).
func (db *DB) UseLoginToken(ctx context.Context, tokenHash string, now time.Time) (email, next string, err error) {
	var row struct {
		Email string `db:"email"`
		Next  string `db:"next_path"`
	}
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &row, q("web-login-use"), unix(now), tokenHash)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", keepwarm.Errorf(keepwarm.ENOTFOUND, "this sign-in link is expired, used or unknown")
	}
	if err != nil {
		return "", "", fmt.Errorf("store: use sign-in link: %w", err)
	}
	return row.Email, row.Next, nil
}

// LoginTokenOwner returns whom a mailed token was for and where it leads,
// whether or not it was used or has expired; ENOTFOUND for a token never
// mailed or no longer kept. It takes nothing: it only tells a browser
// already signed in whether a dead link was its own person's.
func (db *DB) LoginTokenOwner(ctx context.Context, tokenHash string) (email, next string, err error) {
	var row struct {
		Email string `db:"email"`
		Next  string `db:"next_path"`
	}
	err = db.r.GetContext(ctx, &row, q("web-login-owner"), tokenHash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", keepwarm.Errorf(keepwarm.ENOTFOUND, "no such sign-in link")
	}
	if err != nil {
		return "", "", fmt.Errorf("store: read sign-in link: %w", err)
	}
	return row.Email, row.Next, nil
}

// WebSession is a signed-in browser.
type WebSession struct {
	ID        int64     `json:"id" db:"id"`
	Email     string    `json:"email" db:"email"`
	UserAgent string    `json:"user_agent" db:"user_agent"`
	IP        string    `json:"ip" db:"ip"`
	Created   int64     `json:"-" db:"created_at"`
	Seen      int64     `json:"-" db:"seen_at"`
	Expires   int64     `json:"-" db:"expires_at"`
	CreatedAt time.Time `json:"created_at" db:"-"`
	SeenAt    time.Time `json:"seen_at" db:"-"`
	ExpiresAt time.Time `json:"expires_at" db:"-"`
	// DeviceHash is the SHA-256 of the device cookie of the browser the
	// session was started in ("" for none); read back by Session only.
	DeviceHash string `json:"-" db:"device_hash"`
	// SeenErr is why Session could not record when it was last seen
	// (nil when it did or had no need): the session is live all the same.
	SeenErr error `json:"-" db:"-"`
}

func (s *WebSession) times() {
	s.CreatedAt, s.SeenAt, s.ExpiresAt = fromUnix(s.Created), fromUnix(s.Seen), fromUnix(s.Expires)
}

// AddSession stores a session under the hash of its cookie value.
func (db *DB) AddSession(ctx context.Context, tokenHash string, s WebSession) (int64, error) {
	var id int64
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, q("web-session-insert"), tokenHash, strings.ToLower(s.Email), s.UserAgent, s.IP,
			unix(s.CreatedAt), unix(s.CreatedAt), unix(s.ExpiresAt), s.DeviceHash)
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: add session: %w", err)
	}
	return id, nil
}

// Session returns the live session with that cookie hash, or ENOTFOUND
// (unknown, revoked or expired). It records when it was last seen, at most
// once a minute; that stamp is bookkeeping, not part of signing in, and
// the request does not wait for it: it is written on a connection of its
// own that gives up after stampWait when the write lock is held (a sync
// batch or a backup in this process, another process), never in the
// writer's queue. When it cannot be written (held lock, full disk) the
// session is returned all the same with the reason in SeenErr for the
// caller to log, and no stamp is tried for stampPause, so a busy spell
// neither slows every request nor logs each one.
func (db *DB) Session(ctx context.Context, tokenHash string, now time.Time) (WebSession, error) {
	var s WebSession
	err := db.r.GetContext(ctx, &s, q("web-session-get"), tokenHash, unix(now))
	if errors.Is(err, sql.ErrNoRows) {
		return s, keepwarm.Errorf(keepwarm.ENOTFOUND, "no such session")
	}
	if err != nil {
		return s, fmt.Errorf("store: session: %w", err)
	}
	if now.Unix()-s.Seen >= 60 && now.Unix() >= db.stampQuiet.Load() {
		sctx, cancel := context.WithTimeout(ctx, stampWait)
		_, err := db.stamp.ExecContext(sctx, q("web-session-seen"), unix(now), s.ID)
		cancel()
		if err != nil {
			db.stampQuiet.Store(now.Add(stampPause).Unix())
			s.SeenErr = fmt.Errorf("store: session seen (no stamp is tried for the next %v): %w", stampPause, err)
		} else {
			s.Seen = now.Unix()
		}
	}
	s.times()
	return s, nil
}

// stampWait bounds how long a request waits to stamp its session's last
// seen time; stampPause is how long no stamp is tried after one failed.
const (
	stampWait  = 250 * time.Millisecond
	stampPause = time.Minute
)

// RevokeSession ends a session someone distrusts (a manager on the
// sessions page): its IP is no longer known for the sign-in limits.
// ENOTFOUND when it is not live.
func (db *DB) RevokeSession(ctx context.Context, id int64, now time.Time) error {
	return db.endSession(ctx, "web-session-revoke", id, now)
}

// EndSession ends a session its owner signed out of, as if it expired
// now: its IP stays known. ENOTFOUND when it is not live.
func (db *DB) EndSession(ctx context.Context, id int64, now time.Time) error {
	return db.endSession(ctx, "web-session-end", id, now)
}

func (db *DB) endSession(ctx context.Context, query string, id int64, now time.Time) error {
	var n int64
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, q(query), unix(now), id)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return fmt.Errorf("store: end session %d: %w", id, err)
	}
	if n == 0 {
		return keepwarm.Errorf(keepwarm.ENOTFOUND, "no live session %d", id)
	}
	return nil
}

// Sessions lists the live sessions, most recently seen first.
func (db *DB) Sessions(ctx context.Context, now time.Time) ([]WebSession, error) {
	var out []WebSession
	if err := db.r.SelectContext(ctx, &out, q("web-sessions-list"), unix(now)); err != nil {
		return nil, fmt.Errorf("store: list sessions: %w", err)
	}
	for i := range out {
		out[i].times()
	}
	return out, nil
}

// Kept after a sign-in link or a session ended: long enough to look into a
// sign-in someone questions, not a record of everyone's addresses (IP,
// browser) since the install. The audit of changes is kept.
const (
	LoginLinksKept = 30 * 24 * time.Hour
	SessionsKept   = 90 * 24 * time.Hour
)

// PruneSignIns deletes the sign-in links that expired more than
// LoginLinksKept before now and the sessions that expired or were ended
// more than SessionsKept before now; it returns how many of each.
func (db *DB) PruneSignIns(ctx context.Context, now time.Time) (links, sessions int64, err error) {
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, q("web-login-prune"), unix(now.Add(-LoginLinksKept)))
		if err != nil {
			return err
		}
		if links, err = res.RowsAffected(); err != nil {
			return err
		}
		res, err = tx.ExecContext(ctx, q("web-session-prune"), unix(now.Add(-SessionsKept)))
		if err != nil {
			return err
		}
		sessions, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, 0, fmt.Errorf("store: prune sign-ins: %w", err)
	}
	return links, sessions, nil
}

// AuditEntry is one change a person made through the web.
type AuditEntry struct {
	ID         int64     `json:"id" db:"id"`
	CustomerID int64     `json:"customer_id,omitempty" db:"customer_id"`
	Actor      string    `json:"actor" db:"actor"`
	Action     string    `json:"action" db:"action"`
	Subject    string    `json:"subject" db:"subject"`
	Before     string    `json:"before" db:"before"`
	After      string    `json:"after" db:"after"`
	Unix       int64     `json:"-" db:"at"`
	At         time.Time `json:"at" db:"-"`
}

// AddAudit records a change.
func (db *DB) AddAudit(ctx context.Context, e AuditEntry) error {
	var cust any
	if e.CustomerID != 0 {
		cust = e.CustomerID
	}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, q("web-audit-insert"), cust, e.Actor, e.Action, e.Subject, e.Before, e.After, unix(e.At))
		return err
	})
	if err != nil {
		return fmt.Errorf("store: audit %s: %w", e.Action, err)
	}
	return nil
}

// Audit lists the changes made to a customer the viewer may see, newest
// first, at most limit of them (0: all), and how many there are in all.
func (db *DB) Audit(ctx context.Context, v Viewer, customerID int64, limit int) ([]AuditEntry, int, error) {
	email, mgr := v.args()
	if limit <= 0 {
		limit = -1
	}
	var out []AuditEntry
	if err := db.r.SelectContext(ctx, &out, q("web-audit-list"), customerID, email, mgr, v.covers(), limit); err != nil {
		return nil, 0, fmt.Errorf("store: audit of customer %d: %w", customerID, err)
	}
	for i := range out {
		out[i].At = fromUnix(out[i].Unix)
	}
	total := len(out)
	if limit > 0 && total == limit {
		if err := db.r.GetContext(ctx, &total, q("web-audit-count"), customerID, email, mgr, v.covers()); err != nil {
			return nil, 0, fmt.Errorf("store: audit of customer %d: %w", customerID, err)
		}
	}
	return out, total, nil
}

// LastAudit is the newest change action of subject made to a customer the
// viewer may see; ok is false when there is none.
func (db *DB) LastAudit(ctx context.Context, v Viewer, customerID int64, action, subject string) (_ AuditEntry, ok bool, _ error) {
	email, mgr := v.args()
	var out []AuditEntry
	if err := db.r.SelectContext(ctx, &out, q("web-audit-last"), customerID, email, mgr, v.covers(), action, subject); err != nil {
		return AuditEntry{}, false, fmt.Errorf("store: audit of customer %d: %w", customerID, err)
	}
	if len(out) == 0 {
		return AuditEntry{}, false, nil
	}
	out[0].At = fromUnix(out[0].Unix)
	return out[0], true, nil
}
