package web

import (
	"fmt"

	"keepwarm/templates"
)

// The console's word on a template writing a field the mail it is sent
// as never has (templates.KindProblems), in Chinese, merged into zh.
func init() {
	kinds := map[templates.Kind]string{
		templates.KindFollowUp: "跟进步骤（或自动确认）的邮件",
		templates.KindGreeting: "节日问候",
		templates.KindLetter:   "月度邮件",
	}
	who := map[string]string{
		"Occasion": "只有节日问候才有节日名称",
		"Month":    "只有月度邮件才有月份",
		"Original": "只有在原邮件往来中发出的跟进才有被跟进的那封邮件",
	}
	for _, k := range templates.Kinds() {
		for _, f := range k.Unset() {
			msg := templates.UnsetMsg(k, f)
			if _, ok := zh[msg]; !ok {
				zh[msg] = fmt.Sprintf("在%s里总是空的，所以这个模板的每封邮件在这里都会留下空白：%s；请把它从这个模板里去掉（直接写出要说的话）。", kinds[k], who[f])
			}
		}
	}
}
