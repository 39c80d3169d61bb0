package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/mattn/go-sqlite3"

	"keepwarm"
)

// preparesReading counts the statements the writer's connection compiles
// while fn runs that read column of table (SQLite asks the authorizer of
// every column a statement reads as it prepares it).
func preparesReading(t *testing.T, db *DB, table, column string, fn func()) int {
	t.Helper()
	n := 0
	authorize := func(f func(int, string, string, string) int) {
		conn, err := db.w.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if err := conn.Raw(func(dc any) error {
			dc.(*sqlite3.SQLiteConn).RegisterAuthorizer(f)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	authorize(func(op int, a, b, _ string) int {
		if op == sqlite3.SQLITE_READ && a == table && b == column {
			n++
		}
		return sqlite3.SQLITE_OK
	})
	defer authorize(nil)
	fn()
	return n
}

// An archive uploaded to a folder (every INTERNALDATE the upload's day)
// whose mail answers a message keepwarm does not hold (in a folder it does
// not read) looks that message up once a batch, not once per copy that
// names it: a long thread's every answer asked for its root again, a
// statement compiled each time.
func TestUploadedCopiesLookUpAMissingParentOnce(t *testing.T) {
	db := openTest(t)
	old := t0.AddDate(0, 0, -400)
	answers := func(from, n int) []keepwarm.Incoming {
		var batch []keepwarm.Incoming
		for i := from; i < from+n; i++ {
			m := msg(fmt.Sprintf("answer-%d@acme.com", i))
			m.Subject, m.Date = "Re: Quotation for pumps", old.Add(time.Duration(i)*time.Minute)
			m.InReplyTo, m.References = []string{"root@team.example"}, []string{"root@team.example"}
			batch = append(batch, at(m, "ann", "INBOX", uint32(i+1), t0))
		}
		return batch
	}
	var one, many int
	one = preparesReading(t, db, "messages", "relayed_by", func() { save(t, db, answers(0, 1)...) })
	many = preparesReading(t, db, "messages", "relayed_by", func() { save(t, db, answers(1, 40)...) })
	if many > one {
		t.Fatalf("a batch of 40 uploaded answers to one missing message compiled %d lookups of messages; one answer, %d", many, one)
	}
	var stored int
	if err := db.r.Get(&stored, `SELECT count(*) FROM messages WHERE key LIKE 'answer-%'`); err != nil {
		t.Fatal(err)
	}
	if stored != 41 {
		t.Fatalf("%d answers stored, want 41", stored)
	}
}
