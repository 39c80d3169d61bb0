-- messages.list_member_of is the List-Id of list mail that came through
-- that one list and names none of the team's addresses in To or Cc: the
-- list sent it to someone of the team as a member of it. A list answer
-- naming the team counts as the answer of the list's own customer only
-- while no such copy of that list is stored, in any mailbox (see
-- saver.listMember): one index probe, whatever the mail. Filled at ingest
-- from this version on; mail stored before is not read again for it (the
-- README says so).
ALTER TABLE messages ADD COLUMN list_member_of TEXT;
CREATE INDEX messages_list_member_of ON messages(list_member_of) WHERE list_member_of IS NOT NULL;
