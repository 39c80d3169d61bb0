package store

import (
	"testing"
)

// An orders file writes a customer's name as the customers import reads
// it: in other capitals (non-ASCII ones too), with a trailing dot, a
// double space, or full-width brackets, it is the same company, and its
// orders count.
func TestImportOrdersMatchesANameAsTheCustomersImportFoldsIt(t *testing.T) {
	db := openTest(t)
	importSheet(t, db, t0, [][]string{{"Company", "Email", "Owner"},
		{"Müller GmbH", "hans@mueller.de", "lily@team.example"},
		{"Acme Ltd", "bob@acme.com", "lily@team.example"},
		{"深圳ABC（香港）有限公司", "li@abc.cn", "lily@team.example"},
	}, ImportOptions{})
	rep := importOrderRows(t, db, t0, [][]any{
		{"Customer", "Date", "Amount"},
		{"MÜLLER GMBH", "2026-01-01", "100.00"},
		{"ACME Ltd.", "2026-01-02", "200.00"},
		{"Acme  Ltd", "2026-01-03", "300.00"},
		{"深圳abc(香港)有限公司", "2026-01-04", "400.00"},
	})
	if rep.Added != 4 || rep.NotInBook != 0 || len(rep.Rejected) != 0 {
		t.Fatalf("%+v, want four orders added, none not in the book", rep)
	}
}

// Two customers whose names fold to one are namesakes: the row says so
// instead of picking one.
func TestImportOrdersRefusesANameTwoCustomersFoldTo(t *testing.T) {
	db := openTest(t)
	importSheet(t, db, t0, [][]string{{"Company", "Email", "Owner"},
		{"Acme Ltd", "bob@acme.com", "lily@team.example"},
	}, ImportOptions{})
	importSheet(t, db, t0, [][]string{{"Company", "Email", "Owner"},
		{"ACME LTD.", "sue@acme-trading.com", "tom@team.example"},
	}, ImportOptions{})
	rep := importOrderRows(t, db, t0, [][]any{
		{"Customer", "Date", "Amount"},
		{"Acme  Ltd", "2026-01-03", "300.00"},
	})
	if rep.Added != 0 || len(rep.Rejected) != 1 || rep.NotInBook != 0 {
		t.Fatalf("%+v, want the row refused as naming two customers", rep)
	}
}

// A name written exactly as one customer's is that customer's, though
// another's folds to it too ("Acme Ltd" and "ACME LTD.", kept apart by
// domain): the orders a file gave it before go in again. A name that is
// neither one exactly ("ACME LTD") is still refused as naming both.
func TestImportOrdersTakesTheCustomerANameIsExactly(t *testing.T) {
	db := openTest(t)
	importSheet(t, db, t0, [][]string{{"Company", "Email", "Owner"},
		{"Acme Ltd", "bob@acme.com", "lily@team.example"},
	}, ImportOptions{})
	importSheet(t, db, t0, [][]string{{"Company", "Email", "Owner"},
		{"ACME LTD.", "sue@acme-trading.com", "tom@team.example"},
	}, ImportOptions{})
	var acme, other int64
	if err := db.r.Get(&acme, `SELECT id FROM customers WHERE name = 'Acme Ltd'`); err != nil {
		t.Fatal(err)
	}
	if err := db.r.Get(&other, `SELECT id FROM customers WHERE name = 'ACME LTD.'`); err != nil {
		t.Fatal(err)
	}
	rep := importOrderRows(t, db, t0, [][]any{
		{"Customer", "Date", "Amount"},
		{"Acme Ltd", "2026-01-03", "300.00"},
		{"ACME LTD.", "2026-01-04", "400.00"},
		{"ACME LTD", "2026-01-05", "500.00"},
	})
	if rep.Added != 2 || len(rep.Rejected) != 1 || rep.Rejected[0].Row != 4 || rep.NotInBook != 0 {
		t.Fatalf("%+v, want rows 2 and 3 added and row 4 refused as naming two customers", rep)
	}
	for id, cents := range map[int64]int64{acme: 30000, other: 40000} {
		if n := count(t, db, `SELECT count(*) FROM orders WHERE customer_id = ? AND cents = ?`, id, cents); n != 1 {
			t.Errorf("customer #%d: no order of %d cents", id, cents)
		}
	}
}
