package store

import (
	"strings"
	"testing"
)

// A "new contacts" export naming a free-mail company the book already
// holds proposes the merge instead of a silent second customer.
func TestImportProposesAStoredNamesake(t *testing.T) {
	db := openTest(t)
	head := []string{"Company", "Email", "Country"}
	first := importRows(t, db, t0, [][]string{head, {"Nova Trading", "ana@gmail.com", "Spain"}}, ImportOptions{Owner: "lily@t.com"})
	rep := importRows(t, db, t0, [][]string{head, {"Nova Trading.", "pepe@gmail.com", "Spain"}, {"Nova Trading", "juan@gmail.com", "Mexico"}}, ImportOptions{Pool: true})
	nova := first.Rows[0].CustomerID
	if r := rep.Rows[0]; r.Action != ImportCreated || !strings.Contains(r.Reason, "the book already has a Nova Trading., #1") {
		t.Fatalf("row 2: %+v", r)
	}
	// Mexico's Nova Trading is another company: the book's is not proposed
	// for it (the file's Spanish one is, as namesakes within a file are).
	var inBook []MergeProposal
	for _, p := range rep.Proposals {
		if p.InBook {
			inBook = append(inBook, p)
		}
	}
	if len(inBook) != 1 || inBook[0].Keep != nova || inBook[0].Drop != rep.Rows[0].CustomerID {
		t.Fatalf("proposals: %+v", rep.Proposals)
	}
}

// The book's name is compared as the file's are: case folded beyond ASCII
// and inner spaces collapsed, so an ERP's capitals or a pasted double
// space still propose the merge.
func TestImportProposesAStoredNamesakeWrittenOtherwise(t *testing.T) {
	for _, stored := range []string{"MÜLLER HANDEL GMBH", "Müller  Handel GmbH"} {
		t.Run(stored, func(t *testing.T) {
			db := openTest(t)
			head := []string{"Company", "Email", "Country"}
			first := importRows(t, db, t0, [][]string{head, {stored, "info@mueller-handel.de", "Germany"}}, ImportOptions{Owner: "lily@t.com"})
			rep := importRows(t, db, t0, [][]string{head, {"Müller Handel GmbH", "a@gmail.com", "Germany"}}, ImportOptions{Pool: true})
			var inBook []MergeProposal
			for _, p := range rep.Proposals {
				if p.InBook {
					inBook = append(inBook, p)
				}
			}
			if len(inBook) != 1 || inBook[0].Keep != first.Rows[0].CustomerID || inBook[0].Drop != rep.Rows[0].CustomerID {
				t.Fatalf("proposals: %+v; row: %+v", rep.Proposals, rep.Rows[0])
			}
		})
	}
}
