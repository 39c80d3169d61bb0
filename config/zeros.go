package config

import (
	"errors"
	"fmt"
)

// writtenZeros refuses a 0 written for a key whose unset value is a
// default other than 0: read as the default, the 0 would silently mean
// something else than the person wrote (a daily_cap of 0 sending 200 a
// day). Each error names the key and what to write instead.
func writtenZeros(data map[string]any) error {
	var errs []error
	zero := func(table map[string]any, key string) bool {
		v, ok := table[key].(int64)
		return ok && v == 0
	}
	table := func(name string) map[string]any {
		t, _ := data[name].(map[string]any)
		return t
	}
	if zero(table("team"), "automated_per_contact_week") {
		errs = append(errs, errors.New("team.automated_per_contact_week: 0 would hold back every follow-up, greeting and letter: write 1 or more, -1 for no limit, or leave it out for 2"))
	}
	if zero(table("sync"), "batch_size") {
		errs = append(errs, errors.New("sync.batch_size: 0 is out of range: use 1 to 5000, or leave it out for 500"))
	}
	if zero(table("sync"), "max_login_failures") {
		errs = append(errs, errors.New("sync.max_login_failures: 0: write 1 or more, or leave it out for 3"))
	}
	if zero(table("greetings"), "letters_per_day") {
		errs = append(errs, errors.New("greetings.letters_per_day: 0 would send no letter: to send none, leave letters_dir out; else write 1 or more, or leave it out for half each mailbox's daily_cap (at most 100)"))
	}
	if zero(table("greetings"), "letter_day") {
		errs = append(errs, errors.New("greetings.letter_day: 0: use 1 to 28, or leave it out for 1"))
	}
	if zero(table("book"), "pool_cap") {
		errs = append(errs, errors.New("book.pool_cap: 0: use at least 1, or leave it out for 50"))
	}
	if zero(table("book"), "claim_days") {
		errs = append(errs, errors.New("book.claim_days: 0: use at least 1, or leave it out for 30"))
	}
	mailboxes, _ := data["mailbox"].([]map[string]any)
	for _, mb := range mailboxes {
		if zero(mb, "daily_cap") {
			name, _ := mb["name"].(string)
			errs = append(errs, fmt.Errorf("mailbox %q.daily_cap: 0 would send nothing: to stop this mailbox sending, remove its smtp_url; else write 1 or more, or leave it out for 200", name))
		}
	}
	return errors.Join(errs...)
}
