package keepwarm

import (
	"fmt"
	"strings"
)

// QuietReason is why a customer went quiet, as a salesperson heard it on
// the phone when closing a call task: the reasons the rules name, for the
// manager's reports, not guessed at. "" is not said. QuietAnswered is the
// call that found the customer not quiet at all ("got it, the PO comes
// Monday"): the call reached them like the others but answers "why
// quiet?" with "they were not".
type QuietReason string

// The reasons, in the order reports list them.
const (
	QuietNotReceived  QuietReason = "not-received"  // the mail never reached them
	QuietDoubts       QuietReason = "doubts"        // doubts about us, the seller
	QuietPending      QuietReason = "pending"       // the project is still pending
	QuietWaiting      QuietReason = "waiting"       // on holiday, or waiting for their boss or end customer
	QuietComparing    QuietReason = "comparing"     // comparing suppliers
	QuietPlansChanged QuietReason = "plans-changed" // their plans changed
	QuietAnswered     QuietReason = "reached"       // not quiet: the call reached them and they answered
)

// QuietReasons lists every reason, in report order.
var QuietReasons = []QuietReason{QuietNotReceived, QuietDoubts, QuietPending, QuietWaiting, QuietComparing, QuietPlansChanged, QuietAnswered}

var quietLabels = map[QuietReason]string{
	QuietNotReceived:  "mail not received",
	QuietDoubts:       "doubts about us",
	QuietPending:      "project still pending",
	QuietWaiting:      "on holiday or waiting for their boss or end customer",
	QuietComparing:    "comparing suppliers",
	QuietPlansChanged: "plans changed",
	QuietAnswered:     "they answered on the call",
}

// Label is the reason in words ("comparing suppliers"); "not said" for "".
func (r QuietReason) Label() string {
	if r == "" {
		return "not said"
	}
	if l, ok := quietLabels[r]; ok {
		return l
	}
	return string(r)
}

// ParseQuietReason reads a reason's key ("comparing"; "" is not said); an
// unknown one is EINVALID, naming the keys.
func ParseQuietReason(s string) (QuietReason, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", nil
	}
	for _, r := range QuietReasons {
		if string(r) == s {
			return r, nil
		}
	}
	return "", Errorf(EINVALID, "no reason %q: use one of %s", s, QuietReasonKeys())
}

// QuietReasonKeys lists the keys with what each means, for help and errors:
// "not-received (mail not received), doubts (doubts about us), ...".
func QuietReasonKeys() string {
	keys := make([]string, len(QuietReasons))
	for i, r := range QuietReasons {
		keys[i] = fmt.Sprintf("%s (%s)", r, r.Label())
	}
	return strings.Join(keys, ", ")
}
