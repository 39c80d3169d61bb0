package zhtext

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Why the send's last look did not send a follow-up's queued mail
// (sequences/followup_rules.go Recheck, replacedCause, goesOnWith,
// stepGone), as the digest's "not sent" list gives it: each part in
// Chinese.
func init() {
	Add(
		// Its step an edit of the sequence replaced or removed.
		Pattern{Re: regexp.MustCompile(`^enrollment (\d+): its step, (.+), is no longer in sequence (\S+) \(an edit replaced or removed it\); (.+)$`), Zh: func(m []string) string {
			return fmt.Sprintf("跟进序列 %s：它的这一步（%s）已不在序列 %s 中（序列被修改，这一步被替换或删除）；%s", m[1], zhStep(m[2]), m[3], zhGoesOn(m[4]))
		}},
		// A regrade or a change of tags moved the follow-up to a sequence
		// without its step.
		Pattern{Re: regexp.MustCompile(`^enrollment (\d+): (the customer's regrade|the change of the customer's tags|the customer's grade or tags) moved the follow-up from sequence (\S+) to (\S+), which has no step (.+?); (it goes on with .+|no step of it is left)$`), Zh: func(m []string) string {
			who := map[string]string{"the customer's regrade": "客户等级的调整", "the change of the customer's tags": "客户标签的变更", "the customer's grade or tags": "客户等级或标签的变更"}[m[2]]
			return fmt.Sprintf("跟进序列 %s：%s使跟进从序列 %s 转到 %s，后者没有「%s」这一步；%s", m[1], who, m[3], m[4], zhStep(m[5]), zhGoesOn(m[6]))
		}},
		pat(`enrollment (\d+): someone wrote in the thread meanwhile; the step waits again`, "跟进序列 %s：这期间有人在会话中写了邮件；这一步重新等待。"),
		// The manager made the sequence more careful since the step was
		// queued, or the follow-up writes to other people now: the step
		// is done again. The addresses are a ", " list, so a skip reason
		// after them (below) is never read as one.
		Pattern{Re: regexp.MustCompile(`^enrollment (\d+): the sequence's mode is now (\S+); the step is done again in that mode$`), Zh: func(m []string) string {
			return fmt.Sprintf("跟进序列 %s：序列的模式已改为「%s」；这一步按这个模式重新处理。", m[1], zhMode(m[2]))
		}},
		pat(`enrollment (\d+): its recipients changed since the step was queued; the step is done again for (\S+(?:, \S+)*)`,
			"跟进序列 %s：这一步排队后收件人有变；已为 %s 重新处理。"),
		// Someone it went to bounced, opted out or left before the send,
		// and the mail greets them (its first address, or its opening as
		// written, quoted with %q): the step is done again for those left.
		Pattern{Re: regexp.MustCompile(`^enrollment (\d+): (\S+ \(.+?\)(?:, \S+ \(.+?\))*) before the send, and the mail (?:greets (\S+)|opens ("(?:[^"\\]|\\.)*")): the step is done again for (\S+(?:, \S+)*)$`), Zh: func(m []string) string {
			greets := fmt.Sprintf("邮件称呼的是 %s", m[3])
			if m[3] == "" {
				opening, err := strconv.Unquote(m[4])
				if err != nil {
					opening = m[4][1 : len(m[4])-1]
				}
				greets = fmt.Sprintf("邮件开头是“%s”，称呼了不再收到它的人", opening)
			}
			return fmt.Sprintf("跟进序列 %s：发送前发现 %s不能再写信；%s，所以这一步已为 %s 重新处理。", m[1], zhDropped(m[2]), greets, m[5])
		}},
		// A skip reason with what becomes of its step after it.
		Pattern{Re: regexp.MustCompile(`^(.+) \(its step (\d+) was queued before keepwarm noted which step a mail is, and the follow-up has moved since \(an edit of sequence (\S+), a skip\): keepwarm cannot tell which step it is now, so it is not done again; send it by hand if it is still wanted\)$`), Zh: func(m []string) string {
			return strings.TrimSuffix(Err(m[1]), "。") + fmt.Sprintf("（第 %s 步是在 keepwarm 开始记录邮件属于哪一步之前排队的，之后跟进已有变动（序列 %s 被修改，或有步骤被跳过）：keepwarm 无法判断它现在是哪一步，所以不会重新处理；如果仍需要，请手动发送）", m[2], m[3])
		}},
		Pattern{Re: regexp.MustCompile(`^(.+) \(its step, (.+) number (\d+) of that name, is no longer in sequence (\S+), which has (\d+), and is not done again\)$`), Zh: func(m []string) string {
			return strings.TrimSuffix(Err(m[1]), "。") + fmt.Sprintf("（它的这一步是第 %s 个「%s」，序列 %s 现在只有 %s 个，不会重新处理）", m[3], zhStep(m[2]), m[4], m[5])
		}},
		Pattern{Re: regexp.MustCompile(`^(.+) \(its step, (.+), is no longer in sequence (\S+) and is not done again\)$`), Zh: func(m []string) string {
			return strings.TrimSuffix(Err(m[1]), "。") + fmt.Sprintf("（它的这一步（%s）已不在序列 %s 中，不会重新处理）", zhStep(m[2]), m[3])
		}},
	)
	// The head those skip reasons begin with: the follow-up ended or
	// paused, and why.
	AddLast(Pattern{Re: regexp.MustCompile(`^enrollment (\d+) is ([a-z-]+): (.+)$`), Zh: func(m []string) string {
		return fmt.Sprintf("跟进序列 %s 已是「%s」：%s", m[1], status(m[2]), Err(m[3]))
	}})
}

var droppedRe = regexp.MustCompile(`(\S+) \((bounced|opted-out|left the company)\)(, )?`)

// zhDropped is the list of addresses a last look dropped, each with why
// (store seq-blocked): "ute@buyer.de (bounced), eva@buyer.de (opted-out)"
// reads "ute@buyer.de（已退信）、eva@buyer.de（已退订）".
func zhDropped(s string) string {
	return droppedRe.ReplaceAllStringFunc(s, func(p string) string {
		m := droppedRe.FindStringSubmatch(p)
		why := status(m[2])
		if m[2] == "left the company" {
			why = "已离职"
		}
		if m[3] != "" {
			return m[1] + "（" + why + "）、"
		}
		return m[1] + "（" + why + "）"
	})
}

// zhStep is a step as a skip reason names it: its template, or "the task"
// for a call step.
func zhStep(s string) string { return strings.ReplaceAll(s, "the task", "电话任务") }

var goesOnRe = regexp.MustCompile(`^it goes on with step (\d+) \((.+?)\)( in its place)?$`)

// zhGoesOn is what the follow-up does after a skipped mail (goesOnWith).
func zhGoesOn(s string) string {
	if s == "no step of it is left" {
		return "它已没有剩下的步骤。"
	}
	m := goesOnRe.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	if m[3] != "" {
		return fmt.Sprintf("跟进继续第 %s 步（%s），由它代替这一步。", m[1], zhStep(m[2]))
	}
	return fmt.Sprintf("跟进继续第 %s 步（%s）。", m[1], zhStep(m[2]))
}
