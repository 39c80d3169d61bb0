package sequences

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// In the digest Tom reads while covering for Lily, her reviews due and her
// follow-ups a failed send stopped are hers to act on (the desk leaves them
// to her and the manager): their notes say they wait for her, not "review
// each" or "until you act". Her own digest keeps its words. In Chinese too.
func TestCoveringDigestSaysReviewsAndFailedWaitForTheOwner(t *testing.T) {
	at := time.Date(2026, 12, 21, 9, 0, 0, 0, time.UTC)
	d := Digest{Salesperson: "lily@team.example", Name: "Lily Chen", Date: "2026-12-21", TimeZone: "UTC", Now: at, web: "https://desk.example",
		Reviews: []DigestCustomer{{CustomerID: 42, Customer: "domain:meier.example", Name: "Meier GmbH", Grade: "A", At: at.Add(-24 * time.Hour)}},
		Failed:  []keepwarm.Enrollment{{ID: 7, Customer: "domain:meier.example", Sequence: "key-customer", Status: keepwarm.EnrollFailed, Reason: "550 no such user", ThreadID: 3}}}
	own := d.Text()
	for _, want := range []string{"review each and regrade", "Nothing more goes out in these until you act"} {
		if !strings.Contains(own, want) {
			t.Errorf("Lily's own digest lacks %q:\n%s", want, own)
		}
	}
	d.cover = &digestCover{reader: "Tom Wang", line: "You are covering for Lily Chen, away until 2026-12-24.\n\n"}
	covering := d.Text()
	for _, want := range []string{"These wait for Lily Chen to review when back (or for the manager): nothing to do while you cover.",
		"Nothing more goes out in these until Lily Chen (or the manager) resumes or stops them"} {
		if !strings.Contains(covering, want) {
			t.Errorf("the covering digest lacks %q:\n%s", want, covering)
		}
	}
	for _, not := range []string{"review each and regrade", "until you act"} {
		if strings.Contains(covering, not) {
			t.Errorf("the covering digest says %q:\n%s", not, covering)
		}
	}
	d.Lang = "zh"
	zh := d.Text()
	if !strings.Contains(zh, "这些客户等 Lily Chen 回来后复查") || !strings.Contains(zh, "在 Lily Chen（或经理）恢复或停止之前") {
		t.Errorf("the covering digest in Chinese:\n%s", zh)
	}
}

// A follow-up stopped while keepwarm filed its step in Drafts is listed
// among the failed ones saying to look in Drafts: the section's note says
// so too, not only "ask the recipient" of a mail that went to nobody. In
// Chinese too.
func TestFailedNoteSaysADraftStepIsLookedForInDrafts(t *testing.T) {
	at := time.Date(2026, 12, 21, 9, 0, 0, 0, time.UTC)
	d := Digest{Salesperson: "lily@team.example", Name: "Lily Chen", Date: "2026-12-21", TimeZone: "UTC", Now: at, web: "https://desk.example",
		Failed: []keepwarm.Enrollment{{ID: 7, Customer: "domain:meier.example", Sequence: "key-customer", Status: keepwarm.EnrollFailed, ThreadID: 3,
			Reason: "step 2's draft may be in Drafts already (interrupted while filing the draft): look in your Drafts (and Sent); if it is there or you sent it, go on to the next step, if not, file it again (or stop)"}}}
	if text := d.Text(); !strings.Contains(text, "ask the recipient") || !strings.Contains(text, "a step filed as a draft went to nobody: look in your Drafts") {
		t.Errorf("the failed follow-ups' note:\n%s", text)
	}
	d.Lang = "zh"
	if zh := d.Text(); !strings.Contains(zh, "先问收件人") || !strings.Contains(zh, "存入草稿箱的一步没有发给任何人：请查看草稿箱") {
		t.Errorf("the failed follow-ups' note in Chinese:\n%s", zh)
	}
}
