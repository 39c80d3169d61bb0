package web

// The absence form's refusal of a backup, naming the standing backup an
// empty choice gives, in Chinese.
func init() {
	zhErrors = append(zhErrors,
		pat(`Backup: name a colleague on the team, or leave it empty for the standing backup, (.+)\.`,
			"代理人：请选一位同事，或留空由常设代理人 %s 代理。"),
		pat(`Backup: (.+) is not a salesperson or the manager: only they may cover for someone away\.`,
			"代理人：%s 不是业务员或经理：只有他们可以代理外出的同事。"))
}
