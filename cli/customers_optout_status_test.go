package cli

import (
	"strings"
	"testing"
	"time"

	"keepwarm/book"
	"keepwarm/store"
)

// A customer opted out as a whole by an answer says in the list who asked.
func TestCustomersStatusNamesWhoOptedTheCompanyOut(t *testing.T) {
	now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	var e store.BookEntry
	e.OptedOutAt = &now
	e.OptOutReason = "ute@buyer.de asked for the whole company in an answer to a follow-up"
	if got := status(e, book.Rules{}, now); !strings.Contains(got, "opted out: ute@buyer.de asked for the whole company") {
		t.Errorf("status %q; want who asked", got)
	}
	e.OptOutReason = ""
	if got := status(e, book.Rules{}, now); got != "opted out" {
		t.Errorf("status %q; want \"opted out\"", got)
	}
}
