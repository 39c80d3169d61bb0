package web

// auditLabels say in words what each audit action did, for the pages that
// list changes (a customer's "Changes made here", the team's audit log);
// the stored action stays the code (`keepwarm audit`, reports).
var auditLabels = map[string]string{
	"enrollment.pause":            "paused a follow-up",
	"enrollment.resume":           "resumed a follow-up",
	"enrollment.stop":             "stopped a follow-up",
	"enrollment.skip":             "skipped a follow-up step",
	"enrollment.arrived":          "went on with a follow-up: its step arrived",
	"enrollment.resend":           "sent a follow-up step again",
	"task.done":                   "closed a task",
	"outbox.skip":                 "cancelled a queued mail",
	"outbox.settle":               "marked a send dealt with",
	"outbox.arrived":              "marked an uncertain send as arrived",
	"outbox.in-drafts":            "marked an uncertain draft as in Drafts",
	"customer.claim":              "took the customer",
	"customer.release":            "released the customer to the pool",
	"customer.review":             "reviewed the customer",
	"customer.note":               "added a note",
	"contact.edit":                "edited a contact",
	"absence.add":                 "entered an absence",
	"absence.cancel":              "cancelled an absence",
	"absence.back":                "said someone is back",
	"letter.save":                 "saved a letter",
	"sequence.save":               "saved a sequence",
	"template.save":               "saved a template",
	"session.revoke":              "signed a session out",
	"reply.no-answer-needed":      "marked a mail “no answer needed”",
	"reply.no-answer-needed.undo": "took back “no answer needed”",
	"order.remove":                "removed an order",
}

// auditLabel is action in words; an action without one shows as stored.
func auditLabel(action string) string {
	if s, ok := auditLabels[action]; ok {
		return s
	}
	return action
}

// The audit actions in Chinese, merged into zh.
func init() {
	for k, v := range map[string]string{
		"paused a follow-up":                "暂停了跟进",
		"resumed a follow-up":               "恢复了跟进",
		"stopped a follow-up":               "停止了跟进",
		"skipped a follow-up step":          "跳过了一步跟进",
		"closed a task":                     "完成了任务",
		"cancelled a queued mail":           "取消了待发邮件",
		"took the customer":                 "认领了客户",
		"released the customer to the pool": "把客户放回公海",
		"reviewed the customer":             "复盘了客户",
		"added a note":                      "添加了备注",
		"edited a contact":                  "编辑了联系人",
		"entered an absence":                "登记了外出",
		"cancelled an absence":              "取消了外出",
		"said someone is back":              "标记为已返回",
		"saved a letter":                    "保存了月度邮件",
		"saved a sequence":                  "保存了跟进序列",
		"saved a template":                  "保存了模板",
		"signed a session out":              "注销了一个登录会话",
		"marked a mail “no answer needed”":  "标记邮件“无需回复”",
		"took back “no answer needed”":      "撤销了“无需回复”",
		"removed an order":                  "删除了一笔订单",
	} {
		zh[k] = v
	}
}
