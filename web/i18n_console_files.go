package web

import "keepwarm/zhtext"

// The console's refusals and notes about the team's sequence and template
// files as a whole (app/web_console.go), in Chinese.
func init() {
	for k, v := range map[string]string{
		"The follow-ups are off: keepwarm run found problems in the sequences and templates when it started. Fix them, then restart keepwarm run.":                                                         "跟进已关闭：keepwarm run 启动时发现序列和模板有问题。请修好这些问题，然后重启 keepwarm run。",
		"These files have problems: the running daemon keeps the sequences and templates it had until they are fixed; if keepwarm run restarts before then, the follow-ups stay off until they are fixed.": "这些文件有问题：修好之前，运行中的服务继续使用原来的序列和模板；如果在修好之前重启 keepwarm run，跟进会一直关闭，直到这些问题修好。",
		"The follow-ups are off: keepwarm run found problems in the sequences and templates when it started. Tell the manager: they stay off until the files are fixed and keepwarm run is restarted.":     "跟进已关闭：keepwarm run 启动时发现序列和模板有问题。请告诉经理：文件修好并重启 keepwarm run 之前，跟进一直关闭。",
		"Tell the manager.": "请告诉经理。",
		"does not load":     "无法加载",
		"The form is too large to be read, so nothing was saved: go back, shorten the text and send it again.": "表单太大，无法读取，因此没有保存任何内容：请返回，缩短文字后再提交。",
		"Files that do not load:": "无法加载的文件：",
		"The follow-ups are off until the sequences and templates are fixed and keepwarm run is restarted: no follow-up step or task is listed here.": "序列和模板修好并重启 keepwarm run 之前，跟进已关闭：这里不会列出任何跟进步骤或任务。",
		"The problems":          "查看问题",
		"Reply target":          "回复时限",
		"waiting, not yet late": "尚在等待、未超时",
		"This file does not load, so the form cannot show it: fix it in the file by hand (the problems are below), or ask whoever wrote it.": "此文件无法加载，因此无法在表单中显示：请直接修改文件（问题列在下方），或请文件的作者修改。",
		"this file does not load: see the problems on the Sequences page":                                                                    "此文件无法加载：请查看“序列”页面列出的问题。",
		"not sent, in its place:":                                     "不会发送，代替它发送的是：",
		"Another file of the same name and language is the one sent.": "另一个同名、同语言的文件才是实际发送的那个。",
	} {
		if _, ok := zh[k]; !ok {
			zh[k] = v
		}
	}
	zhtext.Add(
		pat(`the file (.*) already holds the sequence "(.*)": choose another name`,
			"文件 %s 里已经是序列「%s」：请换一个名称。"),
		pat(`the file (.*) is already in the sequences directory and does not load \(the Sequences page shows its problems\): fix or remove it, or choose another name`,
			"序列目录里已经有文件 %s，但它无法加载（“序列”页面列出了它的问题）：请先修好或删除它，或者换一个名称。"),
		pat(`no sequence named "(.*)" \(known: (.*)\)`, "没有名为「%s」的序列（现有：%s）。"),
		pat(`ack is the "received, working on it" draft put in Drafts at the first reply nudge; keepwarm never sends it: choose a follow-up template such as resend`,
			"ack 是第一次回复提醒时放进草稿箱的“已收到，正在处理”草稿，keepwarm 从不发送它：请选择一个跟进模板，例如 resend。"),
		pat(`(\d{4}-\d{2}) is a monthly letter: letters are sent by the greetings job, not by a step; choose a follow-up template such as resend`,
			"%s 是月度信函：月度信函由问候任务发送，不能作为跟进步骤；请选择一个跟进模板，例如 resend。"),
		pat(`(.*) is a greeting: the greetings job sends it on its day; choose a follow-up template such as resend`,
			"%s 是问候模板：问候任务会在当天发送它，不能作为跟进步骤；请选择一个跟进模板，例如 resend。"),
		pat(`(.*) is the same template in the same language and is the one sent, so this file never would be: edit that file instead`,
			"%s 是同一个模板、同一种语言，实际发送的是它，此文件永远不会被发送：请改为编辑那个文件。"),
		pat(`this file would take the place of (.*), the same template in the same language, which is sent today: edit that file instead`,
			"此文件会取代 %s：它是同一个模板、同一种语言，目前实际发送的是它，保存后它的文字就不再发送：请改为编辑那个文件。"),
	)
}
