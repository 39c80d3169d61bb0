package web

import "keepwarm/zhtext"

// The sequence file's refusals of opt-out wording, step delays and tags
// (sequences/defs.go, defs_load.go), in Chinese.
func init() {
	zhtext.Add(
		pat(`an empty list turns off opt-out detection: remove the key to keep the built-in words, or use extra_opt_out_words to add to them`,
			"空列表会关闭退订识别：删除这个键即可保留内置词语，或用 extra_opt_out_words 追加词语。"),
		pat(`an empty word: remove it`, "空词语：请删除。"),
		pat(`"(.*)" is too short: a word this short is in ordinary mail too and would block buyers for good; write the whole phrase, e.g. "unsubscribe" or "remove me from"`,
			"「%s」太短：这么短的词在普通邮件里也会出现，会把买家永久屏蔽；请写完整的短语，如 \"unsubscribe\" 或 \"remove me from\"。"),
		pat(`"(.*)" sends right after the previous step: use at least "1d"`, "「%s」会紧接着上一步发送：至少用 \"1d\"。"),
		pat(`"(.*)" sends right after the mail followed up: use at least "1d"`, "「%s」会紧接着被跟进的邮件发送：至少用 \"1d\"。"),
		pat(`tag "(.*)" is claimed by both "(.*)" and "(.*)": keep it in one`, "标签「%s」同时属于「%s」和「%s」：只能留在一个序列里。"),
		pat(`template "(.*)" \((.*)\) writes a reply's subject \("(.*)"\) but the step starts a new thread: set in_thread = true, or give it a template with a subject of its own`,
			"模板「%s」（%s）写的是回复的主题（「%s」），但这一步会开一个新的邮件线程：请设 in_thread = true，或换一个有自己主题的模板。"),
	)
}
