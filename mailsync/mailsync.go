// Package mailsync does all of keepwarm's talk with mail servers: it syncs
// INBOX, Sent and configured folders of every mailbox over IMAP (read-only,
// BODY.PEEK, never \Seen), hands parsed and classified messages to the store,
// and delivers outgoing mail over SMTP followed by an IMAP APPEND to Sent or
// Drafts. Parsing, charsets and classification live in mailsync/parse.
package mailsync

import (
	"context"

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
}
