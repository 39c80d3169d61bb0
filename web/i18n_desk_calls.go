package web

// A call on the desk: the link to the conversation it follows up, in
// Chinese.
func init() { zh["the conversation"] = "相关会话" }
