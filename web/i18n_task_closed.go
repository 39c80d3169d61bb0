package web

import (
	"regexp"

	"keepwarm/zhtext"
)

// Done pressed on a call task closed meanwhile (app.DoneTask, store.DoneTask),
// in Chinese.
func init() {
	const kept = `(?: (Your note is kept in the customer's notes\.))?`
	keptZh := func(m string) string {
		if m != "" {
			return "你的备注已保存到客户备注中。"
		}
		return ""
	}
	zhtext.Add(
		zhtext.Pattern{Re: anchored(`This call task was closed at (.+): (.+) answered by mail on (.+), so no call was needed\.` + kept),
			Zh: func(m []string) string {
				return "这个电话任务已在 " + m[1] + " 关闭：" + m[2] + " 于 " + m[3] + " 回了邮件，不需要再打电话。" + keptZh(m[4])
			}},
		zhtext.Pattern{Re: anchored(`This call task was closed at (.+): (.+) asked for no more mail on (.+), so no call was needed\.` + kept),
			Zh: func(m []string) string {
				return "这个电话任务已在 " + m[1] + " 关闭：" + m[2] + " 于 " + m[3] + " 要求不再收到邮件，不需要再打电话。" + keptZh(m[4])
			}},
		zhtext.Pattern{Re: anchored(`This call task was closed already, at (.+), with a note of its own\.` + kept),
			Zh: func(m []string) string {
				return "这个电话任务已在 " + m[1] + " 关闭，并已有自己的记录。" + keptZh(m[2])
			}},
		zhtext.Pattern{Re: anchored(`You closed this call task already, at (.+?)\.(?: (Your note is in the customer's notes\.))?`),
			Zh: func(m []string) string {
				if m[2] != "" {
					return "你已在 " + m[1] + " 关闭了这个电话任务。你的备注已在客户备注中。"
				}
				return "你已在 " + m[1] + " 关闭了这个电话任务。"
			}},
		pat(`task (\d+) was closed already at (.+); the note is kept in the customer's notes`, "任务 %s 已在 %s 关闭；备注已保存到客户备注中。"),
		pat(`task (\d+) was closed already at (.+)`, "任务 %s 已在 %s 关闭。"),
	)
}

func anchored(re string) *regexp.Regexp { return regexp.MustCompile("^" + re + "$") }
