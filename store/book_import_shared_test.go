package store

import (
	"context"
	"strings"
	"testing"
)

// Two colleagues on one office mailbox (sales@), one row each: the book
// keeps one person per address, so the second row is refused, naming both
// rows and both people, and nothing of Bob's (birthday, salutation, phone)
// lands on Ann, whose greeting would go out for his birthday.
func TestImportRefusesASecondPersonOnASharedAddress(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	head := []string{"Company", "Contact", "Email", "Phone", "Birthday", "Salutation"}
	rep := importRows(t, db, t0, [][]string{head,
		{"Acme", "Ann Lee", "sales@acme.com", "+1 212 555 0100", "", ""},
		{"Acme", "Bob Stone", "sales@acme.com", "+1 212 555 0199", "1975-03-02", "Dear Mr. Stone"},
		{"Acme", "ANN  LEE", "sales@acme.com", "", "", "Dear Ann"},
	}, ImportOptions{Owner: "lily@t.com"})
	if len(rep.Rows) != 3 {
		t.Fatalf("rows: %+v", rep.Rows)
	}
	r := rep.Rows[1]
	if r.Row != 3 || r.Action != ImportRejected {
		t.Fatalf("Bob's row: %+v", r)
	}
	for _, want := range []string{"sales@acme.com is Ann Lee's (row 2)", "Bob Stone's row is left out", "give Bob Stone an address of their own", "if Bob Stone is Ann Lee (one person written two ways, which keepwarm cannot tell), write the name as row 2 does"} {
		if !strings.Contains(r.Reason, want) {
			t.Errorf("Bob's row: %q lacks %q", r.Reason, want)
		}
	}
	c, err := db.Customer(ctx, rep.Rows[0].CustomerID)
	if err != nil || len(c.Contacts) != 1 {
		t.Fatalf("customer: %+v %v", c, err)
	}
	k := c.Contacts[0]
	// Ann's own later row (the same name, written otherwise) still fills
	// her blank salutation.
	if k.Name != "Ann Lee" || k.Birthday != "" || k.Salutation != "Dear Ann" {
		t.Fatalf("Ann's contact took another person's details: %+v", k)
	}
	for _, p := range c.Phones {
		if strings.Contains(p.Number, "2125550199") {
			t.Errorf("Bob's phone went in on Ann's contact: %+v", c.Phones)
		}
	}
}

// The book's person at a shared address holds across imports: a later
// export listing Bob before Ann (sorted by last change) does not turn
// Ann's contact into Bob, with his birthday, and then refuse Ann's row.
// (Ann's row brings her salutation: a row bringing nothing of its
// person's own holds no address against Bob's birthday, see
// TestImportGivesTheAddressToThePersonWithDetails.)
func TestImportKeepsTheBooksPersonOnASharedAddress(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	head := []string{"Company", "Contact", "Email", "Phone", "Birthday", "Salutation"}
	ann := []string{"Acme", "Ann Lee", "sales@acme.com", "+1 212 555 0100", "", "Dear Ann"}
	bob := []string{"Acme", "Bob Stone", "sales@acme.com", "+1 212 555 0199", "1975-03-02", "Dear Mr. Stone"}
	first := importRows(t, db, t0, [][]string{head, ann, bob}, ImportOptions{Owner: "lily@t.com"})
	rep := importRows(t, db, t0, [][]string{head, bob, ann}, ImportOptions{Owner: "lily@t.com"})
	if len(rep.Rows) != 2 {
		t.Fatalf("rows: %+v", rep.Rows)
	}
	if r := rep.Rows[0]; r.Row != 2 || r.Action != ImportRejected ||
		!strings.Contains(r.Reason, "sales@acme.com is Ann Lee's (the book's contact, whom row 3 names too)") {
		t.Fatalf("Bob's row: %+v", r)
	}
	if r := rep.Rows[1]; r.Row != 3 || r.Action == ImportRejected {
		t.Fatalf("Ann's row: %+v", r)
	}
	c, err := db.Customer(ctx, first.Rows[0].CustomerID)
	if err != nil || len(c.Contacts) != 1 {
		t.Fatalf("customer: %+v %v", c, err)
	}
	if k := c.Contacts[0]; k.Name != "Ann Lee" || k.Birthday != "" || strings.Contains(k.Salutation, "Stone") {
		t.Fatalf("Ann's contact became another person: %+v", k)
	}
	if len(rep.Replaced) != 0 {
		t.Fatalf("replaced: %+v", rep.Replaced)
	}
}

// One person written two ways (a Chinese sheet's padded 王 伟, Stone, Bob)
// is one person, and a second person's row that brings nothing of theirs
// but a phone goes in with the phone under their own name: neither is
// refused, which would cost the row and fail every nightly import.
func TestImportTakesOnePersonWrittenTwoWays(t *testing.T) {
	for _, names := range [][2]string{{"王伟", "王 伟"}, {"王伟", "王　伟先生"}, {"Bob Stone", "Stone, Bob"}, {"Bob Stone", "Mr. Bob Stone (采购)"}} {
		t.Run(names[1], func(t *testing.T) {
			db := openTest(t)
			head := []string{"Company", "Contact", "Email", "Phone", "Birthday"}
			rep := importRows(t, db, t0, [][]string{head,
				{"Acme", names[0], "wang@acme.cn", "", "1980-05-06"},
				{"Acme", names[1], "wang@acme.cn", "+86 138 0013 8000", "1980-05-06"},
			}, ImportOptions{Owner: "lily@t.com"})
			if len(rep.Rows) != 2 || rep.Counts[ImportRejected] != 0 {
				t.Fatalf("rows: %+v", rep.Rows)
			}
		})
	}
	db, ctx := openTest(t), context.Background()
	head := []string{"Company", "Contact", "Email", "Phone"}
	rep := importRows(t, db, t0, [][]string{head,
		{"Acme", "Ann Lee", "sales@acme.com", "+1 212 555 0100"},
		{"Acme", "Bob Stone", "sales@acme.com", "+1 212 555 0199"},
	}, ImportOptions{Owner: "lily@t.com"})
	if r := rep.Rows[1]; r.Action == ImportRejected || !strings.Contains(r.Reason, "sales@acme.com is Ann Lee's: Bob Stone is kept apart from that contact") {
		t.Fatalf("Bob's row: %+v", r)
	}
	c, err := db.Customer(ctx, rep.Rows[0].CustomerID)
	if err != nil || len(c.Contacts) != 1 || c.Contacts[0].Name != "Ann Lee" {
		t.Fatalf("customer: %+v %v", c, err)
	}
	var bob bool
	for _, p := range c.Phones {
		if p.Number == "+12125550199" {
			bob = p.Contact == "" && p.Name == "Bob Stone"
		}
	}
	if !bob {
		t.Fatalf("Bob's phone: %+v", c.Phones)
	}
}

// A book imported before such rows were refused holds Bob's birthday and
// salutation on Ann's contact: the refusal of his row names them and says
// how to empty them, instead of saying they never go to her.
func TestImportNamesAnotherPersonsDetailsAlreadyOnTheContact(t *testing.T) {
	db := openTest(t)
	head := []string{"Company", "Contact", "Email", "Phone", "Birthday", "Salutation"}
	// The state an earlier keepwarm left: Bob's row merged into Ann's.
	importRows(t, db, t0, [][]string{head, {"Acme", "Ann Lee", "sales@acme.com", "", "1975-03-02", "Dear Mr. Stone"}}, ImportOptions{Owner: "lily@t.com"})
	rep := importRows(t, db, t0, [][]string{head,
		{"Acme", "Ann Lee", "sales@acme.com", "", "", ""},
		{"Acme", "Bob Stone", "sales@acme.com", "+1 212 555 0199", "1975-03-02", "Dear Mr. Stone"},
	}, ImportOptions{Owner: "lily@t.com"})
	r := rep.Rows[1]
	if r.Action != ImportRejected || strings.Contains(r.Reason, "never go to Ann Lee") {
		t.Fatalf("Bob's row: %+v", r)
	}
	// Whether they are Ann's is whether Bob Stone is someone else, which
	// only the user can tell (Bob Stnoe, 王伟 for Wang Wei): the condition
	// names the person, as `customers contact --name` does.
	for _, want := range []string{`Ann Lee's contact already holds this row's birthday 1975-03-02 and salutation "Dear Mr. Stone"`,
		"if Bob Stone is someone else (not Ann Lee written another way), empty them (`keepwarm customers contact sales@acme.com --birthday \"\" --salutation \"\"`)"} {
		if !strings.Contains(r.Reason, want) {
			t.Errorf("Bob's row: %q lacks %q", r.Reason, want)
		}
	}
	if strings.Contains(r.Reason, "if they are not") {
		t.Errorf("Bob's row asks of the details, not the person: %q", r.Reason)
	}
}

// One detail of Bob's on Ann's contact is named as one: "empty it".
func TestImportNamesAnotherPersonsOneDetailAlreadyOnTheContact(t *testing.T) {
	db := openTest(t)
	head := []string{"Company", "Contact", "Email", "Birthday"}
	importRows(t, db, t0, [][]string{head, {"Acme", "Ann Lee", "sales@acme.com", "1975-03-02"}}, ImportOptions{Owner: "lily@t.com"})
	rep := importRows(t, db, t0, [][]string{head,
		{"Acme", "Ann Lee", "sales@acme.com", ""},
		{"Acme", "Bob Stone", "sales@acme.com", "1975-03-02"},
	}, ImportOptions{Owner: "lily@t.com"})
	r := rep.Rows[1]
	want := "Ann Lee's contact already holds this row's birthday 1975-03-02, which an import by an earlier keepwarm may have put there: if Bob Stone is someone else (not Ann Lee written another way), empty it (`keepwarm customers contact sales@acme.com --birthday \"\"`)"
	if r.Action != ImportRejected || !strings.Contains(r.Reason, want) {
		t.Fatalf("Bob's row: %+v\nwant %q", r, want)
	}
}

// 王先生 and 王女士 (Mr. and Mrs. Stone, 王总 and 王经理) on one shared
// address fold to one name but are two people: the second row, with her
// birthday and salutation, is refused, and his contact never gets them.
func TestImportTellsTwoPeopleApartByTheirTitles(t *testing.T) {
	for _, names := range [][2]string{{"王先生", "王女士"}, {"Mr. Stone", "Mrs. Stone"}, {"王总", "王经理"}} {
		t.Run(names[1], func(t *testing.T) {
			db, ctx := openTest(t), context.Background()
			head := []string{"Company", "Contact", "Email", "Phone", "Birthday", "Salutation"}
			rep := importRows(t, db, t0, [][]string{head,
				{"Acme", names[0], "info@acme.cn", "", "", "尊敬的" + names[0]},
				{"Acme", names[1], "info@acme.cn", "", "1985-08-08", "尊敬的" + names[1]},
			}, ImportOptions{Owner: "lily@t.com"})
			if len(rep.Rows) != 2 {
				t.Fatalf("rows: %+v", rep.Rows)
			}
			if r := rep.Rows[1]; r.Row != 3 || r.Action != ImportRejected || !strings.Contains(r.Reason, "info@acme.cn is "+names[0]+"'s (row 2)") {
				t.Fatalf("row 3: %+v", r)
			}
			c, err := db.Customer(ctx, rep.Rows[0].CustomerID)
			if err != nil || len(c.Contacts) != 1 {
				t.Fatalf("customer: %+v %v", c, err)
			}
			if k := c.Contacts[0]; k.Name != names[0] || k.Birthday != "" || k.Salutation != "尊敬的"+names[0] {
				t.Fatalf("%s's contact took %s's birthday: %+v", names[0], names[1], k)
			}
		})
	}
}

// A row bringing nothing but a phone does not claim a shared address by
// coming first: the person whose row brings a birthday and salutation is
// the address's, whatever the row order, and the phone goes in under its
// own name. Otherwise her row would be refused on every nightly import of
// the same file, and her birthday never greeted.
func TestImportGivesTheAddressToThePersonWithDetails(t *testing.T) {
	head := []string{"Company", "Contact", "Email", "Phone", "Birthday", "Salutation"}
	bob := []string{"Acme", "Bob Stone", "sales@acme.com", "+1 212 555 0199", "", ""}
	ann := []string{"Acme", "Ann Lee", "sales@acme.com", "", "1975-03-02", "Dear Ann"}
	for name, rows := range map[string][][]string{"Bob first": {head, bob, ann}, "Ann first": {head, ann, bob}} {
		t.Run(name, func(t *testing.T) {
			db, ctx := openTest(t), context.Background()
			for run := range 2 { // the nightly import, again
				rep := importRows(t, db, t0, rows, ImportOptions{Owner: "lily@t.com"})
				if len(rep.Rows) != 2 || rep.Counts[ImportRejected] != 0 {
					t.Fatalf("run %d: rows: %+v", run, rep.Rows)
				}
				c, err := db.Customer(ctx, rep.Rows[0].CustomerID)
				if err != nil || len(c.Contacts) != 1 {
					t.Fatalf("run %d: customer: %+v %v", run, c, err)
				}
				if k := c.Contacts[0]; k.Name != "Ann Lee" || k.Birthday != "1975-03-02" || k.Salutation != "Dear Ann" {
					t.Fatalf("run %d: contact: %+v", run, k)
				}
				if len(c.Phones) != 1 || c.Phones[0].Contact != "" || c.Phones[0].Name != "Bob Stone" {
					t.Fatalf("run %d: Bob's phone: %+v", run, c.Phones)
				}
				if len(rep.Replaced) != 0 {
					t.Fatalf("run %d: replaced: %+v", run, rep.Replaced)
				}
			}
		})
	}
}

// A book an earlier keepwarm left with the shared address's contact made
// from the phone-only row that came first (Bob, with his phone on it, and
// nothing of his own) hands it to the person whose row brings a birthday:
// the contact is renamed, listed under replaced, and Bob's phone goes
// under his own name, not Ann's. A contact holding a birthday,
// salutation or holidays is never handed on so (see
// TestImportNamesAnotherPersonsDetailsAlreadyOnTheContact).
func TestImportHandsOnAnAddressClaimedByAPhoneOnlyRow(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	head := []string{"Company", "Contact", "Email", "Phone", "Birthday", "Salutation"}
	// The state the first import of that file left before.
	importRows(t, db, t0, [][]string{head, {"Acme", "Bob Stone", "sales@acme.com", "+1 212 555 0199", "", ""}}, ImportOptions{Owner: "lily@t.com"})
	rows := [][]string{head,
		{"Acme", "Bob Stone", "sales@acme.com", "+1 212 555 0199", "", ""},
		{"Acme", "Ann Lee", "sales@acme.com", "", "1975-03-02", "Dear Ann"},
	}
	rep := importRows(t, db, t0, rows, ImportOptions{Owner: "lily@t.com"})
	if len(rep.Rows) != 2 || rep.Counts[ImportRejected] != 0 {
		t.Fatalf("rows: %+v", rep.Rows)
	}
	if r := rep.Rows[0]; !strings.Contains(r.Reason, "sales@acme.com is Ann Lee's: Bob Stone is kept apart") ||
		!strings.Contains(r.Reason, "phone +12125550199 moved off the contact at sales@acme.com, under Bob Stone's name") {
		t.Fatalf("Bob's row: %+v", r)
	}
	if len(rep.Replaced) != 1 || rep.Replaced[0].Field != "name" || rep.Replaced[0].Was != "Bob Stone" || rep.Replaced[0].Now != "Ann Lee" {
		t.Fatalf("replaced: %+v", rep.Replaced)
	}
	c, err := db.Customer(ctx, rep.Rows[0].CustomerID)
	if err != nil || len(c.Contacts) != 1 {
		t.Fatalf("customer: %+v %v", c, err)
	}
	if k := c.Contacts[0]; k.Name != "Ann Lee" || k.Birthday != "1975-03-02" || k.Salutation != "Dear Ann" {
		t.Fatalf("contact: %+v", k)
	}
	if len(c.Phones) != 1 || c.Phones[0].Contact != "" || c.Phones[0].Name != "Bob Stone" {
		t.Fatalf("Bob's phone: %+v", c.Phones)
	}
	again := importRows(t, db, t0, rows, ImportOptions{Owner: "lily@t.com"})
	if actions(again) != "02:skipped 03:skipped" || len(again.Replaced) != 0 {
		t.Fatalf("again: %s %+v", actions(again), again.Rows)
	}
}
