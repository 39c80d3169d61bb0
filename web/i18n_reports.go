package web

// The reports' and the team page's further texts in Chinese, merged into zh.
func init() {
	for k, v := range map[string]string{
		"answered for":    "代为回复，客户负责人",
		"Not on the team": "不在团队中",
		"(no owner)":      "（无负责人）",
		"Not on the team: mail and follow-ups owned by someone who is not a salesperson on the team (the manager, for a mailbox without an owner; someone who left, until their customers are handed on).": "不在团队中：负责人不是团队销售的邮件和跟进（没有负责人的邮箱归经理；已离职的人，直到其客户转给别人）。",
		"latest":         "最近",
		"older":          "较早",
		"Latest entries": "最新记录",
		"Older entries":  "更早的记录",
	} {
		if _, ok := zh[k]; !ok {
			zh[k] = v
		}
	}
}
