-- "Received, working on it" drafts (outbox origin 'ack', key 'ack:<message id>').

-- name: ack-own-message
-- The team's latest outbound message with a text in a thread before ?2.
SELECT m.id FROM messages m JOIN message_texts t ON t.message_id = m.id
WHERE m.thread_id = ?1 AND m.kind = 'outbound' AND m.received_at < ?2
ORDER BY m.received_at DESC, m.id DESC LIMIT 1;

-- name: ack-answered
-- Drafts filed whose removal has not settled yet and that nobody should
-- send any more:
--   - "received" drafts whose customer message has been settled since:
--     answered (an outbound message of the team later in the (current)
--     thread of that message, other than the draft itself and than a
--     follow-up step, greeting or letter keepwarm sent, or the answer
--     its reply clock found, which may be in another thread: see
--     replies-elsewhere), answered by mail keepwarm never saw (its
--     clock's unseen_by: the customer replied to that mail) or marked
--     "no answer needed" (reply_waivers); one whose filing was cut off
--     (uncertain) or given up as failed after an APPEND of it lost its
--     answer (append_lost) may be in Drafts too, and is looked for there
--     (RemoveDraft answers "gone" when it never landed) when queued since
--     ?1, as greetings are: an older one is not worth a login each;
--   - follow-up steps filed in draft mode whose follow-up has ended for a
--     reason that makes them wrong to send: the customer answered, the
--     address bounced or opted out, a person stopped it, or a newer
--     follow-up of the thread replaced it. (A completed or failed one keeps
--     its drafts: they are still what the salesperson was to send.) A step
--     keepwarm stopped while filing it (uncertain), or given up as failed
--     after an APPEND of it lost its answer (append_lost), may be in
--     Drafts too, and the follow-up's end settled it off every list: it is
--     looked for there as well (RemoveDraft answers "gone" when it never
--     landed);
--   - greetings and monthly letters filed in draft mode, queued since ?1
--     (their occasion not long past), to a recipient who has since asked
--     for no more mail (the address or the customer) or whose address
--     bounced; also one given up as uncertain (its APPEND lost its answer:
--     it may be in Drafts, where she would find it and send it), unless a
--     person dealt with it;
--   - any draft, queued since ?1, whose APPEND lost its answer (it may be
--     in Drafts) and that was then skipped, by its last look (a greeting's
--     day or a letter's month over, she is away past it, an opt-out, a
--     step put back to be done again) or by a person: it is not to be
--     sent, and RemoveDraft answers "gone" when it never landed.
SELECT o.* FROM outbox o
JOIN messages m ON m.id = CAST(substr(o.key, 5) AS INTEGER)
WHERE o.origin = 'ack' AND o.mode = 'draft'
  AND (o.status IN ('drafted', 'uncertain') OR (o.status = 'failed' AND o.append_lost = 1))
  AND (o.status = 'drafted' OR o.created_at >= ?1)
  AND NOT EXISTS (SELECT 1 FROM ack_drafts a WHERE a.outbox_id = o.id)
  AND (EXISTS (SELECT 1 FROM messages r
               WHERE r.thread_id = m.thread_id AND r.kind = 'outbound'
                 AND r.received_at >= m.received_at AND r.id != m.id
                 AND r.message_id != o.message_id
                 AND NOT EXISTS (SELECT 1 FROM outbox s WHERE s.message_id = r.message_id
                                 AND s.origin IN ('sequence', 'greeting', 'letter'))
                 AND NOT EXISTS (SELECT 1 FROM outbox s WHERE s.sent_copy = r.message_id
                                 AND s.sent_copy != '' AND s.origin IN ('sequence', 'greeting', 'letter')))
       OR EXISTS (SELECT 1 FROM reply_clocks rc JOIN messages r ON r.id = rc.reply_id
                  WHERE rc.message_id = m.id AND r.message_id != o.message_id
                    AND NOT EXISTS (SELECT 1 FROM outbox s WHERE s.message_id = r.message_id
                                    AND s.origin IN ('sequence', 'greeting', 'letter'))
                    AND NOT EXISTS (SELECT 1 FROM outbox s WHERE s.sent_copy = r.message_id
                                    AND s.sent_copy != '' AND s.origin IN ('sequence', 'greeting', 'letter')))
       OR EXISTS (SELECT 1 FROM reply_waivers w WHERE w.message_id = m.id)
       OR EXISTS (SELECT 1 FROM reply_clocks rc WHERE rc.message_id = m.id AND rc.unseen_by IS NOT NULL))
UNION ALL
SELECT o.* FROM outbox o
JOIN enrollments e ON e.id = o.enrollment_id
WHERE o.origin = 'sequence' AND o.mode = 'draft'
  AND (o.status IN ('drafted', 'uncertain') OR (o.status = 'failed' AND o.append_lost = 1))
  AND NOT EXISTS (SELECT 1 FROM ack_drafts a WHERE a.outbox_id = o.id)
  AND e.status IN ('replied', 'bounced', 'opted-out', 'stopped', 'superseded')
UNION ALL
SELECT o.* FROM outbox o
WHERE o.origin IN ('greeting', 'letter') AND o.mode = 'draft'
  AND (o.status = 'drafted' OR o.status = 'uncertain' AND o.settled_at IS NULL)
  AND o.created_at >= ?1
  AND NOT EXISTS (SELECT 1 FROM ack_drafts a WHERE a.outbox_id = o.id)
  AND (EXISTS (SELECT 1 FROM customers c WHERE c.id = o.customer_id AND c.opted_out_at IS NOT NULL)
       OR EXISTS (SELECT 1 FROM json_each(o.to_addrs) t
                  WHERE EXISTS (SELECT 1 FROM opt_outs oo WHERE oo.email = lower(json_extract(t.value, '$.email')))
                     OR EXISTS (SELECT 1 FROM contacts ct WHERE ct.email = lower(json_extract(t.value, '$.email'))
                                                          AND ct.bounced_at IS NOT NULL)))
UNION ALL
SELECT o.* FROM outbox o
WHERE o.status = 'skipped' AND o.mode = 'draft' AND o.append_lost = 1
  AND o.created_at >= ?1
  AND NOT EXISTS (SELECT 1 FROM ack_drafts a WHERE a.outbox_id = o.id)
ORDER BY id;

-- name: ack-message-answered
-- ?1: a draft's key. Whether its customer message has been answered (1 or
-- 0: in its thread, or elsewhere as its reply clock found, or by mail
-- keepwarm never saw as its reply clock found), and who marked it "no answer needed" ('' unmarked); no row when the
-- message is gone.
SELECT EXISTS (SELECT 1 FROM messages r
               WHERE r.thread_id = m.thread_id AND r.kind = 'outbound'
                 AND r.received_at >= m.received_at AND r.id != m.id
                 AND r.message_id NOT IN (SELECT message_id FROM outbox WHERE key = ?1)
                 AND NOT EXISTS (SELECT 1 FROM outbox s WHERE s.message_id = r.message_id
                                 AND s.origin IN ('sequence', 'greeting', 'letter'))
                 AND NOT EXISTS (SELECT 1 FROM outbox s WHERE s.sent_copy = r.message_id
                                 AND s.sent_copy != '' AND s.origin IN ('sequence', 'greeting', 'letter')))
       OR EXISTS (SELECT 1 FROM reply_clocks rc JOIN messages r ON r.id = rc.reply_id
                  WHERE rc.message_id = m.id
                    AND r.message_id NOT IN (SELECT message_id FROM outbox WHERE key = ?1)
                 AND NOT EXISTS (SELECT 1 FROM outbox s WHERE s.message_id = r.message_id
                                 AND s.origin IN ('sequence', 'greeting', 'letter'))
                 AND NOT EXISTS (SELECT 1 FROM outbox s WHERE s.sent_copy = r.message_id
                                 AND s.sent_copy != '' AND s.origin IN ('sequence', 'greeting', 'letter')))
       OR EXISTS (SELECT 1 FROM reply_clocks rc WHERE rc.message_id = m.id AND rc.unseen_by IS NOT NULL) AS answered,
       coalesce(w.waived_by, '') AS waived_by
FROM messages m
LEFT JOIN reply_waivers w ON w.message_id = m.id
WHERE m.id = CAST(substr(?1, 5) AS INTEGER);

-- name: ack-settle
INSERT OR IGNORE INTO ack_drafts (outbox_id, outcome, at) VALUES (?1, ?2, ?3);

-- name: ack-settle-uncertain
-- ?1 the item, ?2 now, ?3 the outcome (removed, gone). An uncertain
-- greeting, letter or "received" draft (or a "received" draft failed after
-- its filing lost the server's answer) taken out of Drafts (or not there)
-- is no longer one to look for in Drafts: the desk, the digest's "Drafts
-- to check" and `keepwarm outbox` stop showing it.
-- Not found (gone) is not "taken out": it may have landed and been sent or
-- deleted by her, so the note must not say it never went.
UPDATE outbox SET settled_at = ?2,
  settled = CASE ?3 WHEN 'gone' THEN 'not in Drafts when ' ELSE 'taken out of Drafts by keepwarm: ' END ||
            CASE origin WHEN 'ack' THEN 'its message was answered, or marked no answer needed'
                        ELSE 'its recipient opted out or bounced' END ||
            CASE ?3 WHEN 'gone' THEN ' (never filed, or sent or deleted by her)' ELSE '' END
WHERE id = ?1 AND settled_at IS NULL
  AND (status = 'uncertain' OR (status = 'failed' AND append_lost = 1 AND origin = 'ack'))
  AND origin IN ('greeting', 'letter', 'ack');

-- name: ack-dealt
-- ?1 now, ?2 the outbox id: a person dealt with a draft keepwarm could not
-- take out of Drafts (web-stale-drafts).
UPDATE ack_drafts SET dealt_at = ?1
WHERE outbox_id = ?2 AND dealt_at IS NULL AND (outcome = 'edited' OR outcome LIKE 'kept%');

-- name: ack-outcome
SELECT outcome FROM ack_drafts WHERE outbox_id = ?1;
