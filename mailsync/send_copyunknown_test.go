package mailsync_test

import (
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/zhtext"
)

// The server answers the copies with words keepwarm does not know, or an
// implementation limit: the mail is held (the safe side) and its reason,
// in English and Chinese, names the way out.
func TestACopyAnswerKeepwarmCannotReadNamesTheWayOut(t *testing.T) {
	for _, c := range []struct {
		code imap.ResponseCode
		text string
	}{{"", "没有权限"}, {imap.ResponseCodeLimit, "Message exceeds a limit"}} {
		srv := mailtest.NewMemServer(t)
		r := newRig(t, srv, nil)
		srv.RefuseAppend("Sent", c.code, c.text)
		r.enqueue("seq:1:1", keepwarm.ModeSend)
		second := r.enqueue("seq:2:1", keepwarm.ModeSend)
		r.run()
		r.clock.Advance(2 * time.Hour)
		r.run()
		got := r.item(second.ID)
		if got.Status != keepwarm.OutboxQueued || !strings.HasPrefix(got.LastError, mailsync.CopyUnfiledHeld) ||
			!strings.Contains(got.LastError, c.text) || !strings.HasSuffix(got.LastError, "; "+mailsync.CopyUnknownAnswer) {
			t.Fatalf("%s %s: %s %q", c.code, c.text, got.Status, got.LastError)
		}
		if zh := zhtext.Err(got.LastError); !strings.HasPrefix(zh, "暂缓发送") || !strings.Contains(zh, "server_saves_sent = true") || strings.Contains(zh, "does not know") {
			t.Fatalf("Chinese: %q", zh)
		}
	}
}
