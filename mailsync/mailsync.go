// Package mailsync does all of keepwarm's talk with mail servers: it syncs
// INBOX, Sent and configured folders of every mailbox over IMAP (read-only,
// BODY.PEEK, never \Seen), hands parsed and classified messages to the store,
// and delivers outgoing mail over SMTP followed by an IMAP APPEND to Sent or
// Drafts. Parsing, charsets and classification live in mailsync/parse.
package mailsync

import (
	"context"
	"time"

	"keepwarm"
)

// Store is what sync needs from the database. store.DB satisfies it.
type Store interface {
	// FolderState returns the sync position of a folder; a *keepwarm.Error
	// with code ENOTFOUND when the folder was never synced.
	FolderState(ctx context.Context, mailbox, folder string) (keepwarm.FolderState, error)
	// ResetFolder forgets the copies stored for a folder under an old
	// UIDVALIDITY and starts it again at uidValidity with LastUID 0. The
	// messages themselves stay, so a resync duplicates nothing.
	ResetFolder(ctx context.Context, mailbox, folder string, uidValidity uint32) error
	// SaveBatch stores a batch of fetched copies and the folder's new position
	// in one transaction: messages deduplicated by Key across mailboxes,
	// threaded, tied to customers and contacts.
	SaveBatch(ctx context.Context, state keepwarm.FolderState, batch []keepwarm.Incoming) (keepwarm.SaveResult, error)
	// SyncAlive records that a pass (or an IDLE round) of mailbox completed
	// at now, folders checked and up to date, whether or not anything was
	// new.
	SyncAlive(ctx context.Context, mailbox string, folders []string, now time.Time) error
	// SyncFailed records why an attempt to sync mailbox failed;
	// cannotConnect says no session could be begun (connect, TLS, login).
	SyncFailed(ctx context.Context, mailbox string, now time.Time, reason string, cannotConnect bool) error
	// FetchRefusals returns the new messages of mailbox the server refused
	// to FETCH that sync asks for again before storing placeholders for
	// them; UpdateFetchRefusals applies a pass's changes to them row by
	// row (store.DB.UpdateFetchRefusals). They outlive the process, so
	// that `keepwarm tick` and `keepwarm sync` count refusals too, and
	// every Syncer of the mailbox sees them.
	FetchRefusals(ctx context.Context, mailbox string) ([]keepwarm.FetchRefusal, error)
	UpdateFetchRefusals(ctx context.Context, mailbox string, bump, gone, through []keepwarm.FetchRefusal) error
}
