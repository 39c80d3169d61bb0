package zhtext

import (
	"fmt"
	"regexp"
)

// A template writing a field the mail it is sent as never has
// (templates.UnsetFieldError), as a follow-up's failed step ("step 2:
// templates: ...") or a greeting's skip ("template: ...") gives it.
func init() {
	kinds := map[string]string{
		"a follow-up step's (or an acknowledgement's) mail": "跟进步骤（或自动确认）的邮件",
		"a greeting":       "节日问候",
		"a monthly letter": "月度邮件",
	}
	who := map[string]string{
		"only a greeting has an occasion":                       "只有节日问候才有节日名称",
		"only a monthly letter has a month":                     "只有月度邮件才有月份",
		"only a follow-up in a thread has a mail it follows up": "只有在原邮件往来中发出的跟进才有被跟进的那封邮件",
	}
	Add(Pattern{Re: regexp.MustCompile(`^(?:step (\d+): )?(?:templates?: )?(\S+) writes \{\{\.(\w+)\}\}, which is always empty in (.+?): (.+?); take it out of this template \(write the words themselves\)$`), Zh: func(m []string) string {
		k, ok1 := kinds[m[4]]
		w, ok2 := who[m[5]]
		if !ok1 || !ok2 {
			return m[0]
		}
		head := ""
		if m[1] != "" {
			head = fmt.Sprintf("第 %s 步：", m[1])
		}
		return fmt.Sprintf("%s%s 写了 {{.%s}}，它在%s里总是空的：%s；请把它从这个模板里去掉（直接写出要说的话）。", head, m[2], m[3], k, w)
	}})
}
