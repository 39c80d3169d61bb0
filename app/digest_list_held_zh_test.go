package app

import (
	"testing"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/zhtext"
)

// The list-held reason the digest prints (sequences.ListHeldWhy) reads in
// Chinese through the translation the digest is given (zhtext.Err, with
// the desk's patterns), with nothing of the stored reason left in English.
func TestTheDigestsListHeldReasonReadsInChinese(t *testing.T) {
	reason := keepwarm.ListAnswerHold + "purchasing@buyer.de from anna@buyer.de: check whether it answers you, then resume the follow-up or stop it" +
		"; before: step 1 may not have gone out (the link dropped after DATA); it is not in Sent: ask the recipient whether it arrived; if it did, go on to the next step, if not, send it again (or stop)"
	if got, want := zhtext.Err(sequences.ListHeldWhy(reason)), "客户的邮件列表 purchasing@buyer.de 转来了 anna@buyer.de 的回复"; got != want {
		t.Errorf("in Chinese: %q, want %q", got, want)
	}
}
