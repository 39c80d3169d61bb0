-- 0449: the team's own calendar answer to a customer's meeting invitation
-- (Outlook's "Accepted: Quotation review PI-2026-031", filed in Sent) has
-- been marked calendar_reply, and not followed up, only since 0424's
-- column was set for it; one stored before is still outbound mail whose
-- follow-up chases a calendar click. Which stored copy had a METHOD=REPLY
-- part is not kept, so only what is surely one is marked: the team's mail
-- titled as a calendar titles its answer, its text read and empty, with
-- no attachment (a person's "Accepted: your offer" has words). A live
-- follow-up of such a mail is held for a person, saying so: it may have
-- gone out already, and only a person knows whether the thread needs one.
-- One set aside (for want of a mailbox or a grade) is no longer listed as
-- mail not followed up, as a marked one never is.
UPDATE messages SET calendar_reply = 1
WHERE kind = 'outbound' AND calendar_reply = 0 AND text_pending = 0 AND trim(snippet, ' ' || char(9, 10, 13)) = ''
  AND attachments = '' AND (
       subject LIKE 'Accepted:%' OR subject LIKE 'Accepted：%' OR subject LIKE 'Declined:%' OR
       subject LIKE 'Declined：%' OR subject LIKE 'Tentative:%' OR subject LIKE 'Tentative：%' OR
       subject LIKE 'Tentatively accepted:%' OR subject LIKE 'Tentatively accepted：%' OR subject LIKE 'Angenommen:%' OR
       subject LIKE 'Angenommen：%' OR subject LIKE 'Abgelehnt:%' OR subject LIKE 'Abgelehnt：%' OR
       subject LIKE 'Mit Vorbehalt angenommen:%' OR subject LIKE 'Mit Vorbehalt angenommen：%' OR subject LIKE 'Accepté:%' OR
       subject LIKE 'Accepté：%' OR subject LIKE 'Refusé:%' OR subject LIKE 'Refusé：%' OR
       subject LIKE 'Provisoire:%' OR subject LIKE 'Provisoire：%' OR subject LIKE 'Aceptado:%' OR
       subject LIKE 'Aceptado：%' OR subject LIKE 'Rechazado:%' OR subject LIKE 'Rechazado：%' OR
       subject LIKE 'Provisional:%' OR subject LIKE 'Provisional：%' OR subject LIKE 'Aceita:%' OR
       subject LIKE 'Aceita：%' OR subject LIKE 'Aceito:%' OR subject LIKE 'Aceito：%' OR
       subject LIKE 'Aceite:%' OR subject LIKE 'Aceite：%' OR subject LIKE 'Recusada:%' OR
       subject LIKE 'Recusada：%' OR subject LIKE 'Recusado:%' OR subject LIKE 'Recusado：%' OR
       subject LIKE 'Provisório:%' OR subject LIKE 'Provisório：%' OR subject LIKE 'Accettato:%' OR
       subject LIKE 'Accettato：%' OR subject LIKE 'Rifiutato:%' OR subject LIKE 'Rifiutato：%' OR
       subject LIKE 'Provvisorio:%' OR subject LIKE 'Provvisorio：%' OR subject LIKE 'Принято:%' OR
       subject LIKE 'Принято：%' OR subject LIKE 'принято:%' OR subject LIKE 'принято：%' OR
       subject LIKE 'Отклонено:%' OR subject LIKE 'Отклонено：%' OR subject LIKE 'отклонено:%' OR
       subject LIKE 'отклонено：%' OR subject LIKE '已接受:%' OR subject LIKE '已接受：%' OR
       subject LIKE '已拒绝:%' OR subject LIKE '已拒绝：%' OR subject LIKE '已拒絕:%' OR
       subject LIKE '已拒絕：%' OR subject LIKE '暂定:%' OR subject LIKE '暂定：%' OR
       subject LIKE '暫定:%' OR subject LIKE '暫定：%' OR subject LIKE '接受:%' OR
       subject LIKE '接受：%' OR subject LIKE '拒绝:%' OR subject LIKE '拒绝：%' OR
       subject LIKE '拒絕:%' OR subject LIKE '拒絕：%' OR subject LIKE '承諾:%' OR
       subject LIKE '承諾：%' OR subject LIKE '辞退:%' OR subject LIKE '辞退：%' OR
       subject LIKE '仮承諾:%' OR subject LIKE '仮承諾：%' OR subject LIKE '수락:%' OR
       subject LIKE '수락：%' OR subject LIKE '수락됨:%' OR subject LIKE '수락됨：%' OR
       subject LIKE '거절:%' OR subject LIKE '거절：%' OR subject LIKE '거절됨:%' OR
       subject LIKE '거절됨：%' OR subject LIKE '미정:%' OR subject LIKE '미정：%');
UPDATE enrollments SET status = 'paused', paused_until = NULL, paused_by_person = 0,
       reason = 'on hold: it follows up a calendar''s answer to a meeting invitation ('
                || (SELECT trim(m.subject) FROM messages m WHERE m.id = enrollments.anchor_id)
                || '): stop it, or resume it if the thread needs a follow-up'
WHERE status IN ('active', 'paused') AND paused_by_person = 0
  AND anchor_id IN (SELECT id FROM messages WHERE kind = 'outbound' AND calendar_reply = 1);
DELETE FROM followup_skips
WHERE message_id IN (SELECT id FROM messages WHERE kind = 'outbound' AND calendar_reply = 1);
