package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"keepwarm"
)

// Lang is the interface language of one request ("en" or "zh") with the
// team's zone for times.
type Lang struct {
	Code string
	loc  *time.Location
}

// lang picks the language: the switch's cookie (a choice made on this
// browser), else the signed-in person's configured lang (a company browser
// often says English to someone who reads Chinese), else Accept-Language
// (the first of en or zh it names), else English.
func lang(r *http.Request) Lang {
	if c, err := r.Cookie(langCookie); err == nil && (c.Value == "en" || c.Value == "zh") {
		return Lang{Code: c.Value}
	}
	if code := person(r).Lang; code == "en" || code == "zh" {
		return Lang{Code: code}
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "zh"):
			return Lang{Code: "zh"}
		case strings.HasPrefix(tag, "en"):
			return Lang{Code: "en"}
		}
	}
	return Lang{Code: "en"}
}

// T translates an English UI text; a text without a translation is shown
// in English.
func (l Lang) T(s string) string {
	if l.Code == "zh" {
		if z, ok := zh[s]; ok {
			return z
		}
	}
	return s
}

// Tf translates an English UI text with %s in it, then puts args in: a
// value inside a sentence (a mode) takes its place in the translated
// sentence, with that language's punctuation around it.
func (l Lang) Tf(format string, args ...any) string {
	return fmt.Sprintf(l.T(format), args...)
}

// Time shows an instant in the team's zone.
func (l Lang) Time(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(l.zone()).Format("2006-01-02 15:04")
}

// Away shows an absence's span as it was entered, in the absent person's
// zone (nil: the team's): whole days as "2026-11-29 – 2026-12-05"
// (until's day before: the last day away), else "2026-11-29 09:00 –
// 2026-12-05 18:00"; a zone other than the team's is named after it, since
// the page's other times are the team's.
func (l Lang) Away(from, until time.Time, zone *time.Location) string {
	loc := l.awayZone(zone)
	if until.IsZero() {
		return from.In(loc).Format("2006-01-02 15:04") + l.zoneNote(loc) + " – " + l.T("until they send a normal mail")
	}
	first, last := keepwarm.AwayEnds(from, until, loc)
	return first + " – " + last + l.zoneNote(loc)
}

// AwayNoDate shows an absence whose out-of-office reply named no return
// date: from, and the day keepwarm takes them as back by at the latest
// (never as if they had said so), in the absent person's zone as Away.
func (l Lang) AwayNoDate(from, until time.Time, zone *time.Location) string {
	loc := l.awayZone(zone)
	return from.In(loc).Format("2006-01-02 15:04") + " – " +
		fmt.Sprintf(l.T("no return date given; back by %s at the latest"), until.In(loc).Format("2006-01-02")) + l.zoneNote(loc)
}

func (l Lang) awayZone(zone *time.Location) *time.Location {
	if zone == nil {
		return l.zone()
	}
	return zone
}

// zoneNote names loc, " (Europe/Madrid)", when it is not the team's zone.
func (l Lang) zoneNote(loc *time.Location) string {
	if loc.String() == l.zone().String() {
		return ""
	}
	return " (" + loc.String() + ")"
}

// Day shows an instant's date in the team's zone.
func (l Lang) Day(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(l.zone()).Format("2006-01-02")
}

// TimeIn shows an instant in another zone (a customer's), with its name.
func (l Lang) TimeIn(t time.Time, loc *time.Location) string {
	if loc == nil {
		return l.Time(t)
	}
	t = t.In(loc)
	if l.Code == "zh" {
		return zhWeekdays[t.Weekday()] + " " + t.Format("01-02 15:04") + " " + loc.String()
	}
	return t.Format("Mon 01-02 15:04") + " " + loc.String()
}

var zhWeekdays = [7]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// Zone is the team zone's name.
func (l Lang) Zone() string { return l.zone().String() }

func (l Lang) zone() *time.Location {
	if l.loc == nil {
		return time.UTC
	}
	return l.loc
}

// zh is the Chinese text of every English UI string.
var zh = map[string]string{
	"Desk":      "工作台",
	"Customers": "客户",
	"Pool":      "公海",
	"Sessions":  "登录会话",
	"Sign out":  "退出",
	"Sign in":   "登录",
	"Search":    "搜索",
	"Search customers: name, email, domain, phone":                                                 "搜索客户：名称、邮箱、域名、电话",
	"Enter your team email address.":                                                               "请输入你的团队邮箱地址。",
	"Your team email address":                                                                      "你的团队邮箱",
	"Mail me a sign-in link":                                                                       "发送登录链接",
	"keepwarm mails you a link that signs you in. No password to keep.":                            "keepwarm 会把登录链接发到你的邮箱，无需密码。",
	"Too many sign-in links were asked for: wait a quarter of an hour and try again.":              "登录链接请求过多：请等一刻钟再试。",
	"If that address is on the team, a sign-in link is on its way. It works once, for 15 minutes.": "如果这个地址属于团队，登录链接已发出。链接只能使用一次，15 分钟内有效。",
	"The sign-in mail could not be sent; try again later or ask the manager for a link.":           "登录邮件发送失败；请稍后再试，或请经理给你一个链接。",
	"Hello %s,": "%s，你好：",
	"Open this link to sign in to keepwarm. It works once, for 15 minutes:": "打开下面的链接登录 keepwarm。链接只能使用一次，15 分钟内有效：",
	"If you did not ask for it, ignore this mail.":                          "如果不是你本人请求的，请忽略这封邮件。",
	"Your keepwarm sign-in link":                                            "你的 keepwarm 登录链接",
	"This sign-in link is expired or was used already: ask for a new one.":  "这个登录链接已过期或已被使用：请重新获取。",
	"This address is no longer on the team.":                                "这个地址已不在团队中。",
	"Continue to keepwarm":                                                  "继续登录 keepwarm",
	"Your session has ended: sign in again.":                                "会话已结束：请重新登录。",
	"This form has expired: reload the page and try again.":                 "表单已过期：请刷新页面后重试。",
	"The form could not be read.":                                           "无法读取表单。",
	"Not found.":                                                            "未找到。",
	"Something went wrong; it is in the log.":                               "出错了，详情已记入日志。",
	"Waiting for your answer":                                               "等待回复的客户邮件",
	"Nobody is waiting for an answer.":                                      "没有等待回复的邮件。",
	"(text not fetched yet: keepwarm is still reading older mail)":          "（正文尚未读取：keepwarm 仍在读取较早的邮件）",
	"Away":                          "休假/外出",
	"away now":                      "现在不在",
	"until they send a normal mail": "直到其再发正常邮件",
	"no return date given; back by %s at the latest": "未给出返回日期；最迟 %s 视为返回",
	"covered by":            "代理人",
	", then ":               "，之后",
	"covering for":          "代理",
	"the manager":           "经理",
	"Nobody is away.":       "没有人不在。",
	"Who":                   "谁",
	"From":                  "从",
	"Until (last day away)": "到（最后一天不在）",
	"Backup":                "代理人",
	"I will be away":        "登记外出",
	"Back now":              "已返回",
	"their standing backup, else the manager": "其固定代理人，没有则由经理代理",
	"my standing backup:":                     "我的固定代理人：",
	"the backup named is not on the team:":    "所指定的代理人已不在团队：",

	"the backup named is listed in team.managers, so covers for nobody:": "所指定的代理人在 team.managers 中，不代理任何人：",

	"not on the team any more: nobody covers for this absence; hand their customers on first, then cancel it (cancelling releases what waits in their name at once)": "已不在团队：这次外出没有人代理；请先移交其客户，再取消（取消会让以其名义等待的邮件立即发出）",
	"desk":       "工作台",
	"config":     "配置文件",
	"auto-reply": "自动回复",
	"Only the manager enters someone else's absence.": "只有经理可以登记别人的外出。",
	"Until must come after from.":                     "结束日期必须晚于开始日期。",
	"That absence is already over.":                   "这段外出已经结束。",
	"Only the manager says someone else is back.":     "只有经理可以标记别人已返回。",
	"Not away now from the config or an out-of-office reply (an absence entered on the desk is ended with Cancel).": "目前没有来自配置文件或自动回复的外出（在工作台登记的外出请用“取消”结束）。",
	"Backup: name a colleague on the team, or leave it empty for the manager.":                                      "代理人：请选一位同事，或留空由经理代理。",
	"waiting":              "已等待",
	"target":               "目标",
	"overdue":              "已超时",
	"nudged once":          "已提醒一次",
	"nudged twice":         "已提醒两次",
	"not nudged":           "未提醒",
	"Open in webmail":      "在网页邮箱中打开",
	"Open the message":     "查看邮件",
	"Calls due today":      "今天要打的电话",
	"No calls due today.":  "今天没有要打的电话。",
	"later today, from %s": "今天稍后，%s 起",
	"Done":                 "完成",
	"What did they say?":   "客户怎么说？",
	"Why quiet?":           "为何没回音？",
	// keepwarm.QuietReasons' labels.
	"mail not received":     "没收到邮件",
	"doubts about us":       "对我们有疑虑",
	"project still pending": "项目还没定",
	"on holiday or waiting for their boss or end customer": "休假或在等老板、终端客户",
	"comparing suppliers":        "在比较供应商",
	"plans changed":              "计划有变",
	"they answered on the call":  "电话里客户已答复",
	"not said":                   "没说",
	"Reviews due":                "待复盘客户",
	"No reviews due.":            "没有待复盘的客户。",
	"Grade":                      "等级",
	"Note":                       "备注",
	"Save review":                "保存复盘",
	"same grade":                 "等级不变",
	"Pool claims returning soon": "即将退回公海的认领",
	"None returning soon.":       "没有即将退回的认领。",
	"keepwarm will send in your name (next 7 days)": "keepwarm 将以你的名义发送（未来 7 天）",
	"keepwarm will send (next 7 days)":              "keepwarm 将发送（未来 7 天）",
	"Nothing planned.":                              "没有计划发送的邮件。",
	"Pause":                                         "暂停",
	"Resume":                                        "恢复",
	"Stop":                                          "停止",
	"Skip":                                          "跳过",
	"Skip this step":                                "跳过这一步",
	"Skip this step: the follow-up goes on with the next one": "跳过这一步：跟进序列从下一步继续",
	"Which step? The form lacks it; reload the page.":         "缺少步骤：请刷新页面。",
	"customer's time":                    "客户当地时间",
	"Sends that need you":                "需要你处理的发送",
	"No failed or uncertain sends.":      "没有失败或不确定的发送。",
	"failed":                             "失败",
	"uncertain":                          "不确定",
	"Domain":                             "域名",
	"Address":                            "邮箱地址",
	"Owner":                              "负责人",
	"public pool":                        "公海",
	"Country":                            "国家",
	"Time zone":                          "时区",
	"Language":                           "语言",
	"Tags":                               "标签",
	"Next review":                        "下次复盘",
	"review due":                         "该复盘了",
	"Claim deadline":                     "认领期限",
	"Opted out":                          "已退订",
	"Contacts":                           "联系人",
	"Salutation":                         "称呼",
	"Phones":                             "电话",
	"Add a phone":                        "添加电话",
	"Bounced":                            "退信",
	"Save":                               "保存",
	"Edit":                               "编辑",
	"Conversations":                      "往来邮件",
	"No mail yet.":                       "还没有邮件。",
	"from the customer":                  "客户来信",
	"from us":                            "我方发出",
	"Follow-ups":                         "跟进序列",
	"No follow-ups.":                     "没有跟进序列。",
	"To follow up by hand":               "需手动跟进",
	"step":                               "步骤",
	"next":                               "下一步",
	"Reply times (past year)":            "回复时间（过去一年）",
	"answered":                           "已回复",
	"within target":                      "按时",
	"median":                             "中位数",
	"No customer mail in the past year.": "过去一年没有客户来信。",
	"Reviews":                            "复盘",
	"No reviews yet.":                    "还没有复盘。",
	"Orders":                             "订单",
	"No orders.":                         "没有订单。",
	"Pool history":                       "公海记录",
	"No pool history.":                   "没有公海记录。",
	"Notes":                              "备注",
	"Add a note":                         "添加备注",
	"The note is too long: %d characters, at most %d.": "备注太长：%d 个字，最多 %d 个。",
	"Changes made here":            "修改记录",
	"No changes yet.":              "还没有修改。",
	"Claim":                        "认领",
	"Release to the pool":          "放回公海",
	"No customer matches.":         "没有匹配的客户。",
	"Type at least one character.": "请至少输入一个字符。",
	"The public pool":              "公海客户",
	"Your claims":                  "你的认领",
	"held":                         "已占用",
	"of":                           "/",
	"The pool is empty.":           "公海是空的。",
	"You hold no claims.":          "你没有认领的客户。",
	"returns":                      "退回时间",
	"Live sessions":                "当前会话",
	"Revoke":                       "撤销",
	"this browser":                 "当前浏览器",
	"signed in":                    "登录于",
	"last seen":                    "最近使用",
	"expires":                      "到期",
	"Times in":                     "时间以此时区显示：",
	"Message":                      "邮件",
	"Back to the customer":         "返回客户",
	"paused":                       "已暂停",
	"active":                       "进行中",
	"queued":                       "已排队",
	"drafted":                      "已存草稿",
	"Nothing more goes out in this follow-up: fix the cause, then resume it (or stop it).": "这个跟进序列已停止发送：请先排除原因，再恢复（或停止）。",
	"greeting":    "节日问候",
	"letter":      "月度邮件",
	"sequence":    "跟进序列",
	"Manager":     "经理",
	"Salesperson": "销售",

	// The waiting list's pages.
	"Showing %d–%d of %d, counted from the most recent; oldest first on the page.": "第 %d–%d 封，共 %d 封（从最新的算起；本页从早到晚排列）。",
	"Pages of the waiting list": "等待回复列表的分页",
	"Most recent":               "最新",
	"Newer":                     "较新",
	"Older":                     "较早",
	"Oldest":                    "最早",
	"This link to a page of the waiting list is not valid: open the desk again.": "这个等待回复列表的分页链接无效：请重新打开工作台。",

	// "No answer needed" on the waiting list.
	"No answer needed": "无需回复",
	"It needs no answer (“Thanks, received!”): no more nudges, off this list, not late in the reports": "这封邮件无需回复（如「谢谢，已收到！」）：不再提醒，移出此列表，报表中不算超时",
	"Marked “no answer needed” (last 24 hours)":                                                        "已标记「无需回复」（过去 24 小时）",
	"Answered all the same: the answer counts.":                                                        "之后仍然回复了：以回复为准。",
	"Undo": "撤销标记",
}
