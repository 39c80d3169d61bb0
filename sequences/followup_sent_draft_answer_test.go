package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// The product introduction, filed in Drafts, is sent by Lily from her mail
// client under a new Message-ID. Hans passes it on to his boss Peter, whom
// the follow-up does not write to, and Peter answers in its thread:
// the follow-up is answered, as it is by an answer to the introduction
// keepwarm sent itself. It went on, and Lily got a call task "did our mail
// arrive?" for a customer who had answered.
func TestAnAnswerToASentDraftIntroductionStopsTheFollowUp(t *testing.T) {
	w := newFUWorld(t, "A")
	intro, sent := w.sendIntroductionFromDrafts()
	if e := w.enrollment(); e.Status != keepwarm.EnrollActive {
		t.Fatalf("after the introduction was sent from Drafts: %s %q", e.Status, e.Reason)
	}
	answer := w.msg("peter-1@buyer.de", keepwarm.KindInbound, "Re: "+intro.Subject, sent.Add(24*time.Hour), "outlook-intro@seller.example")
	answer.From = keepwarm.Address{Name: "Peter Brandt", Email: "peter@buyer.de"}
	answer.Contacts = []keepwarm.Address{answer.From}
	answer.Text = "Dear Lily, Hans passed your mail on to me. We are interested: please send samples of the 4000K panel."
	answer.Snippet = answer.Text
	w.save("lily", "INBOX", answer)
	w.run(sent.Add(25 * time.Hour))
	if e := w.enrollment(); e.Status != keepwarm.EnrollReplied || !strings.Contains(e.Reason, "peter@buyer.de") {
		t.Fatalf("Peter's answer to the introduction did not end the follow-up: %s %q", e.Status, e.Reason)
	}
}
