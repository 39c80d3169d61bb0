package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// Lily's mailbox is over its quota: the server refuses the copy of her
// step 1 in Sent (NO [OVERQUOTA]) while her SMTP server sends, so her
// step 2 waits. Her digest names the mailbox under the mailboxes that
// cannot send, with the server's answer, not only /healthz.
func TestDigestNamesAMailboxWhoseCopyCannotBeFiled(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC) // Monday 09:00 in Shanghai
	a := newTestApp(t, `
[team]
internal_domains = ["acme.example"]
[[salesperson]]
email = "lily@acme.example"
name = "Lily Chen"
time_zone = "Asia/Shanghai"
[[mailbox]]
name = "lily"
owner = "lily@acme.example"
url = "imaps://imap.acme.example"
username = "lily@acme.example"
password_env = "LILY_PW"
`, t0)

	imapSrv := mailtest.NewMemServer(t)
	imapSrv.AddUser(t, "lily@acme.example", "pw")
	imapSrv.RefuseAppend("Sent", imap.ResponseCodeOverQuota, "Quota exceeded")
	smtpSrv := mailtest.NewSMTPServer(t)
	disp := lilyDispatcher(t, a, mailsync.Account{Mailbox: "lily", SMTPURL: smtpSrv.URL().String(), Username: mailtest.SMTPUser, Password: mailtest.SMTPPassword,
		Timeout: time.Minute}, mailtest.SenderDialer(imapSrv.Addr(), "lily@acme.example", "pw"))
	for _, key := range []string{"seq:z:1", "seq:y:1"} {
		enqueueLilyToHans(t, a, key, t0)
	}
	res, err := disp.RunOnce(ctx, a.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if res.Sent != 1 || res.Held != 1 || smtpSrv.DataCount() != 1 {
		t.Fatalf("the rig: %+v, %d sent; want one sent and one held", res, smtpSrv.DataCount())
	}

	d, err := a.newDigests(nil, nil, disp).Build(ctx, "lily@acme.example", t0)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.NotSending) != 1 || d.NotSending[0].Mailbox != "lily" || !strings.Contains(d.NotSending[0].Problem, "Quota exceeded") {
		t.Fatalf("lily's digest, not sending: %+v", d.NotSending)
	}
	if body := d.Text(); !strings.Contains(body, "mailbox lily, since ") || !strings.Contains(body, "09:00") || strings.Contains(body, "01:00:00Z") {
		t.Errorf("digest does not say since when in Lily's zone (09:00 in Shanghai):\n%s", body)
	}
	for _, w := range []string{"Mailboxes keepwarm cannot send from now (1)", "could not be filed in its Sent folder", "Quota exceeded"} {
		if body := d.Text(); !strings.Contains(body, w) && !strings.Contains(body, strings.ToUpper(w)) {
			t.Errorf("digest lacks %q:\n%s", w, body)
		}
	}
}
