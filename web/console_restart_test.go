package web_test

import (
	"testing"
)

// A page saved while the daemon holds the follow-ups (saved=restart) says
// they stay off until `keepwarm run` restarts, on the sequence and the
// template editor, in English and Chinese.
func TestSavedPageSaysToRestartWhileHeld(t *testing.T) {
	_, mgr, _, _ := newConsole(t)
	for _, loc := range []string{"/sequences/key-customer?saved=restart", "/templates/resend.tmpl?saved=restart"} {
		_, page := mgr.get(loc)
		mustContain(t, loc, page, `id="saved-restart"`)
		mustContain(t, loc, page, "until keepwarm run is restarted")
		zh := mgr.getZh(t, loc)
		mustContain(t, loc+" in Chinese", zh, "需重启 keepwarm run 才会恢复")
	}
}
