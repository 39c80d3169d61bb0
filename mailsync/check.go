package mailsync

import (
	"context"
	"fmt"
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Check logs in to the mailbox, finds the folders sync would read, and logs
// out. It blocks for one round of commands. `keepwarm check` calls it.
func (s *Syncer) Check(ctx context.Context) ([]FolderSpec, error) {
	in, err := s.Inspect(ctx)
	return in.Folders, err
}

// Inspection is what `keepwarm check` reports of a mailbox's IMAP server.
type Inspection struct {
	Mech    string   // how keepwarm logged in: LOGIN, XOAUTH2, OAUTHBEARER
	Caps    []string // of the capabilities that matter, those the server has
	Missing []string // and those it lacks
	Folders []FolderSpec
	// NoSent says why a salesperson's mailbox would be read without a
	// Sent folder (NoSentFolder); "" when it has one.
	NoSent string
	// NoAll says why a Gmail mailbox would be read without its folder of
	// all mail (NoAllFolder); "" when it has one.
	NoAll string
	// SeveralSent names the Sent folders the choice was made among when
	// several have a usual Sent name and none is marked \Sent
	// (SeveralSentFolders); "" when there was no choice.
	SeveralSent string
}

// capsThatMatter are the capabilities sync uses or works around.
var capsThatMatter = []imap.Cap{imap.CapIdle, imap.CapCondStore, imap.CapSpecialUse, imap.CapUIDPlus, imap.CapID, capGmail}

// Inspect logs in, notes the capabilities that matter and the folders sync
// would read, and logs out. It blocks for one round of commands.
func (s *Syncer) Inspect(ctx context.Context) (Inspection, error) {
	c, err := s.connect(ctx)
	if err != nil {
		return Inspection{}, err
	}
	defer c.close()
	in := Inspection{Mech: c.mech}
	caps := c.Caps()
	rev2 := caps.Has(imap.CapIMAP4rev2) // includes IDLE, SPECIAL-USE and UIDPLUS
	for _, cp := range capsThatMatter {
		has := caps.Has(cp) || (rev2 && (cp == imap.CapIdle || cp == imap.CapSpecialUse || cp == imap.CapUIDPlus))
		if has {
			in.Caps = append(in.Caps, string(cp))
		} else {
			in.Missing = append(in.Missing, string(cp))
		}
	}
	if in.Folders, err = s.discoverFolders(ctx, c, true); err != nil {
		return in, err
	}
	in.NoSent = s.NoSentFolder()
	in.NoAll = s.NoAllFolder()
	in.SeveralSent = s.SeveralSentFolders()
	// Opened read-only as sync opens them: NetEase logs a client in and
	// answers "Unsafe Login" only to the SELECT of one that sent no ID.
	for _, f := range in.Folders {
		if _, err := c.Select(f.Name, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
			return in, &FolderOpenError{Mailbox: s.cfg.Name, Folder: f, Err: err}
		}
	}
	if err := c.Logout().Wait(); err != nil {
		return in, fmt.Errorf("mailsync: %s: logout: %w", s.cfg.Name, err)
	}
	return in, nil
}

// FolderOpenError is a folder sync would read that the server, once
// logged in, does not open: a shared folder without read rights, a
// \Noselect label, or NetEase's "Unsafe Login" to a client that sent no ID.
type FolderOpenError struct {
	Mailbox string
	Folder  FolderSpec
	Err     error
}

func (e *FolderOpenError) Error() string {
	return fmt.Sprintf("mailsync: %s: open folder %q: %v", e.Mailbox, e.Folder.Name, e.Err)
}

func (e *FolderOpenError) Unwrap() error { return e.Err }

// Dial returns a logged-in IMAP client for this mailbox, with the same TLS
// and charset settings sync uses; the caller closes it. It satisfies the
// Sender's IMAPDialer for APPEND and reconciliation.
func (s *Syncer) Dial(ctx context.Context) (*imapclient.Client, error) {
	c, err := s.connect(ctx)
	if err != nil {
		return nil, err
	}
	// The caller owns the client's life from here: a cancelled ctx no longer
	// closes it under the caller.
	c.stop()
	return c.Client, nil
}

// CheckSMTP connects to the account's SMTP server, negotiates TLS as its URL
// says, authenticates, and quits without sending anything.
func CheckSMTP(ctx context.Context, acct Account) error {
	client, _, err := newSMTPClient(ctx, acct, nil)
	if err != nil {
		return err
	}
	if err := client.DialWithContext(ctx); err != nil {
		err = fmt.Errorf("mailsync: %s: SMTP %s: %w", acct.Mailbox, redactURL(acct.SMTPURL), err)
		switch {
		case loginRefused(err):
			// The server's answer to AUTH, worded as it likes: Gmail's
			// "534 5.7.9 Application-specific password required" says
			// neither "authentication" nor "login".
			return &AuthError{Mailbox: acct.Mailbox, Server: "SMTP", Mech: smtpMech(acct), Err: err}
		case strings.Contains(err.Error(), smtpAuthFailed):
			// Cut while the server had AUTH: the greeting, EHLO and TLS
			// went through.
			err = markLoginCut(err)
		}
		return err
	}
	return client.Close()
}

// smtpMech names the way acct logs in to SMTP, for an AuthError.
func smtpMech(acct Account) string {
	switch {
	case acct.Token != nil:
		return "OAuth2"
	case acct.Auth == "":
		return "password"
	}
	return strings.ToUpper(acct.Auth)
}

// smtpAuthFailed is how go-mail prefixes an error of the AUTH step.
const smtpAuthFailed = "SMTP AUTH failed"

// redactURL drops anything after the host, in case a query carries a secret.
func redactURL(raw string) string {
	u, _, err := parseSMTPURL(raw)
	if err != nil {
		return "(bad URL)"
	}
	return u.Scheme + "://" + u.Host
}

// Name is the configured name of the mailbox this Syncer reads.
func (s *Syncer) Name() string { return s.cfg.Name }
