package store

import (
	"context"
	"slices"
	"testing"

	"github.com/jmoiron/sqlx"
)

// A Hong Kong customer set to Simplified by name is not listed among the
// Taiwan, Hong Kong and Macao customers written to in Simplified; once
// its language is anything else, "zh" written again is not a choice and
// is listed again.
func TestSimplifiedChosenByNameIsNotListed(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	owner := ImportOptions{Owner: "lily@team.example"}
	sheet := func(lang string) [][]string {
		return [][]string{{"Company", "Email", "Country", "Language"}, {"Kowloon Trading", "ho@kowloon-trading.hk", "HK", lang}}
	}
	importSheet(t, db, t0, sheet("Chinese"), owner)
	listed := func() bool {
		t.Helper()
		keys, err := db.SimplifiedInTraditionalRegions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return slices.Contains(keys, "domain:kowloon-trading.hk")
	}
	if !listed() {
		t.Fatal("a Hong Kong customer in Simplified is not listed")
	}
	id, err := db.FindCustomer(ctx, "kowloon-trading.hk", "")
	if err != nil {
		t.Fatal(err)
	}
	zh := "zh"
	if err := db.SetCustomer(ctx, id, CustomerChange{Language: &zh, Simplified: true}, t0, "mei@team.example"); err != nil {
		t.Fatal(err)
	}
	if listed() {
		t.Fatal("a customer set to Simplified by name is listed")
	}
	importSheet(t, db, t0, sheet("Chinese"), owner)
	if listed() {
		t.Fatal("an import saying Chinese again undid the choice")
	}
	// Any other writer of the customer's language (an import keeps it;
	// this is writeCustomer as a merge or an import would call it) that
	// sets Traditional forgets the choice.
	relang := func(lang string) {
		t.Helper()
		if err := db.inTx(ctx, func(tx *sqlx.Tx) error {
			c, err := customerRecord(ctx, tx, id)
			if err != nil {
				return err
			}
			c.Language = lang
			return writeCustomer(ctx, tx, c)
		}); err != nil {
			t.Fatal(err)
		}
	}
	relang("zh-hant")
	relang("zh")
	if !listed() {
		t.Fatal("after Traditional and back, the customer is not listed")
	}
}
