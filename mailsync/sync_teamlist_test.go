package mailsync_test

import (
	"strings"
	"testing"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// A Mailchimp newsletter to sales@ run as a Google Group: the group put its
// own List-Id and unsubscribe links on the copy, and what is left of the
// newsletter is Mailchimp's X-MC-User (its Feedback-ID, a transport field
// a person's mail relayed by a service carries too, is no sign). Sync must
// fetch that field, or the newsletter is stored as a customer's inquiry
// with a reply clock and a pool entry.
func TestNewsletterThroughTeamGroupIsBulk(t *testing.T) {
	raw := strings.ReplaceAll(`From: Supplier News <news@supplier-news.example>
To: `+salesUser+`
Subject: Spring catalogue 2027
Date: Mon, 05 Jan 2026 09:00:00 +0000
Message-ID: <nl-1@mail.supplier-news.example>
List-Id: <sales.`+teamDomain+`>
List-Unsubscribe: <mailto:googlegroups-manage+1+unsubscribe@googlegroups.com>, <https://groups.google.com/a/`+teamDomain+`/group/sales/subscribe>
Precedence: list
Feedback-ID: 1:2:mailchimp
X-MC-User: abc
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Our new range is out.
`, "\n", "\r\n")
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	srv.Append(t, salesUser, "INBOX", []byte(raw), t0)
	cs := &captureStore{}
	s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), cs, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{RecentText: -1})
	syncOnce(t, s)
	if len(cs.got) == 0 {
		t.Fatal("nothing stored")
	}
	for _, in := range cs.got {
		if m := in.Message; m.Kind != keepwarm.KindBulk || m.CustomerKey != "" {
			t.Errorf("Kind %q CustomerKey %q; want bulk and no customer", m.Kind, m.CustomerKey)
		}
	}
}
