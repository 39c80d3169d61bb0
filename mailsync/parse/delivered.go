package parse

import (
	"regexp"
	"strings"
	"time"

	"keepwarm"
)

// DeliveryFields are the header fields sync fetches, apart from
// HeaderFields, of a copy that reached its folder long after its Date
// (keepwarm.UploadedAfter): only its delivery says whether it came late
// or was uploaded from an archive (Delivered). Every other message goes
// without them: Received lines are most of a header's size.
var DeliveryFields = []string{"Received", "Resent-Date"}

// Date reads the value of a Date field as Message does; zero when it does
// not parse.
func Date(v string) time.Time {
	return parseDate(v)
}

// retrieved matches a Received field written by a program that fetched
// the mail from another mailbox (Gmail's "Check mail from other
// accounts", fetchmail, getmail: "with POP3 id …", "(single-drop)"):
// it records when the mail was collected, not when it was delivered.
var retrieved = regexp.MustCompile(`(?i)\bwith\s+(?:POP[0-9S]*|IMAP[0-9S]*)\b|\bfetchmail|\bgetmail|single-drop|multi-drop`)

// Delivered is the time the server stamped on the newest Received field
// (the first) of a header block that records a delivery: when the mail
// reached the server that put it in its folder. A stamp of a program that
// collected the mail from another mailbox (retrieved) is passed over for
// the one below it: old mail an import or a POP fetcher copies in today
// was delivered when its old mailbox got it. Zero when there is none, or
// its time does not parse, and when a Resent-Date more than
// keepwarm.UploadedAfter after date says the mail was redirected or
// resent since (a rule run over old mail): its stamps are the resending's.
// It never panics.
func Delivered(header []byte, date time.Time) (t time.Time) {
	defer func() {
		if recover() != nil {
			t = time.Time{}
		}
	}()
	h := lenientHeader(header)
	for _, v := range h.Values("Resent-Date") {
		if r := parseDate(v); !date.IsZero() && !r.IsZero() && r.Sub(date) > keepwarm.UploadedAfter {
			return time.Time{}
		}
	}
	for _, v := range h.Values("Received") {
		if retrieved.MatchString(v) {
			continue
		}
		// RFC 5321 4.4: the date follows the last semicolon.
		i := strings.LastIndexByte(v, ';')
		if i < 0 {
			return time.Time{}
		}
		return parseDate(v[i+1:])
	}
	return time.Time{}
}
