package zhtext

import (
	"strings"
	"testing"
)

// A follow-up held for a reply through the customer's list says so in
// Chinese, the list and the sender kept.
func TestFollowUpHeldForAReplyThroughAListInChinese(t *testing.T) {
	got := Err("a reply came through the customer's list members@trade-assoc.org from eve@other.example: check whether it answers you, then resume the follow-up or stop it")
	want := "客户的邮件列表 members@trade-assoc.org 转来了 eve@other.example 的回复：请看它是不是在回复你，然后恢复或停止跟进。"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// A failed follow-up held so keeps what its failure asks, in Chinese too.
func TestFailedFollowUpHeldForAReplyThroughAListInChinese(t *testing.T) {
	got := Err("a reply came through the customer's list members@trade-assoc.org from eve@other.example: check whether it answers you, then resume the follow-up or stop it; before: " +
		"the send window of key-customer has no working day for a customer in SA (workdays fri; their weekend fri, sat): nothing is sent; the manager changes the sequence's workdays, then resume it")
	want := "客户的邮件列表 members@trade-assoc.org 转来了 eve@other.example 的回复：请看它是不是在回复你，然后恢复或停止跟进。之前："
	if !strings.HasPrefix(got, want) || strings.Contains(got, "before:") || strings.Contains(got, "send window") {
		t.Errorf("got  %s\nwant %s…", got, want)
	}
}
