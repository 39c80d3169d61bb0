package cli

import (
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
)

// Gmail sends a mail From an address not set up as "Send mail as" From
// the account's own address instead of refusing it: check warns of each
// send_as address of a Gmail mailbox, saying where to set it up.
func TestCheckWarnsOfSendAsOnGmail(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), `provider = "gmail"
auth = "password"
send_as = ["lily@brightled.example"]
`)
	_, out, errs := r.run(day(0), "check")
	if !strings.Contains(out, "warn  mailbox lily: Gmail / Google Workspace may not refuse a mail From send_as address lily@brightled.example") ||
		!strings.Contains(out, `"Send mail as"`) {
		t.Fatalf("check says:\n%s\n%s", out, errs)
	}
}
