package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// "No answer needed" on the desk: Lily settles Bob's mail, which leaves
// her waiting list for the day's list of marks (with an undo) and the
// audit; the undo puts it back. Tom, who cannot see Acme, finds nothing;
// Lily, who sees the pool's mail but does not answer it, is told why (in
// Chinese on a Chinese page); the manager may settle anyone's.
func TestNoAnswerNeededOnTheDesk(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	lc := w.signIn(srv, lily)
	mark := path("/messages/%d/no-answer", w.waitingMsg)
	waived := func() int {
		return w.count(`SELECT count(*) FROM reply_waivers WHERE message_id = ?`, w.waitingMsg)
	}

	_, desk := lc.get("/")
	if !strings.Contains(desk, `id="wait-`+itoa(w.waitingMsg)+`"`) || !strings.Contains(desk, `action="`+mark+`"`) {
		t.Fatalf("the desk offers no mark for Bob's mail:\n%s", desk)
	}

	// Tom: Acme is not his to see.
	tc := w.signIn(srv, tom)
	if code, _ := tc.do("/", mark, nil); code != http.StatusNotFound {
		t.Errorf("Tom marked Lily's mail: %d", code)
	}
	// Lily: the pool's inquiry has no owner, only the manager settles it.
	poolMsg := w.idOf("p-1@pooltrading.ae")
	code, body := lc.do("/", path("/messages/%d/no-answer", poolMsg), nil)
	if code != http.StatusConflict || !strings.Contains(body, "this mail has no owner: only a manager can say whether it needs an answer") {
		t.Errorf("Lily marked the pool's mail: %d\n%s", code, body)
	}
	zc := w.signIn(srv, lily)
	zc.pressLang("/lang/zh")
	if code, body := zc.do("/", path("/messages/%d/no-answer", poolMsg), nil); code != http.StatusConflict ||
		!strings.Contains(body, "这封邮件没有负责人：只有经理可以决定它是否需要回复。") {
		t.Errorf("in Chinese: %d\n%s", code, body)
	}
	if waived() != 0 || w.count(`SELECT count(*) FROM reply_waivers`) != 0 || w.count(`SELECT count(*) FROM web_audit`) != 0 {
		t.Fatal("a refused mark was recorded")
	}

	// Lily settles Bob's mail.
	if code, loc := lc.do("/", mark, nil); code != http.StatusSeeOther || loc != "/" {
		t.Fatalf("Lily's mark: %d %s", code, loc)
	}
	_, desk = lc.get("/")
	if strings.Contains(desk, `id="wait-`+itoa(w.waitingMsg)+`"`) || !strings.Contains(desk, `id="settled-`+itoa(w.waitingMsg)+`"`) ||
		!strings.Contains(desk, `action="`+mark+`/undo"`) {
		t.Errorf("after the mark the desk shows:\n%s", desk)
	}
	if waived() != 1 || w.count(`SELECT count(*) FROM web_audit WHERE actor = ? AND action = 'reply.no-answer-needed' AND customer_id = ?`, lily, w.acme) != 1 {
		t.Errorf("the mark or its audit line is missing")
	}
	if code, body := lc.do("/", mark, nil); code != http.StatusConflict || !strings.Contains(body, "marked this mail as needing no answer already") {
		t.Errorf("marked twice: %d", code)
	}

	// The undo.
	if code, _ := tc.do("/", mark+"/undo", nil); code != http.StatusNotFound {
		t.Errorf("Tom undid Lily's mark: %d", code)
	}
	if code, loc := lc.do("/", mark+"/undo", nil); code != http.StatusSeeOther || loc != "/" {
		t.Fatalf("Lily's undo: %d %s", code, loc)
	}
	_, desk = lc.get("/")
	if !strings.Contains(desk, `id="wait-`+itoa(w.waitingMsg)+`"`) || strings.Contains(desk, `id="settled-`) || waived() != 0 {
		t.Errorf("after the undo the desk shows:\n%s", desk)
	}
	if w.count(`SELECT count(*) FROM web_audit WHERE actor = ? AND action = 'reply.no-answer-needed.undo'`, lily) != 1 {
		t.Errorf("no audit line for the undo")
	}

	// The manager settles Tom's customer's mail.
	mc := w.signIn(srv, mei)
	dupontMsg := w.idOf("d-1@dupont.fr")
	if code, loc := mc.do("/", path("/messages/%d/no-answer", dupontMsg), nil); code != http.StatusSeeOther || loc != "/" {
		t.Fatalf("the manager's mark: %d %s", code, loc)
	}
	if _, desk := tc.get("/"); strings.Contains(desk, path(`id="wait-%d"`, dupontMsg)) || !strings.Contains(desk, path(`id="settled-%d"`, dupontMsg)) || !strings.Contains(desk, "Mei Lin") {
		t.Errorf("Tom's desk after the manager's mark:\n%s", desk)
	}
}

func itoa(n int64) string { return path("%d", n) }
