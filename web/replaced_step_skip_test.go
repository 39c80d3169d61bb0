package web_test

import (
	"fmt"
	"html"
	"net/http"
	"testing"

	"keepwarm"
	"keepwarm/sequences"
)

// Hans's follow-up runs, and a mail of a step an edit of key-customer has
// since taken out of the plan still waits in the outbox: the send's last
// look skips it. The desk marks it "replaced by an edit: not sent", and
// Skip's question says it does not go anyway (in Chinese too). The desk
// listed it as going, and the question said the follow-up goes on after
// it as if it had gone.
func TestAQueuedStepAnEditReplacedIsShownAsNotSent(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	e, err := w.db.GetEnrollment(w.ctx, w.enrollment)
	if err != nil {
		t.Fatal(err)
	}
	if e.Status != keepwarm.EnrollActive || len(e.Plan) == 0 {
		t.Fatalf("Hans's follow-up: %s, plan %v; want it running", e.Status, e.Plan)
	}
	step := e.Step
	item, _, err := w.db.Enqueue(w.ctx, keepwarm.OutboxItem{Key: fmt.Sprintf("seq:%d:%d:old", e.ID, step), MessageID: keepwarm.NewMessageID("seller.example"),
		Mailbox: "lily", From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: "hans@buyer.de"}}, Subject: "Our catalogue",
		Mode: keepwarm.ModeSend, CustomerID: w.meier, Origin: sequences.OriginSequence, Sequence: e.Sequence, Enrollment: &e.ID, Step: &step,
		StepName: "email:catalogue-gone", StepNth: 1, DueAt: now0, NextAttemptAt: now0, CreatedAt: now0})
	if err != nil {
		t.Fatal(err)
	}
	if !sequences.QueuedStepReplaced(e, item) {
		t.Fatalf("the rig: the last look would send the mail of a step the plan %v lacks", e.Plan)
	}
	srv := w.serve()
	c := w.signIn(srv, lily)
	code, desk := c.get("/")
	if code != http.StatusOK {
		t.Fatalf("the desk: %d", code)
	}
	mustContain(t, "the desk", desk, "replaced by an edit: not sent")
	skipOut := path("/outbox/%d/skip", item.ID)
	// Hans's page says it too, under the follow-up's line, whose Skip is
	// the step that goes.
	page := path("/customers/%d", w.meier)
	_, cust := c.get(page)
	line := cut(t, cust, path(`id="enr-%d"`, e.ID), "</li>")
	mustContain(t, "the follow-up's line on Hans's page", line, "replaced by an edit: not sent", "Our catalogue",
		path(`action="/enrollments/%d/skip"`, e.ID), fmt.Sprintf(`name="step" value="%d"`, e.Step+1))
	mustLack(t, "the follow-up's line on Hans's page", line, skipOut, "queued, goes")
	code, q := c.do("/", skipOut, nil)
	if code != http.StatusOK {
		t.Fatalf("the question before Skip: %d %s", code, q)
	}
	mustContain(t, "the question before Skip", q, html.EscapeString("An edit of its sequence replaced or removed this step since it was queued: it is not sent anyway"))
	mustLack(t, "the question before Skip", q, "as planned")
	c.setLang("zh")
	_, zhDesk := c.get("/")
	mustContain(t, "the Chinese desk", zhDesk, "已被序列修改取代：不发送")
	_, zh := c.do("/", skipOut, nil)
	mustContain(t, "the Chinese question", zh, "这一步已被替换或删除")
	mustLack(t, "the Chinese question", zh, "An edit of its sequence")
}
