package web

// A queued follow-up mail whose step an edit of the sequence replaced or
// removed since (the send's last look does not send it): the desk's tag
// and the question asked before skipping it, in Chinese.
func init() {
	zh["replaced by an edit: not sent"] = "已被序列修改取代：不发送"
	zh["An edit of its sequence replaced or removed this step since it was queued: it is not sent anyway, and the follow-up goes on with the step now in the plan. Skip only records it as skipped, and cannot be undone."] =
		"这一步排队后，序列被修改，这一步已被替换或删除：它本来就不会发出，跟进会继续现在计划中的那一步。跳过只是把它记为已跳过，无法撤销。"
}
