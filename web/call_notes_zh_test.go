package web_test

import (
	"html"
	"net/url"
	"testing"
)

// Lily uses the Chinese desk: she closes a call with "在比较供应商" and
// types "三月决定". The customer's notes and audit trail read the reason
// in Chinese for her, what she typed as she typed it, and so does the
// team's audit log in Chinese; the manager's English page reads it in
// English (the notes are stored once).
func TestCallNoteReadsInTheReadersLanguage(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.signIn(srv, lily)
	page := path("/customers/%d", w.acme)
	if code, loc := c.do("/", path("/tasks/%d/done", w.task), url.Values{"reason": {"comparing"}, "outcome": {"三月决定"}}); code != 303 {
		t.Fatalf("Done: %d %s", code, loc)
	}
	zh := c.getZh(t, page)
	mustContain(t, "the Chinese notes", cut(t, zh, `id="notes"`, "</section>"), "2026-11-16 电话：在比较供应商：三月决定")
	mustContain(t, "the Chinese audit", cut(t, zh, `id="audit"`, "</section>"), html.EscapeString("未完成 → 已完成：在比较供应商：三月决定"))
	mustLack(t, "the Chinese page", zh, "comparing suppliers", " call: ")

	mc := w.signIn(srv, mei)
	team := cut(t, mc.getZh(t, "/team"), `id="audit"`, "</section>")
	mustContain(t, "the manager's Chinese audit log", team, "→ 已完成：在比较供应商：三月决定")
	_, en := mc.get(page)
	mustContain(t, "the English notes", cut(t, en, `id="notes"`, "</section>"), "2026-11-16 call: comparing suppliers: 三月决定")
	mustContain(t, "the English audit", cut(t, en, `id="audit"`, "</section>"), html.EscapeString("open → done: comparing suppliers: 三月决定"))
}
