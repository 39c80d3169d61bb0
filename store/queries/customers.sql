-- name: customers-list
-- Every customer with its contacts, thread and message counts and latest
-- inbound/outbound arrival; most recently active first, then never active.
SELECT c.id, c.key, c.name, c.domain, c.owner, c.grade, c.country, c.time_zone, c.language, c.created_at,
       (SELECT group_concat(ct.email, char(10) ORDER BY ct.email) FROM contacts ct WHERE ct.customer_id = c.id) AS contacts,
       (SELECT count(*) FROM threads t WHERE t.customer_id = c.id) AS threads,
       count(m.id) AS messages,
       max(CASE WHEN m.kind = 'inbound' THEN m.received_at END) AS last_inbound_at,
       max(CASE WHEN m.kind = 'outbound' THEN m.received_at END) AS last_outbound_at,
       max(m.received_at) AS last_at
FROM customers c
LEFT JOIN messages m ON m.customer_id = c.id
GROUP BY c.id
ORDER BY last_at IS NULL, last_at DESC, c.key;

-- name: customer-countries
-- How many customers each country has (the book's ISO codes), for the
-- calendars they need.
SELECT upper(trim(country)) AS country, count(*) AS n
FROM customers
WHERE trim(country) <> ''
GROUP BY upper(trim(country))
ORDER BY upper(trim(country));

-- name: customers-simplified-in-traditional
-- Customers in Taiwan, Hong Kong or Macao the book writes to in
-- Simplified Chinese: the country's default before Traditional Chinese
-- was a language of its own, or the sheet's word; not those a person set
-- to Simplified by name (0382). A merged-away customer is not written to,
-- and its key names the survivor.
SELECT key
FROM customers
WHERE upper(trim(country)) IN ('TW', 'HK', 'MO') AND lower(trim(language)) = 'zh'
  AND merged_into IS NULL AND simplified_chosen = 0
ORDER BY key;

-- name: customers-simplified-in-traditional-before-0382
-- The same on a database 0382 is still to be applied to (check at an
-- upgrade): no customer has been set to Simplified by name yet.
SELECT key
FROM customers
WHERE upper(trim(country)) IN ('TW', 'HK', 'MO') AND lower(trim(language)) = 'zh'
  AND merged_into IS NULL
ORDER BY key;

-- name: customers-simplified-chosen-column
SELECT count(*) FROM pragma_table_info('customers') WHERE name = 'simplified_chosen';

-- name: customer-set-simplified-chosen
UPDATE customers SET simplified_chosen = ? WHERE id = ?;

-- name: customers-with-domain
-- The surviving customers with a domain, with their owner and how many
-- contacts they hold (check names those whose domain is free mail now).
SELECT c.id, c.domain, c.owner, (SELECT count(*) FROM contacts ct WHERE ct.customer_id = c.id) AS contacts
FROM customers c WHERE c.domain != '' AND c.merged_into IS NULL ORDER BY c.id;
