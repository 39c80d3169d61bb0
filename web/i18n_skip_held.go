package web

// The question asked before skipping a queued step whose follow-up was
// stopped, paused or failed since, in Chinese.
func init() {
	for k, v := range map[string]string{
		"Its follow-up ended since the step was queued (%s): the step does not go out anyway. Skip only records it as skipped, and cannot be undone.":                                                                                                                            "这一步排队后，它的跟进已经结束（%s）：这一步本来就不会发出。跳过只是把它记为已跳过，无法撤销。",
		"Its follow-up was stopped since the step was queued: the step does not go out anyway. Skip only records it as skipped, and cannot be undone.":                                                                                                                           "这一步排队后，它的跟进已经停止：这一步本来就不会发出。跳过只是把它记为已跳过，无法撤销。",
		"Its follow-up is paused: the step is held, and goes when the follow-up is resumed. Skipped, it never goes, and after Resume the follow-up goes on with step %d, which may read as if this one had gone. Skip cannot be undone.":                                         "它的跟进已暂停：这一步被暂缓，跟进恢复后才会发出。跳过的话，它永远不会发出，恢复后跟进直接继续第 %d 步，那一步的内容可能写得好像这一步已经发过。跳过无法撤销。",
		"Its follow-up failed (%s): the step is held, and goes when the follow-up is resumed. Skipped, this mail never goes, and when the follow-up is resumed step %d is written again and sent then; to send nothing more, stop the follow-up instead. Skip cannot be undone.": "它的跟进已失败（%s）：这一步被暂缓，跟进恢复后才会发出。跳过的话，这封邮件永远不会发出，跟进恢复时会重新撰写第 %d 步并在那时发出；如果不想再发任何邮件，请改为停止跟进。跳过无法撤销。",
		"Its follow-up is paused until %s: the step is held, and goes by itself when the pause is over. Skipped, it never goes, and from %s the follow-up goes on with step %d, which may read as if this one had gone. Skip cannot be undone.":                                  "它的跟进暂停到 %s：这一步被暂缓，暂停结束后会自动发出。跳过的话，它永远不会发出，从 %s 起跟进直接继续第 %d 步，那一步的内容可能写得好像这一步已经发过。跳过无法撤销。",
	} {
		zh[k] = v
	}
}
