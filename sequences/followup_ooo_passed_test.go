package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// Hans's out-of-office, left on after his return, says he was back the day
// before it answers Lily's resend: the follow-up pauses for the sequence's
// days, and its reason says the date he gave has passed, not that he gave
// none.
func TestAnOutOfOfficeWithAPassedReturnDateSaysSo(t *testing.T) {
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	w.run(day0.AddDate(0, 0, 3))
	w.sendAll(day0.AddDate(0, 0, 3).Add(time.Minute))
	at := day0.AddDate(0, 0, 3).Add(time.Hour)
	ooo := w.msg("ooo-left-on@buyer.de", keepwarm.KindAutoReply, "Abwesenheitsnotiz", at)
	y, m, d := at.In(berlin).AddDate(0, 0, -1).Date()
	ooo.AutoReplyUntil = time.Date(y, m, d, 0, 0, 0, 0, berlin)
	w.save("lily", "INBOX", ooo)
	w.run(at.Add(time.Hour))
	e := w.enrollment()
	if e.Status != keepwarm.EnrollPaused {
		t.Fatalf("%s (%s); want paused", e.Status, e.Reason)
	}
	given := ooo.AutoReplyUntil.Format("2006-01-02")
	if strings.Contains(e.Reason, "no return date given") || !strings.Contains(e.Reason, "return date "+given+" given, not after this reply") {
		t.Fatalf("reason %q; want the passed return date %s named", e.Reason, given)
	}
}
