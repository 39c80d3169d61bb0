package web

import (
	"regexp"
	"strings"

	"keepwarm/zhtext"
)

// zhOutboxAudit are the words the desk's send actions record after a
// send's status (outbox.settle, outbox.arrived, outbox.in-drafts).
var zhOutboxAudit = map[string]string{
	"arrived":    "已送达",
	"in Drafts":  "已在草稿箱",
	"dealt with": "已处理",
}

// orderRemovedBefore is what store.RemoveOrders records of an order it
// removed: "120.00 USD on 2026-09-01".
var orderRemovedBefore = regexp.MustCompile(`^(\S+ \S+) on (\d{4}-\d{2}-\d{2})$`)

// zhOrderRemoved is an order.remove value in Chinese: "2026-09-01 的
// 120.00 USD" and "已删除".
func zhOrderRemoved(s string) string {
	if s == "removed" {
		return "已删除"
	}
	if m := orderRemovedBefore.FindStringSubmatch(s); m != nil {
		return m[2] + " 的 " + m[1]
	}
	return s
}

// callNoteLine is a line Done adds to a customer's notes (store.DoneTask):
// "2026-12-05 call: comparing suppliers: decides in March".
var callNoteLine = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2}) call: (.+)$`)

// Notes is a customer's notes as the reader's language reads them: the
// lines Done wrote keep what the salesperson typed, but "call" and the
// reason chosen are keepwarm's words, in Chinese on a Chinese page
// ("2026-12-05 电话：在比较供应商：三月决定"). The notes are stored once, in
// English, for every reader and for the CLI.
func (l Lang) Notes(s string) string {
	if l.Code != "zh" {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, ln := range lines {
		if m := callNoteLine.FindStringSubmatch(ln); m != nil {
			lines[i] = m[1] + " 电话：" + zhCallSaid(m[2])
		}
	}
	return strings.Join(lines, "\n")
}

// AuditValue is a before or after value of the audit trail in the
// reader's language where keepwarm wrote its words: a closed call's
// "done: comparing suppliers: decides in March", a send's status and what
// the desk recorded of it ("uncertain → in Drafts"), an order removed
// ("120.00 USD on 2026-09-01 → removed"). Other values (grades,
// statuses, what people typed) are shown as they are.
func (l Lang) AuditValue(action, s string) string {
	if l.Code != "zh" {
		return s
	}
	if zh, ok := auditText(action, s); ok {
		return zh
	}
	if strings.HasPrefix(action, "outbox.") {
		if zh, ok := zhOutboxAudit[s]; ok {
			return zh
		}
		return zhtext.Status(s)
	}
	if action == "order.remove" {
		return zhOrderRemoved(s)
	}
	if action != "task.done" {
		return s
	}
	switch s {
	case "open":
		return "未完成"
	case "done":
		return "已完成"
	}
	if rest, ok := strings.CutPrefix(s, "done: "); ok {
		return "已完成：" + zhCallSaid(rest)
	}
	return s
}
