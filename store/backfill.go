package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/jmoiron/sqlx"

	"keepwarm"
)

// A folder's first sync stores ordinary mail older than the recent window
// from its header alone (messages.text_pending); mailsync's text backfill
// reads those copies here, fetches their texts and fills them in with
// FillTexts.

// PendingTexts lists up to limit copies in one folder (at its current
// UIDVALIDITY) of messages still waiting for their text, newest first. It
// reads only the waiting messages (the partial index messages_text_pending),
// never the whole table.
func (db *DB) PendingTexts(ctx context.Context, mailbox, folder string, uidValidity uint32, limit int) ([]keepwarm.PendingText, error) {
	var rows []struct {
		MessageID int64  `db:"message_id"`
		UID       uint32 `db:"uid"`
		RawHeader []byte `db:"raw_header"`
	}
	if err := db.r.SelectContext(ctx, &rows, q("backfill-pending"), mailbox, folder, uidValidity, limit); err != nil {
		return nil, fmt.Errorf("store: pending texts %s/%s: %w", mailbox, folder, err)
	}
	out := make([]keepwarm.PendingText, len(rows))
	for i, r := range rows {
		out[i] = keepwarm.PendingText{MessageID: r.MessageID, UID: r.UID, RawHeader: r.RawHeader}
	}
	return out, nil
}

// CountPendingTexts counts the messages of mailbox that wait for their
// text and still have a copy there to read it from; mailbox "" counts
// every waiting message.
func (db *DB) CountPendingTexts(ctx context.Context, mailbox string) (int, error) {
	var n int
	var err error
	if mailbox == "" {
		err = db.r.GetContext(ctx, &n, q("backfill-count-all"))
	} else {
		err = db.r.GetContext(ctx, &n, q("backfill-count"), mailbox)
	}
	if err != nil {
		return 0, fmt.Errorf("store: count pending texts %s: %w", mailbox, err)
	}
	return n, nil
}

// FillTexts writes one batch of fetched texts in one transaction and
// returns how many messages it filled. Only messages still waiting are
// touched (another folder's copy may have filled one meanwhile): their
// snippet, attachments, body size, the whole parse's error where the
// header gave none, and for outbound mail its kept text, as ingest writes
// them; of a header with raw 8-bit bytes the header alone read in a wrong
// charset (TextFill.Mended), the message's subject and sender's name, its
// thread's subject and its people's contact names where they are still
// that wrong reading. Kind, customer, thread and reply clocks stay as
// they are, but for a customer's answer whose thread holds mail of his
// still waiting: it is measured again, as its text may now show whether it
// answers an answer keepwarm never saw (backfill-remeasure). The
// copies in b.Gone and b.Refused are marked so that they are not asked for
// again, and a message left with no copy to read stops waiting (flagged
// with the server's answer when it refused).
//
// It is a short transaction on the writer connection: a sync storing
// batches in a SaveTx meanwhile sees it waiting (SaveTx.Due) and commits.
// It commits without waiting for the disk (inRelaxedTx): a power cut can
// lose the last fills, whose messages then wait again and are filled by
// the next backfill.
func (db *DB) FillTexts(ctx context.Context, b keepwarm.TextFills) (int, error) {
	filled := 0
	err := db.inRelaxedTx(ctx, func(tx *sqlx.Tx) error {
		stmts := map[string]*sqlx.Stmt{}
		for _, name := range []string{"backfill-text", "backfill-mend-subject", "backfill-mend-from", "backfill-mend-thread", "backfill-mend-contact",
			"backfill-fill", "backfill-remeasure", "backfill-gone", "backfill-give-up", "backfill-refused"} {
			st, err := tx.PreparexContext(ctx, q(name))
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			defer st.Close()
			stmts[name] = st
		}
		var changed []int64 // messages that stopped waiting for their text, for backfill-remeasure
		for _, f := range b.Filled {
			if f.Text != "" {
				if _, err := stmts["backfill-text"].ExecContext(ctx, f.MessageID, f.Text, f.TextCut); err != nil {
					return fmt.Errorf("message %d: text: %w", f.MessageID, err)
				}
			}
			if err := mendHeader(ctx, stmts, f); err != nil {
				return fmt.Errorf("message %d: %w", f.MessageID, err)
			}
			body := sql.NullInt64{Int64: f.BodySize, Valid: f.BodySize > 0}
			res, err := stmts["backfill-fill"].ExecContext(ctx, f.MessageID, f.Snippet, joinAttachments(f.Attachments), f.ParseError, body)
			if err != nil {
				return fmt.Errorf("message %d: %w", f.MessageID, err)
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			filled += int(n)
			if n > 0 {
				changed = append(changed, f.MessageID)
			}
		}
		for _, g := range b.Gone {
			if _, err := stmts["backfill-gone"].ExecContext(ctx, b.Mailbox, b.Folder, b.UIDValidity, g.UID); err != nil {
				return fmt.Errorf("uid %d: %w", g.UID, err)
			}
			res, err := stmts["backfill-give-up"].ExecContext(ctx, g.MessageID)
			if err != nil {
				return fmt.Errorf("message %d: %w", g.MessageID, err)
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n > 0 {
				changed = append(changed, g.MessageID)
			}
		}
		for _, r := range b.Refused {
			if _, err := stmts["backfill-gone"].ExecContext(ctx, b.Mailbox, b.Folder, b.UIDValidity, r.UID); err != nil {
				return fmt.Errorf("uid %d: %w", r.UID, err)
			}
			res, err := stmts["backfill-refused"].ExecContext(ctx, r.MessageID, r.Why)
			if err != nil {
				return fmt.Errorf("message %d: %w", r.MessageID, err)
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n > 0 {
				changed = append(changed, r.MessageID)
			}
		}
		if len(changed) > 0 {
			if _, err := stmts["backfill-remeasure"].ExecContext(ctx, idList(changed)); err != nil {
				return fmt.Errorf("reply clocks: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: fill texts %s/%s: %w", b.Mailbox, b.Folder, err)
	}
	return filled, nil
}

// mendHeader writes f.Mended (see FillTexts), before f's message stops
// waiting.
func mendHeader(ctx context.Context, stmts map[string]*sqlx.Stmt, f keepwarm.TextFill) error {
	mend := f.Mended
	if mend == nil {
		return nil
	}
	if mend.WasSubject != "" {
		// The thread first: it is found through the message still waiting.
		// Its title is the subject as ingest titles a thread (no "Re:",
		// "Fwd:", "回复:", white space collapsed), so it is matched and
		// written so. Its subject_key stays the header's reading: the
		// customer's later mail of that subject that names no earlier
		// message (no In-Reply-To or References) finds no thread by it
		// and opens its own.
		title, was := threadTitle(mend.Subject, mend.SubjectKey), threadTitle(mend.WasSubject, mend.WasSubjectKey)
		if was != title {
			if _, err := stmts["backfill-mend-thread"].ExecContext(ctx, f.MessageID, title, was); err != nil {
				return fmt.Errorf("thread subject: %w", err)
			}
		}
		if _, err := stmts["backfill-mend-subject"].ExecContext(ctx, f.MessageID, mend.Subject, mend.WasSubject); err != nil {
			return fmt.Errorf("subject: %w", err)
		}
	}
	for _, n := range mend.Names {
		if _, err := stmts["backfill-mend-from"].ExecContext(ctx, f.MessageID, n.Email, n.Name, n.Was); err != nil {
			return fmt.Errorf("sender's name: %w", err)
		}
		if _, err := stmts["backfill-mend-contact"].ExecContext(ctx, f.MessageID, n.Email, n.Name, n.Was); err != nil {
			return fmt.Errorf("contact name: %w", err)
		}
	}
	return nil
}

// idList is ids as a JSON array, for json_each.
func idList(ids []int64) string {
	js, _ := json.Marshal(ids) // []int64 always marshals
	return string(js)
}
