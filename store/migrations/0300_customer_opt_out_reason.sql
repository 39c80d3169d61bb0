-- 0300: who asked that the whole customer get no more mail. An answer that
-- asks in the plural ("please remove us from your list") opts the company
-- out, not only the address that wrote it: opt_out_message is that answer
-- (messages.id; 0 when a person set it) and opt_out_reason names who asked,
-- for the digest and the customer page. Undoing the opt-out (opted_out_at
-- back to NULL, as customers edit --opted-out=false does) forgets both.
ALTER TABLE customers ADD COLUMN opt_out_message INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN opt_out_reason TEXT NOT NULL DEFAULT '';

CREATE TRIGGER customers_opt_in AFTER UPDATE OF opted_out_at ON customers
WHEN NEW.opted_out_at IS NULL AND (OLD.opt_out_message != 0 OR OLD.opt_out_reason != '')
BEGIN
    UPDATE customers SET opt_out_message = 0, opt_out_reason = '' WHERE id = NEW.id;
END;
