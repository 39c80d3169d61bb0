package web_test

import (
	"net/http"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/mailsync"
)

// Step 1 of Meier's follow-up is filed in draft mode, and keepwarm stops
// while filing it; at the restart a mail of the thread is in Drafts under
// another Message-ID, so the item is uncertain (Recover's
// InterruptedDraftMaybeFiled). The draft never went to Hans: nothing Lily
// reads tells her to ask him whether it arrived or says it is not in Sent,
// and the buttons ask whether it is in her Drafts. "It is in Drafts / I
// sent it: go on" records the step drafted, not sent (no copy of a mail
// that never went through SMTP is filed in Sent), and the follow-up goes on.
func TestAnUncertainDraftStepAsksAboutDraftsNotTheCustomer(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	lilyC := w.signIn(srv, lily)
	attempt := now0.Add(8 * time.Hour)
	w.clock.Set(attempt)
	if _, err := w.fu.Run(w.ctx, attempt); err != nil {
		t.Fatal(err)
	}
	if _, err := w.raw.ExecContext(w.ctx, `UPDATE outbox SET mode = 'draft' WHERE enrollment_id = ?`, w.enrollment); err != nil {
		t.Fatal(err)
	}
	claimed, err := w.db.ClaimDue(w.ctx, attempt, 10)
	if err != nil || len(claimed) != 1 || claimed[0].Mode != keepwarm.ModeDraft {
		t.Fatalf("claim: %+v %v", claimed, err)
	}
	it := claimed[0]
	if err := w.db.MarkUncertain(w.ctx, it.ID, mailsync.InterruptedDraftMaybeFiled); err != nil {
		t.Fatal(err)
	}
	if err := w.fu.Settled(w.ctx, it, keepwarm.OutboxUncertain, mailsync.InterruptedDraftMaybeFiled, nil, attempt); err != nil {
		t.Fatal(err)
	}
	e, err := w.db.GetEnrollment(w.ctx, w.enrollment)
	if err != nil || e.Status != keepwarm.EnrollFailed {
		t.Fatalf("after the interrupted draft: %s (%s) %v", e.Status, e.Reason, err)
	}
	mustLack(t, "the follow-up's reason", e.Reason, "ask the recipient", "not in Sent")
	mustContain(t, "the follow-up's reason", e.Reason, "look in your Drafts")

	desk, meierPage := "/", path("/customers/%d", w.meier)
	for _, page := range []string{desk, meierPage} {
		_, body := lilyC.get(page)
		mustContain(t, page, body, "It is in Drafts / I sent it: go on", "It is not there: file it again")
		mustLack(t, page, body, "It arrived: go on to the next step", "It did not arrive: send it again", "ask the recipient", "not in Sent")
	}
	trouble := cut(t, mustGet(t, lilyC, desk), `id="trouble"`, "</section>")
	mustContain(t, "desk", trouble, "draft may be in your Drafts already")
	mustLack(t, "desk", trouble, "may have reached the customer: ask them")
	if code, body := lilyC.do(desk, path("/enrollments/%d/resume", w.enrollment), nil); code != http.StatusConflict {
		t.Fatalf("resume of an uncertain draft step: %d\n%s", code, body)
	} else {
		mustContain(t, "resume refused", body, "may be in Drafts already")
	}

	if code, _ := lilyC.pressLang("/lang/zh?next=/"); code != http.StatusSeeOther {
		t.Fatal("switch to Chinese")
	}
	_, body := lilyC.get(meierPage)
	mustContain(t, "Meier's page in Chinese", body, "已在草稿箱 / 我已发出：继续", "不在：重新存入草稿箱", "请查看你的草稿箱")
	mustContain(t, "the desk in Chinese", mustGet(t, lilyC, desk), "最后一步的草稿可能已在你的草稿箱里")
	if code, _ := lilyC.pressLang("/lang/en?next=/"); code != http.StatusSeeOther {
		t.Fatal("switch to English")
	}

	if code, body := lilyC.do(desk, path("/enrollments/%d/arrived", w.enrollment), nil); code != http.StatusSeeOther {
		t.Fatalf("it is in Drafts: %d\n%s", code, body)
	}
	got, _ := w.db.OutboxItem(w.ctx, it.ID)
	if got.Status != keepwarm.OutboxDrafted {
		t.Fatalf("the draft found in Drafts is %s, want drafted", got.Status)
	}
	if pending, err := w.db.PendingAppend(w.ctx); err != nil || len(pending) != 0 {
		t.Fatalf("copies to file in Sent: %+v %v; want none for a draft", pending, err)
	}
	e, _ = w.db.GetEnrollment(w.ctx, w.enrollment)
	if e.Status != keepwarm.EnrollActive || e.Step != 1 {
		t.Fatalf("after it was found in Drafts: %s step %d (%s)", e.Status, e.Step+1, e.Reason)
	}
	mustContain(t, "the follow-up's reason", e.Reason, "step 1 is in Drafts or was sent, as "+lily+" found")
	if w.smtp.DataCount() != 0 {
		t.Fatalf("%d mails sent; a draft goes to nobody", w.smtp.DataCount())
	}
}
