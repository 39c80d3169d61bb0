package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// giveBackSince moves back to the restored customer what reached the kept
// one while the two were merged and is the restored customer's: the
// conversations begun since with its contacts alone, the mail since in its
// conversations (not mail to or from a contact of the kept customer), the
// reply clocks of that mail, and the follow-ups, their outbox items, call
// tasks and skips started since on its conversations, and its contacts'
// phones and greetings. The follow-ups are paused, as holdStoppedByMerge
// pauses those the merge stopped: they were started in the kept owner's
// name. It runs after the merge's own rows went back, and says what it
// moved and what it left.
func giveBackSince(ctx context.Context, tx *sqlx.Tx, m mergeRow, now time.Time, res *UnmergeResult) error {
	emails := func(id int64) (map[string]bool, error) {
		var es []string
		if err := tx.SelectContext(ctx, &es, `SELECT lower(email) FROM contacts WHERE customer_id = ?`, id); err != nil {
			return nil, fmt.Errorf("contacts of #%d: %w", id, err)
		}
		out := map[string]bool{}
		for _, e := range es {
			out[e] = true
		}
		return out, nil
	}
	// A person at the restored customer's domain who first wrote while it
	// was merged (bob2@acme.com, filed under the kept customer through the
	// merged key) is the restored customer's contact: moved back first, so
	// that their mail and its reply clocks go with the rest.
	r, err := tx.ExecContext(ctx, `UPDATE OR IGNORE contacts SET customer_id = ?1 WHERE customer_id = ?2 AND created_at >= ?3
		AND (SELECT domain FROM customers WHERE id = ?1) != ''
		AND lower((SELECT domain FROM customers WHERE id = ?1)) != lower((SELECT domain FROM customers WHERE id = ?2))
		AND lower(substr(email, instr(email, '@') + 1)) = lower((SELECT domain FROM customers WHERE id = ?1))`,
		m.Dropped, m.Kept, m.MergedAt)
	if err != nil {
		return fmt.Errorf("contacts at #%d's domain since the merge: %w", m.Dropped, err)
	}
	if n, _ := r.RowsAffected(); n > 0 {
		res.Moved["contacts"] += n
		res.Notes = append(res.Notes, fmt.Sprintf("%d contact(s) at #%d's domain who first wrote since the merge went back to #%d", n, m.Dropped, m.Dropped))
	}
	dropped, err := emails(m.Dropped)
	if err != nil {
		return err
	}
	kept, err := emails(m.Kept)
	if err != nil {
		return err
	}
	type mailRow struct {
		ID       int64  `db:"id"`
		Thread   int64  `db:"thread_id"`
		Kind     string `db:"kind"`
		From     string `db:"from_email"`
		To       string `db:"to_addrs"`
		Cc       string `db:"cc_addrs"`
		Received int64  `db:"received_at"`
	}
	// whose says whether a message's customer side (its sender when it came
	// in, its recipients when it went out) has contacts of the restored
	// customer, of the kept one.
	whose := func(r mailRow) (drop, keep bool) {
		addrs := []string{r.From}
		if r.Kind == "outbound" {
			addrs = nil
			// messages.to_addrs and cc_addrs are the lower-case addresses
			// joined by commas (joinEmails), not JSON as the outbox's.
			for _, list := range []string{r.To, r.Cc} {
				for _, a := range strings.Split(list, ",") {
					if a != "" {
						addrs = append(addrs, a)
					}
				}
			}
		}
		for _, a := range addrs {
			a = strings.ToLower(strings.TrimSpace(a))
			drop = drop || dropped[a]
			keep = keep || kept[a]
		}
		return drop, keep
	}
	var mail []mailRow
	if err := tx.SelectContext(ctx, &mail, `SELECT id, coalesce(thread_id, 0) AS thread_id, kind, lower(from_email) AS from_email,
		coalesce(to_addrs, '') AS to_addrs, coalesce(cc_addrs, '') AS cc_addrs, received_at
		FROM messages WHERE customer_id = ? ORDER BY id`, m.Kept); err != nil {
		return fmt.Errorf("mail of #%d: %w", m.Kept, err)
	}
	// Conversations begun since the merge with the restored customer's
	// contacts and none of the kept one's.
	var fresh []int64
	if err := tx.SelectContext(ctx, &fresh, `SELECT id FROM threads WHERE customer_id = ? AND created_at >= ?`, m.Kept, m.MergedAt); err != nil {
		return fmt.Errorf("conversations of #%d since the merge: %w", m.Kept, err)
	}
	var threads []int64
	both := 0
	for _, t := range fresh {
		var d, k bool
		for _, r := range mail {
			if r.Thread == t {
				rd, rk := whose(r)
				d, k = d || rd, k || rk
			}
		}
		switch {
		case d && !k:
			threads = append(threads, t)
		case d && k:
			both++
		}
	}
	moveIDs := func(table, col string, ids []int64) (int64, error) {
		if len(ids) == 0 {
			return 0, nil
		}
		arg, _ := json.Marshal(ids)
		r, err := tx.ExecContext(ctx, `UPDATE OR IGNORE `+table+` SET customer_id = ? WHERE customer_id = ? AND `+col+` IN (SELECT value FROM json_each(?))`,
			m.Dropped, m.Kept, string(arg))
		if err != nil {
			return 0, fmt.Errorf("move %s since the merge back: %w", table, err)
		}
		n, _ := r.RowsAffected()
		res.Moved[table] += n
		return n, nil
	}
	if _, err := moveIDs("threads", "id", threads); err != nil {
		return err
	}
	var ours []int64
	if err := tx.SelectContext(ctx, &ours, `SELECT id FROM threads WHERE customer_id = ?`, m.Dropped); err != nil {
		return fmt.Errorf("conversations of #%d: %w", m.Dropped, err)
	}
	isOurs := map[int64]bool{}
	for _, t := range ours {
		isOurs[t] = true
	}
	// The mail in the restored customer's conversations that is not the
	// kept customer's; mail since the merge from or to its contacts alone
	// in the kept customer's conversations stays, and is counted.
	var msgs []int64
	stays := 0
	for _, r := range mail {
		d, k := whose(r)
		switch {
		case isOurs[r.Thread] && !k:
			msgs = append(msgs, r.ID)
		case isOurs[r.Thread] && d:
			both++
		case d && !k && r.Received >= m.MergedAt:
			stays++
		}
	}
	nMsgs, err := moveIDs("messages", "id", msgs)
	if err != nil {
		return err
	}
	if _, err := moveIDs("reply_clocks", "message_id", msgs); err != nil {
		return err
	}
	if len(msgs) > 0 {
		// Who is nudged now: the restored customer's owner (measuring again,
		// as the moved mail marks its conversations to, says the same).
		arg, _ := json.Marshal(msgs)
		if _, err := tx.ExecContext(ctx, `UPDATE reply_clocks SET owner = (SELECT owner FROM customers WHERE id = ?1)
			WHERE customer_id = ?1 AND message_id IN (SELECT value FROM json_each(?2)) AND replied_at IS NULL AND unseen_by IS NULL
			  AND (SELECT owner FROM customers WHERE id = ?1) <> ''`, m.Dropped, string(arg)); err != nil {
			return fmt.Errorf("owner of the clocks moved back: %w", err)
		}
	}
	threadArg, _ := json.Marshal(append([]int64{}, ours...))
	var enrs []int64
	if err := tx.SelectContext(ctx, &enrs, `SELECT id FROM enrollments WHERE customer_id = ? AND created_at >= ?
		AND thread_id IN (SELECT value FROM json_each(?))`, m.Kept, m.MergedAt, string(threadArg)); err != nil {
		return fmt.Errorf("follow-ups since the merge: %w", err)
	}
	if _, err := moveIDs("enrollments", "id", enrs); err != nil {
		return err
	}
	paused := int64(0)
	if len(enrs) > 0 {
		arg, _ := json.Marshal(enrs)
		r, err := tx.ExecContext(ctx, `UPDATE enrollments SET status = 'paused', paused_until = NULL, paused_by_person = 1,
			reason = ?1, rev = rev + 1, updated_at = ?2
			WHERE customer_id = ?3 AND id IN (SELECT value FROM json_each(?4)) AND status IN ('active', 'paused')`,
			fmt.Sprintf("started on #%d while #%d was merged into it, which was undone: resume it or stop it", m.Kept, m.Dropped),
			now.Unix(), m.Dropped, string(arg))
		if err != nil {
			return fmt.Errorf("pause the follow-ups since the merge: %w", err)
		}
		paused, _ = r.RowsAffected()
	}
	enrArg, _ := json.Marshal(append([]int64{}, enrs...))
	for _, t := range []string{"outbox", "tasks"} {
		var ids []int64
		if err := tx.SelectContext(ctx, &ids, `SELECT id FROM `+t+` WHERE customer_id = ? AND created_at >= ?
			AND (thread_id IN (SELECT value FROM json_each(?)) OR enrollment_id IN (SELECT value FROM json_each(?)))`,
			m.Kept, m.MergedAt, string(threadArg), string(enrArg)); err != nil {
			return fmt.Errorf("%s since the merge: %w", t, err)
		}
		if _, err := moveIDs(t, "id", ids); err != nil {
			return err
		}
		if t == "tasks" && len(ids) > 0 {
			arg, _ := json.Marshal(ids)
			if _, err := tx.ExecContext(ctx, `UPDATE tasks SET owner = (SELECT owner FROM customers WHERE id = ?1)
				WHERE customer_id = ?1 AND id IN (SELECT value FROM json_each(?2)) AND done_at IS NULL`, m.Dropped, string(arg)); err != nil {
				return fmt.Errorf("owner of the call tasks moved back: %w", err)
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE OR IGNORE followup_skips SET customer_id = ? WHERE customer_id = ? AND created_at >= ?
		AND thread_id IN (SELECT value FROM json_each(?))`, m.Dropped, m.Kept, m.MergedAt, string(threadArg)); err != nil {
		return fmt.Errorf("follow-up skips since the merge: %w", err)
	}
	for _, t := range []string{"phones", "greetings"} {
		if _, err := tx.ExecContext(ctx, `UPDATE OR IGNORE `+t+` SET customer_id = ? WHERE customer_id = ?
			AND contact_id IN (SELECT id FROM contacts WHERE customer_id = ?)`, m.Dropped, m.Kept, m.Dropped); err != nil {
			return fmt.Errorf("%s of the contacts moved back: %w", t, err)
		}
	}
	if nMsgs > 0 || len(threads) > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d message(s) and %d conversation(s) of #%d's contacts since the merge went back to #%d",
			nMsgs, len(threads), m.Dropped, m.Dropped))
	}
	if paused > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d follow-up(s) started on #%d since the merge went back to #%d paused: resume each (`keepwarm resume ID`, see `keepwarm enrollments`) or stop it",
			paused, m.Kept, m.Dropped))
	}
	if both > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d message(s) or conversation(s) since the merge with contacts of both stay with #%d", both, m.Kept))
	}
	if stays > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d message(s) since the merge from or to contacts of #%d, in conversations of #%d, stay with #%d",
			stays, m.Dropped, m.Kept, m.Kept))
	}
	return nil
}
