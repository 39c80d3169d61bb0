package web

import (
	"fmt"
	"keepwarm/zhtext"
	"regexp"
	"strings"

	"keepwarm"
)

// Why a follow-up was superseded, answered by phone, stopped by a delivery
// failure that names no address, restarted by an information-only mail, or changed while an out-of-office pauses it
// (sequences/followup_rules.go, store/sequences.go), in Chinese.
func init() {
	zh["No choice or “mail not received”: the follow-up goes on. Any other choice ends it: the call reached them."] = "不选或选“没收到邮件”：跟进继续。选其他任何一项都会结束该跟进：电话已联系到客户。"
	zhtext.Add(
		pat(`a newer mail to the same contacts is followed up \(thread (\d+)\)`, "发给同一联系人的更新邮件正在跟进（会话 %s）"),
		pat(`a newer mail to the same contacts is already followed up \(thread (\d+), enrollment (\d+)\)`, "发给同一联系人的更新邮件已在跟进（会话 %s，跟进序列 %s）"),
		pat(`a newer mail in the thread is followed up`, "会话中更新的邮件正在跟进"),
		// The day of the mail is written "2 January" (zhtext.ZhDate).
		errPattern{Re: regexp.MustCompile(`^step clock restarted by an information-only mail in the thread; still following up the mail of (.+)$`), Zh: func(m []string) string {
			return fmt.Sprintf("会话中有一封仅作通知的邮件，步骤重新计时；仍在跟进 %s 的邮件", zhtext.ZhDate(m[1]))
		}},
		errPattern{Re: regexp.MustCompile(`^step clock restarted by a mail from (\S+), who has no \[\[mailbox\]\] to send from, in the thread; still following up the mail of (.+)$`), Zh: func(m []string) string {
			return fmt.Sprintf("会话中有一封 %s 的邮件（此人没有可发信的 [[mailbox]]），步骤重新计时；仍在跟进 %s 的邮件", m[1], zhtext.ZhDate(m[2]))
		}},
		errPattern{Re: regexp.MustCompile(`^(\S+) wrote in the thread after the mail of (.+) and has no \[\[mailbox\]\] to send from: follow that mail up by hand, then resume or stop the follow-up$`), Zh: func(m []string) string {
			return fmt.Sprintf("%s 在 %s 的邮件之后又在会话中写了邮件，但此人没有可发信的 [[mailbox]]：请手动跟进那封邮件，然后恢复或停止该跟进", m[1], zhtext.ZhDate(m[2]))
		}},
		errPattern{Re: regexp.MustCompile(`^answered by phone: (.+) \(call task (\d+) of (\S+), closed (\S+)\)$`), Zh: func(m []string) string {
			return fmt.Sprintf("电话中已答复：%s（%s 的电话任务 %s，%s 完成）", zhCallSaid(m[1]), m[3], m[2], m[4])
		}},
		pat(`a delivery failure came back for step (\d+) that names no address: check the address \((.+)\), then resume or stop`,
			"第 %s 步的邮件被退回，但退信没有写明哪个地址失败：请核对地址（%s），然后恢复或停止"),
		pat(`a delivery failure came back for the mail followed up that names no address: check the address \((.+)\), then resume or stop`,
			"所跟进的邮件被退回，但退信没有写明哪个地址失败：请核对地址（%s），然后恢复或停止"),
		pat(`a delivery failure came back for step (\d+) naming (\S+), not one of its recipients \((.+)\): their server may pass the mail on to an address that no longer works; check the address, then resume or stop`,
			"第 %s 步的邮件被退回，退信写明的 %s 不是收件人（%s）之一：对方服务器可能把邮件转给了一个已失效的地址；请核对地址，然后恢复或停止"),
		pat(`a delivery failure came back for the mail followed up naming (\S+), not one of its recipients \((.+)\): their server may pass the mail on to an address that no longer works; check the address, then resume or stop`,
			"所跟进的邮件被退回，退信写明的 %s 不是收件人（%s）之一：对方服务器可能把邮件转给了一个已失效的地址；请核对地址，然后恢复或停止"),
		// A refusal of the mail rather than the address
		// (sequences.refusalReason).
		errPattern{Re: regexp.MustCompile(`^(step (\d+)|the mail followed up) was refused(?: for (\S+@\S+))? by (?:(\S+)'s|the customer's) server( as failing the SPF, DKIM or DMARC check| as spam| as too large| for its content| for a policy)?(?: \(([^()]+)\))?(?:, not for the address: (?:nobody was flagged|(\S+) does not exist and is no longer written to)|, which did not say the address does not exist: (?:nobody was flagged|(\S+) does not exist and is no longer written to))(; check the mail, then resume or stop|; check the mail and the address, then resume or stop|; send it again: the new mail is followed up on its own; stop this one|; check the address and send it again: the new mail is followed up on its own; stop this one)$`), Zh: zhRefusal},
		// An out-of-office pause keeps its reason, with what happened since.
		errPattern{Re: regexp.MustCompile(`^(out of office: .+?); (.+)$`), Zh: func(m []string) string {
			l := Lang{Code: "zh"}
			return l.Err(m[1]) + "；" + l.Err(m[2])
		}},
	)
}

// zhCallSaid is what a call taught (sequences.CallSaid) with its reason in
// Chinese: "project still pending: decides in March".
func zhCallSaid(s string) string {
	for _, r := range keepwarm.QuietReasons {
		if rest, ok := strings.CutPrefix(s, r.Label()); ok && (rest == "" || strings.HasPrefix(rest, ": ")) {
			if z, ok := zh[r.Label()]; ok {
				return z + strings.Replace(rest, ": ", "：", 1)
			}
		}
	}
	return s
}

// zhRefusal is sequences.refusalReason in Chinese, from its parts as the
// pattern reads them: what came back, the step, the address refused (or
// none), the domain, why, the status, the address flagged (or none) in
// either ending.
func zhRefusal(m []string) string {
	what := "所跟进的邮件"
	switch {
	case m[2] != "" && m[3] != "":
		what = "第 " + m[2] + " 步发给 " + m[3] + " 的邮件"
	case m[2] != "":
		what = "第 " + m[2] + " 步的邮件"
	case m[3] != "":
		what = "所跟进的、发给 " + m[3] + " 的邮件"
	}
	server := "客户的服务器"
	if m[4] != "" {
		server = " " + m[4] + " 的服务器"
	}
	code := ""
	if m[6] != "" {
		code = "（" + m[6] + "）"
	}
	flagged := "没有标记任何地址"
	if f := m[7] + m[8]; f != "" {
		flagged = f + " 不存在，已不再给它发信"
	}
	why := map[string]string{
		" as failing the SPF, DKIM or DMARC check": "未通过 SPF、DKIM 或 DMARC 验证",
		" as spam":         "被当作垃圾邮件",
		" as too large":    "邮件过大",
		" for its content": "因邮件内容",
		" for a policy":    "因对方的策略",
	}[m[5]]
	again := strings.Contains(m[9], "send it again")
	switch {
	case why == "" && again:
		return what + "被" + server + "拒收" + code + "，但没有说明地址不存在：" + flagged + "；请检查地址后重新发送：新邮件会单独跟进；请停止这个跟进"
	case why == "":
		return what + "被" + server + "拒收" + code + "，但没有说明地址不存在：" + flagged + "；请检查邮件和地址，然后恢复或停止"
	case again:
		return what + "被" + server + "拒收：" + why + code + "，不是地址的问题：" + flagged + "；请重新发送：新邮件会单独跟进；请停止这个跟进"
	}
	return what + "被" + server + "拒收：" + why + code + "，不是地址的问题：" + flagged + "；请检查邮件，然后恢复或停止"
}
