package config

import "strings"

// zeroNumbers says, for each number key whose unset value is a default
// other than 0, what to write instead of a 0: read as the default, the 0
// would silently mean something else than the person wrote (a daily_cap
// of 0 sending 200 a day). checkTypes refuses such a 0 with its line and
// block, with the zero durations. Keys are the plain path ([[mailbox]]
// keys as "mailbox.daily_cap"); a number key not here takes 0 as 0.
var zeroNumbers = map[string]string{
	"team.automated_per_contact_week": "0 would hold back every follow-up, greeting and letter: write 1 or more, -1 for no limit, or leave it out for 2",
	"sync.batch_size":                 "0 is out of range: use 1 to 5000, or leave it out for 500",
	"sync.max_login_failures":         "0: write 1 or more, or leave it out for 3",
	"greetings.letters_per_day":       "0 would send no letter: to send none, leave letters_dir out; else write 1 or more, or leave it out for half each mailbox's daily_cap (at most 100)",
	"greetings.letter_day":            "0: use 1 to 28, or leave it out for 1",
	"book.pool_cap":                   "0: use at least 1, or leave it out for 50",
	"book.claim_days":                 "0: use at least 1, or leave it out for 30",
	"mailbox.daily_cap":               "0 would send nothing: to stop this mailbox sending, remove its smtp_url; else write 1 or more, or leave it out for 200",
}

// zeroNumber is what to write instead of a 0 for the number key at plain;
// ok is false where 0 is taken as written.
func zeroNumber(plain []string) (advice string, ok bool) {
	advice, ok = zeroNumbers[strings.Join(plain, ".")]
	return advice, ok
}
