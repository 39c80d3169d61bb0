-- Who owned the customer before an 'owner' event (a change of owner by
-- hand): a follow-up stops when the customer is handed away from the
-- salesperson it speaks for, not when it changes hands between others (a
-- colleague's own thread goes on). NULL: not recorded (events from before
-- this column, and the other events).
ALTER TABLE pool_events ADD COLUMN previous TEXT;
