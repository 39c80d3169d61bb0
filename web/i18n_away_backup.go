package web

import "keepwarm/zhtext"

// The absence form's refusals of a backup (one naming the standing backup
// an empty choice gives), and the Away card's word that who covers is
// away too, in Chinese.
func init() {
	zh["away too: nobody at their desk covers; name a backup"] = "也不在：没有在岗的人代理；请指定代理人"
	zh["Backup: name who covers for you: with nobody named, your nudges and digest stay in your own inbox while you are away."] = "代理人：请指定谁代理你：不指定的话，你外出期间的提醒和摘要都会留在你自己的收件箱里。"
	zhtext.Add(
		pat(`Backup: name who covers for (.+): with nobody named, the manager's nudges and digest stay in their own inbox while they are away\.`,
			"代理人：请指定谁代理 %s：不指定的话，经理外出期间的提醒和摘要都会留在其自己的收件箱里。"),
		pat(`Backup: name a colleague on the team, or leave it empty for the standing backup, (.+)\.`,
			"代理人：请选一位同事，或留空由常设代理人 %s 代理。"),
		pat(`Backup: (.+) is not a salesperson or the manager: only they may cover for someone away\.`,
			"代理人：%s 不是业务员或经理：只有他们可以代理外出的同事。"))
}
