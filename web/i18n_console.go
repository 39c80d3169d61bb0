package web

// The console's interface texts in Chinese, merged into zh.
func init() {
	for k, v := range map[string]string{
		"Forecast":                             "发送预测",
		"Sequences":                            "跟进序列",
		"Templates":                            "邮件模板",
		"Reports":                              "报表",
		"Team":                                 "团队",
		"Sequence":                             "跟进序列",
		"New sequence":                         "新建跟进序列",
		"Template":                             "模板",
		"Preview":                              "预览",
		"Preview for":                          "预览客户",
		"Check and save":                       "检查并保存",
		"Steps":                                "步骤",
		"After":                                "间隔",
		"Days":                                 "天数",
		"Action":                               "动作",
		"Mode":                                 "模式",
		"Grades":                               "等级",
		"Name":                                 "名称",
		"Description":                          "说明",
		"Window":                               "发送时段",
		"Kind":                                 "类型",
		"Show":                                 "显示",
		"all":                                  "全部",
		"Customer":                             "客户",
		"Subject":                              "主题",
		"To":                                   "收件人",
		"Waiting":                              "待回复",
		"Late":                                 "超时",
		"Follow-ups":                           "跟进中",
		"Overdue tasks":                        "逾期任务",
		"Audit log":                            "操作记录",
		"The team's week":                      "团队本周",
		"Download CSV":                         "下载 CSV",
		"Nothing planned.":                     "暂无计划。",
		"Only a manager can change sequences.": "只有经理可以修改跟进序列。",
		"Only a manager can change this.":      "只有经理可以修改。",
		"Fields you can use":                   "可用字段",
		"Saved. The running daemon takes it on its next tick.": "已保存。运行中的服务会在下一次检查时采用。",
	} {
		if _, ok := zh[k]; !ok {
			zh[k] = v
		}
	}
}
