package store

import (
	"strings"
	"testing"
)

// The stand-in question is asked at each web page a salesperson opens: it
// walks the book's owners in their index, then the customers of those
// who left alone (customers_owner, owner=?) and their mail, never every
// owned customer's measured mail.
func TestStandInOwnersReadsOnlyDepartedOwnersCustomers(t *testing.T) {
	db := openTest(t)
	plan, err := explain(db, q("web-stand-in-owners"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan, "SEARCH c USING INDEX customers_owner (owner=?)") || strings.Contains(plan, "SCAN rc") {
		t.Errorf("web-stand-in-owners reads more than the departed owners' customers:\n%s", plan)
	}
	plan, err = explain(db, q("web-book-owners"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan, "USING INDEX customers_owner") || strings.Contains(plan, "TEMP B-TREE") {
		t.Errorf("web-book-owners does not walk the owners' index:\n%s", plan)
	}
}
