package web

import "testing"

// A follow-up held for an acknowledgement that passes on a person's words
// reads in Chinese on the desk and the customer's page.
func TestUnplacedAutoAnswerReasonHasChinese(t *testing.T) {
	zh := Lang{Code: "zh"}
	reason := "on hold: an automatic answer from purchasing@acme.example passes on a person's words: read it, then resume or stop the follow-up"
	want := "暂停：purchasing@acme.example 的自动回复转达了某人的话：请先阅读，再恢复或停止跟进"
	if got := zh.Err(reason); got != want {
		t.Errorf("Err(%q) = %q, want %q", reason, got, want)
	}
}
