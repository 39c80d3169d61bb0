-- The customer book: records, import matching, merges, reviews, the pool, orders.

-- name: book-customer
SELECT id, key, name, domain, owner, grade, country, time_zone, language, created_at,
       tags, notes, opted_out_at, opt_out_reason, source, graded_at, reviewed_at, claimed_at, pool_deadline, won_at,
       coalesce(merged_into, 0) AS merged_into
FROM customers WHERE id = ?;

-- name: book-contacts
SELECT id, customer_id, email, name, salutation, language, birthday, holidays, bounced_at, company_address
FROM contacts WHERE customer_id = ? ORDER BY id;

-- name: book-phones
SELECT p.number, p.name, coalesce(c.email, '') AS email
FROM phones p LEFT JOIN contacts c ON c.id = p.contact_id
WHERE p.customer_id = ? ORDER BY p.id;

-- name: book-resolve
-- Follows merges to the surviving customer.
WITH RECURSIVE chain(id, next, depth) AS (
    SELECT id, merged_into, 0 FROM customers WHERE id = ?1
    UNION ALL
    SELECT c.id, c.merged_into, chain.depth + 1 FROM customers c JOIN chain ON c.id = chain.next WHERE chain.depth < 50
)
SELECT id FROM chain WHERE next IS NULL LIMIT 1;

-- name: book-find
-- ?1: what a user typed: an id, a customer key, a contact email, a company
-- domain or a phone in E.164 (?2). Surviving customers only. A name in
-- another case matches: one with a letter beyond ASCII (its bytes outnumber
-- its characters) by fold, as SQLite's lower() leaves "ООО Ромашка" as it
-- is; an ASCII one by the built-in lower, faster. Every match,
-- best first: two customers of one name (or one phone) are an ambiguity to
-- show, not a choice to make.
SELECT id, rank FROM (
    SELECT id, 0 AS rank FROM customers WHERE CAST(id AS TEXT) = ltrim(?1, '#')
    UNION ALL SELECT coalesce(merged_into, id), 1 FROM customers WHERE key = ?1
    UNION ALL SELECT customer_id, 2 FROM contacts WHERE email = lower(?1)
    UNION ALL SELECT id, 3 FROM customers WHERE domain = lower(?1) AND domain != '' AND merged_into IS NULL
    UNION ALL SELECT customer_id, 4 FROM phones WHERE number = ?2 AND ?2 != ''
    UNION ALL SELECT id, 5 FROM customers WHERE merged_into IS NULL
        AND CASE WHEN length(CAST(?1 AS BLOB)) > length(?1) THEN fold(name) = fold(?1) ELSE lower(name) = lower(?1) END
) ORDER BY rank, id;

-- name: book-find-all
-- book-find's matches, every one, best first (rank, then id): an orders
-- row tells a name two customers share from one customer's. An id counts
-- only written "#1024": an ERP's customer numbers are bare numbers too.
-- A name (rank 5) is compared with the built-in lower(), not fold: the
-- orders import, which runs this once a row inside its write transaction,
-- compares names in Go (foldCompany) whenever the best match is a name or
-- none, so fold would cost every row a scan in Go and decide nothing.
SELECT id, rank FROM (
    SELECT id, 0 AS rank FROM customers WHERE substr(?1, 1, 1) = '#' AND CAST(id AS TEXT) = substr(?1, 2)
    UNION ALL SELECT coalesce(merged_into, id), 1 FROM customers WHERE key = ?1
    UNION ALL SELECT customer_id, 2 FROM contacts WHERE email = lower(?1)
    UNION ALL SELECT id, 3 FROM customers WHERE domain = lower(?1) AND domain != '' AND merged_into IS NULL
    UNION ALL SELECT customer_id, 4 FROM phones WHERE number = ?2 AND ?2 != ''
    UNION ALL SELECT id, 5 FROM customers WHERE merged_into IS NULL
        AND lower(name) = lower(?1)
) ORDER BY rank, id;

-- name: book-list
-- Surviving customers with contacts, counts, the latest inbound mail and the
-- latest real answer since a pool claim. ?1 = 1: only those holding a
-- claim; ?2 = 1: only graded ones (the counts are per customer: asking for
-- the few a job needs spares them for the thousands it does not).
SELECT c.id, c.key, c.name, c.domain, c.owner, c.grade, c.country, c.time_zone, c.language, c.created_at,
       c.tags, c.notes, c.opted_out_at, c.opt_out_reason, c.source, c.graded_at, c.reviewed_at, c.claimed_at, c.pool_deadline, c.won_at,
       0 AS merged_into,
       (SELECT group_concat(ct.email, char(10) ORDER BY ct.email) FROM contacts ct WHERE ct.customer_id = c.id) AS contacts,
       (SELECT count(*) FROM threads t WHERE t.customer_id = c.id) AS threads,
       (SELECT count(*) FROM messages m WHERE m.customer_id = c.id) AS messages,
       (SELECT max(received_at) FROM messages m WHERE m.customer_id = c.id AND m.kind = 'inbound') AS last_inbound_at,
       (SELECT min(received_at) FROM messages m WHERE m.customer_id = c.id AND m.kind = 'inbound'
            AND c.claimed_at IS NOT NULL AND m.received_at > c.claimed_at) AS replied_at
FROM customers c
WHERE c.merged_into IS NULL AND (?1 = 0 OR c.claimed_at IS NOT NULL) AND (?2 = 0 OR c.grade != '')
ORDER BY c.owner = '', c.owner, c.grade = '', c.grade, lower(c.name), c.id;

-- name: book-insert-customer
INSERT INTO customers (key, name, domain, owner, grade, country, time_zone, language, created_at,
                       tags, notes, source, graded_at, named_after_person)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: book-update-customer
UPDATE customers SET name = ?, domain = ?, owner = ?, grade = ?, country = ?, time_zone = ?, language = ?,
       tags = ?, notes = ?, graded_at = ?, opted_out_at = ?
WHERE id = ?;

-- name: book-merge-opt-out
-- ?1 the kept customer, which took its opt-out from ?2, the dropped one:
-- who asked and the answer that asked come with it.
UPDATE customers SET opt_out_message = d.opt_out_message, opt_out_reason = d.opt_out_reason
FROM (SELECT opt_out_message, opt_out_reason FROM customers WHERE id = ?2) AS d
WHERE customers.id = ?1;

-- name: book-insert-contact
INSERT INTO contacts (customer_id, email, name, salutation, language, birthday, holidays, created_at, from_book)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1);

-- name: book-insert-company-address
-- A company's further address from a sheet's email cell: not a person.
INSERT INTO contacts (customer_id, email, language, company_address, created_at, from_book) VALUES (?, ?, ?, 1, ?, 1);

-- name: book-update-contact
UPDATE contacts SET name = ?, salutation = ?, language = ?, birthday = ?, holidays = ? WHERE id = ?;

-- name: book-mark-contact
-- A contact a sheet's row names (its first address): a person the book
-- holds, whether or not mail made the contact first.
UPDATE contacts SET from_book = 1 WHERE id = ? AND from_book = 0;

-- name: book-contact-from-names
-- The names mail from the address ?2 of the contact ?1 came under, found
-- through the contact's own messages (message_contacts), not by reading
-- every message's sender: an import asks this for each shared address.
SELECT DISTINCT m.from_name FROM message_contacts mc CROSS JOIN messages m ON m.id = mc.message_id
WHERE mc.contact_id = ?1 AND m.from_email = ?2 AND m.from_name != '';

-- name: book-contact-mailed
-- Whether mail to or from the contact ?1 is on the desk: mail from its
-- address to a customer links the contact as the mail's sender.
SELECT EXISTS (SELECT 1 FROM message_contacts WHERE contact_id = ?1);

-- name: book-address-going
-- Whether a follow-up (active or paused) or a mail (queued or being sent)
-- goes to the address ?1 (lower case).
SELECT
  EXISTS (SELECT 1 FROM enrollments en, json_each(en.to_addrs) j
          WHERE en.status IN ('active', 'paused') AND lower(json_extract(j.value, '$.email')) = ?1)
  OR EXISTS (SELECT 1 FROM outbox o, json_each(o.to_addrs) j
          WHERE o.status IN ('queued', 'sending') AND lower(json_extract(j.value, '$.email')) = ?1);

-- name: book-contact-salutation-by-hand
-- The user set or emptied the salutation of contact ?1 (customers contact
-- --salutation, the web's contact form): an import keeps it, empty too.
UPDATE contacts SET salutation_by_hand = 1 WHERE id = ?1;

-- name: book-contact-named-by-hand
-- The user said who is at the contact ?1's address (customers contact
-- --name): no import row of another person there renames it.
UPDATE contacts SET named_by_hand = 1 WHERE id = ?1;

-- name: book-customer-named-after-person
-- The customer ?1 is named after the person at its address from now on.
UPDATE customers SET named_after_person = 1 WHERE id = ?1;

-- name: book-rename-named-after
-- A private buyer named after the person at its address (an import names
-- one so: key addr:, no company; named_after_person) follows its
-- contact's new name ?1: the customer ?2 keyed by the contact's address ?3
-- whose name is the contact's old name ?4. ?5 = 1: the import row's
-- company cell is the new name too, which renames it but does not mark it
-- named after the person: a company in the contact column ("Hengda
-- Trading" in both cells) looks the same, and a hand rename of its
-- contact would make the company its person's name for good.
UPDATE customers SET name = ?1
WHERE id = ?2 AND key = 'addr:' || ?3 AND name = ?4 AND ?4 != '' AND ?1 != '' AND merged_into IS NULL
  AND (named_after_person = 1 OR ?5 = 1);

-- name: book-rename-same-person
-- The customer ?1 was renamed with its person from ?3 to ?4: its contacts
-- at the import row's further addresses ?2 (a JSON array) that bear
-- exactly the old name are that person (the shop's "Email 2" named by
-- mail's From line) and take the new name too; one named by hand keeps
-- its name.
UPDATE contacts SET name = ?4
WHERE customer_id = ?1 AND email IN (SELECT value FROM json_each(?2)) AND name = ?3 AND ?3 != '' AND named_by_hand = 0
RETURNING email;

-- name: book-insert-phone
INSERT INTO phones (customer_id, contact_id, number, name, created_at) VALUES (?, ?, ?, ?, ?);

-- name: book-phone-apart
UPDATE phones SET contact_id = NULL, name = ? WHERE number = ? AND contact_id = ?;

-- name: book-match-emails
-- ?1: JSON array of emails. Their customers, by contact or by 'addr:' key.
SELECT DISTINCT ct.customer_id AS id, ct.email AS what FROM contacts ct JOIN json_each(?1) j ON ct.email = j.value
UNION
SELECT coalesce(c.merged_into, c.id), substr(c.key, 6) FROM customers c JOIN json_each(?1) j ON c.key = 'addr:' || j.value;

-- name: book-match-phones
SELECT DISTINCT p.customer_id AS id, p.number AS what FROM phones p JOIN json_each(?1) j ON p.number = j.value;

-- name: book-match-domains
SELECT DISTINCT coalesce(c.merged_into, c.id) AS id, j.value AS what FROM customers c JOIN json_each(?1) j
ON c.key = 'domain:' || j.value OR (c.domain = j.value AND c.merged_into IS NULL);

-- name: book-pool-event
INSERT INTO pool_events (customer_id, event, salesperson, note, at) VALUES (?, ?, ?, ?, ?);

-- name: book-pool-events
-- ?1: a JSON array of [customer, event, salesperson, note], all at ?2:
-- book-pool-event for many at once, in the array's order.
INSERT INTO pool_events (customer_id, event, salesperson, note, at)
SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, ?2 FROM json_each(?1) j ORDER BY j.key;

-- name: book-owner-event
-- A change of owner by hand to ?3 (by ?4, at ?5), with the owner before it (?2).
INSERT INTO pool_events (customer_id, event, salesperson, previous, note, at) VALUES (?1, 'owner', ?3, ?2, ?4, ?5);

-- name: book-history
-- A customer's mail, newest first, with its direction.
SELECT m.id, m.thread_id, m.kind, m.from_email, m.subject, m.received_at, m.mailbox
FROM messages m WHERE m.customer_id = ? ORDER BY m.received_at DESC, m.id DESC LIMIT ?;

-- name: book-reviews
SELECT reviewer, grade_before, grade_after, note, reviewed_at FROM reviews
WHERE customer_id = ? ORDER BY reviewed_at DESC, id DESC;

-- name: book-events
SELECT event, salesperson, note, at FROM pool_events WHERE customer_id = ? ORDER BY at DESC, id DESC;

-- name: book-merges
SELECT dropped_id, dropped_key, dropped_name, moved, merged_by, merged_at, undone_at IS NOT NULL AS undone FROM merges
WHERE kept_id = ? ORDER BY merged_at DESC, id DESC;

-- name: book-pending-claims
-- Pool customers ?1 holds that have neither answered nor been won, and
-- whose deadline (?2 = now) has not passed: what the cap counts.
SELECT count(*) FROM customers c
WHERE c.merged_into IS NULL AND c.owner = ?1 AND c.claimed_at IS NOT NULL AND c.pool_deadline > ?2
  AND c.won_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.customer_id = c.id AND m.kind = 'inbound'
                  AND m.received_at > c.claimed_at);

-- name: book-expired-claims
-- Claims whose deadline (<= ?1) passed with no real answer and no win in time.
SELECT c.id, c.owner, c.pool_deadline FROM customers c
WHERE c.merged_into IS NULL AND c.claimed_at IS NOT NULL AND c.pool_deadline <= ?1
  AND (c.won_at IS NULL OR c.won_at > c.pool_deadline)
  AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.customer_id = c.id AND m.kind = 'inbound'
                  AND m.received_at > c.claimed_at AND m.received_at <= c.pool_deadline)
ORDER BY c.id;

-- name: book-customer-mailboxes
-- The mailboxes holding mail of customer ?1: its answer to a claim can land
-- in any of them (a buyer answers a colleague's earlier mail), also one
-- holding only a copy of mail first seen elsewhere (a forward, a Cc).
SELECT mailbox FROM messages WHERE customer_id = ?1
UNION
SELECT mc.mailbox FROM messages m CROSS JOIN message_copies mc ON mc.message_id = m.id WHERE m.customer_id = ?1
ORDER BY mailbox;

-- name: book-last-let-go
-- When salesperson ?2 last let customer ?1 go back to the pool (its
-- deadline passed, or they released it): the cool-down counts from then.
SELECT max(at) FROM pool_events WHERE customer_id = ?1 AND salesperson = ?2 AND event IN ('returned', 'released');

-- name: book-last-pool-event
-- The latest thing that happened to customer ?1 in the pool.
SELECT event, salesperson, at FROM pool_events WHERE customer_id = ?1 ORDER BY at DESC, id DESC LIMIT 1;

-- name: book-claims-since
-- Pool customers ?1 took after ?2: claimed, or handed out in turn (round
-- robin makes a claim in their name). The daily cap counts both.
SELECT count(*) FROM pool_events WHERE salesperson = ?1 AND at > ?2
  AND (event = 'claimed' OR (event = 'assigned' AND note = 'round robin'));

-- name: book-set-owner
-- ?1 salesperson, ?2 customer: the pool gives the customer to who wrote to
-- them first.
UPDATE customers SET owner = ?1 WHERE id = ?2;

-- name: book-set-owners
-- ?1: a JSON array of [customer, salesperson]: the pool gives each
-- customer to who wrote to them first (book-set-owner, for many at once).
UPDATE customers SET owner = j.value ->> 1
FROM json_each(?1) j WHERE customers.id = j.value ->> 0;

-- name: book-set-claims
-- ?1: a JSON array of [customer, salesperson]: round robin hands each
-- customer to the salesperson as a claim made at ?2 with its deadline at ?3
-- (book-set-claim, for many at once).
UPDATE customers SET owner = j.value ->> 1, claimed_at = ?2, pool_deadline = ?3, won_at = NULL
FROM json_each(?1) j WHERE customers.id = j.value ->> 0;

-- name: book-set-claim
UPDATE customers SET owner = ?, claimed_at = ?, pool_deadline = ?, won_at = NULL WHERE id = ?;

-- name: book-hand-to
-- ?1 the new owner of customer ?2, given by hand (a hand-over, `customers
-- set --owner`): any claim ends, but a win is the company's and stays.
UPDATE customers SET owner = ?1, claimed_at = NULL, pool_deadline = NULL WHERE id = ?2;

-- name: book-new-mail-customers
-- Customers mail created that the pool has not handled yet, with their
-- first inbound and first outbound message's sender (and the mailbox it was
-- first seen in: its Sent). One with no inbound or outbound mail yet (only
-- bounces or automatic answers) is left to a later run, when it has some.
SELECT c.id,
       (SELECT m.from_email FROM messages m WHERE m.customer_id = c.id AND m.kind = 'outbound'
        ORDER BY m.received_at, m.id LIMIT 1) AS first_out_from,
       (SELECT m.mailbox FROM messages m WHERE m.customer_id = c.id AND m.kind = 'outbound'
        ORDER BY m.received_at, m.id LIMIT 1) AS first_out_mailbox,
       (SELECT min(m.received_at) FROM messages m WHERE m.customer_id = c.id AND m.kind = 'outbound') AS first_out_at,
       (SELECT min(m.received_at) FROM messages m WHERE m.customer_id = c.id AND m.kind = 'inbound') AS first_in_at
FROM customers c
WHERE c.merged_into IS NULL AND c.owner = '' AND c.source = 'mail'
  AND NOT EXISTS (SELECT 1 FROM pool_events e WHERE e.customer_id = c.id)
  AND EXISTS (SELECT 1 FROM messages m WHERE m.customer_id = c.id AND m.kind IN ('inbound', 'outbound'))
ORDER BY c.id;

-- name: book-pool-answered
-- Who wrote to the customers still in the pool (nobody claimed them or was
-- handed them since their latest pool event), each sender and the mailbox
-- it was first seen in with when, per customer first first, with that
-- event, who it names and when. A customer pooled as an unknown sender's
-- inquiry ('pooled') counts all mail, not only mail written after the
-- pooling: a salesperson's Sent may be synced after the team INBOX that
-- pooled it. One an import created in the pool (the note 'imported to the
-- pool') counts mail from the import on, and only once the customer wrote
-- in since the import, or answered that mail (the customer's inbound
-- whose In-Reply-To names it; without one, the customer's inbound in its
-- thread when it is the thread's latest outbound mail before: a thread
-- built by subject may hold a colleague's earlier mail of the same
-- template, which the customer did not answer): the manager put it there, its history a later
-- first sync brings names nobody, and a salesperson's cold mail to a lead
-- (a mail-merge to a trade-fair list) answers nothing until the lead
-- replies to it (then the conversation is hers, not a colleague's who
-- claims or mails first): without a reply she claims it under the caps. One given its pooled event by the upgrade ('in the pool
-- at the upgrade', migration 0564) is alike from the upgrade on: an
-- inquiry from before it, perhaps answered long since by one salesperson,
-- does not make a colleague's later mail (a mail-merge) an answer; the
-- customer's next mail, or its reply since the upgrade to a mail (one
-- from before it too: the conversation a salesperson was having), does.
-- One that went back to the pool ('returned', 'released')
-- counts mail written after that only: the mail before was its claim's.
-- Its latest going back is the event even when a pooled one came later: a
-- merge of two pool customers brings the other's pooled event along, and
-- the mail of the claim before does not become a pooled inquiry's.
-- at_after is the sender's first mail from the end of the cool-down of ?1
-- seconds on (NULL when none): the mail of whoever let it go counts only
-- from then. The CROSS JOINs keep the pool's customers driving the loop,
-- each one's outbound mail read through messages_customer: without
-- statistics SQLite read every outbound message of the database through
-- messages_kind instead and looked up its customer (60-70 ms of each run
-- of the book job at 100,000 messages, for a pool of a few customers).
-- A reply answers the mail its In-Reply-To names when that is one of the
-- customer's stored outbound mails; naming none (a relay rewrote the
-- Message-ID), it answers the latest outbound mail before it in its thread.
-- first_id (first_id_after for at_after) is the lowest id of the sender's
-- mail counted: of two senders at the same second, the one stored first
-- wins, whatever order the plan gives equal times.
SELECT c.id, m.from_email, m.mailbox, min(m.received_at) AS at, e.event, e.salesperson AS let_go_by, e.at AS event_at,
       min(CASE WHEN m.received_at >= e.at + ?1 THEN m.received_at END) AS at_after,
       min(m.id) AS first_id, min(CASE WHEN m.received_at >= e.at + ?1 THEN m.id END) AS first_id_after
FROM customers c
CROSS JOIN pool_events e ON e.id = (SELECT e2.id FROM pool_events e2 WHERE e2.customer_id = c.id
                                    ORDER BY e2.event IN ('returned', 'released') DESC, e2.at DESC, e2.id DESC LIMIT 1)
CROSS JOIN messages m ON m.customer_id = c.id AND m.kind = 'outbound'
WHERE c.merged_into IS NULL AND c.owner = '' AND c.claimed_at IS NULL
  AND ((e.event = 'pooled' AND (e.note NOT IN ('imported to the pool', 'in the pool at the upgrade')
                                 OR ((m.received_at >= e.at OR e.note = 'in the pool at the upgrade') AND EXISTS (
                                     SELECT 1 FROM messages i WHERE i.customer_id = c.id AND i.kind = 'inbound'
                                       AND i.received_at >= e.at
                                       AND ((m.received_at >= e.at AND i.received_at <= m.received_at)
                                            OR CASE WHEN i.in_reply_to != '' AND EXISTS (
                                                        SELECT 1 FROM messages o WHERE o.customer_id = c.id AND o.kind = 'outbound'
                                                          AND o.message_id != ''
                                                          AND instr(' ' || i.in_reply_to || ' ', ' ' || o.message_id || ' ') > 0)
                                               THEN m.message_id != '' AND instr(' ' || i.in_reply_to || ' ', ' ' || m.message_id || ' ') > 0
                                               ELSE i.thread_id = m.thread_id AND i.received_at > m.received_at
                                                    AND NOT EXISTS (SELECT 1 FROM messages p WHERE p.thread_id = i.thread_id
                                                                      AND p.kind = 'outbound' AND p.received_at > m.received_at
                                                                      AND p.received_at < i.received_at) END)))))
       OR (e.event IN ('returned', 'released') AND m.received_at > e.at))
GROUP BY c.id, m.from_email, m.mailbox ORDER BY c.id, at, first_id;

-- name: book-outbound-senders
-- Who wrote to customer ?1, each sender and the mailbox it was first seen in
-- with when, first first: when the first outbound mail is the shared team
-- mailbox's, the pool looks for the first salesperson's.
SELECT m.from_email, m.mailbox, min(m.received_at) AS at FROM messages m
WHERE m.customer_id = ?1 AND m.kind = 'outbound'
GROUP BY m.from_email, m.mailbox ORDER BY at LIMIT 100;

-- name: book-last-round-robin
SELECT salesperson FROM pool_events WHERE event = 'assigned' AND note = 'round robin' ORDER BY id DESC LIMIT 1;

-- name: book-insert-order
INSERT INTO orders (key, customer_id, ordered_at, cents, currency, ref, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING;

-- name: book-revenues
-- Revenue per surviving customer and currency from ?1 (Unix seconds) on.
-- Refunds (negative amounts) lower the revenue but are not orders: they do
-- not count, nor move the first and last order of the rhythm. Orders are
-- counted by their number, and rows without one by their date: an export
-- writing each line of an order on its own row, without a number, gives
-- the rhythm one order a day, not one a row.
SELECT c.id AS customer_id, c.name AS customer, c.owner, c.grade, o.currency,
       sum(o.cents) AS cents,
       count(DISTINCT CASE WHEN o.cents > 0 THEN
             CASE WHEN o.ref != '' THEN 'ref:' || o.ref ELSE 'at:' || (o.ordered_at/86400) END END) AS orders,
       coalesce(min(CASE WHEN o.cents > 0 THEN o.ordered_at END), 0) AS first_order,
       coalesce(max(CASE WHEN o.cents > 0 THEN o.ordered_at END), 0) AS last_order
FROM orders o JOIN customers c ON c.id = o.customer_id
WHERE o.ordered_at >= ?1 AND c.merged_into IS NULL
GROUP BY c.id, o.currency;

-- name: book-let-go-since
-- ?1: customer, ?2: since, ?3: whose follow-up asks. The first time since
-- then the customer went back to the pool (released by its salesperson or
-- returned at its deadline), and who let it go. A customer merged into this
-- one brought its pool history along (a merge not undone lists the rows it
-- moved); its letting go counts only for whoever let it go, whose own
-- follow-up of it came along too: this customer never left its owner.
SELECT salesperson, at FROM pool_events
WHERE customer_id = ?1 AND event IN ('released', 'returned') AND at >= ?2
  AND (lower(salesperson) = lower(?3) OR id NOT IN (
       SELECT j.value FROM merges g, json_each(g.moved_rows, '$.pool_events') j
       WHERE g.kept_id = ?1 AND g.undone_at IS NULL))
ORDER BY at LIMIT 1;

-- name: book-handed-since
-- ?1: customer, ?2: since. The latest change of owner by hand since then
-- ('owner': set by a person or an import), to whom and when.
SELECT salesperson, at FROM pool_events
WHERE customer_id = ?1 AND event = 'owner' AND at >= ?2
ORDER BY at DESC, id DESC LIMIT 1;

-- name: book-handed-away
-- ?1: customer, ?2: since, ?3: a person. Whether a change of owner by hand
-- since then took the customer from ?3 to someone else, or from an owner
-- not recorded (events older than the previous column): when unsure, it
-- did.
SELECT EXISTS (SELECT 1 FROM pool_events
WHERE customer_id = ?1 AND event = 'owner' AND at >= ?2 AND lower(salesperson) <> lower(?3)
  AND (previous IS NULL OR lower(previous) = lower(?3)));

-- name: book-ungraded-active
-- ?1: owner, ?2: since. The owner's surviving customers with no grade that
-- wrote since then, latest first: new customers to grade. (Customers a first
-- sync made from years of history and that stay quiet are not listed.)
SELECT c.id, c.key, c.name,
       (SELECT max(m.received_at) FROM messages m WHERE m.customer_id = c.id AND m.kind = 'inbound') AS last_inbound_at
FROM customers c
WHERE c.merged_into IS NULL AND c.grade = '' AND c.owner = ?1
  AND EXISTS (SELECT 1 FROM messages m WHERE m.customer_id = c.id AND m.kind = 'inbound' AND m.received_at >= ?2)
ORDER BY last_inbound_at DESC, c.id;

-- name: contact-left-get
SELECT id, customer_id, coalesce(left_at, 0) AS left_at FROM contacts WHERE email = lower(?1);

-- name: contact-left-ended
-- The follow-ups of customer ?1 that the flag on address ?3, set at ?2,
-- ended: nobody left to write to, this address among them.
SELECT id, thread_id FROM enrollments
WHERE customer_id = ?1 AND status = 'bounced' AND updated_at >= ?2 AND reason LIKE '%left the company%'
  AND (instr(lower(to_addrs), '"' || ?3 || '"') > 0 OR instr(lower(reason), ?3) > 0)
ORDER BY id;

-- name: contact-left-clear
-- A person says the contact has not left the company (?2 when): the flag
-- goes, and the same note again flags nothing (ingest-contact-left).
UPDATE contacts SET left_at = NULL, not_left_at = ?2, not_left_successor = successor WHERE id = ?1;
