-- 0382: a customer in Taiwan, Hong Kong or Macao the book writes to in
-- Simplified Chinese because a person said so by name (customers set
-- --lang zh-Hans: a Hong Kong importer run by mainland staff), not because
-- the book's old default for those countries left "zh". check and the
-- daemon's start name only the others. Any language other than Simplified
-- Chinese forgets the choice (an import setting zh-hant, say), so that
-- "zh" written there again is named again.
ALTER TABLE customers ADD COLUMN simplified_chosen INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER customers_simplified_unchosen AFTER UPDATE OF language ON customers
WHEN NEW.simplified_chosen != 0 AND lower(trim(NEW.language)) != 'zh'
BEGIN
    UPDATE customers SET simplified_chosen = 0 WHERE id = NEW.id;
END;
