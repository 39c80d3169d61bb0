// Package zhtext writes keepwarm's own English sentences (a reason an
// item was held or not sent, an action refused, a check that failed) in
// Chinese, keeping the values in them. The desk shows them so, and a
// digest in Chinese writes its reasons so: one table for both. Err reads
// it; other packages add to it from their init (Add, AddLast).
package zhtext

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// The user-facing messages of the store and the engine are English
// sentences with values in them: each pattern below matches one message
// and writes it in Chinese with the same values.

// Pattern matches one English sentence (Re, anchored) and writes it in
// Chinese from the matched groups (Zh).
type Pattern struct {
	Re *regexp.Regexp
	Zh func(m []string) string
}

type errPattern = Pattern

// zhStatus names an enrollment's or a send's status in Chinese.
var zhStatus = map[string]string{
	"active": "进行中", "paused": "已暂停", "stopped": "已停止", "completed": "已完成", "failed": "失败",
	"queued": "已排队", "sending": "发送中", "sent": "已发送", "skipped": "已跳过", "uncertain": "不确定", "drafted": "已存草稿",
	"bounced": "已退信", "replied": "已回复", "opted-out": "已退订",
}

// zhMode names a sequence's send mode in Chinese (the word itself when it
// has none).
func zhMode(s string) string {
	if z, ok := map[string]string{"send": "发送", "draft": "存为草稿", "dry-run": "试运行"}[s]; ok {
		return z
	}
	return s
}

// Status is an enrollment's or a send's status word in Chinese (the word
// itself when it has none).
func Status(s string) string { return status(s) }

func status(s string) string {
	if z, ok := zhStatus[s]; ok {
		return z
	}
	return s
}

var (
	unreadRe     = regexp.MustCompile(`^the server has not yet served (\d+) new message\(s\) \((.*)\); keepwarm asks again at each pass$`)
	unreadItemRe = regexp.MustCompile(`^folder (.+), UID (\d+), refused (\d+) times since (.+)$`)
)

// unread writes in Chinese mailsync's UnreadMessage, why a send is held:
// which messages the server has not served, each refused how often since
// when. A text it does not know stays as it is.
func unread(why string) string {
	m := unreadRe.FindStringSubmatch(why)
	if m == nil {
		return why
	}
	items := strings.Split(m[2], "; ")
	for i, it := range items {
		if n := unreadItemRe.FindStringSubmatch(it); n != nil {
			items[i] = fmt.Sprintf("文件夹 %s，UID %s，自 %s 起已被拒绝 %s 次", n[1], n[2], n[4], n[3])
		}
	}
	return fmt.Sprintf("服务器尚未提供 %s 封新邮件（%s）；keepwarm 每次同步都会再次读取", m[1], strings.Join(items, "；"))
}

// Pat builds a pattern whose Chinese is format filled with the matched
// groups in order; a group whose index is in statuses is a status word.
func Pat(re, format string, statuses ...int) Pattern { return pat(re, format, statuses...) }

// pat builds a pattern whose Chinese is format filled with the matched
// groups in order; a group whose index is in statuses is a status word.
func pat(re, format string, statuses ...int) errPattern {
	return errPattern{Re: regexp.MustCompile("^" + re + "$"), Zh: func(m []string) string {
		args := make([]any, len(m)-1)
		for i := range args {
			args[i] = m[i+1]
		}
		for _, i := range statuses {
			args[i-1] = status(m[i])
		}
		return fmt.Sprintf(format, args...)
	}}
}

var zhErrors = []errPattern{
	// Follow-ups changed by a person (sequences/followup_manual.go).
	pat(`enrollment (\d+) is (\w+): only an active or paused one can be paused`, "跟进序列 %s 当前为「%s」：只有进行中或已暂停的才能暂停。", 2),
	pat(`enrollment (\d+) is (\w+): only a paused or failed one can be resumed`, "跟进序列 %s 当前为「%s」：只有已暂停或失败的才能恢复。", 2),
	pat(`enrollment (\d+) is already (\w+)`, "跟进序列 %s 已经是「%s」。", 2),
	pat(`enrollment (\d+) is (\w+): only an active or paused one has a step to skip`, "跟进序列 %s 当前为「%s」：只有进行中或已暂停的才有可跳过的步骤。", 2),
	pat(`enrollment (\d+) is at step (\d+) now, not step (\d+): nothing was skipped`, "跟进序列 %s 现在已到第 %s 步，不是第 %s 步：没有跳过任何步骤。"),
	pat(`step (\d+) of enrollment (\d+) was queued meanwhile: reload the page, where it is listed as queued with its own Skip`, "第 %s 步（跟进序列 %s）刚刚已进入发送队列：请刷新页面，它会列为“已排队”，用它自己的“跳过”按钮跳过。"),
	pat(`step (\d+) of enrollment (\d+) is already (\w+): skip it in the list of queued sends`, "第 %s 步（跟进序列 %s）已经是「%s」：请在待发送列表中处理它。", 3),
	pat(`step (\d+) of enrollment (\d+) was done meanwhile: its call task (\d+) is made; nothing was skipped`, "第 %s 步（跟进序列 %s）刚刚已经完成：它的电话任务（任务 %s）已经建立：没有跳过任何步骤。"),
	pat(`step (\d+) of enrollment (\d+) is skipped already: it is at step (\d+) now`, "第 %s 步（跟进序列 %s）已经跳过：现在是第 %s 步。"),
	pat(`step (\d+) of enrollment (\d+): its mail queued before \(outbox (\d+)\) is being sent now: nothing was skipped`, "第 %s 步（跟进序列 %s）：之前排队的这一步邮件（待发邮件 %s）正在发送：没有跳过任何步骤。"),
	pat(`step (\d+) of enrollment (\d+) is done already: its mail queued before \(outbox (\d+)\) is (\w+): nothing was skipped`, "第 %s 步（跟进序列 %s）已经完成：它此前排队的邮件（待发邮件 %s）已是「%s」：没有跳过任何步骤。", 4),
	pat(`step (\d+) of enrollment (\d+) is done already: its mail queued before \(outbox (\d+)\) is drafted: nothing was skipped; it is in Drafts: delete the draft if it should not go`, "第 %s 步（跟进序列 %s）已经完成：它此前排队的邮件（待发邮件 %s）已存入草稿箱：没有跳过任何步骤；如不该发出，请删除该草稿。"),
	pat(`enrollment (\d+) has no step (\d+) to skip`, "跟进序列 %s 没有第 %s 步可跳过。"),
	pat(`enrollment (\d+) changed meanwhile`, "跟进序列 %s 刚刚有变动：请刷新页面后重试。"),
	pat(`no step (-?\d+): steps count from 1`, "没有第 %s 步：步骤从 1 开始。"),
	// "No answer needed" (store/replies_waive.go).
	pat(`(\S+) answers this mail: only they, whoever covers for them while they are away, or a manager can say whether it needs an answer`, "这封邮件由 %s 负责回复：只有本人、其外出期间的代理人或经理可以决定它是否需要回复。"),
	pat(`this mail has no owner: only a manager can say whether it needs an answer`, "这封邮件没有负责人：只有经理可以决定它是否需要回复。"),
	pat(`(\S+) marked this mail as needing no answer already`, "%s 已经把这封邮件标记为无需回复。"),
	pat(`this mail was answered already: there is nothing to mark`, "这封邮件已经回复过了：无需标记。"),
	pat(`this mail is not marked as needing no answer`, "这封邮件没有被标记为无需回复。"),
	pat(`this mail changed meanwhile: reload the page`, "这封邮件刚刚有变动：请刷新页面。"),
	// An outbox item whose pre-send check met a fault in keepwarm's own
	// code (mailsync's processGuarded): the fault itself stays as it is.
	pat(`held: keepwarm fault while checking: (.*)`, "暂缓发送：keepwarm 自身在发送前检查时出错（约一小时后重试，已报告给运维）：%s"),
	// A send held where its copy cannot be filed in Sent (mailsync's
	// process): the IMAP error itself stays as it is.
	pat(`held: not sent, as its copy could not be filed in the Sent folder: (.*)`, "暂缓发送：无法把副本存入“已发送”文件夹，所以未发送：%s"),
	// A send held while the copy of a mail sent before it is not filed in
	// Sent (mailsync's CopyUnfiledHeld): the server's answer stays as it is.
	// The same where the server refuses the login the right, with the way
	// out (mailsync's CopyNoRight).
	pat(`held: not sent, as the copy of a mail sent before it could not be filed in the Sent folder yet: (.*); the server does not let this login add mail to the Sent folder: give the login the right to add to Sent, or, if the server files sent mail in Sent itself or copies are not wanted, set server_saves_sent = true on this mailbox`,
		"暂缓发送：此前已发出的一封邮件的副本还未能存入“已发送”文件夹，所以这封未发送：%s；服务器不允许这个登录账号向“已发送”文件夹添加邮件：请给该账号添加邮件到“已发送”的权限；如果服务器会自己把发出的邮件存入“已发送”，或不需要副本，请在这个邮箱上设置 server_saves_sent = true"),
	// The same with an answer keepwarm cannot read, and the way out
	// (mailsync's CopyUnknownAnswer), on held mail and on the sent item.
	pat(`held: not sent, as the copy of a mail sent before it could not be filed in the Sent folder yet: (.*); `+copyUnknownAnswer,
		"暂缓发送：此前已发出的一封邮件的副本还未能存入“已发送”文件夹，所以这封未发送：%s；"+zhCopyUnknownAnswer),
	pat(`its copy is not filed in Sent: (.*); `+copyUnknownAnswer, "已发送；但它的副本还未能存入“已发送”文件夹：%s；"+zhCopyUnknownAnswer),
	// A sent item whose copy the server did not take yet (store's
	// CopyUnfiled): the server's answer stays as it is.
	pat(`its copy is not filed in Sent: (.*)`, "已发送；但它的副本还未能存入“已发送”文件夹：%s"),
	// A person's word on an uncertain send (store's MarkSendArrived).
	pat(`arrived, as (\S+) learnt from the recipient`, "已送达：%s 从收件人处得知"),
	pat(`in Drafts or sent, as (\S+) found`, "已在草稿箱中或已发出：%s 查实"),
	pat(`posted, as (\S+) found in the group`, "已发到群里：%s 在群里看到"),
	// A sent mail whose copy the server refused for good, or a person gave
	// up (mailsync's CopyGivenUp): the server's answer stays as it is.
	pat(`sent; its copy could not be filed in Sent: (.*)`, "已发送；但它的副本无法存入“已发送”文件夹：%s"),
	pat(`held: not sent, as the copy of a mail sent before it could not be filed in the Sent folder yet: (.*)`, "暂缓发送：此前已发出的一封邮件的副本还未能存入“已发送”文件夹，所以这封未发送：%s"),
	// A send held where keepwarm cannot find or read the mailbox's Sent
	// folder (mailsync's NoSentHeld): why stays as it is.
	pat(`held: not sent, as keepwarm cannot find or read this mailbox's Sent folder: (.*)`, "暂缓发送：keepwarm 找不到或无法读取此邮箱的“已发送”文件夹，所以未发送：%s"),
	// A draft a crash interrupted that may have been filed (mailsync's
	// InterruptedDraftMaybeFiled).
	pat(`interrupted while filing the draft; a mail of the same thread is in Drafts or Sent since: check there before filing it again`, "存草稿时被中断；此后“草稿箱”或“已发送”中已有同一会话的邮件：请先查看那里，再决定是否重新存入草稿。"),
	// A send held while a new message of the mailbox the server refused is
	// asked for again (mailsync's UnreadHeld and UnreadMessage): the
	// folders, UIDs and times stay as they are.
	{Re: regexp.MustCompile(`^held: not sent, as a new message in this mailbox could not be read yet and may answer it: (.*)$`),
		Zh: func(m []string) string {
			return "暂缓发送：此邮箱有新邮件暂时无法读取，可能就是对方的回复，所以未发送：" + unread(m[1])
		}},
	pat(`held: not filed in Drafts, as keepwarm cannot find this mailbox's Drafts folder: (.*)`, "暂缓存草稿：keepwarm 找不到此邮箱的“草稿箱”文件夹，所以未存入草稿：%s"),
	// Why a follow-up is where it is (the desk's reason).
	pat(`step (\d+) skipped by (\S+)`, "第 %s 步已由 %s 跳过"),
	pat(`step (\d+) skipped by (\S+); no step left`, "第 %s 步已由 %s 跳过；没有后续步骤"),
	// A person's Skip of a failed follow-up's held mail (sequences
	// PutBackSkip): the step is done again on Resume.
	pat(`skipped by (\S+) \(step (\d+) is done again when the follow-up is resumed\)`, "已由 %s 跳过（恢复跟进后第 %s 步将重新处理）"),
	pat(`paused by a person`, "已被手动暂停"),
	pat(`resumed by a person`, "已被手动恢复"),
	pat(`stopped by a person`, "已被手动停止"),
	// The customer book (book/, store/book_pool.go).
	pat(`grade: unknown grade "(.*)": use A, B, C, D or E`, "等级：未知等级「%s」，请用 A、B、C、D 或 E。"),
	pat(`(.+) is not in the pool: (.+) owns it`, "%s 不在公海：已归 %s 所有。"),
	pat(`(.+) is in the pool already`, "%s 已在公海中。"),
	pat(`(\S+) already holds (\d+) pool customers, the cap is (\d+): convert or release one first`, "%s 已认领 %s 个公海客户，上限为 %s 个：请先成交或放回一个。"),
	pat(`(\S+) claimed or was handed (\d+) pool customers in the last 24 hours, the daily cap is (\d+): try again tomorrow`, "%s 在过去 24 小时内已认领或分到 %s 个公海客户，每日上限为 %s 个：请明天再试。"),
	pat(`(\S+) let it go back to the pool on (.+): the same salesperson may claim it again from (.+) \(cool-down (\d+) days\)`, "%s 已于 %s 将其放回公海：同一销售须等到 %s 才能再次认领（冷却期 %s 天）。"),
	pat(`language "(.*)": give a language code such as en, de, pt or zh`, "语言「%s」：请填写语言代码，如 en、de、pt 或 zh。"),
	pat(`phone (\S+) belongs to customer (\d+) already`, "电话 %s 已属于客户 %s。"),
	pat(`this phone number is already in the book`, "这个电话号码已在客户名录中。"),
	// Message templates that would run without end (templates/limits.go).
	pat(`the rendered (\w+) is longer than (\d+) KB: is a loop writing without end\?`, "渲染出的 %s 超过 %s KB：是否有循环在不停地写？"),
	pat(`\{\{range\}\} over a number is not allowed in a message template: range over the data's lists`, "邮件模板中不能对数字用 {{range}}：请对数据中的列表循环。"),
	pat(`\{\{range\}\} nested more than (\d+) deep is not allowed in a message template`, "邮件模板中的 {{range}} 嵌套不能超过 %s 层。"),
	pat(`\{\{template\}\} is not allowed in a message template`, "邮件模板中不能使用 {{template}}。"),
	pat(`\{\{define\}\} and \{\{block\}\} are not allowed in a message template`, "邮件模板中不能使用 {{define}} 和 {{block}}。"),
	pat(`(\S+) asked in their own mail not to be written to: only a manager can clear it`, "%s 在自己的邮件中要求不再收到邮件：只有经理可以取消退订。"),
	pat(`phone "(.+)" is not a phone number`, "「%s」不是电话号码。"),
	pat(`phone "(.+)" has no country code and the customer no country: write it as \+<country code> (.+)`, "电话「%s」没有国家区号，客户也没有填国家：请写成 +<国家区号> %s。"),
	pat(`From: "(.*)" is not a day or a time: write it like "2026-12-22" or "2026-12-22 13:00"`, "开始：「%s」不是日期或时间：请写成「2026-12-22」或「2026-12-22 13:00」。"),
	pat(`Until: "(.*)" is not a day or a time: write it like "2026-12-22" or "2026-12-22 13:00"`, "结束：「%s」不是日期或时间：请写成「2026-12-22」或「2026-12-22 13:00」。"),
	pat(`only a manager can change sequences`, "只有经理可以修改跟进序列。"),
	pat(`only a manager can change templates`, "只有经理可以修改邮件模板。"),
	// A sequence that does not check (sequences/defs.go, defs_load.go).
	pat(`is missing: give the sequence a name such as "key-customer"`, "缺少名称：请给跟进序列起个名字，如 \"key-customer\"。"),
	pat(`"(.*)" is not a grade: use A, B, C, D or E`, "「%s」不是等级：请用 A、B、C、D 或 E。"),
	pat(`"(.*)": use "send", "draft" or "dry-run"`, "「%s」：请用 \"send\"、\"draft\" 或 \"dry-run\"。"),
	pat(`"(.*)": use "expects-answer" or "all"`, "「%s」：请用 \"expects-answer\" 或 \"all\"。"),
	pat(`(\S+) is not after start (\S+)`, "结束时间 %s 不晚于开始时间 %s。"),
	pat(`"(.*)" is not a weekday: use mon, tue, wed, thu, fri, sat or sun`, "「%s」不是星期几：请用 mon、tue、wed、thu、fri、sat 或 sun。"),
	pat(`(\S+) is too short: use at least "1h" \(default "7d"\)`, "%s 太短：至少 \"1h\"（默认 \"7d\"）。"),
	pat(`no \[\[step\]\]: a sequence needs at least one step`, "没有步骤：跟进序列至少需要一步。"),
	pat(`is missing: how long after the previous step, e.g. "3d"`, "缺少间隔：距上一步多久，如 \"3d\"。"),
	pat(`business days must be whole days, e.g. "3d"`, "工作日必须是整天，如 \"3d\"。"),
	pat(`"(.*)": use "calendar" or "business"`, "「%s」：请用 \"calendar\"（自然日）或 \"business\"（工作日）。"),
	pat(`is missing: an email step names its template, e.g. "resend"`, "缺少模板：邮件步骤要指定模板，如 \"resend\"。"),
	pat(`is missing: say what the person should do, e.g. "Phone the customer"`, "缺少任务：请写明要做什么，如 \"Phone the customer\"。"),
	pat(`a task is not sent: remove in_thread`, "任务不会发送：请去掉 in_thread。"),
	pat(`"(.*)": use "email" or "task"`, "「%s」：请用 \"email\"（邮件）或 \"task\"（任务）。"),
	pat(`no template "(.*)" \(looked for (.*) in the templates directory and the built-in ones\)`, "没有模板「%s」（在模板目录和内置模板中都没有找到 %s）。"),
	pat(`"(.*)" is not a duration; write e\.g\. "5s", "10m", "36h", "3d" or "2w"`, "「%s」不是时长：请写成 \"5s\"、\"10m\"、\"36h\"、\"3d\" 或 \"2w\" 这样的形式。"),
	pat(`"(.*)" is not a time of day: write it like "09:00"`, "「%s」不是时刻：请写成 \"09:00\" 这样的形式。"),
	pat(`sequence "(.*)" is also defined in (.*)`, "跟进序列「%s」在 %s 中也有定义。"),
	pat(`grade (\S+) is claimed by both "(.*)" and "(.*)": keep it in one`, "等级 %s 同时属于「%s」和「%s」：只能留在一个序列里。"),
	pat(`unknown key: remove it or check its spelling`, "未知的键：请删除或检查拼写。"),
	// A template that does not check (templates/).
	{Re: regexp.MustCompile(`^can't evaluate field (\w+) in type [\w.*]+(?:; did you mean (\S+)\?)?$`), Zh: func(m []string) string {
		s := fmt.Sprintf("没有字段 %s", m[1])
		if m[2] != "" {
			s += fmt.Sprintf("；你是不是想写 %s？", m[2])
		}
		return s + "。"
	}},
	pat(`no customer chosen: a sample customer and contact`, "未选择客户：使用示例客户和联系人。"),
	pat(`this customer has no contact to write to: the contact is a sample`, "这个客户没有可写信的联系人：联系人为示例。"),
	pat(`no mail of ours to this customer: the quoted original is a sample`, "我们还没有给这个客户发过邮件：引用的原邮件为示例。"),
	pat(`no customer with a thread to show`, "没有可显示往来邮件的客户。"),
	pat(`held: (\S+) is away \(([^)]+), no return date given\): waits until (.+), when keepwarm takes them as back at the latest`,
		"暂缓发送：%s 不在（%s，未给出返回日期）：最迟 %s 视为返回，等到那时再定。"),
	pat(`(\S+) is away \(([^)]+), no return date given\): waits until (.+), when keepwarm takes them as back at the latest`,
		"%s 不在（%s，未给出返回日期）：最迟 %s 视为返回，等到那时。"),
	pat(`held: (\S+) is away \(([^)]+)\) until (.+): waits until then`, "暂缓发送：%s 不在（%s），到 %s 为止：等到那时再定。"),
	pat(`held: (\S+) is away \(([^)]+)\): waits until they are back`, "暂缓发送：%s 不在（%s）：等其回来再定。"),
	// A follow-up step carried into a quiet period the customer keeps
	// (sequences/followup_rules.go quietHold).
	{Re: regexp.MustCompile(`^(held: )?in a quiet period the customer keeps \(\[window\] skip_quiet\): it goes (.+) their time$`), Zh: func(m []string) string {
		return zhHeld(m[1]) + "客户正处于其遵守的安静期（[window] skip_quiet）：按其当地时间 " + zhDay(m[2]) + " 发出"
	}},
	// Mail carried past the customer's send window (sequences/followup_rules.go
	// windowHold): a follow-up step, a greeting or a letter.
	{Re: regexp.MustCompile(`^(held: )?outside the customer's send window \((\S+)-(\S+) (\S+)\): it goes (.+) their time$`), Zh: func(m []string) string {
		return zhHeld(m[1]) + "不在客户的发送时段内（" + m[2] + "-" + m[3] + " " + m[4] + "）：按其当地时间 " + zhDay(m[5]) + " 发出"
	}},
	// A sequence's window whose workdays are all on the customer's
	// weekend (sequences/followup_calendar.go NoOpening).
	{Re: regexp.MustCompile(`^(held: )?the send window of (.+?) has no working day for a customer in (.+) \(workdays (.*); their weekend (.*)\): nothing is sent; the manager changes the sequence's workdays, then resume it$`), Zh: func(m []string) string {
		return fmt.Sprintf("%s序列 %s 的发送时段对 %s 的客户没有一个工作日（工作日 %s；其周末 %s）：不发送任何邮件；由经理修改该序列的工作日，然后恢复此跟进", zhHeld(m[1]), m[2], m[3], m[4], m[5])
	}},
	pat(`(\S+) is away \(([^)]+)\) until (.+): waits until then`, "%s 不在（%s），到 %s 为止：等到那时。"),
	pat(`(\S+) is away \(([^)]+)\): waits until they are back`, "%s 不在（%s）：等其回来。"),
	// A greeting or letter in the name of a salesperson who is away
	// (sequences/greetings_run.go): held until they are back, or not sent.
	{Re: regexp.MustCompile(`^(held: )?(\S+) is away \(([^)]+), no return date given\): the (greeting|letter) waits until (.+), when keepwarm takes them as back at the latest$`), Zh: func(m []string) string {
		return fmt.Sprintf("%s%s 不在（%s，未给出返回日期）：%s等到 %s，最迟那时视为返回。", zhHeld(m[1]), m[2], zhAwaySource(m[3]), zhGreetKind[m[4]], zhDay(m[5]))
	}},
	{Re: regexp.MustCompile(`^(\S+) is away \(([^)]+), no return date given\) and keepwarm takes them as back only by (.+), after the (greeting|letter)'s (?:day|month) ends: it is not sent in their name while they are away$`), Zh: func(m []string) string {
		return fmt.Sprintf("%s 不在（%s，未给出返回日期），最迟 %s 才视为返回，已过了这封%s的%s：不在其外出期间以其名义发出。", m[1], zhAwaySource(m[2]), zhDay(m[3]), zhGreetKind[m[4]], zhGreetSpan[m[4]])
	}},
	{Re: regexp.MustCompile(`^(\S+) is away \(([^)]+), no return date given\): the (greeting|letter) waits for them to write again within its (?:day|month); if they do not, it is not sent in their name while they are away$`), Zh: func(m []string) string {
		return fmt.Sprintf("%s 不在（%s，未给出返回日期）：这封%s等其在%s内再次发信后再发；若没有，则不在其外出期间以其名义发出。", m[1], zhAwaySource(m[2]), zhGreetKind[m[3]], zhGreetSpan[m[3]])
	}},
	{Re: regexp.MustCompile(`^(\S+) is away \(([^)]+)\) and not back before the (greeting|letter)'s (?:day|month) ends: it is not sent in their name while they are away$`), Zh: func(m []string) string {
		return fmt.Sprintf("%s 不在（%s），这封%s的%s结束前回不来：不在其外出期间以其名义发出。", m[1], zhAwaySource(m[2]), zhGreetKind[m[3]], zhGreetSpan[m[3]])
	}},
	{Re: regexp.MustCompile(`^(held: )?(\S+) is away \(([^)]+)\) until (.+): the (greeting|letter) waits until they are back$`), Zh: func(m []string) string {
		return fmt.Sprintf("%s%s 不在（%s），到 %s 为止：%s等其回来再发。", zhHeld(m[1]), m[2], zhAwaySource(m[3]), zhDay(m[4]), zhGreetKind[m[5]])
	}},
	// A letter whose contact already had other mail from keepwarm that day
	// (sequences/greetings_run.go): held to the next working day, or not
	// sent when its month has none left.
	{Re: regexp.MustCompile(`^(held: )?(\S+) already had a mail from keepwarm today \((.+)\): the letter goes (.+) their time, one a day at most$`), Zh: func(m []string) string {
		return fmt.Sprintf("%s%s 今天（%s）已收到一封 keepwarm 发出的邮件：月度邮件改在对方时间 %s 发出，每人每天最多一封。", zhHeld(m[1]), m[2], m[3], zhDay(m[4]))
	}},
	pat(`(\S+) already had a mail from keepwarm on (\S+) \((.+)\), the last working day of the letter's month: it is not sent, one a day at most`,
		"%s 在 %s（%s）已收到一封 keepwarm 发出的邮件，那是月度邮件当月的最后一个工作日：不再发出，每人每天最多一封。"),
	// A letter let go on the day of a greeting to its contact
	// (sequences/greetings_run.go letterDayTaken).
	{Re: regexp.MustCompile(`^(held: )?(\S+) has a greeting from keepwarm today: the letter goes (.+) their time, one a day at most$`), Zh: func(m []string) string {
		return fmt.Sprintf("%s%s 今天有一封 keepwarm 的问候邮件：月度邮件改在对方时间 %s 发出，每人每天最多一封。", zhHeld(m[1]), m[2], zhDay(m[3]))
	}},
	pat(`(\S+) has a greeting from keepwarm on (\S+), the last working day of the letter's month: it is not sent, one a day at most`,
		"%s 在 %s 有一封 keepwarm 的问候邮件，那是月度邮件当月的最后一个工作日：不再发出，每人每天最多一封。"),
	// A letter on a day the team wrote to the customer itself, or within
	// skip_if_written_within (sequences/greetings_run.go letterDayTaken).
	{Re: regexp.MustCompile(`^(held: )?the team wrote to (.+) today \((.+)\): the letter goes (.+) their time, not after a personal mail the same day$`), Zh: func(m []string) string {
		return fmt.Sprintf("%s团队今天（%s）已亲自给 %s 写过信：月度邮件改在对方时间 %s 发出，不紧跟在当天的私人邮件之后。", zhHeld(m[1]), m[3], m[2], zhDay(m[4]))
	}},
	{Re: regexp.MustCompile(`^the team wrote to (.+) on (\S+) \((.+)\), the last working day of the letter's month: it is not sent, not after a personal mail the same day$`), Zh: func(m []string) string {
		return fmt.Sprintf("团队在 %s（%s）已亲自给 %s 写过信，那是月度邮件当月的最后一个工作日：不再发出，不紧跟在当天的私人邮件之后。", m[2], m[3], m[1])
	}},
	// A letter whose month ended before it could go (sequences/greetings_run.go
	// Precheck): with no free day left beside a greeting, or none at all.
	pat(`the letter's month \((\S+)\) ended in the customer's time \((.+)\) before it could go inside their send window on a day without a greeting to (\S+): it is not sent, one a day at most`,
		"月度邮件所在月份（%s）在客户时间（%s）已结束，未能在其发送时段内、%s 没有问候邮件的某一天发出：不再发出，每人每天最多一封。"),
	pat(`the letter's month \((\S+)\) ended in the customer's time \((.+)\) before it could go inside their send window`,
		"月度邮件所在月份（%s）在客户时间（%s）已结束，未能在其发送时段内发出：不再发出。"),
	pat(`not sent: written to on (\S+) \(within (\S+)\)`, "未发送：%s 已给客户写过信（在 %s 之内）。"),
	// A follow-up step due on the day of a greeting planned to its
	// recipient (sequences/followup_steps.go greetingToday), when queued or
	// at its last look (held).
	{Re: regexp.MustCompile(`^(held: )?waits until (.+): (\S+) has a greeting from keepwarm planned today \((\S+) their time\): one a day at most$`), Zh: func(m []string) string {
		return fmt.Sprintf("%s顺延到 %s：%s 今天（对方时间 %s）有一封 keepwarm 的问候邮件要发：每人每天最多一封。", zhHeld(m[1]), m[2], m[3], m[4])
	}},
	// Where a template is used (the templates page).
	pat(`([a-z0-9][a-z0-9_-]*) step (\d+)`, "%s 第 %s 步"),
	// Why an enrollment ended or changed (sequences/followup_*.go).
	pat(`answered by (\S+)`, "%s 已回复"),
	// Why a mail was not followed up (sequences/followup.go).
	pat(`its text could not be read: enroll it by hand if it asks for an answer`, "无法读取它的正文：如果它需要对方答复，请手动加入跟进"),
	pat(`asked for no more mail: (\S+)`, "%s 要求不再来信"),
	// The whole company opted out by an answer (sequences/optout_company.go):
	// the enrollment's reason, and the customer's.
	{Re: regexp.MustCompile(`^asked for no more mail: (\S+), for the whole company \((\S+) asked for the whole company in an answer to (a follow-up|a greeting|a monthly letter)\)$`), Zh: func(m []string) string {
		return fmt.Sprintf("%s 要求不再来信，适用于整个公司（%s 在回复%s时代表整个公司提出）", m[1], m[2], zhOptOutVia[m[3]])
	}},
	{Re: regexp.MustCompile(`^(\S+) asked for the whole company in an answer to (a follow-up|a greeting|a monthly letter)$`), Zh: func(m []string) string {
		return fmt.Sprintf("%s 在回复%s时代表整个公司提出", m[1], zhOptOutVia[m[2]])
	}},
	// A follow-up an alias's mail ended, live again once its copy in Sent
	// made that mail the team's (store/ingest_reclass.go).
	pat(`live again: the answer from (\S+) was the team's own mail \(its copy in Sent came later\)`, "已恢复：%s 的那封“回复”其实是团队自己的邮件（其在已发送中的副本后来才同步到）"),
	pat(`ended when the customer was opted out as a whole by the answer from (\S+), which was the team's own mail \(its copy in Sent came later\): resume it or stop it`,
		"因 %s 的那封“回复”整个客户被退订而结束，但那其实是团队自己的邮件（其在已发送中的副本后来才同步到）：请恢复或停止这个跟进"),
	pat(`out of office: (\S+)`, "%s 的自动回复：不在办公室"),
	pat(`out of office: (\S+) \(no return date given: paused for (\d+) days?\)`, "%s 的自动回复：不在办公室（未给出返回日期：暂停 %s 天）"),
	pat(`out of office: (\S+) \(return date (\d{4}-\d{2}-\d{2}) given, not after this reply, so probably an automatic reply left on: paused for (\d+) days?\)`, "%s 的自动回复：不在办公室（所给返回日期 %s 不晚于这封回复，自动回复大概忘了关：暂停 %s 天）"),
	pat(`on hold: a mail filter asks to confirm the sender before it delivers mail to (\S+): confirm it by hand, then resume the follow-up`,
		"暂停：%s 的邮件过滤器要求先确认发件人才投递邮件：请手动确认后再恢复跟进"),
	// The team's calendar answer with words typed (sequences/followup.go).
	pat(`your calendar's answer to a meeting invitation, with words you typed: follow it up by hand if it asks for an answer`,
		"这是你的日历对会议邀请的答复，附有你写的话：如果它需要对方回复，请手动跟进"),
	// A follow-up started before the team's own calendar answers were
	// marked (store/migrations/0449).
	pat(`on hold: it follows up a calendar's answer to a meeting invitation \((.*)\): stop it, or resume it if the thread needs a follow-up`,
		"暂停：所跟进的是日历对会议邀请的答复（%s），不是等待回复的邮件：请停止跟进；如该会话确需跟进，再恢复"),
	pat(`on hold: an automatic answer from (\S+) passes on a person's words: read it, then resume or stop the follow-up`,
		"暂停：%s 的自动回复转达了某人的话：请先阅读，再恢复或停止跟进"),
	// An answer passed on while a mail filter's challenge holds the
	// follow-up: the challenge stays what the desk asks for.
	pat(`and an automatic answer from (\S+) passes on a person's words: read it`, "另外 %s 的自动回复转达了某人的话：请先阅读"),
	// A hold ended by a later question or offer of the team in the thread
	// (sequences/followup_rules.go holdAnswered).
	pat(`resumed: (\S+) wrote in the thread after the automatic answer from (\S+) that passed on a person's words: the steps follow up that mail`,
		"已恢复：%s 在 %s 转达某人话语的自动回复之后又在会话中写了邮件：后续步骤跟进那封邮件"),
	pat(`resumed: (\S+) wrote in the thread after (\S+), who has no \[\[mailbox\]\] to send from: the steps follow up that mail`,
		"已恢复：%s 在 %s（此人没有可发信的 [[mailbox]]）的邮件之后又在会话中写了邮件：后续步骤跟进那封邮件"),
	// A follow-up held when its sequence changed under it
	// (sequences/followup_plan.go); "the task" is a call step.
	{Re: regexp.MustCompile(`^sequence (.+?) changed under this follow-up: none of the steps it did \((.*)\) nor the one it was to do is in it any more; resume to go on with step (\d+) \((.+)\), or stop it$`), Zh: func(m []string) string {
		task := strings.NewReplacer("the task", "电话任务")
		return fmt.Sprintf("序列 %s 在这个跟进进行中被修改了：它做过的步骤（%s）和将要做的那一步都已不在序列中；恢复后接着做第 %s 步（%s），或者停止它",
			m[1], task.Replace(m[2]), m[3], task.Replace(m[4]))
	}},
	pat(`no step left`, "没有剩余步骤"),
	// A mail to other contacts in a thread followed up to others
	// (sequences/followup.go otherContacts).
	pat(`a follow-up of this thread to (.+) is running: follow this mail to (.+) up by hand`,
		"这个会话正在跟进发给 %s 的邮件：发给 %s 的这封邮件请手动跟进"),
	pat(`a follow-up of this thread to (.+) is paused: follow this mail to (.+) up by hand`,
		"这个会话发给 %s 的跟进已暂停：发给 %s 的这封邮件请手动跟进"),
	pat(`every step done`, "所有步骤已完成"),
	pat(`step clock restarted by a later mail in the thread`, "会话中有更新的邮件，步骤重新计时"),
	// A step counted from the previous step's late send, a step done again
	// in a more careful mode (sequences/followup_failures.go countedFromSend,
	// followup_rules.go).
	{Re: regexp.MustCompile(`^step (\d+) counts from when step (\d+)'s mail went out \((.+)\), not from when it was due$`), Zh: func(m []string) string {
		return fmt.Sprintf("第 %s 步从第 %s 步的邮件实际发出时（%s）起计时，不从它原定的时间起计时", m[1], m[2], zhDay(m[3]))
	}},
	{Re: regexp.MustCompile(`^step (\d+): the mode is now (\S+); done again in that mode$`), Zh: func(m []string) string {
		return fmt.Sprintf("第 %s 步：模式已改为「%s」；按这个模式重新处理", m[1], zhMode(m[2]))
	}},
	// Why no recipient may be written to (store seq-blocked): a status
	// word, or a contact who left the company.
	{Re: regexp.MustCompile(`^no recipient may be written to: (.+)$`), Zh: func(m []string) string {
		if m[1] == "left the company" {
			return "没有可以写信的收件人：联系人已离职"
		}
		return "没有可以写信的收件人：" + status(m[1])
	}},
	// Why an outbound mail is not followed up (sequences/followup.go).
	{Re: regexp.MustCompile(`^customer (\S+) follows no sequence \(grade "(.*)"\)$`), Zh: func(m []string) string {
		if m[2] == "" {
			return fmt.Sprintf("客户 %s 不在任何跟进序列中（未分级）", m[1])
		}
		return fmt.Sprintf("客户 %s 不在任何跟进序列中（%s 级）", m[1], m[2])
	}},
	pat(`sent (\S+), more than max_age \((\S+)\) before it was first seen`, "%s 发出，首次看到时已超过 max_age（%s）"),
	pat(`no mailbox to send from: give customer (\S+) an owner whose \[\[mailbox\]\] has an smtp_url`,
		"没有可发信的邮箱：请给客户 %s 指定一位负责人，且其 [[mailbox]] 设有 smtp_url"),
	pat(`resumed after the pause`, "暂停结束后已恢复"),
	// A reply through a list someone of the team is a member of, to the
	// team's mail to that list (store holdListAnswered).
	pat(`a reply came through the customer's list (\S+) from (\S+): check whether it answers you, then resume the follow-up or stop it`,
		"客户的邮件列表 %s 转来了 %s 的回复：请看它是不是在回复你，然后恢复或停止跟进。"),
	// Why a follow-up stopped, or went to fewer people, at its last look
	// (sequences/followup_rules.go, followup_hands.go).
	pat(`the customer was handed to (\S+) on (\S+): no follow-up in (\S+)'s name; (\S+) can follow up in their own name`,
		"客户已于 %[2]s 转给 %[1]s：不再以 %[3]s 的名义跟进；%[4]s 可以用自己的名义跟进。"),
	{Re: regexp.MustCompile(`^the customer went back to the pool on (\S+) \(let go(?: by (\S+))?\): no follow-up in their name$`), Zh: func(m []string) string {
		if m[2] != "" {
			return fmt.Sprintf("客户已于 %s 退回公海（由 %s 放弃）：不再以其名义跟进。", m[1], m[2])
		}
		return fmt.Sprintf("客户已于 %s 退回公海：不再以其名义跟进。", m[1])
	}},
	pat(`step (\d+) goes to (.+) only: (.+)`, "第 %s 步只发给 %s：%s"),
	pat(`step (\d+) not sent: no recipient may be written to: (.+)`, "第 %s 步未发送：没有可以写信的收件人：%s"),
	pat(`step (\d+): (.+) before the send; done again for the other recipients`, "第 %s 步：发送前 %s；已为其他收件人重新生成。"),
	pat(`step (\d+): no name to sign with for (\S+): (.+)`, "第 %s 步：%s 没有可署名的名字：%s"),
	pat(`no name to sign with for (\S+): (.+)`, "%s 没有可署名的名字：%s"),
	// A greeting or letter waiting for the team's answer to the customer.
	{Re: regexp.MustCompile(`^(not sent: )?the customer's mail of (.+) waits for an answer: the (greeting|letter) goes once it is answered$`), Zh: func(m []string) string {
		kind := map[string]string{"greeting": "问候", "letter": "月度邮件"}[m[3]]
		if m[1] != "" {
			return fmt.Sprintf("未发送：客户 %s 的邮件一直在等回复，%s没有发出。", m[2], kind)
		}
		return fmt.Sprintf("客户 %s 的邮件还在等回复：回复之后再发%s。", m[2], kind)
	}},
	// Where a pool claim stands (book.Rules.Status, book.ReturningIn).
	pat(`answered`, "客户已回复"),
	pat(`won`, "已成交"),
	pat(`returning to the pool now`, "即将退回公海"),
	pat(`returning in (\d+) minutes?`, "%s 分钟后退回公海"),
	pat(`returning in (\d+) hours?`, "%s 小时后退回公海"),
	pat(`returning in (\d+) days?`, "%s 天后退回公海"),
	pat(`rendered subject is empty`, "生成的主题为空。"),
	pat(`rendered subject contains a line break \(CR or LF\)`, "生成的主题含有换行。"),
	pat(`(\d{4}-\d{2}) has language variants but no (\S+) for everyone else: no letter goes out this month until there is one`, "%s 有语言版本，但没有给其他所有人的 %s：补上之前，这个月不会发出月度邮件。"),
	// The last look at a queued greeting or letter.
	{Re: regexp.MustCompile(`^greetings are turned off: the (greeting|letter) queued before is not sent$`), Zh: func(m []string) string {
		return fmt.Sprintf("问候已关闭：之前排队的%s不再发出。", zhGreetKind[m[1]])
	}},
	pat(`"(.+)" is no longer among the greetings' occasions: the greeting queued for it is not sent`, "“%s”已不在问候的节日里：为它排队的问候不再发出。"),
	{Re: regexp.MustCompile(`^the customer is now (.+), which gets no (greeting|letter)s: the (?:greeting|letter) queued before is not sent$`), Zh: func(m []string) string {
		now := "是 " + zhGrade(m[1])
		if m[1] == "ungraded" {
			now = zhGrade(m[1])
		}
		return fmt.Sprintf("客户现在%s，这一级不发%s：之前排队的不再发出。", now, zhGreetKind[m[2]])
	}},
	{Re: regexp.MustCompile(`^the customer was handed from (\S+) to (\S+) after the (greeting|letter) was queued: it is planned again to go as (\S+), if its day allows$`), Zh: func(m []string) string {
		return fmt.Sprintf("%s排队后客户已从 %s 交给 %s：改以 %s 的名义重新安排（当天还来得及的话）。", zhGreetKind[m[3]], m[1], m[2], m[4])
	}},
	{Re: regexp.MustCompile(`^(\S+)'s (greeting|letter)s now go from mailbox "([^"]*)" as (\S+), not from mailbox "([^"]*)" as (\S+) when this one was queued: it is planned again from "([^"]*)", if its day allows$`), Zh: func(m []string) string {
		return fmt.Sprintf("%s 的%s现在从邮箱“%s”以 %s 发出，不再是排队时的邮箱“%s”（%s）：改从“%s”重新安排（当天还来得及的话）。", m[1], zhGreetKind[m[2]], m[3], m[4], m[5], m[6], m[7])
	}},
	{Re: regexp.MustCompile(`^the customer was released to the pool after the (greeting|letter) was queued: it is not sent in (\S+)'s name$`), Zh: func(m []string) string {
		return fmt.Sprintf("%s排队后客户已放回公海：不再以 %s 的名义发出。", zhGreetKind[m[1]], m[2])
	}},
	pat(`greeted at (\S+), the same person's other address: one greeting, not two`, "已在同一个人的另一个地址 %s 问候：只发一封，不发两封。"),
	pat(`already (\w+) at (\S+), the same person's other address: one greeting, not two`, "同一个人的另一个地址 %[2]s 的问候已是「%[1]s」：只发一封，不发两封。", 1),
	{Re: regexp.MustCompile(`^the template (\S+) changed after the (greeting|letter) was queued: it is planned again with the new text, if its day allows$`), Zh: func(m []string) string {
		return fmt.Sprintf("%s排队后模板 %s 已修改：按新文字重新安排（当天还来得及的话）。", zhGreetKind[m[2]], m[1])
	}},
	{Re: regexp.MustCompile(`^the (greeting|letter) opens "(.*)": its template writes a name this contact does not have \(use \{\{\.Contact\.Salutation\}\}\); it is not sent$`), Zh: func(m []string) string {
		return fmt.Sprintf("%s的开头是“%s”：模板写了这个联系人没有的名字（请用 {{.Contact.Salutation}}），不发出。", zhGreetKind[m[1]], m[2])
	}},
	{Re: regexp.MustCompile(`^the (greeting|letter) was planned again: the new plan's one goes instead$`), Zh: func(m []string) string {
		return fmt.Sprintf("这封%s已重新安排：发出的是新安排的那封。", zhGreetKind[m[1]])
	}},
	// Greetings and letters the plan does not send (sequences/greetings_plan.go).
	{Re: regexp.MustCompile(`^no (\S+) variant of the (\S+) (template|letter) \(add one, or list "(\S+)" in greetings\.english_for to send the English one\)$`), Zh: func(m []string) string {
		what := "模板 " + m[2]
		if m[3] == "letter" {
			what = m[2] + " 的月度邮件"
		}
		return fmt.Sprintf("%s没有 %s 版本（请加一个，或在 greetings.english_for 里列上「%s」以发送英文版）。", what, m[1], m[4])
	}},
	{Re: regexp.MustCompile(`^no (\S+) name for (.+): (\S+) would write it in English \((.+)\)$`), Zh: func(m []string) string {
		fix := m[4]
		if f, ok := strings.CutPrefix(fix, "write "); ok {
			if f, ok := strings.CutSuffix(f, " in its own words"); ok {
				fix = "用该语言自己的说法写 " + f
				if f == "the name in it" {
					fix = "在其中用该语言自己的说法写出这个名称"
				}
			}
		}
		return fmt.Sprintf("%[2]s没有 %[1]s 名称：%[3]s 会把它写成英文（%[4]s）。", m[1], m[2], m[3], fix)
	}},
	{Re: regexp.MustCompile(`^the team's latest mail to (\S+) says "(.*)", the (\S+) (text|letter) says "(.*)": not sent in a register the customer is not written to \(write it yourself, or change the text\)$`), Zh: func(m []string) string {
		what := "模板 " + m[3]
		if m[4] == "letter" {
			what = m[3] + " 的月度邮件"
		}
		return fmt.Sprintf("团队最近写给 %s 的邮件用的是“%s”，%s用的是“%s”：不用对这位客户不用的称呼语气发出（请自己写，或修改文字）。", m[1], m[2], what, m[5])
	}},
	{Re: regexp.MustCompile(`^the (greeting|letter) opens "(.*)": the punctuation after the salutation is written twice; it is not sent$`), Zh: func(m []string) string {
		return fmt.Sprintf("%s的开头是“%s”：称呼后的标点写了两次，不发出。", zhGreetKind[m[1]], m[2])
	}},
	{Re: regexp.MustCompile(`^the (greeting|letter) writes "(.*)": ` + placeholderWhyRe + `; it is not sent$`), Zh: func(m []string) string {
		return fmt.Sprintf("%s写了“%s”：%s，不发出。", zhGreetKind[m[1]], m[2], zhPlaceholderWhyIn(m[3]))
	}},
	{Re: regexp.MustCompile(`^(not sent: )?(\S+)( \(the same person's other address\))? gets the (.+) greeting that day \((\S+)\): one greeting a day, not two$`), Zh: func(m []string) string {
		at := m[2]
		if m[3] != "" {
			at = "同一个人的另一个地址 " + m[2]
		}
		what := m[4]
		if what == "birthday" {
			what = "生日"
		}
		return fmt.Sprintf("%s%s 当天（%s）收到%s问候：一天只发一封问候，不发两封。", map[bool]string{true: "未发送：", false: ""}[m[1] != ""], at, m[5], what)
	}},
	{Re: regexp.MustCompile(`^every working day of (\S+)( from letter_day on)? has a greeting to (\S+): one mail from keepwarm a day$`), Zh: func(m []string) string {
		from := ""
		if m[2] != "" {
			from = "从 letter_day 起"
		}
		return fmt.Sprintf("%s %s的每个工作日都有发给 %s 的问候：keepwarm 一天最多发一封。", m[1], from, m[3])
	}},
	pat(`the customer opted out`, "客户已退订。"),
	pat(`the contact opted out`, "联系人已退订。"),
	pat(`the address bounced`, "这个地址已退信。"),
	pat(`the contact left the company`, "联系人已离开公司。"),
	pat(`a company address gets no birthday greeting`, "公司的公共地址不发生日问候。"),
	// Whom the plan greets at all, as the previews say it
	// (sequences.GreetingRecipientRefusal).
	pat(`a company address gets no holiday greeting \(greetings\.company_addresses\)`, "公司的公共地址不发节日问候（greetings.company_addresses）。"),
	pat(`the contact never wrote to the team and is not in the customer book`, "联系人从未给团队写过信，也不在客户资料中。"),
	pat(`the contact never wrote to the team \(greetings\.only_contacts_who_wrote = false also greets people in the book\)`,
		"联系人从未给团队写过信（设 greetings.only_contacts_who_wrote = false 也会问候客户资料中的人）。"),
	pat(`the customer book has no birthday for this contact`, "客户资料里没有这位联系人的生日。"),
	pat(`no (\S+) greeting for this contact in the next 12 months \((.+)\): not in its calendar, nor among the contact's holidays in the customer book`,
		"今后 12 个月里不会给这位联系人发 %s 问候（%s）：日历里没有，客户资料里联系人的节日中也没有。"),
	pat(`no working day in (\S+)'s calendar in (\S+): the letter has no day to go on`, "%s 的日历在 %s 没有工作日：月度邮件没有可以发出的日子。"),
	// A part the template needs that the contact lacks (sequences/products.go).
	pat("not sent: no product in the catalog matches the customer's tags or mail \\((\\S+) needs products; import a catalog with `keepwarm products import`, or tag the customer\\)",
		"未发送：产品目录里没有与客户标签或邮件相符的产品（%s 需要产品；请用 `keepwarm products import` 导入产品目录，或给客户加标签）。"),
	pat(`not sent: no product in the catalog matches the customer's tags or mail, and (\S+) would list none \(add "requires: Products" to its header, or write its products inside \{\{with \.Products\}\}\)`,
		"未发送：产品目录里没有与客户标签或邮件相符的产品，%s 会列出一个空的产品清单（请在文件头加 \"requires: Products\"，或把产品写在 {{with .Products}} 里面）。"),
	pat(`not sent: the book has no company name for this customer \(known by its domain alone, or a private buyer\), and (\S+) writes one \(add "requires: Company" to its header, or write it inside \{\{with \.Company\}\}\)`,
		"未发送：客户资料里没有这位客户的公司名（只知道域名，或是个人买家），而 %s 会写出公司名（请在文件头加 \"requires: Company\"，或把它写在 {{with .Company}} 里面）。"),
	// A mail whose words are all inside {{with .Products}} or {{with
	// .Company}}: without them only its opening and sign-off are left.
	pat(`not sent: no product in the catalog matches the customer's tags or mail, and (\S+) then says nothing but its opening and sign-off \(write what it says to them outside \{\{with \.Products\}\} and above the closing, since under it everything but a P.S. is the signature, or add "requires: Products" to its header\)`,
		"未发送：产品目录里没有与客户标签或邮件相符的产品，这时 %s 除了称呼和结尾敬语什么也没说（请把要对他们说的话写在 {{with .Products}} 外面、结尾敬语之上（结尾敬语之下除附言外都算签名），或在文件头加 \"requires: Products\"）。"),
	pat(`not sent: the book has no company name for this customer, and (\S+) then says nothing but its opening and sign-off \(write what it says to them outside \{\{with \.Company\}\} and above the closing, since under it everything but a P.S. is the signature, or add "requires: Company" to its header\)`,
		"未发送：客户资料里没有这位客户的公司名，这时 %s 除了称呼和结尾敬语什么也没说（请把要对他们说的话写在 {{with .Company}} 外面、结尾敬语之上（结尾敬语之下除附言外都算签名），或在文件头加 \"requires: Company\"）。"),
	// The same reasons as worded before 7 December 2026, stored in the
	// outbox by a skip before the upgrade: still read in Chinese.
	pat(`not sent: no product in the catalog matches the customer's tags or mail, and (\S+) then says nothing but its opening and sign-off \(write what it says to them outside \{\{with \.Products\}\}, or add "requires: Products" to its header\)`,
		"未发送：产品目录里没有与客户标签或邮件相符的产品，这时 %s 除了称呼和结尾敬语什么也没说（请把要对他们说的话写在 {{with .Products}} 外面，或在文件头加 \"requires: Products\"）。"),
	pat(`not sent: the book has no company name for this customer, and (\S+) then says nothing but its opening and sign-off \(write what it says to them outside \{\{with \.Company\}\}, or add "requires: Company" to its header\)`,
		"未发送：客户资料里没有这位客户的公司名，这时 %s 除了称呼和结尾敬语什么也没说（请把要对他们说的话写在 {{with .Company}} 外面，或在文件头加 \"requires: Company\"）。"),
	// The last look at a greeting reads the customer book again
	// (sequences/greetings_run.go).
	pat(`not sent: the customer book no longer gives (\S+) this greeting \((\S+)\) on (\S+): the birthday, holidays, faith or language changed after it was queued`,
		"未发送：按现在的客户资料，%[1]s 在 %[3]s 已没有这封问候（%[2]s）：排队后生日、节日、信仰或语言有了改动。"),
	pat(`the customer book changed after the greeting was queued \(the name, language or salutation of (\S+)\): it is planned again with the new text, if its day allows`,
		"问候排队后客户资料有改动（%s 的名字、语言或称呼）：按新文字重新安排（当天还来得及的话）。"),
	pat(`the greeting's text changed after it was queued \(the signature, the sender's name or the products, or in the customer book the name, language or salutation of its contact\): it is planned again with the new text, if its day allows`,
		"问候排队后文字有了改动（签名、发件人名字或产品，或客户资料里联系人的名字、语言或称呼）：按新文字重新安排（当天还来得及的话）。"),
	pat(`the greeting's text changed after it was queued \(the signature, the sender's name or the products, or in the customer book the name, language or salutation of (\S+)\): it is planned again with the new text, if its day allows`,
		"问候排队后文字有了改动（签名、发件人名字或产品，或客户资料里 %s 的名字、语言或称呼）：按新文字重新安排（当天还来得及的话）。"),
	pat(`the letter's text changed after it was queued \(the signature, the sender's name or the products, or in the customer book the contact, or the name, language or salutation of its contact\): it is planned again with the new text, if its month allows`,
		"月度邮件排队后文字有了改动（签名、发件人名字或产品，或客户资料里的联系人，或联系人的名字、语言或称呼）：按新文字重新安排（当月还来得及的话）。"),
	pat(`the letter's text changed after it was queued \(the signature, the sender's name or the products, or in the customer book the contact, or the name, language or salutation of (\S+)\): it is planned again with the new text, if its month allows`,
		"月度邮件排队后文字有了改动（签名、发件人名字或产品，或客户资料里的联系人，或 %s 的名字、语言或称呼）：按新文字重新安排（当月还来得及的话）。"),
	pat(`not sent: the customer book has no company name \((\S+) names the company\)`, "未发送：客户资料里没有公司名称（%s 要写公司名）。"),
	pat(`not sent: the followed-up mail's text is unknown \((\S+) quotes it\)`, "未发送：被跟进邮件的正文未知（%s 要引用它）。"),
	pat(`not sent: (\S+) needs (\S+), which is empty`, "未发送：%s 需要 %s，但它是空的。"),
	{Re: regexp.MustCompile(`^writes "(.*)", ` + placeholderWhyRe + `: ` + regexp.QuoteMeta(placeholderFix) + `$`), Zh: func(m []string) string {
		return fmt.Sprintf("写了“%s”，%s：请改写为 {{.Contact.FirstName}}、{{.Contact.Salutation}} 或 {{.Company}}。", m[1], zhPlaceholderWhyIn(m[2]))
	}},
	{Re: regexp.MustCompile(`^(\S+) writes "(.*)": ` + placeholderWhyRe + `; not sent$`), Zh: func(m []string) string {
		return fmt.Sprintf("%s 写了“%s”：%s，未发送", m[1], m[2], zhPlaceholderWhyIn(m[3]))
	}},
	pat(`opens "(.*)" for a contact without a name \(info@, a company\): write \{\{\.Contact\.Salutation\}\}, which falls back to "Dear Sir or Madam"`, "对没有名字的联系人（info@、公司）开头是“%s”：请写 {{.Contact.Salutation}}，它会改用“Dear Sir or Madam”。"),
}

// zhOptOutVia names keepwarm's mail an opt-out answered in Chinese.
var zhOptOutVia = map[string]string{"a follow-up": "跟进邮件", "a greeting": "问候", "a monthly letter": "月度邮件"}

// zhGreetKind names a greeting or a monthly letter in Chinese.
var zhGreetKind = map[string]string{"greeting": "问候", "letter": "月度邮件"}

// zhGreetSpan names the time a greeting or a letter may go in: its day or
// its month.
var zhGreetSpan = map[string]string{"greeting": "当天", "letter": "当月"}

// zhHeld is the Chinese of the "held: " before a reason, if there is one.
func zhHeld(held string) string {
	if held == "" {
		return ""
	}
	return "暂缓发送："
}

// zhAwaySource names where an absence was learned (keepwarm.AwayConfig
// and the others) in Chinese.
func zhAwaySource(s string) string {
	if z, ok := map[string]string{"config": "配置", "desk": "工作台登记", "auto-reply": "自动回复"}[s]; ok {
		return z
	}
	return s
}

// zhGrade names a customer's grade ("grade E", "ungraded") in Chinese.
func zhGrade(g string) string {
	if g == "ungraded" {
		return "未分级"
	}
	if x, ok := strings.CutPrefix(g, "grade "); ok {
		return x + " 级"
	}
	return g
}

var dayRe = regexp.MustCompile(`^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)( \d{2}:\d{2})?$`)

// zhDay writes a day as the reasons give it ("Mon 2 Jan", "Mon 2 Jan
// 15:04") in Chinese: "1月2日（周一）", "1月2日（周一）15:04".
func zhDay(s string) string {
	m := dayRe.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	week := map[string]string{"Mon": "一", "Tue": "二", "Wed": "三", "Thu": "四", "Fri": "五", "Sat": "六", "Sun": "日"}[m[1]]
	month := strings.Index("JanFebMarAprMayJunJulAugSepOctNovDec", m[3])/3 + 1
	return fmt.Sprintf("%d月%s日（周%s）%s", month, m[2], week, strings.TrimSpace(m[4]))
}

var dateRe = regexp.MustCompile(`^(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December)$`)

// ZhDate writes a date as the reasons give it ("2 January", Go's layout
// "2 January") in Chinese: "1月2日". Anything else is returned as it is.
func ZhDate(s string) string {
	m := dateRe.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	months := []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	return fmt.Sprintf("%d月%s日", slices.Index(months, m[2])+1, m[1])
}

// zhLast are the general patterns Err tries after every particular one
// (zhErrors), whatever package added it.
var zhLast []Pattern

// A hold or an out-of-office pause of keepwarm's keeps what it waits for,
// with what happened since (sequences/followup_rules.go setReason, a hold
// lifted while the customer is away), and a person's pause what happened
// during it (a recipient refused, sequences/followup_failures.go): each
// part in Chinese.
func init() {
	Add(Pattern{Re: regexp.MustCompile(`^((?:on hold: |out of office: |\S+ wrote in the thread after the mail of ).+?|paused by a person); (.+)$`), Zh: func(m []string) string {
		return Err(m[1]) + "；" + Err(m[2])
	}})
	// A failed follow-up held for a reply through the customer's list
	// (store holdListAnswered): its failure kept after it.
	Add(Pattern{Re: regexp.MustCompile(`^(a reply came through the customer's list \S+ from \S+: check whether it answers you, then resume the follow-up or stop it); before: (.+)$`), Zh: func(m []string) string {
		return Err(m[1]) + "之前：" + Err(m[2])
	}})
}

func init() {
	// A reason the plan gives, said again at the send's last look.
	AddLast(Pattern{Re: regexp.MustCompile(`^not sent: (.+)$`), Zh: func(m []string) string {
		return "未发送：" + Err(m[1])
	}})
}

// Add adds patterns tried before those of AddLast: from an init.
func Add(p ...Pattern) { zhErrors = append(zhErrors, p...) }

// AddLast adds patterns tried after every other (a general form, "step N:
// ..."): from an init.
func AddLast(p ...Pattern) { zhLast = append(zhLast, p...) }

// Err writes msg in Chinese when a pattern knows it, else returns it as it
// is (trimmed).
func Err(msg string) string {
	msg = strings.TrimSpace(msg)
	if zh, ok := waitedErr(msg); ok {
		return zh
	}
	for _, sep := range copyNoteSeps {
		if head, tail, ok := strings.Cut(msg, sep); ok {
			return strings.TrimRight(errOne(head), "。") + "；" + errOne(strings.TrimPrefix(sep, "; ")+tail)
		}
	}
	return errOne(msg)
}

// waitedSep joins a greeting's or letter's skip to what held it past its
// day or month (sequences' heldPast): "<skip>; it waited, <held reason>".
const waitedSep = "; it waited, "

// waitedErr is the Chinese of a skip that waited (waitedSep): the skip and
// the hold's reason ("held: " and it) each by their own pattern. A skip
// with no Chinese leaves the whole text English.
func waitedErr(msg string) (string, bool) {
	head, tail, ok := strings.Cut(msg, waitedSep)
	if !ok {
		return "", false
	}
	zh := errOne(head)
	if zh == head {
		return "", false
	}
	held := errOne("held: " + tail)
	if h, ok := strings.CutPrefix(held, "暂缓发送："); ok {
		held = h
	} else if h, ok := strings.CutPrefix(held, "held: "); ok {
		held = h
	}
	return strings.TrimRight(zh, "。") + "；此前一直暂缓：" + held, true
}

// copyUnknownAnswer is mailsync's CopyUnknownAnswer as a pattern (zhtext
// imports no keepwarm package; a mailsync test keeps them the same), and
// zhCopyUnknownAnswer its Chinese.
const (
	copyUnknownAnswer   = `keepwarm does not know this answer: if it lasts, set server_saves_sent = true on this mailbox \(if the server files sent mail in Sent itself or copies are not wanted\), or give the copies up with keepwarm outbox give-up-copy ID \(keepwarm check lists them\)`
	zhCopyUnknownAnswer = "keepwarm 不认识服务器的这个回答：如果它一直如此，请在这个邮箱上设置 server_saves_sent = true（如果服务器会自己把发出的邮件存入“已发送”，或不需要副本），或用 keepwarm outbox give-up-copy ID 放弃这些副本（keepwarm check 会列出它们）"
)

// copyNoteSeps begin the note on a sent item's copy (mailsync's
// CopyGivenUp, store's CopyUnfiled) when it follows a person's note
// ("arrived, as ... learnt"): each part is translated on its own.
var copyNoteSeps = []string{"; sent; its copy could not be filed in Sent: ", "; its copy is not filed in Sent: "}

// errOne is Err for one reason, matched whole by a pattern.
func errOne(msg string) string {
	for _, list := range [][]Pattern{zhErrors, zhLast} {
		for _, p := range list {
			if m := p.Re.FindStringSubmatch(msg); m != nil {
				return p.Zh(m)
			}
		}
	}
	return msg
}

// placeholderWhy and placeholderFix are templates.PlaceholderWhy and
// templates.PlaceholderFix (zhtext imports no keepwarm package; a test
// keeps them the same).
const (
	placeholderWhy   = "another mail program's placeholder, which keepwarm does not fill in (in the template, or in the contact's salutation in the customer book)"
	placeholderFix   = "write {{.Contact.FirstName}}, {{.Contact.Salutation}} or {{.Company}} instead"
	zhPlaceholderWhy = "这是别的邮件程序的占位符，keepwarm 不会替换它（在模板里，或在客户资料里这位联系人的称呼里）"
)

// placeholderWhere are the parts templates.PlaceholderWhyIn names, in
// Chinese; placeholderWhyRe matches placeholderWhy or one of them, the
// part its group.
var (
	placeholderWhere = map[string]string{
		"in the template, or in the contact's salutation in the customer book": "在模板里，或在客户资料里这位联系人的称呼里",
		"in the template": "在模板里",
		"in the contact's salutation in the customer book":                       "在客户资料里这位联系人的称呼里",
		"in the mailbox's signature in the config (signature or signature_html)": "在配置里这个邮箱的签名里（signature 或 signature_html）",
		"in the contact's name, in the customer book or as their mail gives it":  "在这位联系人的名字里，客户资料里的或对方邮件里的",
	}
	placeholderWhyRe = func() string {
		var alts []string
		for w := range placeholderWhere {
			alts = append(alts, regexp.QuoteMeta(w))
		}
		sort.Slice(alts, func(i, j int) bool { return len(alts[i]) > len(alts[j]) })
		return regexp.QuoteMeta("another mail program's placeholder, which keepwarm does not fill in (") + "(" + strings.Join(alts, "|") + ")" + regexp.QuoteMeta(")")
	}()
)

// zhPlaceholderWhyIn is zhPlaceholderWhy naming the part where (English,
// as placeholderWhyRe's group has it).
func zhPlaceholderWhyIn(where string) string {
	return "这是别的邮件程序的占位符，keepwarm 不会替换它（" + placeholderWhere[where] + "）"
}
