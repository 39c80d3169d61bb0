package store

import (
	"testing"
	"time"

	"keepwarm"
)

// lateLetter is Lily's cold first letter to new@buyer.example (customer
// domain:buyer.example), with Message-ID key.
func lateLetter(key string) keepwarm.Message {
	m := msg(key)
	m.Kind, m.From = keepwarm.KindOutbound, keepwarm.Address{Email: "lily@team.example"}
	m.To = []keepwarm.Address{{Email: "new@buyer.example"}}
	m.CustomerKey, m.Contacts = "domain:buyer.example", []keepwarm.Address{{Email: "new@buyer.example"}}
	m.Subject, m.SubjectKey = "Our new LED panels", "our new led panels"
	return m
}

// lateDSN is a bounce of the mail named returned for rcpt, temporary when
// soft, as Classify leaves it, delivered to Lily's INBOX (uid) when.
func lateDSN(key, rcpt, returned string, soft bool, uid uint32, when time.Time) keepwarm.Incoming {
	m := msg(key)
	m.Date = when
	m.Kind, m.From = keepwarm.KindBounce, keepwarm.Address{Email: "mailer-daemon@mx.buyer.example"}
	m.CustomerKey, m.Contacts, m.BouncedRecipient = "domain:buyer.example", []keepwarm.Address{{Email: rcpt}}, rcpt
	m.InReplyTo = []string{returned}
	m.Subject, m.SubjectKey = "Undelivered Mail Returned to Sender", "undelivered mail returned to sender"
	if soft {
		m.BouncedSoft = []string{rcpt}
	}
	return at(m, "lily", "INBOX", uid, when)
}

func bouncedAt(t *testing.T, db *DB, email string) int64 {
	t.Helper()
	return int64(count(t, db, `SELECT coalesce(max(bounced_at), 0) FROM contacts WHERE email = ?`, email))
}

// A bounce stored before the team's mail it returns (read live in INBOX
// before the next poll of Sent) is applied when that mail is stored, in a
// later batch or later in the same one: the address is flagged under the
// mail's customer, the bounce joins that customer and names the contact.
func TestBounceBeforeItsMailAppliedLater(t *testing.T) {
	for _, sameBatch := range []bool{false, true} {
		db := openTest(t)
		dsn := lateDSN("dsn1@mx", "new@buyer.example", "cold1@team.example", false, 1, t0.Add(time.Minute))
		letter := at(lateLetter("cold1@team.example"), "lily", "INBOX", 2, t0)
		if sameBatch {
			save(t, db, dsn, letter)
		} else {
			save(t, db, dsn)
			if n := count(t, db, `SELECT count(*) FROM customers`); n != 0 {
				t.Fatalf("the stray bounce made %d customers before its mail was stored", n)
			}
			letter.Copy.Folder, letter.Copy.Role = "Sent", keepwarm.RoleSent
			save(t, db, letter)
		}
		buyer := count(t, db, `SELECT id FROM customers WHERE key = 'domain:buyer.example'`)
		if got := bouncedAt(t, db, "new@buyer.example"); got != t0.Add(time.Minute).Unix() || buyer == 0 {
			t.Errorf("same batch %v: new@buyer.example bounced at %d (customer %d); want flagged at the bounce", sameBatch, got, buyer)
		}
		if got := count(t, db, `SELECT customer_id FROM contacts WHERE email = 'new@buyer.example'`); got != buyer {
			t.Errorf("same batch %v: new@buyer.example is of customer %d; want the letter's %d", sameBatch, got, buyer)
		}
		if got := count(t, db, `SELECT coalesce(customer_id, 0) FROM messages WHERE key = 'dsn1@mx'`); got != buyer {
			t.Errorf("same batch %v: the bounce is of customer %d; want the letter's %d", sameBatch, got, buyer)
		}
		if n := count(t, db, `SELECT count(*) FROM message_contacts mc JOIN messages m ON m.id = mc.message_id
			JOIN contacts c ON c.id = mc.contact_id WHERE m.key = 'dsn1@mx' AND c.email = 'new@buyer.example'`); n != 1 {
			t.Errorf("same batch %v: the bounce names new@buyer.example %d times; want once", sameBatch, n)
		}
		if n := count(t, db, `SELECT count(DISTINCT thread_id) FROM messages`); n != 1 {
			t.Errorf("same batch %v: %d threads; want the letter and its bounce in one", sameBatch, n)
		}
	}
}

// Applied late, a bounce keeps bounce's rules: a temporary failure alone
// flags nothing, a second one at least softAgain after the first does; an
// address that wrote after the bounce is not flagged; and a bounce whose
// mail nobody stored (spam forged with the team's address) makes nothing.
func TestBounceBeforeItsMailKeepsTheRules(t *testing.T) {
	t.Run("soft alone", func(t *testing.T) {
		db := openTest(t)
		save(t, db, lateDSN("dsn1@mx", "new@buyer.example", "cold1@team.example", true, 1, t0.Add(time.Minute)))
		save(t, db, at(lateLetter("cold1@team.example"), "lily", "Sent", 1, t0))
		if got := bouncedAt(t, db, "new@buyer.example"); got != 0 {
			t.Errorf("bounced at %d after one temporary failure; want not flagged", got)
		}
		if got := count(t, db, `SELECT coalesce(customer_id, 0) FROM messages WHERE key = 'dsn1@mx'`); got == 0 {
			t.Error("the temporary failure joined no customer once its mail was stored")
		}
	})
	t.Run("soft twice", func(t *testing.T) {
		db := openTest(t)
		second := t0.Add(4 * 24 * time.Hour)
		save(t, db,
			lateDSN("dsn1@mx", "new@buyer.example", "cold1@team.example", true, 1, t0.Add(time.Minute)),
			lateDSN("dsn2@mx", "new@buyer.example", "cold1@team.example", true, 2, second))
		save(t, db, at(lateLetter("cold1@team.example"), "lily", "Sent", 1, t0))
		if got := bouncedAt(t, db, "new@buyer.example"); got != second.Unix() {
			t.Errorf("bounced at %d after temporary failures 4 days apart; want flagged at the second, %d", got, second.Unix())
		}
	})
	t.Run("soft stored before 0410", func(t *testing.T) {
		db := openTest(t)
		save(t, db, lateDSN("dsn1@mx", "new@buyer.example", "cold1@team.example", false, 1, t0.Add(time.Minute)))
		if _, err := db.w.Exec(`UPDATE messages SET bounced_soft = NULL WHERE key = 'dsn1@mx'`); err != nil {
			t.Fatal(err)
		}
		save(t, db, at(lateLetter("cold1@team.example"), "lily", "Sent", 1, t0))
		if got := bouncedAt(t, db, "new@buyer.example"); got != 0 {
			t.Errorf("bounced at %d by one failure whose kind was not stored; want it read as temporary", got)
		}
	})
	t.Run("wrote since", func(t *testing.T) {
		db := openTest(t)
		save(t, db, lateDSN("dsn1@mx", "new@buyer.example", "cold1@team.example", false, 1, t0.Add(time.Minute)))
		answer := msg("ans1@buyer.example")
		answer.From, answer.CustomerKey, answer.Date = keepwarm.Address{Email: "new@buyer.example"}, "domain:buyer.example", t0.Add(time.Hour)
		answer.Contacts = []keepwarm.Address{{Email: "new@buyer.example"}}
		save(t, db, at(answer, "lily", "INBOX", 2, t0.Add(time.Hour)))
		save(t, db, at(lateLetter("cold1@team.example"), "lily", "Sent", 1, t0))
		if got := bouncedAt(t, db, "new@buyer.example"); got != 0 {
			t.Errorf("bounced at %d though the address wrote after the bounce; want not flagged", got)
		}
	})
	t.Run("spam", func(t *testing.T) {
		db := openTest(t)
		save(t, db, lateDSN("dsn1@mx", "x@victim.example", "spam1@team.example", false, 1, t0.Add(time.Minute)))
		save(t, db, at(lateLetter("cold1@team.example"), "lily", "Sent", 1, t0))
		if n := count(t, db, `SELECT count(*) FROM contacts WHERE email = 'x@victim.example'`); n != 0 {
			t.Error("a bounce of mail nobody stored made its address a contact")
		}
		if got := count(t, db, `SELECT coalesce(customer_id, 0) FROM messages WHERE key = 'dsn1@mx'`); got != 0 {
			t.Errorf("a bounce of mail nobody stored joined customer %d", got)
		}
	})
}
