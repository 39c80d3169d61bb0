package web

import "strings"

// The words a template or letter save's audit line is made of besides
// the text's own lines ("line 12: USD 4.20"), stored in English.
const (
	AuditBuiltIn     = "built-in"
	AuditTeamCopy    = "the team's own copy"
	AuditSameText    = "same text"
	AuditSpacingOnly = "only spaces or line endings changed"
)

var zhAuditWords = map[string]string{
	AuditBuiltIn:     "内置模板",
	AuditTeamCopy:    "团队自己的副本",
	AuditSameText:    "文字相同",
	AuditSpacingOnly: "只改了空格或换行",
}

// auditText is a template or letter save's audit value in Chinese where
// keepwarm wrote its words ("built-in, line 3: …"); the text's own lines
// stay as they are.
func auditText(action, s string) (string, bool) {
	if action != "template.save" && action != "letter.save" {
		return s, false
	}
	if zh, ok := zhAuditWords[s]; ok {
		return zh, true
	}
	for _, w := range []string{AuditBuiltIn, AuditTeamCopy} {
		if rest, ok := strings.CutPrefix(s, w+", "); ok {
			if zh, ok := zhAuditWords[rest]; ok {
				rest = zh
			}
			return zhAuditWords[w] + "，" + rest, true
		}
	}
	return s, true
}
