-- name: products-all
SELECT id, name, tags, pitches, link, price, moq, image_url FROM products ORDER BY name COLLATE NOCASE;

-- name: products-upsert
INSERT INTO products (name, tags, pitches, link, price, moq, image_url, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (name) DO UPDATE SET name = excluded.name, tags = excluded.tags, pitches = excluded.pitches,
    link = excluded.link, price = excluded.price, moq = excluded.moq, image_url = excluded.image_url,
    updated_at = excluded.updated_at
WHERE products.tags != excluded.tags OR products.pitches != excluded.pitches OR products.link != excluded.link
   OR products.price != excluded.price OR products.moq != excluded.moq OR products.image_url != excluded.image_url
   OR products.name != excluded.name;

-- name: products-delete-missing
DELETE FROM products WHERE name NOT IN (SELECT value FROM json_each(?));

-- name: products-customer-words
-- What a customer's mail is about: the subjects and snippets of their
-- latest messages, for matching product words.
-- One ordered read of the customer's index per kind, each stopping at 200.
SELECT words FROM (
    SELECT * FROM (SELECT subject || ' ' || snippet AS words, received_at, id FROM messages
                   WHERE customer_id = ?1 AND kind = 'inbound' ORDER BY received_at DESC, id DESC LIMIT 200)
    UNION ALL
    SELECT * FROM (SELECT subject || ' ' || snippet, received_at, id FROM messages
                   WHERE customer_id = ?1 AND kind = 'outbound' ORDER BY received_at DESC, id DESC LIMIT 200)
)
ORDER BY received_at DESC, id DESC LIMIT 200;
