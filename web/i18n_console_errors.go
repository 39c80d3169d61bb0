package web

import "keepwarm/zhtext"

import "regexp"

// The console's own messages about a template, a sequence or a letter
// being edited (app/web_console.go, app/console_preview.go), in Chinese.
func init() {
	zhtext.Add(
		pat(`this customer would get (\S+) \((\S+)\); shown: (\S+), as a contact writing (\S+) would get it`,
			"这位客户会收到 %s（%s）；此处显示的是 %s，即用 %s 写信的联系人会收到的内容。"),
		pat(`no owner \(public pool\)`, "没有负责人（公海客户）"),
		pat(`owner (\S+) has no mailbox that can send`, "负责人 %s 没有能发信的邮箱"),
		pat(`no mailbox to send from: give the customer an owner whose \[\[mailbox\]\] has an smtp_url`,
			"没有可发信的邮箱：请给这位客户指定一位负责人，且其 [[mailbox]] 设有 smtp_url。"),
		pat(`written by (\S+), who has no \[\[mailbox\]\] with an smtp_url to send from: not followed up in (\S+)'s name`,
			"这封邮件由 %s 写出，此人没有设有 smtp_url 的 [[mailbox]] 可以发信：不会以 %s 的名义跟进。"),
		pat(`the mail went out from (\S+), which mailbox "(.*)" cannot send as: add it to send_as on that \[\[mailbox\]\] in the config \(if its server lets the login send as it\), then resume`,
			"这封邮件是从 %s 发出的，邮箱「%s」不能以它的名义发信：请在配置中该 [[mailbox]] 的 send_as 里加上它（如果服务器允许该登录以它发信），然后恢复。"),
		pat(`no directory for the team's templates: set \[sequences\] templates_dir`, "没有团队模板的目录：请设置 [sequences] templates_dir。"),
		pat(`no directory for the team's sequences: set \[sequences\] dir`, "没有团队跟进序列的目录：请设置 [sequences] dir。"),
		pat(`no directory for the monthly letters: set \[greetings\] letters_dir`, "没有月度信函的目录：请设置 [greetings] letters_dir。"),
		pat(`the directory (.+) does not exist: create it, writable by keepwarm`, "目录 %s 不存在：请创建它，并让 keepwarm 可以写入。"),
		pat(`keepwarm cannot read the directory (\S+): (.+)`, "keepwarm 无法读取目录 %s：%s"),
		pat(`(.+) is not a directory`, "%s 不是目录"),
		pat(`keepwarm may not write to the directory (.+): let the user it runs as write there`, "keepwarm 无权写入目录 %s：请让运行它的用户可以写入。"),
		pat(`the file (\S+) could not be written \((.+)\): nothing was saved`, "文件 %s 无法写入（%s）：没有保存任何内容。"),
		pat(`fails when (\S+) is empty \((.*)\): add "requires: (\S+)" to its header so such a mail is skipped \(and the digest says why\)`,
			"在 %s 为空时无法生成（%s）：请在模板头部加上 \"requires: %s\"，这样的邮件会被跳过（并在摘要中说明原因）。"),
		pat(`a sequence named "(.*)" exists already`, "已有名为「%s」的跟进序列"),
		pat(`use lower-case letters, digits, - and _ \(it names the file\), e\.g\. "(.*)"`, "请用小写字母、数字、- 和 _（名称也是文件名），例如「%s」"),
		pat(`the follow-up engine is not running here`, "这里没有运行跟进引擎"),
		pat(`(\S+) bounced: no follow-up is written to it`, "%s 已退信：不会给它写跟进邮件"),
		pat(`(\S+) opted out: no follow-up is written to it`, "%s 已退订：不会给它写跟进邮件"),
		pat(`(\S+) left the company: no follow-up is written to it`, "%s 已离职：不会给它写跟进邮件"),
		pat(`no subject: line`, "缺少 subject: 行"),
		pat(`no --- text section`, "缺少 --- text 部分"),
		pat(`unknown header key "(.*)" \(want subject, description or requires\)`, "未知的头部键「%s」（应为 subject、description 或 requires）"),
		pat(`unknown section "(.*)" \(want text or html\)`, "未知的部分「%s」（应为 text 或 html）"),
		pat(`section "(.*)" appears twice`, "「%s」部分出现了两次"),
		pat(`header line must be key: value`, "头部的行必须写成 键: 值"),
		pat(`cannot require "(.*)" \(want Products, Company, Original, Occasion or Month\)`,
			"不能要求「%s」（应为 Products、Company、Original、Occasion 或 Month）"),
		// text/template's own parse errors, as a template's problem shows them.
		pat(`function "(.*)" not defined`, "函数「%s」未定义"),
		pat(`unclosed action(?: started at .*)?`, "动作没有闭合（缺少 }}）"),
		pat(`unclosed left paren`, "左括号没有闭合"),
		pat(`unterminated (?:quoted string|raw quoted string|character constant)`, "引号没有闭合"),
		pat(`undefined variable "(.*)"`, "未定义的变量「%s」"),
		pat(`wrong number of args for (\S+): want (\d+) got (\d+)`, "%s 的参数个数不对：应为 %s 个，实际 %s 个"),
	)
	// The broad ones last: another message may begin the same way.
	zhtext.AddLast(
		pat(`unexpected (.+) in (.+)`, "%[2]s 中出现了意外的 %[1]s"),
		pat(`missing value for (.+)`, "%s 缺少值"),
		pat(`bad character (.+)`, "无效字符 %s"),
		pat(`unexpected (.+)`, "意外的 %s"),
	)
	// A template that renders for the sample but not for a customer a real
	// send meets (templates.Check).
	zhtext.Add(errPattern{Re: regexp.MustCompile(`^fails for (.+?): (.+)$`), Zh: func(m []string) string {
		who, ok := zhSendVariant[m[1]]
		if !ok {
			who = m[1]
		}
		return "对" + who + "无法生成：" + Lang{Code: "zh"}.Err(m[2])
	}})
	zhtext.Add(pat(`error calling index: (?:reflect: )?(?:slice )?index out of range(?:: \d+)?`, "index 超出范围：列表里没有这么多项"))
	// A customer the greetings job skips for its grade (sequences.GradeRefusal).
	zhtext.Add(errPattern{Re: regexp.MustCompile(`^grade "(.*)" is not greeted \((greetings\.(?:letter_)?grades)\)$`), Zh: func(m []string) string {
		who, what := m[1]+" 级客户", "问候"
		if m[1] == "" {
			who = "未分级的客户"
		}
		if m[2] == "greetings.letter_grades" {
			what = "月度信函"
		}
		return who + "不发" + what + "（" + m[2] + "）"
	}})
	zhtext.Add(pat(`ungraded; grade the customer first \(known from mail only, not the customer book; (\S+) with "" greets every ungraded customer\)`,
		"未分级：请先给客户分级（这位客户只从邮件中得知，不在客户资料中；在 %s 里加上 \"\" 可问候所有未分级的客户）"))
	// A preview's "not sent" heads another message, itself translated.
	zhtext.Add(errPattern{Re: regexp.MustCompile(`^not sent to this customer: (.+)$`), Zh: func(m []string) string {
		return "不会发给这位客户：" + Lang{Code: "zh"}.Err(m[1])
	}})
}

// zhSendVariant names templates.Check's customers in Chinese.
var zhSendVariant = map[string]string{
	"a customer with one product":                    "只有一个产品的客户",
	"a contact without a name":                       "没有名字的联系人",
	"a contact written with a title (Mr. Ahmed)":     "带称谓的联系人（Mr. Ahmed）",
	"a customer the book knows only by its domain":   "客户资料里只有域名的客户",
	"a mail followed up whose text is not stored":    "正文没有保存的被跟进邮件",
	"a mail followed up that went to several people": "发给多人的被跟进邮件",
	"a salesperson without a signature":              "没有设置签名的业务员",
}
