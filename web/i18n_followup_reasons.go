package web

import (
	"fmt"
	"keepwarm/zhtext"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Why a follow-up changed at its last look or on its own rules, in Chinese
// (sequences/followup_rules.go); after the patterns of i18n_errors.go. A
// sequence's name may hold spaces ("key customers"), so it is read up to
// the words that follow it, never as (\S+).
func init() {
	zhtext.Add(
		pat(`step (\d+): recipients changed since it was queued; done again for (.+)`, "第 %s 步：排队后收件人有变；已为 %s 重新生成。"),
		errPattern{Re: regexp.MustCompile(`^customer regraded from (\S+) to (\S+), which follows no sequence: the follow-up stops$`), Zh: func(m []string) string {
			return fmt.Sprintf("客户已从%s改为%s，该级不跟进：跟进已停止。", zhRegrade(m[1]), zhRegrade(m[2]))
		}},
		errPattern{Re: regexp.MustCompile(`^customer regraded from (\S+) to (\S+): (.+?) has no step (\d+) like (.+)'s, so the follow-up stops$`), Zh: func(m []string) string {
			return fmt.Sprintf("客户已从%s改为%s：%s 没有与 %s 相同的第 %s 步，跟进已停止。", zhRegrade(m[1]), zhRegrade(m[2]), m[3], m[5], m[4])
		}},
		errPattern{Re: regexp.MustCompile(`^customer regraded from (\S+) to (\S+): follows (.+) from step (\d+)$`), Zh: func(m []string) string {
			return fmt.Sprintf("客户已从%s改为%s：从第 %s 步起按 %s 跟进。", zhRegrade(m[1]), zhRegrade(m[2]), m[4], m[3])
		}},
		// The customer's tags changed (sequences/followup_rules.go regraded):
		// the tag lists stay as they are, none is "无标签".
		errPattern{Re: regexp.MustCompile(`^customer's tags changed from (none|"(?:[^"\\]|\\.)*") to (none|"(?:[^"\\]|\\.)*"), which follows no sequence: the follow-up stops$`), Zh: func(m []string) string {
			return fmt.Sprintf("客户标签已从%s改为%s，这样的客户不在任何跟进序列中：跟进已停止。", zhTags(m[1]), zhTags(m[2]))
		}},
		errPattern{Re: regexp.MustCompile(`^customer's tags changed from (none|"(?:[^"\\]|\\.)*") to (none|"(?:[^"\\]|\\.)*"): (.+?) has no step (\d+) like (.+)'s, so the follow-up stops$`), Zh: func(m []string) string {
			return fmt.Sprintf("客户标签已从%s改为%s：%s 没有与 %s 相同的第 %s 步，跟进已停止。", zhTags(m[1]), zhTags(m[2]), m[3], m[5], m[4])
		}},
		errPattern{Re: regexp.MustCompile(`^customer's tags changed from (none|"(?:[^"\\]|\\.)*") to (none|"(?:[^"\\]|\\.)*"): follows (.+) from step (\d+)$`), Zh: func(m []string) string {
			return fmt.Sprintf("客户标签已从%s改为%s：从第 %s 步起按 %s 跟进。", zhTags(m[1]), zhTags(m[2]), m[4], m[3])
		}},
		// A person's Resume of a step that may not have gone out
		// (sequences/followup_manual.go resume).
		pat(`resumed by a person: step (\d+) is done again`, "已被手动恢复：第 %s 步重新处理"),
		// A waiting step a changed sequence moved (sequences/followup_plan.go
		// movedReason): its new time as the reasons' machine dates, with
		// the weekday in Chinese; why in Chinese.
		errPattern{Re: regexp.MustCompile(`^step (\d+) moved to (Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}) (\d{2}:\d{2}) (\S+): (.+)$`), Zh: func(m []string) string {
			day := m[3]
			if t, err := time.Parse("2 Jan 2006", m[3]); err == nil {
				day = t.Format("2006-01-02")
			}
			week := map[string]string{"Mon": "周一", "Tue": "周二", "Wed": "周三", "Thu": "周四", "Fri": "周五", "Sat": "周六", "Sun": "周日"}[m[2]]
			return fmt.Sprintf("第 %s 步改到 %s（%s）%s %s：%s", m[1], day, week, m[4], m[5], zhtext.Err(m[6]))
		}},
		errPattern{Re: regexp.MustCompile(`^sequence (.+?)'s delay for it changed \((.+) → (.+)\)$`), Zh: func(m []string) string {
			return fmt.Sprintf("序列 %s 这一步的间隔从 %s 改成了 %s", m[1], zhDelay(m[2]), zhDelay(m[3]))
		}},
		errPattern{Re: regexp.MustCompile(`^sequence (.+?)'s delay for it is (.+)$`), Zh: func(m []string) string {
			return fmt.Sprintf("序列 %s 这一步的间隔是 %s", m[1], zhDelay(m[2]))
		}},
		// A follow-up its sequence's edit moved to other steps, or ended
		// (sequences/followup_plan.go realign, hold); "the task" is a call
		// step.
		errPattern{Re: regexp.MustCompile(`^sequence (.+?) changed under this follow-up: none of the steps it did \((.*)\) is in it any more, and it has no step (\d+)$`), Zh: func(m []string) string {
			return fmt.Sprintf("序列 %s 在这个跟进进行中被修改了：它做过的步骤（%s）都已不在序列中，序列也没有第 %s 步", m[1], zhSteps(m[2]), m[3])
		}},
		errPattern{Re: regexp.MustCompile(`^sequence (.+?) changed under this follow-up(?: after it did ([^;]+))?((?:; [^;]+)*)$`), Zh: func(m []string) string {
			out := fmt.Sprintf("序列 %s 在这个跟进进行中被修改了", m[1])
			if m[2] != "" {
				out += fmt.Sprintf("（它已做过 %s）", zhSteps(m[2]))
			}
			for _, part := range strings.Split(m[3], "; ")[1:] {
				out += "；" + zhRealigned(part)
			}
			return out
		}},
		// Skip refused on a follow-up its sequence's edit ended
		// (sequences/followup_manual.go Skip): why in Chinese.
		errPattern{Re: regexp.MustCompile(`^enrollment (\d+) is (\w+) since its sequence changed: nothing was skipped \((.+)\)$`), Zh: func(m []string) string {
			return fmt.Sprintf("跟进序列 %s 因序列被修改已是「%s」：没有跳过任何步骤（%s）。", m[1], zhtext.Status(m[2]), zhtext.Err(m[3]))
		}},
		errPattern{Re: regexp.MustCompile(`^the mail followed up was keepwarm's (greeting|letter), sent from Drafts: it is not followed up$`), Zh: func(m []string) string {
			return fmt.Sprintf("所跟进的邮件是 keepwarm 的%s（从草稿箱发出）：不跟进。", map[string]string{"greeting": "问候", "letter": "月度邮件"}[m[1]])
		}},
	)
}

// zhRegrade names a grade in a regrade reason: " A 级", "未分级".
func zhRegrade(g string) string {
	if g == "ungraded" {
		return "未分级"
	}
	return " " + g + " 级"
}

// zhTags names a customer's tag list in a reason: “vip,key”, or 无标签.
func zhTags(s string) string {
	if s == "none" {
		return "无标签"
	}
	if u, err := strconv.Unquote(s); err == nil {
		s = u
	}
	return "“" + s + "”"
}

// zhSteps writes the steps a reason names (template names, "the task" for
// a call step, "step 2 (offer)") in Chinese.
func zhSteps(s string) string {
	s = strings.ReplaceAll(s, "the task", "电话任务")
	s = stepNameRE.ReplaceAllString(s, "第 $1 步（$2）")
	return strings.ReplaceAll(s, ", ", "、")
}

var stepNameRE = regexp.MustCompile(`step (\d+) \(([^)]*)\)`)

var (
	passedRE = regexp.MustCompile(`^(.+) (?:comes|come) before what it did and (?:is|are) not done$`)
	goesOnRE = regexp.MustCompile(`^it goes on with step (\d+) \((.+)\)$`)
	// A step whose mail the follow-up queued before an edit that was
	// undone (sequences/followup_plan.go pastOlderMail).
	doneByRE = regexp.MustCompile(`^step (\d+) \((.+)\) is done by its mail queued before \(outbox (\d+)\)$`)
	// A call step whose task the follow-up made before such an edit.
	callDoneByRE = regexp.MustCompile(`^step (\d+) \((.+)\) is done by its call task made before \(task (\d+)\)$`)
	// A step a person skipped before such an edit (the same function):
	// a mail step's record is in the outbox, a call step's in the tasks.
	skippedByRE = regexp.MustCompile(`^step (\d+) \((.+)\) was skipped by (.+) before \((outbox|task) (\d+)\)$`)
)

// zhRealigned writes one part of a realigned follow-up's reason
// (sequences/followup_plan.go realign) in Chinese; a part it does not
// know stays as it is.
func zhRealigned(part string) string {
	if m := passedRE.FindStringSubmatch(part); m != nil {
		return zhSteps(m[1]) + "排在它做过的步骤之前，不再做"
	}
	if m := goesOnRE.FindStringSubmatch(part); m != nil {
		return fmt.Sprintf("接着做第 %s 步（%s）", m[1], zhSteps(m[2]))
	}
	if m := doneByRE.FindStringSubmatch(part); m != nil {
		return fmt.Sprintf("第 %s 步（%s）已由修改前排队的邮件完成（发件箱 %s）", m[1], zhSteps(m[2]), m[3])
	}
	if m := callDoneByRE.FindStringSubmatch(part); m != nil {
		return fmt.Sprintf("第 %s 步（%s）已由修改前建立的电话任务完成（任务 %s）", m[1], zhSteps(m[2]), m[3])
	}
	if m := skippedByRE.FindStringSubmatch(part); m != nil {
		where := "发件箱"
		if m[4] == "task" {
			where = "任务"
		}
		return fmt.Sprintf("第 %s 步（%s）此前已由 %s 跳过（%s %s）", m[1], zhSteps(m[2]), m[3], where, m[5])
	}
	if part == "no step of it is left to do" {
		return "序列中已没有要做的步骤"
	}
	return part
}

// zhDelay writes a sequence step's delay as a reason gives it ("3d", "5d
// business", a Go duration such as "36h0m0s") in Chinese: 3 天, 5 个工作日,
// 1 天 12 小时, and 0s as 0 天. One it cannot read stays as it is.
func zhDelay(s string) string {
	d, business := strings.CutSuffix(s, " business")
	if n, ok := strings.CutSuffix(d, "d"); ok {
		if _, err := strconv.Atoi(n); err == nil {
			if business {
				return n + " 个工作日"
			}
			return n + " 天"
		}
	}
	v, err := time.ParseDuration(d)
	if err != nil || v < 0 {
		return s
	}
	if v == 0 {
		// A step due at once ("0d" is kept as "0s").
		return "0 天"
	}
	var parts []string
	for _, u := range []struct {
		d    time.Duration
		name string
	}{{24 * time.Hour, "天"}, {time.Hour, "小时"}, {time.Minute, "分钟"}, {time.Second, "秒"}} {
		if n := v / u.d; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, u.name))
			v -= n * u.d
		}
	}
	out := strings.Join(parts, " ")
	if business {
		out += "（只算工作日）"
	}
	return out
}
