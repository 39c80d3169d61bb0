package web

import (
	"fmt"
	"regexp"
	"strings"

	"keepwarm"
)

// ForecastWhat says what a forecast item does in the page's language:
// "email resend", "task: Phone the customer", "greeting christmas to
// hans@buyer.de" (the English the CLI prints).
func (l Lang) ForecastWhat(it ForecastItem) string {
	switch {
	case it.Kind == "email":
		s := l.T("email") + " " + it.Template
		switch it.Mode {
		case "draft":
			s += " " + l.T("(draft: filed for the salesperson to send)")
		case "dry-run":
			s += " " + l.T("(dry-run: not sent)")
		}
		return s
	case it.Kind == "task":
		return l.T("task") + ": " + l.T(it.Task)
	case (it.Kind == "greeting" || it.Kind == "letter") && it.To != "":
		return fmt.Sprintf(l.T("%s %s to %s"), l.T(it.Kind), it.Template, it.To)
	}
	return l.Err(it.What)
}

// ForecastRule says what placed a forecast item, in the page's language:
// a step's delay and what moved it, a greeting's occasion and day, a
// letter's month; then why it waits, if it does.
func (l Lang) ForecastRule(it ForecastItem) string {
	var s string
	switch {
	case it.Kind == "greeting" && it.OccasionDate != "":
		s = fmt.Sprintf(l.T("%s on %s, %s"), it.OccasionName, it.OccasionDate, l.sendRule(it.SendRule))
	case it.Kind == "letter" && it.Month != "":
		s = fmt.Sprintf(l.T("monthly letter %s"), it.Month)
	case it.Sequence != "":
		return l.stepRule(it.Rule)
	default:
		return l.Err(it.Rule)
	}
	if it.Note != "" {
		s += l.T("; ") + l.Err(it.Note)
	}
	return s
}

// daysBeforeRe matches a greeting's "3 days before" (sequences' sendRule),
// and "5 days before (3 days before is not a working day)" when the
// configured day fell on a weekend or holiday and it goes earlier.
var daysBeforeRe = regexp.MustCompile(`^(\d+) days? before(?: \((\d+) days? before is not a working day\))?$`)

// lateDayRe matches the rule of a greeting made up for on its occasion's
// day after the team's override moved the occasion earlier.
var lateDayRe = regexp.MustCompile(`^on the day: the calendar override moved it from (\S+) to (\S+), and its own send day, (\S+) \((.+)\), was over with nothing queued$`)

// sendRule says how a greeting's day follows from its occasion's, in the
// page's language.
func (l Lang) sendRule(rule string) string {
	if rule == "" {
		rule = "the customer's last working day before it"
	}
	// "...; not on 2027-12-01: Commemoration Day, a day of remembrance of
	// the fallen[, nor ...]": the days of mourning it stepped off.
	if base, days, ok := strings.Cut(rule, "; not on "); ok {
		out := l.sendRule(base)
		for i, d := range strings.Split(days, ", nor ") {
			date, rest, _ := strings.Cut(d, ": ")
			name, what, _ := strings.Cut(rest, ", a day of ")
			if i == 0 {
				out += fmt.Sprintf(l.T("; not on %s: %s, a day of %s"), date, name, l.T(what))
			} else {
				out += fmt.Sprintf(l.T(", nor %s: %s, a day of %s"), date, name, l.T(what))
			}
		}
		return out
	}
	// "on the day: the calendar override moved it from D1 to D2, and its
	// own send day, D3 (RULE), was over with nothing queued" (sequences'
	// lateDayRule): made up for on the occasion's own day.
	if m := lateDayRe.FindStringSubmatch(rule); m != nil {
		return fmt.Sprintf(l.T("on the day: the calendar override moved it from %s to %s, and its own send day, %s (%s), was over with nothing queued"),
			m[1], m[2], m[3], l.sendRule(m[4]))
	}
	if m := daysBeforeRe.FindStringSubmatch(rule); m != nil {
		if m[2] != "" {
			return fmt.Sprintf(l.T("%s days before (%s days before is not a working day)"), m[1], m[2])
		}
		return fmt.Sprintf(l.T("%s days before"), m[1])
	}
	return l.T(rule)
}

// stepRuleRe matches the rule the follow-up job gives a step's time
// (sequences.ruleWords): "3d after the mail followed up", "2d business
// days after the previous step", and what moved it after a "; ".
var stepRuleRe = regexp.MustCompile(`^(\S+)( business days)? after (the previous step|the mail followed up)(?:; (.+))?$`)

// zhStepMoved is what moved a step, in Chinese.
var zhStepMoved = map[string]string{
	"paused until then": "暂停到那时",
	"waits for the per-contact cap (at most a few automated mails a week)": "等每个联系人的自动邮件上限（每周最多几封）",
	"moved by the send window":        "因发送时段顺延",
	"moved by the holiday or weekend": "因节假日或周末顺延",
}

func (l Lang) stepRule(rule string) string {
	m := stepRuleRe.FindStringSubmatch(rule)
	if l.Code != "zh" || m == nil {
		return l.Err(rule)
	}
	from := map[string]string{"the previous step": "上一步", "the mail followed up": "被跟进的邮件"}[m[3]]
	s := fmt.Sprintf("%s之后 %s", from, m[1])
	if m[2] != "" {
		s += "（按工作日）"
	}
	if m[4] != "" {
		moved, ok := zhStepMoved[m[4]]
		if !ok {
			moved = l.Err(m[4])
		}
		s += "；" + moved
	}
	return strings.TrimSpace(s)
}

// MessageKind labels a message on a customer's page by what it is: "from
// us", "from the customer", or, for mail that is neither (an automatic
// reply, a bounce, a mail system's notice...), what it is, never "from the
// customer".
func (l Lang) MessageKind(k keepwarm.Kind) string {
	switch k {
	case keepwarm.KindOutbound:
		return "→ " + l.T("from us")
	case keepwarm.KindInbound:
		return "← " + l.T("from the customer")
	}
	if label, ok := messageKinds[k]; ok {
		return l.T(label)
	}
	return string(k)
}

// MessageLabel is MessageKind for m, naming a calendar's answer to a
// meeting invitation as one rather than as a mail system's notice.
func (l Lang) MessageLabel(m MessageView) string {
	if m.MeetingAnswer {
		return l.T("meeting answer from a calendar")
	}
	return l.MessageKind(m.Kind)
}

// messageKinds names the kinds of mail that are neither ours nor the
// customer's own words.
var messageKinds = map[keepwarm.Kind]string{
	keepwarm.KindInternal:    "between colleagues",
	keepwarm.KindAutoReply:   "automatic reply",
	keepwarm.KindLeftCompany: "notice: the sender left the company",
	keepwarm.KindBounce:      "bounce: the mail was not delivered",
	keepwarm.KindBulk:        "newsletter or list mail",
	keepwarm.KindNotice:      "mail system notice",
}
