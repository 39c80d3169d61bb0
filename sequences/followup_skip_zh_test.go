package sequences

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"keepwarm"
	"keepwarm/zhtext"
)

// The reasons the send's last look gives for a queued step it does not
// send because an edit or a regrade left its step out of the plan, because
// someone wrote in the thread, or with what becomes of a step queued
// before steps were named (appended to the reason of a pause), are
// written in Chinese in a Chinese digest, as the reasons around them are:
// no English sentence is left, the values kept. They stayed English.
func TestSkipReasonsOfTheLastLookAreInChinese(t *testing.T) {
	one := 1
	item := keepwarm.OutboxItem{Key: "seq:5:1", Sequence: "key-customer", Step: &one, StepName: "email:product-intro", StepNth: 1}
	edited := keepwarm.Enrollment{ID: 5, Step: 1, Sequence: "key-customer", Plan: []string{"email:resend", "email:catalog-intro", "task:Call"}}
	toTask := keepwarm.Enrollment{ID: 5, Step: 1, Sequence: "key-customer", Plan: []string{"email:resend", "task:Samples", "task:Call"}}
	done := keepwarm.Enrollment{ID: 5, Step: 3, Sequence: "key-customer", Plan: []string{"email:resend", "email:catalog-intro", "task:Call"}}
	vipItem := item
	vipItem.Sequence, vipItem.StepName = "vip", "email:vip-offer"
	regraded := keepwarm.Enrollment{ID: 5, Step: 1, Sequence: "key-customer", Plan: []string{"email:resend", "email:product-intro", "task:Call"},
		Reason: `customer's tags changed from "vip" to none: follows key-customer from step 2`}
	old := item
	old.StepName, old.StepNth = "", 0
	moved := keepwarm.Enrollment{ID: 5, Step: 3, Sequence: "key-customer", Plan: []string{"task:Welcome", "email:resend", "email:product-intro", "task:Call"}}
	twice := item
	twice.StepName, twice.StepNth = "email:resend", 2
	for _, reason := range []string{
		fmt.Sprintf("enrollment %d: %s; %s", 5, replacedCause(item, edited), goesOnWith(edited, item)),
		fmt.Sprintf("enrollment %d: %s; %s", 5, replacedCause(item, toTask), goesOnWith(toTask, item)),
		fmt.Sprintf("enrollment %d: %s; %s", 5, replacedCause(item, done), goesOnWith(done, item)),
		fmt.Sprintf("enrollment %d: %s; %s", 5, replacedCause(vipItem, regraded), goesOnWith(regraded, vipItem)),
		"enrollment 5: someone wrote in the thread meanwhile; the step waits again",
		// The step done again in a more careful mode, or for the
		// recipients the follow-up writes to now.
		fmt.Sprintf("enrollment %d: the sequence's mode is now %s; the step is done again in that mode", 5, keepwarm.ModeDraft),
		fmt.Sprintf("enrollment %d: the sequence's mode is now %s; the step is done again in that mode", 5, keepwarm.ModeDryRun),
		fmt.Sprintf("enrollment %d: its recipients changed since the step was queued; the step is done again for %s", 5,
			addrList([]keepwarm.Address{{Email: "hans@buyer.de"}, {Email: "einkauf@buyer.de"}})),
		fmt.Sprintf("enrollment %d: its recipients changed since the step was queued; the step is done again for %s", 5,
			addrList([]keepwarm.Address{{Email: "hans@buyer.de"}})) + stepGone(edited, item),
		"enrollment 5 is paused: paused by a person" + stepGone(moved, old),
		"enrollment 5 is paused: paused by a person" + stepGone(edited, twice),
		"enrollment 5 is paused: paused by a person" + stepGone(edited, item),
	} {
		zh := zhtext.Err(reason)
		if english := regexp.MustCompile(`[a-z]{3,} [a-z]{3,}`).FindString(strings.NewReplacer("key-customer", "", "catalog-intro", "", "product-intro", "", "vip-offer", "").Replace(zh)); english != "" || zh == reason {
			t.Errorf("%q\nin Chinese: %q (English left: %q)", reason, zh, english)
		}
		for _, v := range []string{"5", "key-customer", "hans@buyer.de", "einkauf@buyer.de"} {
			if strings.Contains(reason, v) && !strings.Contains(zh, v) {
				t.Errorf("%q in Chinese lost %q: %q", reason, v, zh)
			}
		}
	}
}
